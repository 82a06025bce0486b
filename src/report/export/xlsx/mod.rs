//! One Excel workbook, a sheet a table: the header row bold and frozen, numbers as numbers,
//! full dates as dates (a year or a month alone stays text), text shown as on a terminal (no
//! control or bidirectional characters act). A cell holds text, never a formula. The document's
//! creation time is a constant, so the same data gives the same bytes.
//!
//! accsm writes the workbook's parts itself (see [`super::xlsx_parts`] for the fixed ones), so
//! that the tables are written side by side and compressed at a fast level: with a workbook
//! library, one thread compressed every sheet at the default level, nearly half of the time.
//! Each table's rows are made ([`sheet`]) as the sheet's XML and compressed as they come, in
//! pieces on whichever thread is free ([`deflate`]), into a temporary file; when the table ends
//! (its column widths known) the sheet's head is compressed apart, to go before them.
//! [`Workbook::save`] writes the ZIP container ([`archive`]) and copies the compressed sheets
//! into it. A table longer than a sheet goes on over as many numbered sheets as it needs
//! (`programme_measure_2`…), and a note says so.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::spec::ExportError;
use super::xlsx_parts as parts;

mod archive;
mod deflate;
mod sheet;

pub use sheet::Sheets;

/// The most characters a worksheet cell holds.
const CELL_CHARS: usize = 32_767;
/// The most rows a worksheet holds under its header.
pub const SHEET_ROWS: usize = 1_048_575;
/// The most characters of a sheet's name.
const SHEET_NAME_CHARS: usize = 31;
/// Column widths stop growing here (characters).
const MAX_WIDTH: usize = 60;
/// Integers beyond this lose digits as a spreadsheet number (2^53): they are written as text.
const EXACT_INTEGER: i64 = 1 << 53;
/// The deflate level of the sheets. Level 1 compresses in a third less time than level 2, for
/// a quarter more bytes: measured on the whole workbook of 100k programmes, with cells giving
/// their reference only after a gap, 53.2 MB against 42.6 MB (85 MB at level 2 when every cell
/// gave it), and the site, which writes the workbook on every build, 4 % faster. Rows without
/// their numbers since: 44.8 MB. (On the `programme` sheet, level 6, the default, took 3.5×
/// level 2's time.)
const LEVEL: u32 = 1;

/// The name of the `part`th sheet of a table (1-based): the table's name, then `name_2`,
/// `name_3`… cut so that it fits the 31 characters a sheet's name may have.
pub fn sheet_name(table: &str, part: usize) -> String {
    if part <= 1 {
        return table.to_string();
    }
    let suffix = format!("_{part}");
    let mut keep = SHEET_NAME_CHARS
        .saturating_sub(suffix.len())
        .min(table.len());
    while !table.is_char_boundary(keep) {
        keep -= 1;
    }
    format!("{}{suffix}", &table[..keep])
}

/// A workbook being filled: the sheets finished so far, from every thread.
pub struct Workbook {
    scratch: PathBuf,
    /// The rows a sheet takes under its header ([`SHEET_ROWS`]; fewer in tests).
    sheet_rows: usize,
    sheets: Mutex<Vec<Finished>>,
    notes: Mutex<Vec<String>>,
    serial: AtomicUsize,
}

/// One sheet, compressed: its head, then its rows and tail in a temporary file.
struct Finished {
    /// Where its table is in the catalogue, and which part of it this sheet is.
    order: (usize, usize),
    name: String,
    head: Vec<u8>,
    body: Scratch,
    /// The checksum and length of the sheet's XML, and the length compressed.
    crc: u32,
    size: u64,
    packed: u64,
}

