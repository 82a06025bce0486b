//! Explaining a syntax error by its cause, in plain words: the bracket or quote that was opened
//! and never closed (pointed at where it opened, not where the parser noticed), a key without
//! `=`, a table header missing a bracket; otherwise the parser's complaint, put in plain words.

use std::ops::Range;

use super::lex::{Kind, Tok};
use super::repair::odd_name;

/// A cause: where to point, what to say, what to label it and how to fix it.
pub(super) struct Cause {
    pub(super) span: Range<usize>,
    pub(super) message: String,
    pub(super) label: String,
    pub(super) help: String,
}

/// The 1-based line of a byte offset.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// `offset`, moved back onto a character boundary (the parser's offsets may fall inside one).
fn floor(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn line_bounds(text: &str, offset: usize) -> Range<usize> {
    let start = text[..floor(text, offset)].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    start..end
}

/// The cause of the first error of a table (`toks` are the table's tokens; `error` is where the
/// parser first stumbled, and what it said).
pub(super) fn cause(text: &str, toks: &[Tok], error: &Range<usize>, said: &str) -> Cause {
    unclosed_multi_line(toks, error.start)
        .or_else(|| unclosed_bracket(text, toks, error.start))
        .or_else(|| unclosed_string(text, toks, error.start))
        .or_else(|| header_problem(text, toks, error.start))
        .or_else(|| key_line_problem(text, toks, error.start))
        .unwrap_or_else(|| in_plain_words(text, error, said))
}

fn unclosed_multi_line(toks: &[Tok], before: usize) -> Option<Cause> {
    let t = toks.iter().rev().find(|t| {
        matches!(t.kind, Kind::MlBasic | Kind::MlLiteral) && !t.closed && t.start <= before
    })?;
    let quotes = if t.kind == Kind::MlBasic {
        "\"\"\""
    } else {
        "'''"
    };
    Some(Cause {
        span: t.start..t.start + 3,
        message: format!("not valid TOML: the text opened with {quotes} is never closed"),
        label: format!("{quotes} opens a text of several lines here"),
        help: format!("add {quotes} where the text ends"),
    })
}

/// A `[` or `{` of a value that is still open when a line with a new `key =` (or a table header,
/// or the end of the table) comes.
fn unclosed_bracket(text: &str, toks: &[Tok], before: usize) -> Option<Cause> {
    let mut open: Vec<&Tok> = Vec::new();
    let mut in_value = false;
    for (i, t) in toks.iter().enumerate() {
        if t.start > before && open.is_empty() {
            return None;
        }
        match t.kind {
            Kind::Equals => in_value = true,
            Kind::Open(_) if in_value => open.push(t),
            Kind::Close(b) if in_value => {
                let opened = open.pop()?;
                let expected = if opened.kind == Kind::Open(b'[') {
                    b']'
                } else {
                    b'}'
                };
                if b != expected {
                    return Some(mismatched(opened, t, expected));
                }
            }
            Kind::Newline if open.is_empty() => in_value = false,
            Kind::Newline if starts_statement(text, &toks[i + 1..]) => {
                return open.last().map(|o| unclosed(text, o, &toks[..i]));
            }
            _ => {}
        }
    }
    open.last().map(|o| unclosed(text, o, toks))
}

/// Whether the tokens of a line begin a new `key = …` or a table header.
fn starts_statement(text: &str, rest: &[Tok]) -> bool {
    let line: Vec<&Tok> = rest
        .iter()
        .take_while(|t| t.kind != Kind::Newline)
        .filter(|t| t.kind != Kind::Comment)
        .collect();
    match line.as_slice() {
        [] => false,
        [first, second, ..]
            if matches!(first.kind, Kind::Word | Kind::Basic | Kind::Literal)
                && second.kind == Kind::Equals =>
        {
            true
        }
        [first, ..] => {
            first.kind == Kind::Open(b'[')
                && text[first.start..].starts_with("[[")
                && !line.iter().any(|t| t.kind == Kind::Comma)
        }
    }
}

fn unclosed(text: &str, open: &Tok, before_next: &[Tok]) -> Cause {
    let (what, close) = if open.kind == Kind::Open(b'[') {
        ("list", ']')
    } else {
        ("inline table", '}')
    };
    // The last value before the line that starts anew is where the bracket was due.
    let last = before_next
        .iter()
        .rev()
        .find(|t| !matches!(t.kind, Kind::Newline | Kind::Comment));
    let help = match last {
        Some(t) if t.start > open.start => format!(
            "add `{close}` after `{}` on line {}",
            &text[t.start..t.end],
            line_of(text, t.start)
        ),
        _ => format!("add `{close}` where the {what} ends"),
    };
    Cause {
        span: open.start..open.end,
        message: format!(
            "not valid TOML: the {what} opened on line {} is not closed",
            line_of(text, open.start)
        ),
        label: format!("this `{}` has no `{close}`", &text[open.start..open.end]),
        help,
    }
}

fn mismatched(open: &Tok, close: &Tok, expected: u8) -> Cause {
    Cause {
        span: close.start..close.end,
        message: format!(
            "not valid TOML: `{}` closes a `{}`",
            char::from(text_byte(close)),
            if open.kind == Kind::Open(b'[') {
                '['
            } else {
                '{'
            }
        ),
        label: "the closing bracket does not match the opening one".to_string(),
        help: format!("write `{}` here", char::from(expected)),
    }
}

fn text_byte(t: &Tok) -> u8 {
    match t.kind {
        Kind::Open(b) | Kind::Close(b) => b,
        _ => b'?',
    }
}

fn unclosed_string(text: &str, toks: &[Tok], before: usize) -> Option<Cause> {
    // The string open on the line of the error.
    let line = line_bounds(text, before);
    let t = toks.iter().rev().find(|t| {
        matches!(t.kind, Kind::Basic | Kind::Literal)
            && !t.closed
            && t.start <= before
            && t.start >= line.start
    })?;
    let quote = if t.kind == Kind::Basic { '"' } else { '\'' };
    let content = &text[t.start + 1..t.end];
    let curly = content
        .trim_end()
        .chars()
        .next_back()
        .filter(|c| "”’“‘".contains(*c));
    let help = match curly {
        Some(c) => {
            format!("the text ends with a curly quote `{c}`: type a straight `{quote}` instead")
        }
        None => format!(
            "add `{quote}` where the text ends, on line {}",
            line_of(text, t.start)
        ),
    };
    Some(Cause {
        span: t.start..t.end,
        message: "not valid TOML: this text has no closing quote".to_string(),
        label: "the text runs on to the end of the line".to_string(),
        help,
    })
}

/// `[[programme]` or `[programme]]`: a table header whose brackets do not pair up.
fn header_problem(text: &str, toks: &[Tok], before: usize) -> Option<Cause> {
    let first = toks.first()?;
    if first.kind != Kind::Open(b'[') {
        return None;
    }
    let line = line_bounds(text, first.start);
    if before > line.end {
        return None;
    }
    let written = text[line.clone()]
        .split('#')
        .next()
        .unwrap_or("")
        .trim_end();
    let opens = written.len() - written.trim_start_matches('[').len();
    let closes = written.len() - written.trim_end_matches(']').len();
    let name = written.trim_matches(['[', ']', ' ']);
    if opens == closes || name.is_empty() || opens > 2 {
        return None;
    }
    let brackets = if opens == 2 {
        format!("[[{name}]]")
    } else {
        format!("[{name}]")
    };
    Some(Cause {
        span: line.start..line.start + written.len(),
        message: format!(
            "not valid TOML: this table header opens with {opens} bracket{} and closes with {closes}",
            if opens == 1 { "" } else { "s" }
        ),
        label: "the brackets of a table header come in pairs".to_string(),
        help: format!("write `{brackets}`"),
    })
}

/// A line of the table that is neither `key = value` nor a header: a key without `=`, or `=`
/// without a value.
fn key_line_problem(text: &str, toks: &[Tok], before: usize) -> Option<Cause> {
    let line = line_bounds(text, before);
    let on_line: Vec<&Tok> = toks
        .iter()
        .filter(|t| t.start >= line.start && t.start < line.end.max(line.start + 1))
        .filter(|t| !matches!(t.kind, Kind::Comment | Kind::Newline))
        .collect();
    let written = text[line.clone()].trim();
    match on_line.as_slice() {
        [key, rest @ ..]
            if key.kind == Kind::Word && !rest.iter().any(|t| t.kind == Kind::Equals) =>
        {
            let key_text = &text[key.start..key.end];
            if let Some((name, c)) = key_text.chars().find_map(|c| odd_name(c).map(|n| (n, c))) {
                return Some(Cause {
                    span: key.start..key.end,
                    message: format!("not valid TOML: `{key_text}` has a {name} in it"),
                    label: format!("a {name} (U+{:04X})", c as u32),
                    help: "retype the key".to_string(),
                });
            }
            let help = match rest.first() {
                Some(value) => format!(
                    "write `{key_text} = {}`",
                    text[value.start..line.end].trim_end()
                ),
                None => format!("write `{key_text} = …`, or remove the line"),
            };
            Some(Cause {
                span: line.start
                    + (text[line.clone()].len() - text[line.clone()].trim_start().len())
                    ..line.start + text[line.clone()].trim_end().len(),
                message: format!(
                    "not valid TOML: `{written}` has no `=` between the key and its value"
                ),
                label: "a key and its value are joined by `=`".to_string(),
                help,
            })
        }
        [key, equals] if key.kind == Kind::Word && equals.kind == Kind::Equals => Some(Cause {
            span: key.start..equals.end,
            message: format!("not valid TOML: `{written}` has no value after `=`"),
            label: "the value is missing".to_string(),
            help: format!(
                "write the value after `=`, or remove the line if `{}` has none",
                &text[key.start..key.end]
            ),
        }),
        _ => None,
    }
}

/// The parser's own complaint, put in plain words.
fn in_plain_words(text: &str, error: &Range<usize>, said: &str) -> Cause {
    let said = said.trim();
    let lower = said.to_lowercase();
    let at = floor(text, error.start);
    let here = text[at..].chars().next();
    let (message, help) = if lower.contains("missing comma between array elements") {
        (
            "two values of a list have no comma between them",
            "put a comma between the values of a list: [\"A\", \"B\"]".to_string(),
        )
    } else if lower.contains("string values must be quoted") {
        (
            "a text value without quotes",
            "write text in straight double quotes: title = \"…\"".to_string(),
        )
    } else if lower.contains("unexpected key or value") || lower.contains("unexpected content") {
        (
            "there is more on this line after the value",
            "put each `key = value` on a line of its own; a comment starts with #".to_string(),
        )
    } else if lower.contains("may only go between digits") {
        (
            "`_` may only stand between two digits of a number",
            "write the number without `_`, e.g. 8000".to_string(),
        )
    } else if lower.contains("leading zero") {
        (
            "a number may not start with 0",
            "write 7, not 07; a code with leading zeros is text: \"07\"".to_string(),
        )
    } else if lower.contains("date") || lower.contains("time") {
        (
            "this is not a valid date",
            "write a date as YYYY-MM-DD, e.g. 2022-03-01".to_string(),
        )
    } else if lower.contains("recursion") {
        (
            "lists or tables are nested too deep",
            "nest lists and tables fewer than 80 levels deep".to_string(),
        )
    } else if lower.contains("escape") || lower.contains("unicode") {
        (
            "a backslash starts an escape that TOML does not know",
            "write \\\\ for a backslash itself, or put the text in single quotes".to_string(),
        )
    } else if lower.contains("carriage return") {
        (
            "a line ends with a lone carriage return",
            "save the file with ordinary line endings (LF or CRLF)".to_string(),
        )
    } else if lower.contains("invalid basic string")
        || lower.contains("invalid literal string")
        || lower.contains("comment character")
    {
        let what = here.map_or("a control character".to_string(), |c| {
            format!("a control character (U+{:04X})", c as u32)
        });
        return Cause {
            span: error.clone(),
            message: format!("not valid TOML: {what} inside the text"),
            label: "TOML allows no control characters here".to_string(),
            help: "delete it: it is not visible, and often comes with text copied from elsewhere"
                .to_string(),
        };
    } else if lower.contains("unquoted key") {
        (
            "this key has a character that keys cannot have",
            "keys are letters, digits, `-` and `_`; put any other key in quotes".to_string(),
        )
    } else if lower.contains("extra comma") {
        ("a comma too many", "remove the extra comma".to_string())
    } else if lower.contains("signed") || lower.contains("sign") {
        (
            "a sign where a number cannot have one",
            "remove the + or -".to_string(),
        )
    } else {
        (
            "this line is not valid TOML",
            "check the line against the examples in accsm's docs/data-format.md".to_string(),
        )
    };
    let span = if error.is_empty() {
        at..(at + here.map_or(0, char::len_utf8))
    } else {
        error.clone()
    };
    Cause {
        span,
        message: format!("not valid TOML: {message}"),
        label: format!("the TOML reader says: {said}"),
        help,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::syntax::lex::lex;

    fn explained(text: &str, error_at: usize) -> Cause {
        cause(text, &lex(text), &(error_at..error_at), "x")
    }

    #[test]
    fn an_unclosed_list_is_shown_where_it_opened() {
        let text = "[[programme]]\nnumber = 1\ncoordinators = [\"IDN\"\nareas = [\"PA1\"]\n";
        let c = explained(text, text.find("areas").unwrap_or(0));
        assert_eq!(
            c.message,
            "not valid TOML: the list opened on line 3 is not closed"
        );
        assert_eq!(&text[c.span.clone()], "[");
        assert_eq!(c.help, "add `]` after `\"IDN\"` on line 3");
    }

    #[test]
    fn an_unclosed_quote_and_a_missing_equals_are_named() {
        let text = "title = \"Open\nnumber = 2\n";
        let c = explained(text, 13);
        assert_eq!(c.message, "not valid TOML: this text has no closing quote");
        assert_eq!(c.help, "add `\"` where the text ends, on line 1");
        let text = "number = 1\nnumber 2\n";
        let c = explained(text, 18);
        assert_eq!(
            c.message,
            "not valid TOML: `number 2` has no `=` between the key and its value"
        );
        assert_eq!(c.help, "write `number = 2`");
        let text = "[[programme]\nnumber = 2\n";
        let c = explained(text, 12);
        assert_eq!(c.help, "write `[[programme]]`");
    }

    #[test]
    fn the_parser_is_translated_not_quoted_alone() {
        let c = in_plain_words(
            "n = 1__0",
            &(5..6),
            "`_` may only go between digits, expected nothing",
        );
        assert_eq!(
            c.message,
            "not valid TOML: `_` may only stand between two digits of a number"
        );
        assert!(c.label.starts_with("the TOML reader says"));
    }
}
