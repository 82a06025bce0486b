//! Random valid returns: `accsm trend` never reports a direction between figures of different
//! answer forms or scales, a direction agrees with the figures, per-year figures follow their
//! own return unless a revision is declared, and every input of every status is listed by
//! `--explain` with a `file:line` that points at the answer, and every number in the sentence that
//! explains a comparison belongs to the baseline or latest reading it claims.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use accsm::diag::{Code, Severity};
use accsm::trend::{Role, Says, Trend, TrendStatus, Window, explain, trend_of};
use common::{root, temp_dir};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// One year's answer: its TOML lines, and the units (as accsm labels them) its figures are in.
#[derive(Clone, Debug)]
struct Answer {
    toml: String,
    units: BTreeSet<String>,
}

fn answer(toml: String, units: &[&str]) -> Answer {
    Answer {
        toml,
        units: units.iter().map(|u| u.to_string()).collect(),
    }
}

/// A.1.1 (count, total; or a percentage instead), in every form it takes.
fn a11() -> BoxedStrategy<Answer> {
    prop_oneof![
        (0..50i64, 0..50i64).prop_map(|(c, extra)| answer(
            format!("count = {c}\ntotal = {}", c + extra + 1),
            &["percent", "count"]
        )),
        (0..1000u32).prop_map(|p| answer(format!("percent = {}.{}", p / 10, p % 10), &["percent"])),
        (0..50i64).prop_map(|c| answer(format!("count = {c}"), &["count"])),
        Just(answer("narrative = \"in words\"".to_string(), &[])),
    ]
    .boxed()
}

const SCALES: [(&str, u32); 3] = [("0-100", 100), ("1-5", 5), ("1-10", 10)];

/// E.3: an internal and/or a third-party survey, each on a scale, the rate on it.
fn e3(year: i64) -> BoxedStrategy<Answer> {
    let survey = (0..3usize, 0..=100u32, prop::option::of(2020..=year));
    (prop::option::of(survey.clone()), prop::option::of(survey))
        .prop_filter("at least one survey", |(a, b)| a.is_some() || b.is_some())
        .prop_map(|(internal, third)| {
            let mut toml = String::new();
            let mut units = Vec::new();
            for (key, who, s) in [
                ("internal", "internal", internal),
                ("third_party", "third-party", third),
            ] {
                let Some((scale, r, y)) = s else { continue };
                let (scale, high) = SCALES[scale];
                let low = u32::from(scale.starts_with('1'));
                let rate = low + r % (high - low + 1);
                let y = y.map(|y| format!(", year = {y}")).unwrap_or_default();
                toml.push_str(&format!(
                    "{key} = {{ rate = {rate}.0, scale = \"{scale}\"{y} }}\n"
                ));
                units.push(format!("rate on {scale}, {who} survey"));
            }
            let units: Vec<&str> = units.iter().map(String::as_str).collect();
            answer(toml, &units)
        })
        .boxed()
}

/// D.1.1: ratings on one or both forms, for the periods begun.
fn d11(year: i64) -> BoxedStrategy<Answer> {
    let periods: Vec<&str> = ["2020-2022", "2023-2025"]
        .into_iter()
        .filter(|p| p[..4].parse::<i64>().unwrap() <= year)
        .collect();
    let n = periods.len();
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(1..=5i64, n),
        prop::collection::vec(1..=5i64, n),
    )
        .prop_filter("a form", |(a, b, _, _)| *a || *b)
        .prop_map(move |(level1, impact, r1, r2)| {
            let table = |r: &[i64]| {
                let cells: Vec<String> = periods
                    .iter()
                    .zip(r)
                    .map(|(p, r)| format!("\"{p}\" = {r}"))
                    .collect();
                format!("{{ {} }}", cells.join(", "))
            };
            let mut toml = String::new();
            let mut units = Vec::new();
            if level1 {
                toml.push_str(&format!("ratings = {}\n", table(&r1)));
                units.push("rating 1-5, level 1 evaluation (Annex 1)");
            }
            if impact {
                toml.push_str(&format!("impact_ratings = {}\n", table(&r2)));
                units.push("rating 1-5, impact evaluation (Annex 2)");
            }
            answer(toml, &units)
        })
        .boxed()
}

