//! Reading a filled-in return from an Excel workbook or a CSV file into entries of the long
//! shape ([`super::rows`]), each with the cell it came from. Nothing is evaluated: a formula is
//! a finding, never a value. A file that is not what it claims (garbage, a ZIP that unpacks to
//! more than accsm reads) is refused with a plain message before any sheet is read.

use std::fmt;
use std::io::{Cursor, Read};

use calamine::{Data, Dimensions, Range, Reader, Xlsx};

use super::rows::{ANSWER_COLUMNS, ANSWERS, GUIDELINES, RETURN, RETURN_COLUMNS};
use super::{Finding, Severity};
use crate::diag::Code;

/// The largest file accsm imports.
pub const MAX_FILE_BYTES: u64 = 20 << 20;
/// The most a workbook may unpack to, all its parts together.
pub const MAX_UNPACKED_BYTES: u64 = 200 << 20;
/// The most parts a workbook may hold.
const MAX_PARTS: usize = 10_000;
/// The most rows a sheet of a return holds.
pub const MAX_ROWS: usize = 100_000;

/// Where a value came from: a cell of a sheet, or of the CSV file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellRef {
    /// `None` for a CSV file.
    pub sheet: Option<String>,
    /// From 1, as a spreadsheet counts (the CSV file's record number, header first).
    pub row: u32,
    /// From 0.
    pub col: u32,
    /// The column's header ("Answer").
    pub column: String,
}

/// `A`, `B`, … `Z`, `AA`…
pub fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "sheet `{sheet}`, ")?;
        }
        write!(f, "row {}, column {}", self.row, column_letters(self.col))?;
        if !self.column.is_empty() {
            write!(f, " ({})", self.column)?;
        }
        Ok(())
    }
}

/// The rows of a table read from a sheet: each row's wanted cells, with where each is.
pub type TableRows = Vec<Vec<(Cell, CellRef)>>;

/// A cell's content as read, not yet typed by its field.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A number in a cell formatted as a percentage: as stored (45% is 0.45).
    Percent(f64),
    /// A number a CSV file writes as a spreadsheet shows it: with a decimal comma (`45,5` in a
    /// file separated by `;` or tabs) or a percent sign (`45%`, which is 45). A number where the
    /// field takes one, the text as written where it takes text.
    Shown {
        text: String,
        value: f64,
    },
    Bool(bool),
    /// A date or time, with its workbook's date system (1900 or 1904).
    Date(calamine::ExcelDateTime),
    /// A formula, never evaluated.
    Formula(String),
    /// An error value (`#DIV/0!`).
    Error(String),
}

impl Cell {
    /// Nothing at all: a text of spaces is a value (a name may be a space).
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.is_empty(),
            _ => false,
        }
    }

    /// Empty or only white space: nothing a number, date or yes/no can be read from.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Text(s) => s.trim().is_empty(),
            _ => self.is_empty(),
        }
    }

    /// The cell as text, exactly (an item is a key of the return, spaces and all); the KPI and
    /// field columns name closed sets and are trimmed where they are read.
    pub fn label(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Percent(p) => format!("{}%", percent(*p)),
            Cell::Shown { text, .. } => text.trim().to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => date(d).unwrap_or_else(|| d.as_f64().to_string()),
            Cell::Formula(f) => format!("={f}"),
            Cell::Error(e) => e.clone(),
            Cell::Empty => String::new(),
        }
    }
}

/// A spreadsheet's date as `YYYY-MM-DD`, converted by calamine, which knows the workbook's
/// date system (1900, or 1904 as Excel for Mac used to save); `None` for a day that never was
/// (Excel's 29 February 1900) or out of Excel's range.
pub fn date(d: &calamine::ExcelDateTime) -> Option<String> {
    let serial = d.as_f64();
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let (y, m, day, ..) = d.to_ymd_hms_milli();
    let text = format!("{y:04}-{m:02}-{day:02}");
    crate::dates::is_partial_date(&text).then_some(text)
}

/// A number stored for a percentage format (0.45) as the percentage it shows (45), without
/// the binary noise of the multiplication (0.45 × 100 is 45.00000000000001).
pub fn percent(stored: f64) -> f64 {
    let shown = stored * 100.0;
    let rounded = (shown * 1e9).round() / 1e9;
    if rounded.is_finite() { rounded } else { shown }
}

