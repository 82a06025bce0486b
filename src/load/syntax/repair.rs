//! Mistakes that make a file invalid TOML but whose meaning is plain: curly quotes pasted from a
//! word processor, a non-breaking space or another odd space, a byte-order mark in the middle of
//! a file (two files joined), a number written with thousands commas. Each is reported once, in
//! plain words, and mended in a copy of the text (byte for byte the same length, so every span
//! still points at the file as written) so that the rest of the file is read and checked.

use super::lex::{Kind, Tok, lex};
use crate::diag::{Code, Diagnostic};
use crate::load::read::Ctx;
use crate::spelling::invisible_char_name;

/// Mends the mistakes of `text` in place, reporting each; returns whether anything was mended.
pub(super) fn mend(ctx: &mut Ctx<'_>, text: &mut String) -> bool {
    let mut bytes = std::mem::take(text).into_bytes();
    let mut mended = false;
    // Curly quotes first: the text between them lexes as anything until they are straight.
    let toks = lex(as_str(&bytes));
    for at in value_starts(&toks) {
        mended |= curly_quotes(ctx, &mut bytes, at);
    }
    let toks = lex(as_str(&bytes));
    for tok in toks.iter().filter(|t| t.kind == Kind::Word) {
        mended |= odd_characters(ctx, &mut bytes, tok);
    }
    let toks = lex(as_str(&bytes));
    for (i, tok) in toks.iter().enumerate() {
        if tok.kind == Kind::Equals {
            mended |= thousands(ctx, &mut bytes, &toks[i + 1..]);
        }
    }
    *text = String::from_utf8(bytes).unwrap_or_default();
    mended
}