/// D.1: yes or no to each of its two questions.
fn d1() -> BoxedStrategy<Answer> {
    prop::collection::vec(any::<bool>(), 2)
        .prop_map(|yes| {
            let yes: Vec<String> = yes.iter().map(bool::to_string).collect();
            answer(
                format!("yes = [{}]", yes.join(", ")),
                &["questions answered yes, of 2"],
            )
        })
        .boxed()
}

/// The returns of one AMS for one KPI: an answer (or none) per year 2020-2025.
fn returns(kpi: &'static str) -> BoxedStrategy<Vec<(i64, Answer)>> {
    let years: Vec<BoxedStrategy<Option<(i64, Answer)>>> = (2020..=2025)
        .map(|y| {
            let one = match kpi {
                "A.1.1" => a11(),
                "E.3" => e3(y),
                "D.1" => d1(),
                _ => d11(y),
            };
            prop::option::of(one.prop_map(move |a| (y, a))).boxed()
        })
        .collect();
    years
        .prop_map(|ys| ys.into_iter().flatten().collect())
        .boxed()
}

/// The TOML of each year's answer.
type Files = Vec<(i64, String)>;

/// D.2: the return's own year, the 2021 return also 2020, and declared revisions of earlier
/// years. Returns the TOML per year and the figure each year must have: the latest revision,
/// else the year's own return, else the earliest later return that gives it.
fn per_year() -> BoxedStrategy<(Files, BTreeMap<i64, i64>)> {
    let year = (
        any::<bool>(),
        0..9i64,
        0..9i64,
        prop::option::of((2020..=2024i64, 0..9i64)),
    );
    prop::collection::vec(year, 6)
        .prop_map(|ys| {
            let mut files = Vec::new();
            let mut expected: BTreeMap<i64, (i32, i64)> = BTreeMap::new();
            let mut returned = BTreeSet::new();
            for (y, (present, own, first, revision)) in (2020..=2025).zip(ys) {
                if !present {
                    continue;
                }
                returned.insert(y);
                let mut lines = Vec::new();
                let mut figures = vec![(y, own, 1)];
                // The baseline return gives 2020 too, where no 2020 return does.
                if y == 2021 && !returned.contains(&2020) {
                    figures.push((2020, first, 2));
                }
                let given: Vec<String> = figures
                    .iter()
                    .rev()
                    .map(|(yy, n, _)| format!("{yy} = {n}"))
                    .collect();
                lines.push(format!("per_year = {{ {} }}", given.join(", ")));
                if let Some((r, n)) = revision.filter(|(r, _)| *r < y && !(y == 2021 && *r == 2020))
                {
                    lines.push(format!("revises = {{ {r} = {n} }}"));
                    figures.push((r, n, 0));
                }
                for (yy, n, rank) in figures {
                    // Rank 0 (revision) wins, the later the better; then 1 (own); then 2 (later return).
                    let better = match expected.get(&yy) {
                        None => true,
                        Some(&(r, _)) => rank < r || (rank == 0 && r == 0),
                    };
                    if better {
                        expected.insert(yy, (rank, n));
                    }
                }
                files.push((y, lines.join("\n")));
            }
            (
                files,
                expected.into_iter().map(|(y, (_, n))| (y, n)).collect(),
            )
        })
        .boxed()
}

/// Writes one return per year, checks them with the shipped data, and returns the trend of
/// `kpi` for IDN with the plan's window, and the sources.
fn run(kpi: &str, files: &[(i64, String)]) -> Result<(Trend, accsm::load::Loaded), TestCaseError> {
    let temp = temp_dir("accsm-prop-trend-");
    for (year, body) in files {
        let text = format!(
            "[return]\nplan = \"accsm-2021-2025\"\ncountry = \"IDN\"\nyear = {year}\n\n[return.answers.\"{kpi}\"]\n{body}\n"
        );
        std::fs::write(temp.path().join(format!("{year}.toml")), text).unwrap();
    }
    let loaded = accsm::check::check_paths(&[root().join("data"), temp.path().to_path_buf()]);
    let errors: Vec<&str> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.code != Code::NoData)
        .map(|d| d.message.as_str())
        .collect();
    prop_assert!(
        errors.is_empty(),
        "the generator wrote invalid returns: {errors:?}\n{files:?}"
    );
    let data = &loaded.dataset;
    let plan = data.plan("accsm-2021-2025").unwrap();
    let k = data.kpis.iter().find(|k| k.id.value == kpi).unwrap();
    let returns = data.returns.iter().map(|r| (r.year.value, r)).collect();
    let t = trend_of(
        k,
        ("IDN", "Indonesia"),
        &returns,
        Window::of_plan(plan),
        &loaded.sources,
    );
    // The files are read again for --explain's lines: keep them until the checks are done.
    assert_explained(&t, &loaded)?;
    drop(temp);
    Ok((t, loaded))
}

