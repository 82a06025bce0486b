//! KPI returns in spreadsheets: the data-collection template as an Excel workbook (empty, or
//! filled with an existing return's answers), and a filled-in workbook or CSV file read back
//! into a TOML return, each finding naming the cell it came from.

mod build;
mod csv_file;
mod formats;
mod given_back;
mod read;
mod rows;
mod scan;
pub mod updates;
mod workbook;

pub use build::{Built, Origins, build};
pub use csv_file::{read_csv, read_csv_table};
pub use read::{
    Cell, CellRef, Entry, MAX_FILE_BYTES, Sheets, TableRows, Unreadable, column_letters, date,
    read_file, read_xlsx, read_xlsx_table,
};
pub use rows::{ANSWER_COLUMNS, ANSWERS, GUIDELINES, HEADER_FIELDS, HEADER_KPI, RETURN};
pub use scan::CELL_BUDGET;
pub use workbook::GUIDELINES_TEXT;

use toml_edit::{DocumentMut, Item};

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{Dataset, Plan};

/// A finding about a sheet: what is wrong, where (the cell), how to fix it.
#[derive(Clone, Debug)]
pub struct Finding {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub help: Option<String>,
    pub at: Option<CellRef>,
}

impl Finding {
    pub fn new(severity: Severity, code: Code, message: String, at: Option<CellRef>) -> Self {
        Finding {
            severity,
            code,
            message,
            help: None,
            at,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// The template workbook of `country` for `year` under `plan`; with `from` (the text of a
/// return), filled with that return's header and answers.
pub fn return_workbook(
    data: &Dataset,
    plan: &Plan,
    country: &str,
    year: i64,
    from: Option<&DocumentMut>,
) -> Result<Vec<u8>, String> {
    let mut rows = rows::template_rows(data, plan, year);
    let ret = from
        .and_then(|doc| doc.get("return"))
        .and_then(Item::as_table);
    let mut header = rows::header_rows(ret);
    if ret.is_none() {
        let round = super::template::round(plan, year);
        for h in &mut header {
            h.value = match h.field {
                "plan" => Some(rows::Filled::Text(plan.id.value.to_string())),
                "country" => Some(rows::Filled::Text(country.to_string())),
                "year" => Some(rows::Filled::Int(year)),
                "round" => Some(rows::Filled::Text(round.to_string())),
                _ => None,
            };
        }
    }
    if let Some(answers) = ret
        .and_then(|r| r.get("answers"))
        .and_then(Item::as_table_like)
    {
        rows::fill(&mut rows, data, answers);
    }
    if let Some(why) = cannot_hold(&header, &rows) {
        return Err(why);
    }
    let bytes = workbook::workbook(&header, &rows).map_err(|e| e.to_string())?;
    if let Some(doc) = from {
        given_back::gives_back(&bytes, data, &doc.to_string()).map_err(|why| {
            format!(
                "the return's {why}; no workbook is made (keep this return in TOML, or write \
                 that value as `accsm new return` writes it)"
            )
        })?;
    }
    Ok(bytes)
}

/// The first value a cell cannot give back exactly, said in words: text longer than an Excel
/// cell holds (32,767 characters, counted as Excel counts them), a list with a name that holds
/// a line break (one name a line), or an empty text or list (an empty cell is no answer). The
/// workbook would cut or change it and an import would then write the changed value back, so
/// none is made.
fn cannot_hold(header: &[rows::HeaderRow], rows: &[rows::Row]) -> Option<String> {
    let limit = workbook::CELL_CHARS;
    let why = |value: &Option<rows::Filled>| -> Option<String> {
        let text = match value {
            Some(rows::Filled::Text(s)) => s.clone(),
            Some(rows::Filled::Lines(lines)) => {
                if let Some(n) = lines.iter().position(|l| l.contains('\n')) {
                    return Some(format!(
                        "holds a line break in its name number {}, and a cell holds one name a \
                         line, so it would come back as two",
                        n + 1
                    ));
                }
                lines.join("\n")
            }
            _ => return None,
        };
        // Excel counts UTF-16 code units: a character beyond U+FFFF counts twice.
        let n = text.encode_utf16().count();
        if n > limit {
            return Some(format!(
                "holds {n} characters, more than the {limit} an Excel cell holds, so it would be \
                 cut"
            ));
        }
        text.is_empty()
            .then(|| "is empty, and an empty cell reads back as no answer at all".to_string())
    };
    let say = |what: String, why: String| {
        format!(
            "{what} {why}; no workbook is made (keep this return in TOML, or change the answer)"
        )
    };
    for h in header {
        if let Some(w) = why(&h.value) {
            return Some(say(format!("the return's `{}`", h.field), w));
        }
    }
    for r in rows {
        if let Some(w) = why(&r.value) {
            let item = if r.item.is_empty() {
                String::new()
            } else {
                format!(" `{}`", crate::escape::terminal_safe(&r.item))
            };
            let kpi = crate::escape::terminal_safe(&r.kpi);
            return Some(say(format!("the answer {kpi} `{}`{item}", r.field), w));
        }
    }
    None
}

/// The cell a finding in the built return's `text` came from: the value or key its span lies
/// in, else the nearest enclosing table that came from a cell.
pub fn locate(text: &str, origins: &Origins, start: usize) -> Option<CellRef> {
    let doc = toml_edit::Document::parse(text).ok()?;
    let mut best: Option<(usize, Vec<String>)> = None;
    let mut consider = |path: &[String], span: Option<std::ops::Range<usize>>| {
        if let Some(span) = span {
            let hit = span.contains(&start) || (span.is_empty() && span.start == start);
            if hit && best.as_ref().is_none_or(|(len, _)| span.len() <= *len) {
                best = Some((span.len(), path.to_vec()));
            }
        }
    };
    walk(doc.as_table(), &mut Vec::new(), &mut consider);
    let (_, mut path) = best?;
    loop {
        if let Some((_, cell)) = origins.iter().find(|(p, _)| *p == path) {
            return Some(cell.clone());
        }
        path.pop()?;
    }
}

type Visit<'a> = dyn FnMut(&[String], Option<std::ops::Range<usize>>) + 'a;

fn walk(table: &toml_edit::Table, path: &mut Vec<String>, visit: &mut Visit<'_>) {
    for (k, item) in table.iter() {
        path.push(k.to_string());
        if let Some((key, _)) = table.get_key_value(k) {
            visit(path, key.span());
        }
        walk_item(item, path, visit);
        path.pop();
    }
}

fn walk_item(item: &Item, path: &mut Vec<String>, visit: &mut Visit<'_>) {
    match item {
        Item::Table(t) => {
            visit(path, t.span());
            walk(t, path, visit);
        }
        Item::ArrayOfTables(list) => {
            for (i, t) in list.iter().enumerate() {
                path.push(i.to_string());
                visit(path, t.span());
                walk(t, path, visit);
                path.pop();
            }
        }
        Item::Value(v) => walk_value(v, path, visit),
        Item::None => {}
    }
}

fn walk_value(v: &toml_edit::Value, path: &mut Vec<String>, visit: &mut Visit<'_>) {
    visit(path, v.span());
    match v {
        toml_edit::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                path.push(i.to_string());
                walk_value(x, path, visit);
                path.pop();
            }
        }
        toml_edit::Value::InlineTable(t) => {
            for (k, x) in t.iter() {
                path.push(k.to_string());
                if let Some((key, _)) = t.get_key_value(k) {
                    visit(path, key.span());
                }
                walk_value(x, path, visit);
                path.pop();
            }
        }
        _ => {}
    }
}

/// A finding of the checks on the built return, placed at the cell it came from.
pub fn from_diagnostic(d: &Diagnostic, text: &str, origins: &Origins) -> Finding {
    let at = d
        .span
        .and_then(|s| locate(text, origins, s.start as usize))
        .or_else(|| {
            origins
                .iter()
                .find(|(p, _)| p.len() == 1)
                .map(|(_, c)| c.clone())
        });
    // The help of an unanswered return tells how to answer in TOML (uncomment a line); in a
    // workbook an answer is a cell to fill in.
    let help = match d.code {
        Code::UnansweredReturn => Some(
            "write each figure in the Answer column of the sheet Answers; a question you \
             cannot answer stays empty"
                .to_string(),
        ),
        Code::PercentAsFraction => Some(
            "type the percentage as Excel shows it (45%) or as a number from 0 to 100 (45); a \
             cell formatted as a percentage is read as the percentage it shows"
                .to_string(),
        ),
        _ => d.help.clone(),
    };
    Finding {
        severity: d.severity,
        code: d.code,
        message: d.message.clone(),
        help,
        at,
    }
}

impl Finding {
    /// The finding as accsm prints it: `error[code]: message`, the cell, the help. `file` is
    /// the file it was read from, as shown to the user. Each part is one line, escaped as
    /// `validate` escapes its findings: a line break or a control character from a cell (an
    /// item, a sheet's name, a value quoted in a message) is shown as `\u{a}`, never obeyed.
    pub fn render(&self, file: &str) -> String {
        use crate::escape::terminal_safe;
        let mut out = format!(
            "{}[{}]: {}\n",
            self.severity.as_str(),
            self.code.as_str(),
            terminal_safe(&self.message)
        );
        match &self.at {
            Some(at) => out.push_str(&format!(
                "  --> {}: {}\n",
                terminal_safe(file),
                terminal_safe(&at.to_string())
            )),
            None => out.push_str(&format!("  --> {}\n", terminal_safe(file))),
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("  = help: {}\n", terminal_safe(help)));
        }
        out
    }
}

/// How the first line of a return written by `accsm import return` begins: `--force` replaces
/// such a file (a re-import of a corrected workbook), and no other.
const IMPORTED: &str = "# Imported from ";

/// Whether `text` is a return `accsm import return` wrote: its first line says so.
pub fn is_import(text: &str) -> bool {
    text.lines()
        .next()
        .is_some_and(|l| l.starts_with(IMPORTED) && l.contains("by `accsm import return"))
}

/// `text` with the findings as comments at its top (`accsm import return --force`): every line
/// commented, control characters escaped, so no finding can add a key. Without findings, one
/// line saying where the return was imported from.
pub fn with_findings(text: &str, findings: &[Finding], file: &str) -> String {
    if findings.is_empty() {
        let line = super::template::comment(&format!(
            "Imported from {} by `accsm import return`.",
            file.replace(['\n', '\r'], " ")
        ));
        return format!("{line}{text}");
    }
    let mut head = format!(
        "Imported from {file} by `accsm import return --force` with these findings; correct \
         them here, then run `accsm validate`.\n"
    );
    for f in findings {
        head.push_str(&f.render(file));
    }
    format!("{}\n{text}", super::template::comment(&head))
}
