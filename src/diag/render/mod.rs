//! Renderers for findings: the human form (the source line with the span underlined, as rustc
//! and cargo print, see [`human`]), JSON for tools, GitHub Actions workflow commands, and SARIF
//! for code scanning ([`sarif`]).
//!
//! Lines and columns are 1-based everywhere. Columns in `file:line:col`, in JSON and in GitHub
//! annotations count characters (Unicode scalar values), not bytes and not screen columns: what
//! an editor's "go to line:column" and GitHub's annotations expect, and the same number for a
//! Thai name whatever font shows it. Only the caret of the human form is placed by screen width.

mod human;
mod sarif;

pub use human::human;
pub use sarif::sarif;

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use super::{Accepted, Diagnostic, Severity, Tally};
use crate::escape;
use crate::source::{SourceFile, SourceMap, Span};

/// Colour or not: colour only when the output is a terminal and `NO_COLOR` is not set (the
/// caller decides, see `output::use_color` in the binary).
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
}

/// `path:line:col` of a finding, or just the path for file-level findings.
pub fn position(map: &SourceMap, d: &Diagnostic) -> String {
    match d.span {
        Some(span) => position_of(map, span),
        None => d
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
    }
}

/// The file of a finding, also when its lines cannot be shown.
fn path_of<'a>(map: &'a SourceMap, d: &'a Diagnostic) -> Option<&'a Path> {
    match d.span {
        Some(span) => Some(map.path(span.file)),
        None => d.path.as_deref(),
    }
}

fn position_of(map: &SourceMap, span: Span) -> String {
    let path = map.path(span.file).display().to_string();
    match map.get(span.file) {
        Some(file) => {
            let loc = file.location(span.start);
            format!("{path}:{}:{}", loc.line, loc.column)
        }
        None => path,
    }
}

/// "2 errors, 5 warnings, 1 note in 14 files".
pub fn summary(tally: Tally, files: usize) -> String {
    fn plural(n: usize, word: &str) -> String {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    }
    let mut parts = vec![
        plural(tally.errors, "error"),
        plural(tally.warnings, "warning"),
    ];
    if tally.notes > 0 {
        parts.push(plural(tally.notes, "note"));
    }
    if tally.accepted > 0 {
        parts.push(format!("{} accepted", tally.accepted));
    }
    format!("{} in {}", parts.join(", "), plural(files, "file"))
}

#[derive(Serialize)]
struct JsonRelated {
    file: String,
    line: usize,
    column: usize,
    note: String,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: Severity,
    message: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    source_line: Option<String>,
    label: Option<&'a str>,
    help: Option<&'a str>,
    related: Vec<JsonRelated>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    /// Findings the data accepts, each with its reason.
    accepted: Vec<JsonAccepted<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonAccepted<'a> {
    code: &'static str,
    severity: Severity,
    message: &'a str,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    notes: usize,
    accepted: usize,
    files: usize,
}

/// Source lines longer than this many characters are given as a window around the finding.
const LONGEST_SOURCE_LINE: usize = 400;

/// The line, or for a very long line a window of it around the finding, with `…` where it was
/// cut: ten thousand findings on one 70 KB line would otherwise repeat it ten thousand times.
/// Measured in bytes from the span, so that each finding costs the window, not the line.
fn line_window(file: &SourceFile, line: usize, span: Span) -> Cow<'_, str> {
    let text = file.line_text(line);
    if text.len() <= LONGEST_SOURCE_LINE {
        return Cow::Borrowed(text);
    }
    let line_start = file.line_start(line);
    let at = |offset: u32| (offset as usize).saturating_sub(line_start).min(text.len());
    let quarter = LONGEST_SOURCE_LINE / 4;
    let mut from = at(span.start).saturating_sub(quarter);
    let mut to = (at(span.end).max(at(span.start)) + quarter)
        .max(from + 2 * quarter)
        .min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let before = if from > 0 { "…" } else { "" };
    let after = if to < text.len() { "…" } else { "" };
    Cow::Owned(format!("{before}{}{after}", &text[from..to]))
}

