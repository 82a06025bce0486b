//! `accsm fix` on the published matrices (every fix accsm is certain of, nothing else, comments
//! kept), and `apply_fixes` on the cases a fix must refuse rather than guess. The edits `fix`
//! makes are checked against the findings that carry them in `tests/fixes.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;

use accsm::diag::{Edit, Fix, Tally};
use accsm::edit::apply_fixes;
use accsm::source::{FileId, Span};

/// A scratch copy of the reference lists, the KPIs and the published matrices.
fn published_copy() -> tempfile::TempDir {
    let dir = common::temp_dir("accsm-fix-");
    let root = common::root();
    common::copy_dir(&root.join("data/reference"), &dir.path().join("reference"));
    std::fs::copy(root.join("data/kpis.toml"), dir.path().join("kpis.toml")).unwrap();
    common::copy_dir(
        &root.join("tests/fixtures/published"),
        &dir.path().join("published"),
    );
    dir
}

const ARGS: [&str; 3] = ["reference", "kpis.toml", "published"];

fn check(dir: &Path) -> accsm::load::Loaded {
    accsm::check::check_paths(&ARGS.map(|a| dir.join(a)))
}

fn comments(text: &str) -> Vec<String> {
    use toml_parser::lexer::TokenKind;
    toml_parser::Source::new(text)
        .lex()
        .filter(|t| t.kind() == TokenKind::Comment)
        .map(|t| text[t.span().start()..t.span().end()].to_string())
        .collect()
}

#[test]
fn fix_removes_every_fixable_finding_of_the_published_plans_and_keeps_the_rest() {
    let dir = published_copy();
    let before = check(dir.path());
    assert_eq!(
        Tally::of(&before.diagnostics),
        Tally {
            errors: 96,
            warnings: 42,
            notes: 68,
            accepted: 0,
        }
    );
    let fixable = before
        .diagnostics
        .iter()
        .filter(|d| d.fix.is_some())
        .count();
    assert_eq!(fixable, 81);
    let originals: Vec<(String, String)> = ["accsm-2021-2025", "accsm-plus-three-2021-2025"]
        .iter()
        .map(|name| {
            let path = dir.path().join(format!("published/{name}.toml"));
            (name.to_string(), std::fs::read_to_string(path).unwrap())
        })
        .collect();

    let out = common::accsm_in(dir.path(), &["fix", "reference", "kpis.toml", "published"]);
    let stdout = common::stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        common::stderr(&out)
    );
    assert!(
        stdout.contains("fixed 81 findings in 2 files\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("before: 96 errors, 42 warnings, 68 notes in 13 files\n")
            && stdout.contains("after:  16 errors, 44 warnings, 67 notes in 13 files\n"),
        "{stdout}"
    );

    let after = check(dir.path());
    assert!(after.diagnostics.iter().all(|d| d.fix.is_none()));
    assert_eq!(
        Tally::of(&after.diagnostics),
        Tally {
            errors: 16,
            warnings: 44,
            notes: 67,
            accepted: 0,
        }
    );
    for (name, original) in &originals {
        let path = dir.path().join(format!("published/{name}.toml"));
        let fixed = std::fs::read_to_string(path).unwrap();
        // Every comment stays, in its place; only reference lists, budgets and the one
        // timeline written `Annual` where the others say `Annually` change.
        assert_eq!(comments(&fixed), comments(original), "{name}");
        for key in changed_keys(original, &fixed) {
            assert!(
                [
                    "kras",
                    "measures",
                    "apsc_lines",
                    "declarations",
                    "relevant_measures",
                    "budget",
                    "timeline"
                ]
                .contains(&key.as_str()),
                "{name}: {key}"
            );
        }
    }
    // A second run has nothing left to do.
    let again = common::accsm_in(dir.path(), &["fix", "reference", "kpis.toml", "published"]);
    assert!(common::stdout(&again).starts_with("nothing to fix that accsm is certain of\n"));
}

