//! The human form of a finding, drawn by annotate-snippets (the renderer of rustc and cargo):
//!
//! ```text
//! error[unknown-reference]: `E.1.vx` is not a known ASCC strategic measure
//!   --> data/plans/accsm-2021-2025.toml:30:43
//!    |
//! 30 | measures = ["E.1.vx"]
//!    |             ^^^^^^^^ not in the reference lists
//!    |
//!    = help: did you mean `E.1.vii`?
//! ```
//!
//! annotate-snippets measures what it draws in screen columns, so the caret stays under its text
//! after wide characters (Chinese, Japanese, emoji count two), Thai and Khmer combining marks
//! (zero) and tabs. A related place ("first defined here") is drawn as a second label, in the
//! same excerpt when it lies a few lines away, else in an excerpt of its own (`::: file:line:col`).
//!
//! accsm keeps one thing for itself: what a terminal would obey. Every source line is escaped
//! with [`terminal_safe`] before it is handed over, and spans are mapped into the escaped text.
//! The `file:line:col` shown stays the column in the file, counted in characters, the same as
//! the JSON and GitHub outputs give.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Element, Level, Origin, Renderer, Snippet};

use super::{Style, position, position_of};
use crate::diag::{Diagnostic, Severity};
use crate::escape::terminal_safe;
use crate::source::{SourceFile, SourceMap, Span};

/// A related place this many lines or fewer from the finding is drawn in the same excerpt.
const SAME_EXCERPT_LINES: usize = 4;

/// The human form of one finding, ending with a blank line.
pub fn human(map: &SourceMap, d: &Diagnostic, style: Style) -> String {
    let renderer = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut elements: Vec<Element<'_>> = Vec::new();
    let mut fixes = Vec::new();
    match d.span.and_then(|s| map.get(s.file).map(|f| (s, f))) {
        Some((span, file)) => {
            for drawn in excerpts(map, d, span, file) {
                fixes.extend(drawn.column_fix);
                elements.push(drawn.snippet.into());
            }
        }
        None => {
            elements.push(Origin::path(terminal_safe(&position(map, d)).into_owned()).into());
            if d.span.is_some_and(|s| map.changed(s.file)) {
                elements.push(
                    Level::NOTE
                        .message(
                            "the file changed while accsm was checking it; run accsm again to \
                             see the line",
                        )
                        .into(),
                );
            }
        }
    }
    if let Some(help) = &d.help {
        elements.push(Level::HELP.message(terminal_safe(help).into_owned()).into());
    }
    for note in unshown_related(map, d) {
        elements.push(Level::NOTE.message(note).into());
    }
    let title = level(d.severity)
        .primary_title(terminal_safe(&d.message).into_owned())
        .id(d.code.as_str());
    let mut out = renderer.render(&[title.elements(elements)]);
    fix_columns(&mut out, fixes);
    out.push_str("\n\n");
    out
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
}

/// Related places that cannot be drawn (their file could not be read again, or changed), as
/// notes that still say where they are.
fn unshown_related(map: &SourceMap, d: &Diagnostic) -> Vec<String> {
    d.related
        .iter()
        .filter(|(span, _)| map.get(span.file).is_none())
        .map(|(span, note)| {
            format!(
                "{} ({})",
                terminal_safe(note),
                terminal_safe(&position_of(map, *span))
            )
        })
        .collect()
}

/// One excerpt of a file, ready to draw.
struct Drawn<'a> {
    snippet: Snippet<'a, annotate_snippets::Annotation<'a>>,
    /// When an escaped character stands before the span, annotate-snippets counts its column in
    /// the escaped text: the header it will print, and the header with the file's own column.
    column_fix: Option<(String, String)>,
}