/// The whole report as one JSON document. Lines and columns are 1-based; columns count characters
/// (see the module's documentation).
pub fn json(map: &SourceMap, diagnostics: &[Diagnostic], files: usize) -> String {
    json_with_accepted(map, diagnostics, &[], files)
}

/// [`json`], with the findings the data accepts listed apart.
pub fn json_with_accepted(
    map: &SourceMap,
    diagnostics: &[Diagnostic],
    accepted: &[Accepted],
    files: usize,
) -> String {
    let rendered = diagnostics
        .iter()
        .map(|d| json_diagnostic(map, d))
        .collect();
    let accepted_json = accepted.iter().map(|a| json_accepted(map, a)).collect();
    json_report(diagnostics, rendered, accepted_json, files)
}

/// [`json_with_accepted`], a file at a time: the text read again for one file's findings is let
/// go before the next file's (see [`SourceMap::release`]). The output is the same.
pub fn json_releasing(
    map: &mut SourceMap,
    diagnostics: &[Diagnostic],
    accepted: &[Accepted],
    files: usize,
) -> String {
    let mut rendered = Vec::with_capacity(diagnostics.len());
    for run in by_file(diagnostics) {
        rendered.extend(run.iter().map(|d| json_diagnostic(map, d)));
        map.release();
    }
    let mut accepted_json = Vec::with_capacity(accepted.len());
    for run in accepted.chunk_by(|a, b| file_id(&a.diagnostic) == file_id(&b.diagnostic)) {
        accepted_json.extend(run.iter().map(|a| json_accepted(map, a)));
        map.release();
    }
    json_report(diagnostics, rendered, accepted_json, files)
}

/// The findings in runs of one file each (the checks sort them by file; unsorted findings
/// only make more runs).
pub fn by_file(diagnostics: &[Diagnostic]) -> impl Iterator<Item = &[Diagnostic]> {
    diagnostics.chunk_by(|a, b| file_id(a) == file_id(b))
}

fn file_id(d: &Diagnostic) -> Option<crate::source::FileId> {
    d.span.map(|s| s.file)
}

fn json_report(
    diagnostics: &[Diagnostic],
    rendered: Vec<JsonDiagnostic<'_>>,
    accepted: Vec<JsonAccepted<'_>>,
    files: usize,
) -> String {
    let tally = Tally::of(diagnostics);
    let report = JsonReport {
        summary: JsonSummary {
            errors: tally.errors,
            warnings: tally.warnings,
            notes: tally.notes,
            accepted: accepted.len(),
            files,
        },
        diagnostics: rendered,
        accepted,
    };
    escape::json(serde_json::to_string_pretty(&report).unwrap_or_default())
}

fn json_accepted<'a>(map: &SourceMap, a: &'a Accepted) -> JsonAccepted<'a> {
    let d = &a.diagnostic;
    let at = d
        .span
        .and_then(|s| map.get(s.file).map(|f| f.location(s.start)));
    JsonAccepted {
        code: d.code.as_str(),
        severity: d.severity,
        message: &d.message,
        file: path_of(map, d).map(|p| p.display().to_string()),
        line: at.map(|l| l.line),
        column: at.map(|l| l.column),
        reason: &a.reason,
    }
}

fn json_diagnostic<'a>(map: &SourceMap, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let located = d.span.and_then(|s| map.get(s.file).map(|f| (s, f)));
    let (file, start, end, source_line) = match located {
        Some((s, f)) => {
            let start = f.location(s.start);
            let end = f.location(s.end);
            (
                Some(f.path.display().to_string()),
                Some(start),
                Some(end),
                Some(line_window(f, start.line, s).into_owned()),
            )
        }
        None => (
            path_of(map, d).map(|p| p.display().to_string()),
            None,
            None,
            None,
        ),
    };
    JsonDiagnostic {
        code: d.code.as_str(),
        severity: d.severity,
        message: &d.message,
        file,
        line: start.map(|l| l.line),
        column: start.map(|l| l.column),
        end_line: end.map(|l| l.line),
        end_column: end.map(|l| l.column),
        source_line,
        label: d.label.as_deref(),
        help: d.help.as_deref(),
        related: d
            .related
            .iter()
            .filter_map(|(s, note)| {
                let f = map.get(s.file)?;
                let loc = f.location(s.start);
                Some(JsonRelated {
                    file: f.path.display().to_string(),
                    line: loc.line,
                    column: loc.column,
                    note: note.clone(),
                })
            })
            .collect(),
    }
}

