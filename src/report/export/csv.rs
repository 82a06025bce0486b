//! A folder of CSV files, one a table (`programme.csv`…), with a header row. Text goes through
//! [`escape::csv_cell`] (no cell runs as a formula; control characters are escaped), each element
//! of a list through [`escape::csv_list`]; numbers are written as numbers.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::spec::{Cell, ExportError, Sink, Table};
use crate::escape;

/// The byte-order mark that tells a spreadsheet a CSV file is UTF-8 (Excel reads it as the
/// system's code page without one, and garbles Thai, Khmer and Vietnamese names).
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes each table to `<folder>/<table>.csv`.
pub struct CsvFolder {
    folder: PathBuf,
    bom: bool,
    current: Option<(PathBuf, csv::Writer<BufWriter<File>>)>,
}

impl CsvFolder {
    /// `bom`: start every file with a UTF-8 byte-order mark (for Excel).
    pub fn new(folder: &Path, bom: bool) -> Self {
        CsvFolder {
            folder: folder.to_path_buf(),
            bom,
            current: None,
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
            out.write_all(BOM).map_err(|e| ExportError::io(&path, e))?;
        }
        let mut w = csv::Writer::from_writer(out);
        w.write_record(table.fields.iter().map(|f| f.name))
            .map_err(|e| csv_error(&path, e))?;
        self.current = Some((path, w));
        Ok(())
    }

    fn row(&mut self, _table: &Table, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        let Some((path, w)) = &mut self.current else {
            return Ok(());
        };
        let record: Vec<Cow<'_, str>> = cells.iter().map(csv_text).collect();
        w.write_record(record.iter().map(|c| c.as_bytes()))
            .map_err(|e| csv_error(path, e))
    }

    fn end(&mut self, _table: &Table) -> Result<(), ExportError> {
        let Some((path, w)) = self.current.take() else {
            return Ok(());
        };
        let out = w
            .into_inner()
            .map_err(|e| ExportError::io(&path, std::io::Error::other(e.to_string())))?;
        let file = out
            .into_inner()
            .map_err(|e| ExportError::io(&path, std::io::Error::other(e.to_string())))?;
        file.sync_all().map_err(|e| ExportError::io(&path, e))
    }
}