/// Only ASCII bytes ever replace whole characters here, so the bytes stay UTF-8; an empty text
/// (never reached) would read as an empty file.
fn as_str(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// Where values start: after `=`, and after `[` or `,` inside a value.
fn value_starts(toks: &[Tok]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut in_value = false;
    for t in toks {
        match t.kind {
            Kind::Equals => {
                in_value = true;
                out.push(t.end);
            }
            Kind::Open(_) if in_value => {
                depth += 1;
                out.push(t.end);
            }
            Kind::Close(_) if in_value => depth = depth.saturating_sub(1),
            Kind::Comma if in_value => out.push(t.end),
            Kind::Newline if depth == 0 => in_value = false,
            _ => {}
        }
    }
    out
}

const CURLY: [(char, char, u8); 4] = [
    ('\u{201c}', '\u{201d}', b'"'),
    ('\u{201d}', '\u{201d}', b'"'),
    ('\u{2018}', '\u{2019}', b'\''),
    ('\u{2019}', '\u{2019}', b'\''),
];

/// `title = “Workshop”` → `title = "Workshop"` (padded with spaces outside the quotes).
fn curly_quotes(ctx: &mut Ctx<'_>, bytes: &mut [u8], at: usize) -> bool {
    let text = as_str(bytes);
    let rest = &text[at..];
    let skipped = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let open_at = at + skipped;
    let Some(open) = text[open_at..].chars().next() else {
        return false;
    };
    let Some(&(_, close, straight)) = CURLY.iter().find(|(o, _, _)| *o == open) else {
        return false;
    };
    let line_end = text[open_at..]
        .find('\n')
        .map_or(text.len(), |i| open_at + i);
    let content_start = open_at + open.len_utf8();
    // The partner of the opening quote: quotes opened inside are closed first.
    let mut depth = 0usize;
    let partner = text[content_start..line_end]
        .char_indices()
        .find(|&(_, c)| {
            if c == close && depth == 0 {
                return true;
            }
            if c == open && open != close {
                depth += 1;
            } else if c == close {
                depth -= 1;
            }
            false
        });
    let Some(close_at) = partner.map(|(i, _)| content_start + i) else {
        return false;
    };
    let content = &text[content_start..close_at];
    // The content must read the same between straight quotes.
    let unsafe_inside = if straight == b'"' {
        content.contains(['"', '\\'])
    } else {
        content.contains('\'')
    };
    if unsafe_inside {
        return false;
    }
    let close_end = close_at + close.len_utf8();
    let quote = char::from(straight);
    ctx.push(
        Diagnostic::new(
            Code::Syntax,
            ctx.span(open_at..close_end),
            format!("not valid TOML: this text is in curly quotes `{open}…{close}`"),
        )
        .with_label("curly quotes, as a word processor types them")
        .with_help(format!(
            "type straight quotes instead: {quote}{content}{quote}; accsm read the text as if you had"
        )),
    );
    // `“` is three bytes: two spaces and the straight quote; `”` the quote and two spaces.
    for b in &mut bytes[open_at..content_start] {
        *b = b' ';
    }
    bytes[content_start - 1] = straight;
    for b in &mut bytes[close_at..close_end] {
        *b = b' ';
    }
    bytes[close_at] = straight;
    true
}

/// A character outside any string that looks like a space or like nothing: a non-breaking space,
/// a byte-order mark, a zero-width space. Each becomes ordinary spaces.
fn odd_characters(ctx: &mut Ctx<'_>, bytes: &mut [u8], tok: &Tok) -> bool {
    let text = as_str(bytes);
    let found: Vec<(usize, char, &'static str)> = text[tok.start..tok.end]
        .char_indices()
        .filter_map(|(i, c)| odd_name(c).map(|name| (tok.start + i, c, name)))
        .collect();
    for &(at, c, name) in &found {
        let span = ctx.span(at..at + c.len_utf8());
        let d = if c == '\u{feff}' {
            Diagnostic::new(
                Code::Syntax,
                span,
                "not valid TOML: a byte-order mark (U+FEFF) in the middle of the file",
            )
            .with_label("an invisible mark that belongs only at the very start of a file")
            .with_help(
                "delete it: it is left where two files were joined into one; accsm read on as if \
                 it were not there",
            )
        } else {
            Diagnostic::new(
                Code::Syntax,
                span,
                format!(
                    "not valid TOML: a {name} (U+{:04X}) outside quotes",
                    c as u32
                ),
            )
            .with_label(format!(
                "a {name}, which looks like a space or like nothing"
            ))
            .with_help(
                "delete it and type an ordinary space if one is needed; accsm read on as if it \
                 were one",
            )
        };
        ctx.push(d);
        for b in &mut bytes[at..at + c.len_utf8()] {
            *b = b' ';
        }
    }
    !found.is_empty()
}

/// The name of a character that TOML does not allow outside strings and that people cannot see:
/// spaces other than space and tab, and invisible format characters.
pub(super) fn odd_name(c: char) -> Option<&'static str> {
    match c {
        '\u{00a0}' => Some("non-breaking space"),
        '\u{2007}' => Some("figure space"),
        '\u{202f}' => Some("narrow non-breaking space"),
        '\u{2000}'..='\u{200a}' => Some("typographic space"),
        '\u{205f}' => Some("mathematical space"),
        '\u{3000}' => Some("ideographic space"),
        '\u{1680}' | '\u{2028}' | '\u{2029}' | '\u{85}' => Some("Unicode space or line separator"),
        _ => invisible_char_name(c),
    }
}

/// `amount = 8,000.00` → `amount = 8000.00 ` (the digits moved left, a space at the end): TOML
/// numbers have no thousands separators. Only right after `=`: in a list, `[1,000]` is two
/// numbers and means something else.
fn thousands(ctx: &mut Ctx<'_>, bytes: &mut [u8], after: &[Tok]) -> bool {
    let text = as_str(bytes);
    let mut parts = after.iter();
    let Some(first) = parts.next().filter(|t| t.kind == Kind::Word) else {
        return false;
    };
    let head = &text[first.start..first.end];
    let digits = head.trim_start_matches(['+', '-']);
    if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut end = first.end;
    let mut groups = 0;
    while let (Some(comma), Some(group)) = (parts.next(), parts.next()) {
        let word = &text[group.start..group.end];
        let three = word.get(..3).unwrap_or("");
        let tail = word.get(3..).unwrap_or("");
        let is_group = comma.kind == Kind::Comma
            && comma.start == end
            && group.kind == Kind::Word
            && group.start == comma.end
            && three.len() == 3
            && three.bytes().all(|b| b.is_ascii_digit())
            && (tail.is_empty() || tail.starts_with('.'));
        if !is_group {
            break;
        }
        end = group.end;
        groups += 1;
        if !tail.is_empty() {
            break;
        }
    }
    if groups == 0 {
        return false;
    }
    let written = text[first.start..end].to_string();
    let number: String = written.chars().filter(|&c| c != ',').collect();
    ctx.push(
        Diagnostic::new(
            Code::Syntax,
            ctx.span(first.start..end),
            format!("not valid TOML: `{written}` has a thousands comma"),
        )
        .with_label("TOML numbers have no thousands separators")
        .with_help(format!(
            "remove the comma: write `{number}` (or `{}` with `_` between groups); accsm read it \
             as {number}",
            written.replace(',', "_")
        )),
    );
    let mut mended = number.into_bytes();
    mended.resize(end - first.start, b' ');
    bytes[first.start..end].copy_from_slice(&mended);
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn mended(text: &str) -> (String, Vec<String>) {
        let mut found = Vec::new();
        let mut ctx = Ctx::new(FileId(0), &mut found);
        let mut text = text.to_string();
        mend(&mut ctx, &mut text);
        (text, found.iter().map(|d| d.message.clone()).collect())
    }

    #[test]
    fn curly_quotes_become_straight_ones_in_place() {
        let (text, found) = mended("title = “Workshop on “X””\nnote = \"keep “these”\"\n");
        assert_eq!(
            text,
            "title =   \"Workshop on “X”\"  \nnote = \"keep “these”\"\n"
        );
        assert_eq!(
            found,
            ["not valid TOML: this text is in curly quotes `“…”`"]
        );
        let (text, _) = mended("a = [‘IDN’, ‘MYS’]");
        assert_eq!(text, "a = [  'IDN'  ,   'MYS'  ]");
    }

    #[test]
    fn odd_spaces_and_marks_become_spaces() {
        let (text, found) = mended("coordinators\u{a0}= [\"IDN\"]\n\u{feff}[[programme]]\n");
        assert_eq!(text, "coordinators  = [\"IDN\"]\n   [[programme]]\n");
        assert_eq!(found.len(), 2);
        assert!(
            found[0].contains("non-breaking space (U+00A0)"),
            "{found:?}"
        );
        assert!(found[1].contains("byte-order mark"), "{found:?}");
        // Inside quotes they are text.
        assert_eq!(mended("t = \"a\u{a0}b\"").1.len(), 0);
    }

    #[test]
    fn thousands_commas_are_taken_out_of_numbers() {
        let (text, found) =
            mended("b = { amount = 8,000.00, currency = \"USD\" }\nn = 1,234,567\n");
        assert_eq!(
            text,
            "b = { amount = 8000.00 , currency = \"USD\" }\nn = 1234567  \n"
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], "not valid TOML: `8,000.00` has a thousands comma");
        // Lists are left alone: `[1,000]` is two numbers.
        assert!(mended("n = [1,000]").1.is_empty());
        assert!(mended("n = 12,34").1.is_empty());
    }
}
