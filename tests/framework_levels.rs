//! Results frameworks declare their own levels: no level name of the ASCC Blueprint 2025
//! (characteristic, KRA, strategic measure) is written in accsm's code except where it stands
//! for the Blueprint on purpose (`--kra` and `--measure`, shorthands of `--cites`, and the
//! codes of findings, which are stable names). `--cites` is the general form, and the shell
//! offers every framework's entries for it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;

use common::{accsm, root, stderr, stdout};

/// The string literals of the library and the binary (outside test modules and comments) that
/// name a Blueprint level, with why each stands. An entry that no longer matches fails the test,
/// so the list only shrinks.
const ALLOWED: &[(&str, &str)] = &[
    // `list --kra`: the Blueprint's shorthand, kept beside the general `--cites`.
    ("src/cli/lists.rs", "KRA"),
    ("src/query/mod.rs", "kra={k}"),
    ("src/commands/completions.rs", "kra"),
    ("src/commands/completions.rs", "kras"),
    // Codes of findings are names users write in `# accsm: allow` comments and CI settings;
    // their messages use the level names of the plan's own framework.
    ("src/diag/codes.rs", "measure-without-kra"),
    ("src/diag/codes.rs", "kra-without-measure"),
    // Descriptions of codes and their details give the Blueprint as an example, as such.
    (
        "src/diag/codes.rs",
        "A reference to something that is not defined (area, KRA, measure, declaration, country…).",
    ),
    (
        "src/diag/codes.rs",
        "A reference of one kind in a field for another (an APSC line among KRAs, a priority area among declarations).",
    ),
    (
        "src/diag/codes.rs",
        "An entry of the plan's results framework whose parent the programme does not cite (a strategic measure whose KRA is not among the programme's KRAs).",
    ),
    (
        "src/diag/codes.rs",
        "An entry of the plan's results framework that none of the entries the programme cites at the level below belongs to (a KRA none of its strategic measures belongs to).",
    ),
    (
        "src/diag/codes.rs",
        "An entry of the lowest level of the plan's results framework (a strategic measure) outside the plan's list of relevant ones.",
    ),
    (
        "src/diag/details.rs",
        "The APSC element `A.2.2` among KRAs is one.",
    ),
];

/// Whether a literal names a Blueprint level.
fn names_a_level(s: &str) -> bool {
    let l = s.to_lowercase();
    l.contains("kra") || l.contains("characteristic") || l.contains("strategic measure")
}

/// The one-line string literals of a file, up to its test module, outside `//` comments.
fn literals(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find('"') {
            let after = &rest[start + 1..];
            let mut end = None;
            let mut escaped = false;
            for (i, c) in after.char_indices() {
                match c {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = Some(i);
                        break;
                    }
                    _ => escaped = false,
                }
            }
            let Some(end) = end else { break };
            out.push(after[..end].to_string());
            rest = &after[end + 1..];
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_level_name_is_written_in_the_code_but_where_it_stands_for_the_blueprint() {
    let root = root();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let mut found = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        for lit in literals(&std::fs::read_to_string(f).unwrap()) {
            if names_a_level(&lit) {
                found.push((rel.clone(), lit));
            }
        }
    }
    let stray: Vec<_> = found
        .iter()
        .filter(|(f, l)| !ALLOWED.iter().any(|(af, al)| af == f && al == l))
        .collect();
    assert!(
        stray.is_empty(),
        "a Blueprint level name is written in the code; take it from the framework's levels \
         (Dataset::framework_of, Level::name), or say here why it stands: {stray:#?}"
    );
    let gone: Vec<_> = ALLOWED
        .iter()
        .filter(|(af, al)| !found.iter().any(|(f, l)| af == f && al == l))
        .collect();
    assert!(gone.is_empty(), "no longer in the code; remove: {gone:#?}");
}

#[test]
fn the_blueprint_shorthands_are_the_general_filter() {
    for (short, general) in [
        (["list", "--kra", "B.2"], ["list", "--cites", "kra=B.2"]),
        (
            ["list", "--measure", "E.2.iv"],
            ["list", "--cites", "measure=E.2.iv"],
        ),
    ] {
        let (a, b) = (accsm(&short), accsm(&general));
        assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
        assert!(!stdout(&a).trim().is_empty());
        assert_eq!(stdout(&a), stdout(&b), "{short:?}");
    }
}

/// What bash offers at TAB after `words`, with the script of `accsm completions bash`; `None`
/// without bash.
fn bash_offers(words: &[&str]) -> Option<Vec<String>> {
    let script = stdout(&accsm(&["completions", "bash"]));
    let bin = Path::new(env!("CARGO_BIN_EXE_accsm")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "{script}\nCOMP_WORDS=({}); COMP_CWORD={}; COMP_TYPE=9; \
         _clap_complete_accsm accsm '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &program])
        .current_dir(root())
        .env("PATH", path)
        .output()
        .ok()?;
    assert!(out.status.success(), "{}", stderr(&out));
    Some(stdout(&out).lines().map(|l| l.trim().to_string()).collect())
}

/// `--cites` takes an entry of any level of any framework, and the shell offers them all.
#[test]
fn the_shell_offers_every_framework_entry_for_cites() {
    let Some(offered) = bash_offers(&["accsm", "list", "--cites", "A.2"]) else {
        return;
    };
    for id in ["A.2", "A.2.v"] {
        assert!(offered.contains(&id.to_string()), "{offered:?}");
    }
    assert!(offered.iter().all(|o| o.starts_with("A.2")), "{offered:?}");
}
