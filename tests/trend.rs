//! KPI returns and `accsm trend`, checked programmatically: every answer kind against every status
//! it can take, answers in different forms never compared, each year's figure from its own
//! return unless a revision is declared, the closest-year baseline, surveys compared only in
//! kind and scale, and the regional roll-up. The `trend`, `--explain`, `returns` and
//! `new return` outputs are trycmd cases in `tests/cmd/`; the template in `tests/new_return.rs`;
//! random returns in `tests/trend_properties.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeMap;

use accsm::diag::{Code, Severity};
use accsm::load::Loaded;
use accsm::trend::{Role, Trend, TrendStatus, Window, trend_of};
use common::{accsm, root, stderr, stdout, temp_dir};

/// Loads the real KPI framework and plans plus one return of IDN per entry (year, the TOML of
/// its answers, each under its own `[return.answers."…"]`).
fn load(returns: &[(i64, String)]) -> (Loaded, tempfile::TempDir) {
    let temp = temp_dir("accsm-trend-");
    for (year, body) in returns {
        let text = format!(
            "[return]\nplan = \"accsm-2021-2025\"\ncountry = \"IDN\"\nyear = {year}\n\n{body}\n"
        );
        std::fs::write(temp.path().join(format!("{year}.toml")), text).unwrap();
    }
    let loaded = accsm::check::check_paths(&[root().join("data"), temp.path().to_path_buf()]);
    (loaded, temp)
}

/// The TOML of one answer.
fn answer(kpi: &str, body: &str) -> String {
    format!("[return.answers.\"{kpi}\"]\n{body}\n")
}

/// The findings at error level, as `code: message`.
fn errors(loaded: &Loaded) -> Vec<String> {
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {}", d.code.as_str(), d.message))
        .collect()
}

/// The trend of `kpi` for IDN under the plan's own window (baseline 2021, a year either side).
fn trend(loaded: &Loaded, kpi: &str) -> Trend {
    let data = &loaded.dataset;
    let plan = data.plan("accsm-2021-2025").unwrap();
    let k = data.kpis.iter().find(|k| k.id.value == kpi).unwrap();
    let returns: BTreeMap<i64, &accsm::model::Return> =
        data.returns.iter().map(|r| (r.year.value, r)).collect();
    let window = Window::of_plan(plan);
    trend_of(k, ("IDN", "Indonesia"), &returns, window, &loaded.sources)
}

/// The status and reason of `kpi` from answers that validate without errors.
fn status_of(kpi: &str, answers: &[(i64, &str)]) -> (TrendStatus, String) {
    let returns: Vec<(i64, String)> = answers.iter().map(|(y, b)| (*y, answer(kpi, b))).collect();
    let (loaded, _temp) = load(&returns);
    assert!(
        errors(&loaded).is_empty(),
        "{kpi} {answers:?}: {:?}",
        errors(&loaded)
    );
    let t = trend(&loaded, kpi);
    (t.status, t.reason)
}

use TrendStatus::*;

