//! The files that plug accsm into other tools name commands that exist: the pre-commit hooks
//! (`.pre-commit-hooks.yaml`) and the GitHub Actions workflow (`.github/workflows/accsm.yml`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{accsm, root, stderr, stdout};

/// The accsm command lines of a YAML file's `key: accsm …` lines, without the program name.
fn accsm_lines(file: &str, key: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let prefix = format!("{key}: accsm ");
    text.lines()
        .filter_map(|l| l.trim().strip_prefix(&prefix))
        .map(|args| args.split_whitespace().map(String::from).collect())
        .collect()
}

fn parses(args: &[String]) -> bool {
    let mut with_help: Vec<&str> = args.iter().map(String::as_str).collect();
    with_help.push("--help");
    accsm(&with_help).status.code() == Some(0)
}

#[test]
fn every_pre_commit_hook_runs_an_accsm_command() {
    let entries = accsm_lines(".pre-commit-hooks.yaml", "entry");
    assert_eq!(entries.len(), 4, "{entries:?}");
    for args in &entries {
        assert!(parses(args), "accsm {} is not a command", args.join(" "));
    }
    assert!(entries.iter().any(|a| a == &["validate"]));
    assert!(entries.iter().any(|a| a == &["fmt", "--check"]));
    // Each command is offered built with cargo and as the program on the PATH.
    let text = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    assert_eq!(text.matches("\n  language: rust\n").count(), 2);
    assert_eq!(text.matches("\n  language: system\n").count(), 2);
    assert!(text.contains("- id: accsm-validate-system"));
    assert!(text.contains("- id: accsm-fmt-system"));
}

/// The shipped workflow runs the repository's own action (action.yml), which runs
/// `accsm validate --format github` with the workflow's `args`; that command runs and reports.
#[test]
fn the_workflow_runs_validate_for_github_on_the_shipped_data() {
    let action = std::fs::read_to_string(root().join("action.yml")).unwrap();
    assert!(action.contains("\n        accsm validate --format github $ARGS\n"));
    assert!(action.contains("using: composite"));
    let workflow = std::fs::read_to_string(root().join(".github/workflows/accsm.yml")).unwrap();
    assert!(workflow.contains("        uses: ./\n"), "{workflow}");
    assert!(
        workflow.contains("          args: --deny warnings\n"),
        "{workflow}"
    );
    // The site job builds the website for GitHub Pages with a command that exists.
    let site = ["site", "--out", "_site"];
    assert!(workflow.contains("\" site --out _site'\n"), "{workflow}");
    assert!(
        parses(site.map(String::from).as_ref()),
        "accsm site is not a command"
    );
    assert!(!workflow.contains("actions/checkout@v4"), "{workflow}");
    assert!(
        workflow.contains("- uses: actions/checkout@v5"),
        "{workflow}"
    );
    assert!(!workflow.contains('<'), "no placeholders in the workflow");
    let out = accsm(&["validate", "--format", "github", "--deny", "warnings"]);
    // It runs and reports (exit 1 while the shipped data's warnings count as errors: see the
    // workflow's comment); a usage mistake would exit 2.
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let report = stdout(&out);
    assert!(
        report
            .lines()
            .last()
            .is_some_and(|l| l.ends_with(" in 13 files")),
        "{report}"
    );
}

/// No workflow uses checkout@v4, whose node20 runtime the runners dropped in September 2026
/// (actionlint, run by .ci/run, says the same for every action).
#[test]
fn no_workflow_uses_an_action_on_node20() {
    for file in [
        ".github/workflows/accsm.yml",
        ".github/workflows/release.yml",
        "action.yml",
    ] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        assert!(!text.contains("actions/checkout@v4"), "{file}");
        assert!(!text.contains("actions/cache@v4"), "{file}");
    }
}

/// Scripts written for `show --format text` keep working: `text` is a hidden alias of the
/// default, `table`, the name every report uses for it.
#[test]
fn show_takes_its_old_format_name() {
    let table = accsm(&["show", "accsm-2021-2025/5", "--format", "table"]);
    let text = accsm(&["show", "accsm-2021-2025/5", "--format", "text"]);
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    assert_eq!(stdout(&text), stdout(&table));
    assert_eq!(
        stdout(&table),
        stdout(&accsm(&["show", "accsm-2021-2025/5"]))
    );
    let help = stdout(&accsm(&["show", "--help"]));
    assert!(help.contains("[possible values: table, json]"), "{help}");
}
