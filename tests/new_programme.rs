//! `accsm new programme` against what a hostile or careless user gives it: a title that tries to
//! become keys of its own, data that was not all read, a file with Windows line endings. The
//! ordinary case is the CLI case `tests/cmd/new-programme.trycmd`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;

fn repo() -> tempfile::TempDir {
    let dir = common::temp_dir("accsm-new-programme-");
    common::copy_dir(
        &common::root().join("tests/cmd/new-programme.in"),
        dir.path(),
    );
    dir
}

fn plan(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("data/plan.toml")).unwrap()
}

#[test]
fn a_title_cannot_become_keys_or_tables_of_its_own() {
    let dir = repo();
    let before = plan(dir.path());
    let title = "T\"\nnumber = 999\n[[programme]]\nplan = \"x\u{1b}[2J\u{202e}";
    let args = [
        "new",
        "programme",
        "--plan",
        "test-2021-2025",
        "--coordinator",
        "IDN",
        "--title",
        title,
    ];
    let out = common::accsm_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let after = plan(dir.path());
    assert!(
        after.starts_with(&before),
        "the file's old text must stay as it was"
    );
    let added = &after[before.len()..];
    assert_eq!(added.matches("[[programme]]").count(), 2, "{added}"); // the header and `# [[programme.update]]`
    assert!(added.contains(
        "title = \"T\\\"\\nnumber = 999\\n[[programme]]\\nplan = \\\"x\\u001B[2J\u{202e}\"\n"
    ));
    let data: toml::Table = toml::from_str(&after).unwrap();
    let programmes = data["programme"].as_array().unwrap();
    assert_eq!(programmes.len(), 3);
    assert_eq!(programmes[2]["title"].as_str(), Some(title));
    assert_eq!(programmes[2]["number"].as_integer(), Some(3));
    // The message names the file, not the title.
    assert!(!common::stdout(&out).contains('\u{1b}'));
}

#[test]
fn a_file_with_windows_line_endings_keeps_them() {
    let dir = repo();
    let crlf = plan(dir.path()).replace('\n', "\r\n");
    std::fs::write(dir.path().join("data/plan.toml"), &crlf).unwrap();
    let args = [
        "new",
        "programme",
        "--plan",
        "test-2021-2025",
        "--coordinator",
        "BRN",
        "--title",
        "T",
    ];
    let out = common::accsm_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let after = plan(dir.path());
    assert!(after.starts_with(&crlf));
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count());
    let fmt = common::accsm_in(dir.path(), &["fmt", "--check"]);
    assert_eq!(fmt.status.code(), Some(0), "{}", common::stdout(&fmt));
}

#[test]
fn data_not_all_read_leaves_the_next_number_uncertain_and_nothing_is_written() {
    // A programme in a file that is not valid TOML.
    let dir = repo();
    let before = plan(dir.path());
    std::fs::write(
        dir.path().join("data/more.toml"),
        "[[programme]]\nplan = \"test-2021-2025\"\nnumber = 3\ntitle = \"open\n",
    )
    .unwrap();
    let args = [
        "new",
        "programme",
        "--plan",
        "test-2021-2025",
        "--coordinator",
        "IDN",
        "--title",
        "T",
    ];
    let out = common::accsm_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2), "{}", common::stdout(&out));
    assert!(common::stderr(&out).contains("next free number is not certain"));
    assert_eq!(plan(dir.path()), before);
    // A file that is a link out of the repository is not read either.
    #[cfg(unix)]
    {
        let dir = repo();
        let outside = common::temp_dir("accsm-outside-");
        std::fs::write(outside.path().join("more.toml"), "x = 1\n").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("more.toml"),
            dir.path().join("data/more.toml"),
        )
        .unwrap();
        let out = common::accsm_in(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{}", common::stdout(&out));
        assert!(common::stderr(&out).contains("outside the repository"));
        assert_eq!(plan(dir.path()), before);
    }
}