/// One row of the long shape: a header field (`kpi` is `None`) or an answer field.
#[derive(Clone, Debug)]
pub struct Entry {
    pub kpi: Option<(String, CellRef)>,
    pub field: (String, CellRef),
    pub item: (String, CellRef),
    pub value: Cell,
    pub at: CellRef,
}

/// What was read, and what was wrong with cells on the way.
#[derive(Debug, Default)]
pub struct Sheets {
    pub entries: Vec<Entry>,
    pub findings: Vec<Finding>,
}

/// Why nothing could be read (exit 2).
#[derive(Debug)]
pub struct Unreadable(pub String);

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The file's bytes, refused when larger than accsm imports.
pub fn read_file(path: &std::path::Path, shown: &str) -> Result<Vec<u8>, Unreadable> {
    let file =
        std::fs::File::open(path).map_err(|e| Unreadable(format!("cannot read {shown}: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Unreadable(format!("cannot read {shown}: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Unreadable(format!(
            "{shown} is larger than the {} MiB accsm imports; a return is far smaller",
            MAX_FILE_BYTES >> 20
        )));
    }
    Ok(bytes)
}

/// Unpacks every part of the ZIP file (without keeping it), refusing one that is not a ZIP
/// file or unpacks to more than accsm reads: calamine would otherwise unpack it all into memory.
fn check_zip(bytes: &[u8], shown: &str) -> Result<(), Unreadable> {
    let not_xlsx = |why: String| {
        Unreadable(format!(
            "{shown} is not an Excel workbook (.xlsx) ({why}); save it as an Excel workbook, or \
             import the CSV form"
        ))
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_xlsx(e.to_string()))?;
    if zip.len() > MAX_PARTS {
        return Err(not_xlsx(format!("{} parts", zip.len())));
    }
    let mut left = MAX_UNPACKED_BYTES;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| not_xlsx(e.to_string()))?;
        let read = std::io::copy(&mut part.take(left + 1), &mut std::io::sink())
            .map_err(|e| not_xlsx(e.to_string()))?;
        if read > left {
            return Err(Unreadable(format!(
                "{shown} unpacks to more than {} MiB; a return is far smaller, so accsm reads \
                 none of it",
                MAX_UNPACKED_BYTES >> 20
            )));
        }
        left -= read;
    }
    Ok(())
}

/// A workbook opened for reading, once its ZIP container is known to be safe to unpack.
fn open_xlsx<'b>(bytes: &'b [u8], shown: &str) -> Result<Xlsx<Cursor<&'b [u8]>>, Unreadable> {
    check_zip(bytes, shown)?;
    super::scan::check_parts(bytes, shown, MAX_ROWS as u64).map_err(Unreadable)?;
    Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        Unreadable(format!(
            "{shown} is not an Excel workbook accsm can read ({e}); save it again as .xlsx"
        ))
    })
}

/// The rows of one sheet of a workbook, the `wanted` columns only (found by their headers in
/// the first row, any case), each cell with where it is; merged cells across them are findings.
/// `what` names the workbook in messages ("an updates workbook (make one with …)").
pub fn read_xlsx_table(
    bytes: &[u8],
    shown: &str,
    sheet: &str,
    wanted: &[&str],
    what: &str,
) -> Result<(TableRows, Vec<Finding>), Unreadable> {
    let mut book = open_xlsx(bytes, shown)?;
    if !book.sheet_names().iter().any(|n| n == sheet) {
        return Err(Unreadable(format!(
            "{shown} has no sheet `{sheet}`: it is not {what}"
        )));
    }
    let grid = Grid::read(&mut book, bytes, sheet, shown)?;
    let mut findings = Vec::new();
    let rows = grid_rows(&grid, wanted, &mut findings, shown, what)?;
    Ok((rows, findings))
}

