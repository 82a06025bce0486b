//! Completions and manual pages, generated from the command-line definition: every shell gets a
//! script that names every subcommand (bash's is checked by bash itself where it is installed),
//! and every subcommand has its page.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{accsm, assert_quiet_on_closed_pipe, stderr, stdout};

/// The subcommands as `accsm --help` lists them.
fn subcommands() -> Vec<String> {
    let help = stdout(&accsm(&["--help"]));
    let listed = help
        .split("Commands:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .unwrap_or_default();
    let names: Vec<String> = listed
        .lines()
        // A long description wraps onto lines indented further.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(String::from)
        .collect();
    assert!(names.len() >= 13, "{names:?}");
    names
}

#[test]
fn every_shell_gets_a_script_that_completes_every_subcommand() {
    let names = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = accsm(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{shell}");
        let script = stdout(&out);
        for name in &names {
            assert!(
                script.contains(name.as_str()),
                "{shell} does not complete `{name}`"
            );
        }
    }
    let unknown = accsm(&["completions", "tcsh"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn the_bash_script_is_valid_bash() {
    let script = stdout(&accsm(&["completions", "bash"]));
    let checked = std::process::Command::new("bash")
        .args(["-n", "-c", &script])
        .output();
    // Without bash there is nothing to check it with (the other tests still generate it).
    if let Ok(out) = checked {
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

#[test]
fn every_subcommand_has_a_manual_page() {
    let main = stdout(&accsm(&["man"]));
    assert!(main.contains(".TH ACCSM 1 "), "{main}");
    for name in subcommands() {
        let out = accsm(&["man", &name]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let page = stdout(&out);
        assert!(
            page.contains(&format!(".TH ACCSM-{} 1 ", name.to_uppercase())),
            "{name}: {page}"
        );
        assert!(
            main.contains(&format!(".BR accsm\\-{} (1)", name.replace('-', "\\-"))),
            "the main page does not refer to accsm-{name}(1)"
        );
    }
}

/// `man --out-dir` writes a page for accsm, every subcommand and the subcommands' own
/// (accsm-new-return.1), and `mandoc -Tlint` finds no warning in any of them. Without mandoc
/// the lint is skipped unless ACCSM_REQUIRE_MANDOC is set (CI sets it and installs mandoc).
#[test]
fn every_page_is_written_and_mandoc_finds_no_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = accsm(&["man", "--out-dir", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut written: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    for name in subcommands() {
        assert!(written.contains(&format!("accsm-{name}.1")), "{written:?}");
    }
    for page in [
        "accsm.1",
        "accsm-new-return.1",
        "accsm-new-programme.1",
        "accsm-import-return.1",
    ] {
        assert!(written.iter().any(|w| w == page), "{page}: {written:?}");
    }
    // The page of one subcommand is the same by `man NAME` and in the folder.
    let validate = std::fs::read_to_string(dir.path().join("accsm-validate.1")).unwrap();
    assert_eq!(stdout(&accsm(&["man", "validate"])), validate);
    assert!(
        validate.contains(".SH \"EXIT STATUS\"\n.nf\n0  no errors"),
        "{validate}"
    );
    let nested = stdout(&accsm(&["man", "new", "return"]));
    assert!(nested.contains(".TH ACCSM-NEW-RETURN 1 "), "{nested}");

    let pages: Vec<std::path::PathBuf> = written.iter().map(|w| dir.path().join(w)).collect();
    let lint = std::process::Command::new("mandoc")
        .args(["-Tlint", "-Wwarning"])
        .args(&pages)
        .output();
    match lint {
        Ok(lint) => {
            let said = format!("{}{}", stdout(&lint), stderr(&lint));
            assert!(lint.status.success() && said.is_empty(), "mandoc: {said}");
        }
        Err(e) => assert!(
            std::env::var_os("ACCSM_REQUIRE_MANDOC").is_none(),
            "mandoc cannot be run ({e}) but ACCSM_REQUIRE_MANDOC is set"
        ),
    }
}

#[test]
fn a_closed_pipe_ends_completions_and_man_quietly() {
    assert_quiet_on_closed_pipe(&["completions", "bash"]);
    assert_quiet_on_closed_pipe(&["man"]);
}
