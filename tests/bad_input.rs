//! Bad input, as a user's editor, file system or copy-paste produces it. Each case writes a small
//! work-plan repository into the temp folder, runs the binary on it and checks the exit code
//! (0 clean, 1 errors, 2 usage or I/O failure) and that the output names the file, and the line
//! where there is one. Nothing here may crash the binary: a panic or a stack overflow fails the
//! case (see `common::assert_exit`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use accsm::load::ValueType;
use common::{TempRepo, assert_exit, json_findings, stdout, truncated};

/// A programme of the minimal plan that validates clean.
const GOOD_PROGRAMME: &str = r#"[[programme]]
plan = "accsm-2021-2025"
number = 1
title = "Workshop on Public Service Delivery"
areas = ["PA1"]
timeline = "2022"
budget = { text = "Cost-sharing", sources = ["cost-sharing"] }
coordinators = ["IDN"]
kras = ["A.2"]
measures = ["A.2.v"]
"#;

/// The findings of one code in one file, as (line, column) pairs.
fn positions(o: &std::process::Output, code: &str, file: &str) -> Vec<(u64, u64)> {
    json_findings(o)
        .iter()
        .filter(|d| d["code"] == code && d["file"] == file)
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn assert_contains(o: &std::process::Output, needle: &str) {
    let text = stdout(o);
    assert!(
        text.contains(needle),
        "{needle:?} not in output:\n{}",
        truncated(&text)
    );
}

// ---------------------------------------------------------------------------------------------
// Text that is not TOML, or not text

#[test]
fn invalid_toml_is_reported_at_its_file_and_line() {
    let repo = TempRepo::with_references("invalid-toml");
    repo.write(
        "data/broken.toml",
        "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 1\ntitle = \"Unclosed\ntimeline = \"2022\"\n",
    );
    let out = repo.run(&["validate"]);
    assert_exit(&out, 1);
    assert_contains(&out, "error[toml-syntax]: not valid TOML");
    assert_contains(&out, "--> data/broken.toml:4:");

    let json = repo.run(&["validate", "--format", "json"]);
    assert_exit(&json, 1);
    let lines: Vec<u64> = positions(&json, "toml-syntax", "data/broken.toml")
        .iter()
        .map(|p| p.0)
        .collect();
    assert!(lines.contains(&4), "{lines:?}");
}

#[test]
fn a_table_header_without_its_closing_brackets_is_a_syntax_error() {
    let repo = TempRepo::with_references("bad-header");
    repo.write(
        "data/broken.toml",
        format!("{GOOD_PROGRAMME}\n[[programme]\nnumber = 2\n"),
    );
    let out = repo.run(&["validate"]);
    assert_exit(&out, 1);
    assert_contains(&out, "error[toml-syntax]");
    let header = GOOD_PROGRAMME.lines().count() + 2;
    assert_contains(&out, &format!("--> data/broken.toml:{header}:1"));
}

#[test]
fn bytes_that_are_not_utf8_name_the_file_and_the_line() {
    let repo = TempRepo::with_references("not-utf8");
    // Latin-1 "é" (0xE9) on line 4, as an editor saving in the wrong encoding writes it.
    repo.write(
        "data/latin1.toml",
        b"[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 1\ntitle = \"Caf\xe9 talk\"\n",
    );
    let out = repo.run(&["validate"]);
    assert_exit(&out, 1);
    assert_contains(
        &out,
        "error[not-utf8]: data/latin1.toml is not UTF-8 text (invalid byte at line 4",
    );
    assert_contains(&out, "--> data/latin1.toml");
    assert_contains(&out, "help: save the file as UTF-8");
    // The other files are still read and checked.
    assert_contains(&out, "in 12 files");
}

#[test]
fn a_byte_order_mark_is_ignored_and_positions_stay_right() {
    let repo = TempRepo::with_references("bom");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(GOOD_PROGRAMME.as_bytes());
    repo.write("data/bom.toml", &bytes);
    let out = repo.run(&["validate"]);
    assert_exit(&out, 0);
    assert_contains(&out, "0 errors, 0 warnings in 13 files");

    // A finding on the first line: the mark is not counted as a column.
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(b"status = 1\n");
    repo.write("data/bom.toml", &bytes);
    let out = repo.run(&["validate", "--format", "json"]);
    assert_exit(&out, 1);
    assert_eq!(
        positions(&out, "unknown-table", "data/bom.toml"),
        vec![(1, 1)],
        "{}",
        stdout(&out)
    );
}

#[test]
fn crlf_line_endings_load_and_lines_are_counted_right() {
    let repo = TempRepo::with_references("crlf");
    let crlf = |s: &str| s.replace('\n', "\r\n");
    repo.write("data/windows.toml", crlf(GOOD_PROGRAMME));
    let out = repo.run(&["validate"]);
    assert_exit(&out, 0);
    assert_contains(&out, "0 errors, 0 warnings in 13 files");

    // A multi-line array first, then a bad value four lines below the programme, column 10.
    let text = format!(
        "{GOOD_PROGRAMME}activities = [\n  \"one\",\n  \"two\",\n]\nstatus = \"finished\"\n"
    );
    repo.write("data/windows.toml", crlf(&text));
    let out = repo.run(&["validate", "--format", "json"]);
    assert_exit(&out, 1);
    let status = GOOD_PROGRAMME.lines().count() as u64 + 5;
    assert_eq!(
        positions(&out, "bad-value", "data/windows.toml"),
        vec![(status, 10)]
    );
    let human = repo.run(&["validate"]);
    assert_contains(&human, &format!("--> data/windows.toml:{status}:10"));
    assert_contains(&human, &format!("{status} | status = \"finished\"\n"));
    assert!(!stdout(&human).contains("\\u{d}"), "{}", stdout(&human));

    // A syntax error in a CRLF file.
    repo.write(
        "data/windows.toml",
        crlf("[[programme]]\nnumber = 1\nnumber 2\n"),
    );
    let out = repo.run(&["validate", "--format", "json"]);
    assert_exit(&out, 1);
    let lines: BTreeSet<u64> = positions(&out, "toml-syntax", "data/windows.toml")
        .iter()
        .map(|p| p.0)
        .collect();
    assert_eq!(lines, BTreeSet::from([3]));
}

#[test]
fn an_empty_file_is_fine_and_holds_no_data() {
    let repo = TempRepo::bare("empty");
    repo.write("data/empty.toml", "");
    let out = repo.run(&["validate"]);
    assert_exit(&out, 0);
    assert_eq!(stdout(&out), "0 errors, 0 warnings in 1 file\n");

    repo.write("data/empty.toml", "# only a comment\n\n   \n");
    let out = repo.run(&["validate"]);
    assert_exit(&out, 0);
    assert_eq!(stdout(&out), "0 errors, 0 warnings in 1 file\n");
}

// ---------------------------------------------------------------------------------------------
// Sizes and depths

#[test]
fn a_one_megabyte_value_loads_and_is_checked_quickly() {
    let repo = TempRepo::with_references("huge-string");
    let huge = "x".repeat(1 << 20);
    repo.write(
        "data/huge.toml",
        GOOD_PROGRAMME.replace("Workshop on Public Service Delivery", &huge),
    );
    let out = repo.run(&["validate"]);
    assert_exit(&out, 0);
    assert_contains(&out, "0 errors, 0 warnings in 13 files");

    // The same text as a reference: it is compared with every known id for a suggestion, which
    // took 40 s before the suggestion search skipped ids of very different length.
    repo.write(
        "data/huge.toml",
        GOOD_PROGRAMME.replace("[\"IDN\"]", &format!("[\"{huge}\"]")),
    );
    let started = Instant::now();
    let out = repo.run(&["validate", "--format", "json"]);
    let took = started.elapsed();
    assert_exit(&out, 1);
    let coordinators = GOOD_PROGRAMME
        .lines()
        .position(|l| l.starts_with("coordinators"))
        .unwrap() as u64
        + 1;
    assert_eq!(
        positions(&out, "unknown-reference", "data/huge.toml"),
        vec![(coordinators, 17)]
    );
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

#[test]
fn a_ten_megabyte_file_of_programmes_loads_and_validates() {
    let repo = TempRepo::with_references("ten-megabytes");
    let mut text = String::with_capacity(11 << 20);
    let mut number = 0;
    while text.len() < 10 << 20 {
        number += 1;
        let _ = write!(
            text,
            "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = {number}\n\
             title = \"Programme {number} on civil service matters, leadership and digital government\"\n\
             areas = [\"PA1\", \"PA2\"]\ntimeline = \"2022\"\n\
             budget = {{ text = \"$5,000.00 USD\", amount = 5000.00, currency = \"USD\" }}\n\
             coordinators = [\"IDN\", \"MYS\"]\nkras = [\"A.2\", \"E.1\"]\n\
             measures = [\"A.2.v\", \"E.1.vii\"]\n\
             note = \"Padding to reach ten megabytes of data in one file, as a long history would.\"\n\n"
        );
    }
    // One mistake in the very last programme, so the whole file is shown to be checked.
    text.push_str(
        &GOOD_PROGRAMME
            .replace("number = 1", "number = 1000000")
            .replace("Workshop on Public Service Delivery", "Last"),
    );
    text.push_str("status = \"finished\"\n");
    let last_line = text.lines().count() as u64;
    repo.write("data/big.toml", &text);

    let out = repo.run(&["validate", "--format", "json"]);
    assert_exit(&out, 1);
    assert_eq!(
        positions(&out, "bad-value", "data/big.toml"),
        vec![(last_line, 10)]
    );
    let findings = json_findings(&out);
    assert_eq!(findings.len(), 1, "{number} programmes: {findings:?}");
}

/// Nesting that a recursive parser would follow until the stack overflows. The toml crate stops
/// at a depth limit and reports a syntax error, which accsm shows at the file and line.
#[test]
fn deep_nesting_is_a_syntax_error_not_a_stack_overflow() {
    let n = 10_000;
    let cases = [
        (
            "arrays",
            format!("x = {}{}\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "inline-tables",
            format!("x = {}1{}\n", "{ a = ".repeat(n), " }".repeat(n)),
        ),
        (
            "arrays-of-tables",
            format!("x = {}1{}\n", "[{ a = ".repeat(n), " }]".repeat(n)),
        ),
        ("dotted-keys", format!("x{} = 1\n", ".a".repeat(n))),
        ("table-header", format!("[x{}]\nb = 1\n", ".a".repeat(n))),
        (
            "nested-programme-value",
            format!(
                "{GOOD_PROGRAMME}activities = {}\"a\"{}\n",
                "[".repeat(n),
                "]".repeat(n)
            ),
        ),
    ];
    for (name, text) in cases {
        let repo = TempRepo::with_references(name);
        repo.write("data/deep.toml", &text);
        let out = repo.run(&["validate", "--format", "json"]);
        assert_exit(&out, 1);
        let line = text.lines().count() as u64 - u64::from(name == "table-header");
        let found = positions(&out, "toml-syntax", "data/deep.toml");
        assert!(
            found.iter().any(|(l, _)| *l == line),
            "{name}: {found:?}\n{}",
            truncated(&stdout(&out))
        );
        // And the human output, which prints the line, survives it too.
        assert_exit(&repo.run(&["validate"]), 1);
    }
}

// ---------------------------------------------------------------------------------------------
// Keys

#[test]
fn duplicate_keys_are_reported_at_the_second_one() {
    let repo = TempRepo::with_references("duplicate-keys");
    let programme = GOOD_PROGRAMME.replace(
        "budget = { text = \"Cost-sharing\", sources = [\"cost-sharing\"] }\n",
        "",
    );
    repo.write(
        "data/dup.toml",
        format!(
            "{programme}title = \"Again\"\nbudget = {{ amount = 1, amount = 2 }}\n\n[[plan]]\nid = \"x\"\nid = \"y\"\n"
        ),
    );
    let out = repo.run(&["validate", "--format", "json"]);
    assert_exit(&out, 1);
    let lines: BTreeSet<u64> = positions(&out, "toml-syntax", "data/dup.toml")
        .iter()
        .map(|p| p.0)
        .collect();
    let n = programme.lines().count() as u64;
    assert_eq!(
        lines,
        BTreeSet::from([n + 1, n + 2, n + 6]),
        "{}",
        stdout(&out)
    );
    let human = repo.run(&["validate"]);
    assert_contains(&human, &format!("--> data/dup.toml:{}:1", n + 1));
    assert_contains(&human, "help: each key may appear once per table");
}

// ---------------------------------------------------------------------------------------------
// The file system

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_the_data_folder_is_an_io_failure_naming_it() {
    let repo = TempRepo::with_references("symlink-loop");
    std::fs::create_dir_all(repo.data().join("sub")).unwrap();
    std::os::unix::fs::symlink("..", repo.data().join("sub/loop")).unwrap();
    let out = repo.run(&["validate"]);
    assert_exit(&out, 2);
    assert_contains(
        &out,
        "error[io-error]: cannot read data/sub/loop: a symbolic link loops back to a folder above it",
    );
    assert_contains(&out, "--> data/sub/loop");
    // Everything else is still checked.
    assert_contains(&out, "in 12 files");
}

#[cfg(unix)]
#[test]
#[allow(clippy::print_stderr)]
fn an_unreadable_file_is_an_io_failure_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let repo = TempRepo::with_references("unreadable");
    let path = repo.write("data/secret.toml", GOOD_PROGRAMME);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = if std::fs::read(&path).is_err() {
        repo.run(&["validate"])
    } else {
        // Root reads any file (CI containers run as root): run accsm as `nobody` instead, if
        // setpriv is there and nobody may run the binary; otherwise there is nothing to observe.
        let as_nobody = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_accsm"))
            .arg("validate")
            .current_dir(&repo.dir)
            .env("NO_COLOR", "1")
            .output();
        match as_nobody {
            Ok(o)
                if !common::stderr(&o).starts_with("setpriv:") && o.status.code() != Some(126) =>
            {
                o
            }
            other => {
                eprintln!("skipped: running as root and cannot run accsm as nobody: {other:?}");
                return;
            }
        }
    };
    assert_exit(&out, 2);
    assert_contains(
        &out,
        "error[io-error]: cannot read data/secret.toml: Permission denied",
    );
    assert_contains(&out, "--> data/secret.toml");
}

#[test]
fn a_folder_named_like_a_data_file_is_not_read_as_one() {
    let repo = TempRepo::with_references("dir-named-toml");
    std::fs::create_dir_all(repo.data().join("x.toml")).unwrap();
    let out = repo.run(&["validate"]);
    assert_exit(&out, 0);
    assert_contains(&out, "0 errors, 0 warnings in 12 files");

    // Named on the command line, it is a folder without data.
    let out = repo.run(&["validate", "data/x.toml"]);
    assert_exit(&out, 2);
    assert_contains(&out, "error[no-data]: data/x.toml holds no .toml files");

    // A data file inside it is read like any other.
    repo.write("data/x.toml/inner.toml", "status = 1\n");
    let out = repo.run(&["validate"]);
    assert_exit(&out, 1);
    assert_contains(&out, "--> data/x.toml/inner.toml:1:1");
}

#[cfg(unix)]
#[test]
fn a_file_gone_while_walking_is_an_io_failure_naming_it() {
    // A dangling symlink is what the walk meets when a file is deleted between listing the
    // folder and reading it.
    let repo = TempRepo::with_references("gone");
    std::os::unix::fs::symlink("missing", repo.data().join("gone.toml")).unwrap();
    let out = repo.run(&["validate"]);
    assert_exit(&out, 2);
    assert_contains(&out, "error[io-error]: cannot read data/gone.toml");
    assert_contains(&out, "--> data/gone.toml");
    assert_contains(&out, "in 12 files");

    let out = repo.run(&["validate", "data/gone.toml"]);
    assert_exit(&out, 2);
    assert_contains(&out, "error[io-error]: cannot read data/gone.toml");
}

#[test]
fn a_missing_path_is_an_io_failure_naming_it() {
    let repo = TempRepo::with_references("missing-path");
    let out = repo.run(&["validate", "data/plan.toml", "data/nowhere.toml"]);
    assert_exit(&out, 2);
    assert_contains(&out, "error[io-error]: cannot read data/nowhere.toml");
}

// ---------------------------------------------------------------------------------------------
// Values of the wrong type, wherever a value can stand

/// What a key accepts, as far as the type of a TOML value goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ty {
    Text,
    Int,
    /// A whole or decimal number.
    Number,
    Bool,
    /// A TOML date or a text date.
    Date,
    TextList,
    IntList,
    /// One true/false or a list of them (`yes`).
    BoolOrList,
    /// A table of whole numbers (`levels = { national = 3 }`).
    IntTable,
    /// A nested table (`budget`).
    Table,
    /// A nested table or a list of them (`update`).
    TableList,
    /// A table of nested tables under names of the user's (`answers`).
    TableOfTables,
}

impl Ty {
    fn of(v: ValueType) -> Ty {
        match v {
            ValueType::Text | ValueType::OneOf(_) => Ty::Text,
            ValueType::WholeNumber => Ty::Int,
            ValueType::Number => Ty::Number,
            ValueType::Bool => Ty::Bool,
            ValueType::Date => Ty::Date,
            ValueType::TextList | ValueType::OneOfList(_) => Ty::TextList,
            ValueType::WholeNumberList => Ty::IntList,
            ValueType::BoolOrBoolList => Ty::BoolOrList,
            ValueType::WholeNumberTable => Ty::IntTable,
            ValueType::Record(_) => Ty::Table,
            ValueType::Records(_) => Ty::TableList,
            ValueType::RecordTable(_) => Ty::TableOfTables,
        }
    }

    /// A value of the right type whose entries are not all of it, or `None` for a scalar.
    fn wrong_entries(self) -> Option<&'static str> {
        match self {
            Ty::TextList => Some("[\"ok\", 2]"),
            Ty::IntList => Some("[1, \"two\", 3.0]"),
            Ty::BoolOrList => Some("[true, \"no\"]"),
            Ty::IntTable => Some("{ a = 1, b = \"two\" }"),
            Ty::TableList => Some("[{ text = \"ok\" }, \"not a table\"]"),
            Ty::TableOfTables => Some("{ \"A.1\" = 5 }"),
            _ => None,
        }
    }
}

