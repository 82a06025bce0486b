//! One good and one bad fixture per rule, each checked together with the shipped data: the bad
//! one must produce the rule's code at a place in the fixture file, the good one must not produce
//! it, and neither the good one nor the shipped data may produce any error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::PathBuf;

use accsm::diag::{Code, Severity};

fn fixture_dir() -> PathBuf {
    common::root().join("tests/fixtures/rules")
}

fn check(file: &str, code_dir: &str) -> accsm::load::Loaded {
    let root = common::root();
    accsm::check::check_paths(&[
        root.join("data"),
        fixture_dir().join("plan.toml"),
        fixture_dir().join(code_dir).join(file),
    ])
}

/// Codes tested elsewhere because they need a file system set-up (see tests/cli.rs, and
/// tests/hostile.rs for symbolic links that lead out of the repository).
const TESTED_BY_CLI: &[Code] = &[Code::Io, Code::NoData, Code::OutsideRepository];

#[test]
fn every_rule_has_a_good_and_a_bad_fixture() {
    for code in Code::ALL {
        if TESTED_BY_CLI.contains(code) {
            continue;
        }
        let dir = fixture_dir().join(code.as_str());
        assert!(
            dir.join("bad.toml").is_file(),
            "no bad fixture for {}",
            code.as_str()
        );
        assert!(
            dir.join("good.toml").is_file(),
            "no good fixture for {}",
            code.as_str()
        );
    }
}

#[test]
fn bad_fixtures_show_their_rule_in_the_fixture_file() {
    for code in Code::ALL.iter().filter(|c| !TESTED_BY_CLI.contains(c)) {
        let loaded = check("bad.toml", code.as_str());
        let hits = in_fixture(&loaded, *code);
        assert!(
            !hits.is_empty(),
            "bad.toml of {} does not produce it; found {:?}",
            code.as_str(),
            loaded
                .diagnostics
                .iter()
                .map(|d| d.code.as_str())
                .collect::<Vec<_>>()
        );
        assert!(hits.iter().all(|m| !m.is_empty()));
    }
}

/// Messages of the findings of `code` located in the fixture file (not in the shipped data).
fn in_fixture(loaded: &accsm::load::Loaded, code: Code) -> Vec<String> {
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .filter(|d| {
            let path = match (d.span, &d.path) {
                (Some(span), _) => loaded.sources.path(span.file).to_path_buf(),
                (None, Some(path)) => path.clone(),
                (None, None) => PathBuf::new(),
            };
            path.starts_with("tests/fixtures/rules")
                || path.to_string_lossy().contains("fixtures/rules/")
        })
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn good_fixtures_are_clean_of_their_rule_and_of_errors() {
    for code in Code::ALL.iter().filter(|c| !TESTED_BY_CLI.contains(c)) {
        let loaded = check("good.toml", code.as_str());
        let own = in_fixture(&loaded, *code);
        assert!(own.is_empty(), "good.toml of {}: {own:?}", code.as_str());
        let errors: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.code.as_str(), d.message))
            .collect();
        assert!(
            errors.is_empty(),
            "good.toml of {}: {errors:?}",
            code.as_str()
        );
    }
}

fn messages(code_dir: &str, code: Code) -> Vec<(String, Option<String>)> {
    let loaded = check("bad.toml", code_dir);
    let fixture = loaded
        .sources
        .paths()
        .find(|(_, path)| path.ends_with(format!("{code_dir}/bad.toml")))
        .map(|(id, _)| id);
    loaded
        .diagnostics
        .into_iter()
        .filter(|d| d.code == code && d.span.map(|s| s.file) == fixture)
        .map(|d| (d.message, d.help))
        .collect()
}

#[test]
fn near_miss_spellings_get_a_specific_message_and_the_fix() {
    let found = messages("misspelled-reference", Code::MisspelledReference);
    let expect = [
        ("`A . 2` has spaces around a full stop", "write `A.2`"),
        ("`E.2.` ends with a full stop", "write `E.2`"),
        (
            "`A.2 V` has a space where a full stop belongs and is in the wrong case",
            "write `A.2.v`",
        ),
        ("`E.2.iv.` ends with a full stop", "write `E.2.iv`"),
        (
            "`lii` has the letter l where the roman numeral i belongs",
            "write `III`",
        ),
        (
            "`I\u{200b}DN` has an invisible character in it (a zero-width space, U+200B, after `I`)",
            "delete the value and type `IDN` again; the invisible character goes with it",
        ),
    ];
    for (message, help) in expect {
        assert!(
            found
                .iter()
                .any(|(m, h)| m == message && h.as_deref() == Some(help)),
            "missing {message:?} / {help:?} in {found:?}"
        );
    }
}