/// A temporary file, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl Workbook {
    /// A workbook whose sheets wait in temporary files in `scratch`.
    pub fn new(scratch: &Path) -> Result<Self, ExportError> {
        writable(scratch)?;
        Ok(Workbook {
            scratch: scratch.to_path_buf(),
            sheet_rows: SHEET_ROWS,
            sheets: Mutex::new(Vec::new()),
            notes: Mutex::new(Vec::new()),
            serial: AtomicUsize::new(0),
        })
    }

    /// A writer of tables into this workbook; one per thread (see `export_each`).
    pub fn sheets(&self) -> Sheets<'_> {
        Sheets::new(self)
    }

    /// What the workbook could not hold as it was (a text cut to a cell's length, a table
    /// spread over several sheets), sorted: the tables are written side by side, and the notes
    /// come out the same whichever finished first.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = self.notes.lock().map(|n| n.clone()).unwrap_or_default();
        notes.sort();
        notes
    }

    fn scratch_file(&self, extension: &str) -> Scratch {
        let n = self.serial.fetch_add(1, Ordering::Relaxed);
        Scratch(self.scratch.join(format!(
            ".accsm-sheet-{}-{n}.{extension}",
            std::process::id()
        )))
    }

    fn note(&self, note: String) {
        if let Ok(mut notes) = self.notes.lock() {
            notes.push(note);
        }
    }

    /// Writes the workbook to `path`: the fixed parts, then the sheets in the order of the
    /// tables, copied as they were compressed.
    pub fn save(self, path: &Path) -> Result<(), ExportError> {
        let mut sheets = self.sheets.into_inner().unwrap_or_else(|e| e.into_inner());
        sheets.sort_by_key(|s| s.order);
        let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
        let failed = |e| ExportError::io(path, e);
        let file = File::create(path).map_err(failed)?;
        let mut zip = archive::Archive::new(BufWriter::with_capacity(1 << 16, file));
        for (name, text) in parts::fixed(&names) {
            let packed =
                deflate::pack(&[], text.as_bytes(), true).map_err(ExportError::Workbook)?;
            let bytes = &packed.bytes;
            let (crc, size) = (packed.crc.finalize(), text.len() as u64);
            zip.add(name, crc, size, bytes.len() as u64, |w| w.write_all(bytes))
                .map_err(failed)?;
        }
        for (i, sheet) in sheets.iter().enumerate() {
            let from = &sheet.body.0;
            let mut body = File::open(from).map_err(|e| ExportError::io(from, e))?;
            let name = format!("xl/worksheets/sheet{}.xml", i + 1);
            zip.add(&name, sheet.crc, sheet.size, sheet.packed, |w| {
                w.write_all(&sheet.head)?;
                copy(&mut body, w)
            })
            .map_err(failed)?;
        }
        let mut out = zip.finish().map_err(failed)?;
        out.flush().map_err(failed)
    }
}

/// Whether a file can be made in `dir`, so that a refusal names the folder.
fn writable(dir: &Path) -> Result<(), ExportError> {
    let probe = dir.join(format!(".accsm-probe-{}", std::process::id()));
    let made = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe);
    match made {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(ExportError::Io {
            path: Some(dir.to_path_buf()),
            source: std::io::Error::new(
                e.kind(),
                format!("the workbook needs a temporary file here: {e}"),
            ),
        }),
    }
}

