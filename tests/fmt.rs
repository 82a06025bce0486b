//! `accsm fmt`: every file of the repository round-trips (same values, same comments, a second
//! run changes nothing), the layout rules hold, and random valid files keep their values and
//! comments. Values and comments are compared here with code of the tests' own (`toml` for the
//! values, the TOML lexer for the comments), not with the checks `format_toml` runs itself.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::{Path, PathBuf};

use accsm::edit::{FormatError, format_toml};
use proptest::prelude::*;

fn schema() -> accsm::load::Schema {
    accsm::load::schema()
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

/// The values of a TOML text, as `toml` reads them.
fn values(text: &str) -> toml::Table {
    toml::from_str(text.trim_start_matches('\u{feff}')).unwrap()
}

/// The comments of a TOML text, sorted (a comment moves with its key).
fn comments(text: &str) -> Vec<String> {
    use toml_parser::lexer::TokenKind;
    let mut found: Vec<String> = toml_parser::Source::new(text)
        .lex()
        .filter(|t| t.kind() == TokenKind::Comment)
        .map(|t| {
            text[t.span().start()..t.span().end()]
                .trim_end()
                .to_string()
        })
        .collect();
    found.sort();
    found
}

fn assert_round_trip(text: &str, what: &str) -> String {
    let out = format_toml(text, &schema()).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(values(&out), values(text), "{what}: values changed");
    assert_eq!(comments(&out), comments(text), "{what}: comments changed");
    let again = format_toml(&out, &schema()).unwrap();
    assert_eq!(again, out, "{what}: a second run changed it");
    out
}

#[test]
fn every_file_of_data_examples_and_fixtures_round_trips() {
    let root = common::root();
    let mut files = Vec::new();
    for dir in ["data", "examples", "tests/fixtures"] {
        toml_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 100, "{}", files.len());
    let (mut formatted, mut refused) = (0, 0);
    for path in &files {
        let what = path.strip_prefix(&root).unwrap().display().to_string();
        let Ok(text) = String::from_utf8(std::fs::read(path).unwrap()) else {
            // The not-UTF-8 fixture: `accsm fmt` leaves it (see the CLI cases).
            assert!(what.contains("not-utf8"), "{what}");
            refused += 1;
            continue;
        };
        if toml::from_str::<toml::Table>(&text).is_err() {
            let result = format_toml(&text, &schema());
            assert!(
                matches!(result, Err(FormatError::NotToml(_))),
                "{what}: {result:?}"
            );
            refused += 1;
            continue;
        }
        let out = assert_round_trip(&text, &what);
        // The shipped data and the examples are kept formatted, so the first `accsm fmt` on
        // them (and on a repository `accsm init` makes from them) changes nothing.
        if what.starts_with("data/") || what.starts_with("examples/") {
            assert_eq!(out, text, "{what} is not formatted: run `accsm fmt`");
        }
        formatted += 1;
    }
    assert!(formatted > 100 && refused >= 2, "{formatted} {refused}");
}

fn fmt(text: &str) -> String {
    assert_round_trip(text, text)
}

#[test]
fn keys_follow_the_schema_and_take_their_comments_with_them() {
    let text = "[[programme]]\ncoordinators = [\"IDN\"]\n# published: 2O22\ntimeline = \"2022\"\n\
                title = \"T\"   # as printed\nplan = \"p\"\nnumber = 1\nmystery = true\n";
    assert_eq!(
        fmt(text),
        "[[programme]]\nplan = \"p\"\nnumber = 1\ntitle = \"T\"   # as printed\n\
         # published: 2O22\ntimeline = \"2022\"\ncoordinators = [\"IDN\"]\nmystery = true\n"
    );
}

#[test]
fn spacing_lists_and_inline_tables_have_one_form() {
    let text = "[[programme]]\n  plan=\"p\"\nnumber  =  1\ncoordinators = [\n  \"IDN\",\n  \"BRN\",\n]\n\
                budget = {currency=\"USD\",text=\"t\" , amount = 5.00}\n";
    assert_eq!(
        fmt(text),
        "[[programme]]\nplan = \"p\"\nnumber = 1\n\
         budget = { text = \"t\", amount = 5.00, currency = \"USD\" }\ncoordinators = [\"IDN\", \"BRN\"]\n"
    );
}

#[test]
fn a_list_with_a_long_item_has_one_item_a_line_and_a_commented_list_is_kept() {
    let long = "x".repeat(90);
    let text = format!("[[kpi]]\nquestions = [\"short\", \"{long}\"]\n");
    assert_eq!(
        fmt(&text),
        format!("[[kpi]]\nquestions = [\n  \"short\",\n  \"{long}\",\n]\n")
    );
    let commented = "[[programme]]\nkras = [ \"A.2\", # why\n  \"E.1\" ]\n";
    assert_eq!(fmt(commented), commented);
}

#[test]
fn a_budget_table_becomes_inline_unless_it_holds_comments() {
    let text = "[[programme]]\nplan = \"p\"\ncoordinators = [\"IDN\"]\n# the budget\n\
                [programme.budget]\ncurrency = \"USD\"\ntext = \"t\"\n";
    assert_eq!(
        fmt(text),
        "[[programme]]\nplan = \"p\"\n# the budget\nbudget = { text = \"t\", currency = \"USD\" }\n\
         coordinators = [\"IDN\"]\n"
    );
    let commented = "[[programme]]\nplan = \"p\"\n\n[programme.budget]\n# why\ntext = \"t\"\n";
    assert_eq!(fmt(commented), commented);
}

#[test]
fn blank_lines_are_grouped_once_and_every_record_is_set_off() {
    let text = "\n\n# head\n\n\n[[arc]]\n\ncountry = \"BRN\"\n\n\nname = \"n\"\n[[arc]]\n\
                country = \"KHM\"   \n# trailing\n\n\n";
    assert_eq!(
        fmt(text),
        "# head\n\n[[arc]]\ncountry = \"BRN\"\n\nname = \"n\"\n\n[[arc]]\ncountry = \"KHM\"\n# trailing\n"
    );
}

#[test]
fn a_byte_order_mark_and_windows_line_endings_are_kept() {
    let text =
        "\u{feff}[[arc]]\r\nname = \"n\"\r\ncountry = \"BRN\"\r\nnote = \"\"\"a\r\nb\"\"\"\r\n";
    assert_eq!(
        fmt(text),
        "\u{feff}[[arc]]\r\ncountry = \"BRN\"\r\nname = \"n\"\r\nnote = \"\"\"a\r\nb\"\"\"\r\n"
    );
}

#[test]
fn what_is_not_toml_is_refused_with_where() {
    let result = format_toml("[[programme]]\ntitle = \"open\n", &schema());
    let Err(FormatError::NotToml(why)) = result else {
        panic!("{result:?}");
    };
    assert!(why.starts_with("at line 2, column "), "{why}");
}

/// What `toml_edit` reads but TOML 1.0 does not allow is left as it is, with where: two
/// byte-order marks (the printer dropped one) and an inline table over a line break (the printer
/// joined it); an inline table holding a list or a string over several lines is TOML 1.0 and
/// is formatted.
#[test]
fn what_only_a_lenient_reader_takes_is_left_as_it_is() {
    let cases = [
        (
            "\u{feff}\u{feff}# two marks\n[[arc]]\nname = \"n\"\n",
            "starts with a second byte-order mark",
        ),
        (
            "[[programme]]\nbudget = { text =\n \"x\" }\n",
            "at line 2, column 18: an inline table",
        ),
        (
            "[[programme]]\nx = [{ a = 1,\n b = 2 }]\n",
            "at line 2, column 14: an inline table",
        ),
        (
            "[[programme]]\nx = { a = { b = 1\n } }\n",
            "at line 2, column 18: an inline table",
        ),
    ];
    for (text, expect) in cases {
        match format_toml(text, &schema()) {
            Err(FormatError::NotToml10(why)) => assert!(why.starts_with(expect), "{why}"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
    let fine = "[[programme]]\nx = { a = [\n1,\n2], b = \"\"\"\nline\"\"\" }\n";
    assert!(format_toml(fine, &schema()).is_ok());
    // `accsm fmt` writes neither file and says why.
    let repo = common::scratch_repo();
    let (two_marks, split) = (cases[0].0, cases[1].0);
    std::fs::write(repo.path().join("data/marks.toml"), two_marks).unwrap();
    std::fs::write(repo.path().join("data/split.toml"), split).unwrap();
    let out = common::accsm_in(repo.path(), &["fmt"]);
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let said = common::stderr(&out);
    assert!(
        said.contains("other TOML readers refuse this, so it is left as it is"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("data/marks.toml")).unwrap(),
        two_marks
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("data/split.toml")).unwrap(),
        split
    );
}

#[test]
fn hostile_shapes_neither_panic_nor_change_values() {
    let deep_keys = format!("{} = 1\n", vec!["k"; 2000].join("."));
    let deep_tables = format!("[{}]\nx = 1\n", vec!["t"; 2000].join("."));
    let deep_arrays = format!("a = {}1{}\n", "[".repeat(5000), "]".repeat(5000));
    let long_line = format!("[[programme]]\ntitle = \"{}\"\n", "é".repeat(1 << 20));
    let odd = "a = nan\nb = -0.0\nc = 1979-05-27T07:32:00Z\n\"quoted key\" = 'lit'\nd = \"\"\"\nx\"\"\"\n";
    for text in [&deep_keys, &deep_tables, &deep_arrays, &long_line, odd] {
        match format_toml(text, &schema()) {
            Ok(out) => {
                let same = format_toml(&out, &schema()).unwrap();
                assert_eq!(same, out);
            }
            Err(FormatError::NotToml(_)) => {}
            Err(e) => panic!("{e}"),
        }
    }
}

// A random valid programme file: keys in random order, random spacing, blank lines, comments
// above keys and after values, lists written on one line or several, the budget inline, as a
// table of its own or not at all, `\n` or `\r\n`.

#[derive(Clone, Debug)]
struct Entry {
    key: &'static str,
    value: String,
    above: Option<String>,
    after: Option<String>,
    blank: bool,
}

fn list_value() -> impl Strategy<Value = String> {
    (
        prop::collection::vec("[A-Za-z0-9 .é–]{0,12}", 0..4),
        any::<bool>(),
    )
        .prop_map(|(items, multiline)| {
            let quoted: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
            if multiline && !quoted.is_empty() {
                format!("[\n    {},\n]", quoted.join(",\n    "))
            } else {
                format!("[ {} ]", quoted.join(" ,"))
            }
        })
}

fn entry() -> impl Strategy<Value = Entry> {
    let key = prop::sample::select(vec![
        "title",
        "timeline",
        "coordinators",
        "kras",
        "measures",
        "note",
        "status",
        "partners",
        "zzz_unknown",
    ]);
    (
        key,
        "[A-Za-z0-9 #'é]{0,20}",
        list_value(),
        prop::option::of("[A-Za-z0-9 #]{0,15}"),
        prop::option::of("[A-Za-z0-9 #]{0,15}"),
        any::<bool>(),
    )
        .prop_map(|(key, text, list, above, after, blank)| {
            let is_list = matches!(key, "coordinators" | "kras" | "measures" | "partners");
            Entry {
                key,
                value: if is_list { list } else { format!("{text:?}") },
                above: above.map(|c| format!("# {c}")),
                after: after.map(|c| format!("# {c}")),
                blank,
            }
        })
}

fn programme_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::collection::vec(entry(), 0..8), 1..4),
        0..3usize,
        any::<bool>(),
        "[ \t]{0,3}",
    )
        .prop_map(|(programmes, budget, crlf, pad)| {
            let mut out = String::new();
            for (n, entries) in programmes.iter().enumerate() {
                out.push_str(&format!(
                    "[[programme]]\n{pad}plan{pad}={pad}\"p\"\nnumber = {n}\n"
                ));
                let mut seen = Vec::new();
                for e in entries {
                    if seen.contains(&e.key) {
                        continue;
                    }
                    seen.push(e.key);
                    if e.blank {
                        out.push('\n');
                    }
                    if let Some(c) = &e.above {
                        out.push_str(&format!("{pad}{c}\n"));
                    }
                    out.push_str(&format!("{pad}{}{pad}={pad}{}", e.key, e.value));
                    if let Some(c) = &e.after {
                        out.push_str(&format!("{pad}{c}"));
                    }
                    out.push('\n');
                }
                match budget {
                    1 => out.push_str("budget = {currency = \"USD\", text = \"t\"}\n"),
                    2 => out.push_str(&format!(
                        "# budget {n}\n[programme.budget]\ntbc = true\ntext = \"TBC\"\n"
                    )),
                    _ => {}
                }
                out.push('\n');
            }
            if crlf { out.replace('\n', "\r\n") } else { out }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_valid_files_keep_their_values_and_comments(text in programme_text()) {
        prop_assume!(toml::from_str::<toml::Table>(&text).is_ok());
        let out = format_toml(&text, &schema()).unwrap();
        prop_assert_eq!(values(&out), values(&text));
        prop_assert_eq!(comments(&out), comments(&text));
        let again = format_toml(&out, &schema()).unwrap();
        prop_assert_eq!(&again, &out);
        // The keys of every programme come in the schema's order; the keys that cite the
        // plan's results framework (`kras`, `measures`: declared by the data, not the schema)
        // come together before `apsc_lines`, in the order written.
        let order = ["plan", "number", "title", "timeline", "budget", "coordinators",
            "partners", "kras", "kras", "status", "note", "zzz_unknown"];
        let mut last = 0;
        for line in out.lines() {
            if line.starts_with("[[programme]]") {
                last = 0;
            }
            let key = line.split(" = ").next().unwrap_or("");
            let key = if key == "measures" { "kras" } else { key };
            if let Some(at) = order.iter().position(|k| *k == key) {
                prop_assert!(at >= last, "{} out of order in\n{}", key, out);
                last = at;
            }
        }
    }
}

/// A diff shows what a file holds, but nothing in it can drive the terminal: bidirectional
/// overrides and other characters a terminal obeys are shown escaped, in the diff and in the
/// names of files.
#[test]
fn the_diff_and_the_messages_cannot_drive_the_terminal() {
    let dir = common::temp_dir("accsm-fmt-hostile-");
    std::fs::write(dir.path().join("accsm.toml"), "name = \"x\"\n").unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let hostile = "[[programme]]\ntitle = \"right\u{202e}to-left \u{2066}x\u{2069}\"\nplan=\"p\"\n";
    std::fs::write(dir.path().join("data/a.toml"), hostile).unwrap();
    std::fs::write(dir.path().join("data/b\u{1b}[2J.toml"), "x = [\n").unwrap();
    let out = common::accsm_in(dir.path(), &["fmt", "--check"]);
    let (stdout, stderr) = (common::stdout(&out), common::stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stdout.contains("+plan = \"p\"") && stdout.contains("\\u{202e}"),
        "{stdout}"
    );
    assert!(stderr.contains("b\\u{1b}[2J.toml"), "{stderr}");
    let unsafe_char = |c: char| accsm::escape::is_unsafe_char(c) && c != '\n';
    assert!(!stdout.chars().any(unsafe_char) && !stderr.chars().any(unsafe_char));
    // --check wrote nothing.
    let after = std::fs::read_to_string(dir.path().join("data/a.toml")).unwrap();
    assert_eq!(after, hostile);
}

/// Folders that overlap name a file twice; it is formatted once, and nothing fails.
#[test]
fn a_file_named_twice_is_formatted_once() {
    let dir = common::temp_dir("accsm-fmt-twice-");
    std::fs::write(
        dir.path().join("accsm.toml"),
        "name = \"x\"\ndata = [\"data\", \"data/plans\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("data/plans")).unwrap();
    std::fs::write(
        dir.path().join("data/plans/p.toml"),
        "[[arc]]\nname=\"n\"\n",
    )
    .unwrap();
    let out = common::accsm_in(dir.path(), &["fmt"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert_eq!(common::stdout(&out), "formatted data/plans/p.toml\n");
    let text = std::fs::read_to_string(dir.path().join("data/plans/p.toml")).unwrap();
    assert_eq!(text, "[[arc]]\nname = \"n\"\n");
}

/// Runs `accsm` in `dir` with its standard output closed before it writes (`accsm … | head`).
fn with_closed_stdout(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_accsm"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

/// A reader that goes away (`accsm fmt | head -1`) neither stops the formatting halfway nor
/// turns a failed `--check` into a pass.
#[test]
fn a_closed_pipe_neither_stops_the_work_nor_changes_the_verdict() {
    let dir = common::temp_dir("accsm-fmt-pipe-");
    std::fs::write(dir.path().join("accsm.toml"), "name = \"x\"\n").unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    for n in 0..5 {
        std::fs::write(
            dir.path().join(format!("data/{n}.toml")),
            "[[arc]]\nname=\"n\"\n",
        )
        .unwrap();
    }
    let check = with_closed_stdout(dir.path(), &["fmt", "--check"]);
    assert_eq!(check.status.code(), Some(1), "{}", common::stderr(&check));
    assert!(common::stderr(&check).contains("5 of 5 files would be reformatted"));
    let out = with_closed_stdout(dir.path(), &["fmt"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    for n in 0..5 {
        let text = std::fs::read_to_string(dir.path().join(format!("data/{n}.toml"))).unwrap();
        assert_eq!(text, "[[arc]]\nname = \"n\"\n", "file {n}");
    }
}

/// A read-only file is left as it is and reported (exit 2); the others are formatted with the
/// permissions they had.
#[cfg(unix)]
#[test]
fn a_read_only_file_is_left_and_permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = common::temp_dir("accsm-fmt-mode-");
    std::fs::write(dir.path().join("accsm.toml"), "name = \"x\"\n").unwrap();
    std::fs::create_dir(dir.path().join("data")).unwrap();
    let (locked, open) = (
        dir.path().join("data/a.toml"),
        dir.path().join("data/b.toml"),
    );
    for (path, mode) in [(&locked, 0o444), (&open, 0o640)] {
        std::fs::write(path, "[[arc]]\nname=\"n\"\n").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let out = common::accsm_in(dir.path(), &["fmt"]);
    assert_eq!(out.status.code(), Some(2), "{}", common::stderr(&out));
    assert!(common::stderr(&out).contains("data/a.toml is read-only"));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    assert_eq!(
        std::fs::read_to_string(&locked).unwrap(),
        "[[arc]]\nname=\"n\"\n"
    );
    assert_eq!(mode(&locked), 0o444);
    assert_eq!(
        std::fs::read_to_string(&open).unwrap(),
        "[[arc]]\nname = \"n\"\n"
    );
    assert_eq!(mode(&open), 0o640);
}

/// A path named on the command line that lies outside the repository is a usage error (exit 2),
/// and the file is left as it is.
#[test]
fn a_path_outside_the_repository_is_a_usage_error() {
    let dir = common::temp_dir("accsm-fmt-outside-");
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join("data")).unwrap();
    std::fs::write(repo.join("accsm.toml"), "name = \"x\"\n").unwrap();
    std::fs::write(repo.join("data/a.toml"), "[[arc]]\nname = \"n\"\n").unwrap();
    let other = dir.path().join("other.toml");
    std::fs::write(&other, "a=1\n").unwrap();
    for arg in ["../other.toml", "data/../../other.toml", ".."] {
        for command in ["fmt", "fix"] {
            let out = common::accsm_in(&repo, &[command, arg]);
            assert_eq!(out.status.code(), Some(2), "{command} {arg}");
            let stderr = common::stderr(&out);
            assert!(stderr.contains("is outside the repository"), "{stderr}");
            assert!(!stderr.contains("symbolic link"), "{stderr}");
        }
    }
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "a=1\n");
}