/// The line that stands for findings left out (see [`super::repeats`]), in the human form.
pub fn more_human(map: &SourceMap, like: &Diagnostic, count: usize, style: Style) -> String {
    let d = Diagnostic {
        message: more_message(like, count),
        label: None,
        help: Some("`accsm validate --format json` lists every finding".to_string()),
        related: Vec::new(),
        fix: None,
        ..like.clone()
    };
    human(map, &d, style)
}

fn more_message(like: &Diagnostic, count: usize) -> String {
    format!(
        "and {} more `{}` finding{} on this line, not shown",
        super::repeats::thousands(count),
        like.code.as_str(),
        if count == 1 { "" } else { "s" },
    )
}

/// GitHub Actions workflow commands, one line per finding, so findings appear on the pull request.
/// Past the first few findings of one code on one line, one more line counts the rest.
pub fn github(map: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let shown = super::repeats::capped(map, diagnostics);
    for item in &shown {
        let more;
        let d = match item {
            super::repeats::Shown::Finding(d) => *d,
            super::repeats::Shown::More { like, count } => {
                more = Diagnostic {
                    message: more_message(like, *count),
                    help: None,
                    ..(*like).clone()
                };
                &more
            }
        };
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut props = Vec::new();
        if let Some((span, file)) = d.span.and_then(|s| map.get(s.file).map(|f| (s, f))) {
            let start = file.location(span.start);
            let end = file.location(span.end);
            props.push(format!(
                "file={}",
                escape::github_property(&file.path.display().to_string())
            ));
            props.push(format!("line={}", start.line));
            props.push(format!("col={}", start.column));
            props.push(format!("endLine={}", end.line));
            props.push(format!("endColumn={}", end.column));
        } else if let Some(path) = path_of(map, d) {
            props.push(format!(
                "file={}",
                escape::github_property(&path.display().to_string())
            ));
        }
        props.push(format!(
            "title={}",
            escape::github_property(&format!("accsm ({})", d.code.as_str()))
        ));
        // The log viewer is a terminal too: github_data escapes what the data says, line by line.
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            escape::github_data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_uses_plurals() {
        let t = Tally {
            errors: 1,
            warnings: 0,
            notes: 2,
            accepted: 0,
        };
        assert_eq!(summary(t, 1), "1 error, 0 warnings, 2 notes in 1 file");
    }

    #[test]
    fn a_file_edited_during_the_run_is_named_without_a_wrong_line() -> std::io::Result<()> {
        use crate::diag::Code;
        use crate::source::{OnDisk, Span};
        let dir = std::env::temp_dir().join(format!("accsm-render-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join("plan.toml");
        let parsed = "number = \"x\"\n";
        std::fs::write(&path, parsed)?;
        let mut map = SourceMap::default();
        let file = map.add_on_disk("plan.toml".into(), OnDisk::new(path.clone(), parsed));
        std::fs::write(&path, "# a line added meanwhile\nnumber = \"x\"\n")?;
        let d = Diagnostic::new(Code::WrongType, Span::new(file, 9..12), "not a number");

        let human = human(&map, &d, Style::default());
        assert!(human.contains("--> plan.toml\n"), "{human}");
        assert!(
            human.contains("the file changed while accsm was checking it"),
            "{human}"
        );
        let json = json(&map, std::slice::from_ref(&d), 1);
        assert!(json.contains("\"file\": \"plan.toml\""), "{json}");
        assert!(json.contains("\"line\": null"), "{json}");
        let github = github(&map, std::slice::from_ref(&d));
        assert!(
            github.starts_with("::error file=plan.toml,title="),
            "{github}"
        );
        std::fs::remove_dir_all(&dir)
    }
}
