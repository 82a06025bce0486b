//! KPI returns and `accsm trend`, checked programmatically: every answer kind against every status
//! it can take, the regional roll-up, the examples set, and `new return` on the shipped framework.
//! The `trend`, `--explain`, `returns` and `new return` outputs are trycmd cases in `tests/cmd/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use accsm::trend::{TrendStatus, Window, trend_of};
use common::{accsm, accsm_in, root, scratch_repo, stderr, stdout, temp_dir};

/// Loads the real KPI framework and plans plus the given return files (year → answer TOML).
fn status_of(kpi: &str, answers: &[(i64, &str)]) -> (TrendStatus, String) {
    let temp = temp_dir("accsm-trend-");
    let dir = temp.path();
    for (year, body) in answers {
        let text = format!(
            "[return]\nplan = \"accsm-2021-2025\"\ncountry = \"IDN\"\nyear = {year}\n\n[return.answers.\"{kpi}\"]\n{body}\n"
        );
        std::fs::write(dir.join(format!("{year}.toml")), text).unwrap();
    }
    let loaded = accsm::check::check_paths(&[root().join("data"), dir.to_path_buf()]);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == accsm::diag::Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{kpi} {answers:?}: {errors:?}");
    let data = &loaded.dataset;
    let k = data.kpis.iter().find(|k| k.id.value == kpi).unwrap();
    let returns: BTreeMap<i64, &accsm::model::Return> =
        data.returns.iter().map(|r| (r.year.value, r)).collect();
    let t = trend_of(
        k,
        ("IDN", "Indonesia"),
        &returns,
        Window {
            from: 2021,
            to: 2025,
        },
        &loaded.sources,
    );
    (t.status, t.reason)
}

use TrendStatus::*;

