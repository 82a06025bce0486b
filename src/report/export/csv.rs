//! A folder of CSV files, one a table (`programme.csv`…), with a header row. Text goes through
//! [`escape::csv_cell`] (no cell runs as a formula; control characters are escaped), each element
//! of a list through [`escape::csv_list`]; numbers are written as numbers.
//!
//! The bytes are those of the `csv` crate's writer in its default form (`,` between fields, a
//! line feed after each record, a field quoted only where it holds `,`, `"`, a carriage return
//! or a line feed, a record of one empty field written `""`), written here directly: an
//! export writes millions of cells, and the crate's writer spent more on each than the
//! cell's own escaping (a test holds the two to the same bytes).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::spec::{Cell, ExportError, FieldType, Sink, Table};
use crate::dates::is_partial_date;
use crate::escape;
use crate::report::UTF8_BOM;

/// Writes each table to `<folder>/<table>.csv`.
pub struct CsvFolder {
    folder: PathBuf,
    bom: bool,
    current: Option<Open>,
    number: String,
}

/// The table being written: its file, and the bytes not yet written to it.
struct Open {
    path: PathBuf,
    file: File,
    buffer: Vec<u8>,
}

/// How many bytes are gathered before they are written to the file.
const BUFFER: usize = 1 << 16;

impl Open {
    /// Writes the buffer out once it is full.
    fn spill(&mut self) -> Result<(), ExportError> {
        if self.buffer.len() >= BUFFER {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ExportError> {
        self.file
            .write_all(&self.buffer)
            .map_err(|e| ExportError::io(&self.path, e))?;
        self.buffer.clear();
        Ok(())
    }
}

/// A record being written: its fields as CSV, each quoted only where it must be.
struct Record<'b> {
    out: &'b mut Vec<u8>,
    fields: usize,
    last_empty: bool,
}

impl<'b> Record<'b> {
    fn new(out: &'b mut Vec<u8>) -> Self {
        Record {
            out,
            fields: 0,
            last_empty: false,
        }
    }

    fn field(&mut self, field: &[u8]) {
        if self.fields > 0 {
            self.out.push(b',');
        }
        push_field(self.out, field);
        self.fields += 1;
        self.last_empty = field.is_empty();
    }

    fn end(self) {
        // A record of one empty field would read back as an empty line, which readers skip.
        if self.fields == 1 && self.last_empty {
            self.out.extend_from_slice(b"\"\"");
        }
        self.out.push(b'\n');
    }
}

/// One field: as it is, or within `"` (each `"` doubled) where it holds a byte that ends a
/// field or a record.
fn push_field(out: &mut Vec<u8>, field: &[u8]) {
    if !escape::csv_special(field) {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for piece in field.split_inclusive(|&b| b == b'"') {
        out.extend_from_slice(piece);
        if piece.last() == Some(&b'"') {
            out.push(b'"');
        }
    }
    out.push(b'"');
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

impl Sink for CsvFolder {
    fn begin(&mut self, table: &Table) -> Result<(), ExportError> {
        let path = self.folder.join(Self::file_name(table.name));
        let file = File::create(&path).map_err(|e| ExportError::io(&path, e))?;
        let mut buffer = Vec::with_capacity(BUFFER + 4096);
        if self.bom {
            buffer.extend_from_slice(UTF8_BOM.as_bytes());
        }
        let mut header = Record::new(&mut buffer);
        for f in &table.fields {
            header.field(f.name.as_bytes());
        }
        header.end();
        self.current = Some(Open { path, file, buffer });
        Ok(())
    }

    fn row(&mut self, table: &Table, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        let Some(open) = &mut self.current else {
            return Ok(());
        };
        let number = &mut self.number;
        let mut record = Record::new(&mut open.buffer);
        // Field by field into the table's buffer, numbers through one string: no allocation
        // for most rows.
        for (field, cell) in table.fields.iter().zip(cells) {
            match cell {
                // A date in a date column is meant to be read as one: it keeps no `'` (which
                // the date guard of other text gives it), so that the data package's pattern
                // and a spreadsheet both see the date.
                Cell::Text(s) if field.ty == FieldType::Date && is_partial_date(s) => {
                    record.field(s.as_bytes());
                }
                Cell::Int(n) => {
                    number.clear();
                    crate::report::digits::push_integer(number, *n);
                    record.field(number.as_bytes());
                }
                Cell::Number(n) if n.is_finite() => {
                    number.clear();
                    let _ = write!(number, "{n}");
                    record.field(number.as_bytes());
                }
                // For a spreadsheet (`--excel`), text it would turn into a date or a number
                // stays text.
                Cell::Text(s) if self.bom => {
                    record.field(escape::csv_cell_for_spreadsheet(s).as_bytes());
                }
                Cell::List(items) if self.bom && items.len() == 1 => {
                    record.field(escape::csv_cell_for_spreadsheet(items[0]).as_bytes());
                }
                other => record.field(csv_text(other).as_bytes()),
            }
        }
        record.end();
        open.spill()
    }

    fn end(&mut self, _table: &Table) -> Result<(), ExportError> {
        let Some(mut open) = self.current.take() else {
            return Ok(());
        };
        // Written and closed; not synced to the disk: the rename at the end makes the export
        // whole or absent for a run that fails, and a sync per file cost more than the writing.
        open.flush()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// The records as the `csv` crate's writer writes them, and as [`Record`] does.
    fn both(records: &[Vec<&str>]) -> (String, String) {
        let mut theirs = csv::WriterBuilder::new()
            .flexible(true)
            .from_writer(Vec::new());
        let mut ours = Vec::new();
        for fields in records {
            theirs.write_record(fields).unwrap();
            let mut record = Record::new(&mut ours);
            for f in fields {
                record.field(f.as_bytes());
            }
            record.end();
        }
        let theirs = String::from_utf8(theirs.into_inner().unwrap()).unwrap();
        (theirs, String::from_utf8(ours).unwrap())
    }

    #[test]
    fn records_are_written_as_the_csv_crate_writes_them() {
        let odd = [
            "",
            "plain",
            "a,b",
            "say \"hi\"",
            "\"",
            "\"\"",
            "line\nbreak",
            "cr\rhere",
            "\r\n",
            " spaced ",
            "#comment",
            "'=1+2",
            "Lao PDR; Viet Nam",
            "tab\there",
            "é ü 中文",
            "\u{202e}",
            "trailing,",
            ",",
        ];
        let mut records: Vec<Vec<&str>> = vec![vec![""], vec!["", ""], vec!["x"], vec!["", "x"]];
        records.extend(odd.iter().map(|f| vec![*f]));
        records.push(odd.to_vec());
        for pair in odd.windows(2) {
            records.push(pair.to_vec());
        }
        let (theirs, ours) = both(&records);
        assert_eq!(ours, theirs);
        // And the crate reads every record back as it was.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(ours.as_bytes());
        let back: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        let sent: Vec<Vec<String>> = records
            .iter()
            .map(|r| r.iter().map(|f| f.to_string()).collect())
            .collect();
        assert_eq!(back, sent);
    }
}
