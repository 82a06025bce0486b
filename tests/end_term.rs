//! The end-term view takes each programme's final status from its progress updates as of the
//! end of its plan (31 December 2025 for 2021-2025), says where each one comes from, and never
//! counts a programme completed that no update or record says is; `new plan --carry-over` picks
//! programmes by the same current status. TEST DATA: the updates below are made up.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;
use std::process::Output;

use common::{assert_exit, stdout};

/// Runs accsm in `repo` on a fixed day, so that no update of the test lies in the future.
fn run(repo: &Path, args: &[&str]) -> Output {
    common::accsm_on("2026-12-01", repo, args)
}

fn update(repo: &Path, number: i64, date: &str, status: &str, meeting: &str) {
    let dir = repo.join(format!("updates/accsm-2021-2025/{number}"));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(format!("{date}.toml")),
        format!(
            "# TEST DATA\n[update]\nplan = \"accsm-2021-2025\"\nnumber = {number}\n\
             date = \"{date}\"\nstatus = \"{status}\"\nmeeting = \"{meeting}\"\n"
        ),
    )
    .unwrap();
}

/// The shipped data with made-up updates: 1 completed in 2024; 2 ongoing at the end of 2025
/// and completed in 2026; 3 with only a `status` key in its record; 4 with an update in 2026
/// only; every other programme with nothing.
fn repository() -> tempfile::TempDir {
    let dir = common::shipped_with_updates("accsm-end-term-status-");
    let repo = dir.path();
    update(repo, 1, "2024-08", "completed", "22nd ACCSM SOM");
    update(repo, 2, "2023-08", "ongoing", "Test review 2023");
    update(repo, 2, "2026-03", "completed", "Test review 2026");
    update(repo, 4, "2026-03", "completed", "Test review 2026");
    let plan = repo.join("data/plans/accsm-2021-2025.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let marked = text.replacen("number = 3\n", "number = 3\nstatus = \"completed\"\n", 1);
    assert_ne!(marked, text, "programme 3 not found");
    std::fs::write(&plan, marked).unwrap();
    dir
}

fn end_term(repo: &Path) -> String {
    let out = run(
        repo,
        &[
            "report",
            "--end-term",
            "--plan",
            "accsm-2021-2025",
            "--format",
            "markdown",
        ],
    );
    assert_exit(&out, 0);
    stdout(&out)
}

/// The row of programme `number` in the table of each programme's final status.
fn row(report: &str, number: i64) -> &str {
    let table = report
        .split("each programme's final status*")
        .nth(1)
        .expect("no table of each programme's final status");
    table
        .lines()
        .find(|l| l.starts_with(&format!("| {number} |")))
        .unwrap_or_else(|| panic!("no row for {number}:\n{table}"))
}

#[test]
fn the_final_status_is_the_latest_update_by_the_end_of_the_plan() {
    let dir = repository();
    let report = end_term(dir.path());
    assert!(
        report.contains("latest update on or before 31 December 2025, the end of the plan"),
        "{report}"
    );
    assert!(
        row(&report, 1).ends_with("| completed | update of 2024-08 (22nd ACCSM SOM) |"),
        "{}",
        row(&report, 1)
    );
    // Completed in 2026, after the plan ended: at its end it was ongoing.
    assert!(
        row(&report, 2).ends_with("| ongoing | update of 2023-08 (Test review 2023) |"),
        "{}",
        row(&report, 2)
    );
    // No update at all: the record's own status key, said to be undated.
    assert!(
        row(&report, 3).ends_with("| completed | its record's status key (no update; no date) |"),
        "{}",
        row(&report, 3)
    );
    // Only an update after the end: not reported, never guessed completed.
    assert!(
        row(&report, 4).ends_with(
            "| not reported | no progress update on record by the end of the plan (the first \
             is of 2026-03) |"
        ),
        "{}",
        row(&report, 4)
    );
    assert!(
        row(&report, 5).ends_with("| not reported | no progress update on record |"),
        "{}",
        row(&report, 5)
    );
    // The counts are made from the same statuses as the rows: 1 and 3 completed, 2 ongoing.
    assert!(report.contains("| completed | 2 |"), "{report}");
    assert!(report.contains("| ongoing | 1 |"), "{report}");
    assert!(report.contains("| not reported | 36 |"), "{report}");
    assert!(
        report.contains(
            "Of these: 2 from their latest progress update on or before 31 December 2025; 1 \
             from the status key of their own record, which has no date (they have no progress \
             update); 36 with no progress update on record by the end of the plan, counted as \
             not reported."
        ),
        "{report}"
    );
}

#[test]
fn carry_over_takes_the_current_status_from_the_updates() {
    let dir = repository();
    let repo = dir.path();
    let out = run(
        repo,
        &[
            "new",
            "plan",
            "accsm-2026-2030",
            "--from",
            "accsm-2021-2025",
            "--carry-over",
        ],
    );
    assert_exit(&out, 0);
    let plan = std::fs::read_to_string(repo.join("data/plans/accsm-2026-2030.toml")).unwrap();
    // Completed by an update (1, 2 in 2026, 4) or by the record (3): not carried over.
    for done in [1, 2, 3, 4] {
        assert!(
            !plan.contains(&format!("from = \"accsm-2021-2025/{done}\"")),
            "{done} carried:\n{plan}"
        );
    }
    assert!(plan.contains("from = \"accsm-2021-2025/5\""), "{plan}");
    // The end-term view then says 2 (ongoing at the end of 2025, completed since) was not
    // carried over, and counts it as not completed at the end.
    let report = end_term(repo);
    assert!(
        report.contains("35 of its programmes are carried over"),
        "{report}"
    );
}
