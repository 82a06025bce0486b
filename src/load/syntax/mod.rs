//! When a file is not valid TOML: each cause reported once, in plain words, where it is (the
//! line where a bracket or quote opened), and nothing reported that only follows from it.
//!
//! The parser recovers from an error by guessing, and its guesses cascade: a missing `]` makes
//! every later line an element of the list, a single-bracket `[programme]` beside
//! `[[programme]]` throws away every programme, a key without `=` ends the file. So a file with
//! errors is read again in two steps, on a copy of its text that keeps every byte offset:
//!
//! 1. Mistakes whose meaning is plain (curly quotes, odd spaces, a stray byte-order mark, a
//!    thousands comma) are reported and mended ([`repair`]).
//! 2. The file is cut into its tables (each header line starts one). A table that is not valid
//!    TOML on its own, or that clashes with the others (`[programme]` beside `[[programme]]`), is
//!    reported at its cause ([`explain`]) and blanked out. The rest is read as usual, and the
//!    tables left out are remembered (see [`Unread`]) so that checks do not blame other files
//!    for what they may have defined.
//!
//! A key given twice in one table is the exception: the parser keeps the first and goes on
//! without guessing, so it is reported where it is and the table is read.

mod allow;
mod explain;
mod lex;
mod repair;

pub(super) use allow::collect as collect_allows;

use std::ops::Range;

use toml::de::DeTable;

use super::read::{Ctx, Unread};
use crate::diag::{Code, Diagnostic};
use explain::{cause, line_of};
use lex::{Kind, Tok, lex};

/// One table of a file: from its header line (or the start of the file) to the next header.
struct Segment {
    range: Range<usize>,
    /// The header's name (`programme`, `programme.update`) and whether it has two brackets.
    header: Option<(String, bool)>,
}

/// Reports the syntax errors of `text` (which has some) and returns the text to read instead:
/// mended, with the tables that cannot be read blanked out.
pub(super) fn recover(ctx: &mut Ctx<'_>, text: &str) -> String {
    ctx.mended = true;
    let mut fixed = text.to_string();
    if repair::mend(ctx, &mut fixed) && DeTable::parse_recoverable(&fixed).1.is_empty() {
        return fixed;
    }
    let toks = lex(&fixed);
    let segments = segments(&fixed, &toks);
    let mut blank = vec![false; segments.len()];
    // Duplicate keys already reported, by where the second one starts.
    let mut reported = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        let (_, errors) = DeTable::parse_recoverable(&fixed[seg.range.clone()]);
        let errors: Vec<(Range<usize>, String)> = errors
            .iter()
            .map(|e| {
                let r = e.span().unwrap_or(0..0);
                let at = seg.range.start;
                (r.start + at..r.end + at, e.message().to_string())
            })
            .collect();
        let (duplicates, others): (Vec<_>, Vec<_>) = errors
            .into_iter()
            .partition(|(r, m)| is_duplicate_key(m) && !on_header_line(&fixed, seg, r.start));
        let (in_values, others): (Vec<_>, Vec<_>) =
            others.into_iter().partition(|(_, m)| inside_a_value(m));
        if let Some((first, said)) = others.first() {
            blank[i] = true;
            report_broken(ctx, &fixed, &toks, seg, first, said);
            continue;
        }
        for (at, _) in duplicates {
            report_duplicate(ctx, &fixed, &toks, seg, &at);
            reported.push(at.start);
        }
        let own: Vec<Tok> = toks
            .iter()
            .filter(|t| seg.range.contains(&t.start))
            .copied()
            .collect();
        for (at, said) in in_values {
            let c = cause(&fixed, &own, &at, &said);
            ctx.push(
                Diagnostic::new(Code::Syntax, ctx.span(c.span), c.message)
                    .with_label(c.label)
                    .with_help(c.help),
            );
            ctx.unreadable.push(at.start);
            reported.push(at.start);
        }
    }
    ctx.unreadable.sort_unstable();
    resolve_clashes(ctx, &mut fixed, &segments, &mut blank, &reported);
    fixed
}

/// Blanks the tables marked, then blames the tables that still make the file invalid (two
/// headers of one name that cannot both stand) until it is valid.
fn resolve_clashes(
    ctx: &mut Ctx<'_>,
    fixed: &mut String,
    segments: &[Segment],
    blank: &mut [bool],
    reported: &[usize],
) {
    let mut blanked = vec![false; segments.len()];
    loop {
        for (i, seg) in segments.iter().enumerate() {
            if blank[i] && !blanked[i] {
                blanked[i] = true;
                blank_out(fixed, seg.range.clone());
                ctx.unread.push(Unread::Table(
                    seg.header
                        .as_ref()
                        .map(|(name, _)| name.split('.').next().unwrap_or("").to_string()),
                ));
            }
        }
        let (_, errors) = DeTable::parse_recoverable(fixed);
        let new: Vec<Range<usize>> = errors
            .iter()
            .filter_map(|e| e.span())
            .filter(|r| !reported.contains(&r.start))
            .collect();
        let Some(first) = new.first() else { return };
        let mut blamed = Vec::new();
        for error in &new {
            for i in blame(ctx, fixed, segments, error, &blanked, &blamed) {
                blamed.push(i);
            }
        }
        if blamed.is_empty() {
            // Nothing left to blame: read nothing more of this file rather than guess.
            ctx.unread.push(Unread::Table(None));
            ctx.push(Diagnostic::new(
                Code::Syntax,
                ctx.span(first.clone()),
                "not valid TOML: accsm could not make out this part of the file",
            ));
            for (j, seg) in segments.iter().enumerate() {
                if !blanked[j] {
                    blank_out(fixed, seg.range.clone());
                }
            }
            return;
        }
        for i in blamed {
            blank[i] = true;
        }
    }
}

