//! Which cells of a sheet Excel shows as a percentage. Excel stores 45% as 0.45 with a number
//! format such as `0%`; calamine gives the 0.45 and says nothing of the format, so accsm reads
//! the format from the workbook's parts itself: the styles (`xl/styles.xml`), which sheet part
//! holds which sheet (`xl/workbook.xml` and its relationships) and each cell's style (`s`).

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

/// The cells (row and column, both from 0) of the sheet `sheet` whose number format shows a
/// percentage, reading at most `limit` bytes of a part. Empty when the workbook cannot be read
/// this way: calamine then says what is wrong.
pub fn percent_cells(bytes: &[u8], sheet: &str, limit: u64) -> HashSet<(u32, u32)> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return HashSet::new();
    };
    let mut part = |name: &str| -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let file = zip.by_name(name).ok()?;
        file.take(limit).read_to_end(&mut out).ok()?;
        Some(out)
    };
    let Some(styles) = part("xl/styles.xml") else {
        return HashSet::new();
    };
    let styles = percent_styles(&styles);
    if styles.is_empty() {
        return HashSet::new();
    }
    let Some(path) = part("xl/workbook.xml")
        .zip(part("xl/_rels/workbook.xml.rels"))
        .and_then(|(book, rels)| sheet_part(&book, &rels, sheet))
    else {
        return HashSet::new();
    };
    part(&path).map_or_else(HashSet::new, |xml| styled_cells(&xml, &styles))
}

/// The value of the attribute `name` of an element, unescaped.
fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name || a.key.local_name().as_ref() == name)
        .and_then(|a| value(&a))
}

/// An attribute's value, unescaped (workbooks are UTF-8).
fn value(a: &quick_xml::events::attributes::Attribute<'_>) -> Option<String> {
    let raw = std::str::from_utf8(&a.value).ok()?;
    quick_xml::escape::unescape(raw)
        .ok()
        .map(|v| v.into_owned())
}

/// Every element (start or empty) of an XML part, with its local name.
fn elements(xml: &[u8], mut visit: impl FnMut(&[u8], &BytesStart<'_>, bool)) {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => visit(e.local_name().as_ref(), &e, true),
            Ok(Event::Empty(e)) => visit(e.local_name().as_ref(), &e, false),
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
}

/// The indices of the cell styles (`cellXfs`) whose number format shows a percentage.
fn percent_styles(xml: &[u8]) -> HashSet<u32> {
    let mut custom: HashMap<u32, bool> = HashMap::new();
    let mut formats = Vec::new();
    let mut in_cell_xfs = false;
    elements(xml, |name, e, _| match name {
        b"numFmt" => {
            if let (Some(id), Some(code)) = (attr(e, b"numFmtId"), attr(e, b"formatCode")) {
                if let Ok(id) = id.parse() {
                    custom.insert(id, is_percent_format(&code));
                }
            }
        }
        b"cellXfs" => in_cell_xfs = true,
        b"cellStyleXfs" | b"dxfs" | b"cellStyles" => in_cell_xfs = false,
        b"xf" if in_cell_xfs => {
            formats.push(attr(e, b"numFmtId").and_then(|id| id.parse::<u32>().ok()));
        }
        _ => {}
    });
    formats
        .into_iter()
        .enumerate()
        .filter(|(_, id)| {
            // Built-in formats 9 (`0%`) and 10 (`0.00%`); others by their code.
            id.is_some_and(|id| matches!(id, 9 | 10) || custom.get(&id) == Some(&true))
        })
        .filter_map(|(i, _)| u32::try_from(i).ok())
        .collect()
}

/// A number format shows a percentage when its first section (the one for positive numbers)
/// has a `%` outside quotes and not escaped.
pub fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' | '_' | '*' => escaped = true,
            ';' => return false,
            '%' => return true,
            _ => {}
        }
    }
    false
}

/// The path in the ZIP file of the sheet named `sheet`.
fn sheet_part(book: &[u8], rels: &[u8], sheet: &str) -> Option<String> {
    let mut id = None;
    elements(book, |name, e, _| {
        if name == b"sheet" && attr(e, b"name").as_deref() == Some(sheet) {
            id = e
                .attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == b"id")
                .and_then(|a| value(&a));
        }
    });
    let id = id?;
    let mut target = None;
    elements(rels, |name, e, _| {
        if name == b"Relationship" && attr(e, b"Id").as_deref() == Some(id.as_str()) {
            target = attr(e, b"Target");
        }
    });
    let target = target?;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    })
}

/// The cells of a sheet part whose style is one of `styles`.
fn styled_cells(xml: &[u8], styles: &HashSet<u32>) -> HashSet<(u32, u32)> {
    let mut out = HashSet::new();
    elements(xml, |name, e, _| {
        if name != b"c" {
            return;
        }
        let styled = attr(e, b"s")
            .and_then(|s| s.parse::<u32>().ok())
            .is_some_and(|s| styles.contains(&s));
        if let Some(at) = styled.then(|| attr(e, b"r")).flatten() {
            out.extend(cell_position(&at));
        }
    });
    out
}

/// `G5` as (row 4, column 6).
fn cell_position(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let mut col: u32 = 0;
    for b in letters.bytes() {
        col = col.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1)?;
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats_are_told_from_others() {
        for yes in ["0%", "0.0%", "#,##0.00%", "0%;[Red]-0%"] {
            assert!(is_percent_format(yes), "{yes}");
        }
        for no in ["0", "General", "0\"%\"", "0\\%", "0;0%", "yyyy-mm-dd"] {
            assert!(!is_percent_format(no), "{no}");
        }
    }

    #[test]
    fn cells_are_placed_as_spreadsheets_name_them() {
        assert_eq!(cell_position("A1"), Some((0, 0)));
        assert_eq!(cell_position("G5"), Some((4, 6)));
        assert_eq!(cell_position("AA10"), Some((9, 26)));
        assert_eq!(cell_position("5"), None);
        assert_eq!(cell_position("A0"), None);
    }
}