/// A KPI, its answers by year, and the status they must give.
type Case = (&'static str, &'static [(i64, &'static str)], TrendStatus);

const SURVEY_70: &str = "internal = { rate = 70.0, scale = \"0-100\", year = 2021 }";

/// Every answer kind against every status it can take.
#[rustfmt::skip]
const CASES: &[Case] = &[
    ("A.1", &[(2021, "yes = false"), (2025, "yes = true")], Increasing),
    ("A.1", &[(2021, "yes = true"), (2025, "yes = true")], Sustained),
    ("A.1", &[(2021, "yes = false"), (2025, "yes = false")], Unchanged),
    ("A.1", &[(2021, "yes = true"), (2024, "yes = false")], Decreasing),
    ("A.1", &[(2023, "yes = true")], NoBaseline),
    ("A.1", &[(2021, "yes = true")], NoLaterData),
    ("A.1", &[(2021, "narrative = \"being drafted\""), (2025, "yes = true")], QualitativeOnly),
    ("D.1", &[(2021, "yes = [true, false]"), (2025, "yes = [true, true]")], Increasing),
    ("D.1", &[(2021, "yes = [true, true]"), (2025, "yes = [true, true]")], Sustained),
    // count with a total: compared as a percentage
    ("A.1.1", &[(2021, "count = 30\ntotal = 100"), (2025, "count = 40\ntotal = 200")], Decreasing),
    ("A.1.1", &[(2021, "count = 30\ntotal = 100"), (2025, "count = 60\ntotal = 150")], Increasing),
    ("A.1.1", &[(2021, "count = 100\ntotal = 100"), (2025, "count = 120\ntotal = 120")], Sustained),
    ("A.1.1", &[(2021, "count = 30\ntotal = 100"), (2025, "count = 30\ntotal = 100")], Unchanged),
    // a percentage where the template allows one, against a percentage
    ("A.1.1", &[(2021, "percent = 40.0"), (2025, "percent = 55.5")], Increasing),
    ("A.1.1", &[(2021, "count = 40\ntotal = 100"), (2025, "percent = 40.0")], Unchanged),
    ("B.1.1", &[(2021, "percent = 100.0"), (2025, "percent = 100.0")], Sustained),
    ("B.1.1", &[(2021, "percent = 40.0"), (2025, "percent = 20.0")], Decreasing),
    // count without a total; by levels
    ("E.1", &[(2021, "count = 6"), (2023, "count = 9")], Increasing),
    ("E.1", &[(2021, "count = 6"), (2023, "count = 6")], Unchanged),
    ("E.1", &[(2021, "count = 6"), (2023, "count = 2")], Decreasing),
    ("E.1", &[(2021, "count = 6"), (2023, "narrative = \"under review\"")], QualitativeOnly),
    ("B.2", &[(2021, "levels = { national = 2, provincial = 5 }"), (2025, "levels = { national = 3, provincial = 5 }")], Increasing),
    ("E.2.1", &[(2021, "count = 4"), (2025, "count = 7")], Increasing),
    // rating, a later period against the baseline's, on the same form
    ("D.1.1", &[(2021, "ratings = { \"2020-2022\" = 3 }"), (2025, "ratings = { \"2020-2022\" = 3, \"2023-2025\" = 4 }")], Increasing),
    ("D.1.1", &[(2021, "ratings = { \"2020-2022\" = 5 }"), (2025, "ratings = { \"2020-2022\" = 5, \"2023-2025\" = 5 }")], Sustained),
    ("D.1.1", &[(2021, "ratings = { \"2020-2022\" = 4 }"), (2025, "ratings = { \"2023-2025\" = 4 }")], Unchanged),
    ("D.1.1", &[(2021, "ratings = { \"2020-2022\" = 4 }"), (2025, "ratings = { \"2023-2025\" = 2 }")], Decreasing),
    ("D.1.1", &[(2021, "ratings = { \"2020-2022\" = 4 }"), (2025, "ratings = { \"2020-2022\" = 5 }")], NoLaterData),
    ("D.1.1", &[(2021, "ratings = { \"2020-2022\" = 4 }"), (2025, "impact_ratings = { \"2023-2025\" = 5 }")], NotComparable),
    // count per year, first year against last
    ("D.2", &[(2021, "per_year = { 2020 = 2, 2021 = 3 }"), (2025, "per_year = { 2024 = 4, 2025 = 5 }")], Increasing),
    ("D.2", &[(2021, "per_year = { 2021 = 3 }"), (2025, "per_year = { 2025 = 3 }")], Unchanged),
    ("D.2", &[(2021, "per_year = { 2021 = 3 }"), (2025, "per_year = { 2025 = 1 }")], Decreasing),
    ("D.2", &[(2023, "per_year = { 2023 = 3 }")], NoBaseline),
    ("D.2", &[(2021, "per_year = { 2021 = 3 }")], NoLaterData),
    // participants
    ("D.2.1", &[(2021, "projects = [{ title = \"a\", total = 20, female = 10, male = 10 }]"), (2025, "projects = [{ title = \"b\", total = 30 }]")], Increasing),
    ("D.2.1", &[(2021, "projects = [{ title = \"a\", total = 20 }]"), (2025, "projects = [{ title = \"b\", total = 12 }, { title = \"c\", total = 8 }]")], Unchanged),
    ("D.2.1", &[(2021, "projects = [{ title = \"a\", total = 20 }]"), (2025, "projects = [{ title = \"b\", total = 10 }]")], Decreasing),
    // survey: the same kind on the same scale, a later survey
    ("E.3", &[(2021, SURVEY_70), (2025, "internal = { rate = 75.0, scale = \"0-100\", year = 2025 }")], Increasing),
    ("E.3", &[(2021, "third_party = { rate = 70.0, scale = \"0-100\" }"), (2025, "third_party = { rate = 70.0, scale = \"0-100\" }")], Unchanged),
    ("E.3", &[(2021, "third_party = { rate = 5.0, scale = \"1-5\" }"), (2025, "third_party = { rate = 5.0, scale = \"1-5\" }")], Sustained),
    ("E.3", &[(2021, "third_party = { rate = 70.0, scale = \"0-100\" }"), (2025, "third_party = { rate = 60.0, scale = \"0-100\" }")], Decreasing),
    ("E.3", &[(2021, SURVEY_70), (2025, "third_party = { rate = 80.0, scale = \"0-100\" }")], NotComparable),
    ("E.3", &[(2021, SURVEY_70), (2025, "internal = { rate = 4.0, scale = \"1-5\" }")], NotComparable),
    ("E.3", &[(2021, SURVEY_70), (2025, "internal = { rate = 80.0, scale = \"0-100\", year = 2021 }")], NoLaterData),
    // both kinds at the baseline, one later: that one is compared
    ("E.3", &[(2021, "internal = { rate = 70.0, scale = \"0-100\" }\nthird_party = { rate = 60.0, scale = \"0-100\" }"), (2025, "internal = { rate = 65.0, scale = \"0-100\" }")], Decreasing),
];

#[test]
fn every_answer_kind_against_every_status() {
    for (kpi, answers, expected) in CASES {
        let (status, reason) = status_of(kpi, answers);
        assert_eq!(status, *expected, "{kpi} {answers:?}: {reason}");
        assert!(!reason.is_empty());
    }
}

#[test]
fn no_baseline_and_no_later_data_say_why_in_words() {
    assert_eq!(
        status_of("A.1", &[(2023, "yes = true")]).1,
        "no return for 2021; no year within 1 year of it gives a figure either"
    );
    assert_eq!(
        status_of("A.1", &[(2021, "yes = true")]).1,
        "no return from 2022 to 2025 answers A.1"
    );
    // Was "no return from 2025 to 2025".
    let (loaded, _t) = load(&[(2024, answer("A.1", "yes = true"))]);
    let data = &loaded.dataset;
    let k = data.kpis.iter().find(|k| k.id.value == "A.1").unwrap();
    let returns = data.returns.iter().map(|r| (r.year.value, r)).collect();
    let t = trend_of(
        k,
        ("IDN", "Indonesia"),
        &returns,
        Window::years(2024, 2025),
        &loaded.sources,
    );
    assert_eq!(t.reason, "no return for 2025 answers A.1");
}

/// Was "increasing — up from 38% (2021) to 50": a count read after a percentage.
#[test]
fn answers_in_different_forms_are_not_compared_and_the_reason_says_so() {
    let (status, reason) = status_of("A.1.1", &[(2021, "percent = 38.0"), (2025, "count = 50")]);
    assert_eq!(status, NotComparable, "{reason}");
    assert_eq!(
        reason,
        "the baseline (2021) is a percentage (38%) and the latest answer (2025) is a count (50): \
         answers in different forms are not compared"
    );
    // A form the KPI does not take is an error, never a trend input: E.2.1 asks for the number.
    let (loaded, _t) = load(&[
        (2021, answer("E.2.1", "percent = 38.0")),
        (2025, answer("E.2.1", "count = 50")),
    ]);
    assert_eq!(
        errors(&loaded),
        ["answer-kind-mismatch: KPI `E.2.1` is answered as percentage, but it asks for count"]
    );
    assert_eq!(trend(&loaded, "E.2.1").status, NoBaseline);
}

/// The 2022 return's zeros (the old template's placeholders for 2020-2025) supplied the
/// baseline and the "latest 2025" figure.
#[test]
fn a_years_figure_comes_from_its_own_return_unless_a_revision_is_declared() {
    let d2 = |body: &str| answer("D.2", body);
    let placeholders = "per_year = { 2020 = 0, 2021 = 0, 2022 = 0, 2023 = 0, 2024 = 0, 2025 = 0 }";
    let (loaded, _t) = load(&[
        (2021, d2("per_year = { 2020 = 2, 2021 = 1 }")),
        (2022, d2(placeholders)),
        (2024, d2("per_year = { 2024 = 3 }")),
    ]);
    let mut found = errors(&loaded);
    found.sort();
    assert_eq!(
        found,
        [
            "answer-year-out-of-range: the 2022 return gives a figure for 2023, a year after its own",
            "answer-year-out-of-range: the 2022 return gives a figure for 2024, a year after its own",
            "answer-year-out-of-range: the 2022 return gives a figure for 2025, a year after its own",
            "undeclared-revision: the 2022 return gives 0 for 2020, but the 2021 return gives 2; the 2021 return's figure is used",
            "undeclared-revision: the 2022 return gives 0 for 2021, but the 2021 return gives 1; the 2021 return's figure is used",
        ]
    );
    let t = trend(&loaded, "D.2");
    assert_eq!(t.series, [(2020, 2), (2021, 1), (2022, 0), (2024, 3)]);
    assert_eq!(
        (
            t.baseline.as_ref().unwrap().year,
            t.latest.as_ref().unwrap().year
        ),
        (2021, 2024)
    );
    assert_eq!(t.status, Increasing);

    // Declared, a later return's figure revises the earlier one, and --explain says which.
    let (loaded, _t) = load(&[
        (2021, d2("per_year = { 2020 = 2, 2021 = 1 }")),
        (2022, d2("per_year = { 2022 = 5 }\nrevises = { 2021 = 4 }")),
    ]);
    assert!(errors(&loaded).is_empty(), "{:?}", errors(&loaded));
    let t = trend(&loaded, "D.2");
    assert_eq!(t.series, [(2020, 2), (2021, 4), (2022, 5)]);
    let base = t.inputs.iter().find(|i| i.role == Role::Baseline).unwrap();
    assert_eq!(base.note.as_deref(), Some("revised by the 2022 return"));
    assert!(base.source.ends_with("2022.toml:8"), "{}", base.source);
    let explained = accsm::trend::explain(std::slice::from_ref(&t));
    assert!(
        explained.contains("  baseline  2021 = 4   ["),
        "{explained}"
    );
}

#[test]
fn years_outside_the_plan_or_after_the_return_are_errors() {
    let (loaded, _t) = load(&[
        (
            2022,
            answer(
                "D.2",
                "per_year = { 2031 = 4, 2022 = 1 }\nrevises = { 2022 = 2, 2019 = 1 }",
            ),
        ),
        (2021, answer("D.1.1", "ratings = { \"2023-2025\" = 4 }")),
    ]);
    let mut found = errors(&loaded);
    found.sort();
    assert_eq!(
        found,
        [
            "answer-year-out-of-range: 2019 lies outside the reporting years of `accsm-2021-2025` (2020-2025)",
            "answer-year-out-of-range: 2031 lies outside the reporting years of `accsm-2021-2025` (2020-2025)",
            "answer-year-out-of-range: a return revises only the figures of earlier years; 2022 is not before 2022",
            "answer-year-out-of-range: the 2021 return rates the period 2023-2025, which begins after its year",
        ]
    );
}

/// `internal = { rate = 120.0, scale = "0-100", year = 2035 }` validated clean, and an empty
/// scale printed "0 on  (internal)".
#[test]
fn survey_answers_are_checked_against_their_scale_and_year() {
    let e3 = |body: &str| answer("E.3", body);
    let (loaded, _t) = load(&[
        (
            2021,
            e3("internal = { rate = 120.0, scale = \"0-100\", year = 2035 }"),
        ),
        (
            2022,
            e3("internal = { rate = 0.0, scale = \"\", year = 2022 }"),
        ),
        (
            2023,
            e3("third_party = { rate = 7.0, scale = \"out of ten\", year = 2024 }"),
        ),
        (2024, e3("third_party = { rate = 7.0, year = 2024 }")),
    ]);
    let mut found = errors(&loaded);
    found.sort();
    assert_eq!(
        found,
        [
            "answer-out-of-range: a rate of 120 lies outside the survey's scale, 0-100",
            "answer-year-out-of-range: 2035 lies outside the reporting years of `accsm-2021-2025` (2020-2025)",
            "answer-year-out-of-range: the 2023 return reports a survey of 2024, a year after its own",
            "bad-value: `out of ten` is not a scale accsm can read",
            "bad-value: the scale of this survey is empty",
            "missing-field: this survey gives a rate but not the scale it is on",
        ]
    );
    let t = trend(&loaded, "E.3");
    assert!(!t.reason.contains(" on  ("), "{}", t.reason);
}

/// Myanmar with returns from 2022 on showed "baseline none".
#[test]
fn a_missing_baseline_year_takes_the_closest_year_within_the_plans_reach() {
    let (status, _) = status_of("E.1", &[(2022, "count = 4"), (2025, "count = 7")]);
    assert_eq!(status, Increasing);
    let (loaded, _t) = load(&[
        (2022, answer("E.1", "count = 4")),
        (2025, answer("E.1", "count = 7")),
    ]);
    let t = trend(&loaded, "E.1");
    assert_eq!(t.baseline.as_ref().map(|b| b.year), Some(2022));
    assert_eq!(
        t.baseline_note.as_deref(),
        Some(
            "baseline from 2022, the closest year with data (no return for 2021; guideline ii allows a year within 1 year of 2021)"
        )
    );
    // Both neighbours have figures: the earlier one, from before the plan's work.
    let (status, reason) = status_of(
        "E.1",
        &[
            (2020, "count = 3"),
            (2022, "count = 4"),
            (2025, "count = 7"),
        ],
    );
    assert_eq!(status, Increasing);
    assert!(reason.starts_with("up from 3 (2020)"), "{reason}");
    // Two years away is too far.
    let (status, _) = status_of("E.1", &[(2023, "count = 4"), (2025, "count = 7")]);
    assert_eq!(status, NoBaseline);
}

#[test]
fn an_untouched_or_placeholder_template_answers_nothing_and_says_so() {
    let warnings = |loaded: &Loaded| -> Vec<String> {
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::UnansweredReturn)
            .map(|d| d.message.clone())
            .collect()
    };
    // Empty answer tables, as the template leaves them: not answered, no status but "no baseline".
    let (loaded, _t) = load(&[
        (2021, answer("A.1", "")),
        (2025, answer("A.1", "") + &answer("E.1", "")),
    ]);
    assert!(errors(&loaded).is_empty(), "{:?}", errors(&loaded));
    assert_eq!(
        warnings(&loaded),
        [
            "the 2021 return of IDN answers no KPI yet",
            "the 2025 return of IDN answers no KPI yet"
        ]
    );
    assert_eq!(trend(&loaded, "A.1").status, NoBaseline);
    // Placeholders uncommented but not filled in.
    let zeros =
        answer("A.1", "yes = false") + &answer("E.1", "count = 0\nnames = []\nnarrative = \"\"");
    let (loaded, _t) = load(&[(2021, zeros)]);
    assert_eq!(
        warnings(&loaded),
        [
            "every answer of the 2021 return of IDN is still the template's placeholder (0, false or empty)"
        ]
    );
}

/// The standard output of a successful `accsm --root examples/kpi-returns ARGS…`.
fn accsm_examples(args: &[&str]) -> String {
    let mut all = vec!["--root", "examples/kpi-returns"];
    all.extend_from_slice(args);
    let out = accsm(&all);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[test]
fn the_examples_set_shows_every_status() {
    let text = accsm_examples(&["trend", "--format", "json"]);
    for status in TrendStatus::NAMES {
        assert!(
            text.contains(&format!("\"status\": \"{status}\"")),
            "{status} does not occur"
        );
    }
}

#[test]
fn ams_are_listed_alphabetically_never_by_value() {
    let names: Vec<String> = accsm_examples(&["trend", "--kpi", "A.1.1", "--format", "csv"])
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_string())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(names.len(), 10);
}

/// `'+1` and `'-25.4 pts` were the change cells: text, not numbers, in a spreadsheet.
#[test]
fn csv_cells_hold_plain_numbers_with_units_in_their_own_columns() {
    let text = accsm_examples(&["trend", "--kpi", "A.1.1", "--kpi", "A.1", "--format", "csv"]);
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "KPI",
            "AMS",
            "Baseline year",
            "Baseline",
            "Baseline unit",
            "Latest year",
            "Latest",
            "Latest unit",
            "Change",
            "Change unit",
            "Status",
            "Why"
        ]
    );
    for row in rows.records() {
        let row = row.unwrap();
        for i in [2, 3, 5, 6, 8] {
            let cell = &row[i];
            assert!(
                cell.is_empty() || cell.parse::<f64>().is_ok(),
                "{cell:?} in {row:?}"
            );
            assert!(!cell.starts_with(['\'', '+']), "{cell:?}");
        }
    }
    assert!(text.contains(",percentage points,"), "{text}");
    let explained = accsm_examples(&["trend", "--kpi", "A.1", "--explain", "--format", "csv"]);
    assert!(
        explained.starts_with("KPI,AMS,Status,Input,Year,Value,Unit,Answer,File,Line,Note,Why\n"),
        "{explained}"
    );
}

#[test]
fn the_regional_figure_counts_ams_answering_yes() {
    let text = accsm_examples(&["trend", "--kpi", "A.1", "--format", "json"]);
    assert!(
        text.contains("\"measure\": \"number of AMS answering yes\""),
        "{text}"
    );
    assert!(
        text.contains("\"baseline\": \"5 of 10 reporting (of 10 AMS)\""),
        "{text}"
    );
}
