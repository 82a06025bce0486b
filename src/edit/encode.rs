//! Text as a TOML value, written the one way accsm writes new values.

/// `text` as a TOML basic string on one line: quotes and backslashes escaped, line breaks and
/// other control characters as escapes, everything else as it is.
pub fn basic_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_reads_back_as_itself() {
        for text in [
            "A.2.v",
            "",
            "a\"b\\c",
            "two\nlines\r\n",
            "\u{1b}[2J\u{7f}\u{85}",
            "é – ศ",
        ] {
            let written = basic_string(text);
            assert!(!written.contains('\n'), "{written}");
            let back: toml::Table = toml::from_str(&format!("x = {written}")).unwrap_or_default();
            assert_eq!(
                back.get("x").and_then(|v| v.as_str()),
                Some(text),
                "{written}"
            );
        }
    }
}
