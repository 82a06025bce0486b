//! Usage and I/O failures: one shape on standard error (`error: …`, `  help: …`), escaped, exit 2;
//! and no write can crash the program, not even to a closed standard error.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn accsm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accsm"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("run accsm")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs accsm with its standard error a pipe nobody reads: the first write to it fails.
fn with_stderr_closed(args: &[&str]) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_accsm"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run accsm");
    drop(child.stderr.take());
    child
        .wait_with_output()
        .expect("wait for accsm")
        .status
        .code()
}

#[test]
fn a_closed_standard_error_never_crashes_the_program() {
    let cases: [(&[&str], i32); 6] = [
        (&["trend"], 0),
        (&["list", "--coordinator", "Nowhere"], 2),
        (&["show", "nope/1"], 2),
        (&["show", "accsm-2021-2025/999"], 2),
        (&["--root", "/nonexistent-accsm-root", "validate"], 2),
        (&["list", "--no-such-option"], 2),
    ];
    for (args, code) in cases {
        assert_eq!(with_stderr_closed(args), Some(code), "{args:?}");
    }
}

#[test]
fn an_unknown_filter_value_is_a_usage_error_with_help() {
    let out = accsm(&["list", "--coordinator", "Indonsia"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: no coordinator `Indonsia` is known\n  help: did you mean Indonesia (`IDN`)?\n"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn show_failures_have_the_same_shape() {
    let out = accsm(&["show", "accsm-2021-2025"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: `accsm-2021-2025` is not PLAN/NUMBER\n  help: write it like accsm-2021-2025/5\n"
    );
    let out = accsm(&["show", "accsm-2021-2052/5"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: no plan `accsm-2021-2052` is known\n  help: did you mean `accsm-2021-2025/5`?\n"
    );
    let out = accsm(&["show", "accsm-2021-2025/999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with(
            "error: `accsm-2021-2025` has no programme `999`\n  help: its programmes are numbered 1 to "
        ),
        "{}",
        stderr(&out)
    );
}

/// What the user typed is quoted back: a terminal must not obey what it holds.
#[test]
fn what_the_user_typed_is_escaped_in_every_error() {
    for args in [
        &["show", "x\u{1b}[2J\u{202e}/1"][..],
        &["show", "accsm-2021-2025/\u{1b}[31m"],
        &["list", "--coordinator", "\u{1b}[31mred"],
        &["trend", "--kpi", "\u{9b}2J"],
    ] {
        let out = accsm(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        for c in ['\u{1b}', '\u{202e}', '\u{9b}'] {
            assert!(
                !err.contains(c),
                "{args:?}: raw {c:?} in {}",
                err.escape_debug()
            );
        }
    }
}

#[test]
fn a_missing_repository_is_an_error_not_a_crash() {
    let out = accsm(&["--root", "/nonexistent-accsm-root", "validate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: /nonexistent-accsm-root has no accsm.toml"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn trend_rejects_an_empty_window() {
    let out = accsm(&["trend", "--from", "2024", "--to", "2022"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).lines().last(),
        Some("error: --from 2024 must come before --to 2022")
    );
}
