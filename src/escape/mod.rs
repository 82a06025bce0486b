//! One escaping layer per kind of output. Text from the data files is untrusted: a title may hold
//! terminal escape sequences, a bidirectional override, a spreadsheet formula or Markdown and
//! HTML that would run or notify people where the output is read. Every command writes data
//! through the function for its output kind, and `tests/hostile.rs` runs the same set of hostile
//! strings ([`HOSTILE`]) through each.
//!
//! The terminal rule ([`terminal_safe`]) shows control characters and bidirectional controls as
//! `\u{..}` escapes; the other kinds build on it.

use std::borrow::Cow;
use std::fmt::Write as _;

mod bytes;
mod spreadsheet;

#[cfg(test)]
mod scan_tests;

use bytes::UNSAFE_LEAD;
pub use bytes::{controls_and, csv_special, printable_without};

/// Text that cannot move the cursor, change colours or reverse the reading order of a terminal:
/// control characters and bidirectional overrides are shown as `\u{..}` escapes.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if !has_unsafe_char(s, false) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`terminal_safe`] for text of several lines: the line breaks stay, everything else that a
/// terminal would obey is escaped.
pub fn terminal_safe_lines(s: &str) -> Cow<'_, str> {
    if !has_unsafe_char(s, true) {
        return Cow::Borrowed(s);
    }
    let lines: Vec<Cow<'_, str>> = s.split('\n').map(terminal_safe).collect();
    Cow::Owned(lines.join("\n"))
}

/// Whether the text holds a character [`is_unsafe_char`] finds (a line feed aside, with
/// `lines`). Most text holds none: its bytes are scanned for those that can begin one, and only
/// the characters they begin are looked at.
pub fn has_unsafe_char(s: &str, lines: bool) -> bool {
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(found) = bytes[at..]
        .iter()
        .position(|b| UNSAFE_LEAD[usize::from(*b)])
    {
        let i = at + found;
        let Some(c) = s[i..].chars().next() else {
            return false;
        };
        if is_unsafe_char(c) && !(lines && c == '\n') {
            return true;
        }
        at = i + c.len_utf8();
    }
    false
}

/// A character [`terminal_safe`] escapes: a control character other than tab, or a bidirectional
/// embedding, override or isolate.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Strings that have broken some output kind or other: terminal escapes (CSI, OSC 8 link, BEL,
/// C1 CSI), bidirectional overrides, raw line breaks, spreadsheet formulas (also after the first
/// element of a `;`-joined list), Markdown and HTML that would run or notify people.
pub const HOSTILE: &[&str] = &[
    "\u{1b}[31mred\u{1b}[0m",
    "\u{1b}]8;;https://evil.example\u{7}click\u{1b}]8;;\u{7}",
    "bell\u{7}",
    "c1 csi \u{9b}2J",
    "right\u{202e}to-left",
    "isolate\u{2066}x\u{2069}",
    "two\nlines\r\nand a return",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<!-- hidden",
    "[click](javascript:alert(1))",
    "![x](https://evil.example/p.png)",
    "@octocat please look",
    "see #1 and a|pipe",
    "`code` *em* _u_ ~s~ \\ back",
    "Workshop;=HYPERLINK(\"http://evil.example\",\"x\")",
    "Avisionaday;=1+1",
    "a,@SUM(A1)",
    "&amp; &lt;",
];

