//! One Excel workbook, a sheet a table: the header row bold and frozen, numbers as numbers,
//! full dates as dates (a year or a month alone stays text), text shown as on a terminal (no
//! control or bidirectional characters act). A cell holds text, never a formula. The document's
//! creation time is a constant, so the same data gives the same bytes.
//!
//! accsm writes the workbook's parts itself (see [`super::xlsx_parts`] for the fixed ones), so
//! that the tables are written side by side and compressed at a fast level: with a workbook
//! library, one thread compressed every sheet at the default level, nearly half of the time.
//! Each table's rows go, as the sheet's XML, to a temporary file as they are made; when the
//! table ends (its column widths known) the sheet is compressed into a temporary archive of its
//! own, on the thread that made it. [`Workbook::save`] copies the compressed sheets into the
//! workbook without compressing them again. A table longer than a sheet goes on over as many
//! numbered sheets as it needs (`programme_measure_2`…), and a note says so.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::spec::{Cell, ExportError, FieldType, Sink, Table};
use super::tables::tables;
use super::xlsx_parts as parts;
use crate::escape::terminal_safe_lines;

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
/// The deflate level of the sheets. Measured on the `programme` sheet of 100k programmes (66 MB
/// of XML): level 6, the default, 6.6 MB in 0.76 s of CPU; level 2, 8.2 MB in 0.22 s; level 1,
/// 10.7 MB in 0.14 s. Level 2 keeps most of the saving in time for a quarter more bytes.
const LEVEL: i64 = 2;

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

/// One sheet, compressed, in a temporary archive of its own.
struct Finished {
    /// Where its table is in the catalogue, and which part of it this sheet is.
    order: (usize, usize),
    name: String,
    archive: Scratch,
}

/// A temporary file, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn zip_failed(path: &Path, e: zip::result::ZipError) -> ExportError {
    match e {
        zip::result::ZipError::Io(io) => ExportError::io(path, io),
        other => ExportError::Workbook(other.to_string()),
    }
}

/// The options of every part: the same bytes for the same data (a fixed time, fixed mode).
fn options(method: CompressionMethod, large: bool) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(method)
        .compression_level((method == CompressionMethod::Deflated).then_some(LEVEL))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o600)
        .large_file(large)
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
        Sheets {
            book: self,
            open: None,
        }
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
        let file = File::create(path).map_err(|e| ExportError::io(path, e))?;
        let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 16, file));
        let deflated = options(CompressionMethod::Deflated, false);
        for (name, text) in parts::fixed(&names) {
            zip.start_file(name, deflated)
                .map_err(|e| zip_failed(path, e))?;
            zip.write_all(text.as_bytes())
                .map_err(|e| ExportError::io(path, e))?;
        }
        for (i, sheet) in sheets.iter().enumerate() {
            let from = &sheet.archive.0;
            let file = File::open(from).map_err(|e| ExportError::io(from, e))?;
            let mut archive = ZipArchive::new(file).map_err(|e| zip_failed(from, e))?;
            let part = archive.by_index_raw(0).map_err(|e| zip_failed(from, e))?;
            zip.raw_copy_file_rename(part, format!("xl/worksheets/sheet{}.xml", i + 1))
                .map_err(|e| zip_failed(path, e))?;
        }
        let mut out = zip.finish().map_err(|e| zip_failed(path, e))?;
        out.flush().map_err(|e| ExportError::io(path, e))
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

/// Writes tables into a [`Workbook`], one at a time.
pub struct Sheets<'w> {
    book: &'w Workbook,
    open: Option<Open>,
}

/// The sheet being written.
struct Open {
    table: usize,
    part: usize,
    /// Rows written under the header.
    rows: usize,
    /// All rows of the table so far, over every sheet.
    total: usize,
    widths: Vec<usize>,
    /// The column letters, `A`, `B`…
    columns: Vec<String>,
    body: BufWriter<File>,
    body_file: Scratch,
    /// One row's XML, reused.
    line: String,
}

