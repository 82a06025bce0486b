//! The findings on the plans as published (`tests/fixtures/published`, the printed matrices with
//! their defects kept): `accsm validate --format json` over them, held to
//! `tests/fixtures/published-findings.txt`. That file holds one entry per finding, in the order
//! accsm reports them, under the plan or programme it stands in: a change of the finding set shows
//! as the entries that appeared, went or changed, not as a difference of 3,000 lines of JSON.
//!
//! Every field of every finding is compared (`source_line` against the file itself), so any change
//! of what `validate` says about the published plans fails, as the byte-for-byte snapshot this
//! replaced did; the layout of the JSON is pinned by the trycmd case `validate-accept`. After an
//! intended change: `ACCSM_BLESS=1 cargo test --test tests published_findings`, then review
//! `git diff tests/fixtures/published-findings.txt`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::common::{accsm, assert_exit, root, stderr};

const ARGS: &[&str] = &[
    "validate",
    "--format",
    "json",
    "data/reference",
    "data/kpis.toml",
    "tests/fixtures/published",
];
const FIXTURE: &str = "tests/fixtures/published-findings.txt";
/// The fields of one finding in the JSON; a field added or dropped fails the test until it is
/// rendered here too.
const FIELDS: [&str; 12] = [
    "code",
    "severity",
    "message",
    "file",
    "line",
    "column",
    "end_line",
    "end_column",
    "source_line",
    "label",
    "help",
    "related",
];

#[test]
fn the_published_plans_give_the_recorded_findings() {
    let out = accsm(ARGS);
    assert_exit(&out, 1);
    assert_eq!(stderr(&out), "", "validate wrote to standard error");
    let report: Value = serde_json::from_slice(&out.stdout).expect("validate's JSON");
    compare_or_bless(&render(&report));
}

/// The fixture, from the report: a header with the summary and the count of each code, then the
/// findings.
fn render(report: &Value) -> String {
    let top = object(report, "the report");
    assert_eq!(
        top.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        BTreeSet::from(["accepted", "diagnostics", "summary"]),
        "the report's fields"
    );
    let findings = top["diagnostics"].as_array().expect("diagnostics: a list");
    let mut out = format!(
        "# The findings of `accsm {}`\n\
         # (the plans as published, printed defects kept).\n\
         # Written by tests/published_findings.rs: one entry per finding, in the order accsm reports\n\
         # them, under the plan or programme it stands in; every field of the JSON but `source_line`,\n\
         # which the test checks against the file. Write it again with\n\
         # `ACCSM_BLESS=1 cargo test --test tests published_findings` and review `git diff`.\n\n",
        ARGS.join(" ")
    );
    let summary = object(&top["summary"], "summary");
    let summary: Vec<String> = summary.iter().map(|(k, v)| format!("{k} {v}")).collect();
    writeln!(out, "summary: {}", summary.join(", ")).unwrap();
    let accepted = top["accepted"].as_array().expect("accepted: a list");
    writeln!(out, "accepted: {}", accepted.len()).unwrap();
    for entry in accepted {
        writeln!(out, "  {entry}").unwrap();
    }
    out.push_str(&per_code(findings));
    check_summary(top, findings);

    let mut sources = Sources::default();
    let mut heading = String::new();
    for finding in findings {
        let finding = object(finding, "a finding");
        assert_eq!(
            finding.keys().map(String::as_str).collect::<BTreeSet<_>>(),
            BTreeSet::from(FIELDS),
            "the fields of {finding:?}"
        );
        let file = text(finding, "file");
        let line = number(finding, "line");
        let here = format!("## {file}: {}", sources.block(file, line));
        if here != heading {
            write!(out, "\n{here}\n").unwrap();
            heading = here;
        }
        out.push_str(&entry(finding, sources.line(file, line)));
    }
    out
}

/// One finding: where and what on the first line, then its label, help and related places.
fn entry(finding: &Map<String, Value>, file_line: &str) -> String {
    let mut out = format!(
        "{}:{}-{}:{} {}[{}] {}\n",
        number(finding, "line"),
        number(finding, "column"),
        number(finding, "end_line"),
        number(finding, "end_column"),
        text(finding, "severity"),
        text(finding, "code"),
        text(finding, "message"),
    );
    for key in ["label", "help"] {
        match &finding[key] {
            Value::Null => {}
            Value::String(s) => writeln!(out, "    {key}: {s}").unwrap(),
            other => panic!("{key}: {other} is neither text nor null"),
        }
    }
    for related in finding["related"].as_array().expect("related: a list") {
        let related = object(related, "a related place");
        assert_eq!(related.len(), 4, "the fields of {related:?}");
        writeln!(
            out,
            "    related: {}:{}:{} {}",
            text(related, "file"),
            number(related, "line"),
            number(related, "column"),
            text(related, "note")
        )
        .unwrap();
    }
    // The line as the file holds it; only a line accsm shows otherwise (escaped) is written out.
    let source_line = text(finding, "source_line");
    if source_line != file_line {
        writeln!(out, "    source_line: {source_line}").unwrap();
    }
    out
}

