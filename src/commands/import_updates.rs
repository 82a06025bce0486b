//! `accsm import updates FILE.xlsx|FILE.csv`: the filled-in rows of an updates workbook (or a
//! CSV file with its columns), each written as an update file of its own after all of them are
//! checked with the rest of the data as `validate` checks updates. Every finding names its
//! sheet, row and column; nothing is written while any has an error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accsm::diag::{Code, Severity};
use accsm::edit::sheet::updates::{READ_COLUMNS, RowUpdate, UPDATES, rows_to_updates};
use accsm::edit::sheet::{self, Finding};
use accsm::edit::{check_with_new_files, update_text, write_new};
use accsm::escape::terminal_safe;
use accsm::load::display_path;

use crate::cli::ImportUpdatesArgs;
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ImportUpdatesArgs) -> Result<ExitCode, Error> {
    let workspace = super::open_workspace(root, "")?;
    let shown = display_path(&args.file).display().to_string();
    let (rows, mut findings) = read(&args.file, &shown)?;
    let (files, problems) = workspace.data_files();
    if super::report_problems(&problems) {
        return Err(Error::io(
            "some data files could not be read; nothing was written",
        ));
    }
    let (updates, more) = rows_to_updates(rows);
    findings.extend(more);
    let loaded = accsm::load::load_files(&files);
    let mut new: Vec<(PathBuf, String)> = Vec::new();
    let mut placed: Vec<&RowUpdate> = Vec::new();
    for u in &updates {
        let at = |key: &str| u.cell(key).cloned();
        if let Err(e) = super::new::plain_name(
            &u.update.plan,
            "plan",
            "updates",
            "keep the Plan of the programme's row as written (accsm-2021-2025)",
        ) {
            findings.push(Finding::new(
                Severity::Error,
                Code::BadValue,
                e.render().trim().trim_start_matches("error: ").to_string(),
                at("plan"),
            ));
            continue;
        }
        let Some(date) = accsm::dates::PartialDate::parse(u.update.date.trim()) else {
            findings.push(
                Finding::new(
                    Severity::Error,
                    Code::BadValue,
                    format!("`{}` is not a date", terminal_safe(&u.update.date)),
                    at("date"),
                )
                .with_help("write the month (2024-08) or the day (2024-08-20)"),
            );
            continue;
        };
        let mut update = u.update.clone();
        update.date = date.to_string();
        let path = workspace.update_path(&update.plan, update.number, &update.date);
        if path.exists() || path.is_symlink() || new.iter().any(|(p, _)| *p == path) {
            findings.push(
                Finding::new(
                    Severity::Error,
                    Code::DuplicateId,
                    format!(
                        "{}/{} already has an update dated {}",
                        terminal_safe(&update.plan),
                        update.number,
                        update.date
                    ),
                    at("date"),
                )
                .with_help(
                    "give the day (2024-08-20) if it is another update, or leave the row empty",
                ),
            );
            continue;
        }
        let title = loaded
            .dataset
            .programmes
            .iter()
            .find(|p| p.plan.value == update.plan.as_str() && p.number.value == update.number)
            .map_or_else(String::new, |p| p.title.value.to_string());
        new.push((path, update_text(&update, &title)));
        placed.push(u);
    }
    let (checked, ids) = check_with_new_files(&files, &new);
    for d in &checked.diagnostics {
        let Some(i) = d.span.and_then(|s| ids.iter().position(|id| *id == s.file)) else {
            continue;
        };
        findings.push(placed[i].finding(d, &new[i].1));
    }
    for f in &findings {
        output::eprint(&f.render(&shown));
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if errors > 0 {
        output::eprint(&format!(
            "error: the updates have {errors} error{}; nothing was written\n  help: correct the \
             cells named above and import again\n",
            if errors == 1 { "" } else { "s" }
        ));
        return Ok(ExitCode::from(1));
    }
    if new.is_empty() {
        output::print(&format!(
            "{} has no filled-in row (a Date, Status and Meeting at least); nothing to import\n",
            terminal_safe(&shown)
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    for (path, text) in &new {
        write_new(&workspace.root, path, text)?;
        let written = display_path(path).display().to_string();
        output::print(&format!("wrote {}\n", terminal_safe(&written)))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The rows of the file: a workbook's sheet Updates, or a CSV file with the same columns.
fn read(path: &Path, shown: &str) -> Result<(sheet::TableRows, Vec<Finding>), Error> {
    let columns: Vec<&str> = READ_COLUMNS.iter().map(|c| c.0).collect();
    let what = "an updates workbook (make one with `accsm new updates --coordinator WHO`)";
    super::sheet_file::read(
        path,
        shown,
        |bytes| sheet::read_xlsx_table(bytes, shown, UPDATES, &columns, what),
        |bytes| sheet::read_csv_table(bytes, shown, &columns),
        "make the workbook with `accsm new updates --coordinator WHO`",
    )
}
