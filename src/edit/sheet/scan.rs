//! A look at every XML part of a workbook before calamine reads it. calamine sizes its grid,
//! its string table and its shared formulas from what the file declares (`<dimension>`, a
//! cell's `r`, `uniqueCount`, a shared formula's `si` and `ref`), and an absurd value there
//! panics it or asks for tens of gigabytes. Each part is streamed here with a budget of cells,
//! and a workbook that declares or holds more than a return can is refused, naming the sheet,
//! before any grid is built.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// The most cells the grid of one sheet may span (its bounding box), and the most cells,
/// merged ranges, shared strings or shared-formula cells a workbook may declare: a return has
/// a few thousand. calamine keeps 32 bytes a cell, so this holds its grid under 100 MB.
pub const CELL_BUDGET: u64 = 1_000_000;
/// Excel's own limits: 1,048,576 rows and 16,384 columns (XFD).
const EXCEL_ROWS: u64 = 1 << 20;
const EXCEL_COLUMNS: u64 = 1 << 14;

/// A cell's position, from 1 as Excel counts: (row, column).
type Pos = (u64, u64);

/// Reads every part of the workbook (already checked to be a ZIP file of a bounded size) and
/// refuses it when a sheet's declared or actual extent is beyond what accsm reads.
/// `max_rows` is the most rows a sheet may have (a cell below is refused). The error is the
/// message to show.
pub fn check_parts(bytes: &[u8], shown: &str, max_rows: u64) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("{shown} is not an Excel workbook (.xlsx) ({e})"))?;
    let names = sheet_names(&mut zip);
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else { continue };
        let path = part.name().to_string();
        if !path.ends_with(".xml") && !path.ends_with(".rels") {
            continue;
        }
        let size = part.size();
        let sheet = names.get(&path).map_or_else(
            || format!("the part `{path}`"),
            |n| format!("the sheet `{n}`"),
        );
        let refuse = |why: String| {
            format!(
                "{shown}: {sheet} {why}; accsm reads none of this workbook (save it again from \
                 Excel or LibreOffice, or make a new one with `accsm new return --format xlsx`)"
            )
        };
        scan_part(BufReader::new(part), size, max_rows).map_err(refuse)?;
    }
    Ok(())
}

/// What has been seen of one part so far.
#[derive(Default)]
struct Extent {
    max_rows: u64,
    /// Where calamine puts the next cell without an `r` (from 0, as it counts).
    row: u64,
    col: u64,
    cells: u64,
    first: Option<Pos>,
    last: Pos,
    merged: u64,
    shared_area: u64,
}

impl Extent {
    fn cell_at(&mut self, (row, col): Pos) -> Result<(), String> {
        self.cells += 1;
        let (r0, c0) = self.first.unwrap_or((row, col));
        let first = (r0.min(row), c0.min(col));
        self.first = Some(first);
        self.last = (self.last.0.max(row), self.last.1.max(col));
        if self.cells > CELL_BUDGET {
            return Err(format!("holds more than {CELL_BUDGET} cells"));
        }
        if self.last.0 > self.max_rows + 1 {
            return Err(format!(
                "has a cell in row {}; a return has a few hundred rows",
                self.last.0
            ));
        }
        let area = (self.last.0 - first.0 + 1) * (self.last.1 - first.1 + 1);
        if area > CELL_BUDGET {
            return Err(format!(
                "spans {} (a grid of {area} cells, more than the {CELL_BUDGET} accsm reads)",
                range_name(first, self.last)
            ));
        }
        Ok(())
    }
}

fn scan_part(part: impl std::io::BufRead, size: u64, max_rows: u64) -> Result<(), String> {
    let mut xml = Reader::from_reader(part);
    let mut buf = Vec::new();
    let mut at = Extent {
        max_rows,
        ..Extent::default()
    };
    loop {
        buf.clear();
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| format!("is not well-formed XML ({e})"))?;
        match event {
            Event::Eof => return Ok(()),
            Event::Start(e) => element(&e, true, &mut at, size)?,
            Event::Empty(e) => element(&e, false, &mut at, size)?,
            Event::End(e) => match e.local_name().as_ref() {
                b"row" => {
                    at.row += 1;
                    at.col = 0;
                }
                b"c" => at.col += 1,
                _ => {}
            },
            _ => {}
        }
    }
}

