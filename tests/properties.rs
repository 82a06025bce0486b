//! Property tests: whatever a data file holds (random bytes, random text, TOML built from the
//! schema's own keys with odd values, or the real data files broken by an editing slip), loading
//! and checking it never panics, every finding points inside its file, and every output format
//! renders it.
//!
//! Cases per property (see each `config(..)`): 256 each for random bytes, bytes after a
//! byte-order mark and random text; 96 for schema-shaped TOML and 64 for mutations of the real
//! files, which load the reference lists with every case (about 20 ms each in a debug build, most
//! of it the toml parser): 928 cases, about 2 s in a debug build on 2 cores. More, for a hunt:
//! `PROPTEST_CASES=5000 cargo test --release --test properties` (5000 each ran clean, as did
//! 2000 each in a debug build, where arithmetic overflow panics). Failures are not persisted to
//! files: the shrunk failing input is in the panic message, and belongs in a regular test below.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use accsm::diag::render::{self, Style};
use accsm::load::Loaded;
use accsm::source::{SourceMap, Span};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// `cases`, or `PROPTEST_CASES` when set.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// A data file for one property, in the temp folder; removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let file = format!("accsm-prop-{}-{name}.toml", std::process::id());
        Scratch(std::env::temp_dir().join(file))
    }

    /// Writes `bytes` and checks the file together with `others`.
    fn check(&self, bytes: &[u8], others: &[PathBuf]) -> Loaded {
        // Removed first: on ext4, truncating a file and writing it again waits for the disk
        // (about 3 ms), a new file does not.
        let _ = std::fs::remove_file(&self.0);
        std::fs::write(&self.0, bytes).unwrap();
        let mut paths = others.to_vec();
        paths.push(self.0.clone());
        accsm::check::check_paths(&paths)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn span_inside(map: &SourceMap, span: Span, what: &str) -> Result<(), TestCaseError> {
    let file = map.get(span.file);
    prop_assert!(
        file.is_some(),
        "{what}: span in unknown file {:?}",
        span.file
    );
    let text = &file.unwrap().text;
    let (start, end) = (span.start as usize, span.end as usize);
    prop_assert!(
        start <= end && end <= text.len(),
        "{what}: span {}..{} outside {} bytes",
        span.start,
        span.end,
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span {}..{} splits a character",
        span.start,
        span.end
    );
    Ok(())
}

/// Every finding points inside its file (or names a file it could not read), and the human,
/// JSON and GitHub renderings all succeed.
fn assert_sound(loaded: &Loaded) -> Result<(), TestCaseError> {
    for d in &loaded.diagnostics {
        let what = format!("[{}] {}", d.code.as_str(), d.message);
        match d.span {
            Some(span) => span_inside(&loaded.sources, span, &what)?,
            None => prop_assert!(d.path.is_some(), "{what}: neither a span nor a path"),
        }
        for (span, note) in &d.related {
            span_inside(&loaded.sources, *span, &format!("{what} / {note}"))?;
        }
        let human = render::human(&loaded.sources, d, Style { color: true });
        prop_assert!(human.contains(d.code.as_str()));
    }
    let json = render::json(&loaded.sources, &loaded.diagnostics, loaded.sources.len());
    let parsed: serde_json::Value = serde_json::from_str(&json)
        .map_err(|e| TestCaseError::fail(format!("JSON does not parse: {e}")))?;
    prop_assert_eq!(
        parsed["diagnostics"].as_array().map(Vec::len),
        Some(loaded.diagnostics.len())
    );
    let github = render::github(&loaded.sources, &loaded.diagnostics);
    prop_assert_eq!(github.lines().count(), loaded.diagnostics.len());
    Ok(())
}

/// The reference lists and the KPI framework, for checks that should resolve references.
fn references() -> Vec<PathBuf> {
    let root = common::root();
    let mut paths = data_files(&root.join("data/reference"));
    paths.push(root.join("data/kpis.toml"));
    paths
}

fn data_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

/// The real data files that mutations start from, and two of the illustrative KPI returns.
fn real_files() -> Vec<PathBuf> {
    let root = common::root();
    let mut files = data_files(&root.join("data/plans"));
    files.extend(data_files(&root.join("data/reference")));
    files.push(root.join("data/kpis.toml"));
    let returns = root.join("examples/kpi-returns/returns");
    files.extend(
        ["SGP/2024.toml", "THA/2021.toml"]
            .iter()
            .map(|f| returns.join(f))
            .filter(|f| f.is_file()),
    );
    files
}

// ---------------------------------------------------------------------------------------------
// (a) Random bytes and random text

/// Bytes leaning towards the ones TOML gives meaning to, so some inputs get past the first line:
/// 3 in 5 come from TOML's punctuation, digits and letters, the rest are any byte.
fn toml_byte() -> impl Strategy<Value = u8> {
    const TOML: &[u8] = b"[]{}=\"'\n\r\t#.,\\ -:+_0123456789abcdeflnrtuxTZ";
    (any::<u8>(), 0..5u8).prop_map(|(b, pick)| {
        if pick < 3 {
            TOML[b as usize % TOML.len()]
        } else {
            b
        }
    })
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn random_bytes_never_crash(bytes in prop::collection::vec(toml_byte(), 0..1024)) {
        let scratch = Scratch::new("bytes");
        let loaded = scratch.check(&bytes, &[]);
        assert_sound(&loaded)?;
    }

    #[test]
    fn random_bytes_after_a_byte_order_mark_never_crash(
        bytes in prop::collection::vec(any::<u8>(), 0..64)
    ) {
        let scratch = Scratch::new("bom");
        let mut with_mark = b"\xEF\xBB\xBF".to_vec();
        with_mark.extend(bytes);
        let loaded = scratch.check(&with_mark, &[]);
        assert_sound(&loaded)?;
    }

    #[test]
    fn random_text_never_crashes(
        text in prop_oneof![
            any::<String>(),
            "(?s).{0,300}",
            "[\\[\\]{}=\"'\\n\\r#.,a-z0-9 _:\\\\\u{202e}\u{1b}é–]{0,300}",
        ]
    ) {
        let scratch = Scratch::new("text");
        let loaded = scratch.check(text.as_bytes(), &[]);
        assert_sound(&loaded)?;
    }
}

// ---------------------------------------------------------------------------------------------
// TOML shaped like the data: the schema's tables and keys with odd values of every type

const HEADERS: &[&str] = &[
    "[[programme]]",
    "[programme.budget]",
    "[[programme.update]]",
    "[[plan]]",
    "[[kpi]]",
    "[[country]]",
    "[[body]]",
    "[[group]]",
    "[[priority_area]]",
    "[[thematic_area]]",
    "[[kra]]",
    "[[measure]]",
    "[[apsc_line]]",
    "[[declaration]]",
    "[[currency]]",
    "[[kpi_group]]",
    "[[arc]]",
    "[[chair]]",
    "[[programe]]",
    "[programme]",
    "[return]",
    "[[return]]",
    "[return.answers.\"A.1\"]",
    "[return.answers.\"A.1.1\"]",
    "[return.answers.\"B.2\"]",
    "[return.answers.\"D.1\"]",
    "[return.answers.\"D.1.1\"]",
    "[return.answers.\"D.2\"]",
    "[return.answers.\"E.1\"]",
    "[[return.answers.\"E.1\".projects]]",
    "[return.answers.\"Z.9\"]",
];

/// Every key of every record, from the readers themselves (`accsm::load::schema`), and a few
/// misspelled ones.
fn keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = accsm::load::schema()
        .records
        .iter()
        .flat_map(|r| r.keys.iter().map(|k| k.key))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys.extend(["tittle", "coordinator", "answer_", "Female"]);
    keys
}

