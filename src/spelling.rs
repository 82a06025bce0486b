//! Small text helpers shared by messages: suggestions for near-miss ids, and naming the invisible
//! characters pasted into a value. (Escaping for output is the module `escape`'s.)

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The known value closest to `input`, if it is close enough to be a plausible typo:
/// a case-insensitive match, or at most a third of the characters different.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lowered = input.to_lowercase();
    let lowered_len = lowered.chars().count();
    let input_len = input.chars().count();
    // Closest first; among equally close ones, the one sharing the longest start with the input
    // (`E.1.vi` is nearer `E.1.vii` than `E.1.i`).
    let mut best: Option<(usize, usize, &'a str)> = None;
    for candidate in candidates {
        let folded = candidate.to_lowercase();
        // The distance is at least the difference in length. A candidate that differs by more
        // than its limit can never be suggested, and skipping it keeps a pasted paragraph (or a
        // megabyte-long value) from costing its length times each candidate's.
        let candidate_len = candidate.chars().count();
        if lowered_len.abs_diff(folded.chars().count()) > typo_limit(input_len, candidate_len) {
            continue;
        }
        let distance = edit_distance(&lowered, &folded);
        let shared = lowered
            .chars()
            .zip(folded.chars())
            .take_while(|(a, b)| a == b)
            .count();
        if best.is_none_or(|(d, s, _)| distance < d || (distance == d && shared > s)) {
            best = Some((distance, shared, candidate));
        }
    }
    let (distance, _, candidate) = best?;
    (distance <= typo_limit(input_len, candidate.chars().count())).then_some(candidate)
}

/// The known value `input` is a typo of, when there is exactly one close enough (see
/// [`did_you_mean`]): a suggestion certain enough to apply without asking.
pub fn only_close_match<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lowered = input.to_lowercase();
    let input_len = input.chars().count();
    let mut found = None;
    for candidate in candidates {
        let limit = typo_limit(input_len, candidate.chars().count());
        if input_len.abs_diff(candidate.chars().count()) > limit {
            continue;
        }
        if edit_distance(&lowered, &candidate.to_lowercase()) <= limit {
            if found.is_some_and(|f| f != candidate) {
                return None;
            }
            found = Some(candidate);
        }
    }
    found
}

/// How many characters may differ for a near-miss: a third of the longer text, at least one.
fn typo_limit(input_chars: usize, candidate_chars: usize) -> usize {
    (input_chars.max(candidate_chars) / 3).max(1)
}

/// The name of a character that takes no room on screen, so that a value holding one looks
/// the same as the value without it (`B\u{200b}RN` shows as `BRN`): format characters that
/// editors and word processors leave behind.
pub fn invisible_char_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00ad}' => "soft hyphen",
        '\u{061c}' => "Arabic letter mark",
        '\u{180e}' => "Mongolian vowel separator",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "text-direction control",
        '\u{2060}' => "word joiner",
        '\u{2061}'..='\u{2064}' => "invisible operator",
        '\u{feff}' => "zero-width no-break space",
        _ => return None,
    })
}

/// The value without its invisible characters (see [`invisible_char_name`]).
pub fn without_invisible(value: &str) -> String {
    value
        .chars()
        .filter(|&c| invisible_char_name(c).is_none())
        .collect()
}

/// In words, the invisible characters of a value and where the first one is, or `None` when it
/// has none: "has an invisible character in it (a zero-width space, U+200B, after `B`)".
pub fn invisible_chars_note(value: &str) -> Option<String> {
    let mut found = value
        .char_indices()
        .filter_map(|(i, c)| invisible_char_name(c).map(|name| (i, c, name)));
    let (at, c, name) = found.next()?;
    let more = found.count();
    let before = without_invisible(&value[..at]);
    let place = if before.is_empty() {
        "at the start".to_string()
    } else {
        format!("after `{before}`")
    };
    let what = format!("a {name}, U+{:04X}, {place}", c as u32);
    Some(match more {
        0 => format!("has an invisible character in it ({what})"),
        n => format!(
            "has {} invisible characters in it (the first: {what})",
            n + 1
        ),
    })
}

