//! A grid of text under a header, the common shape of every tabular report, rendered as a
//! terminal table, CSV or Markdown.

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
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(self.header.iter().map(|h| escape::csv_cell(h).into_owned()))?;
        for row in &self.rows {
            w.write_record(row.iter().map(|c| escape::csv_cell(c).into_owned()))?;
        }
        Ok(String::from_utf8(w.into_inner()?)?)
    }

    /// A GitHub-flavoured Markdown table, every cell through [`escape::markdown`].
    pub fn to_markdown(&self) -> String {
        let cell = |s: &str| escape::markdown(s);
        let mut out = String::new();
        out.push_str(&format!(
            "| {} |\n",
            self.header
                .iter()
                .map(|h| cell(h))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        out.push_str(&format!("|{}\n", "---|".repeat(self.header.len())));
        for row in &self.rows {
            out.push_str(&format!(
                "| {} |\n",
                row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
            ));
        }
        out
    }
}
