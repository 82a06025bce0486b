//! The data set built into the binary: outside any work-plan repository the read-only commands
//! give exactly what they give on `data/` (only the file names differ), and say on standard
//! error which data they used; the commands that check or write the user's files refuse.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{accsm, accsm_in, stderr, stdout, temp_dir};

const NOTE: &str = "note: using the built-in ACCSM 2021-2025 data (no accsm.toml in this folder or \
                    above it); --root DIR to use yours\n";

#[test]
fn read_only_commands_outside_a_repository_read_the_built_in_data() {
    let elsewhere = temp_dir("accsm-no-repo-");
    let commands: &[&[&str]] = &[
        &["list", "--coordinator", "Indonesia", "--format", "csv"],
        &["list", "--format", "json"],
        &["list", "--group-by", "coordinator", "--format", "markdown"],
        &["show", "accsm-plus-three-2021-2025/19", "--format", "json"],
        &["show", "accsm-2021-2025/5"],
        &["trend", "--kpi", "D.2", "--format", "json"],
        &["returns", "--format", "csv"],
        &["arcs", "--format", "json"],
        &["kpis", "D.1.1"],
        &["chairs", "--next"],
    ];
    for args in commands {
        let built_in = accsm_in(elsewhere.path(), args);
        let at_root = accsm(args);
        assert_eq!(
            built_in.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&built_in)
        );
        assert_eq!(
            at_root.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&at_root)
        );
        assert_eq!(
            stdout(&built_in).replace("<built-in>/", ""),
            stdout(&at_root),
            "{args:?}"
        );
        assert!(
            stderr(&built_in).starts_with(NOTE),
            "{args:?}: {}",
            stderr(&built_in)
        );
        assert!(!stderr(&at_root).contains("built-in"), "{args:?}");
    }
}

#[test]
fn a_programme_read_from_the_built_in_data_says_so() {
    let elsewhere = temp_dir("accsm-no-repo-");
    let out = accsm_in(elsewhere.path(), &["show", "accsm-2021-2025/5"]);
    assert!(
        stdout(&out).contains("Read from              <built-in>/data/plans/accsm-2021-2025.toml:"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn commands_that_check_or_write_files_refuse_the_built_in_data() {
    let elsewhere = temp_dir("accsm-no-repo-");
    for args in [
        &["validate"][..],
        &["new", "return", "--country", "IDN", "--year", "2023"],
    ] {
        let out = accsm_in(elsewhere.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&out), "", "{args:?}");
        assert!(
            stderr(&out).contains("the built-in ACCSM 2021-2025 data is for reading only"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    // --root names a repository: no quiet fallback to the built-in data when it is wrong.
    let out = accsm_in(elsewhere.path(), &["--root", ".", "list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("built-in"), "{}", stderr(&out));
}