/// The return in an Excel workbook: the sheets `Return` and `Answers`.
pub fn read_xlsx(bytes: &[u8], shown: &str) -> Result<Sheets, Unreadable> {
    let mut book = open_xlsx(bytes, shown)?;
    let mut out = Sheets::default();
    let names = book.sheet_names();
    for name in &names {
        if ![RETURN, ANSWERS, GUIDELINES].contains(&name.as_str()) {
            out.findings.push(Finding::new(
                Severity::Warning,
                Code::UnknownTable,
                format!("the sheet `{name}` is not part of a return; accsm reads nothing from it"),
                None,
            ));
        }
    }
    for (sheet, columns) in [
        (RETURN, &RETURN_COLUMNS[..2]),
        (
            ANSWERS,
            &[
                ANSWER_COLUMNS[0],
                ANSWER_COLUMNS[3],
                ANSWER_COLUMNS[4],
                ANSWER_COLUMNS[6],
            ][..],
        ),
    ] {
        if !names.iter().any(|n| n == sheet) {
            return Err(Unreadable(format!(
                "{shown} has no sheet `{sheet}`: it is not a return workbook (make one with \
                 `accsm new return --format xlsx`)"
            )));
        }
        let grid = Grid::read(&mut book, bytes, sheet, shown)?;
        read_sheet(&grid, columns, &mut out, shown)?;
    }
    Ok(out)
}

struct Grid<'a> {
    sheet: &'a str,
    values: Range<Data>,
    formulas: Range<String>,
    merged: Vec<Dimensions>,
    /// The cells whose number format shows a percentage.
    percent: std::collections::HashSet<(u32, u32)>,
}

impl<'a> Grid<'a> {
    /// The sheet `sheet` of the workbook `book` (whose bytes are `bytes`): its values, formulas,
    /// merged cells and the cells formatted as percentages.
    fn read(
        book: &mut Xlsx<Cursor<&[u8]>>,
        bytes: &[u8],
        sheet: &'a str,
        shown: &str,
    ) -> Result<Self, Unreadable> {
        let fail = |e: calamine::XlsxError| Unreadable(format!("{shown}: sheet `{sheet}`: {e}"));
        Ok(Grid {
            sheet,
            values: book.worksheet_range(sheet).map_err(fail)?,
            formulas: book.worksheet_formula(sheet).map_err(fail)?,
            merged: book
                .worksheet_merge_cells(sheet)
                .transpose()
                .map_err(fail)?
                .unwrap_or_default(),
            percent: super::formats::percent_cells(bytes, sheet, MAX_UNPACKED_BYTES),
        })
    }

    fn cell(&self, row: u32, col: u32) -> Cell {
        if let Some(f) = self
            .formulas
            .get_value((row, col))
            .filter(|f| !f.is_empty())
        {
            return Cell::Formula(f.clone());
        }
        match self.values.get_value((row, col)) {
            None | Some(Data::Empty) => Cell::Empty,
            Some(Data::String(s)) => Cell::Text(s.clone()),
            Some(Data::Int(n)) => self.number(row, col, *n as f64),
            Some(Data::Float(x)) => self.number(row, col, *x),
            Some(Data::Bool(b)) => Cell::Bool(*b),
            Some(Data::DateTime(d)) => Cell::Date(*d),
            Some(Data::DateTimeIso(s) | Data::DurationIso(s)) => Cell::Text(s.clone()),
            Some(Data::Error(e)) => Cell::Error(e.to_string()),
        }
    }

    /// A number as its cell shows it: a percentage where the cell is formatted as one.
    fn number(&self, row: u32, col: u32, n: f64) -> Cell {
        if self.percent.contains(&(row, col)) {
            Cell::Percent(n)
        } else {
            Cell::Number(n)
        }
    }

    fn at(&self, row: u32, col: u32, column: &str) -> CellRef {
        CellRef {
            sheet: Some(self.sheet.to_string()),
            row: row + 1,
            col,
            column: column.to_string(),
        }
    }
}

/// The rows of one sheet, its columns found by their headers in its first row.
fn read_sheet(
    grid: &Grid<'_>,
    wanted: &[&str],
    out: &mut Sheets,
    shown: &str,
) -> Result<(), Unreadable> {
    let what = "a return workbook (make one with `accsm new return --format xlsx`)";
    let rows = grid_rows(grid, wanted, &mut out.findings, shown, what)?;
    let header_sheet = wanted.len() == 2;
    for row in rows {
        let mut cells = row.into_iter();
        let mut get = || cells.next().unwrap_or((Cell::Empty, grid.at(0, 0, "")));
        let entry = if header_sheet {
            let (field, fat) = get();
            let (value, at) = get();
            Entry {
                kpi: None,
                item: (String::new(), fat.clone()),
                field: (trimmed(&field), fat),
                value,
                at,
            }
        } else {
            let (kpi, kat) = get();
            let (field, fat) = get();
            let (item, iat) = get();
            let (value, at) = get();
            Entry {
                kpi: Some((trimmed(&kpi), kat)),
                field: (trimmed(&field), fat),
                item: (item.label(), iat),
                value,
                at,
            }
        };
        push_entry(out, entry);
    }
    Ok(())
}