#[test]
fn unknown_references_suggest_the_closest_id() {
    let found = messages("unknown-reference", Code::UnknownReference);
    let helps: Vec<_> = found.iter().filter_map(|(_, h)| h.clone()).collect();
    assert!(
        helps.contains(&"did you mean `E.1.vii`?".to_string()),
        "{helps:?}"
    );
    assert!(
        helps.contains(&"did you mean `IDN` (Indonesia)?".to_string()),
        "{helps:?}"
    );
    let invisible = (
        "there is no plan `test-2021-2025\u{200b}`: the id has an invisible character in it \
         (a zero-width space, U+200B, after `test-2021-2025`)"
            .to_string(),
        Some(
            "delete the value and type `test-2021-2025` again; the invisible character goes with it"
                .to_string(),
        ),
    );
    assert!(found.contains(&invisible), "{found:?}");
}

#[test]
fn misplaced_references_name_the_right_field() {
    let found = messages("misplaced-reference", Code::MisplacedReference);
    let text: Vec<String> = found
        .iter()
        .map(|(m, h)| format!("{m} | {}", h.clone().unwrap_or_default()))
        .collect();
    assert!(
        text.iter().any(|t| t
            .starts_with("`A.2.2` is an APSC Blueprint action line, not a key result area (KRA)")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains("`A.2.2.iii` belongs in `apsc_lines`")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("`PA 1` is an ACCSM priority area, not a declaration")),
        "{text:?}"
    );
}

#[test]
fn wrong_types_are_all_reported_in_one_run() {
    let found = messages("wrong-type", Code::WrongType);
    assert_eq!(found.len(), 4, "{found:?}");
}

/// A closed set (a KPI's rollup and survey kinds, a return's round, a country's kind) is read
/// once, where the file is read: a typo is a finding with the allowed names, where it once fell
/// back silently (a mistyped rollup was taken as per-AMS).
#[test]
fn closed_sets_name_their_values_and_the_closest_one() {
    let found = messages("bad-value", Code::BadValue);
    let expect = [
        (
            "`summ` is not a valid `rollup`",
            "did you mean `sum`? (one of: count-yes, per-ams, sum)",
        ),
        (
            "`third party` is not a valid `sources`",
            "did you mean `third-party`? (one of: internal, third-party)",
        ),
        (
            "`midterm` is not a valid `round`",
            "did you mean `mid-term`? (one of: baseline, mid-term, annual, target)",
        ),
        (
            "`member` is not a valid `kind`",
            "use one of: ams, plus-three, dialogue-partner, observer",
        ),
    ];
    for (message, help) in expect {
        assert!(
            found
                .iter()
                .any(|(m, h)| m == message && h.as_deref() == Some(help)),
            "missing {message:?} / {help:?} in {found:?}"
        );
    }
}

/// Sums of numbers from the files are checked: one too large to make is a finding in words,
/// where a debug build stopped and a release build wrapped round to a negative number.
#[test]
fn numbers_too_large_to_add_up_are_findings() {
    let found = messages("answer-out-of-range", Code::AnswerOutOfRange);
    let expect = [
        (
            "the counts by level are too large to add up: accsm works with whole numbers up to 9223372036854775807",
            "check each count; one of them is far larger than it can be",
        ),
        (
            "female (9223372036854775807) and male (1) are too large to add up: accsm works with whole numbers up to 9223372036854775807",
            "check both numbers; the gender breakdown should sum to the total",
        ),
        (
            "the participants by country are too large to add up: accsm works with whole numbers up to 9223372036854775807",
            "check each number; the country breakdown should sum to the total",
        ),
    ];
    for (message, help) in expect {
        assert!(
            found
                .iter()
                .any(|(m, h)| m == message && h.as_deref() == Some(help)),
            "missing {message:?} / {help:?} in {found:?}"
        );
    }
}

/// The AMS a finding offers come from the country list, not from a list written into accsm: an
/// AMS added to the reference data is offered at once.
#[test]
fn the_ams_offered_are_those_of_the_country_list() {
    let found = messages("arc-not-ams", Code::ArcNotAms);
    let help = "use the id of one of the eleven AMS (BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM)";
    assert!(
        found.iter().any(|(_, h)| h.as_deref() == Some(help)),
        "{found:?}"
    );
    let found = messages("return-not-ams", Code::ReturnNotAms);
    let help = "use the id of one of the ten AMS (BRN KHM IDN LAO MYS MMR PHL SGP THA VNM)";
    assert!(
        found.iter().any(|(_, h)| h.as_deref() == Some(help)),
        "{found:?}"
    );
}

