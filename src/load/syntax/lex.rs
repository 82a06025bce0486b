//! A forgiving TOML lexer: enough of the grammar to tell comments, strings, brackets, `=`, `,`
//! and newlines apart in a file that may not be valid TOML. It never fails: an unclosed string
//! ends at the end of its line (or of the file, for a multi-line one) and is marked open.
//!
//! It serves two ends: finding `# accsm: allow(…)` comments (only outside strings), and
//! explaining a syntax error by what the text around it is (a bracket opened and never closed,
//! a quote with no partner, a key without `=`).

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Comment,
    /// `"…"`
    Basic,
    /// `'…'`
    Literal,
    /// `"""…"""`
    MlBasic,
    /// `'''…'''`
    MlLiteral,
    /// `[` or `{`
    Open(u8),
    /// `]` or `}`
    Close(u8),
    Equals,
    Comma,
    Newline,
    /// Anything else up to whitespace or one of the characters above: a bare key, a number, a
    /// date, `true`; also text that is not TOML at all (curly quotes, a non-breaking space).
    Word,
}

/// One token: its kind, its byte range, and for a string whether it was closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    pub(crate) kind: Kind,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) closed: bool,
}

/// The tokens of `text`, whitespace (space and tab) left out.
pub(crate) fn lex(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let (kind, end, closed) = match b {
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'\n' => (Kind::Newline, i + 1, true),
            b'#' => (Kind::Comment, line_end(bytes, i), true),
            b'[' | b'{' => (Kind::Open(b), i + 1, true),
            b']' | b'}' => (Kind::Close(b), i + 1, true),
            b'=' => (Kind::Equals, i + 1, true),
            b',' => (Kind::Comma, i + 1, true),
            b'"' | b'\'' if bytes[i..].starts_with(if b == b'"' { b"\"\"\"" } else { b"'''" }) => {
                let (end, closed) = multi_line(bytes, i, b);
                let kind = if b == b'"' {
                    Kind::MlBasic
                } else {
                    Kind::MlLiteral
                };
                (kind, end, closed)
            }
            b'"' | b'\'' => {
                let (end, closed) = single_line(bytes, i, b);
                let kind = if b == b'"' {
                    Kind::Basic
                } else {
                    Kind::Literal
                };
                (kind, end, closed)
            }
            _ => (Kind::Word, word_end(bytes, i), true),
        };
        toks.push(Tok {
            kind,
            start,
            end,
            closed,
        });
        i = end.max(start + 1);
    }
    toks
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

fn word_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|b| b" \t\r\n#[]{}=,\"'".contains(b))
        .map_or(bytes.len(), |p| from + p)
}

/// The end of a `"…"` or `'…'` string starting at `from`, and whether it is closed on its line.
fn single_line(bytes: &[u8], from: usize, quote: u8) -> (usize, bool) {
    let mut i = from + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\n' => return (i, false),
            b if b == quote => return (i + 1, true),
            _ => i += 1,
        }
    }
    (bytes.len(), false)
}

/// The end of a `"""…"""` or `'''…'''` string starting at `from` (up to two more quotes may end
/// its content), and whether it is closed before the end of the text.
fn multi_line(bytes: &[u8], from: usize, quote: u8) -> (usize, bool) {
    let mut i = from + 3;
    while i < bytes.len() {
        if bytes[i] == b'\\' && quote == b'"' {
            i += 2;
            continue;
        }
        if bytes[i] == quote && bytes[i..].starts_with(&[quote; 3]) {
            let mut end = i + 3;
            while end < bytes.len() && bytes[end] == quote && end < i + 5 {
                end += 1;
            }
            return (end, true);
        }
        i += 1;
    }
    (bytes.len(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        lex(text).iter().map(|t| t.kind).collect()
    }

    #[test]
    fn comments_and_strings_are_told_apart() {
        use Kind::*;
        assert_eq!(
            kinds("a = \"x # y\" # z\n"),
            [Word, Equals, Basic, Comment, Newline]
        );
        assert_eq!(kinds("a = 'it\\' # c"), [Word, Equals, Literal, Comment]);
        assert_eq!(
            kinds("a = \"\"\"\n# not a comment\n\"\"\"\n"),
            [Word, Equals, MlBasic, Newline]
        );
        assert_eq!(
            kinds("[[p]]\nx = [1, {a = 2}]"),
            [
                Open(b'['),
                Open(b'['),
                Word,
                Close(b']'),
                Close(b']'),
                Newline,
                Word,
                Equals,
                Open(b'['),
                Word,
                Comma,
                Open(b'{'),
                Word,
                Equals,
                Word,
                Close(b'}'),
                Close(b']')
            ]
        );
    }

    #[test]
    fn an_unclosed_string_ends_at_its_line_and_says_so() {
        let toks = lex("t = \"open\nn = 1\n");
        assert_eq!(toks[2].kind, Kind::Basic);
        assert!(!toks[2].closed);
        assert_eq!(toks[3].kind, Kind::Newline);
        let toks = lex("t = \"\"\"open\n");
        assert!(!toks[2].closed);
        assert!(lex("t = \"a\\\"b\"")[2].closed);
    }

    #[test]
    fn a_multi_line_string_may_end_in_quotes() {
        let toks = lex("t = \"\"\"a \"quoted\"\"\"\"\"\nn = 1");
        assert_eq!(toks[2].kind, Kind::MlBasic);
        assert!(toks[2].closed);
        assert_eq!(toks[3].kind, Kind::Newline);
    }
}