/// One value of each TOML type, and which key types take it without a `wrong-type` finding.
const SAMPLES: &[(&str, &str, &[Ty])] = &[
    ("text", "\"words\"", &[Ty::Text, Ty::Date]),
    ("integer", "7", &[Ty::Int, Ty::Number]),
    ("float", "1.5", &[Ty::Number]),
    ("boolean", "true", &[Ty::Bool, Ty::BoolOrList]),
    ("date", "2022-03-01", &[Ty::Date]),
    ("list of texts", "[\"a\", \"b\"]", &[Ty::TextList]),
    ("list of numbers", "[1, 2]", &[Ty::IntList]),
    ("list of lists", "[[\"a\"]]", &[]),
    (
        "table",
        "{ a = 1 }",
        &[Ty::Table, Ty::TableList, Ty::IntTable],
    ),
    ("list of tables", "[{ a = 1 }]", &[Ty::TableList]),
];

/// The keys of a kind of record (a table name, or a nested record such as `budget`), from the
/// readers themselves (`accsm::load::schema`): a key added to a reader is tested here at once.
fn keys(kind: &str) -> Vec<(&'static str, Ty)> {
    let schema = accsm::load::schema();
    let record = schema
        .record(kind)
        .unwrap_or_else(|| panic!("no record `{kind}` in the schema"));
    record.keys.iter().map(|k| (k.key, Ty::of(k.ty))).collect()
}

