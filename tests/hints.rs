//! Every command accsm suggests must run where it is suggested. Each scenario runs accsm as a
//! user would (in a checkout of accsm, outside any repository, with `--root`, on broken or
//! unformatted data), takes every `accsm …` command its output names (in backticks, or in
//! parentheses), and runs it from the same folder: it may find problems (exit 1), but it must not
//! be a usage error (exit 2).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;

use common::{accsm_in, copy_dir, root, stderr, stdout, temp_dir};

/// A checkout-like folder: the manifest, the data and the illustrative returns, in a git work
/// tree (the illustrative set reads the data beside it, which it may do only inside one).
fn checkout(dir: &Path) {
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    copy_dir(&root().join("data"), &dir.join("data"));
    copy_dir(
        &root().join("examples/kpi-returns"),
        &dir.join("examples/kpi-returns"),
    );
    std::fs::copy(root().join("accsm.toml"), dir.join("accsm.toml")).unwrap();
}

/// The `accsm …` commands a text names: `` `accsm …` `` and `(accsm …)`.
fn hinted_commands(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (open, close) in [("`accsm ", '`'), ("(accsm ", ')')] {
        let mut rest = text;
        while let Some(at) = rest.find(open) {
            let after = &rest[at + 1..];
            let Some(end) = after.find(close) else { break };
            found.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    found
}

/// Splits a command as a shell would for the simple forms accsm prints: words, and words in
/// single quotes.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in command.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    assert!(!quoted, "unbalanced quote in `{command}`");
    if any {
        out.push(word);
    }
    out
}

/// The commands accsm's output suggests when run in `dir` with each of `runs`, each once. All
/// are collected before any is run, since a suggested command may change the folder (write a
/// return) and with it what the next run suggests.
fn hints_of(dir: &Path, runs: &[&[&str]]) -> Vec<(String, String)> {
    let mut hints: Vec<(String, String)> = Vec::new();
    for args in runs {
        let out = accsm_in(dir, args);
        let text = format!("{}\n{}", stdout(&out), stderr(&out));
        for hint in hinted_commands(&text) {
            if !hints.iter().any(|(h, _)| *h == hint) {
                hints.push((hint, args.join(" ")));
            }
        }
    }
    hints
}

/// A scenario: `setup` fills the empty folder `base`; accsm runs in `base/cwd` with each of
/// `runs`. Each suggested command then runs on a fresh setup at the same place (a suggestion
/// may write a file another one would write too). Returns the suggestions.
fn run_hints(base: &Path, setup: fn(&Path), cwd: &str, runs: &[&[&str]]) -> Vec<String> {
    let fresh = || {
        if base.exists() {
            std::fs::remove_dir_all(base).unwrap_or_else(|e| panic!("{}: {e}", base.display()));
        }
        std::fs::create_dir_all(base.join(cwd)).unwrap();
        setup(base);
    };
    fresh();
    let dir = base.join(cwd);
    let hints = hints_of(&dir, runs);
    for (hint, from) in &hints {
        fresh();
        let argv = words(hint);
        assert_eq!(argv[0], "accsm", "{hint}");
        let rest: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
        let ran = accsm_in(&dir, &rest);
        let code = ran.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "`accsm {from}` in {} suggests `{hint}`, which exits {code:?}:\n{}",
            dir.display(),
            stderr(&ran)
        );
    }
    hints.into_iter().map(|(h, _)| h).collect()
}

fn nothing(_: &Path) {}

/// A checkout with a data file that has an error, an acceptance of no known code, and a line
/// out of accsm's layout.
fn broken(dir: &Path) {
    checkout(dir);
    std::fs::write(
        dir.join("data/extra.toml"),
        "# accsm: allow(no-such-code) a code that does not exist\n\
         [[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 900\ntitle =   \"Extra\"\n\
         coordinators = [\"XXX\"]\n",
    )
    .unwrap();
}

#[test]
fn every_suggested_command_runs() {
    let temp = temp_dir("accsm-hints-");
    let at = |name: &str| temp.path().join(name);
    let mut all: Vec<String> = Vec::new();

    // In a checkout of accsm: no returns in its own data, the illustrative set beside it.
    all.extend(run_hints(
        &at("checkout"),
        checkout,
        "",
        &[
            &["trend"],
            &["report", "--format", "markdown"],
            &["list", "--partner", "UNDP"],
            &["list", "--partner", "International organization"],
        ],
    ));

    // From another folder, with --root: absolute, then relative.
    let root = at("rooted");
    let absolute = root.join("repo");
    let absolute = absolute.to_str().unwrap();
    all.extend(run_hints(
        &root,
        |base| checkout(&base.join("repo")),
        "elsewhere",
        &[&["--root", absolute, "trend"]],
    ));
    all.extend(run_hints(
        &at("relative"),
        checkout,
        "examples",
        &[
            &["--root", "..", "trend"],
            &["--root", "..", "report", "--format", "markdown"],
        ],
    ));

    // Outside any repository: the built-in data.
    all.extend(run_hints(
        &at("bare"),
        nothing,
        "",
        &[
            &["trend"],
            &["report", "--format", "markdown"],
            &["list", "--partner", "UNDP"],
        ],
    ));

    // Broken, unaccepted and unformatted data.
    all.extend(run_hints(
        &at("broken"),
        broken,
        "",
        &[&["list"], &["validate"], &["fmt", "--check"]],
    ));

    // The scenarios must have found the hints this test is about, or it proves nothing.
    for expected in [
        "accsm --root examples/kpi-returns trend",
        "accsm --root examples/kpi-returns report",
        "accsm new return --country IDN --year 2023",
        "accsm --root .. new return --country IDN --year 2023",
        "accsm --root ../examples/kpi-returns trend",
        "accsm init my-plans --period 2021-2025",
        "accsm list --search UNDP",
        "accsm validate",
        "accsm rules",
        "accsm fmt",
    ] {
        assert!(
            all.iter().any(|h| h == expected),
            "no scenario suggested `{expected}`; found: {all:?}"
        );
    }
}

#[test]
fn hints_are_found_in_backticks_and_parentheses() {
    let text =
        "run `accsm validate` to see; 4 mention it (accsm list --search 'a b') and `git init`";
    assert_eq!(
        hinted_commands(text),
        ["accsm validate", "accsm list --search 'a b'"]
    );
    assert_eq!(
        words("accsm list --search 'a b'"),
        ["accsm", "list", "--search", "a b"]
    );
}
