//! What `validate` reports on: `--changed-since REV` (only lines added or changed since a git
//! revision) in a scratch git repository. (Files named inside the data folders are trycmd
//! cases: `tests/cmd/validate-partial.trycmd`.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;

use common::{TempRepo, assert_exit, json_findings, stderr};

/// A programme that validates clean but for the partner listed twice (a warning).
fn programme(number: u32, title: &str) -> String {
    format!(
        "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = {number}\ntitle = \"{title}\"\n\
         areas = [\"PA1\"]\ntimeline = \"2022\"\n\
         budget = {{ text = \"Cost-sharing\", sources = [\"cost-sharing\"] }}\n\
         coordinators = [\"IDN\"]\npartners = [\"JPN\", \"JPN\"]\nkras = [\"A.2\"]\n\
         measures = [\"A.2.v\"]\n"
    )
}

fn git(repo: &TempRepo, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(&repo.dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

/// (file, line) of each finding.
fn places(repo: &TempRepo, args: &[&str]) -> Vec<(String, u64)> {
    let out = repo.run(args);
    json_findings(&out)
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn only_findings_on_lines_changed_since_the_revision_are_reported() {
    let repo = TempRepo::with_references("changed-since");
    repo.write("data/old.toml", programme(1, "Workshop on Merit Systems"));
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "start"]);

    // A second programme in the old file, and a new file not yet in git.
    let old = format!(
        "{}\n{}",
        programme(1, "Workshop on Merit Systems"),
        programme(2, "Seminar on Integrity")
    );
    repo.write("data/old.toml", old);
    repo.write("data/new.toml", programme(3, "Forum on Innovation"));

    let all = places(&repo, &["validate", "--format", "json"]);
    assert_eq!(
        all,
        [
            ("data/new.toml".to_string(), 9),
            ("data/old.toml".to_string(), 9),
            ("data/old.toml".to_string(), 21)
        ]
    );
    let changed = places(
        &repo,
        &["validate", "--format", "json", "--changed-since", "HEAD"],
    );
    assert_eq!(
        changed,
        [
            ("data/new.toml".to_string(), 9),
            ("data/old.toml".to_string(), 21)
        ]
    );
    // Once committed, nothing has changed since HEAD.
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "more"]);
    let out = repo.run(&["validate", "--changed-since", "HEAD", "--deny", "warnings"]);
    assert_exit(&out, 0);
    // Against the first commit, the new lines again.
    assert_eq!(
        places(
            &repo,
            &["validate", "--format", "json", "--changed-since", "HEAD~1"]
        )
        .len(),
        2
    );
}

#[test]
fn an_unknown_revision_is_a_usage_error() {
    let repo = TempRepo::with_references("changed-since-bad");
    git(&repo, &["init", "-q"]);
    let out = repo.run(&["validate", "--changed-since", "no-such-branch"]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("git knows no revision `no-such-branch`"),
        "{}",
        stderr(&out)
    );
    let out = repo.run(&["validate", "--changed-since", "--output=x"]);
    assert_exit(&out, 2);
}