/// The table to leave out for an error that only shows with the whole file: for a header that
/// clashes with another of the same name, the one with a single pair of brackets when the other
/// has two (`[programme]` beside `[[programme]]`), else the later one.
fn blame(
    ctx: &mut Ctx<'_>,
    text: &str,
    segments: &[Segment],
    error: &Range<usize>,
    blanked: &[bool],
    blamed: &[usize],
) -> Vec<usize> {
    let Some(at) = segments.iter().position(|s| s.range.contains(&error.start)) else {
        return Vec::new();
    };
    if blanked[at] {
        return Vec::new();
    }
    let name = segments[at].header.as_ref().map(|(n, _)| n.clone());
    let double = segments.iter().find(|s| {
        s.header
            .as_ref()
            .is_some_and(|(n, array)| Some(n) == name.as_ref() && *array)
    });
    // Beside `[[x]]`, every `[x]` clashes: all of them are left out at once.
    let singles: Vec<usize> = match double {
        Some(_) => (0..segments.len())
            .filter(|&i| {
                !blanked[i]
                    && segments[i]
                        .header
                        .as_ref()
                        .is_some_and(|(n, array)| Some(n) == name.as_ref() && !array)
            })
            .collect(),
        None => Vec::new(),
    };
    let chosen = if singles.is_empty() {
        vec![at]
    } else {
        singles
    };
    let mut out = Vec::new();
    for i in chosen {
        if blamed.contains(&i) || out.contains(&i) {
            continue;
        }
        report_clash(ctx, text, &segments[i], double, error);
        out.push(i);
    }
    out
}

fn report_clash(
    ctx: &mut Ctx<'_>,
    text: &str,
    seg: &Segment,
    double: Option<&Segment>,
    error: &Range<usize>,
) {
    let header = line_of(text, seg.range.start);
    let lines = format!(
        "lines {header}-{}",
        line_of(text, seg.range.end.saturating_sub(1))
    );
    let span = ctx.span(seg.range.start..line_end(text, seg.range.start));
    let d = match (&seg.header, double) {
        (Some((n, false)), Some(other)) => Diagnostic::new(
            Code::Syntax,
            span,
            format!(
                "not valid TOML: `[{n}]` has one pair of brackets, but `[[{n}]]` (line {}) has two",
                line_of(text, other.range.start)
            ),
        )
        .with_label(format!("TOML reads this as a second, different `{n}`"))
        .with_help(format!(
            "write `[[{n}]]` (two brackets): it starts each {}. Until then accsm does not read \
             this table ({lines})",
            n.rsplit('.').next().unwrap_or(n)
        )),
        (Some((n, array)), _) => {
            let written = if *array {
                format!("[[{n}]]")
            } else {
                format!("[{n}]")
            };
            Diagnostic::new(
                Code::Syntax,
                span,
                format!("not valid TOML: `{written}` is defined more than once"),
            )
            .with_help(format!(
                "merge the two tables, or write `[[{n}]]` if each is a record of its own; accsm \
                 does not read this one ({lines})"
            ))
        }
        (None, _) => Diagnostic::new(
            Code::Syntax,
            ctx.span(error.clone()),
            "not valid TOML: a key here clashes with a table of the same name",
        )
        .with_help(format!("rename one of them; accsm does not read {lines}")),
    };
    ctx.push(d);
}

fn report_broken(
    ctx: &mut Ctx<'_>,
    text: &str,
    toks: &[Tok],
    seg: &Segment,
    first: &Range<usize>,
    said: &str,
) {
    let own: Vec<Tok> = toks
        .iter()
        .filter(|t| seg.range.contains(&t.start))
        .copied()
        .collect();
    let c = cause(text, &own, first, said);
    let what = match &seg.header {
        Some((name, true)) => format!("this {}", name.rsplit('.').next().unwrap_or(name)),
        Some((name, false)) => format!("the table `[{name}]`"),
        None => "the keys before the first table".to_string(),
    };
    let lines = format!(
        "lines {}-{}",
        line_of(text, seg.range.start),
        line_of(text, seg.range.end.saturating_sub(1))
    );
    let mut d = Diagnostic::new(Code::Syntax, ctx.span(c.span.clone()), c.message)
        .with_label(c.label)
        .with_help(format!(
            "{}. Until then accsm does not read {what} ({lines})",
            c.help
        ));
    if line_of(text, first.start) != line_of(text, c.span.start) {
        d = d.with_related(ctx.span(first.clone()), "the TOML reader stumbles here");
    }
    ctx.push(d);
}

