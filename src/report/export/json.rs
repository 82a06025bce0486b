//! JSON: a folder with one array of records a table (`programme.json`), or JSON lines, one record
//! a line with the table's name in `table`. Text comes back exact; what serde_json leaves raw
//! (DEL, C1 and bidirectional controls) is escaped too (see [`escape::json`]).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::spec::{Cell, ExportError, Sink, Table};
use crate::escape;

/// One record as a line of JSON, `{"a":1,"b":"x"}`, escaped by [`escape::json`]; `table` first
/// when given.
pub fn json_record(
    table: Option<&str>,
    names: impl Iterator<Item = &'static str>,
    cells: &[Cell<'_>],
) -> String {
    let mut line = String::with_capacity(256);
    line.push('{');
    if let Some(table) = table {
        line.push_str("\"table\":");
        push_string(&mut line, table);
    }
    for (i, (name, cell)) in names.zip(cells).enumerate() {
        if i > 0 || table.is_some() {
            line.push(',');
        }
        push_string(&mut line, name);
        line.push(':');
        push_value(&mut line, cell);
    }
    line.push('}');
    escape::json(line)
}

fn push_string(out: &mut String, s: &str) {
    // Serialising a string cannot fail; `null` would be the honest fallback if it ever did.
    match serde_json::to_string(s) {
        Ok(quoted) => out.push_str(&quoted),
        Err(_) => out.push_str("null"),
    }
}

fn push_value(out: &mut String, cell: &Cell<'_>) {
    match cell {
        Cell::Null => out.push_str("null"),
        Cell::Text(s) => push_string(out, s),
        Cell::Int(n) => out.push_str(&n.to_string()),
        Cell::Number(n) => match serde_json::to_string(n) {
            Ok(number) if n.is_finite() => out.push_str(&number),
            _ => out.push_str("null"),
        },
        Cell::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Cell::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(out, item);
            }
            out.push(']');
        }
    }
}

/// Writes each table to `<folder>/<table>.json`: an array with one record a line.
pub struct JsonFolder {
    folder: PathBuf,
    current: Option<(PathBuf, BufWriter<File>, usize)>,
}

impl JsonFolder {
    pub fn new(folder: &Path) -> Self {
        JsonFolder {
            folder: folder.to_path_buf(),
            current: None,
        }
    }

    pub fn file_name(table: &str) -> String {
        format!("{table}.json")
    }
}

impl Sink for JsonFolder {
    fn begin(&mut self, table: &Table) -> Result<(), ExportError> {
        let path = self.folder.join(Self::file_name(table.name));
        let file = File::create(&path).map_err(|e| ExportError::io(&path, e))?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        out.write_all(b"[").map_err(|e| ExportError::io(&path, e))?;
        self.current = Some((path, out, 0));
        Ok(())
    }

    fn row(&mut self, table: &Table, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        let Some((path, out, rows)) = &mut self.current else {
            return Ok(());
        };
        let line = json_record(None, table.fields.iter().map(|f| f.name), cells);
        let sep: &[u8] = if *rows == 0 { b"\n" } else { b",\n" };
        *rows += 1;
        out.write_all(sep)
            .and_then(|()| out.write_all(line.as_bytes()))
            .map_err(|e| ExportError::io(path.as_path(), e))
    }

    fn end(&mut self, _table: &Table) -> Result<(), ExportError> {
        let Some((path, mut out, rows)) = self.current.take() else {
            return Ok(());
        };
        let close: &[u8] = if rows == 0 { b"]\n" } else { b"\n]\n" };
        out.write_all(close)
            .and_then(|()| out.flush())
            .map_err(|e| ExportError::io(&path, e))
    }
}

/// Writes every row of every table as one line of JSON with a `table` field first.
pub struct JsonLines<W: Write> {
    out: W,
    /// `None` for standard output.
    path: Option<PathBuf>,
}

impl<W: Write> JsonLines<W> {
    pub fn new(out: W, path: Option<PathBuf>) -> Self {
        JsonLines { out, path }
    }

    fn fail(&self, source: std::io::Error) -> ExportError {
        ExportError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Flushes what is buffered and gives the writer back.
    pub fn finish(mut self) -> Result<W, ExportError> {
        match self.out.flush() {
            Ok(()) => Ok(self.out),
            Err(e) => Err(self.fail(e)),
        }
    }
}

impl<W: Write> Sink for JsonLines<W> {
    fn begin(&mut self, _table: &Table) -> Result<(), ExportError> {
        Ok(())
    }

    fn row(&mut self, table: &Table, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        let mut line = json_record(Some(table.name), table.fields.iter().map(|f| f.name), cells);
        line.push('\n');
        match self.out.write_all(line.as_bytes()) {
            Ok(()) => Ok(()),
            Err(e) => Err(self.fail(e)),
        }
    }

    fn end(&mut self, _table: &Table) -> Result<(), ExportError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_exact_json_with_nothing_raw_a_terminal_obeys() {
        let cells = [
            Cell::text("a\"b\u{202e}c\u{1b}"),
            Cell::Int(-3),
            Cell::Number(46.0),
            Cell::Null,
            Cell::Bool(true),
            Cell::List(vec!["x", "y"]),
        ];
        let names = ["t", "i", "n", "z", "b", "l"];
        let line = json_record(Some("x"), names.into_iter(), &cells);
        assert_eq!(
            line,
            r#"{"table":"x","t":"a\"b\u202ec\u001b","i":-3,"n":46.0,"z":null,"b":true,"l":["x","y"]}"#
        );
        let back: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        assert_eq!(back["t"], "a\"b\u{202e}c\u{1b}");
    }
}
