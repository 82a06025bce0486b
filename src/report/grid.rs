//! A grid of text under a header, the common shape of every tabular report, rendered as a
//! terminal table, CSV or Markdown.

use std::io::Write;

use comfy_table::{ContentArrangement, Table, presets};

use crate::escape;
use crate::escape::terminal_safe;

/// Rows of text under a header, the common shape of every tabular report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grid {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    /// A terminal table that wraps long cells (titles) to fit `width`, or the terminal's width
    /// when none is given (no limit when the output is not a terminal).
    pub fn to_table(&self, width: Option<u16>) -> String {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED);
        table.set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(w) = width {
            table.force_no_tty();
            table.set_width(w);
        }
        table.set_header(self.header.iter().map(|h| terminal_safe(h).into_owned()));
        for row in &self.rows {
            table.add_row(row.iter().map(|c| terminal_safe(c).into_owned()));
        }
        let mut out = table.to_string();
        out.push('\n');
        out
    }

    /// CSV with a header row, every cell through [`escape::csv_cell`]: no formula runs, control
    /// characters are escaped. (Cells that join a list neutralise each element: see
    /// [`escape::csv_list`].)
    pub fn to_csv(&self) -> anyhow::Result<String> {
        let mut w = CsvRows::new(Vec::new(), &self.header)?;
        for row in &self.rows {
            w.row(row)?;
        }
        Ok(String::from_utf8(w.finish()?)?)
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

/// CSV written a row at a time, as [`Grid::to_csv`] writes it: a listing of any length then
/// needs memory for one row, not for all of them.
pub struct CsvRows<W: Write> {
    w: csv::Writer<W>,
}

impl<W: Write> CsvRows<W> {
    /// Starts the CSV with its header row.
    pub fn new<S: AsRef<str>>(out: W, header: &[S]) -> anyhow::Result<Self> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(
            header
                .iter()
                .map(|h| escape::csv_cell(h.as_ref()).into_owned()),
        )?;
        Ok(CsvRows { w })
    }

    pub fn row<S: AsRef<str>>(&mut self, row: &[S]) -> anyhow::Result<()> {
        self.w.write_record(
            row.iter()
                .map(|c| escape::csv_cell(c.as_ref()).into_owned()),
        )?;
        Ok(())
    }

    /// Flushes the rows and gives the writer back.
    pub fn finish(self) -> anyhow::Result<W> {
        self.w.into_inner().map_err(|e| e.into_error().into())
    }
}

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
