//! A grid of text under a header, the common shape of every tabular report, rendered as a
//! terminal table, CSV or Markdown.

use std::io::Write;

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};

use crate::escape;
use crate::escape::terminal_safe;

/// Rows of text under a header, the common shape of every tabular report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grid {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A comfy-table in the style of every accsm table.
fn new_table(width: Option<u16>) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    if let Some(w) = width {
        table.force_no_tty();
        table.set_width(w);
    }
    table
}

fn safe_row<S: AsRef<str>>(row: &[S]) -> Vec<String> {
    row.iter()
        .map(|c| terminal_safe(c.as_ref()).into_owned())
        .collect()
}

impl Grid {
    /// A terminal table that wraps long cells (titles) to fit `width`, or the terminal's width
    /// when none is given (no limit when the output is not a terminal).
    pub fn to_table(&self, width: Option<u16>) -> String {
        let mut table = new_table(width);
        table.set_header(safe_row(&self.header));
        for row in &self.rows {
            table.add_row(safe_row(row));
        }
        let mut out = table.to_string();
        out.push('\n');
        out
    }

    /// CSV with a header row, every cell through [`escape::csv_cell`]: no formula runs, control
    /// characters are escaped. (Cells that join a list neutralise each element: see
    /// [`escape::csv_list`].)
    pub fn to_csv(&self) -> Result<String, CsvError> {
        self.csv(false)
    }

    /// [`Grid::to_csv`] for a file meant to be opened in a spreadsheet: text a spreadsheet
    /// would turn into a date or a number stays text ([`escape::csv_cell_for_spreadsheet`]).
    pub fn to_spreadsheet_csv(&self) -> Result<String, CsvError> {
        self.csv(true)
    }

    fn csv(&self, spreadsheet: bool) -> Result<String, CsvError> {
        let mut w = CsvRows::new(Vec::new(), &self.header)?.for_spreadsheet(spreadsheet);
        for row in &self.rows {
            w.row(row)?;
        }
        // Every cell is a `str`, so the bytes are UTF-8.
        Ok(String::from_utf8_lossy(&w.finish()?).into_owned())
    }

    /// A GitHub-flavoured Markdown table, every cell through [`escape::markdown`].
    pub fn to_markdown(&self) -> String {
        let mut out = markdown_header(&self.header);
        for row in &self.rows {
            out.push_str(&markdown_row(row));
        }
        out
    }
}

/// The byte-order mark that tells a spreadsheet a CSV file is UTF-8 (Excel reads it in the
/// system's code page without one, and garbles Thai, Khmer and Vietnamese names).
pub const UTF8_BOM: &str = "\u{feff}";

/// Rows laid out together in one comfy-table; past this many, a table is written a chunk of
/// rows at a time.
pub const TABLE_CHUNK: usize = 1000;