/// One element: its attributes that size anything are checked.
fn element(e: &BytesStart<'_>, start: bool, at: &mut Extent, size: u64) -> Result<(), String> {
    let attr = |name: &[u8]| -> Option<Vec<u8>> {
        e.attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == name)
            .map(|a| a.value.into_owned())
    };
    match e.local_name().as_ref() {
        b"dimension" => {
            if let Some(r) = attr(b"ref") {
                range(&r).map_err(|why| {
                    format!("declares its extent as `{}` ({why})", shown_bytes(&r))
                })?;
            }
        }
        b"row" => {
            if let Some(r) = attr(b"r") {
                let row = number(&r)
                    .filter(|n| (1..=EXCEL_ROWS).contains(n))
                    .ok_or_else(|| format!("has a row numbered `{}`", shown_bytes(&r)))?;
                if start {
                    at.row = row - 1;
                }
            }
        }
        b"c" => {
            let pos = match attr(b"r") {
                Some(r) => {
                    let pos = cell(&r)
                        .map_err(|why| format!("has a cell at `{}` ({why})", shown_bytes(&r)))?;
                    at.col = pos.1 - 1;
                    pos
                }
                None => (at.row + 1, at.col + 1),
            };
            if pos.0 > EXCEL_ROWS || pos.1 > EXCEL_COLUMNS {
                return Err(format!(
                    "has a cell beyond {}",
                    range_name((1, 1), (EXCEL_ROWS, EXCEL_COLUMNS))
                ));
            }
            at.cell_at(pos)?;
            if !start {
                at.col += 1;
            }
        }
        b"f" => {
            if let Some(si) = attr(b"si") {
                if number(&si).is_none_or(|n| n > at.max_rows) {
                    return Err(format!(
                        "has a shared formula numbered `{}`",
                        shown_bytes(&si)
                    ));
                }
            }
            if let Some(r) = attr(b"ref") {
                let (a, b) = range(&r)
                    .map_err(|why| format!("has a formula over `{}` ({why})", shown_bytes(&r)))?;
                at.shared_area += area(a, b);
                if at.shared_area > CELL_BUDGET {
                    return Err(format!("has formulas over more than {CELL_BUDGET} cells"));
                }
            }
        }
        b"mergeCell" => {
            if let Some(r) = attr(b"ref") {
                range(&r)
                    .map_err(|why| format!("merges the cells `{}` ({why})", shown_bytes(&r)))?;
            }
            at.merged += 1;
            if at.merged > CELL_BUDGET {
                return Err(format!("merges more than {CELL_BUDGET} ranges"));
            }
        }
        b"sst" => {
            // calamine reserves room for `uniqueCount` strings before reading one; a string
            // takes at least the five bytes of `<si/>`.
            if let Some(v) = attr(b"uniqueCount") {
                let most = CELL_BUDGET.min(size / 5 + 1);
                if number(&v).is_none_or(|n| n > most) {
                    return Err(format!(
                        "declares `{}` shared strings in a part of {size} bytes",
                        shown_bytes(&v)
                    ));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// A number of decimal digits (at most 20), as calamine reads it; `None` for anything else.
fn number(text: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(text).ok()?;
    if text.is_empty() || text.len() > 20 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `B7` → (7, 2), within Excel's limits.
fn cell(text: &[u8]) -> Result<Pos, String> {
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return Err("not a column Excel has".to_string());
    }
    let col = text[..letters].iter().fold(0u64, |n, b| {
        n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = number(&text[letters..]).ok_or("no row number")?;
    if col > EXCEL_COLUMNS {
        return Err("beyond Excel's last column, XFD".to_string());
    }
    if !(1..=EXCEL_ROWS).contains(&row) {
        return Err(format!("beyond Excel's last row, {EXCEL_ROWS}"));
    }
    Ok((row, col))
}

/// `A1:G90` (or one cell) → its corners, the first above and left of the second.
fn range(text: &[u8]) -> Result<(Pos, Pos), String> {
    let mut parts = text.split(|&b| b == b':');
    let a = cell(parts.next().unwrap_or_default())?;
    let b = match parts.next() {
        Some(p) => cell(p)?,
        None => a,
    };
    if parts.next().is_some() {
        return Err("more than two corners".to_string());
    }
    if b.0 < a.0 || b.1 < a.1 {
        return Err("its end comes before its start".to_string());
    }
    Ok((a, b))
}

fn area(a: Pos, b: Pos) -> u64 {
    (b.0 - a.0 + 1) * (b.1 - a.1 + 1)
}

fn range_name(a: Pos, b: Pos) -> String {
    // Column 1 is A, 27 is AA.
    let letters = |mut c: u64| {
        let mut out = Vec::new();
        while c > 0 {
            out.push(b'A' + ((c - 1) % 26) as u8);
            c = (c - 1) / 26;
        }
        out.reverse();
        String::from_utf8_lossy(&out).into_owned()
    };
    let name = |(r, c): Pos| format!("{}{r}", letters(c));
    format!("{}:{}", name(a), name(b))
}

/// An attribute's value for a message: at most 40 characters, control characters shown escaped.
fn shown_bytes(value: &[u8]) -> String {
    let text = String::from_utf8_lossy(value);
    let mut out: String = text
        .chars()
        .take(40)
        .flat_map(char::escape_default)
        .collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// The part of each sheet, by the sheet's name (`xl/worksheets/sheet1.xml` → `Return`), read
/// from the workbook and its relationships; a part not found here is named by its path.
fn sheet_names<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> HashMap<String, String> {
    let mut ids = Vec::new();
    let mut targets = HashMap::new();
    for_each_element(zip, "xl/workbook.xml", |e| {
        if e.local_name().as_ref() == b"sheet" {
            let mut name = None;
            let mut id = None;
            for a in e.attributes().flatten() {
                match (a.key.prefix().is_some(), a.key.local_name().as_ref()) {
                    (false, b"name") => {
                        let raw = String::from_utf8_lossy(&a.value).into_owned();
                        name = Some(
                            quick_xml::escape::unescape(&raw)
                                .map_or(raw.clone(), |v| v.into_owned()),
                        );
                    }
                    (true, b"id") => id = Some(a.value.into_owned()),
                    _ => {}
                }
            }
            if let (Some(name), Some(id)) = (name, id) {
                ids.push((id, name));
            }
        }
    });
    for_each_element(zip, "xl/_rels/workbook.xml.rels", |e| {
        if e.local_name().as_ref() == b"Relationship" {
            let get = |k: &[u8]| {
                e.attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == k)
                    .map(|a| a.value.into_owned())
            };
            if let (Some(id), Some(target)) = (get(b"Id"), get(b"Target")) {
                targets.insert(id, String::from_utf8_lossy(&target).into_owned());
            }
        }
    });
    ids.into_iter()
        .filter_map(|(id, name)| {
            let target = targets.get(&id)?;
            let path = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("xl/{target}"),
            };
            Some((path, name))
        })
        .collect()
}

/// Calls `f` on each start or empty element of the part `path` (nothing if it is missing or
/// unreadable: calamine then says so itself).
fn for_each_element<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    path: &str,
    mut f: impl FnMut(&BytesStart<'_>),
) {
    let Ok(part) = zip.by_name(path) else { return };
    let mut xml = Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => f(&e),
            Ok(Event::Eof) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_ranges_are_read_within_excels_limits() {
        assert_eq!(cell(b"A1"), Ok((1, 1)));
        assert_eq!(cell(b"xfd1048576"), Ok((EXCEL_ROWS, EXCEL_COLUMNS)));
        for bad in [
            &b"AAAAAAAAAAAA2"[..],
            b"A99999999999",
            b"XFE1",
            b"A0",
            b"1",
            b"A",
            b"",
        ] {
            assert!(cell(bad).is_err(), "{}", shown_bytes(bad));
        }
        assert_eq!(range(b"A1:G90"), Ok(((1, 1), (90, 7))));
        assert!(range(b"G90:A1").is_err());
        assert!(range(b"A1:B2:C3").is_err());
    }
}
