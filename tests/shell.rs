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
    assert!(main.contains(".TH accsm 1"), "{main}");
    for name in subcommands() {
        let out = accsm(&["man", &name]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let page = stdout(&out);
        assert!(
            page.contains(&format!(".TH accsm-{name} 1")),
            "{name}: {page}"
        );
        assert!(main.contains(&name), "the main page does not list `{name}`");
    }
}

#[test]
fn a_closed_pipe_ends_completions_and_man_quietly() {
    assert_quiet_on_closed_pipe(&["completions", "bash"]);
    assert_quiet_on_closed_pipe(&["man"]);
}