/// The excerpts of a finding: the finding's line with every related place a few lines from it,
/// then one excerpt for each related place further away or in another file.
fn excerpts<'a>(
    map: &'a SourceMap,
    d: &Diagnostic,
    span: Span,
    file: &'a SourceFile,
) -> Vec<Drawn<'a>> {
    let line = file.location(span.start).line;
    let near = |s: &Span| {
        s.file == span.file && file.location(s.start).line.abs_diff(line) <= SAME_EXCERPT_LINES
    };
    let (first, last) = d
        .related
        .iter()
        .filter(|(s, _)| near(s))
        .map(|(s, _)| file.location(s.start).line)
        .fold((line, line), |(a, b), l| (a.min(l), b.max(l)));
    let spans: Vec<Span> = std::iter::once(span)
        .chain(d.related.iter().map(|(s, _)| *s).filter(near))
        .collect();
    let main = Excerpt::new(file, first, last, &spans);
    let mut annotations = vec![
        AnnotationKind::Primary
            .span(main.range(span))
            .label(d.label.as_deref().map(|l| terminal_safe(l).into_owned())),
    ];
    for (s, note) in d.related.iter().filter(|(s, _)| near(s)) {
        annotations.push(
            AnnotationKind::Context
                .span(main.range(*s))
                .label(terminal_safe(note).into_owned()),
        );
    }
    let mut drawn = vec![main.draw(map, span, annotations)];
    for (s, note) in d.related.iter().filter(|(s, _)| !near(s)) {
        let Some(other) = map.get(s.file) else {
            continue;
        };
        let at = other.location(s.start).line;
        let excerpt = Excerpt::new(other, at, at, std::slice::from_ref(s));
        let label = AnnotationKind::Context
            .span(excerpt.range(*s))
            .label(terminal_safe(note).into_owned());
        drawn.push(excerpt.draw(map, *s, vec![label]));
    }
    drawn
}

/// Lines `first..=last` of a file as they are shown: each escaped for the terminal, and a long
/// line cut to a window around its spans.
struct Excerpt<'f> {
    file: &'f SourceFile,
    first: usize,
    text: String,
    lines: Vec<ShownLine>,
}

/// How one line of an excerpt is shown: the bytes `from..to` of the line, escaped, starting at
/// `start` in the excerpt's text after `lead` bytes of "...".
struct ShownLine {
    start: usize,
    lead: usize,
    from: usize,
    to: usize,
}

/// A line longer than this (in bytes) is cut to a window around its spans before it is drawn,
/// so that a megabyte-long line with many findings costs a window per finding, not the line.
const LONG_LINE: usize = 1024;

/// Characters kept on each side of the spans of a long line, and of a long span itself: more
/// than annotate-snippets shows of a line (140 columns), which then trims it for the screen.
const WINDOW_CHARS: usize = 160;

impl<'f> Excerpt<'f> {
    /// The lines from `first` to `last`, long ones cut around the `spans` that fall on them.
    fn new(file: &'f SourceFile, first: usize, last: usize, spans: &[Span]) -> Self {
        let mut text = String::new();
        let mut lines = Vec::with_capacity(last.saturating_sub(first) + 1);
        for line in first..=last {
            if line > first {
                text.push('\n');
            }
            let raw = file.line_text(line);
            let (from, to) = window(file, line, spans);
            let lead = if from > 0 { "..." } else { "" };
            lines.push(ShownLine {
                start: text.len(),
                lead: lead.len(),
                from,
                to,
            });
            text.push_str(lead);
            text.push_str(&terminal_safe(&raw[from..to]));
            if to < raw.len() {
                text.push_str("...");
            }
        }
        Excerpt {
            file,
            first,
            text,
            lines,
        }
    }

    fn line(&self, line: usize) -> Option<&ShownLine> {
        line.checked_sub(self.first).and_then(|i| self.lines.get(i))
    }

    /// Where a byte offset of the file falls in the excerpt's text: on its line, which must be
    /// one of the excerpt's, and inside the part of the line shown.
    fn map(&self, line: usize, offset: usize) -> usize {
        let Some(shown) = self.line(line) else {
            return 0;
        };
        let raw = self.file.line_text(line);
        let within = offset
            .saturating_sub(self.file.line_start(line))
            .clamp(shown.from, shown.to);
        let within = floor_boundary(raw, within);
        // Escaping is per character, so the escaped prefix is the prefix of the escaped line.
        shown.start + shown.lead + terminal_safe(&raw[shown.from..within]).len()
    }

    /// Where a line of the excerpt starts in its text.
    fn line_offset(&self, line: usize) -> usize {
        self.line(line).map_or(0, |l| l.start)
    }