/// The keys whose values differ between two versions of a file of `[[plan]]`s and
/// `[[programme]]`s, record by record.
fn changed_keys(before: &str, after: &str) -> Vec<String> {
    let (a, b): (toml::Table, toml::Table) = (
        toml::from_str(before).unwrap(),
        toml::from_str(after).unwrap(),
    );
    let mut keys = Vec::new();
    for table in ["plan", "programme"] {
        let records = |t: &toml::Table| {
            t.get(table)
                .and_then(|v| v.as_array())
                .cloned()
                .unwrap_or_default()
        };
        let (old, new) = (records(&a), records(&b));
        assert_eq!(old.len(), new.len());
        for (o, n) in old.iter().zip(&new) {
            let (o, n) = (o.as_table().unwrap(), n.as_table().unwrap());
            for key in o.keys().chain(n.keys()) {
                if o.get(key) != n.get(key) && !keys.contains(key) {
                    keys.push(key.clone());
                }
            }
        }
    }
    keys
}

#[test]
fn a_dry_run_changes_nothing() {
    let dir = published_copy();
    let path = dir.path().join("published/accsm-2021-2025.toml");
    let before = std::fs::read(&path).unwrap();
    let out = common::accsm_in(
        dir.path(),
        &["fix", "--dry-run", "reference", "kpis.toml", "published"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(common::stdout(&out).contains("would fix 81 findings in 2 files\n"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn fix_and_fmt_never_write_through_a_link_out_of_the_repository() {
    let repo = common::scratch_repo();
    let outside = common::temp_dir("accsm-outside-");
    let secret = outside.path().join("plan.toml");
    let text = "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 99\ntitle = \"T\"\n\
                coordinators = [\"Indonesia\"]\n  kras   = [\"A.2.\"]\n";
    std::fs::write(&secret, text).unwrap();
    std::os::unix::fs::symlink(&secret, repo.path().join("data/linked.toml")).unwrap();
    for args in [&["fix"][..], &["fmt"][..]] {
        let out = common::accsm_in(repo.path(), args);
        assert!(
            common::stderr(&out).contains("outside the repository"),
            "{args:?}: {}",
            common::stderr(&out)
        );
        assert_eq!(std::fs::read_to_string(&secret).unwrap(), text, "{args:?}");
    }
}

// `apply_fixes` alone.

fn span(text: &str, needle: &str) -> Span {
    let start = text.find(needle).unwrap();
    Span::new(FileId(0), start..start + needle.len())
}

fn replace(text: &str, needle: &str, value: &str) -> Fix {
    Fix {
        description: String::new(),
        edits: vec![Edit::ReplaceValue {
            span: span(text, needle),
            value: value.to_string(),
        }],
    }
}

fn apsc_move(text: &str, needle: &str) -> Fix {
    Fix {
        description: String::new(),
        edits: vec![Edit::MoveToList {
            span: span(text, needle),
            value: needle.trim_matches('"').to_string(),
            list: "apsc_lines",
        }],
    }
}

fn apply(text: &str, fixes: &[Fix]) -> accsm::edit::FixedFile {
    let numbered: Vec<(usize, &Fix)> = fixes.iter().enumerate().collect();
    apply_fixes(text, &numbered, &accsm::load::schema())
}

#[test]
fn a_moved_value_joins_the_list_after_its_neighbour_in_the_schema_or_a_new_one() {
    let text = "[[programme]]\r\nplan = \"p\"\r\nkras = [\"A.2\", \"A.2.2\"]\r\n\
                measures = [\"A.2.v\",\"A.2.2.iii\"]   # as printed\r\nnote = \"n\"\r\n";
    let fixed = apply(
        text,
        &[
            apsc_move(text, "\"A.2.2\""),
            apsc_move(text, "\"A.2.2.iii\""),
        ],
    );
    assert_eq!(fixed.applied, [0, 1]);
    assert_eq!(
        fixed.text,
        "[[programme]]\r\nplan = \"p\"\r\nkras = [\"A.2\"]\r\nmeasures = [\"A.2.v\"]   # as printed\r\n\
         apsc_lines = [\"A.2.2\", \"A.2.2.iii\"]\r\nnote = \"n\"\r\n"
    );
    let existing = "[[programme]]\nmeasures = [\"A.2.2.i\"]\napsc_lines = [\"A.2.2.i\"]\n";
    let fixed = apply(existing, &[apsc_move(existing, "\"A.2.2.i\"")]);
    assert_eq!(
        fixed.text,
        "[[programme]]\nmeasures = []\napsc_lines = [\"A.2.2.i\"]\n"
    );
}

#[test]
fn what_cannot_be_fixed_safely_is_refused_and_left_as_it_is() {
    // A list that holds comments is not written again.
    let commented = "[[programme]]\nmeasures = [\"A.2.2.i\", # printed here\n  \"E.1.i\"]\n";
    let fixed = apply(commented, &[apsc_move(commented, "\"A.2.2.i\"")]);
    assert_eq!((fixed.text.as_str(), fixed.applied.len()), (commented, 0));
    assert!(
        fixed.refused[0].1.contains("comments"),
        "{:?}",
        fixed.refused
    );
    // ... but a string in it can still be corrected where it stands.
    let fixed = apply(commented, &[replace(commented, "\"E.1.i\"", "E.1.ii")]);
    assert_eq!(fixed.text, commented.replace("E.1.i\"", "E.1.ii\""));
    // Two fixes of one value: the first only.
    let text = "[[programme]]\nkras = [\"A.2.\"]\n";
    let fixed = apply(
        text,
        &[
            replace(text, "\"A.2.\"", "A.2"),
            replace(text, "\"A.2.\"", "A.1"),
        ],
    );
    assert_eq!(fixed.text, "[[programme]]\nkras = [\"A.2\"]\n");
    assert_eq!(fixed.refused.len(), 1);
    // A span that no longer holds a string, and a file that no longer parses.
    let moved = Fix {
        description: String::new(),
        edits: vec![Edit::ReplaceValue {
            span: Span::new(FileId(0), 0..5),
            value: "x".into(),
        }],
    };
    assert_eq!(apply(text, &[moved]).text, text);
    let broken = "[[programme]]\nkras = [\"A.2.\"\n";
    let fixed = apply(broken, &[replace(broken, "\"A.2.\"", "A.2")]);
    assert_eq!((fixed.text.as_str(), fixed.refused.len()), (broken, 1));
    // A value to escape is written escaped.
    let fixed = apply(text, &[replace(text, "\"A.2.\"", "a\"\nb")]);
    assert_eq!(fixed.text, "[[programme]]\nkras = [\"a\\\"\\nb\"]\n");
}

/// A file whose last line has no line break: the moved value's new list goes on a line of its
/// own, and the other fixes of the file are made too.
#[test]
fn a_new_list_after_a_last_line_without_a_line_break_is_a_line_of_its_own() {
    let text = "[[programme]]\nkras = [\"A.2.\"]\nmeasures = [\"A.2.2.iii\"]";
    let fixed = apply(
        text,
        &[
            replace(text, "\"A.2.\"", "A.2"),
            apsc_move(text, "\"A.2.2.iii\""),
        ],
    );
    assert_eq!(fixed.applied, [0, 1], "{:?}", fixed.refused);
    assert_eq!(
        fixed.text,
        "[[programme]]\nkras = [\"A.2\"]\nmeasures = []\napsc_lines = [\"A.2.2.iii\"]\n"
    );
    let header_only = "[[programme]]";
    let moved = "[[programme]]\nmeasures = [\"A.2.2.iii\"]";
    assert_eq!(apply(header_only, &[]).text, header_only);
    let fixed = apply(moved, &[apsc_move(moved, "\"A.2.2.iii\"")]);
    assert!(
        toml::from_str::<toml::Table>(&fixed.text).is_ok(),
        "{}",
        fixed.text
    );
}

/// A fix that cannot be made leaves the others of its file to be made, and says why it was not.
#[test]
fn one_fix_that_cannot_be_made_does_not_hold_back_the_others() {
    // Moving the value would need a new `apsc_lines` where the file has a `apsc_lines` table.
    let text = "[[programme]]\nkras = [\"A.2.\"]\nmeasures = [\"A.2.2.iii\"]\n\
                [programme.apsc_lines]\nx = 1\n";
    let fixed = apply(
        text,
        &[
            replace(text, "\"A.2.\"", "A.2"),
            apsc_move(text, "\"A.2.2.iii\""),
        ],
    );
    assert_eq!(fixed.applied, [0], "{:?}", fixed.refused);
    assert_eq!(fixed.text, text.replace("\"A.2.\"", "\"A.2\""));
    assert_eq!(fixed.refused.len(), 1);
    assert!(
        !fixed.refused[0].1.contains("comments"),
        "{:?}",
        fixed.refused
    );
}

/// `accsm fix | head -1`: the reader going away does not stop the fixing.
#[test]
fn a_closed_pipe_does_not_stop_the_fixing() {
    let dir = common::temp_dir("accsm-fix-pipe-");
    common::copy_dir(&common::root().join("tests/cmd/fix.in"), dir.path());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_accsm"))
        .arg("fix")
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let fixed = std::fs::read_to_string(dir.path().join("data/plan.toml")).unwrap();
    let expected =
        std::fs::read_to_string(common::root().join("tests/cmd/fix.out/data/plan.toml")).unwrap();
    assert_eq!(fixed, expected);
}

/// A file saved as UTF-16 (Windows Notepad's "Unicode") is left as it is, as `fmt` leaves it:
/// its fixes are listed as not made, with what to do.
#[test]
fn fix_leaves_a_utf16_file_as_it_is() {
    let dir = common::temp_dir("accsm-fix-utf16-");
    common::copy_dir(&common::root().join("tests/cmd/fix.in"), dir.path());
    let path = dir.path().join("data/plan.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, &utf16).unwrap();
    let out = common::accsm_in(dir.path(), &["fix"]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    assert!(
        std::fs::read(&path).unwrap() == utf16,
        "the UTF-16 file was rewritten"
    );
    let said = common::stdout(&out);
    assert!(
        said.starts_with("nothing to fix that accsm is certain of\n")
            && said.contains("(not fixed: the file is UTF-16 text; save it as UTF-8"),
        "{said}"
    );
}

/// Many fixes in one file are made in one pass, and the few that cannot be made are found by
/// halving the rest (not by trying each alone): 2,000 corrections are made and the three moves
/// that would clash with an `apsc_lines` table are refused, each with its reason.
/// `scripts/fix-bench.sh` measures the cost.
#[test]
fn thousands_of_fixes_in_one_file_are_made_together_and_the_bad_ones_found() {
    let mut text = String::new();
    for i in 0..2_000 {
        text.push_str(&format!(
            "[[programme]]\nnumber = {i}\nkras = [\"A.2.\"]\nmeasures = [\"A.2.2.iii\"]\n"
        ));
        if [7, 1_001, 1_999].contains(&i) {
            text.push_str("[programme.apsc_lines]\nx = 1\n");
        }
    }
    let mut fixes = Vec::new();
    let mut moves = Vec::new();
    for (at, _) in text.match_indices("\"A.2.\"") {
        let span = Span::new(FileId(0), at..at + 6);
        fixes.push(Fix {
            description: String::new(),
            edits: vec![Edit::ReplaceValue {
                span,
                value: "A.2".into(),
            }],
        });
    }
    for (n, (at, _)) in text.match_indices("\"A.2.2.iii\"").enumerate() {
        if [7, 1_001, 1_999].contains(&n) {
            moves.push(fixes.len());
            fixes.push(Fix {
                description: String::new(),
                edits: vec![Edit::MoveToList {
                    span: Span::new(FileId(0), at..at + 11),
                    value: "A.2.2.iii".into(),
                    list: "apsc_lines",
                }],
            });
        }
    }
    let fixed = apply(&text, &fixes);
    assert_eq!(fixed.applied, (0..2_000).collect::<Vec<_>>());
    let refused: Vec<usize> = fixed.refused.iter().map(|(n, _)| *n).collect();
    assert_eq!(refused, moves, "{:?}", fixed.refused);
    assert!(
        fixed
            .refused
            .iter()
            .all(|(_, why)| why.contains("valid TOML"))
    );
    assert_eq!(fixed.text, text.replace("\"A.2.\"", "\"A.2\""));
}