fn report_duplicate(ctx: &mut Ctx<'_>, text: &str, toks: &[Tok], seg: &Segment, at: &Range<usize>) {
    let key = text.get(at.clone()).unwrap_or("").trim_matches(['"', '\'']);
    let key = if key.is_empty() { "this key" } else { key };
    let first = toks
        .iter()
        .zip(toks.iter().skip(1))
        .rev()
        .find(|(k, eq)| {
            seg.range.contains(&k.start)
                && k.start < at.start
                && eq.kind == Kind::Equals
                && text[k.start..k.end].trim_matches(['"', '\'']) == key
        })
        .map(|(k, _)| k);
    let mut d = Diagnostic::new(
        Code::Syntax,
        ctx.span(at.clone()),
        format!("not valid TOML: `{key}` is given twice in one table"),
    )
    .with_label("given again here")
    .with_help("each key may appear once per table; remove one of them (accsm reads the first)");
    if let Some(k) = first {
        d = d.with_related(ctx.span(k.start..k.end), "first given here");
    }
    ctx.push(d);
}

/// Whether the parser's complaint is about the characters of one value (a date, a number, an
/// escape in a text): it reads on from the end of that value as if it were well formed, so only
/// the value is lost, and the readers pass over it (see `Ctx::unreadable`).
fn inside_a_value(message: &str) -> bool {
    let m = message.to_lowercase();
    [
        "invalid date",
        "invalid time",
        "invalid offset",
        "may only go between digits",
        "leading zero",
        "radix",
        "numeric sign",
        "invalid exponent",
        "invalid fraction",
        "invalid mantissa",
        "escape",
        "unicode",
        "invalid basic string",
        "invalid literal string",
        "invalid multi-line",
    ]
    .iter()
    .any(|k| m.contains(k))
}

fn is_duplicate_key(message: &str) -> bool {
    message.trim().eq_ignore_ascii_case("duplicate key")
}

fn on_header_line(text: &str, seg: &Segment, at: usize) -> bool {
    seg.header.is_some() && at < line_end(text, seg.range.start)
}

fn line_end(text: &str, from: usize) -> usize {
    text[from..].find('\n').map_or(text.len(), |i| from + i)
}

/// Replaces a range with spaces, keeping its line breaks (so lines keep their numbers).
fn blank_out(text: &mut String, range: Range<usize>) {
    let mut bytes = std::mem::take(text).into_bytes();
    for b in &mut bytes[range] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
    *text = String::from_utf8(bytes).unwrap_or_default();
}

/// The tables of a file: a line whose first token is `[` followed by a name, with no `=` or `,`
/// on it, starts one.
fn segments(text: &str, toks: &[Tok]) -> Vec<Segment> {
    let mut starts: Vec<(usize, Option<(String, bool)>)> = vec![(0, None)];
    let mut line_first = true;
    for (i, t) in toks.iter().enumerate() {
        if line_first && t.kind == Kind::Open(b'[') {
            if let Some(header) = header_at(text, &toks[i..]) {
                let line_start = text[..t.start].rfind('\n').map_or(0, |p| p + 1);
                starts.push((line_start, Some(header)));
            }
        }
        line_first = t.kind == Kind::Newline;
    }
    let mut segments: Vec<Segment> = Vec::with_capacity(starts.len());
    for (k, (start, header)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(text.len(), |(s, _)| *s);
        segments.push(Segment {
            range: *start..end,
            header: header.clone(),
        });
    }
    segments.retain(|s| !s.range.is_empty());
    segments
}

/// The name of the header that `line` (tokens from a `[` at the start of a line) writes, and
/// whether it has two brackets; `None` when the line is not a header.
fn header_at(text: &str, line: &[Tok]) -> Option<(String, bool)> {
    let line: Vec<&Tok> = line
        .iter()
        .take_while(|t| t.kind != Kind::Newline)
        .filter(|t| t.kind != Kind::Comment)
        .collect();
    if line
        .iter()
        .any(|t| matches!(t.kind, Kind::Equals | Kind::Comma | Kind::Open(b'{')))
    {
        return None;
    }
    let array = line.get(1).is_some_and(|t| {
        t.kind == Kind::Open(b'[') && t.start == line.first().map_or(0, |f| f.end)
    });
    let name_toks: Vec<&&Tok> = line
        .iter()
        .skip(if array { 2 } else { 1 })
        .take_while(|t| !matches!(t.kind, Kind::Close(_)))
        .collect();
    let first = name_toks.first()?;
    if !matches!(first.kind, Kind::Word | Kind::Basic | Kind::Literal) {
        return None;
    }
    let name: String = name_toks
        .iter()
        .map(|t| text[t.start..t.end].trim_matches(['"', '\'']))
        .collect::<Vec<_>>()
        .join("");
    Some((name, array))
}
