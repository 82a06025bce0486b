//! What the trycmd cases in `tests/cmd/` cannot express well: data edited in a scratch copy of the
//! repository, the manifest found from a subfolder or through `--root` from an unrelated folder,
//! and a reader that closes the pipe early.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{accsm_in, root, scratch_repo, stderr, stdout, temp_dir};

#[test]
fn a_broken_reference_planted_in_data_is_reported_with_file_and_line() {
    let repo = scratch_repo();
    let plan = repo.path().join("data/plans/accsm-2021-2025.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let line = text
        .lines()
        .position(|l| l == "measures = [\"A.2.v\", \"E.1.vii\"]")
        .unwrap()
        + 1;
    std::fs::write(&plan, text.replacen("\"E.1.vii\"]", "\"E.1.vi\"]", 1)).unwrap();
    let out = accsm_in(repo.path(), &["validate"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("--> data/plans/accsm-2021-2025.toml:{line}:")),
        "{text}"
    );
    assert!(text.contains(
        "error[unknown-reference]: `E.1.vi` is not a strategic measure of the ASCC Blueprint 2025"
    ));
    assert!(text.contains("help: did you mean `E.1.vii`?"));
}

#[test]
fn the_manifest_is_found_from_a_subfolder_and_with_root() {
    let at_root = accsm_in(&root(), &["validate"]);
    assert_eq!(at_root.status.code(), Some(0), "{}", stdout(&at_root));
    let summary = stdout(&at_root).lines().last().unwrap().to_string();
    assert!(summary.ends_with(" in 13 files"), "{summary}");
    // Paths are shown relative to the working folder where they lie below it, as compilers do.
    let from_sub = accsm_in(&root().join("data/plans"), &["validate"]);
    assert_eq!(from_sub.status.code(), Some(0), "{}", stderr(&from_sub));
    assert_eq!(stdout(&from_sub).lines().last(), Some(&*summary));
    // (The shipped data's findings are all accepted: the JSON lists them with their files.)
    let json = accsm_in(
        &root().join("data/plans"),
        &["validate", "--format", "json"],
    );
    assert!(
        stdout(&json).contains("\"file\": \"accsm-2021-2025.toml\""),
        "{}",
        stdout(&json)
    );
    // From an unrelated folder they are absolute: the same report once the root is taken off.
    let elsewhere = temp_dir("accsm-elsewhere-");
    let with_root = accsm_in(
        elsewhere.path(),
        &["--root", root().to_str().unwrap(), "validate"],
    );
    assert_eq!(with_root.status.code(), Some(0), "{}", stderr(&with_root));
    assert_eq!(
        stdout(&with_root).replace(&format!("{}/", root().display()), ""),
        stdout(&at_root)
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    common::assert_quiet_on_closed_pipe(&["validate"]);
}
