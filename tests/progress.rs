//! Progress of implementation: `accsm progress` on the illustrative updates of
//! `examples/progress` gives the counts its generator worked out on its own
//! (`examples/progress/expected-2024-08.json`, by scripts/make-example-updates.py); `new update`
//! writes one file per update and refuses what `validate` would; `list --status` and `show` use
//! the updates.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{TempRepo, accsm, assert_exit, stderr, stdout};
use serde_json::Value;

const STANDINGS: [&str; 7] = [
    "planned",
    "overdue",
    "ongoing",
    "postponed",
    "cancelled",
    "completed",
    "not-reported",
];

fn json(args: &[&str]) -> Value {
    let out = accsm(args);
    assert_exit(&out, 0);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&out)))
}

fn count(v: &Value, key: &str) -> u64 {
    v.get(key).and_then(Value::as_u64).unwrap_or(0)
}

#[test]
fn progress_as_of_august_2024_gives_the_counts_the_example_was_written_to_give() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("examples/progress/expected-2024-08.json"))
            .unwrap(),
    )
    .unwrap();
    let got = json(&[
        "--root",
        "examples/progress",
        "progress",
        "--as-of",
        "2024-08",
        "--format",
        "json",
    ]);
    assert_eq!(got["as_of"], "2024-08");
    assert_eq!(got["by"], "plan");
    let rows = got["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        let plan = row["id"].as_str().unwrap();
        let want = &expected["plans"][plan];
        for s in STANDINGS {
            assert_eq!(count(row, s), count(want, s), "{plan}: {s}");
        }
    }
    for s in STANDINGS {
        assert_eq!(
            count(&got["total"], s),
            count(&expected["total"], s),
            "total: {s}"
        );
    }
    // The one figure matched to a public fact: about 28 completed by the 22nd ACCSM.
    assert_eq!(count(&got["total"], "completed"), 28);
    assert_eq!(count(&got["total"], "programmes"), 70);
}

#[test]
fn counts_move_with_the_date_and_joint_programmes_count_for_each_coordinator() {
    let at = |date: &str, by: &str| {
        json(&[
            "--root",
            "examples/progress",
            "progress",
            "--as-of",
            date,
            "--by",
            by,
            "--format",
            "json",
        ])
    };
    let early = at("2021-01", "plan");
    assert_eq!(count(&early["total"], "not-reported"), 70);
    let later = at("2025", "plan");
    assert!(count(&later["total"], "completed") > 28);
    // Coordinators in alphabetical order of their names, never by a count.
    let by_coordinator = at("2024-08", "coordinator");
    let names: Vec<&str> = by_coordinator["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let summed: u64 = by_coordinator["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| count(r, "programmes"))
        .sum();
    assert!(
        summed >= 70,
        "a joint programme counts for each coordinator"
    );
    assert_eq!(count(&by_coordinator["total"], "programmes"), 70);
}

#[test]
fn since_lists_what_changed_after_the_last_meeting() {
    let got = json(&[
        "--root",
        "examples/progress",
        "progress",
        "--as-of",
        "2024-12",
        "--since",
        "2024-08",
        "--format",
        "json",
    ]);
    let changes = got["changes"].as_array().unwrap();
    assert!(!changes.is_empty());
    for c in changes {
        let date = c["date"].as_str().unwrap();
        assert!(("2024-09".."2024-13").contains(&date), "{c}");
    }
    assert!(
        changes
            .iter()
            .any(|c| c["was"] == "ongoing" && c["now"] == "completed")
    );
}

