//! `accsm export`: the whole data set as tables that any application opens. One table per record
//! kind (programmes, plans, KPIs, returns, ARCs, chairs, every reference list), long-form tables
//! for every list a record holds (a programme's coordinators, measures, declarations…), and the
//! KPI returns one figure a row. [`tables`] describes them (names, columns, types, keys);
//! [`export`] streams their rows, in a stable order, into a [`Sink`]: CSV files, JSON, JSON
//! lines, a Frictionless data package or an Excel workbook (see the writers below).
//!
//! Text from the data is untrusted: each writer escapes it for its kind of output (CSV cells
//! through [`crate::escape::csv_cell`], JSON through [`crate::escape::json`], workbook cells
//! shown as on a terminal). Nothing varies between two runs on the same data: no timestamps,
//! rows in a fixed order, paths relative to the repository.

mod columns;
mod csv;
mod directory;
mod earlier;
mod frameworks;
mod json;
mod locate;
mod output;
mod package;
mod plans;
mod programmes;
mod returns;
mod rows;
mod run;
mod spec;
mod tables;
mod xlsx;
mod xlsx_parts;

pub use csv::CsvFolder;
pub use earlier::{is_json_lines_export, is_workbook_export};
pub use json::{JsonFolder, JsonLines};
pub use locate::Locator;
pub use output::{Staged, Target, name_and_folder};
pub use package::{DESCRIPTOR, descriptor, write_descriptor};
pub use rows::{RowCount, export, export_each};
pub use run::Export;
pub use spec::{Cell, ExportError, Field, FieldType, ForeignKey, Sink, Table};
pub use tables::tables;
pub use xlsx::{Sheets, Workbook, sheet_name};
