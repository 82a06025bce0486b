//! Helpers shared by the integration tests: running the binary, scratch repositories in temporary
//! folders. Snapshots of output are trycmd cases in `tests/cmd/` (see `tests/cli_tests.rs`).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The repository root (where Cargo.toml and accsm.toml are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `accsm` with `args` in `dir`, without colour.
pub fn accsm_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accsm"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run accsm")
}

/// Runs `accsm` with `args` in `dir`, without colour, on the given day (`ACCSM_TODAY`), so that
/// what is "current" or "in the future" does not move with the calendar.
pub fn accsm_on(today: &str, dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accsm"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("ACCSM_TODAY", today)
        .output()
        .expect("run accsm")
}

/// Runs `accsm` with `args` at the repository root.
pub fn accsm(args: &[&str]) -> Output {
    accsm_in(&root(), args)
}

/// Runs `accsm` at the repository root with its standard output closed before it writes, as
/// `accsm … | head` does: it must end quietly with exit 0.
pub fn assert_quiet_on_closed_pipe(args: &[&str]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_accsm"))
        .args(args)
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run accsm");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait for accsm");
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    assert_eq!(stderr(&out), "", "{args:?}");
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A scratch copy of the repository's manifest and data folder, for tests that edit data. Removed
/// when the returned folder is dropped, so a failing test leaves nothing behind.
pub fn scratch_repo() -> TempDir {
    let dir = temp_dir("accsm-scratch-");
    copy_dir(&root().join("data"), &dir.path().join("data"));
    std::fs::copy(root().join("accsm.toml"), dir.path().join("accsm.toml")).unwrap();
    dir
}

/// A new empty folder in the system temp folder, named `<prefix>` and random characters; removed
/// with everything in it when dropped.
pub fn temp_dir(prefix: &str) -> TempDir {
    tempfile::Builder::new().prefix(prefix).tempdir().unwrap()
}

/// A repository in a new temporary folder (named from `prefix`): a copy of the shipped data, and
/// a manifest that reads progress updates from an `updates` folder beside it.
pub fn shipped_with_updates(prefix: &str) -> TempDir {
    let dir = temp_dir(prefix);
    copy_dir(&root().join("data"), &dir.path().join("data"));
    std::fs::write(
        dir.path().join("accsm.toml"),
        "name = \"test\"\ndata = [\"data\", \"updates\"]\nupdates = \"updates\"\n",
    )
    .unwrap();
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A throw-away work-plan repository in the system temp folder: `accsm.toml` and a `data`
/// folder. Removed when dropped, so a failing test leaves nothing behind either.
pub struct TempRepo {
    pub dir: PathBuf,
    _temp: TempDir,
}

/// A plan for [`TempRepo::with_references`]: the KPI framework refers to it.
pub const MINIMAL_PLAN: &str = r#"[[plan]]
id = "accsm-2021-2025"
title = "ACCSM Work Plan 2021-2025"
area_kind = "priority"
start = 2021
end = 2025
relevant_measures = ["A.2.v", "E.1.vii"]
"#;

impl TempRepo {
    /// An empty repository: the manifest and an empty data folder. `name` begins the folder's name,
    /// to tell the folders of different tests apart.
    pub fn bare(name: &str) -> TempRepo {
        let temp = temp_dir(&format!("accsm-repo-{name}-"));
        let dir = temp.path().to_path_buf();
        std::fs::create_dir_all(dir.join("data")).unwrap();
        std::fs::write(dir.join("accsm.toml"), "name = \"Test repository\"\n").unwrap();
        TempRepo { dir, _temp: temp }
    }

    /// A repository that validates clean: the shipped reference lists and KPI framework and a
    /// one-plan file (`data/plan.toml`), so a test adds only the file it is about.
    pub fn with_references(name: &str) -> TempRepo {
        let repo = TempRepo::bare(name);
        copy_dir(
            &root().join("data/reference"),
            &repo.data().join("reference"),
        );
        std::fs::copy(root().join("data/kpis.toml"), repo.data().join("kpis.toml")).unwrap();
        repo.write("data/plan.toml", MINIMAL_PLAN);
        repo
    }

    pub fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// Writes `contents` to `relative` (creating folders) and returns the full path.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        // A new file rather than an overwritten one: ext4 waits for the disk when a file is
        // truncated and written again.
        let _ = std::fs::remove_file(&path);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Runs `accsm` with `args` inside the repository.
    pub fn run(&self, args: &[&str]) -> Output {
        accsm_in(&self.dir, args)
    }
}

/// The findings of a `--format json` run.
pub fn json_findings(o: &Output) -> Vec<serde_json::Value> {
    let report: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)));
    report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Asserts the process ended by itself with `code`: not killed by a signal (a stack overflow
/// aborts with SIGSEGV/SIGABRT) and without a panic message.
pub fn assert_exit(o: &Output, code: i32) {
    assert!(
        !stderr(o).contains("panicked") && !stderr(o).contains("overflowed its stack"),
        "crashed: {}",
        stderr(o)
    );
    assert_eq!(
        o.status.code(),
        Some(code),
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        truncated(&stdout(o)),
        truncated(&stderr(o))
    );
}

/// The first few thousand characters of a long output, for assertion messages.
pub fn truncated(s: &str) -> String {
    match s.char_indices().nth(4000) {
        Some((i, _)) => format!("{}… ({} bytes in all)", &s[..i], s.len()),
        None => s.to_string(),
    }
}

/// A TOML basic string holding exactly `s`: quotes, backslashes and control characters escaped.
pub fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Waits for a real client (LibreOffice, Chromium…) started by a test; kills it and fails the
/// test if it has not finished within three minutes, so that a client that hangs cannot hang
/// the suite.
pub fn wait_or_kill(child: &mut std::process::Child, what: &str) {
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(180) {
            child.kill().ok();
            panic!("{what} did not finish within three minutes");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
