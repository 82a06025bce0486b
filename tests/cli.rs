//! The command line as users and CI meet it: exit codes, formats, paths, snapshots of real output.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{accsm, accsm_in, assert_snapshot, root, scratch_repo, stderr, stdout};

const PUBLISHED: &[&str] = &[
    "data/reference",
    "data/kpis.toml",
    "tests/fixtures/published",
];

fn validate_published(format: &str) -> std::process::Output {
    let mut args = vec!["validate", "--format", format];
    args.extend_from_slice(PUBLISHED);
    accsm(&args)
}

#[test]
fn shipped_data_validates_without_errors() {
    let out = accsm(&["validate"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).ends_with("0 errors, 35 warnings, 10 notes in 11 files\n"),
        "{}",
        stdout(&out)
    );
    assert_snapshot("shipped.human.txt", &stdout(&out));
}

#[test]
fn deny_warnings_turns_warnings_into_errors() {
    let out = accsm(&["validate", "--deny", "warnings"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).ends_with("35 errors, 0 warnings, 10 notes in 11 files\n"));
}

#[test]
fn published_plan_human_output() {
    let out = validate_published("human");
    assert_eq!(out.status.code(), Some(1));
    assert_snapshot("published.human.txt", &stdout(&out));
}

#[test]
fn published_plan_json_output() {
    let out = validate_published("json");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("\"errors\": 96"),
        "{}",
        &text[text.len().saturating_sub(200)..]
    );
    assert_snapshot("published.json", &text);
}

#[test]
fn published_plan_github_annotations() {
    let out = validate_published("github");
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let expected = "::error file=tests/fixtures/published/accsm-2021-2025.toml,line=30,col=43,endLine=30,\
endColumn=50,title=accsm (misspelled-reference)::`A.2 v` has a space where a full stop belongs%0Ahelp: write `A.2.v`";
    assert!(text.lines().any(|l| l == expected), "{text}");
    assert!(text.lines().any(|l| l.starts_with("::warning file=")));
    assert!(text.lines().any(|l| l.starts_with("::notice file=")));
    assert_snapshot("published.github.txt", &text);
}

#[test]
fn a_broken_reference_planted_in_data_is_reported_with_file_and_line() {
    let repo = scratch_repo("planted");
    let plan = repo.join("data/plans/accsm-2021-2025.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let line = text
        .lines()
        .position(|l| l == "measures = [\"A.2.v\", \"E.1.vii\"]")
        .unwrap()
        + 1;
    std::fs::write(&plan, text.replacen("\"E.1.vii\"]", "\"E.1.vi\"]", 1)).unwrap();
    let out = accsm_in(&repo, &["validate"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("--> data/plans/accsm-2021-2025.toml:{line}:")),
        "{text}"
    );
    assert!(text.contains(
        "error[unknown-reference]: `E.1.vi` is not an ASCC strategic measure accsm knows"
    ));
    assert!(text.contains("help: did you mean `E.1.vii`?"));
    let _ = std::fs::remove_dir_all(repo);
}

#[test]
fn the_manifest_is_found_from_a_subfolder_and_with_root() {
    let from_sub = accsm_in(&root().join("data/plans"), &["validate"]);
    assert_eq!(from_sub.status.code(), Some(0), "{}", stderr(&from_sub));
    let elsewhere = std::env::temp_dir();
    let with_root = accsm_in(
        &elsewhere,
        &["--root", root().to_str().unwrap(), "validate"],
    );
    assert_eq!(with_root.status.code(), Some(0), "{}", stderr(&with_root));
}

#[test]
fn no_manifest_is_a_usage_failure() {
    let dir = std::env::temp_dir().join(format!("accsm-no-manifest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = accsm_in(&dir, &["validate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no accsm.toml found"),
        "{}",
        stderr(&out)
    );
    let bad_root = accsm(&["--root", dir.to_str().unwrap(), "validate"]);
    assert_eq!(bad_root.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_missing_path_is_an_io_failure_naming_it() {
    let out = accsm(&["validate", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("no/such/folder"), "{}", stdout(&out));
}

#[test]
fn an_empty_folder_is_reported() {
    let dir = std::env::temp_dir().join(format!("accsm-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = accsm(&["validate", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("error[no-data]"), "{}", stdout(&out));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn usage_errors_exit_2() {
    let out = accsm(&["validate", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = accsm(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    common::assert_quiet_on_closed_pipe(&["validate"]);
}

#[test]
fn rules_lists_every_code() {
    let out = accsm(&["rules"]);
    assert_eq!(out.status.code(), Some(0));
    assert_snapshot("rules.txt", &stdout(&out));
}

#[test]
fn help_texts() {
    for (name, args) in [
        ("help.txt", vec!["--help"]),
        ("help-validate.txt", vec!["validate", "--help"]),
        ("help-list.txt", vec!["list", "--help"]),
        ("help-show.txt", vec!["show", "--help"]),
    ] {
        let out = accsm(&args);
        assert_eq!(out.status.code(), Some(0));
        assert_snapshot(name, &stdout(&out));
    }
}
