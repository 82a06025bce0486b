//! The byte scans of [`super`] find what looking at each character in turn finds.

use std::fmt::Write as _;

use super::*;

/// The byte scan for separators finds the pieces matching on characters finds.
#[test]
fn formula_pieces_are_found_after_every_separator() {
    let each = |cell: &str| {
        cell.match_indices(SPLITS)
            .any(|(i, sep)| piece_is_formula(&cell[i + sep.len()..]))
    };
    let mut texts: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
    for sep in SPLITS {
        for piece in ["=1+1", " -2", "-2", "@x", "+", "é=1", "“=1”", "1,5"] {
            texts.push(format!("Workshop{sep}{piece}"));
            texts.push(format!("ไทย{sep}{piece}{sep}"));
        }
    }
    for t in &texts {
        assert_eq!(has_formula_piece(t), each(t), "{t:?}");
    }
}

/// The byte scan finds what looking at every character finds.
#[test]
fn the_unsafe_scan_is_the_same_as_looking_at_each_character() {
    let mut texts: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
    for c in (0u32..0x300)
        .chain(0x2000..0x2100)
        .filter_map(char::from_u32)
    {
        texts.push(format!("ab{c}cd"));
    }
    for t in &texts {
        assert_eq!(
            has_unsafe_char(t, false),
            t.chars().any(is_unsafe_char),
            "{t:?}"
        );
        assert_eq!(
            has_unsafe_char(t, true),
            t.chars().any(|c| c != '\n' && is_unsafe_char(c)),
            "{t:?}"
        );
    }
}

/// The fast path of [`html`] gives what escaping each character in turn gives.
#[test]
fn html_is_the_same_as_escaping_each_character() {
    fn each(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                '\n' | '\t' => out.push(c),
                c if is_unsafe_char(c) => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
                c => out.push(c),
            }
        }
        out
    }
    let mut texts: Vec<String> = HOSTILE.iter().map(|s| s.to_string()).collect();
    texts.extend(
        [
            "“Leadership” – 5°",
            "ไทย ខ្មែរ 中文",
            "a\u{85}b\u{a0}c",
            "x\u{2069}\u{2070}",
        ]
        .map(String::from),
    );
    // Every character around the ranges the fast path looks at, alone and inside text.
    for c in (0u32..0x300)
        .chain(0x2000..0x2100)
        .filter_map(char::from_u32)
    {
        texts.push(c.to_string());
        texts.push(format!("ab{c}cd{c}"));
    }
    for t in &texts {
        assert_eq!(html(t), each(t), "{t:?}");
    }
}

/// Lengths of text around the block of sixteen bytes the scans look at: shorter than one, one,
/// one and a piece (the last block overlaps the first), two, and more.
const LENGTHS: [usize; 12] = [1, 7, 8, 9, 15, 16, 17, 19, 31, 32, 33, 40];

/// The scan of a block at a time finds the byte the table finds, whatever the byte and wherever
/// it sits in a block (and in the last block, which overlaps the one before, or a short text).
#[test]
fn the_block_scan_for_html_finds_the_first_careful_byte() {
    let by_table = |b: &[u8]| b.iter().position(|&x| bytes::HTML_CAREFUL[usize::from(x)]);
    for byte in 0..=255u8 {
        for len in LENGTHS {
            for at in 0..len {
                for fill in [b'a', b'~', b' ', b'\t', 0x7e, 0x80, 0xc3, 0xff] {
                    let mut text = vec![fill; len];
                    text[at] = byte;
                    assert_eq!(
                        bytes::first_html_careful(&text),
                        by_table(&text),
                        "{byte:#x} at {at} of {len} among {fill:#x}"
                    );
                }
            }
        }
    }
    for t in HOSTILE {
        assert_eq!(
            bytes::first_html_careful(t.as_bytes()),
            by_table(t.as_bytes()),
            "{t:?}"
        );
    }
}

/// The block scan of a CSV cell says what a look at each byte says, whatever the byte and
/// wherever it sits in a block (and in the last, overlapping block, or a short text).
#[test]
fn the_block_scan_for_csv_finds_what_each_byte_says() {
    let by_byte = |b: &[u8]| {
        (
            b.iter().all(|x| (b' '..=b'~').contains(x)),
            b.iter().any(|&x| x == b';' || x == b','),
        )
    };
    for byte in 0..=255u8 {
        for len in LENGTHS {
            for at in 0..len {
                for fill in [b'a', b'~', b' ', b'\t', 0x7f, 0x80, 0xc3, 0xff, b';'] {
                    let mut text = vec![fill; len];
                    text[at] = byte;
                    assert_eq!(
                        bytes::printable_and_separated(&text),
                        by_byte(&text),
                        "{byte:#x} at {at} of {len} among {fill:#x}"
                    );
                }
            }
        }
    }
    for t in HOSTILE
        .iter()
        .chain(&["", "a,b", "x;y;z", "plain text here"])
    {
        assert_eq!(
            bytes::printable_and_separated(t.as_bytes()),
            by_byte(t.as_bytes()),
            "{t:?}"
        );
    }
}

/// Every byte at every place of texts of up to 40 bytes (so in a short text, in a block and in
/// the last block, which overlaps the one before), the other bytes `x`: `scan` of each text
/// against `each` of its one odd byte.
fn every_byte_everywhere(scan: impl Fn(&[u8]) -> bool, each: impl Fn(u8) -> bool) {
    for len in 0..41 {
        for at in 0..len {
            for b in 0..=255u8 {
                let mut text = vec![b'x'; len];
                text[at] = b;
                assert_eq!(scan(&text), each(b), "byte {b:#x} at {at} of {len}");
            }
        }
    }
}

/// The block scan for the bytes that quote a CSV field finds what looking at each byte finds.
#[test]
fn the_csv_scan_is_the_same_as_looking_at_each_byte() {
    every_byte_everywhere(csv_special, |b| matches!(b, b',' | b'"' | b'\r' | b'\n'));
    assert!(!csv_special(b""));
}

/// The block scan for printable ASCII without some bytes finds what looking at each byte finds.
#[test]
fn the_printable_scan_is_the_same_as_looking_at_each_byte() {
    every_byte_everywhere(
        |text| printable_without(text, *b"&<>_"),
        |b| (b' '..=b'~').contains(&b) && !b"&<>_".contains(&b),
    );
    assert!(printable_without(b"", *b"&<>_"));
    // A space to avoid as well: a short text is filled out to a block, and its filling must not
    // be taken for a byte it avoids.
    every_byte_everywhere(
        |text| printable_without(text, *b" ;"),
        |b| (b'!'..=b'~').contains(&b) && b != b';',
    );
    assert!(printable_without(b"", *b" ;"));
}
