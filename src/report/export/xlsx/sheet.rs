//! One sheet of the workbook as it is written: its rows, as the sheet's XML (numbers as numbers,
//! whole days as dates, text shown as on a terminal and cut to what a cell holds), compressed as
//! they come into a temporary file; when its table ends or the sheet is full, its head
//! (compressed apart) and that file are handed to the workbook for [`Workbook::save`] to copy.

use std::fs::File;
use std::io::BufWriter;

use super::deflate::{self, PIECE, Stream};
use super::{CELL_CHARS, EXACT_INTEGER, Finished, MAX_WIDTH, Scratch, Workbook, sheet_name};
use crate::escape::terminal_safe_lines;
use crate::report::export::spec::{Cell, ExportError, FieldType, Sink, Table};
use crate::report::export::tables::tables;
use crate::report::export::xlsx_parts as parts;

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
    /// The column a cell written now would be read in without its reference: the one after the
    /// row's last cell.
    implied: usize,
    /// The rows so far, compressed into `body_file`.
    body: Stream<BufWriter<File>>,
    body_file: Scratch,
    /// The XML not yet handed on to be compressed (less than a [`PIECE`]).
    text: String,
    /// The length of the XML handed on.
    size: u64,
}

impl<'w> Sheets<'w> {
    pub(super) fn new(book: &'w Workbook) -> Self {
        Sheets { book, open: None }
    }

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
            implied: 0,
            body: Stream::new(BufWriter::with_capacity(1 << 16, file)),
            body_file,
            text: String::with_capacity(PIECE + (1 << 16)),
            size: 0,
        };
        open.text.push_str("<row r=\"1\">");
        for (f, col) in table.fields.iter().zip(&open.columns) {
            parts::push_text_cell(&mut open.text, col, 1, Some(parts::HEADER_STYLE), f.name);
        }
        open.text.push_str("</row>");
        self.open = Some(open);
        Ok(())
    }

    /// Compresses the rest of the open sheet, and its head, and hands it to the workbook.
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
            body,
            body_file,
            mut text,
            size,
            ..
        } = open;
        text.push_str(parts::SHEET_TAIL);
        let size = size + text.len() as u64;
        let written = body
            .finish(text.into_bytes())
            .map_err(|e| ExportError::io(&body_file.0, e))?;
        drop(written.out);
        let last = columns.last().map_or("A", String::as_str);
        let head = parts::sheet_head(&widths, last, rows + 1, index == 0 && part == 1);
        let mut packed =
            deflate::pack(&[], head.as_bytes(), false).map_err(ExportError::Workbook)?;
        packed.crc.combine(&written.crc);
        let finished = Finished {
            order: (index, part),
            name: sheet_name(table.name, part),
            crc: packed.crc.finalize(),
            size: head.len() as u64 + size,
            packed: packed.bytes.len() as u64 + written.packed_len,
            head: packed.bytes,
            body: body_file,
        };
        match self.book.sheets.lock() {
            Ok(mut sheets) => sheets.push(finished),
            Err(_) => return Err(ExportError::Workbook("a sheet could not be kept".into())),
        }
        Ok(())
    }
}

impl Open {
    /// Hands the XML so far on to be compressed, once it makes a piece.
    fn hand_on(&mut self) -> Result<(), ExportError> {
        if self.text.len() < PIECE {
            return Ok(());
        }
        let next = String::with_capacity(PIECE + (1 << 16));
        let text = std::mem::replace(&mut self.text, next);
        self.size += text.len() as u64;
        self.body
            .push(text.into_bytes())
            .map_err(|e| ExportError::io(&self.body_file.0, e))
    }

    /// The letters of the column of the cell about to be written, or nothing where a reader
    /// takes it for that column anyway (see [`parts::push_text_cell`]).
    fn reference(&mut self, col: usize) -> &str {
        let implied = std::mem::replace(&mut self.implied, col + 1) == col;
        match self.columns.get(col) {
            Some(letters) if !implied => letters,
            _ => "",
        }
    }

    fn widen(&mut self, col: usize, chars: usize) {
        if let Some(w) = self.widths.get_mut(col) {
            *w = (*w).max(chars.min(MAX_WIDTH));
        }
    }
}

impl Open {
    fn number(&mut self, line: &mut String, col: usize, r: u64, n: &str) {
        self.widen(col, n.len());
        parts::push_number_cell(line, self.reference(col), r, None, n);
    }

    fn integer(&mut self, line: &mut String, col: usize, r: u64, n: i64) {
        // As many characters as its digits and sign.
        let chars = n
            .unsigned_abs()
            .checked_ilog10()
            .map_or(1, |d| d as usize + 1);
        self.widen(col, chars + usize::from(n < 0));
        parts::push_integer_cell(line, self.reference(col), r, None, n);
    }

    /// A text cell, shown as on a terminal and cut to what a cell holds.
    fn text(
        &mut self,
        book: &Workbook,
        line: &mut String,
        table: &Table,
        (col, r): (usize, u64),
        text: &str,
    ) {
        if parts::is_plain(text) && text.len() <= CELL_CHARS {
            // Printable ASCII: shown as it is, one character a byte.
            self.widen(col, text.len());
            parts::push_plain_text_cell(line, self.reference(col), r, text);
            return;
        }
        let safe = terminal_safe_lines(text);
        let chars = if safe.is_ascii() {
            safe.len()
        } else {
            safe.chars().count()
        };
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
        parts::push_text_cell(line, self.reference(col), r, None, &shown);
    }
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
        // The row's number, written only in a cell after a gap.
        let r = open.rows as u64 + 1;
        let mut line = std::mem::take(&mut open.text);
        // A row without its number is the one after the row before it (the sheet's rows are
        // all written, one after another); a cell after a gap still says where it is.
        line.push_str("<row>");
        open.implied = 0;
        for (col, (field, cell)) in table.fields.iter().zip(cells).enumerate() {
            match cell {
                Cell::Null => {}
                Cell::Int(n) if (-EXACT_INTEGER..=EXACT_INTEGER).contains(n) => {
                    open.integer(&mut line, col, r, *n);
                }
                Cell::Number(n) if n.is_finite() => {
                    open.number(&mut line, col, r, &n.to_string());
                }
                Cell::Number(_) => {}
                Cell::Bool(b) => {
                    open.widen(col, 5);
                    parts::push_bool_cell(&mut line, open.reference(col), r, *b);
                }
                Cell::Text(s) => match (field.ty == FieldType::Date)
                    .then(|| day_number(s))
                    .flatten()
                {
                    Some(day) => {
                        open.widen(col, 10);
                        parts::push_integer_cell(
                            &mut line,
                            open.reference(col),
                            r,
                            Some(parts::DATE_STYLE),
                            day,
                        );
                    }
                    None => open.text(book, &mut line, table, (col, r), s),
                },
                Cell::Int(n) => open.text(book, &mut line, table, (col, r), &n.to_string()),
                Cell::List(items) => open.text(book, &mut line, table, (col, r), &items.join("; ")),
            }
        }
        line.push_str("</row>");
        open.text = line;
        open.hand_on()
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

#[cfg(test)]
mod tests {
    use super::*;

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
