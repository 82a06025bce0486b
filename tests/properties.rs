//! Property tests: whatever a data file holds (random bytes, random text, TOML built from the
//! schema's own keys with odd values, the real data files broken by an editing slip, or KPI
//! returns with numbers at the edges of what a whole or decimal number holds), loading, checking
//! and computing trends never panics, every finding points inside its file, and every output
//! format renders it.
//!
//! Cases per property (see each `config(..)`): 256 each for random bytes, bytes after a
//! byte-order mark and random text; 96 for schema-shaped TOML, 64 for mutations of the real
//! files and 64 for returns, which load the reference lists with every case (about 20 ms each in
//! a debug build, most of it the toml parser): 992 cases, about 3 s in a debug build on 2 cores.
//! More, for a hunt (the release profile checks arithmetic overflow too):
//! `PROPTEST_CASES=5000 cargo test --release --test tests -- properties:: --skip trend_properties::`
//! Failures are not persisted to files: the shrunk failing input is in the panic message, and
//! belongs in a regular test below.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::toml_string;

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
    // One line per finding shown: past ten of one code on one line, one line counts the rest.
    let github = render::github(&loaded.sources, &loaded.diagnostics);
    let shown = accsm::diag::repeats::capped(&loaded.sources, &loaded.diagnostics);
    prop_assert_eq!(github.lines().count(), shown.len());
    let sarif = render::sarif(&loaded.sources, &loaded.diagnostics, &[], "0");
    let parsed: serde_json::Value = serde_json::from_str(&sarif)
        .map_err(|e| TestCaseError::fail(format!("SARIF does not parse: {e}")))?;
    prop_assert_eq!(
        parsed["runs"][0]["results"].as_array().map(Vec::len),
        Some(loaded.diagnostics.len())
    );
    views_render(loaded)
}

/// The views over whatever was loaded: every programme listed in every format, shown, and
/// counted by every grouping; no output a terminal would obey.
fn views_render(loaded: &Loaded) -> Result<(), TestCaseError> {
    use accsm::report::{self, GroupBy};
    let data = &loaded.dataset;
    let catalog = accsm::lookup::Catalog::new(data);
    let query = accsm::query::Query::new(data, &catalog, &Default::default())
        .map_err(|e| TestCaseError::fail(format!("no filters cannot fail: {e}")))?;
    let found = accsm::query::select(data, &query);
    let grid = report::programme_grid(data, &catalog, &found);
    let mut outputs = vec![
        grid.to_table(Some(100)),
        grid.to_markdown(),
        report::programme_csv_grid(data, &catalog, &found)
            .to_csv()
            .map_err(|e| TestCaseError::fail(format!("CSV: {e}")))?,
    ];
    for p in &found {
        outputs.push(report::show(data, &catalog, &loaded.sources, p));
        let json = report::programme_json(data, &catalog, &loaded.sources, p);
        outputs.push(
            accsm::escape::to_json(&json).map_err(|e| TestCaseError::fail(format!("JSON: {e}")))?,
        );
    }
    for by in [
        GroupBy::Coordinator,
        GroupBy::Year,
        GroupBy::Area,
        GroupBy::Status,
    ] {
        let groups = report::group_counts(data, &catalog, &found, by);
        prop_assert_eq!(groups.rows().len(), groups.grid().rows.len());
        outputs.push(groups.grid().to_table(Some(100)));
    }
    for out in &outputs {
        let raw = out
            .chars()
            .find(|&c| !matches!(c, '\n' | '\t') && accsm::escape::is_unsafe_char(c));
        prop_assert!(raw.is_none(), "raw {:?} in a view:\n{}", raw, out);
    }
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
    "[[framework]]",
    "[[framework_entry]]",
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
// (c) KPI returns with numbers at the edges, through validate, `accsm::trend` and the renderers

const KPI_IDS: &[&str] = &[
    "A.1", "A.1.1", "B.1", "B.1.1", "B.2", "C.1", "C.1.1", "C.2", "C.2.1", "D.1", "D.1.1", "D.2",
    "D.2.1", "E.1", "E.2", "E.2.1", "E.3", "Z.9",
];

/// Whole numbers where arithmetic breaks: the ends of the range, their neighbours, any.
fn extreme_int() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            i64::MAX, i64::MAX - 1, i64::MIN, i64::MIN + 1, -1, 0, 1, 9_007_199_254_740_993,
        ]),
        1 => any::<i64>(),
        2 => 0..200i64,
    ]
    .prop_map(|n| n.to_string())
}

/// Decimal numbers where arithmetic breaks: the largest and smallest, negative, beyond 100.
fn extreme_float() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "1e308", "-1e308", "1.7976931348623157e308", "-1.7976931348623157e308", "5e-324",
            "-0.0", "0.5", "100.0", "100.5", "9223372036854775807", "-9223372036854775808",
        ])
        .prop_map(String::from),
        1 => any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| format!("{f:?}")),
        1 => extreme_int(),
    ]
}

