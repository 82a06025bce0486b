//! `accsm trend --explain`: every input of every status, where it was read (`file:line`), the
//! rule applied and the result. The text here; CSV and Markdown are grids of the same inputs
//! (see [`explain_rows`]).

use super::Trend;
use crate::escape::terminal_safe_lines;

/// The explanation of every trend as text, escaped for the terminal.
pub fn explain(rows: &[Trend]) -> String {
    let mut out = String::new();
    for r in rows {
        out.push_str(&format!(
            "{} — {} ({}): {}\n",
            r.kpi,
            r.country_name,
            r.country,
            r.status.label()
        ));
        if r.inputs.is_empty() {
            out.push_str("  inputs    none\n");
        }
        for i in &r.inputs {
            let note = i
                .note
                .as_ref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {:<9} {} = {}   [{}]{note}\n",
                i.role.label(),
                i.year,
                i.text,
                i.source
            ));
        }
        if let (Some(b), Some(l), Some(c)) = (&r.baseline, &r.latest, &r.change) {
            out.push_str(&format!(
                "  compared  {} → {} ({}), {}\n",
                b.plain(),
                l.plain(),
                c.text,
                b.unit_label
            ));
        }
        out.push_str(&format!("  rule      {}\n", r.rule));
        out.push_str(&format!(
            "  result    {} — {}\n\n",
            r.status.label(),
            r.reason
        ));
    }
    terminal_safe_lines(&out).into_owned()
}

/// The header of [`explain_rows`].
pub const EXPLAIN_HEADER: [&str; 12] = [
    "KPI", "AMS", "Status", "Input", "Year", "Value", "Unit", "Answer", "File", "Line", "Note",
    "Why",
];

/// The explanation as rows of cells, one per input (one row saying "none" for a trend that read
/// nothing), for CSV and Markdown: file and line in their own columns, values as plain numbers.
pub fn explain_grid(rows: &[Trend]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for r in rows {
        let row = |cells: [String; 8]| {
            let mut row = vec![
                r.kpi.clone(),
                r.country_name.clone(),
                r.status.label().to_string(),
            ];
            row.extend(cells);
            row.push(r.reason.clone());
            row
        };
        if r.inputs.is_empty() {
            let mut none: [String; 8] = Default::default();
            none[0] = "none".to_string();
            out.push(row(none));
        }
        for i in &r.inputs {
            let (file, line) = match i.source.rsplit_once(':') {
                Some((f, l)) => (f.to_string(), l.to_string()),
                None => (i.source.clone(), String::new()),
            };
            out.push(row([
                i.role.label().to_string(),
                i.year.to_string(),
                i.plain.clone().unwrap_or_default(),
                i.unit.clone().unwrap_or_default(),
                i.text.clone(),
                file,
                line,
                i.note.clone().unwrap_or_default(),
            ]));
        }
    }
    out
}
