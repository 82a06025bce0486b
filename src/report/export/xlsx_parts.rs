//! The XML of a workbook (Office Open XML, SpreadsheetML): the fixed parts (content types,
//! relationships, document properties, styles, the list of sheets) and the pieces of a sheet
//! (its head, cells, tail). Only what the export uses: inline text, numbers, booleans, a bold
//! header, one date format, a frozen first row and column widths.

use std::fmt::Write as _;

use crate::report::digits::{push_integer, push_unsigned};

/// The style of the header cells (bold), an index into `cellXfs` of [`STYLES`].
pub const HEADER_STYLE: u8 = 1;
/// The style of date cells (`yyyy-mm-dd`).
pub const DATE_STYLE: u8 = 2;

const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const STYLES: &str = concat!(
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/></numFmts>",
    "<fonts count=\"2\">",
    "<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>",
    "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>",
    "</fonts>",
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>",
    "<fill><patternFill patternType=\"gray125\"/></fill></fills>",
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>",
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>",
    "<cellXfs count=\"3\">",
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>",
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>",
    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>",
    "</cellXfs>",
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>",
    "<dxfs count=\"0\"/><tableStyles count=\"0\"/>",
    "</styleSheet>"
);

/// The document's properties: a constant creation time (the ZIP epoch), so that the same data
/// gives the same bytes.
const CORE: &str = concat!(
    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" ",
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" ",
    "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    "<dc:creator>accsm</dc:creator>",
    "<dcterms:created xsi:type=\"dcterms:W3CDTF\">1980-01-01T00:00:00Z</dcterms:created>",
    "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">1980-01-01T00:00:00Z</dcterms:modified>",
    "</cp:coreProperties>"
);

const APP: &str = concat!(
    "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">",
    "<Application>accsm</Application></Properties>"
);

const ROOT_RELS: &str = concat!(
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>",
    "</Relationships>"
);