/// The nested records of a kind: (how a header names one below `path`, its kind).
fn nested(kind: &str, path: &str) -> Vec<(String, &'static str)> {
    let schema = accsm::load::schema();
    let record = schema.record(kind).expect("a record of the schema");
    record
        .keys
        .iter()
        .filter_map(|k| match k.ty {
            ValueType::Record(sub) => Some((format!("[{path}.{}]", k.key), sub)),
            ValueType::Records(sub) => Some((format!("[[{path}.{}]]", k.key), sub)),
            ValueType::RecordTable(sub) => Some((format!("[{path}.{}.\"A.1\"]", k.key), sub)),
            _ => None,
        })
        .collect()
}

/// The tables the readers read, but for those with their own case below.
fn reference_tables() -> Vec<&'static str> {
    let schema = accsm::load::schema();
    schema
        .tables()
        .map(|t| t.kind)
        .filter(|t| !["plan", "programme", "kpi", "return"].contains(t))
        .collect()
}

/// A data file being written, with the lines that must carry a `wrong-type` finding.
#[derive(Default)]
struct Planted {
    text: String,
    lines: BTreeSet<u64>,
}

impl Planted {
    fn line(&mut self, s: &str) {
        self.text.push_str(s);
        self.text.push('\n');
    }

    /// Writes `key = value` and expects a finding on its line.
    fn wrong(&mut self, key: &str, value: &str) {
        self.line(&format!("{key} = {value}"));
        self.lines.insert(self.text.lines().count() as u64);
    }