    /// A span's place in the escaped text, cut at the end of its first line.
    fn range(&self, span: Span) -> Range<usize> {
        let line = self.file.location(span.start).line;
        let start = self.map(line, span.start as usize);
        let end = self.map(line, span.end as usize).max(start);
        start..end
    }

    /// The excerpt as a snippet with its labels, and its header as it will be printed.
    fn draw<'a>(
        self,
        map: &SourceMap,
        at: Span,
        labels: Vec<annotate_snippets::Annotation<'a>>,
    ) -> Drawn<'a> {
        let path = terminal_safe(&map.path(at.file).display().to_string()).into_owned();
        let location = self.file.location(at.start);
        let range = self.range(at);
        let before = self.text.get(self.line_offset(location.line)..range.start);
        let counted = before.map_or(0, |t| t.chars().count()) + 1;
        let (line, column) = (location.line, location.column);
        let column_fix = (counted != column).then(|| {
            (
                format!("{path}:{line}:{counted}"),
                format!("{path}:{line}:{column}"),
            )
        });
        Drawn {
            snippet: Snippet::source(self.text)
                .line_start(self.first)
                .path(path)
                .annotations(labels),
            column_fix,
        }
    }
}

/// The bytes of a line to show: all of a short line; of a long one, a window around the spans
/// that start on it (each span counted for at most [`WINDOW_CHARS`]), or its start if none does.
fn window(file: &SourceFile, line: usize, spans: &[Span]) -> (usize, usize) {
    let raw = file.line_text(line);
    if raw.len() <= LONG_LINE {
        return (0, raw.len());
    }
    let line_start = file.line_start(line);
    let on_line: Vec<(usize, usize)> = spans
        .iter()
        .filter(|s| file.location(s.start).line == line)
        .map(|s| {
            let start = floor_boundary(raw, (s.start as usize).saturating_sub(line_start));
            let end = (s.end as usize)
                .saturating_sub(line_start)
                .clamp(start, raw.len());
            (start, end.min(chars_after(raw, start, WINDOW_CHARS)))
        })
        .collect();
    let from = on_line.iter().map(|&(a, _)| a).min().unwrap_or(0);
    let to = on_line.iter().map(|&(_, b)| b).max().unwrap_or(0);
    (
        chars_before(raw, from, WINDOW_CHARS),
        chars_after(raw, to, WINDOW_CHARS),
    )
}