/// The parts other than the sheets, by name, for a workbook with these sheets in this order.
pub fn fixed(sheets: &[&str]) -> Vec<(&'static str, String)> {
    let mut types = String::from(concat!(
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
        "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>",
        "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>",
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
        "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
    ));
    let mut workbook = format!(
        "<workbook xmlns=\"{MAIN}\" xmlns:r=\"{RELS}\"><bookViews><workbookView/></bookViews><sheets>"
    );
    let mut rels = String::from(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for (i, name) in sheets.iter().enumerate() {
        let n = i + 1;
        let _ = write!(
            types,
            "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" \
             ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        );
        let mut escaped = String::new();
        push_escaped(&mut escaped, name);
        let _ = write!(
            workbook,
            "<sheet name=\"{escaped}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>"
        );
        let _ = write!(
            rels,
            "<Relationship Id=\"rId{n}\" Type=\"{RELS}/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        );
    }
    types.push_str("</Types>");
    workbook.push_str("</sheets></workbook>");
    let _ = write!(
        rels,
        "<Relationship Id=\"rId{}\" Type=\"{RELS}/styles\" Target=\"styles.xml\"/></Relationships>",
        sheets.len() + 1
    );
    [
        ("[Content_Types].xml", types),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("docProps/app.xml", APP.to_string()),
        ("docProps/core.xml", CORE.to_string()),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/styles.xml", STYLES.to_string()),
    ]
    .into_iter()
    .map(|(name, body)| (name, format!("{XML}{body}")))
    .collect()
}

/// A sheet's XML up to its rows: the used range, the frozen header, the column widths (in
/// characters, a little wider than the widest text). The first sheet is the one shown.
pub fn sheet_head(widths: &[usize], last_column: &str, rows: usize, first: bool) -> String {
    let mut head = format!(
        "{XML}<worksheet xmlns=\"{MAIN}\" xmlns:r=\"{RELS}\"><dimension ref=\"A1:{last_column}{rows}\"/>\
         <sheetViews><sheetView {}workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" \
         activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" \
         sqref=\"A2\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>",
        if first { "tabSelected=\"1\" " } else { "" }
    );
    if !widths.is_empty() {
        head.push_str("<cols>");
        for (i, w) in widths.iter().enumerate() {
            let _ = write!(
                head,
                "<col min=\"{n}\" max=\"{n}\" width=\"{}\" customWidth=\"1\"/>",
                w + 1,
                n = i + 1
            );
        }
        head.push_str("</cols>");
    }
    head.push_str("<sheetData>");
    head
}

/// A sheet's XML after its rows.
pub const SHEET_TAIL: &str = "</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" \
     bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>";

/// A cell's opening tag. Its reference (`r="B7"`) is written only when `column` is given: a
/// cell without one is, as the format says, the one after the cell before it in its row, so a
/// sheet writes it only after a gap. Leaving it out of the other cells left a sixth less XML to
/// write, and half the bytes to store once compressed.
fn push_ref(out: &mut String, column: &str, row: u64, style: Option<u8>) {
    out.push_str("<c");
    if !column.is_empty() {
        out.push_str(" r=\"");
        out.push_str(column);
        push_unsigned(out, row);
        out.push('"');
    }
    match style {
        Some(HEADER_STYLE) => out.push_str(" s=\"1\""),
        Some(DATE_STYLE) => out.push_str(" s=\"2\""),
        Some(s) => {
            let _ = write!(out, " s=\"{s}\"");
        }
        None => {}
    }
}

/// A cell of inline text; `row` is the row's number, `column` its letters or empty (see
/// [`push_ref`]).
pub fn push_text_cell(out: &mut String, column: &str, row: u64, style: Option<u8>, text: &str) {
    push_text(out, column, row, style, text, is_plain(text));
}

/// A cell of text known to be plain ([`is_plain`]).
pub fn push_plain_text_cell(out: &mut String, column: &str, row: u64, text: &str) {
    push_text(out, column, row, None, text, true);
}

fn push_text(out: &mut String, column: &str, row: u64, style: Option<u8>, text: &str, plain: bool) {
    push_ref(out, column, row, style);
    out.push_str(" t=\"inlineStr\"><is><t");
    if text.starts_with(['\t', '\n', ' ']) || text.ends_with(['\t', '\n', ' ']) {
        out.push_str(" xml:space=\"preserve\"");
    }
    out.push('>');
    if plain {
        out.push_str(text);
    } else {
        push_escaped(out, text);
    }
    out.push_str("</t></is></c>");
}

/// Whether the text is printable ASCII with nothing [`push_escaped`] or a terminal would
/// replace (no markup, no `_`, no control): most cells, passed on after a look at their bytes,
/// a block at a time.
pub fn is_plain(text: &str) -> bool {
    crate::escape::printable_without(text.as_bytes(), *b"&<>_")
}

/// A cell holding a number, written as given (digits, a point, a sign).
pub fn push_number_cell(out: &mut String, column: &str, row: u64, style: Option<u8>, n: &str) {
    push_ref(out, column, row, style);
    out.push_str("><v>");
    out.push_str(n);
    out.push_str("</v></c>");
}

/// A cell holding an integer (a day's number, with the date style).
pub fn push_integer_cell(out: &mut String, column: &str, row: u64, style: Option<u8>, n: i64) {
    push_ref(out, column, row, style);
    out.push_str("><v>");
    push_integer(out, n);
    out.push_str("</v></c>");
}

pub fn push_bool_cell(out: &mut String, column: &str, row: u64, b: bool) {
    push_ref(out, column, row, None);
    out.push_str(" t=\"b\"><v>");
    out.push(if b { '1' } else { '0' });
    out.push_str("</v></c>");
}

/// Text as XML character data, as Excel reads it: `&`, `<`, `>` as entities; a character XML
/// may not hold (a control character but tab and line feed, U+FFFE, U+FFFF) as Excel's `_xHHHH_`;
/// and a `_xHHHH_` in the text itself with its underscore escaped (`_x005F_xHHHH_`), so that
/// Excel shows it as written instead of reading it as an escape.
pub fn push_escaped(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Most cells need nothing: whole runs of text are copied between the characters replaced.
    let mut run = 0;
    let mut at = 0;
    while let Some(found) = bytes[at..].iter().position(|b| CAREFUL[usize::from(*b)]) {
        let i = at + found;
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        at = i + c.len_utf8();
        let control =
            c != '\t' && c != '\n' && (c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}');
        let replaced = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '_' if is_excel_escape(&bytes[i..]) => "_x005F_",
            _ if control => "",
            _ => continue,
        };
        out.push_str(&text[run..i]);
        if control {
            let _ = write!(out, "_x{:04X}_", u32::from(c));
        } else {
            out.push_str(replaced);
        }
        run = at;
    }
    out.push_str(&text[run..]);
}

/// The bytes at which [`push_escaped`] looks closer: markup, `_`, the C0 controls and DEL, and
/// the first bytes of the C1 controls (U+0080-U+009F) and of U+FFFE and U+FFFF. Each is the
/// first byte of a character.
const CAREFUL: [bool; 256] = crate::escape::controls_and(&[0xc2, 0xef, b'&', b'<', b'>', b'_']);

/// Whether the text starts with `_xHHHH_` (four hexadecimal digits).
fn is_excel_escape(text: &[u8]) -> bool {
    text.len() >= 7
        && text[1] == b'x'
        && text[2..6].iter().all(u8::is_ascii_hexdigit)
        && text[6] == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path of [`push_escaped`] gives what escaping each character in turn gives.
    #[test]
    fn escaping_runs_is_escaping_each_character() {
        fn each(text: &str) -> String {
            let bytes = text.as_bytes();
            let mut out = String::new();
            for (i, c) in text.char_indices() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '\t' | '\n' => out.push(c),
                    '_' if is_excel_escape(&bytes[i..]) => out.push_str("_x005F_"),
                    c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                        let _ = write!(out, "_x{:04X}_", u32::from(c));
                    }
                    c => out.push(c),
                }
            }
            out
        }
        let mut texts: Vec<String> = crate::escape::HOSTILE
            .iter()
            .map(|s| s.to_string())
            .collect();
        texts.extend(["a_x0041_b", "_x00", "_x12G4_", "__x0041__", "“Q4” – 5°"].map(String::from));
        for c in (0u32..0x300)
            .chain(0xFFF0..0x10000)
            .filter_map(char::from_u32)
        {
            texts.push(c.to_string());
            texts.push(format!("ab{c}_x0041_{c}"));
        }
        for t in &texts {
            let mut out = String::new();
            push_escaped(&mut out, t);
            assert_eq!(out, each(t), "{t:?}");
        }
    }

    /// Plain text is text that escaping leaves as it is.
    #[test]
    fn plain_text_needs_no_escaping() {
        for c in (0u32..0x300).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let mut out = String::new();
            push_escaped(&mut out, &text);
            let shown = crate::escape::terminal_safe_lines(&text);
            if is_plain(&text) {
                assert_eq!(
                    (out.as_str(), shown.as_ref()),
                    (text.as_str(), text.as_str())
                );
                assert!(c.is_ascii());
            }
        }
        assert!(is_plain("accsm-2021-2025 data/x.toml:2 Study Visit (2024)"));
        assert!(!is_plain("a_x0041_") && !is_plain("a&b") && !is_plain("é") && !is_plain("\t"));
    }

    #[test]
    fn text_is_escaped_as_excel_reads_it() {
        let mut out = String::new();
        push_escaped(&mut out, "a<b & c>d _x0041_ _x41_ \u{1}\u{FFFF}\tx\ny");
        assert_eq!(
            out,
            "a&lt;b &amp; c&gt;d _x005F_x0041_ _x41_ _x0001__xFFFF_\tx\ny"
        );
    }

    #[test]
    fn the_sheet_list_names_every_sheet_in_order() {
        let parts = fixed(&["programme", "a&b"]);
        let workbook = &parts
            .iter()
            .find(|(n, _)| *n == "xl/workbook.xml")
            .map(|(_, t)| t);
        let workbook = workbook.map(String::as_str).unwrap_or_default();
        let first = workbook.find("name=\"programme\" sheetId=\"1\"");
        let second = workbook.find("name=\"a&amp;b\" sheetId=\"2\"");
        assert!(first.is_some() && second > first, "{workbook}");
    }
}