/// Every input of the trend is in `--explain` with its `file:line`, and that line holds the
/// answer's figure (or, for words, its table).
fn assert_explained(t: &Trend, loaded: &accsm::load::Loaded) -> Result<(), TestCaseError> {
    let text = explain(std::slice::from_ref(t));
    let figures = t.baseline.iter().chain(&t.latest).map(|f| &f.source);
    for source in figures.chain(t.inputs.iter().map(|i| &i.source)) {
        prop_assert!(
            text.contains(&format!("[{source}]")),
            "{source} not in\n{text}"
        );
        let (file, line) = source.rsplit_once(':').unwrap();
        let line: usize = line.parse().unwrap();
        let (id, _) = loaded
            .sources
            .paths()
            .find(|(_, p)| p.to_string_lossy() == file)
            .unwrap();
        let written = loaded
            .sources
            .get(id)
            .unwrap()
            .text
            .lines()
            .nth(line - 1)
            .unwrap()
            .to_string();
        let keys = [
            "yes",
            "count",
            "percent",
            "ratings",
            "per_year",
            "revises",
            "rate",
            "[return.answers.",
        ];
        prop_assert!(
            keys.iter().any(|k| written.contains(k)),
            "{source}: {written}"
        );
    }
    Ok(())
}

/// The status agrees with the figures: a direction only between figures of one unit that both
/// answers give, in the direction of the values; "not comparable" only when they share none.
fn assert_comparable(t: &Trend, answers: &[(i64, Answer)]) -> Result<(), TestCaseError> {
    let units_of = |year: i64| {
        answers
            .iter()
            .find(|(y, _)| *y == year)
            .map(|(_, a)| a.units.clone())
    };
    match t.status {
        s if s.is_comparison() => {
            let (b, l) = (t.baseline.as_ref().unwrap(), t.latest.as_ref().unwrap());
            prop_assert_eq!(&b.unit, &l.unit);
            prop_assert!(b.year < l.year);
            for f in [b, l] {
                let given = units_of(f.year).unwrap_or_default();
                prop_assert!(
                    given.contains(&f.unit_label),
                    "{} not among {:?}",
                    f.unit_label,
                    given
                );
            }
            let expected = match l.value.partial_cmp(&b.value).unwrap() {
                std::cmp::Ordering::Greater => [TrendStatus::Increasing].as_slice(),
                std::cmp::Ordering::Less => &[TrendStatus::Decreasing],
                std::cmp::Ordering::Equal => &[TrendStatus::Unchanged, TrendStatus::Sustained],
            };
            prop_assert!(expected.contains(&s), "{s:?} for {} → {}", b.value, l.value);
        }
        TrendStatus::NotComparable => {
            let (b, l) = (t.baseline.as_ref().unwrap(), t.latest.as_ref().unwrap());
            let (bu, lu) = (units_of(b.year).unwrap(), units_of(l.year).unwrap());
            prop_assert!(bu.is_disjoint(&lu), "{bu:?} and {lu:?} share a unit");
        }
        _ => prop_assert!(t.change.is_none()),
    }
    Ok(())
}