/// A terminal table of `count` rows, `row(i)` giving each, written as [`Grid::to_table`] would
/// write it but without holding every row: a table of 100,000 programmes took 590 MiB whole.
/// Up to [`TABLE_CHUNK`] rows it is [`Grid::to_table`]. Past that, comfy-table lays out a probe
/// (the first chunk and a row of the widest cell of each column, found in a first pass), and
/// every chunk is then drawn with the probe's column widths, its borders joined into one table.
pub fn write_table<S: AsRef<str>>(
    out: &mut impl Write,
    header: &[S],
    count: usize,
    row: impl Fn(usize) -> Vec<String>,
    width: Option<u16>,
) -> std::io::Result<()> {
    if count <= TABLE_CHUNK {
        let grid = Grid {
            header: header.iter().map(|h| h.as_ref().to_string()).collect(),
            rows: (0..count).map(&row).collect(),
        };
        return out.write_all(grid.to_table(width).as_bytes());
    }
    let widths = probe_widths(header, count, &row, width);
    for start in (0..count).step_by(TABLE_CHUNK) {
        let end = (start + TABLE_CHUNK).min(count);
        let mut table = new_table(None);
        table.force_no_tty();
        if start == 0 {
            table.set_header(safe_row(header));
        }
        for i in start..end {
            table.add_row(safe_row(&row(i)));
        }
        for (column, w) in table.column_iter_mut().zip(&widths) {
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(*w)));
        }
        // Each chunk is a whole table: keep its top border only in the first chunk and its
        // bottom border only in the last, so the chunks read as one.
        let lines: Vec<String> = table.lines().collect();
        let first = usize::from(start != 0);
        let last = lines.len() - usize::from(end != count);
        for line in &lines[first..last] {
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// The width of each column as comfy-table lays out the first chunk of rows together with the
/// widest cell of each column, read off the probe's top border (`┌───┬──┐`).
fn probe_widths<S: AsRef<str>>(
    header: &[S],
    count: usize,
    row: &impl Fn(usize) -> Vec<String>,
    width: Option<u16>,
) -> Vec<u16> {
    let mut widest: Vec<(usize, String)> = vec![(0, String::new()); header.len()];
    for i in 0..count {
        for (cell, w) in safe_row(&row(i)).into_iter().zip(widest.iter_mut()) {
            let n = cell_width(&cell);
            if n > w.0 {
                *w = (n, cell);
            }
        }
    }
    let mut probe = new_table(width);
    probe.set_header(safe_row(header));
    for i in 0..TABLE_CHUNK.min(count) {
        probe.add_row(safe_row(&row(i)));
    }
    probe.add_row(widest.into_iter().map(|(_, cell)| cell));
    let top = probe.lines().next().unwrap_or_default();
    top.trim_start_matches('┌')
        .trim_end_matches('┐')
        .split('┬')
        .map(|run| u16::try_from(run.chars().count()).unwrap_or(u16::MAX))
        .collect()
}

/// How many columns a cell's longest line takes on a terminal, as comfy-table counts them.
fn cell_width(cell: &str) -> usize {
    cell.lines()
        .map(unicode_width::UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// CSV written a row at a time, as [`Grid::to_csv`] writes it: a listing of any length then
/// needs memory for one row, not for all of them.
pub struct CsvRows<W: Write> {
    w: csv::Writer<W>,
    /// Cells through [`escape::csv_cell_for_spreadsheet`] rather than [`escape::csv_cell`].
    spreadsheet: bool,
}

impl<W: Write> CsvRows<W> {
    /// Starts the CSV with its header row.
    pub fn new<S: AsRef<str>>(out: W, header: &[S]) -> Result<Self, CsvError> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(
            header
                .iter()
                .map(|h| escape::csv_cell(h.as_ref()).into_owned()),
        )?;
        Ok(CsvRows {
            w,
            spreadsheet: false,
        })
    }

    /// For a file meant to be opened in a spreadsheet (`--excel`): text a spreadsheet would
    /// turn into a date or a number stays text.
    pub fn for_spreadsheet(mut self, spreadsheet: bool) -> Self {
        self.spreadsheet = spreadsheet;
        self
    }

    pub fn row<S: AsRef<str>>(&mut self, row: &[S]) -> Result<(), CsvError> {
        let cell = if self.spreadsheet {
            escape::csv_cell_for_spreadsheet
        } else {
            escape::csv_cell
        };
        self.w
            .write_record(row.iter().map(|c| cell(c.as_ref()).into_owned()))?;
        Ok(())
    }

    /// Flushes the rows and gives the writer back.
    pub fn finish(self) -> Result<W, CsvError> {
        self.w
            .into_inner()
            .map_err(|e| CsvError(csv::Error::from(e.into_error())))
    }
}

/// CSV that could not be written: the stream it goes to failed (a closed pipe among them), or
/// a row did not fit the header. Shown as the failure underneath.
#[derive(Debug)]
pub struct CsvError(csv::Error);

impl CsvError {
    /// The stream's failure, when it is one (`accsm list | head` closes the pipe).
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self.0.kind() {
            csv::ErrorKind::Io(e) => Some(e.kind()),
            _ => None,
        }
    }
}

impl From<csv::Error> for CsvError {
    fn from(e: csv::Error) -> Self {
        CsvError(e)
    }
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The failure underneath is this error's own message, so it is not given as a source too.
impl std::error::Error for CsvError {}

/// The header and separator lines of a Markdown table, as [`Grid::to_markdown`] writes them.
pub fn markdown_header<S: AsRef<str>>(header: &[S]) -> String {
    format!("{}|{}\n", markdown_row(header), "---|".repeat(header.len()))
}

/// One row of a Markdown table, every cell through [`escape::markdown`].
pub fn markdown_row<S: AsRef<str>>(row: &[S]) -> String {
    format!(
        "| {} |\n",
        row.iter()
            .map(|c| escape::markdown(c.as_ref()))
            .collect::<Vec<_>>()
            .join(" | ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows that repeat every seven, with wide (Thai, CJK), long and control-character cells, so
    /// that the first chunk holds every cell a whole table would be laid out from.
    fn row(i: usize) -> Vec<String> {
        let titles = [
            "Workshop",
            "การประชุมเชิงปฏิบัติการว่าด้วยธรรมาภิบาล",
            "公务员制度改革研讨会",
            "A long title that a narrow terminal has to wrap over several lines of the table",
            "bell\u{7} and escape \u{1b}[31m",
            "",
            "Leaders in Governance Programme",
        ];
        vec![
            i.to_string(),
            titles[i % 7].to_string(),
            ["IDN", "Lao PDR", "Viet Nam"][i % 3].to_string(),
        ]
    }

    #[test]
    fn a_table_written_in_chunks_is_the_table_written_whole() -> std::io::Result<()> {
        let header = ["No.", "Title", "Coordinator"];
        for count in [TABLE_CHUNK + 1, 2 * TABLE_CHUNK, 2 * TABLE_CHUNK + 17] {
            for width in [None, Some(60), Some(120)] {
                let whole = Grid {
                    header: header.map(String::from).to_vec(),
                    rows: (0..count).map(row).collect(),
                }
                .to_table(width);
                let mut chunked = Vec::new();
                write_table(&mut chunked, &header, count, row, width)?;
                assert!(
                    String::from_utf8_lossy(&chunked) == whole,
                    "{count} rows, width {width:?}"
                );
            }
        }
        Ok(())
    }

    #[test]
    fn the_widest_cell_past_the_first_chunk_sets_its_column() -> std::io::Result<()> {
        let header = ["No.", "Title"];
        let count = 3 * TABLE_CHUNK;
        let row = |i: usize| {
            let title = if i == count - 1 {
                "x".repeat(50)
            } else {
                "y".to_string()
            };
            vec![i.to_string(), title]
        };
        let mut out = Vec::new();
        write_table(&mut out, &header, count, row, None)?;
        let text = String::from_utf8_lossy(&out);
        let widths: Vec<usize> = text.lines().map(|l| l.chars().count()).collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "ragged table");
        assert!(text.contains(&"x".repeat(50)), "the widest title is cut");
        assert_eq!(
            text.lines().count(),
            count + 4,
            "one top, header, rule and bottom line"
        );
        Ok(())
    }
}