/// A CSV cell that no spreadsheet runs as a formula or turns into a date. Numbers stay numbers
/// (`-25.4` is a number, not a formula); any other cell that starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return, or that a spreadsheet would read as a day and month (`1/1`, `1-5`,
/// `2021-03`, `5.1.2023`), gets a leading `'`. Control characters are escaped as on a terminal;
/// line breaks stay (the CSV writer quotes them).
pub fn csv_cell(cell: &str) -> Cow<'_, str> {
    // Most cells are plain printable ASCII that starts with neither a formula sign nor a digit
    // (a date starts with one): they stay as they are, found without decoding a character (an
    // export writes millions of cells).
    // The bytes scanned a block at a time; the separators a formula piece could follow are
    // looked into only where there is one.
    let (printable, separated) = bytes::printable_and_separated(cell.as_bytes());
    let plain = printable
        && !cell.starts_with(|c: char| matches!(c, '=' | '+' | '-' | '@' | ' ' | '0'..='9'));
    if plain && !(separated && has_formula_piece(cell)) {
        return Cow::Borrowed(cell);
    }
    let text = if has_unsafe_char(cell, true) {
        Cow::Owned(terminal_safe_keeping_lines(&cell.replace("\r\n", "\n")))
    } else {
        Cow::Borrowed(cell)
    };
    let text = if (starts_formula(&text) || looks_like_date(&text)) && !is_number(&text) {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    };
    neutralise_pieces(text)
}

/// Where a spreadsheet may split a cell into several when it opens the file: `;` (the column
/// separator where the decimal separator is a comma), `,`, a tab, a line break.
const SPLITS: [char; 5] = [';', ',', '\t', '\n', '\r'];

/// Whether a piece of the cell after one of [`SPLITS`] starts a formula.
fn has_formula_piece(cell: &str) -> bool {
    // Every separator is one ASCII byte: the piece begins right after it.
    cell.bytes().enumerate().any(|(i, b)| {
        matches!(b, b';' | b',' | b'\t' | b'\n' | b'\r') && piece_is_formula(&cell[i + 1..])
    })
}

/// The text after a separator, up to the next: a formula when (after spaces) it starts with
/// `=`, `+`, `-` or `@` and is not a number.
fn piece_is_formula(rest: &str) -> bool {
    // Most pieces start with a letter after their spaces: the piece's end is looked for only
    // when it starts as a formula would (none of those signs is a separator).
    let trimmed = rest.trim_start_matches(' ');
    if !trimmed.starts_with(['=', '+', '-', '@']) {
        return false;
    }
    let piece = trimmed.split(SPLITS).next().unwrap_or_default();
    !is_number(piece.trim_end())
}

