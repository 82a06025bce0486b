//! A folder of CSV files, one a table (`programme.csv`…), with a header row. Text goes through
//! [`escape::csv_cell`] (no cell runs as a formula; control characters are escaped), each element
//! of a list through [`escape::csv_list`]; numbers are written as numbers.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::spec::{Cell, ExportError, FieldType, Sink, Table};
use crate::dates::is_partial_date;
use crate::escape;
use crate::report::UTF8_BOM;

/// Writes each table to `<folder>/<table>.csv`.
pub struct CsvFolder {
    folder: PathBuf,
    bom: bool,
    current: Option<(PathBuf, csv::Writer<BufWriter<File>>)>,
    number: String,
}

impl CsvFolder {
    /// `bom`: a folder for a spreadsheet (`--excel`): every file starts with a UTF-8
    /// byte-order mark, and text a spreadsheet would turn into a date or a number stays text.
    pub fn new(folder: &Path, bom: bool) -> Self {
        CsvFolder {
            folder: folder.to_path_buf(),
            bom,
            current: None,
            number: String::new(),
        }
    }

    /// The file a table is written to.
    pub fn file_name(table: &str) -> String {
        format!("{table}.csv")
    }
}

/// A cell as CSV text.
pub fn csv_text<'a>(cell: &'a Cell<'_>) -> Cow<'a, str> {
    match cell {
        Cell::Null => Cow::Borrowed(""),
        Cell::Text(s) => escape::csv_cell(s),
        Cell::Int(n) => Cow::Owned(n.to_string()),
        Cell::Number(n) if n.is_finite() => Cow::Owned(n.to_string()),
        Cell::Number(_) => Cow::Borrowed(""),
        Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
        Cell::List(items) => Cow::Owned(escape::csv_list(items.iter().copied())),
    }
}

fn csv_error(path: &Path, e: csv::Error) -> ExportError {
    let io = match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    };
    ExportError::io(path, io)
}

impl Sink for CsvFolder {
    fn begin(&mut self, table: &Table) -> Result<(), ExportError> {
        let path = self.folder.join(Self::file_name(table.name));
        let file = File::create(&path).map_err(|e| ExportError::io(&path, e))?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        if self.bom {
            out.write_all(UTF8_BOM.as_bytes())
                .map_err(|e| ExportError::io(&path, e))?;
        }
        let mut w = csv::Writer::from_writer(out);
        w.write_record(table.fields.iter().map(|f| f.name))
            .map_err(|e| csv_error(&path, e))?;
        self.current = Some((path, w));
        Ok(())
    }

    fn row(&mut self, table: &Table, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        let Some((path, w)) = &mut self.current else {
            return Ok(());
        };
        // Field by field, numbers through one buffer: no allocation for most rows.
        for (field, cell) in table.fields.iter().zip(cells) {
            let written = match cell {
                // A date in a date column is meant to be read as one: it keeps no `'` (which
                // the date guard of other text gives it), so that the data package's pattern
                // and a spreadsheet both see the date.
                Cell::Text(s) if field.ty == FieldType::Date && is_partial_date(s) => {
                    w.write_field(s.as_bytes())
                }
                Cell::Int(n) => {
                    self.number.clear();
                    crate::report::digits::push_integer(&mut self.number, *n);
                    w.write_field(&self.number)
                }
                Cell::Number(n) if n.is_finite() => {
                    self.number.clear();
                    let _ = write!(self.number, "{n}");
                    w.write_field(&self.number)
                }
                // For a spreadsheet (`--excel`), text it would turn into a date or a number
                // stays text.
                Cell::Text(s) if self.bom => {
                    w.write_field(escape::csv_cell_for_spreadsheet(s).as_bytes())
                }
                Cell::List(items) if self.bom && items.len() == 1 => {
                    w.write_field(escape::csv_cell_for_spreadsheet(items[0]).as_bytes())
                }
                other => w.write_field(csv_text(other).as_bytes()),
            };
            written.map_err(|e| csv_error(path, e))?;
        }
        w.write_record(None::<&[u8]>)
            .map_err(|e| csv_error(path, e))
    }

    fn end(&mut self, _table: &Table) -> Result<(), ExportError> {
        let Some((path, w)) = self.current.take() else {
            return Ok(());
        };
        let out = w
            .into_inner()
            .map_err(|e| ExportError::io(&path, std::io::Error::other(e.to_string())))?;
        // Flushed and closed; not synced to the disk: the rename at the end makes the export
        // whole or absent for a run that fails, and a sync per file cost more than the writing.
        out.into_inner()
            .map(drop)
            .map_err(|e| ExportError::io(&path, std::io::Error::other(e.to_string())))
    }
}