impl Sheets<'_> {
    fn start(
        &mut self,
        table: &Table,
        index: usize,
        part: usize,
        total: usize,
    ) -> Result<(), ExportError> {
        let body_file = self.book.scratch_file("xml");
        let file = File::create(&body_file.0).map_err(|e| ExportError::io(&body_file.0, e))?;
        let columns: Vec<String> = (0..table.fields.len()).map(column_letters).collect();
        let mut open = Open {
            table: index,
            part,
            rows: 0,
            total,
            widths: table.fields.iter().map(|f| f.name.len() + 2).collect(),
            columns,
            body: BufWriter::with_capacity(1 << 16, file),
            body_file,
            line: String::with_capacity(1024),
        };
        open.line.push_str("<row r=\"1\">");
        for (f, col) in table.fields.iter().zip(&open.columns) {
            parts::push_text_cell(&mut open.line, col, 1, Some(parts::HEADER_STYLE), f.name);
        }
        open.line.push_str("</row>");
        open.flush_line()?;
        self.open = Some(open);
        Ok(())
    }

    /// Compresses the open sheet into its archive and hands it to the workbook.
    fn finish(&mut self, table: &Table) -> Result<(), ExportError> {
        let Some(open) = self.open.take() else {
            return Ok(());
        };
        let Open {
            table: index,
            part,
            rows,
            widths,
            columns,
            mut body,
            body_file,
            ..
        } = open;
        body.flush().map_err(|e| ExportError::io(&body_file.0, e))?;
        drop(body);
        let last = columns.last().map_or("A", String::as_str);
        let head = parts::sheet_head(&widths, last, rows + 1, index == 0 && part == 1);
        let tail = parts::SHEET_TAIL;
        let body_len = std::fs::metadata(&body_file.0)
            .map_err(|e| ExportError::io(&body_file.0, e))?
            .len();
        let len = head.len() as u64 + body_len + tail.len() as u64;
        let archive = self.book.scratch_file("zip");
        let file = File::create(&archive.0).map_err(|e| ExportError::io(&archive.0, e))?;
        let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 16, file));
        zip.start_file(
            "sheet.xml",
            options(CompressionMethod::Deflated, len >= 0xFFFF_0000),
        )
        .map_err(|e| zip_failed(&archive.0, e))?;
        zip.write_all(head.as_bytes())
            .map_err(|e| ExportError::io(&archive.0, e))?;
        let mut from = File::open(&body_file.0).map_err(|e| ExportError::io(&body_file.0, e))?;
        copy(&mut from, &mut zip).map_err(|e| ExportError::io(&archive.0, e))?;
        zip.write_all(tail.as_bytes())
            .map_err(|e| ExportError::io(&archive.0, e))?;
        let mut out = zip.finish().map_err(|e| zip_failed(&archive.0, e))?;
        out.flush().map_err(|e| ExportError::io(&archive.0, e))?;
        drop(body_file);
        let finished = Finished {
            order: (index, part),
            name: sheet_name(table.name, part),
            archive,
        };
        match self.book.sheets.lock() {
            Ok(mut sheets) => sheets.push(finished),
            Err(_) => return Err(ExportError::Workbook("a sheet could not be kept".into())),
        }
        Ok(())
    }
}

/// Copies a file into the archive in large pieces.
fn copy(from: &mut File, to: &mut impl Write) -> std::io::Result<()> {
    let mut buffer = vec![0; 1 << 16];
    loop {
        let n = from.read(&mut buffer)?;
        if n == 0 {
            return Ok(());
        }
        to.write_all(&buffer[..n])?;
    }
}

/// `A`, `B`, … `Z`, `AA`… for a 0-based column.
fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

impl Open {
    fn flush_line(&mut self) -> Result<(), ExportError> {
        self.body
            .write_all(self.line.as_bytes())
            .map_err(|e| ExportError::io(&self.body_file.0, e))?;
        self.line.clear();
        Ok(())
    }

    fn widen(&mut self, col: usize, chars: usize) {
        if let Some(w) = self.widths.get_mut(col) {
            *w = (*w).max(chars.min(MAX_WIDTH));
        }
    }
}