/// A KPI, its answers by year, and the status they must give.
type Case = (&'static str, &'static [(i64, &'static str)], TrendStatus);

#[test]
fn every_answer_kind_against_every_status() {
    let cases: &[Case] = &[
        // yes/no
        (
            "A.1",
            &[(2021, "yes = false"), (2025, "yes = true")],
            Increasing,
        ),
        (
            "A.1",
            &[(2021, "yes = true"), (2025, "yes = true")],
            Sustained,
        ),
        (
            "A.1",
            &[(2021, "yes = false"), (2025, "yes = false")],
            Unchanged,
        ),
        (
            "A.1",
            &[(2021, "yes = true"), (2024, "yes = false")],
            Decreasing,
        ),
        ("A.1", &[(2022, "yes = true")], NoBaseline),
        ("A.1", &[(2021, "yes = true")], NoLaterData),
        (
            "A.1",
            &[
                (2021, "narrative = \"being drafted\""),
                (2025, "yes = true"),
            ],
            QualitativeOnly,
        ),
        (
            "D.1",
            &[(2021, "yes = [true, false]"), (2025, "yes = [true, true]")],
            Increasing,
        ),
        (
            "D.1",
            &[(2021, "yes = [true, true]"), (2025, "yes = [true, true]")],
            Sustained,
        ),
        // count with a total: compared as a percentage
        (
            "A.1.1",
            &[
                (2021, "count = 30\ntotal = 100"),
                (2025, "count = 40\ntotal = 200"),
            ],
            Decreasing,
        ),
        (
            "A.1.1",
            &[
                (2021, "count = 30\ntotal = 100"),
                (2025, "count = 60\ntotal = 150"),
            ],
            Increasing,
        ),
        (
            "A.1.1",
            &[
                (2021, "count = 100\ntotal = 100"),
                (2025, "count = 120\ntotal = 120"),
            ],
            Sustained,
        ),
        (
            "A.1.1",
            &[
                (2021, "count = 30\ntotal = 100"),
                (2025, "count = 30\ntotal = 100"),
            ],
            Unchanged,
        ),
        // count without a total; by levels
        (
            "E.1",
            &[(2021, "count = 6"), (2023, "count = 9")],
            Increasing,
        ),
        (
            "E.1",
            &[(2021, "count = 6"), (2023, "count = 6")],
            Unchanged,
        ),
        (
            "E.1",
            &[(2021, "count = 6"), (2023, "count = 2")],
            Decreasing,
        ),
        (
            "E.1",
            &[(2021, "count = 6"), (2023, "narrative = \"under review\"")],
            QualitativeOnly,
        ),
        (
            "B.2",
            &[
                (2021, "levels = { national = 2, provincial = 5 }"),
                (2025, "levels = { national = 3, provincial = 5 }"),
            ],
            Increasing,
        ),
        // percentage
        (
            "E.2.1",
            &[(2021, "percent = 40.0"), (2025, "percent = 55.5")],
            Increasing,
        ),
        (
            "E.2.1",
            &[(2021, "percent = 100.0"), (2025, "percent = 100.0")],
            Sustained,
        ),
        (
            "E.2.1",
            &[(2021, "percent = 40.0"), (2025, "percent = 40.0")],
            Unchanged,
        ),
        (
            "E.2.1",
            &[(2021, "percent = 40.0"), (2025, "percent = 20.0")],
            Decreasing,
        ),
        // rating, period against period
        (
            "D.1.1",
            &[
                (2021, "ratings = { \"2020-2022\" = 3 }"),
                (2025, "ratings = { \"2020-2022\" = 3, \"2023-2025\" = 4 }"),
            ],
            Increasing,
        ),
        (
            "D.1.1",
            &[
                (2021, "ratings = { \"2020-2022\" = 5 }"),
                (2025, "ratings = { \"2020-2022\" = 5, \"2023-2025\" = 5 }"),
            ],
            Sustained,
        ),
        (
            "D.1.1",
            &[
                (2021, "ratings = { \"2020-2022\" = 4 }"),
                (2025, "ratings = { \"2023-2025\" = 4 }"),
            ],
            Unchanged,
        ),
        (
            "D.1.1",
            &[
                (2021, "ratings = { \"2020-2022\" = 4 }"),
                (2025, "ratings = { \"2023-2025\" = 2 }"),
            ],
            Decreasing,
        ),
        // count per year, first year against last
        (
            "D.2",
            &[
                (2021, "per_year = { 2020 = 2, 2021 = 3 }"),
                (2025, "per_year = { 2024 = 4, 2025 = 5 }"),
            ],
            Increasing,
        ),
        (
            "D.2",
            &[
                (2021, "per_year = { 2021 = 3 }"),
                (2025, "per_year = { 2025 = 3 }"),
            ],
            Unchanged,
        ),
        (
            "D.2",
            &[
                (2021, "per_year = { 2021 = 3 }"),
                (2025, "per_year = { 2025 = 1 }"),
            ],
            Decreasing,
        ),
        ("D.2", &[(2022, "per_year = { 2022 = 3 }")], NoBaseline),
        ("D.2", &[(2021, "per_year = { 2021 = 3 }")], NoLaterData),
        // participants
        (
            "D.2.1",
            &[
                (
                    2021,
                    "projects = [{ title = \"a\", total = 20, female = 10, male = 10 }]",
                ),
                (2025, "projects = [{ title = \"b\", total = 30 }]"),
            ],
            Increasing,
        ),
        (
            "D.2.1",
            &[
                (2021, "projects = [{ title = \"a\", total = 20 }]"),
                (
                    2025,
                    "projects = [{ title = \"b\", total = 12 }, { title = \"c\", total = 8 }]",
                ),
            ],
            Unchanged,
        ),
        (
            "D.2.1",
            &[
                (2021, "projects = [{ title = \"a\", total = 20 }]"),
                (2025, "projects = [{ title = \"b\", total = 10 }]"),
            ],
            Decreasing,
        ),
        // survey, same source only
        (
            "E.3",
            &[
                (2021, "internal = { rate = 70.0 }"),
                (2025, "internal = { rate = 75.0 }"),
            ],
            Increasing,
        ),
        (
            "E.3",
            &[
                (2021, "third_party = { rate = 70.0 }"),
                (2025, "third_party = { rate = 70.0 }"),
            ],
            Unchanged,
        ),
        (
            "E.3",
            &[
                (2021, "third_party = { rate = 70.0 }"),
                (2025, "third_party = { rate = 60.0 }"),
            ],
            Decreasing,
        ),
        (
            "E.3",
            &[
                (2021, "internal = { rate = 70.0 }"),
                (2025, "third_party = { rate = 80.0 }"),
            ],
            QualitativeOnly,
        ),
    ];
    for (kpi, answers, expected) in cases {
        let (status, reason) = status_of(kpi, answers);
        assert_eq!(status, *expected, "{kpi} {answers:?}: {reason}");
        assert!(!reason.is_empty());
    }
}

#[test]
fn no_baseline_and_no_later_data_say_why_in_words() {
    assert_eq!(
        status_of("A.1", &[(2023, "yes = true")]).1,
        "no return for 2021"
    );
    assert_eq!(
        status_of("A.1", &[(2021, "yes = true")]).1,
        "no return from 2022 to 2025 answers A.1"
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
    for status in [
        "increasing",
        "sustained",
        "unchanged",
        "decreasing",
        "no-baseline",
        "no-later-data",
        "qualitative-only",
    ] {
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

#[test]
fn the_regional_figure_counts_ams_answering_yes() {
    let text = accsm_examples(&["trend", "--kpi", "A.1", "--format", "json"]);
    assert!(
        text.contains("\"measure\": \"number of AMS answering yes\""),
        "{text}"
    );
    assert!(
        text.contains("\"baseline\": \"4 of 9 reporting\""),
        "{text}"
    );
}

#[test]
fn a_new_template_for_the_shipped_framework_asks_every_kpi_and_validates_once_filled_in() {
    let repo = scratch_repo();
    let run = |args: &[&str]| accsm_in(repo.path(), args);
    let out = run(&["new", "return", "--country", "Indonesia", "--year", "2023"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let path = repo.path().join("data/returns/IDN/2023.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let kpis = std::fs::read_to_string(root().join("data/kpis.toml")).unwrap();
    let ids: Vec<&str> = kpis
        .lines()
        .filter_map(|l| l.strip_prefix("id = \"")?.strip_suffix('"'))
        .filter(|id| id.contains('.'))
        .collect();
    assert_eq!(ids.len(), 17);
    for kpi in ids {
        assert!(
            text.contains(&format!("\n# [return.answers.\"{kpi}\"]\n")),
            "{kpi}"
        );
    }
    assert!(text.contains("# Q: Do public sector agencies in your country adopt institutionalised competency-based approach"));
    let out = run(&["validate"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    // Filling in the template: uncomment an answer and it validates.
    let filled = text
        .replace("# [return.answers.\"A.1\"]\n", "[return.answers.\"A.1\"]\n")
        .replacen("# yes = false\n", "yes = true\n", 1);
    assert_ne!(filled, text);
    std::fs::write(&path, filled).unwrap();
    let out = run(&["validate"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[cfg(unix)]
#[test]
fn new_return_does_not_follow_a_symlink_out_of_the_repository() {
    let repo = scratch_repo();
    let outside = temp_dir("accsm-outside-");
    std::fs::create_dir_all(repo.path().join("data/returns")).unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.path().join("data/returns/IDN")).unwrap();
    let out = accsm_in(
        repo.path(),
        &["new", "return", "--country", "IDN", "--year", "2023"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("outside the repository"),
        "{}",
        stderr(&out)
    );
    assert!(std::fs::read_dir(outside.path()).unwrap().next().is_none());
}