/// The numbers in a text, as written: `36 of 160 (22.5%) (2021)` gives 36, 160, 22.5, 2021.
fn numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|t| t.trim_matches('.'))
        .filter(|t| t.bytes().any(|b| b.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

/// Every number a figure's reading gives: in its text, its year, its value and highest value,
/// and the numbers of its questions.
fn reading_numbers(f: &accsm::trend::Figure) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = numbers(&f.text).into_iter().collect();
    out.insert(f.year.to_string());
    out.insert(f.plain());
    out.extend(f.max.map(accsm::trend::plain));
    out.extend((1..=f.answers.len()).map(|q| q.to_string()));
    out
}

/// The sentence of a comparison is its clauses, and every number in a clause belongs to the
/// reading the clause claims: the baseline's, the latest's, both (alike), or the two years.
fn assert_sentence_from_readings(t: &Trend) -> Result<(), TestCaseError> {
    if !t.status.is_comparison() {
        return Ok(());
    }
    let (b, l) = (t.baseline.as_ref().unwrap(), t.latest.as_ref().unwrap());
    let joined: String = t.clauses.iter().map(|c| c.text.as_str()).collect();
    prop_assert!(
        t.reason.ends_with(&joined) && !joined.is_empty(),
        "{:?} is not built from its clauses {:?}",
        t.reason,
        t.clauses
    );
    let (bn, ln) = (reading_numbers(b), reading_numbers(l));
    let years: BTreeSet<String> = [b.year, l.year].iter().map(i64::to_string).collect();
    for c in &t.clauses {
        let allowed: BTreeSet<String> = match c.says {
            Says::Baseline => bn.clone(),
            Says::Latest => ln.clone(),
            Says::Both => bn.intersection(&ln).cloned().collect(),
            Says::Years => years.clone(),
            Says::Words => BTreeSet::new(),
            Says::Other => continue,
        };
        for n in numbers(&c.text) {
            prop_assert!(
                allowed.contains(&n),
                "{n} in {:?} ({:?}) is not in the reading it claims: baseline {:?} ({}), latest {:?} ({}); sentence: {}",
                c.text,
                c.says,
                b.text,
                b.year,
                l.text,
                l.year,
                t.reason
            );
        }
    }
    // Answers to several questions that moved both ways are said to be mixed.
    let ups = b.answers.iter().zip(&l.answers).any(|(x, y)| !x && *y);
    let downs = b.answers.iter().zip(&l.answers).any(|(x, y)| *x && !y);
    prop_assert_eq!(ups && downs, t.reason.contains("mixed:"), "{}", t.reason);
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 48, failure_persistence: None, ..Config::default() })]

    #[test]
    fn every_number_in_a_sentence_belongs_to_the_reading_it_claims(answers in returns("D.1")) {
        let files: Vec<(i64, String)> = answers.iter().map(|(y, a)| (*y, a.toml.clone())).collect();
        let (t, _) = run("D.1", &files)?;
        assert_comparable(&t, &answers)?;
        assert_sentence_from_readings(&t)?;
    }

    #[test]
    fn counts_and_percentages_are_compared_only_with_their_own_kind(answers in returns("A.1.1")) {
        let files: Vec<(i64, String)> = answers.iter().map(|(y, a)| (*y, a.toml.clone())).collect();
        let (t, _) = run("A.1.1", &files)?;
        assert_comparable(&t, &answers)?;
        assert_sentence_from_readings(&t)?;
    }

    #[test]
    fn surveys_are_compared_only_in_kind_and_scale(answers in returns("E.3")) {
        let files: Vec<(i64, String)> = answers.iter().map(|(y, a)| (*y, a.toml.clone())).collect();
        let (t, _) = run("E.3", &files)?;
        assert_comparable(&t, &answers)?;
        assert_sentence_from_readings(&t)?;
    }

    #[test]
    fn ratings_are_compared_only_on_their_own_form(answers in returns("D.1.1")) {
        let files: Vec<(i64, String)> = answers.iter().map(|(y, a)| (*y, a.toml.clone())).collect();
        let (t, _) = run("D.1.1", &files)?;
        assert_comparable(&t, &answers)?;
        assert_sentence_from_readings(&t)?;
    }

    #[test]
    fn per_year_figures_follow_their_own_return_unless_revised((files, expected) in per_year()) {
        let (t, _) = run("D.2", &files)?;
        let series: BTreeMap<i64, i64> = t.series.iter().copied().collect();
        prop_assert_eq!(&series, &expected);
        for (role, figure) in [(Role::Baseline, &t.baseline), (Role::Latest, &t.latest)] {
            if let Some(f) = figure {
                prop_assert_eq!(Some(&f.whole.unwrap()), expected.get(&f.year), "{:?}", role);
            }
        }
        if t.status.is_comparison() {
            prop_assert!(t.baseline.as_ref().unwrap().year.abs_diff(2021) <= 1);
        }
    }
}
