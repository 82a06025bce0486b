//! Completions and manual pages, generated from the command-line definition: every shell gets a
//! script that names every subcommand (bash's is checked by bash itself where it is installed),
//! and every subcommand has its page.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

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
        let out = accsm(&["completions", shell, "--static"]);
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
    let script = stdout(&accsm(&["completions", "bash", "--static"]));
    let checked = std::process::Command::new("bash")
        .args(["-n", "-c", &script])
        .output();
    // Without bash there is nothing to check it with (the other tests still generate it).
    if let Ok(out) = checked {
        assert!(out.status.success(), "{}", stderr(&out));
    }
}

/// What bash offers at TAB after `words`, run in `dir` with the script `accsm completions bash`
/// prints, through bash's own completion variables; `None` without bash.
fn bash_offers(dir: &std::path::Path, words: &[&str]) -> Option<Vec<String>> {
    let script = stdout(&accsm(&["completions", "bash"]));
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_accsm"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let last = words.last().unwrap();
    let before = words[words.len() - 2];
    let program = format!(
        "{script}\nCOMP_WORDS=({}); COMP_CWORD={}; COMP_TYPE=9; \
         _clap_complete_accsm accsm '{last}' '{before}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        quoted.join(" "),
        words.len() - 1
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &program])
        .current_dir(dir)
        .env("PATH", path)
        .output()
        .ok()?;
    assert!(out.status.success(), "{}", stderr(&out));
    Some(stdout(&out).lines().map(|l| l.trim().to_string()).collect())
}

/// Bash, with the script of `accsm completions bash`, offers the ids of the repository at hand
/// for options that take them, and the values of closed sets.
#[test]
fn bash_completes_the_repositorys_ids_and_fixed_values() {
    let root = common::root();
    let Some(coordinators) = bash_offers(&root, &["accsm", "list", "--coordinator", ""]) else {
        return;
    };
    // The AMS first, in the order of the reference list, then the bodies.
    assert_eq!(coordinators[..3], ["BRN", "KHM", "IDN"], "{coordinators:?}");
    assert!(
        coordinators.contains(&"ASEC".to_string()),
        "{coordinators:?}"
    );
    let statuses = bash_offers(&root, &["accsm", "list", "--status", ""]).unwrap();
    assert_eq!(
        statuses,
        [
            "planned",
            "ongoing",
            "postponed",
            "cancelled",
            "completed",
            "not-reported"
        ]
    );
    let formats = bash_offers(&root, &["accsm", "validate", "--format", ""]).unwrap();
    assert_eq!(formats, ["human", "json", "github", "sarif"]);
    let kpis = bash_offers(&root, &["accsm", "trend", "--kpi", "A."]).unwrap();
    assert!(
        kpis.iter().all(|k| k.starts_with("A.")) && kpis.len() >= 2,
        "{kpis:?}"
    );
    let countries = bash_offers(&root, &["accsm", "new", "return", "--country", ""]).unwrap();
    // The AMS only: no Plus Three country, no body.
    assert!(countries.contains(&"BRN".to_string()), "{countries:?}");
    assert!(countries.contains(&"VNM".to_string()), "{countries:?}");
    for other in ["JPN", "CHN", "KOR", "ASEC"] {
        assert!(!countries.contains(&other.to_string()), "{countries:?}");
    }

    // In a repository of its own, its own plan.
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("plans");
    let made = accsm(&["init", repo.to_str().unwrap(), "--period", "2026-2030"]);
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let plans = bash_offers(&repo, &["accsm", "list", "--plan", ""]).unwrap();
    assert_eq!(plans, ["accsm-2026-2030"]);
    // Outside any repository, the built-in data's plans.
    let outside = bash_offers(dir.path(), &["accsm", "list", "--plan", ""]).unwrap();
    assert!(
        outside.contains(&"accsm-2021-2025".to_string()),
        "{outside:?}"
    );
}

/// Every shell gets a script that asks accsm, under its own variable.
#[test]
fn every_shell_gets_a_script_that_asks_accsm() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = accsm(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        assert!(stdout(&out).contains("ACCSM_COMPLETE"), "{shell}");
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