/// The `wanted` columns of every row below the header of a sheet, each cell with where it is.
/// A sheet without one of the columns, or with more rows than [`MAX_ROWS`], is refused; merged
/// cells that cover a wanted column are findings.
fn grid_rows(
    grid: &Grid<'_>,
    wanted: &[&str],
    findings: &mut Vec<Finding>,
    shown: &str,
    what: &str,
) -> Result<TableRows, Unreadable> {
    let end = grid.values.end().unwrap_or((0, 0));
    let width = end.1.max(grid.formulas.end().map_or(0, |e| e.1));
    let header: Vec<String> = (0..=width).map(|c| trimmed(&grid.cell(0, c))).collect();
    let mut cols = Vec::new();
    for name in wanted {
        let Some(c) = header.iter().position(|h| h.eq_ignore_ascii_case(name)) else {
            return Err(Unreadable(format!(
                "{shown}: the sheet `{}` has no column `{name}` in its first row; it is not {what}",
                grid.sheet
            )));
        };
        cols.push(c as u32);
    }
    let last = end.0.max(grid.formulas.end().map_or(0, |e| e.0));
    if last as usize > MAX_ROWS {
        return Err(Unreadable(format!(
            "{shown}: the sheet `{}` has {last} rows, more than the {MAX_ROWS} accsm reads",
            grid.sheet
        )));
    }
    for m in &grid.merged {
        let hits = cols.iter().any(|c| (m.start.1..=m.end.1).contains(c)) && m.end.0 >= 1;
        if hits && (m.start.0 != m.end.0 || m.start.1 != m.end.1) {
            let at = grid.at(m.start.0, m.start.1, "");
            findings.push(
                Finding::new(
                    Severity::Error,
                    Code::BadValue,
                    format!(
                        "cells {}{}:{}{} are merged; each value needs a cell of its own",
                        column_letters(m.start.1),
                        m.start.0 + 1,
                        column_letters(m.end.1),
                        m.end.0 + 1
                    ),
                    Some(at),
                )
                .with_help(
                    "unmerge them (Home > Merge & Center) and write each value in its own row",
                ),
            );
        }
    }
    Ok((1..=last)
        .map(|row| {
            cols.iter()
                .zip(wanted)
                .map(|(&c, name)| (grid.cell(row, c), grid.at(row, c, name)))
                .collect()
        })
        .collect())
}

/// A KPI or field cell: a closed set of names, so spaces typed around one mean nothing.
pub(super) fn trimmed(cell: &Cell) -> String {
    cell.label().trim().to_string()
}

/// Keeps a row that says anything; a row with a value but no field is a finding.
pub(super) fn push_entry(out: &mut Sheets, e: Entry) {
    let labels_empty = e.field.0.is_empty() && e.kpi.as_ref().is_none_or(|k| k.0.is_empty());
    if labels_empty && e.value.is_blank() {
        return;
    }
    if labels_empty {
        out.findings.push(
            Finding::new(
                Severity::Error,
                Code::MissingField,
                "this value has no KPI and field beside it, so accsm does not know what it answers"
                    .to_string(),
                Some(e.at),
            )
            .with_help("write the answer in the row of its question, or delete it"),
        );
        return;
    }
    out.entries.push(e);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        let l: Vec<String> = [0, 6, 25, 26, 27, 701, 702].map(column_letters).into();
        assert_eq!(l, ["A", "G", "Z", "AA", "AB", "ZZ", "AAA"]);
    }

    #[test]
    fn garbage_and_bombs_are_refused_plainly() {
        let garbage = read_xlsx(b"not a zip at all", "x.xlsx");
        assert!(garbage.is_err_and(|e| e.0.contains("is not an Excel workbook")));
        // A ZIP whose one part unpacks to more than accsm reads.
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(true);
            let _ = w.start_file("xl/worksheets/sheet1.xml", opts);
            let zeros = vec![0u8; 1 << 20];
            for _ in 0..=(MAX_UNPACKED_BYTES >> 20) {
                let _ = std::io::Write::write_all(&mut w, &zeros);
            }
            let _ = w.finish();
        }
        let bomb = read_xlsx(buf.get_ref(), "bomb.xlsx");
        assert!(bomb.is_err_and(|e| e.0.contains("unpacks to more than")));
    }
}