#[test]
fn bad_dates_are_usage_errors_that_say_how_to_write_one() {
    let out = accsm(&["progress", "--as-of", "August 2024"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--as-of `August 2024` is not a date"));
    assert!(stderr(&out).contains("YYYY-MM"));
    let out = accsm(&["progress", "--as-of", "2023", "--since", "2024-08"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("after --as-of"));
}

#[test]
fn list_status_and_show_use_the_latest_update() {
    let listed = accsm(&[
        "--root",
        "examples/progress",
        "list",
        "--status",
        "completed",
        "--count",
    ]);
    assert_exit(&listed, 0);
    let current = json(&[
        "--root",
        "examples/progress",
        "progress",
        "--format",
        "json",
    ]);
    assert_eq!(
        stdout(&listed).trim(),
        count(&current["total"], "completed").to_string()
    );
    let shown = accsm(&["--root", "examples/progress", "show", "accsm-2021-2025/1"]);
    assert_exit(&shown, 0);
    let text = stdout(&shown);
    assert!(text.contains("Status                 completed"), "{text}");
    assert!(
        text.contains("Progress updates       3 (oldest first)"),
        "{text}"
    );
    assert!(
        text.contains("2022-12  completed  Illustrative review, December 2022"),
        "{text}"
    );
    assert!(
        text.contains("updates/accsm-2021-2025/1/2022-12.toml:4"),
        "{text}"
    );
    // The shipped data has no updates: nothing reported, said so.
    let shipped = accsm(&["show", "accsm-2021-2025/1"]);
    assert!(stdout(&shipped).contains("Progress updates       none"));
}

fn repo_with_programme() -> TempRepo {
    let repo = TempRepo::with_references("update");
    repo.write(
        "data/programmes.toml",
        "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 1\ntitle = \"Workshop\"\n\
         timeline = \"2023\"\ncoordinators = [\"IDN\", \"MYS\"]\nkras = [\"A.2\"]\nmeasures = [\"A.2.v\"]\n",
    );
    repo
}

#[test]
fn new_update_writes_one_file_per_programme_and_date_and_refuses_an_error() {
    let repo = repo_with_programme();
    let out = repo.run(&[
        "new",
        "update",
        "accsm-2021-2025/1",
        "--status",
        "completed",
        "--meeting",
        "21st ACCSM SOM\"\n[[programme]]",
        "--date",
        "2023-11",
        "--participants",
        "35",
        "--ams",
        "IDN",
        "--cost",
        "8000",
        "--currency",
        "USD",
    ]);
    assert_exit(&out, 0);
    let path = repo.data().join("updates/accsm-2021-2025/1/2023-11.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("status = \"completed\""), "{text}");
    assert!(
        text.contains("cost = { amount = 8000, currency = \"USD\" }"),
        "{text}"
    );
    assert_exit(&repo.run(&["validate"]), 0);
    // The same programme and date again: refused, the file kept.
    let again = repo.run(&[
        "new",
        "update",
        "accsm-2021-2025/1",
        "--status",
        "ongoing",
        "--meeting",
        "x",
        "--date",
        "2023-11",
    ]);
    assert_exit(&again, 2);
    assert!(stderr(&again).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // Going back without a note is an error: nothing written, the finding shown at its line.
    let back = repo.run(&[
        "new",
        "update",
        "accsm-2021-2025/1",
        "--status",
        "ongoing",
        "--meeting",
        "x",
        "--date",
        "2024-02",
    ]);
    assert_exit(&back, 1);
    assert!(
        stderr(&back).contains("error[status-goes-back]"),
        "{}",
        stderr(&back)
    );
    assert!(
        !repo
            .data()
            .join("updates/accsm-2021-2025/1/2024-02.toml")
            .exists()
    );
    // With a note it is written.
    let noted = repo.run(&[
        "new",
        "update",
        "accsm-2021-2025/1",
        "--status",
        "ongoing",
        "--meeting",
        "x",
        "--date",
        "2024-02",
        "--note",
        "Reopened",
    ]);
    assert_exit(&noted, 0);
    let unknown = repo.run(&[
        "new",
        "update",
        "accsm-2021-2025/9",
        "--status",
        "ongoing",
        "--meeting",
        "x",
    ]);
    assert_exit(&unknown, 2);
    assert!(stderr(&unknown).contains("has no programme `9`"));
}

#[test]
fn a_future_update_is_found_against_the_date_accsm_today_sets() {
    let repo = repo_with_programme();
    repo.write(
        "data/updates/u.toml",
        "[update]\nplan = \"accsm-2021-2025\"\nnumber = 1\ndate = \"2024-03\"\nstatus = \"ongoing\"\nmeeting = \"m\"\n",
    );
    let run = |today: &str| common::accsm_on(today, &repo.dir, &["validate"]);
    let before = run("2024-02-20");
    assert_exit(&before, 1);
    assert!(
        stdout(&before).contains("update-in-future"),
        "{}",
        stdout(&before)
    );
    assert!(
        stdout(&before).contains("data/updates/u.toml:4:8"),
        "{}",
        stdout(&before)
    );
    assert_exit(&run("2024-03-01"), 0);
}