fn yes_line() -> BoxedStrategy<String> {
    prop_oneof![
        any::<bool>().prop_map(|b| format!("yes = {b}")),
        (any::<bool>(), any::<bool>()).prop_map(|(a, b)| format!("yes = [{a}, {b}]")),
    ]
    .boxed()
}

fn count_line() -> BoxedStrategy<String> {
    let int = extreme_int;
    prop_oneof![
        int().prop_map(|n| format!("count = {n}")),
        int().prop_map(|n| format!("total = {n}")),
        (int(), int())
            .prop_map(|(a, b)| format!("levels = {{ national = {a}, provincial = {b} }}")),
        (0..4usize).prop_map(|n| format!("names = [{}]", vec!["\"x\""; n].join(", "))),
        extreme_float().prop_map(|f| format!("percent = {f}")),
    ]
    .boxed()
}

fn rating_line() -> BoxedStrategy<String> {
    let int = extreme_int;
    prop_oneof![
        (int(), int())
            .prop_map(|(a, b)| format!("ratings = {{ \"2020-2022\" = {a}, \"2023-2025\" = {b} }}")),
        int().prop_map(|n| format!("impact_ratings = {{ \"2020-2022\" = {n} }}")),
    ]
    .boxed()
}

fn per_year_line() -> BoxedStrategy<String> {
    let years = vec![
        "2019",
        "2020",
        "2021",
        "2023",
        "2025",
        "9223372036854775807",
    ];
    prop::collection::vec((prop::sample::select(years), extreme_int()), 0..4)
        .prop_map(|kv| {
            let mut pairs: Vec<String> = Vec::new();
            for (y, n) in kv {
                if !pairs.iter().any(|p| p.starts_with(&format!("\"{y}\""))) {
                    pairs.push(format!("\"{y}\" = {n}"));
                }
            }
            format!("per_year = {{ {} }}", pairs.join(", "))
        })
        .boxed()
}

fn survey_line() -> BoxedStrategy<String> {
    prop_oneof![
        (extreme_float(), extreme_int())
            .prop_map(|(r, y)| format!("internal = {{ rate = {r}, year = {y} }}")),
        extreme_float().prop_map(|r| format!("third_party = {{ rate = {r}, scale = \"1-5\" }}")),
    ]
    .boxed()
}

/// One `key = value` line of an answer, of any answer kind (so some do not fit their KPI).
fn answer_line() -> BoxedStrategy<String> {
    prop_oneof![
        yes_line(),
        count_line(),
        rating_line(),
        per_year_line(),
        survey_line(),
        Just("narrative = \"words only\"".to_string()),
    ]
    .boxed()
}

/// The lines that fit a KPI's answer kind (the framework in data/kpis.toml); its projects
/// are written apart.
fn fitting_line(kpi: &str) -> BoxedStrategy<String> {
    match kpi {
        "A.1" | "B.1" | "C.1" | "C.2" | "D.1" | "E.2" => yes_line(),
        "D.1.1" => rating_line(),
        "D.2" => per_year_line(),
        "E.3" => survey_line(),
        "D.2.1" => Just("narrative = \"see the projects\"".to_string()).boxed(),
        _ => count_line(),
    }
}

/// A `[[return.answers."K".projects]]` entry.
fn project() -> impl Strategy<Value = String> {
    (
        prop::option::of(extreme_int()),
        prop::option::of((extreme_int(), extreme_int())),
        prop::collection::vec(extreme_int(), 0..4),
    )
        .prop_map(|(total, gender, countries)| {
            let mut lines = Vec::new();
            if let Some(t) = total {
                lines.push(format!("total = {t}"));
            }
            if let Some((f, m)) = gender {
                lines.push(format!("female = {f}\nmale = {m}"));
            }
            if !countries.is_empty() {
                let ams = ["BRN", "IDN", "SGP", "THA"];
                let pairs: Vec<String> = countries
                    .iter()
                    .zip(ams)
                    .map(|(n, c)| format!("{c} = {n}"))
                    .collect();
                lines.push(format!("by_country = {{ {} }}", pairs.join(", ")));
            }
            lines.join("\n")
        })
}

/// One answer: its KPI, its lines (one per key) and its projects. Most fit their KPI, so the
/// checks of numbers are reached; some do not.
fn answer() -> impl Strategy<Value = (&'static str, Vec<String>, Vec<String>)> {
    prop::sample::select(KPI_IDS).prop_flat_map(|kpi| {
        let line = prop_oneof![5 => fitting_line(kpi), 1 => answer_line()];
        let projects = if kpi == "D.2.1" { 1..4usize } else { 0..2 };
        (
            Just(kpi),
            prop::collection::vec(line, 0..4),
            prop::collection::vec(project(), projects),
        )
    })
}

