//! Progress updates in a spreadsheet, for coordinators who work in Excel: one sheet `Updates`
//! with a row per programme of theirs (`accsm new updates`), read back into one update file per
//! filled-in row (`accsm import updates`). The hardening is the returns' (see [`super::read`]):
//! formulas, error values, merged cells, oversized files and cells are findings or refusals,
//! and every finding names its sheet, row and column.

use rust_xlsxwriter::{DataValidation, DataValidationRule, Workbook, XlsxError};

use super::build::convert;
use super::read::CellRef;
use super::rows::{Filled, Form};
use super::workbook::{Formats, head, save, text};
use super::{Finding, Severity};
use crate::diag::{Code, Diagnostic};
use crate::edit::NewUpdate;
use crate::model::{Programme, Status};

/// The sheet of updates.
pub const UPDATES: &str = "Updates";
/// Its columns, in order; the first five say which programme, the others are to fill in.
pub const UPDATE_COLUMNS: [&str; 15] = [
    "Plan",
    "Number",
    "Title",
    "Timeline",
    "Current status",
    "Date",
    "Status",
    "Meeting",
    "What was done",
    "Note",
    "Participants",
    "AMS taking part",
    "Cost",
    "Currency",
    "Links",
];
/// The columns read back, with the key of the update each fills and what a cell may hold.
/// Title, Timeline and Current status are for people and never read.
pub const READ_COLUMNS: [(&str, &str, Form); 12] = [
    ("Plan", "plan", Form::Text),
    ("Number", "number", Form::Whole),
    ("Date", "date", Form::Date),
    ("Status", "status", Form::Text),
    ("Meeting", "meeting", Form::Text),
    ("What was done", "text", Form::Text),
    ("Note", "note", Form::Text),
    ("Participants", "participants", Form::Whole),
    ("AMS taking part", "ams", Form::Lines),
    ("Cost", "cost", Form::Decimal),
    ("Currency", "currency", Form::Text),
    ("Links", "links", Form::Lines),
];

const HOW_TO: &str = "One row per programme you coordinate. To report on a programme, fill in \
its Date (the month, 2024-08, or the day), Status, Meeting and what was done; leave the rows of \
programmes with nothing new empty. Type values, not formulas. One AMS id (IDN) or link per line \
of a cell (Alt+Enter). Then run `accsm import updates FILE.xlsx`: each filled-in row becomes an \
update of its own, checked as `accsm validate` checks updates.";

/// The workbook for one coordinator: `programmes` with their current statuses.
pub fn updates_workbook(
    programmes: &[(&Programme, String, Option<Status>)],
) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(UPDATES)?;
    head(ws, &UPDATE_COLUMNS, &f)?;
    // Dates as typed (2024-08), not turned into a day by the spreadsheet.
    ws.set_column_format(5, &rust_xlsxwriter::Format::new().set_num_format("@"))?;
    let statuses = DataValidation::new().allow_list_strings(Status::NAMES)?;
    let whole = DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .set_error_message("Type a whole number, 0 or more.")?;
    for (row, (p, timeline, status)) in (1u32..).zip(programmes) {
        ws.write_string(row, 0, text(&p.plan.value))?;
        ws.write_number(row, 1, p.number.value as f64)?;
        ws.write_string_with_format(row, 2, text(&p.title.value), &f.wrap)?;
        ws.write_string(row, 3, text(timeline))?;
        ws.write_string(row, 4, status.map_or("not reported", |s| s.as_str()))?;
        ws.add_data_validation(row, 6, row, 6, &statuses)?;
        ws.add_data_validation(row, 10, row, 10, &whole)?;
        super::workbook::validate(ws, row, 12, Form::Decimal)?;
    }
    for (col, width) in [
        (0, 26),
        (1, 8),
        (2, 50),
        (3, 14),
        (4, 14),
        (5, 12),
        (6, 12),
        (7, 24),
        (8, 50),
        (9, 30),
        (10, 12),
        (11, 16),
        (12, 10),
        (13, 10),
        (14, 30),
    ] {
        ws.set_column_width(col, width)?;
    }
    let help = book.add_worksheet();
    help.set_name("How to fill in")?;
    head(help, &["How to fill in"], &f)?;
    help.write_string_with_format(1, 0, HOW_TO, &f.wrap)?;
    help.set_column_width(0, 100)?;
    save(book)
}

