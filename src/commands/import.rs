//! `accsm import return FILE.xlsx|FILE.csv`: a return filled in as a workbook (or CSV file of the
//! same long shape) read into `returns/<COUNTRY>/<YEAR>.toml`, checked as `validate` checks
//! returns before anything is written (see `accsm::edit::sheet`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accsm::diag::Severity;
use accsm::edit::sheet::{self, Finding, Sheets};
use accsm::edit::{check_with_text, replace_file, unified_diff, write_new};
use accsm::escape::{terminal_safe, terminal_safe_lines};
use accsm::load::display_path;

use crate::cli::{ImportCommand, ImportReturnArgs};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, command: ImportCommand) -> Result<ExitCode, Error> {
    match command {
        ImportCommand::Return(args) => import_return(root, args),
        ImportCommand::Updates(args) => super::import_updates::run(root, args),
    }
}

fn import_return(root: Option<&Path>, args: ImportReturnArgs) -> Result<ExitCode, Error> {
    let workspace = super::open_workspace(root, "")?;
    let shown = display_path(&args.file).display().to_string();
    let sheets = read(&args.file, &shown)?;
    let (files, problems) = workspace.data_files();
    if super::report_problems(&problems) {
        return Err(Error::io(
            "some data files could not be read; nothing was written",
        ));
    }
    let loaded = accsm::load::load_files(&files);
    let built = sheet::build(&sheets.entries, &loaded.dataset, &accsm::load::schema());
    let mut findings = sheets.findings;
    findings.extend(built.findings.iter().cloned());
    let target = match (&built.country, &built.year) {
        (Some((country, at)), Some((year, _))) => match super::new::plain_id(country) {
            Ok(()) => Some(workspace.return_path(country, *year, "toml")),
            Err(e) => {
                let finding = Finding::new(
                    Severity::Error,
                    accsm::diag::Code::BadValue,
                    e.message,
                    Some(at.clone()),
                );
                findings.push(match e.help {
                    Some(help) => finding.with_help(help),
                    None => finding,
                });
                None
            }
        },
        _ => {
            findings.push(
                Finding::new(
                    Severity::Error,
                    accsm::diag::Code::MissingField,
                    "the return names no country or no year, so accsm cannot tell which return it is".to_string(),
                    None,
                )
                .with_help("fill in `country` and `year` on the sheet Return"),
            );
            None
        }
    };
    // With --force, an earlier import of the same return is replaced (and shown as a diff);
    // nothing else is ever overwritten.
    let mut earlier: Option<Vec<u8>> = None;
    if let Some(path) = &target {
        if path.exists() || path.is_symlink() {
            earlier = Some(earlier_import(path, args.force)?);
        }
        findings.extend(checked(&files, path, &built, earlier.is_some()));
    }
    for f in &findings {
        output::eprint(&f.render(&shown));
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let Some(path) = target.filter(|_| errors == 0 || args.force) else {
        output::eprint(&format!(
            "error: the return has {errors} error{}; nothing was written\n  help: correct the cells \
             named above and import again, or add --force to write it with the findings as \
             comments\n",
            if errors == 1 { "" } else { "s" }
        ));
        return Ok(ExitCode::from(1));
    };
    let text = if errors > 0 {
        sheet::with_findings(&built.text, &findings, &shown)
    } else {
        sheet::with_findings(&built.text, &[], &shown)
    };
    let written = display_path(&path).display().to_string();
    match &earlier {
        None => write_new(&workspace.root, &path, &text)?,
        Some(old) => {
            replace_file(&workspace.boundary, &path, old, &text)?;
            let diff = unified_diff(
                &String::from_utf8_lossy(old),
                &text,
                &format!("{written} (the earlier import)"),
                &format!("{written} (from {shown})"),
            );
            if diff.is_empty() {
                output::print_verdict(&format!(
                    "{} is unchanged: the workbook gives what the earlier import gave\n",
                    terminal_safe(&written)
                ))?;
                return Ok(exit(errors));
            }
            output::print_verdict(&terminal_safe_lines(&diff))?;
            output::print_verdict(&format!("replaced {}\n", terminal_safe(&written)))?;
            return Ok(exit(errors));
        }
    }
    output::print_verdict(&format!("wrote {}\n", terminal_safe(&written)))?;
    Ok(exit(errors))
}

fn exit(errors: usize) -> ExitCode {
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The bytes of the return already at `path`, where --force may replace it: an earlier import
/// of this return (its first line says `accsm import return` wrote it), a regular file.
fn earlier_import(path: &Path, force: bool) -> Result<Vec<u8>, Error> {
    let shown = display_path(path).display().to_string();
    let shown = terminal_safe(&shown);
    let not_an_import = |why: &str| {
        Error::usage(format!(
            "{shown} already exists and {why}, so --force does not replace it"
        ))
        .with_help("correct the return that is there, or move it away and import again")
    };
    if path.is_symlink() || !path.is_file() {
        return Err(not_an_import("is not a plain file"));
    }
    let old = std::fs::read(path).map_err(|e| Error::io(format!("cannot read {shown}: {e}")))?;
    let import = sheet::is_import(&String::from_utf8_lossy(&old));
    if !force {
        let help = if import {
            "to replace this earlier import with the corrected workbook, add --force (accsm \
             shows what changes)"
        } else {
            "correct the return that is there, or move it away and import again"
        };
        return Err(Error::usage(format!(
            "{shown} already exists; accsm does not overwrite returns"
        ))
        .with_help(help));
    }
    if !import {
        return Err(not_an_import(
            "was not written by `accsm import return` (its first line does not say so)",
        ));
    }
    Ok(old)
}

/// The file's entries: a workbook, or a CSV file (by its name; a ZIP file is a workbook).
fn read(path: &Path, shown: &str) -> Result<Sheets, Error> {
    super::sheet_file::read(
        path,
        shown,
        |bytes| sheet::read_xlsx(bytes, shown),
        |bytes| sheet::read_csv(bytes, shown),
        "make the workbook with `accsm new return --format xlsx`",
    )
}

/// The findings of `validate` on the built return as if it were at `path` (in place of the
/// earlier import there, if `replacing`), placed at cells.
fn checked(files: &[PathBuf], path: &Path, built: &sheet::Built, replacing: bool) -> Vec<Finding> {
    let mut all: Vec<PathBuf> = files
        .iter()
        .filter(|f| !replacing || !same_file(f, path))
        .cloned()
        .collect();
    let own = all.len();
    all.push(path.to_path_buf());
    let (loaded, id) = check_with_text(&all, own, &built.text);
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.span.is_some_and(|s| s.file == id))
        .map(|d| sheet::from_diagnostic(d, &built.text, &built.origins))
        .collect()
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