    /// For every sample value, a record under `header` with every key that does not take it
    /// set to it. `before` goes first in each record (e.g. a valid id).
    fn records(&mut self, header: &str, before: &[&str], keys: &[(&str, Ty)]) {
        for (_, sample, takes) in SAMPLES {
            let wrong: Vec<&str> = keys
                .iter()
                .filter(|(_, ty)| !takes.contains(ty))
                .map(|(k, _)| *k)
                .collect();
            if wrong.is_empty() {
                continue;
            }
            self.line("");
            self.line(header);
            for b in before {
                self.line(b);
            }
            for key in wrong {
                self.wrong(key, sample);
            }
        }
    }

    /// Writes the file into a fresh repository, validates, and compares the lines.
    fn check(self, name: &str) {
        let repo = TempRepo::with_references(name);
        let file = format!("data/{name}.toml");
        repo.write(&file, &self.text);
        let out = repo.run(&["validate", "--format", "json"]);
        assert_exit(&out, 1);
        let found: BTreeSet<u64> = positions(&out, "wrong-type", &file)
            .iter()
            .map(|p| p.0)
            .collect();
        let missing: Vec<_> = self.lines.difference(&found).collect();
        let extra: Vec<_> = found.difference(&self.lines).collect();
        let show = |lines: &[&u64]| {
            lines
                .iter()
                .map(|&&l| {
                    format!(
                        "{l}: {}",
                        self.text.lines().nth(l as usize - 1).unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
        };
        assert!(
            missing.is_empty() && extra.is_empty(),
            "no wrong-type finding on {:#?}\nunexpected wrong-type finding on {:#?}",
            show(&missing),
            show(&extra)
        );
        // The human form shows them too, with the file and line.
        let human = repo.run(&["validate"]);
        assert_exit(&human, 1);
        let first = self.lines.iter().next().copied().unwrap_or(0);
        assert_contains(&human, &format!("--> {file}:{first}:"));
    }
}

impl Planted {
    /// Every key of a top-level table and of the records nested in it, each set to every value
    /// it does not take, and each list or table of entries to one with a wrong entry. `before`
    /// goes first in each top-level record (e.g. a valid id).
    fn table(&mut self, table: &str, before: &[&str]) {
        let header = format!("[[{table}]]");
        self.nested(table, &header, table, before);
    }

    fn nested(&mut self, kind: &str, header: &str, path: &str, before: &[&str]) {
        let keys = keys(kind);
        self.records(header, before, &keys);
        let wrong: Vec<(&str, &str)> = keys
            .iter()
            .filter_map(|(key, ty)| Some((*key, ty.wrong_entries()?)))
            .collect();
        if !wrong.is_empty() {
            self.line("");
            self.line(header);
            for b in before {
                self.line(b);
            }
            for (key, value) in wrong {
                self.wrong(key, value);
            }
        }
        for (sub_header, sub) in nested(kind, path) {
            let sub_path = sub_header.trim_matches(['[', ']']).to_string();
            self.nested(sub, &format!("{header}\n{sub_header}"), &sub_path, &[]);
        }
    }
}

#[test]
fn wrong_types_in_every_programme_key() {
    let mut f = Planted::default();
    f.table("programme", &[]);
    f.check("wrong-programme");
}

#[test]
fn wrong_types_in_every_plan_key() {
    let mut f = Planted::default();
    f.table("plan", &[]);
    f.check("wrong-plan");
}

#[test]
fn wrong_types_in_every_kpi_key() {
    let mut f = Planted::default();
    f.table("kpi", &[]);
    f.check("wrong-kpi");
}

/// A return and its answers, projects and surveys (`note` included: it was read nowhere before
/// the schema came from the readers).
#[test]
fn wrong_types_in_every_return_key() {
    let mut f = Planted::default();
    f.table("return", &[]);
    assert!(f.text.contains("[[return.answers.\"A.1\".projects]]"));
    assert!(f.text.contains("[return.answers.\"A.1\".third_party]"));
    f.check("wrong-return");
}

#[test]
fn wrong_types_in_every_reference_entry_key() {
    let names: BTreeSet<&str> = accsm::load::schema().tables().map(|t| t.kind).collect();
    let known: BTreeSet<&str> = accsm::load::table_names().into_iter().collect();
    assert_eq!(names, known, "a table has no reader in the schema");

    let mut f = Planted::default();
    for (n, table) in reference_tables().into_iter().enumerate() {
        // The id is checked on its own: see `a_wrong_id_does_not_hide_the_other_wrong_keys`.
        let (ids, rest): (Vec<_>, Vec<_>) = keys(table).into_iter().partition(|(k, _)| *k == "id");
        let header = format!("[[{table}]]");
        let valid_id = format!("id = \"wrong-type-{n}\"");
        let before: &[&str] = if ids.is_empty() { &[] } else { &[&valid_id] };
        f.records(&header, before, &rest);
        f.records(&header, &[], &ids);
        if let Some((key, _)) = rest.iter().find(|(_, ty)| *ty == Ty::TextList) {
            f.line(&format!("\n{header}"));
            f.line(&valid_id);
            f.wrong(key, "[\"ok\", 2]");
        }
    }
    f.check("wrong-reference");
}

/// Every key of a reference entry is checked even when its id has the wrong type, as for every
/// other kind of record, so one run shows every mistake.
#[test]
fn a_wrong_id_does_not_hide_the_other_wrong_keys() {
    let mut f = Planted::default();
    for table in reference_tables() {
        f.records(&format!("[[{table}]]"), &[], &keys(table));
    }
    f.check("wrong-reference-id");
}

#[test]
fn a_top_level_table_of_the_wrong_type_is_reported() {
    for (n, sample) in ["7", "\"text\"", "[1, \"a\"]"].iter().enumerate() {
        let mut f = Planted::default();
        for table in accsm::load::table_names() {
            f.wrong(table, sample);
        }
        f.check(&format!("wrong-top-level-{n}"));
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile text

/// A title that tries to colour the terminal, reverse the reading order and ring the bell must
/// be shown escaped wherever it reaches the terminal: the message, the help, the source line.
#[test]
fn control_characters_in_data_are_shown_escaped() {
    let repo = TempRepo::with_references("hostile");
    // TOML escapes put the raw characters into the values; the raw right-to-left override also
    // stands in the source line itself.
    let title = "Evil \\u001b[31mred\\u001b[0m \\u202egnp.exe\\u0007 \\b\\r\\u009b2J";
    repo.write(
        "data/hostile.toml",
        format!(
            "[[programme]]\nplan = \"accsm-2021-2025\"\nnumber = 1\ntitle = \"{title}\"\n\
             timeline = \"2022\"\ncoordinators = [\"IDN\"]\nstatus = \"{title}\"\n\
             areas = \"\u{202e}PA1\"\nkras = [\"\\u001b[2J\"]\n"
        ),
    );
    for format in ["human", "github", "json"] {
        let out = repo.run(&["validate", "--format", format]);
        assert_exit(&out, 1);
        let text = stdout(&out);
        for c in ['\u{1b}', '\u{202e}', '\u{7}', '\u{8}', '\r', '\u{9b}'] {
            assert!(
                !text.contains(c),
                "{format}: raw {c:?} in the output:\n{}",
                text.escape_debug()
            );
        }
        match format {
            "human" => {
                assert!(
                    text.contains("\\u{1b}[31mred\\u{1b}[0m \\u{202e}gnp.exe\\u{7}"),
                    "{text}"
                );
                assert!(text.contains("--> data/hostile.toml:7:10"), "{text}");
                assert!(text.contains("areas = \"\\u{202e}PA1\""), "{text}");
            }
            "github" => {
                assert!(text.contains("\\u{1b}[2J"), "{text}");
            }
            _ => {
                // JSON keeps the values exactly: escaped, they read back unchanged.
                let statuses: Vec<String> = json_findings(&out)
                    .iter()
                    .filter(|d| d["code"] == "bad-value")
                    .map(|d| d["message"].as_str().unwrap_or("").to_string())
                    .collect();
                assert!(
                    statuses
                        .iter()
                        .any(|m| m.contains("\u{1b}[31mred\u{1b}[0m \u{202e}gnp.exe")),
                    "{statuses:?}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs that crashed a command, kept as regular tests

/// A plan whose period is absurdly long (a typo'd `end`, or the largest whole number TOML has)
/// made `accsm list --year` resolve "Annually" year by year: a capacity-overflow panic, or
/// gigabytes of memory for `end = 2025000000`. "Biennially" after `start = i64::MAX` overflowed.
#[test]
fn absurd_plan_periods_do_not_crash_a_year_filter() {
    let plans = [
        ("2021", "9223372036854775807", "Annually"),
        ("2021", "2025000000", "Annually"),
        ("-9223372036854775808", "9223372036854775807", "Annually"),
        ("9223372036854775807", "9223372036854775807", "Biennially"),
    ];
    for (n, (start, end, timeline)) in plans.into_iter().enumerate() {
        let repo = TempRepo::bare(&format!("absurd-period-{n}"));
        repo.write(
            "data/plan.toml",
            format!(
                "[[plan]]\nid = \"p\"\ntitle = \"P\"\narea_kind = \"priority\"\nstart = {start}\n\
                 end = {end}\n\n[[programme]]\nplan = \"p\"\nnumber = 1\ntitle = \"T\"\n\
                 timeline = \"{timeline}\"\ncoordinators = [\"IDN\"]\n"
            ),
        );
        let started = Instant::now();
        let out = repo.run(&["list", "--year", "2022", "--format", "csv"]);
        assert_exit(&out, 0);
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{start}..{end}"
        );
        let validate = repo.run(&["validate"]);
        assert!(validate.status.code().is_some(), "{:?}", validate.status);
    }
}

/// A usage failure quotes the manifest line it could not read; a raw escape sequence there must
/// not reach the terminal through standard error either.
#[test]
fn control_characters_in_the_manifest_are_shown_escaped() {
    let repo = TempRepo::bare("hostile-manifest");
    repo.write(
        "accsm.toml",
        "name = \"x\"\n# \u{1b}[31mred \u{202e}comment\ndata = 5\n",
    );
    let out = repo.run(&["validate"]);
    assert_exit(&out, 2);
    let err = common::stderr(&out);
    assert!(err.contains("accsm.toml is not a valid manifest"), "{err}");
    assert!(err.contains("\\u{1b}[31mred"), "{err}");
    assert!(
        !err.contains('\u{1b}') && !err.contains('\u{202e}'),
        "{}",
        err.escape_debug()
    );
    // The message keeps its lines.
    assert!(err.lines().count() > 2, "{err}");
}