/// One `[[return]]` with its answers, each KPI and each key once (TOML allows no repeats).
fn kpi_return() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["BRN", "IDN", "MMR", "SGP", "THA", "JPN"]),
        prop_oneof![
            4 => 2019..=2026i64,
            1 => prop::sample::select(vec![i64::MAX, i64::MIN, 0]),
        ],
        prop::sample::select(vec!["baseline", "mid-term", "annual", "target"]),
        prop::collection::vec(answer(), 0..6),
    )
        .prop_map(|(country, year, round, answers)| {
            let mut text = format!(
                "[[return]]\nplan = \"accsm-2021-2025\"\ncountry = \"{country}\"\nyear = {year}\nround = \"{round}\"\n"
            );
            let mut seen_kpis = Vec::new();
            for (kpi, lines, projects) in answers {
                if seen_kpis.contains(&kpi) {
                    continue;
                }
                seen_kpis.push(kpi);
                text.push_str(&format!("[return.answers.\"{kpi}\"]\n"));
                let mut seen_keys = Vec::new();
                for line in lines {
                    let key = line.split(' ').next().unwrap_or("").to_string();
                    if !seen_keys.contains(&key) {
                        text.push_str(&line);
                        text.push('\n');
                        seen_keys.push(key);
                    }
                }
                for p in projects {
                    text.push_str(&format!("[[return.answers.\"{kpi}\".projects]]\n{p}\n"));
                }
            }
            text
        })
}

/// Trend windows: the plan's own, and ones at the edges of the years.
fn window() -> impl Strategy<Value = Option<(i64, i64)>> {
    prop_oneof![
        2 => Just(None),
        1 => prop::sample::select(vec![
            (2021, 2025), (2025, 2021), (2021, 2021), (i64::MIN, i64::MAX), (i64::MAX, i64::MAX),
            (i64::MAX - 1, i64::MAX), (i64::MIN, i64::MIN), (2020, 2022),
        ]).prop_map(Some),
    ]
}

/// Every trend and regional figure of the returns' plan, as `accsm trend` computes them, and
/// their JSON; the coverage of the returns.
fn assert_trends_sound(loaded: &Loaded, window: Option<(i64, i64)>) -> Result<(), TestCaseError> {
    use accsm::trend::{Window, regional, trends};
    let data = &loaded.dataset;
    let Some(plan) = data.plan("accsm-2021-2025") else {
        return Ok(());
    };
    let kpis: Vec<&accsm::model::Kpi> = data
        .kpis
        .iter()
        .filter(|k| k.plan.value == plan.id.value)
        .collect();
    let window = match window {
        Some((from, to)) => Window {
            within: 1,
            ..Window::years(from, to)
        },
        None => Window::of_plan(plan),
    };
    let rows = trends(data, &loaded.sources, &kpis, &[], window);
    prop_assert_eq!(rows.len(), kpis.len() * data.ams_of(plan).len());
    for row in &rows {
        prop_assert!(!row.reason.is_empty() || row.latest.is_some(), "{:?}", row);
        let change = row
            .change
            .as_ref()
            .map(|c| c.text.clone())
            .unwrap_or_default();
        for text in [&row.reason, &change] {
            prop_assert!(!text.contains("NaN") && !text.contains("inf"), "{}", text);
        }
    }
    for kpi in &kpis {
        let of_kpi: Vec<&accsm::trend::Trend> = rows
            .iter()
            .filter(|r| r.kpi == kpi.id.value.as_str())
            .collect();
        let r = regional(kpi, &of_kpi);
        prop_assert_eq!(r.counts.values().sum::<usize>(), of_kpi.len());
        let json = serde_json::to_string(&r).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(!json.contains("inf") && !json.contains("NaN"), "{}", json);
    }
    serde_json::to_string(&rows).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let coverage = accsm::report::coverage::Coverage::new(data, plan, &kpis);
    coverage.matrix().to_table(Some(120));
    coverage
        .missing()
        .to_csv()
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn returns_with_extreme_numbers_never_crash(
        returns in prop::collection::vec(kpi_return(), 1..6),
        window in window(),
    ) {
        let root = common::root();
        let mut others = references();
        others.extend(data_files(&root.join("data/plans")));
        let scratch = Scratch::new("returns");
        let loaded = scratch.check(returns.join("\n").as_bytes(), &others);
        assert_sound(&loaded)?;
        prop_assert!(!loaded.dataset.returns.is_empty() || loaded.diagnostics.iter().any(|d| d.code == accsm::diag::Code::Syntax));
        assert_trends_sound(&loaded, window)?;
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
