//! A forgiving reading of TOML's tokens: enough of the grammar to tell comments, strings,
//! brackets, `=`, `,` and newlines apart in a file that may not be valid TOML. It never fails: an
//! unclosed string ends at the end of its line (or of the file, for a multi-line one) and is
//! marked open.
//!
//! It serves two ends: finding `# accsm: allow(…)` comments (only outside strings), and
//! explaining a syntax error by what the text around it is (a bracket opened and never closed,
//! a quote with no partner, a key without `=`).
//!
//! The tokens are toml_parser's, the lexer the TOML reader itself uses, so a string or a comment
//! ends here where it ends for the reader. Three things are added for the explanations: whether
//! a string was closed (toml_parser ends an unclosed one at its line or the end of the text
//! without saying so); a quote inside a bare word starts a string (toml_parser keeps `it's` as
//! one word, but then `x = it's` could not be explained as a quote with no partner); and a
//! dotted key or a decimal number is one word, with no whitespace tokens.

use toml_parser::Source;
use toml_parser::lexer::TokenKind;

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

/// The tokens of `text`, whitespace (space, tab and a carriage return) left out.
pub(crate) fn lex(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut toks: Vec<Tok> = Vec::new();
    // Where toml_parser starts again: at the start, and at a quote it read as part of a word.
    let mut from = 0;
    'again: while from < text.len() {
        for token in Source::new(&text[from..]).lex() {
            let (start, end) = (from + token.span().start(), from + token.span().end());
            let kind = match token.kind() {
                TokenKind::Whitespace | TokenKind::Eof => continue,
                // A carriage return is not a line break to TOML, alone or before one.
                TokenKind::Newline if bytes[start] == b'\r' => {
                    if end - start == 2 {
                        toks.push(tok(Kind::Newline, start + 1, end));
                    }
                    continue;
                }
                TokenKind::Newline => Kind::Newline,
                TokenKind::Comment => Kind::Comment,
                TokenKind::Equals => Kind::Equals,
                TokenKind::Comma => Kind::Comma,
                TokenKind::LeftSquareBracket => Kind::Open(b'['),
                TokenKind::LeftCurlyBracket => Kind::Open(b'{'),
                TokenKind::RightSquareBracket => Kind::Close(b']'),
                TokenKind::RightCurlyBracket => Kind::Close(b'}'),
                TokenKind::BasicString => Kind::Basic,
                TokenKind::LiteralString => Kind::Literal,
                TokenKind::MlBasicString => Kind::MlBasic,
                TokenKind::MlLiteralString => Kind::MlLiteral,
                TokenKind::Atom | TokenKind::Dot => {
                    let quote = bytes[start..end]
                        .iter()
                        .position(|&b| b == b'"' || b == b'\'')
                        .map(|q| start + q);
                    let word_end = quote.unwrap_or(end);
                    match toks.last_mut() {
                        Some(last) if last.kind == Kind::Word && last.end == start => {
                            last.end = word_end;
                        }
                        _ if word_end > start => toks.push(tok(Kind::Word, start, word_end)),
                        _ => {}
                    }
                    if let Some(quote) = quote {
                        from = quote;
                        continue 'again;
                    }
                    continue;
                }
            };
            let closed = closed(kind, &text[start..end]);
            toks.push(Tok {
                kind,
                start,
                end,
                closed,
            });
        }
        break;
    }
    toks
}

fn tok(kind: Kind, start: usize, end: usize) -> Tok {
    Tok {
        kind,
        start,
        end,
        closed: true,
    }
}

/// Whether a string token ends with its closing quotes. toml_parser ends an unclosed string
/// before the line break (or at the end of the text) and a closed one after its closing quotes:
/// so it is closed when it ends with quotes that are not escaped and not its opening ones.
fn closed(kind: Kind, token: &str) -> bool {
    let (opening, quote) = match kind {
        Kind::Basic => (1, b'"'),
        Kind::Literal => (1, b'\''),
        Kind::MlBasic => (3, b'"'),
        Kind::MlLiteral => (3, b'\''),
        _ => return true,
    };
    let body = &token.as_bytes()[opening.min(token.len())..];
    let quotes = body.iter().rev().take_while(|&&b| b == quote).count();
    // In a basic string, an odd run of backslashes escapes the first of the quotes.
    let before = &body[..body.len() - quotes];
    let escaped =
        quote == b'"' && before.iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1;
    quotes.saturating_sub(usize::from(escaped)) >= opening
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

    /// As the TOML reader reads them: a comment ends before a carriage return, a dotted key or a
    /// decimal is one word, and a quote inside a word starts a string.
    #[test]
    fn words_comments_and_line_ends_are_the_readers() {
        use Kind::*;
        let toks = lex("a.b = 1.5 # c\r\nx = it's\n");
        let got: Vec<Kind> = toks.iter().map(|t| t.kind).collect();
        assert_eq!(
            got,
            [
                Word, Equals, Word, Comment, Newline, Word, Equals, Word, Literal, Newline
            ]
        );
        assert_eq!((toks[0].start, toks[0].end), (0, 3));
        assert_eq!((toks[3].start, toks[3].end), (10, 13));
        assert_eq!(toks[4].start, 14);
        assert!(!toks[8].closed);
        // A byte-order mark that starts the file is no part of it.
        assert_eq!(lex("\u{feff}a = 1")[0].start, 3);
    }

    /// A backslash at the end of a line does not carry a one-line string over to the next.
    #[test]
    fn a_one_line_string_ends_at_its_line_even_after_a_backslash() {
        let toks = lex("t = \"a\\\nn = \"b\"\n");
        assert_eq!(toks[2].kind, Kind::Basic);
        assert!(!toks[2].closed);
        assert_eq!(toks[3].kind, Kind::Newline);
        assert!(lex("t = \"a\\\\\"")[2].closed);
        assert!(!lex("t = \"\"\"a\\\"\"\"")[2].closed);
    }
}