/// One filled-in row, as an update, with the cell each key came from.
#[derive(Clone, Debug)]
pub struct RowUpdate {
    pub update: NewUpdate,
    /// The key of the update (`status`, `cost`…) and its cell.
    pub cells: Vec<(&'static str, CellRef)>,
}

impl RowUpdate {
    /// The cell a finding on the update's `key` came from (the Status cell when unknown).
    pub fn cell(&self, key: &str) -> Option<&CellRef> {
        self.cells
            .iter()
            .find(|(k, _)| *k == key)
            .or_else(|| self.cells.iter().find(|(k, _)| *k == "status"))
            .map(|(_, c)| c)
    }

    /// A finding of the checks on this row's update file `text`, placed at its cell: the key on
    /// the line the finding starts on (each key is on a line of its own).
    pub fn finding(&self, d: &Diagnostic, text: &str) -> Finding {
        let key = d
            .span
            .and_then(|s| text.get(..s.start as usize))
            .map(|before| before.rsplit('\n').next().unwrap_or(""))
            .and_then(|line| line.split(" = ").next())
            .map(str::trim)
            .unwrap_or("status");
        let key = match (key, d.code) {
            ("cost", Code::UnknownCurrency) => "currency",
            ("cost", Code::MissingField) => "currency",
            (k, _) => k,
        };
        Finding {
            severity: d.severity,
            code: d.code,
            message: d.message.clone(),
            help: d.help.clone(),
            at: self.cell(key).cloned(),
        }
    }
}

/// The updates of the filled-in rows: a row whose Date, Status, Meeting and the rest are all
/// empty says nothing new and is passed over.
pub fn rows_to_updates(rows: super::read::TableRows) -> (Vec<RowUpdate>, Vec<Finding>) {
    let mut updates = Vec::new();
    let mut findings = Vec::new();
    for row in rows {
        // Plan and Number say which programme; the rest is the update.
        if row.iter().skip(2).all(|(c, _)| c.is_empty()) {
            continue;
        }
        let mut u = NewUpdate::default();
        let mut cells = Vec::new();
        let mut ok = true;
        for ((cell, at), (column, key, form)) in row.into_iter().zip(READ_COLUMNS) {
            cells.push((key, at.clone()));
            if cell.is_empty() {
                if ["plan", "number", "date", "status", "meeting"].contains(&key) {
                    findings.push(
                        Finding::new(
                            Severity::Error,
                            Code::MissingField,
                            format!("this update has no {column}"),
                            Some(at),
                        )
                        .with_help(match key {
                            "date" => "write the month (2024-08) or the day (2024-08-20)",
                            "status" => {
                                "choose planned, ongoing, postponed, cancelled or completed"
                            }
                            "meeting" => "name the meeting it is for, e.g. 22nd ACCSM SOM",
                            _ => "keep the Plan and Number of the programme's row as written",
                        }),
                    );
                    ok = false;
                }
                continue;
            }
            match convert(&cell, form) {
                Ok(value) => fill(&mut u, key, value),
                Err((message, help)) => {
                    findings.push(
                        Finding::new(Severity::Error, Code::BadValue, message, Some(at))
                            .with_help(help),
                    );
                    ok = false;
                }
            }
        }
        if ok {
            updates.push(RowUpdate { update: u, cells });
        }
    }
    (updates, findings)
}

fn fill(u: &mut NewUpdate, key: &str, value: Filled) {
    let text = |v: &Filled| match v {
        Filled::Text(s) => s.trim().to_string(),
        Filled::Int(n) => n.to_string(),
        Filled::Float(x) => x.to_string(),
        Filled::Bool(b) => b.to_string(),
        Filled::Lines(l) => l.join(" "),
    };
    let lines = |v: Filled| match v {
        Filled::Lines(l) => l
            .iter()
            .flat_map(|l| l.split([',', ';']))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
        other => vec![text(&other)],
    };
    match key {
        "plan" => u.plan = text(&value),
        "number" => u.number = as_int(&value),
        "date" => u.date = text(&value),
        "status" => u.status = text(&value).to_lowercase(),
        "meeting" => u.meeting = text(&value),
        "text" => u.text = Some(text(&value)),
        "note" => u.note = Some(text(&value)),
        "participants" => u.participants = Some(as_int(&value)),
        "ams" => u.ams = lines(value),
        "cost" => {
            u.cost = match value {
                Filled::Float(x) => Some(x),
                Filled::Int(n) => Some(n as f64),
                _ => None,
            }
        }
        "currency" => u.currency = Some(text(&value)),
        "links" => u.links = lines(value),
        _ => {}
    }
}

fn as_int(v: &Filled) -> i64 {
    match v {
        Filled::Int(n) => *n,
        _ => 0,
    }
}