/// How many findings of each code, by code: the first place a review sees a finding come or go.
fn per_code(findings: &[Value]) -> String {
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for finding in findings {
        let finding = object(finding, "a finding");
        let key = (
            text(finding, "code").to_string(),
            text(finding, "severity").to_string(),
        );
        *counts.entry(key).or_default() += 1;
    }
    let mut out = format!("\n{} findings:\n", findings.len());
    for ((code, severity), count) in counts {
        writeln!(out, "  {count:>4} {severity:<7} {code}").unwrap();
    }
    out
}

/// The summary counts what the list holds.
fn check_summary(top: &Map<String, Value>, findings: &[Value]) {
    for (field, severity) in [
        ("errors", "error"),
        ("warnings", "warning"),
        ("notes", "note"),
    ] {
        let listed = findings
            .iter()
            .filter(|f| f["severity"] == severity)
            .count();
        assert_eq!(
            top["summary"][field].as_u64(),
            Some(listed as u64),
            "summary.{field} against the {severity}s listed"
        );
    }
}

fn compare_or_bless(generated: &str) {
    let path = root().join(FIXTURE);
    if std::env::var_os("ACCSM_BLESS").is_some() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let diff = similar::TextDiff::from_lines(&committed, generated)
            .unified_diff()
            .context_radius(2)
            .header(FIXTURE, "what accsm reports now")
            .to_string();
        panic!(
            "the findings on the published plans changed (- recorded, + now):\n{diff}\n\
             If the change is intended, write the file again with \
             `ACCSM_BLESS=1 cargo test --test tests published_findings` and review `git diff {FIXTURE}`."
        );
    }
}

/// The files the findings point into, read once, with the plan or programme each line is in.
#[derive(Default)]
struct Sources {
    files: BTreeMap<String, Source>,
}

struct Source {
    lines: Vec<String>,
    /// Where each table starts (1-based line) and what it is: see [`blocks`].
    blocks: Vec<(u64, String)>,
}

impl Sources {
    fn read(&mut self, file: &str) -> &Source {
        self.files.entry(file.to_string()).or_insert_with(|| {
            let text = std::fs::read_to_string(root().join(file))
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            let lines: Vec<String> = text.lines().map(str::to_string).collect();
            let blocks = blocks(&lines);
            Source { lines, blocks }
        })
    }

    fn line(&mut self, file: &str, line: u64) -> &str {
        let lines = &self.read(file).lines;
        usize::try_from(line)
            .ok()
            .and_then(|l| lines.get(l.checked_sub(1)?))
            .map_or("", String::as_str)
    }

    fn block(&mut self, file: &str, line: u64) -> String {
        self.read(file)
            .blocks
            .iter()
            .rev()
            .find(|(start, _)| *start <= line)
            .map_or_else(|| "top of the file".to_string(), |(_, name)| name.clone())
    }
}

/// Where each table of a data file starts (1-based line) and what it is: `plan ID`,
/// `programme N`, or its header. A sub-table (`[programme.x]`) belongs to the table above it.
fn blocks(lines: &[String]) -> Vec<(u64, String)> {
    let mut blocks: Vec<(u64, String, String)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[') {
            let name = header.trim_matches(|c| c == '[' || c == ']' || c == ' ');
            let sub = blocks
                .last()
                .is_some_and(|(_, kind, _)| name.starts_with(&format!("{kind}.")));
            if !sub {
                blocks.push((i as u64 + 1, name.to_string(), format!("[{name}]")));
            }
        } else if let Some((kind, label)) = blocks.last_mut().map(|(_, k, l)| (k.clone(), l)) {
            let key = match kind.as_str() {
                "plan" => "id",
                "programme" => "number",
                _ => continue,
            };
            if label.starts_with('[') {
                if let Some((k, v)) = line.split_once('=') {
                    if k.trim() == key {
                        *label = format!("{kind} {}", v.trim().trim_matches('"'));
                    }
                }
            }
        }
    }
    blocks
        .into_iter()
        .map(|(start, _, label)| (start, label))
        .collect()
}

fn object<'a>(value: &'a Value, what: &str) -> &'a Map<String, Value> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("{what}: {value} is not an object"))
}

fn text<'a>(object: &'a Map<String, Value>, key: &str) -> &'a str {
    object[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key}: {} is not text", object[key]))
}

fn number(object: &Map<String, Value>, key: &str) -> u64 {
    object[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key}: {} is not a number", object[key]))
}