/// Copies a file into the archive in large pieces.
fn copy(from: &mut File, to: &mut dyn Write) -> std::io::Result<()> {
    let mut buffer = vec![0; 1 << 16];
    loop {
        let n = from.read(&mut buffer)?;
        if n == 0 {
            return Ok(());
        }
        to.write_all(&buffer[..n])?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::export::spec::{Cell, Field, FieldType, Sink, Table};
    use zip::ZipArchive;

    fn zip_failed(path: &Path, e: zip::result::ZipError) -> ExportError {
        ExportError::io(path, std::io::Error::other(e.to_string()))
    }

    fn table(name: &'static str) -> Table {
        let field = |name, ty| Field {
            name,
            ty,
            required: false,
            description: String::new(),
        };
        Table {
            name,
            description: String::new(),
            fields: vec![
                field("n", FieldType::Integer),
                field("day", FieldType::Date),
            ],
            primary_key: Vec::new(),
            foreign_keys: Vec::new(),
        }
    }

    fn parts(path: &Path) -> Result<Vec<(String, String)>, ExportError> {
        let file = File::open(path).map_err(|e| ExportError::io(path, e))?;
        let mut archive = ZipArchive::new(file).map_err(|e| zip_failed(path, e))?;
        (0..archive.len())
            .map(|i| {
                let mut part = archive.by_index(i).map_err(|e| zip_failed(path, e))?;
                let mut text = String::new();
                part.read_to_string(&mut text)
                    .map_err(|e| ExportError::io(path, e))?;
                Ok((part.name().to_string(), text))
            })
            .collect()
    }

    /// A cell is read as the one after the cell before it unless it says where it is: after an
    /// empty cell, it must.
    #[test]
    fn a_cell_after_an_empty_one_says_where_it_is() -> Result<(), ExportError> {
        let dir = tempfile::tempdir().map_err(|e| ExportError::io("temp", e))?;
        let book = Workbook::new(dir.path())?;
        let t = table("gaps");
        let mut sheets = book.sheets();
        sheets.begin(&t)?;
        sheets.row(&t, &[Cell::Null, Cell::text("2020-11-18")])?;
        sheets.row(&t, &[Cell::Int(4), Cell::Null])?;
        sheets.row(&t, &[Cell::Number(f64::NAN), Cell::Bool(true)])?;
        sheets.end(&t)?;
        let path = dir.path().join("book.xlsx");
        book.save(&path)?;
        let parts = parts(&path)?;
        let xml = parts
            .iter()
            .find(|(n, _)| n == "xl/worksheets/sheet1.xml")
            .map_or("", |(_, t)| t.as_str());
        assert!(
            xml.contains(concat!(
                "</row><row><c r=\"B2\" s=\"2\"><v>44153</v></c></row>",
                "<row><c><v>4</v></c></row>",
                "<row><c r=\"B4\" t=\"b\"><v>1</v></c></row></sheetData>"
            )),
            "{xml}"
        );
        Ok(())
    }

    #[test]
    fn a_table_longer_than_a_sheet_goes_on_over_numbered_sheets() -> Result<(), ExportError> {
        let dir = tempfile::tempdir().map_err(|e| ExportError::io("temp", e))?;
        let mut book = Workbook::new(dir.path())?;
        book.sheet_rows = 3;
        let long = table("programme_partner_organisation");
        let mut sheets = book.sheets();
        sheets.begin(&long)?;
        for n in 1..=7 {
            sheets.row(&long, &[Cell::Int(n), Cell::text("2020-11-18")])?;
        }
        sheets.end(&long)?;
        let notes = book.notes();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].contains("has 7 rows, more than the 3 a sheet holds")
                && notes[0].contains(
                    "programme_partner_organisation, programme_partner_organisatio_2, \
                     programme_partner_organisatio_3"
                ),
            "{}",
            notes[0]
        );
        let path = dir.path().join("book.xlsx");
        book.save(&path)?;
        let parts = parts(&path)?;
        let part = |name: &str| {
            parts
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.as_str())
                .unwrap_or_default()
        };
        assert!(part("xl/workbook.xml").contains(
            "<sheet name=\"programme_partner_organisatio_3\" sheetId=\"3\" r:id=\"rId3\"/>"
        ));
        // Every sheet has the header; the rows go on in order; a date is a day number.
        for (sheet, first, last) in [(1, 1, 3), (2, 4, 6), (3, 7, 7)] {
            let xml = part(&format!("xl/worksheets/sheet{sheet}.xml"));
            assert!(xml.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>n</t></is></c>"));
            // The rows under the header, each the one after the row before it.
            let body: String = (first..=last)
                .map(|n| format!("<row><c><v>{n}</v></c><c s=\"2\"><v>44153</v></c></row>"))
                .collect();
            assert!(xml.contains(&format!("</row>{body}</sheetData>")), "{xml}");
            let rows = last - first + 2;
            assert!(
                xml.contains(&format!("<dimension ref=\"A1:B{rows}\"/>")),
                "{xml}"
            );
        }
        // Nothing is left behind in the scratch folder.
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .map_err(|e| ExportError::io("temp", e))?
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        assert_eq!(left, ["book.xlsx"]);
        Ok(())
    }

    #[test]
    fn sheet_names_fit_what_a_sheet_name_may_hold() {
        assert_eq!(sheet_name("programme", 1), "programme");
        assert_eq!(sheet_name("programme", 2), "programme_2");
        let long = sheet_name("programme_partner_organisation", 12);
        assert_eq!(long, "programme_partner_organisati_12");
        assert!(long.len() <= SHEET_NAME_CHARS);
    }
}