/// `YYYY-MM-DD` as a spreadsheet's day number; a year or a month alone is not a day.
fn day_number(text: &str) -> Option<i64> {
    let mut parts = text.splitn(3, '-');
    let y: i64 = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let m: i64 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    let d: i64 = parts.next().filter(|p| p.len() == 2)?.parse().ok()?;
    if !(1900..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    // In range: the year and month were checked just above.
    if d > i64::from(crate::dates::days_in_month(y as u32, m as u32)) {
        return None;
    }
    // Days since 1899-12-30, the day 0 of the 1900 date system for every date after
    // February 1900 (the system counts a 29 February 1900 that never was).
    let serial = days_from_civil(y, m, d) - days_from_civil(1899, 12, 30);
    (serial > 60).then_some(serial)
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl Sink for Sheets<'_> {
    fn begin(&mut self, table: &Table) -> Result<(), ExportError> {
        let index = tables()
            .iter()
            .position(|t| t.name == table.name)
            .unwrap_or(usize::MAX);
        self.start(table, index, 1, 0)
    }

    fn row(&mut self, table: &Table, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        if let Some((index, part, total)) = self
            .open
            .as_ref()
            .filter(|o| o.rows >= self.book.sheet_rows)
            .map(|o| (o.table, o.part, o.total))
        {
            self.finish(table)?;
            self.start(table, index, part + 1, total)?;
        }
        let book = self.book;
        let Some(open) = self.open.as_mut() else {
            return Err(ExportError::Workbook("a row before its table".into()));
        };
        open.rows += 1;
        open.total += 1;
        let r = open.rows + 1;
        let mut line = std::mem::take(&mut open.line);
        let _ = write!(line, "<row r=\"{r}\">");
        for (col, (field, cell)) in table.fields.iter().zip(cells).enumerate() {
            match cell {
                Cell::Null => {}
                Cell::Int(n) if (-EXACT_INTEGER..=EXACT_INTEGER).contains(n) => {
                    open.number(&mut line, col, r, None, &n.to_string());
                }
                Cell::Number(n) if n.is_finite() => {
                    open.number(&mut line, col, r, None, &n.to_string());
                }
                Cell::Number(_) => {}
                Cell::Bool(b) => {
                    open.widen(col, 5);
                    parts::push_bool_cell(&mut line, &open.columns[col], r, *b);
                }
                Cell::Text(s) if field.ty == FieldType::Date && day_number(s).is_some() => {
                    let day = day_number(s).unwrap_or_default().to_string();
                    open.widen(col, 10);
                    parts::push_number_cell(
                        &mut line,
                        &open.columns[col],
                        r,
                        Some(parts::DATE_STYLE),
                        &day,
                    );
                }
                Cell::Int(n) => open.text(book, &mut line, table, col, &n.to_string()),
                Cell::Text(s) => open.text(book, &mut line, table, col, s),
                Cell::List(items) => open.text(book, &mut line, table, col, &items.join("; ")),
            }
        }
        line.push_str("</row>");
        open.line = line;
        open.flush_line()
    }

    fn end(&mut self, table: &Table) -> Result<(), ExportError> {
        let (parts, total) = self.open.as_ref().map_or((1, 0), |o| (o.part, o.total));
        self.finish(table)?;
        if parts > 1 {
            let names: Vec<String> = (1..=parts).map(|p| sheet_name(table.name, p)).collect();
            self.book.note(format!(
                "the table `{}` has {total} rows, more than the {} a sheet holds under its \
                 header: its rows are on the sheets {}, in order (the data package has it in one \
                 file: --format datapackage)",
                table.name,
                self.book.sheet_rows,
                names.join(", ")
            ));
        }
        Ok(())
    }
}

impl Open {
    fn number(&mut self, line: &mut String, col: usize, r: usize, style: Option<u8>, n: &str) {
        self.widen(col, n.len());
        parts::push_number_cell(line, &self.columns[col], r, style, n);
    }

    /// A text cell, shown as on a terminal and cut to what a cell holds.
    fn text(&mut self, book: &Workbook, line: &mut String, table: &Table, col: usize, text: &str) {
        let safe = terminal_safe_lines(text);
        let chars = safe.chars().count();
        let r = self.rows + 1;
        let shown = if chars > CELL_CHARS {
            book.note(format!(
                "{} row {r}, column `{}`: {chars} characters cut to the {CELL_CHARS} a cell holds",
                sheet_name(table.name, self.part),
                table.fields.get(col).map_or("", |f| f.name)
            ));
            let cut: String = safe.chars().take(CELL_CHARS - 1).collect();
            std::borrow::Cow::Owned(cut + "…")
        } else {
            safe
        };
        self.widen(col, chars);
        parts::push_text_cell(line, &self.columns[col], r, None, &shown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::export::spec::Field;

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
            assert!(
                xml.contains(&format!("<c r=\"A2\"><v>{first}</v></c>")),
                "{xml}"
            );
            let rows = last - first + 2;
            assert!(
                xml.contains(&format!("<c r=\"A{rows}\"><v>{last}</v></c>")),
                "{xml}"
            );
            assert!(
                xml.contains(&format!("<dimension ref=\"A1:B{rows}\"/>")),
                "{xml}"
            );
            assert!(
                xml.contains("<c r=\"B2\" s=\"2\"><v>44153</v></c>"),
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

    #[test]
    fn only_whole_days_are_dates() {
        assert_eq!(day_number("2020-11-18"), Some(44153));
        assert_eq!(day_number("1900-03-01"), Some(61));
        assert_eq!(day_number("2024-02-29"), Some(45351));
        for not in [
            "2023-02-29",
            "2020-11",
            "2020",
            "2020-13-01",
            "20-11-18",
            "2020-1-18",
        ] {
            assert_eq!(day_number(not), None, "{not}");
        }
    }
}