/// The amounts of money a text gives, as written and as numbers: `$8,000.00 USD (BND 10,560)`
/// gives `8,000.00` and `10,560`. Thousands are grouped by commas (a space may follow a comma,
/// as in `202, 572.20`); a full stop starts the decimals.
pub fn amounts_in(text: &str) -> Vec<(&str, f64)> {
    let bytes = text.as_bytes();
    let digits_at =
        |i: usize, n: usize| bytes.len() >= i + n && bytes[i..i + n].iter().all(u8::is_ascii_digit);
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        // Thousands groups: `,ddd` or `, ddd`, not followed by a fourth digit.
        loop {
            let gap = if bytes.get(i + 1) == Some(&b' ') {
                2
            } else {
                1
            };
            let group = bytes.get(i) == Some(&b',') && digits_at(i + gap, 3);
            if !group || bytes.get(i + gap + 3).is_some_and(u8::is_ascii_digit) {
                break;
            }
            i += gap + 3;
        }
        if bytes.get(i) == Some(&b'.') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
        let written = &text[start..i];
        let plain: String = written.chars().filter(|c| *c != ',' && *c != ' ').collect();
        if let Ok(n) = plain.parse::<f64>() {
            out.push((written, n));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_find_typos_but_not_unrelated_words() {
        let known = ["Indonesia", "Malaysia", "Singapore"];
        assert_eq!(did_you_mean("Indonsia", known), Some("Indonesia"));
        assert_eq!(did_you_mean("indonesia", known), Some("Indonesia"));
        assert_eq!(did_you_mean("Kenya", known), None);
        assert_eq!(
            did_you_mean("E.1.vi", ["E.1.vii", "E.1.i"]),
            Some("E.1.vii")
        );
    }

    #[test]
    fn a_certain_match_is_the_only_close_one() {
        assert_eq!(
            only_close_match("Indonsia", ["Indonesia", "Malaysia"]),
            Some("Indonesia")
        );
        // E.1.vii, E.1.v and E.1.i are all one edit from E.1.vi: no certainty.
        assert_eq!(
            only_close_match("E.1.vi", ["E.1.vii", "E.1.v", "E.1.i"]),
            None
        );
        assert_eq!(only_close_match("Kenya", ["Indonesia"]), None);
    }

    #[test]
    fn a_huge_input_matches_nothing() {
        // Candidates of a very different length are skipped before the edit distance, which
        // would otherwise cost 10^6 × 9 steps each (its speed is measured, not asserted: see
        // the 1 MB reference in tests/bad_input.rs and BENCHMARKS.md).
        let huge = "x".repeat(1 << 20);
        assert_eq!(did_you_mean(&huge, ["Indonesia", "Malaysia"]), None);
        assert_eq!(did_you_mean("xxxxxxxxx", [huge.as_str()]), None);
    }

    #[test]
    fn amounts_are_read_with_their_thousands_and_decimals() {
        let found = |t: &str| amounts_in(t).iter().map(|(_, n)| *n).collect::<Vec<f64>>();
        assert_eq!(found("$5,000.00 USD (BND 6,600.00)"), [5000.0, 6600.0]);
        assert_eq!(found("$11,000.00 USD (BND15,000.00)"), [11000.0, 15000.0]);
        assert_eq!(found("APTFCF $ 202, 572.20 USD"), [202572.2]);
        assert_eq!(found("Cost-sharing"), Vec::<f64>::new());
        assert_eq!(found("1,2345 and 7."), [1.0, 2345.0, 7.0]);
    }

    #[test]
    fn invisible_characters_are_named_and_placed() {
        assert_eq!(invisible_chars_note("BRN"), None);
        assert_eq!(
            invisible_chars_note("B\u{200b}RN").as_deref(),
            Some("has an invisible character in it (a zero-width space, U+200B, after `B`)")
        );
        assert_eq!(
            invisible_chars_note("\u{feff}IDN\u{200e}").as_deref(),
            Some(
                "has 2 invisible characters in it (the first: a zero-width no-break space, \
                 U+FEFF, at the start)"
            )
        );
        assert_eq!(without_invisible("\u{feff}ID\u{2060}N\u{200e}"), "IDN");
        // Visible look-alikes are not invisible: they are typos for `did_you_mean`.
        assert_eq!(invisible_chars_note("ІDN"), None);
    }
}
