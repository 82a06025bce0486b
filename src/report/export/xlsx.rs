//! One Excel workbook, a sheet a table: the header row bold and frozen, numbers as numbers,
//! full dates as dates (a year or a month alone stays text), text shown as on a terminal (no
//! control or bidirectional characters act). A cell holds text, never a formula. The document's
//! creation time is a constant, so the same data gives the same bytes.
//!
//! The sheets are written in the library's "constant memory" mode: each row goes to a temporary
//! file as soon as it is complete, with its text inline. Kept in memory, 100k programmes took
//! 1.9 GiB.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, XlsxError};

use super::spec::{Cell, ExportError, FieldType, Sink, Table};
use crate::escape::terminal_safe_lines;

/// The most characters a worksheet cell holds.
const CELL_CHARS: usize = 32_767;
/// The most rows a worksheet holds under its header.
pub const SHEET_ROWS: usize = 1_048_575;
/// Column widths stop growing here (characters).
const MAX_WIDTH: usize = 60;
/// Integers beyond this lose digits as a spreadsheet number (2^53): they are written as text.
const EXACT_INTEGER: i64 = 1 << 53;

/// An Excel workbook being filled.
pub struct Workbook {
    book: rust_xlsxwriter::Workbook,
    sheet: usize,
    row: u32,
    widths: Vec<usize>,
    header: Format,
    date: Format,
    notes: Vec<String>,
}

fn failed(e: XlsxError) -> ExportError {
    ExportError::Workbook(e.to_string())
}

impl Workbook {
    /// A workbook whose sheets wait in temporary files in `scratch` (and, as the library makes
    /// them, in the system's temporary folder: both must take a file).
    pub fn new(scratch: &Path) -> Result<Self, ExportError> {
        for dir in [scratch.to_path_buf(), std::env::temp_dir()] {
            writable(&dir)?;
        }
        let mut book = rust_xlsxwriter::Workbook::new();
        book.set_tempdir(scratch).map_err(|e| match e {
            XlsxError::IoError(io) => ExportError::io(scratch, io),
            other => failed(other),
        })?;
        Ok(Workbook {
            book,
            sheet: 0,
            row: 0,
            widths: Vec::new(),
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            notes: Vec::new(),
        })
    }

    /// What the workbook could not hold as it was (a text cut to a cell's length).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Writes the workbook to `path`.
    pub fn save(mut self, path: &Path) -> Result<(), ExportError> {
        // A constant creation time (the ZIP epoch): the same data gives the same bytes.
        let epoch = ExcelDateTime::from_ymd(1980, 1, 1).map_err(failed)?;
        self.book
            .set_properties(&DocProperties::new().set_creation_datetime(&epoch));
        let file = File::create(path).map_err(|e| ExportError::io(path, e))?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        self.book.save_to_writer(&mut out).map_err(|e| match e {
            XlsxError::IoError(io) => ExportError::io(path, io),
            other => failed(other),
        })?;
        out.flush().map_err(|e| ExportError::io(path, e))
    }

    fn text(&mut self, table: &Table, col: u16, text: &str) -> Result<(), ExportError> {
        let safe = terminal_safe_lines(text);
        let chars = safe.chars().count();
        let shown = if chars > CELL_CHARS {
            self.notes.push(format!(
                "{} row {}, column `{}`: {chars} characters cut to the {CELL_CHARS} a cell holds",
                table.name,
                self.row + 1,
                table.fields.get(usize::from(col)).map_or("", |f| f.name)
            ));
            let cut: String = safe.chars().take(CELL_CHARS - 1).collect();
            cut + "…"
        } else {
            safe.into_owned()
        };
        self.widen(col, chars);
        let (row, sheet) = (self.row, self.sheet);
        self.book
            .worksheet_from_index(sheet)
            .and_then(|ws| ws.write_string(row, col, shown))
            .map(|_| ())
            .map_err(failed)
    }

    fn widen(&mut self, col: u16, chars: usize) {
        if let Some(w) = self.widths.get_mut(usize::from(col)) {
            *w = (*w).max(chars.min(MAX_WIDTH));
        }
    }
}

/// Whether a file can be made in `dir`: the library stops the program when it cannot make its
/// temporary files, so accsm asks first and says which folder refused.
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

/// `YYYY-MM-DD` as a date; a year or a month alone is not a day.
fn full_date(text: &str) -> Option<ExcelDateTime> {
    let mut parts = text.splitn(3, '-');
    let y = parts.next()?.parse::<u16>().ok()?;
    let m = parts.next()?.parse::<u8>().ok()?;
    let d = parts.next()?.parse::<u8>().ok()?;
    ExcelDateTime::from_ymd(y, m, d).ok()
}

impl Sink for Workbook {
    fn begin(&mut self, table: &Table) -> Result<(), ExportError> {
        let header = self.header.clone();
        let ws = self.book.add_worksheet_with_constant_memory();
        ws.set_name(table.name).map_err(failed)?;
        for (col, f) in table.fields.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            ws.write_string_with_format(0, col, f.name, &header)
                .map_err(failed)?;
        }
        ws.set_freeze_panes(1, 0).map_err(failed)?;
        self.sheet = self.book.worksheets().len().saturating_sub(1);
        self.row = 0;
        self.widths = table.fields.iter().map(|f| f.name.len() + 2).collect();
        Ok(())
    }

    fn row(&mut self, table: &Table, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        if self.row as usize >= SHEET_ROWS {
            return Err(ExportError::TooManyRows {
                table: table.name,
                limit: SHEET_ROWS,
            });
        }
        self.row += 1;
        let (row, sheet) = (self.row, self.sheet);
        for (col, (field, cell)) in table.fields.iter().zip(cells).enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            let number = |book: &mut rust_xlsxwriter::Workbook, n: f64| {
                book.worksheet_from_index(sheet)
                    .and_then(|ws| ws.write_number(row, col, n))
                    .map(|_| ())
                    .map_err(failed)
            };
            match cell {
                Cell::Null => {}
                Cell::Int(n) if (-EXACT_INTEGER..=EXACT_INTEGER).contains(n) => {
                    self.widen(col, n.to_string().len());
                    number(&mut self.book, *n as f64)?;
                }
                Cell::Int(n) => self.text(table, col, &n.to_string())?,
                Cell::Number(n) if n.is_finite() => {
                    self.widen(col, n.to_string().len());
                    number(&mut self.book, *n)?;
                }
                Cell::Number(_) => {}
                Cell::Bool(b) => {
                    self.widen(col, 5);
                    self.book
                        .worksheet_from_index(sheet)
                        .and_then(|ws| ws.write_boolean(row, col, *b))
                        .map_err(failed)?;
                }
                Cell::Text(s) if field.ty == FieldType::Date => match full_date(s) {
                    Some(date) => {
                        self.widen(col, 10);
                        let format = self.date.clone();
                        self.book
                            .worksheet_from_index(sheet)
                            .and_then(|ws| ws.write_datetime_with_format(row, col, &date, &format))
                            .map_err(failed)?;
                    }
                    None => self.text(table, col, s)?,
                },
                Cell::Text(s) => self.text(table, col, s)?,
                Cell::List(items) => self.text(table, col, &items.join("; "))?,
            }
        }
        Ok(())
    }

    fn end(&mut self, _table: &Table) -> Result<(), ExportError> {
        let widths = std::mem::take(&mut self.widths);
        let ws = self.book.worksheet_from_index(self.sheet).map_err(failed)?;
        for (col, w) in widths.into_iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            // Width in characters, a little wider than the text.
            ws.set_column_width(col, (w + 1) as f64).map_err(failed)?;
        }
        Ok(())
    }
}
