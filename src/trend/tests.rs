//! Trends over numbers at the edges of what a whole number holds, and windows that hold no
//! year: answers read from TOML text, as the files give them.

use super::*;
use crate::load::parse_file;
use crate::load::read::Ctx;
use crate::model::Dataset;
use crate::source::{FileId, SourceFile};

const KPIS: &str = r#"
[[kpi]]
id = "B.2"
plan = "p"
group = "B"
title = "Number of agencies"
answer = "count"
levels = ["national", "provincial"]

[[kpi]]
id = "D.2.1"
plan = "p"
group = "D"
title = "Participants"
answer = "participants"
rollup = "sum"
"#;

/// The data set and sources of `KPIS` and `returns` (TOML of `[[return]]` records).
fn load(returns: &str) -> (Dataset, SourceMap) {
    let text = format!("{KPIS}\n{returns}");
    let mut diagnostics = Vec::new();
    let data = parse_file(&mut Ctx::new(FileId(0), &mut diagnostics), &text);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let mut sources = SourceMap::default();
    sources.add(SourceFile::new("returns.toml".into(), text));
    (data, sources)
}

fn answer(year: i64, kpi: &str, body: &str) -> String {
    format!(
        "[[return]]\nplan = \"p\"\ncountry = \"IDN\"\nyear = {year}\n[return.answers.\"{kpi}\"]\n{body}\n"
    )
}

fn trend(data: &Dataset, sources: &SourceMap, kpi: &str, window: Window) -> Trend {
    let kpi = data.kpis.iter().find(|k| k.id.value == kpi);
    let returns: BTreeMap<i64, &Return> = data.returns.iter().map(|r| (r.year.value, r)).collect();
    match kpi {
        Some(kpi) => trend_of(kpi, ("IDN", "Indonesia"), &returns, window, sources),
        None => panic!("no KPI"),
    }
}

const WINDOW: Window = Window {
    from: 2021,
    to: 2025,
    within: 0,
    reporting: (2020, 2025),
};

#[test]
fn a_baseline_whose_levels_are_too_large_to_add_up_is_no_baseline_and_says_why() {
    // Panicked in a debug build; wrapped round to a negative count in a release build.
    let (data, sources) = load(&format!(
        "{}{}",
        answer(
            2021,
            "B.2",
            "levels = { national = 9223372036854775807, provincial = 1 }"
        ),
        answer(2024, "B.2", "count = 3"),
    ));
    let t = trend(&data, &sources, "B.2", WINDOW);
    assert_eq!(t.status, TrendStatus::NoBaseline);
    assert_eq!(
        t.reason,
        "the 2021 answer cannot be used: its counts by level are too large to add up"
    );
}

#[test]
fn a_later_answer_too_large_to_add_up_is_left_out_and_named() {
    let project = |total: &str| format!("[[return.answers.\"D.2.1\".projects]]\ntotal = {total}\n");
    let (data, sources) = load(&format!(
        "{}{}{}{}",
        answer(2021, "D.2.1", &project("10")),
        answer(2023, "D.2.1", &project("12")),
        answer(2025, "D.2.1", &project("9223372036854775807")),
        project("1"),
    ));
    let t = trend(&data, &sources, "D.2.1", WINDOW);
    assert_eq!(t.status, TrendStatus::Increasing);
    assert_eq!(t.latest.as_ref().map(|l| l.year), Some(2023));
    assert!(
        t.reason.ends_with(
            "; the 2025 answer is left out: the participants of its projects are too large to add up"
        ),
        "{}",
        t.reason
    );
    // With nothing else after the baseline, there is no later figure, and the reason says why.
    let (data, sources) = load(&format!(
        "{}{}{}",
        answer(2021, "D.2.1", &project("10")),
        answer(2025, "D.2.1", &project("9223372036854775807")),
        project("1"),
    ));
    let t = trend(&data, &sources, "D.2.1", WINDOW);
    assert_eq!(t.status, TrendStatus::NoLaterData);
    assert!(
        t.reason.starts_with("the 2025 answer cannot be used"),
        "{}",
        t.reason
    );
}

#[test]
fn whole_numbers_are_compared_and_subtracted_exactly() {
    // As decimals both are 9223372036854775807.0: this was "unchanged".
    let (data, sources) = load(&format!(
        "{}{}",
        answer(2021, "B.2", "count = 9223372036854775806"),
        answer(2025, "B.2", "count = 9223372036854775807"),
    ));
    let t = trend(&data, &sources, "B.2", WINDOW);
    assert_eq!(t.status, TrendStatus::Increasing);
    assert_eq!(t.change.as_ref().map(|c| c.text.as_str()), Some("+1"));
    let (data, sources) = load(&format!(
        "{}{}",
        answer(2021, "B.2", "count = -9223372036854775808"),
        answer(2025, "B.2", "count = 9223372036854775807"),
    ));
    let t = trend(&data, &sources, "B.2", WINDOW);
    assert_eq!(
        t.change.as_ref().map(|c| c.text.as_str()),
        Some("+18446744073709551615")
    );
}

#[test]
fn windows_that_hold_no_later_year_end_the_trend_instead_of_the_program() {
    // `BTreeMap::range` panics when the range starts after its end, and `from + 1` overflowed.
    let (data, sources) = load(&format!(
        "{}{}",
        answer(2021, "B.2", "count = 1"),
        answer(2025, "B.2", "count = 2"),
    ));
    for (from, to) in [
        (2021, 2021),
        (2025, 2021),
        (i64::MAX, i64::MAX),
        (i64::MIN, i64::MIN),
    ] {
        let t = trend(&data, &sources, "B.2", Window::years(from, to));
        assert!(
            matches!(t.status, TrendStatus::NoBaseline | TrendStatus::NoLaterData),
            "{from}-{to}: {:?}",
            t.status
        );
    }
}

#[test]
fn the_regional_total_is_exact_or_says_it_is_too_large() {
    let project = |total: i64| format!("[[return.answers.\"D.2.1\".projects]]\ntotal = {total}\n");
    let rows = |totals: [i64; 2]| {
        let (data, sources) = load(&format!(
            "{}{}",
            answer(2021, "D.2.1", &project(totals[0])),
            answer(2025, "D.2.1", &project(totals[1])),
        ));
        let t = trend(&data, &sources, "D.2.1", WINDOW);
        (data, t)
    };
    let (data, a) = rows([9007199254740993, i64::MAX]);
    let (_, b) = rows([1, 1]);
    let kpi = data.kpis.iter().find(|k| k.id.value == "D.2.1");
    let r = kpi.map(|k| regional(k, &[&a, &b]));
    // 2^53 + 1 + 1: a decimal sum gives 9007199254740992.
    assert_eq!(
        r.as_ref().and_then(|r| r.baseline.as_deref()),
        Some("9007199254740994")
    );
    assert_eq!(
        r.as_ref().and_then(|r| r.latest.as_deref()),
        Some("too large to add up")
    );
}
