//! What an exported table is (its columns, their types, its keys), what a cell holds, and what a
//! writer does with them.

use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;

/// The type of a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    Text,
    /// One of these values (a closed set: status, answer kind…).
    OneOf(&'static [&'static str]),
    Integer,
    /// A whole or decimal number.
    Number,
    Boolean,
    /// A date as the files give it: `YYYY-MM-DD`, or `YYYY-MM` or `YYYY` when only the month or
    /// year is known.
    Date,
    /// Several values in one cell (a reference entry's aliases): `;`-separated in CSV, an
    /// array in JSON.
    TextList,
}

/// The pattern of a [`FieldType::Date`], for a data package.
pub const DATE_PATTERN: &str = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?";

/// One column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub ty: FieldType,
    /// Whether every row has a value.
    pub required: bool,
    pub description: String,
}

/// Columns of one table that name a row of another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignKey {
    pub fields: Vec<&'static str>,
    pub table: &'static str,
    pub reference: Vec<&'static str>,
}

/// One exported table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// snake_case; also the file name (`programme.csv`) and the sheet name.
    pub name: &'static str,
    pub description: String,
    pub fields: Vec<Field>,
    /// Columns whose values, taken together, name one row. Empty when the table has none.
    pub primary_key: Vec<&'static str>,
    pub foreign_keys: Vec<ForeignKey>,
}

/// One cell of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'a> {
    Null,
    Text(Cow<'a, str>),
    Int(i64),
    Number(f64),
    Bool(bool),
    List(Vec<&'a str>),
}

impl<'a> Cell<'a> {
    pub fn text(s: &'a str) -> Cell<'a> {
        Cell::Text(Cow::Borrowed(s))
    }

    pub fn opt(s: Option<&'a str>) -> Cell<'a> {
        s.map_or(Cell::Null, Cell::text)
    }
}

/// What a writer does with the tables: each is begun, given its rows, and ended, one after
/// the other.
pub trait Sink {
    fn begin(&mut self, table: &Table) -> Result<(), ExportError>;
    /// A row with one cell per field of `table`.
    fn row(&mut self, table: &Table, cells: &[Cell<'_>]) -> Result<(), ExportError>;
    fn end(&mut self, table: &Table) -> Result<(), ExportError>;
}

/// Why an export could not be written.
#[derive(Debug)]
pub enum ExportError {
    /// The place named for the output cannot take it (it exists, it is a file where a folder
    /// goes…): the command asked for something it should not do.
    Refused { message: String, help: String },
    /// Reading or writing failed. `path` is `None` for standard output.
    Io {
        path: Option<PathBuf>,
        source: std::io::Error,
    },
    /// The workbook library refused something.
    Workbook(String),
}

impl ExportError {
    /// The output place cannot take what is asked, with how to name one that can.
    pub fn refused(message: String, help: &str) -> Self {
        ExportError::Refused {
            message,
            help: help.to_string(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ExportError::Io {
            path: Some(path.into()),
            source,
        }
    }

    /// Whether the reader of standard output went away (`accsm export … --out - | head`).
    pub fn is_closed_pipe(&self) -> bool {
        matches!(self, ExportError::Io { path: None, source } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Refused { message, .. } => f.write_str(message),
            ExportError::Io {
                path: Some(path),
                source,
            } => write!(f, "cannot write {}: {source}", path.display()),
            ExportError::Io { path: None, source } => {
                write!(f, "cannot write the output: {source}")
            }
            ExportError::Workbook(message) => write!(f, "cannot write the workbook: {message}"),
        }
    }
}

impl std::error::Error for ExportError {}