/// Values the rules look at closely: ids, timelines, dates, enum values, near misses.
const WORDS: &[&str] = &[
    "",
    " ",
    "accsm-2021-2025",
    "accsm-plus-three-2021-2025",
    "IDN",
    "Indonesia",
    "idn",
    "ASEC",
    "PA1",
    "PA 1",
    "TA4",
    "A.2",
    "A . 2",
    "A.2.v",
    "A.2 v",
    "A.2.V",
    "E.1.vii.",
    "A.2.2.iii",
    "lii",
    "III",
    "USD",
    "usd",
    "2022",
    "2020-2021",
    "2025-2021",
    "2022–2023",
    "Q4 2022",
    "Q0 2022",
    "January 2022",
    "Jan 2022",
    "Annually",
    "Biennially",
    "TBC",
    "2022-02-29",
    "2024-02-29",
    "2022-13",
    "planned",
    "ongoing",
    "completed",
    "yes-no",
    "count-yes",
    "SGP",
    "annual",
    "baseline",
    "mid-term",
    "A.1",
    "D.1.1",
    "2020-2022",
    "national",
];

/// A TOML basic string holding exactly `s`.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(WORDS).prop_map(toml_string),
        2 => any::<String>().prop_map(|s| toml_string(&s)),
        1 => "[A-Za-z0-9 .–-]{0,12}".prop_map(|s| toml_string(&s)),
        2 => prop_oneof![Just(2021i64), Just(2025), Just(0), Just(-1), Just(i64::MIN), Just(i64::MAX)]
            .prop_map(|n| n.to_string()),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => prop::sample::select(vec![
            "1.5", "-0.0", "1e308", "1e400", "inf", "-inf", "nan", "0x7fffffffffffffff",
            "0xffffffffffffffffff", "0o777", "0b101", "99999999999999999999", "5_000.00",
        ])
        .prop_map(String::from),
        1 => any::<bool>().prop_map(|b| b.to_string()),
        1 => prop::sample::select(vec![
            "2022-03-01", "2022-03-01T10:00:00Z", "10:00:00", "2022-03-01 10:00:00+07:00",
        ])
        .prop_map(String::from),
    ]
}

fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((prop::sample::select(keys()), inner), 0..5).prop_map(|kv| {
                let pairs: Vec<String> = kv.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", pairs.join(", "))
            }),
        ]
    })
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => prop::sample::select(HEADERS).prop_map(String::from),
        5 => (prop::sample::select(keys()), value()).prop_map(|(k, v)| format!("{k} = {v}")),
    ]
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn schema_shaped_toml_never_crashes(
        lines in prop::collection::vec(line(), 0..40),
        crlf in any::<bool>(),
    ) {
        let newline = if crlf { "\r\n" } else { "\n" };
        let text = lines.join(newline);
        let scratch = Scratch::new("schema");
        let loaded = scratch.check(text.as_bytes(), &references());
        assert_sound(&loaded)?;
    }
}

// ---------------------------------------------------------------------------------------------
// (b) The real data files, broken the way editing breaks them

/// A position in a file, taken modulo its length (so it shrinks towards the start).
type Pos = usize;

#[derive(Clone, Debug)]
enum Mutation {
    DeleteLine(Pos),
    DuplicateLine(Pos),
    SwapLines(Pos, Pos),
    ChangeChar(Pos, char),
    Truncate(Pos),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let replacement = prop_oneof![
        3 => prop::sample::select("[]{}=\"'\n#.,\\ 0-".chars().collect::<Vec<_>>()),
        1 => any::<char>(),
    ];
    prop_oneof![
        1 => any::<usize>().prop_map(Mutation::DeleteLine),
        1 => any::<usize>().prop_map(Mutation::DuplicateLine),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        4 => (any::<usize>(), replacement).prop_map(|(i, c)| Mutation::ChangeChar(i, c)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match m {
        Mutation::DeleteLine(i) if !lines.is_empty() => {
            lines.remove(i % lines.len());
        }
        Mutation::DuplicateLine(i) if !lines.is_empty() => {
            let at = i % lines.len();
            lines.insert(at, lines[at]);
        }
        Mutation::SwapLines(a, b) if !lines.is_empty() => {
            let n = lines.len();
            lines.swap(a % n, b % n);
        }
        Mutation::ChangeChar(i, c) => {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            if chars.is_empty() {
                return c.to_string();
            }
            let (at, old) = chars[i % chars.len()];
            return format!("{}{c}{}", &text[..at], &text[at + old.len_utf8()..]);
        }
        Mutation::Truncate(i) => {
            let mut at = i % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return text[..at].to_string();
        }
        _ => {}
    }
    lines.concat()
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn mutated_real_files_never_crash(
        file in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let files = real_files();
        let original = &files[file % files.len()];
        let mut text = std::fs::read_to_string(original).unwrap();
        for m in &mutations {
            text = apply(&text, m);
        }
        // Checked with every other real file, so references resolve as they do in use.
        let others: Vec<PathBuf> = real_files().into_iter().filter(|f| f != original).collect();
        let scratch = Scratch::new("mutated");
        let loaded = scratch.check(text.as_bytes(), &others);
        assert_sound(&loaded)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Regular tests: fixed inputs of the same kinds

#[test]
fn mutations_do_what_they_say() {
    let text = "a\nb\nc\n";
    assert_eq!(apply(text, &Mutation::DeleteLine(1)), "a\nc\n");
    assert_eq!(apply(text, &Mutation::DuplicateLine(0)), "a\na\nb\nc\n");
    assert_eq!(apply(text, &Mutation::Truncate(3)), "a\nb");
    assert_eq!(apply("é", &Mutation::Truncate(1)), "");
    assert_eq!(apply(text, &Mutation::ChangeChar(0, '[')), "[\nb\nc\n");
    let swapped = apply(text, &Mutation::SwapLines(0, 2));
    assert_eq!(swapped, "c\nb\na\n");
}

/// Deep nesting loaded in-process, on a test thread's small stack (2 MiB unless
/// `RUST_MIN_STACK` says otherwise): the parser's depth limit must hold here too.
#[test]
fn deep_nesting_in_process_is_a_finding() {
    let n = 20_000;
    let scratch = Scratch::new("deep");
    for text in [
        format!("x = {}{}", "[".repeat(n), "]".repeat(n)),
        format!("x = {}1{}", "{ a = ".repeat(n), " }".repeat(n)),
        format!("[x{}]", ".a".repeat(n)),
    ] {
        let loaded = scratch.check(text.as_bytes(), &[]);
        assert!(
            loaded
                .diagnostics
                .iter()
                .any(|d| d.code == accsm::diag::Code::Syntax),
            "{:?}",
            loaded.diagnostics
        );
        assert_sound(&loaded).unwrap();
    }
}