/// The byte offset `n` characters before `at` (or 0).
fn chars_before(s: &str, at: usize, n: usize) -> usize {
    s[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

/// The byte offset `n` characters after `at` (or the end).
fn chars_after(s: &str, at: usize, n: usize) -> usize {
    s[at..]
        .char_indices()
        .nth(n)
        .map_or(s.len(), |(i, _)| at + i)
}

/// `at`, moved back onto a character boundary of `s`.
fn floor_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Puts the file's own column into each `file:line:col` header where an escaped character
/// before the span made annotate-snippets count another, in the order the headers appear. Only
/// a whole header is replaced: the text found must end its line.
fn fix_columns(out: &mut String, fixes: Vec<(String, String)>) {
    let mut from = 0;
    for (printed, wanted) in fixes {
        let found = out[from..]
            .match_indices(&printed)
            .map(|(i, _)| from + i)
            .find(|&i| {
                let after = &out[i + printed.len()..];
                after.is_empty() || after.starts_with(['\n', '\x1b'])
            });
        if let Some(at) = found {
            out.replace_range(at..at + printed.len(), &wanted);
            from = at + wanted.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    fn map_of(files: &[(&str, &str)]) -> SourceMap {
        let mut map = SourceMap::default();
        for (path, text) in files {
            map.add(SourceFile::new(path.into(), text.to_string()));
        }
        map
    }

    fn span_of(map: &SourceMap, file: u32, at: &str) -> Span {
        let id = crate::source::FileId(file);
        let text = map.get(id).map_or("", |f| f.text.as_str());
        let start = text.find(at).unwrap_or(0);
        Span::new(id, start..start + at.len())
    }

    /// The finding "unknown" on the first `"BRN"` of a one-line file, without colour.
    fn caret_under_brn(line: &str) -> String {
        let map = map_of(&[("data/x.toml", line)]);
        let d = Diagnostic::new(
            Code::UnknownReference,
            span_of(&map, 0, "\"BRN\""),
            "unknown",
        )
        .with_label("here");
        human(&map, &d, Style::default())
    }

    /// The rendered line and the caret line under it, and the column of the header.
    fn shown(out: &str) -> (usize, &str, &str) {
        let lines: Vec<&str> = out.lines().collect();
        let column = lines[1].rsplit(':').next().and_then(|c| c.parse().ok());
        (column.unwrap_or(0), lines[3], lines[4])
    }

    #[test]
    fn the_caret_stays_under_its_text_after_chinese() {
        let out = caret_under_brn("name = \"中文\", id = \"BRN\"\n");
        assert_eq!(
            out,
            "error[unknown-reference]: unknown\n \
             --> data/x.toml:1:19\n  \
             |\n\
             1 | name = \"中文\", id = \"BRN\"\n  \
             |                     ^^^^^ here\n\n"
        );
    }

    #[test]
    fn the_caret_stays_under_its_text_after_thai_combining_marks() {
        // 17 characters of Thai, 3 of them combining marks that take no column.
        let out = caret_under_brn("name = \"กรุงเทพฯ สำนักงาน\", id = \"BRN\"\n");
        let (column, line, caret) = shown(&out);
        assert_eq!(column, 34);
        assert_eq!(line, "1 | name = \"กรุงเทพฯ สำนักงาน\", id = \"BRN\"");
        assert_eq!(caret, "  |                                ^^^^^ here");
    }

    #[test]
    fn the_caret_stays_under_its_text_after_an_emoji_zwj_sequence() {
        // One family emoji: three emoji joined by two zero-width joiners, five characters.
        let out = caret_under_brn("name = \"👨\u{200d}👩\u{200d}👧 family\", id = \"BRN\"\n");
        let (column, line, caret) = shown(&out);
        assert_eq!(column, 29);
        // annotate-snippets draws the sequence as its three emoji, two columns each.
        assert_eq!(line, "1 | name = \"👨👩👧 family\", id = \"BRN\"");
        assert_eq!(caret, "  |                              ^^^^^ here");
    }

    #[test]
    fn the_caret_stays_under_its_text_after_tabs() {
        let out = caret_under_brn("\tname\t= \"x\"\tid = \"BRN\"\n");
        let (column, line, caret) = shown(&out);
        assert_eq!(column, 18);
        assert_eq!(line, "1 |     name    = \"x\"    id = \"BRN\"");
        assert_eq!(caret, "  |                           ^^^^^ here");
    }

    #[test]
    fn control_and_bidi_characters_are_escaped_and_the_column_is_the_files() {
        let out = caret_under_brn("name = \"a\u{1b}[2J\u{202e}b\u{9b}\", id = \"BRN\"\n");
        let (column, line, caret) = shown(&out);
        assert_eq!(column, 25, "{out}");
        assert_eq!(
            line,
            "1 | name = \"a\\u{1b}[2J\\u{202e}b\\u{9b}\", id = \"BRN\""
        );
        // The caret is under the escaped text: 41 columns of it before `"BRN"`.
        assert_eq!(caret, format!("  | {}^^^^^ here", " ".repeat(41)));
        assert!(!out.contains(['\u{1b}', '\u{202e}', '\u{9b}']));
    }

    #[test]
    fn a_long_line_is_cut_around_the_caret() {
        let line = format!(
            "name = \"{}\", id = \"BRN\" # {}\n",
            "ก".repeat(100_000),
            "x".repeat(500)
        );
        let out = caret_under_brn(&line);
        let (column, line, caret) = shown(&out);
        assert_eq!(column, 100_017);
        assert!(line.starts_with("1 | ...กกก") && line.len() < 600, "{line}");
        let under = line.find("\"BRN\"").map(|b| line[..b].chars().count());
        assert_eq!(under, caret.find('^'));
    }

    #[test]
    fn a_megabyte_long_span_shows_a_window_with_the_files_column() {
        // An escape character early in the line, then a one-megabyte value that is the finding.
        let value = "x".repeat(1 << 20);
        let text = format!("a = \"\u{1b}\", {}, id = \"{value}\"\n", "y".repeat(2000));
        let map = map_of(&[("data/x.toml", &text)]);
        let span = span_of(&map, 0, &format!("\"{value}\""));
        let d = Diagnostic::new(Code::UnknownReference, span, "unknown").with_label("here");
        let out = human(&map, &d, Style::default());
        assert!(out.len() < 1000, "{} bytes", out.len());
        let (column, line, caret) = shown(&out);
        assert_eq!(column, 2017);
        assert!(
            line.starts_with("1 | ...") && line.ends_with("xxx..."),
            "{line}"
        );
        let under = line.find("\"xxx").map(|b| line[..b].chars().count());
        assert_eq!(under, caret.find('^'), "{out}");
    }

    #[test]
    fn a_span_over_several_lines_is_underlined_on_its_first() {
        let map = map_of(&[("data/x.toml", "a = 1\nid = \"BRN\"\r\nb = 2\n")]);
        let d = Diagnostic::new(
            Code::UnknownReference,
            span_of(&map, 0, "\"BRN\"\r\nb"),
            "unknown",
        );
        let out = human(&map, &d, Style::default());
        let (column, line, caret) = shown(&out);
        assert_eq!(
            (column, line, caret),
            (6, "2 | id = \"BRN\"", "  |      ^^^^^")
        );
    }

    #[test]
    fn a_related_place_is_a_second_label_near_or_its_own_excerpt_far() {
        let text = "[a]\nid = \"X\"\n\n[b]\nid = \"X\"\n";
        let map = map_of(&[("data/x.toml", text), ("data/y.toml", "\n\nid = \"X\"\n")]);
        let first = span_of(&map, 0, "id");
        let again = Span::new(crate::source::FileId(0), 18..20);
        let near = Diagnostic::new(Code::DuplicateId, again, "`X` is defined twice")
            .with_label("defined again")
            .with_related(first, "first defined here")
            .with_help("remove one");
        assert_eq!(
            human(&map, &near, Style::default()),
            "error[duplicate-id]: `X` is defined twice\n \
             --> data/x.toml:5:1\n  \
             |\n\
             2 | id = \"X\"\n  \
             | -- first defined here\n\
             ...\n\
             5 | id = \"X\"\n  \
             | ^^ defined again\n  \
             |\n  \
             = help: remove one\n\n"
        );
        let far = Diagnostic::new(Code::DuplicateId, again, "`X` is defined twice")
            .with_related(span_of(&map, 1, "id"), "first defined here");
        assert_eq!(
            human(&map, &far, Style::default()),
            "error[duplicate-id]: `X` is defined twice\n \
             --> data/x.toml:5:1\n  \
             |\n\
             5 | id = \"X\"\n  \
             | ^^\n  \
             |\n \
             ::: data/y.toml:3:1\n  \
             |\n\
             3 | id = \"X\"\n  \
             | -- first defined here\n\n"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let map = map_of(&[("data/x.toml", "a = \"\u{1b}\"; id = 1\n")]);
        let d = Diagnostic::new(Code::UnknownReference, span_of(&map, 0, "id"), "unknown");
        let plain = human(&map, &d, Style { color: false });
        assert!(
            !plain.contains('\u{1b}') && plain.contains("data/x.toml:1:10\n"),
            "{plain}"
        );
        let coloured = human(&map, &d, Style { color: true });
        assert!(coloured.contains("\u{1b}["), "{coloured}");
        assert!(coloured.contains("data/x.toml:1:10"), "{coloured:?}");
        assert!(coloured.contains("\\u{1b}"), "{coloured:?}");
    }

    #[test]
    fn a_related_place_that_cannot_be_shown_is_a_note_with_its_position() {
        let mut map = map_of(&[("data/x.toml", "id = \"X\"\n")]);
        let gone = map.add_unread("data/gone.toml".into());
        let d = Diagnostic::new(Code::DuplicateId, span_of(&map, 0, "id"), "twice")
            .with_related(Span::new(gone, 0..2), "first defined here");
        let out = human(&map, &d, Style::default());
        assert!(
            out.ends_with("  |\n  = note: first defined here (data/gone.toml)\n\n"),
            "{out}"
        );
    }
}