/// Suggestions that name the real mistake: Arabic numerals for a Roman-numbered declaration, a
/// space inside an id that has no full stop, an ISO two-letter country code.
#[test]
fn near_misses_of_each_kind_get_their_own_message() {
    let found = messages("misspelled-reference", Code::MisspelledReference);
    let expect = [
        (
            "`4` is written in Arabic numerals; declarations are numbered in Roman numerals",
            "write `IV`",
        ),
        (
            "`PA 1` has a space that does not belong in it",
            "write `PA1`",
        ),
    ];
    for (message, help) in expect {
        assert!(
            found
                .iter()
                .any(|(m, h)| m == message && h.as_deref() == Some(help)),
            "missing {message:?} / {help:?} in {found:?}"
        );
    }
    let found = messages("unknown-reference", Code::UnknownReference);
    let alpha2 = (
        "`PH` is a two-letter country code; accsm uses the three-letter codes (ISO 3166 alpha-3)"
            .to_string(),
        Some("write `PHL` (Philippines)".to_string()),
    );
    assert!(found.contains(&alpha2), "{found:?}");
}

/// Empty values say "is empty" (not "`` is not …"), and a programme number below 1 is a finding.
#[test]
fn empty_values_and_numbers_below_one_are_named() {
    let found: Vec<String> = messages("empty-value", Code::EmptyValue)
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    assert_eq!(
        found,
        [
            "`title` is empty",
            "an entry of `areas` is empty",
            "`timeline` is empty",
            "`status` is empty"
        ]
    );
    let found: Vec<String> = messages("bad-value", Code::BadValue)
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    assert!(
        found.contains(&"`0` is not a programme number: they start at 1".to_string()),
        "{found:?}"
    );
    assert!(
        found.contains(&"`-1` is not a programme number: they start at 1".to_string()),
        "{found:?}"
    );
}

/// A printed organisation the list lacks says so where it is printed: a near miss gets the
/// closest listed name, another case the listed spelling (the only certain fix), and one with
/// nothing close the record to add.
#[test]
fn unknown_partner_organisations_say_what_to_do() {
    let found = messages(
        "unknown-partner-organisation",
        Code::UnknownPartnerOrganisation,
    );
    let add = "add a `[[partner_organisation]]` for it to \
               data/reference/partner-organisations.toml, with `name` as printed here";
    let expect = [
        (
            "`Avisionaday Compny` is not in the partner-organisation list".to_string(),
            format!("did you mean `Avisionaday Company`? If this is another organisation, {add}"),
        ),
        (
            "`avisionaday company` is written `Avisionaday Company` in the partner-organisation \
             list"
                .to_string(),
            "write `Avisionaday Company`".to_string(),
        ),
        (
            "`United Nations Development Programme` is not in the partner-organisation list"
                .to_string(),
            add.to_string(),
        ),
    ];
    assert_eq!(found.len(), expect.len(), "{found:?}");
    for (message, help) in expect {
        assert!(
            found
                .iter()
                .any(|(m, h)| *m == message && h.as_deref() == Some(help.as_str())),
            "missing {message:?} / {help:?} in {found:?}"
        );
    }
}

/// An alias another plan answers to names the other plan and says what `--plan` would do; an
/// alias that repeats its own plan's name is none of this.
#[test]
fn ambiguous_plan_aliases_name_the_other_plan() {
    let found: Vec<String> = messages("ambiguous-plan-alias", Code::AmbiguousPlanAlias)
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    assert_eq!(
        found,
        [
            "the alias `APT` of `test-aliases-2021-2025` is also an alias of the plan \
             `accsm-plus-three-2021-2025`",
            "the alias ` accsm ` of `test-aliases-2021-2025` is also the label of the plan \
             `accsm-2021-2025`",
            "the alias `Test-2021-2025` of `test-aliases-2021-2025` is also the id of the plan \
             `test-2021-2025`",
        ]
    );
}

#[test]
fn an_update_names_its_programme_and_dates_in_its_messages() {
    let found = messages("unknown-currency", Code::UnknownCurrency);
    assert!(
        found
            .iter()
            .any(|(m, h)| m == "`USDD` is not a known currency code"
                && h.as_deref() == Some("did you mean `USD`?")),
        "{found:?}"
    );
    let back = messages("status-goes-back", Code::StatusGoesBack);
    assert_eq!(
        back.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>(),
        ["test-2021-2025/1 goes back from completed (2022-08) to ongoing (2023-08) without a note"]
    );
    let overdue = messages("programme-overdue", Code::ProgrammeOverdue);
    assert!(
        overdue.iter().any(|(m, _)| m
            == "test-2021-2025/1 is overdue: its timeline ended in 2022 and its latest status is \
                still planned (update of 2021-11)"),
        "{overdue:?}"
    );
    let unknown = messages("update-unknown-programme", Code::UpdateUnknownProgramme);
    assert!(
        unknown.iter().any(|(m, h)| m == "the plan test-2021-2025 has no programme 2"
            && h.as_deref()
                == Some("the programmes of test-2021-2025 are numbered 1 to 1; `accsm list --plan test-2021-2025` lists them")),
        "{unknown:?}"
    );
}
