//! What `validate` reports on: `--changed-since REV` (only lines added or changed since a git
//! revision) in a scratch git repository. (Files named inside the data folders are trycmd
//! cases: `tests/cmd/validate-partial.trycmd`.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

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

/// A repository whose first commit validates clean, and a second state adding a programme with
/// a partner listed twice (a warning on line 9 of `data/added.toml`) in `text`.
fn gate_repo(name: &str, setup: impl Fn(&TempRepo)) -> TempRepo {
    let repo = TempRepo::with_references(name);
    git(&repo, &["init", "-q"]);
    setup(&repo);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "start"]);
    repo
}

fn gate(repo: &TempRepo) -> std::process::Output {
    repo.run(&[
        "validate",
        "--changed-since",
        "HEAD",
        "--deny",
        "warnings",
        "--format",
        "json",
    ])
}

#[test]
fn gitattributes_cannot_hide_changed_lines_from_the_gate() {
    let repo = gate_repo("gate-attributes", |r| {
        r.write(".gitattributes", "*.toml -diff\n");
        r.write(
            "data/old.toml",
            programme(1, "Workshop on Merit Systems").replace("\"JPN\", \"JPN\"", "\"JPN\""),
        );
    });
    let text = format!(
        "{}\n{}",
        programme(1, "Workshop on Merit Systems").replace("\"JPN\", \"JPN\"", "\"JPN\""),
        programme(2, "Seminar on Integrity")
    );
    repo.write("data/old.toml", text);
    let out = gate(&repo);
    assert_exit(&out, 1);
    let found = json_findings(&out);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["line"], 21);
}

#[test]
fn a_changed_line_that_looks_like_a_diff_header_does_not_switch_files() {
    let clean = |n, title| programme(n, title).replace("\"JPN\", \"JPN\"", "\"JPN\"");
    let repo = gate_repo("gate-header", |r| {
        r.write("data/x.toml", "# nothing yet\n");
        let text = format!("{}\n{}", clean(1, "Workshop"), clean(2, "Seminar"));
        r.write("data/both.toml", text);
    });
    // The first programme's title becomes a multi-line string holding what looks like the
    // header of another file's diff; the second programme, further down, gains a warning.
    let text = format!(
        "{}\n{}",
        clean(1, "Workshop").replace("\"Workshop\"", "\"\"\"Workshop\n++ b/data/x.toml\n\"\"\""),
        programme(2, "Seminar")
    );
    repo.write("data/both.toml", text);
    let out = gate(&repo);
    let places: Vec<_> = json_findings(&out)
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64(),
            )
        })
        .collect();
    assert!(
        places.contains(&("data/both.toml".to_string(), Some(23))),
        "{places:?}"
    );
    assert_exit(&out, 1);
}

#[test]
fn the_users_diff_prefix_settings_drop_no_finding() {
    for (setting, value) in [("diff.noprefix", "true"), ("diff.mnemonicPrefix", "true")] {
        let repo = gate_repo("gate-prefix", |r| {
            r.write("data/x.toml", "# nothing yet\n");
        });
        git(&repo, &["config", setting, value]);
        repo.write(
            "data/x.toml",
            format!("# nothing yet\n{}", programme(2, "Seminar on Integrity")),
        );
        let out = gate(&repo);
        assert_exit(&out, 1);
        assert_eq!(
            json_findings(&out).len(),
            1,
            "{setting}: {}",
            common::stdout(&out)
        );
    }
}

#[test]
fn a_diff_that_cannot_be_read_checks_everything() {
    // A changed file that is not UTF-8 text: git's diff cannot be read as text, so every
    // finding of the repository is reported rather than none.
    let repo = gate_repo("gate-unreadable", |r| {
        r.write("data/old.toml", programme(1, "Workshop on Merit Systems"));
        r.write("data/notes.bin", b"\xff\xfe\x00old\n");
    });
    repo.write("data/notes.bin", b"\xff\xfe\x00new\n");
    let out = gate(&repo);
    assert_exit(&out, 1);
    assert_eq!(json_findings(&out).len(), 1, "{}", common::stdout(&out));
    assert!(
        stderr(&out).contains("every finding is reported"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_closed_pipe_keeps_the_verdict() {
    // `accsm validate | head -1` under `pipefail`: the reader goes, the exit code stays 1.
    let repo = TempRepo::with_references("closed-pipe");
    repo.write("data/x.toml", programme(2, "Seminar on Integrity"));
    for format in ["human", "json", "github"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_accsm"))
            .args(["validate", "--deny", "warnings", "--format", format])
            .current_dir(&repo.dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run accsm");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait for accsm");
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
    }
}