/// The whole cell neutralised, whatever its separators: a `'` before every piece that would
/// start a formula once a spreadsheet splits the cell (`Workshop;=HYPERLINK(…)` becomes
/// `Workshop;'=HYPERLINK(…)`). The cell's start is [`csv_cell`]'s own rule.
fn neutralise_pieces(text: Cow<'_, str>) -> Cow<'_, str> {
    if !has_formula_piece(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 4);
    let mut rest: &str = &text;
    while let Some(i) = rest.find(SPLITS) {
        let sep = rest[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&rest[..i + sep]);
        rest = &rest[i + sep..];
        if piece_is_formula(rest) {
            let spaces = rest.len() - rest.trim_start_matches(' ').len();
            out.push_str(&rest[..spaces]);
            out.push('\'');
            rest = &rest[spaces..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A CSV cell for a file meant to be opened in a spreadsheet (`--excel`, `[defaults] excel`):
/// [`csv_cell`], and text that a spreadsheet would turn into a date or a number (`January
/// 2022`, `007`, a long run of digits, `45%`) written as the text formula `="January 2022"`,
/// which Excel and LibreOffice show as that text. Nothing else becomes a formula: the text
/// inside is quoted (`"` doubled), so it is only ever a string.
pub fn csv_cell_for_spreadsheet(cell: &str) -> Cow<'_, str> {
    let inert = !cell.chars().any(is_unsafe_char)
        && (!starts_formula(cell) || is_number(cell))
        && !has_formula_piece(cell);
    if inert && spreadsheet::converts(cell) {
        return Cow::Owned(format!("=\"{}\"", cell.replace('"', "\"\"")));
    }
    csv_cell(cell)
}

/// List values in one CSV cell, joined by `;`. Each element is neutralised on its own: whoever
/// splits the cell (or opens it where `;` separates columns) gets no formula either.
pub fn csv_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let parts: Vec<Cow<'_, str>> = items.into_iter().map(csv_cell).collect();
    parts.join(";")
}

fn starts_formula(cell: &str) -> bool {
    cell.trim_start_matches(' ')
        .starts_with(['=', '+', '-', '@', '\t', '\r'])
        || cell.starts_with(['\t', '\r'])
}

/// Text a spreadsheet would take for a date: two or three groups of digits joined by one `/`,
/// `-` or `.` that can be read as a day and a month, or a month and a year (`1/1`, `12-31`,
/// `2021-03`, `3/2020`, `2021-03-05`, `5.1.2023`). `2022-2023` and `0-100` are not dates.
fn looks_like_date(cell: &str) -> bool {
    let cell = cell.trim();
    let Some(sep) = cell.chars().find(|c| matches!(c, '/' | '-' | '.')) else {
        return false;
    };
    let groups: Vec<&str> = cell.split(sep).collect();
    let numbers: Option<Vec<u32>> = groups
        .iter()
        .map(|g| {
            let digits = !g.is_empty() && g.len() <= 4 && g.chars().all(|c| c.is_ascii_digit());
            digits.then(|| g.parse().ok()).flatten()
        })
        .collect();
    let Some(n) = numbers else {
        return false;
    };
    let month = |m: u32| (1..=12).contains(&m);
    let day = |d: u32| (1..=31).contains(&d);
    let year = |g: &str| g.len() == 4;
    match (n.as_slice(), groups.as_slice()) {
        ([a, b], [ga, gb]) if sep != '.' => {
            (month(*a) && day(*b))
                || (day(*a) && month(*b))
                || (year(ga) && month(*b))
                || (month(*a) && year(gb))
        }
        ([a, b, c], _) => month(*a) || month(*b) || (day(*a) && day(*b) && day(*c)),
        _ => false,
    }
}

/// A plain decimal number: `12`, `-3`, `+4.5`, `1e3`.
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Text for a GitHub-flavoured Markdown table cell or paragraph: shown as written, never
/// interpreted. HTML and links are escaped, `|` cannot end a cell, line breaks become spaces,
/// `@name` and `#123` notify and link nobody, and control characters are escaped.
pub fn markdown(text: &str) -> String {
    let one_line = text.replace("\r\n", " ").replace(['\n', '\r'], " ");
    let safe = terminal_safe(&one_line);
    let mut out = String::with_capacity(safe.len() + 8);
    let mut chars = safe.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '[' | ']' | '`' | '*' | '_' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            // A zero-width space after the sign: it reads the same, but mentions nobody and
            // links no issue.
            '@' | '#' if chars.peek().is_some_and(|n| n.is_alphanumeric()) => {
                out.push(c);
                out.push_str("&#8203;");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Text for HTML, in an element or a quoted attribute.
pub fn html(text: &str) -> Cow<'_, str> {
    // Most text needs nothing: one pass over its bytes finds the first that might. The site
    // escapes every string of 100,000 pages through here.
    let Some(first) = bytes::first_html_careful(text.as_bytes()) else {
        return Cow::Borrowed(text);
    };
    let mut out: Option<String> = None;
    // The text from `run` on is copied as it is, up to the next character to replace.
    let mut run = 0;
    for (i, c) in text[first..].char_indices() {
        let i = first + i;
        let replaced = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\n' | '\t' => continue,
            c if is_unsafe_char(c) => "",
            _ => continue,
        };
        let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
        out.push_str(&text[run..i]);
        if replaced.is_empty() {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push_str(replaced);
        }
        run = i + c.len_utf8();
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut out) => {
            out.push_str(&text[run..]);
            Cow::Owned(out)
        }
    }
}

/// JSON text as serde_json wrote it, with what serde leaves raw escaped too. serde_json escapes
/// the C0 controls but not DEL, the C1 controls or the bidirectional controls, and those still
/// act on a terminal showing the JSON. Outside strings JSON is plain ASCII, so every such
/// character is inside a string, where a `\uXXXX` escape reads back as the same character: the
/// data stays exact.
pub fn json(json: String) -> String {
    let unsafe_here = |c: char| c >= '\u{7f}' && is_unsafe_char(c);
    if !json.chars().any(unsafe_here) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if unsafe_here(c) {
            // All of them lie in the Basic Multilingual Plane: four hex digits suffice.
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// A value as pretty-printed JSON, escaped by [`json`], with a final line break.
pub fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    Ok(json(serde_json::to_string_pretty(value)?) + "\n")
}

/// The message part of a GitHub Actions workflow command (`::error …::message`): the log viewer
/// is a terminal too, so control characters are escaped first; then `%` and line breaks.
pub fn github_data(s: &str) -> String {
    terminal_safe_keeping_lines(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value of a workflow command: also `:` and `,`, which separate properties.
pub fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Text as a TOML basic string on one line, the one way accsm writes a text value into a file:
/// toml_writer's quoting and escapes (quotes, backslashes, line breaks and the other control
/// characters of ASCII), and the C1 control characters (U+0080 to U+009F, which toml_writer
/// leaves as they are and some terminals obey: U+009B starts an escape sequence) as `\uXXXX`.
pub fn toml_string(text: &str) -> String {
    use toml_writer::{ToTomlValue as _, TomlStringBuilder};
    let written = TomlStringBuilder::new(text).as_basic().to_toml_value();
    if !written.contains(char::is_control) {
        return written;
    }
    let mut out = String::with_capacity(written.len() + 8);
    for c in written.chars() {
        if c.is_control() {
            let _ = write!(out, "\\u{:04X}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

fn terminal_safe_keeping_lines(s: &str) -> String {
    s.split('\n')
        .map(|l| terminal_safe(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_toml_string_reads_back_as_itself() {
        for text in [
            "A.2.v",
            "",
            "a\"b\\c",
            "two\nlines\r\n",
            "\u{1b}[2J\u{7f}\u{85}\u{8}\u{c}",
            "é – ศ",
        ]
        .iter()
        .chain(HOSTILE)
        {
            let written = toml_string(text);
            assert!(!written.contains(char::is_control), "{written}");
            let back: toml::Table = toml::from_str(&format!("x = {written}")).unwrap_or_default();
            assert_eq!(
                back.get("x").and_then(|v| v.as_str()),
                Some(*text),
                "{written}"
            );
        }
        assert_eq!(toml_string("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"");
        assert_eq!(toml_string("c1 \u{9b}2J"), "\"c1 \\u009B2J\"");
    }

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(terminal_safe("plain"), "plain");
        assert_eq!(terminal_safe("a\x1b[31mb"), "a\\u{1b}[31mb");
        assert_eq!(terminal_safe("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(
            terminal_safe_lines("a\nb\x1b[2J\r\n"),
            "a\nb\\u{1b}[2J\\u{d}\n"
        );
        assert_eq!(terminal_safe_lines("a\nb"), "a\nb");
    }

    #[test]
    fn csv_cells_run_no_formula_and_keep_numbers() {
        assert_eq!(csv_cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv_cell(" =1+1"), "' =1+1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-25.4"), "-25.4");
        assert_eq!(csv_cell("+1"), "+1");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("Workshop"), "Workshop");
        assert_eq!(csv_cell("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(csv_cell("two\r\nlines"), "two\nlines");
        // Text a spreadsheet would turn into a date is kept as text; numbers stay numbers.
        for date in [
            "1/1",
            "17/12",
            "1-5",
            "2021-03",
            "3/2020",
            "2021-03-05",
            "5.1.2023",
        ] {
            assert_eq!(csv_cell(date), format!("'{date}"), "{date}");
        }
        for text in [
            "17/17",
            "2022-2023",
            "0-100",
            "2020-2022",
            "1.5",
            "12",
            "Q4 2022",
            "a/b",
        ] {
            assert_eq!(csv_cell(text), text, "{text}");
        }
        assert_eq!(
            csv_list(["IDN", "=cmd|' /C calc'!A0", "-1"]),
            "IDN;'=cmd|' /C calc'!A0;-1"
        );
        // A formula after a separator inside one value: neutralised as the cell is split.
        assert_eq!(
            csv_cell("Workshop;=HYPERLINK(\"http://evil.example\",\"x\")"),
            "Workshop;'=HYPERLINK(\"http://evil.example\",\"x\")"
        );
        assert_eq!(csv_cell("Avisionaday;=1+1"), "Avisionaday;'=1+1");
        assert_eq!(csv_cell("a, @b\t-c+d"), "a, '@b\t'-c+d");
        assert_eq!(csv_cell("1,-2; -3.5"), "1,-2; -3.5");
        assert_eq!(csv_list(["IDN", "a;=1+1"]), "IDN;a;'=1+1");
    }

    #[test]
    fn markdown_shows_text_and_runs_nothing() {
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            markdown("[click](javascript:alert(1))"),
            "\\[click\\](javascript:alert(1))"
        );
        assert_eq!(markdown("a|b\nc"), "a\\|b c");
        assert_eq!(markdown("@octocat #12"), "@&#8203;octocat #&#8203;12");
        assert_eq!(markdown("A.2.v (2022-2023)"), "A.2.v (2022-2023)");
        assert_eq!(markdown("x\u{202e}y"), "x\\\\u{202e}y");
    }

    #[test]
    fn html_escapes_markup_and_controls() {
        assert_eq!(html("plain"), "plain");
        assert_eq!(
            html("<img src=x onerror=\"a('1')\">"),
            "&lt;img src=x onerror=&quot;a(&#39;1&#39;)&quot;&gt;"
        );
        assert_eq!(html("\u{1b}[31m"), "\\u{1b}[31m");
    }

    #[test]
    fn json_escapes_what_serde_leaves_raw_and_stays_exact() {
        let escaped = json(
            serde_json::to_string_pretty(&["a\u{202e}b\u{9b}c\u{7f}\u{1b}é–"]).unwrap_or_default(),
        );
        assert_eq!(escaped, "[\n  \"a\\u202eb\\u009bc\\u007f\\u001bé–\"\n]");
        let back: Vec<String> = serde_json::from_str(&escaped).unwrap_or_default();
        assert_eq!(back, ["a\u{202e}b\u{9b}c\u{7f}\u{1b}é–"]);
    }

    #[test]
    fn github_escaping_covers_separators_newlines_and_controls() {
        assert_eq!(github_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(github_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(github_data("x\u{1b}]8;;y"), "x\\u{1b}]8;;y");
    }

    #[test]
    fn every_hostile_string_comes_out_inert_in_every_kind() {
        for s in HOSTILE {
            for out in [
                csv_cell(s).into_owned(),
                markdown(s),
                html(s).into_owned(),
                github_data(s),
            ] {
                assert!(
                    !out.chars().any(|c| is_unsafe_char(c) && c != '\n'),
                    "{s:?} → {out:?}"
                );
            }
            let md = markdown(s);
            let unescaped_link = md.replace("\\]", "").contains("](");
            assert!(
                !md.contains('<') && !md.contains('\n') && !unescaped_link,
                "{md}"
            );
            assert!(!html(s).contains('<'));
            let csv = csv_cell(s);
            assert!(!starts_formula(&csv) || is_number(&csv), "{csv}");
            assert!(!has_formula_piece(&csv), "{csv}");
            // For a spreadsheet: the same, or a text formula holding only a quoted string.
            let sheet = csv_cell_for_spreadsheet(s);
            let string_only = sheet.strip_prefix("=\"").and_then(|t| t.strip_suffix('"'));
            assert!(
                sheet == csv || string_only.is_some_and(|t| !t.replace("\"\"", "").contains('"')),
                "{sheet}"
            );
        }
        for s in ["January 2022", "007", "a\"b 1/1", "=\"x\"&A1", "-1/1"] {
            let sheet = csv_cell_for_spreadsheet(s);
            let string_only = sheet.strip_prefix("=\"").and_then(|t| t.strip_suffix('"'));
            match string_only {
                Some(t) => assert_eq!(t.replace("\"\"", "\""), s),
                None => assert_eq!(sheet, csv_cell(s)),
            }
        }
    }
}
