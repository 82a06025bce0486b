//! `accsm fmt [--check] [PATH...]`: every data file in one canonical layout (see
//! `accsm::edit::format_toml`). `--check` changes nothing, prints what would change as a unified
//! diff and exits 1 if anything would. A file that is not valid TOML (or not UTF-8) is left as it
//! is and reported.

use std::path::Path;
use std::process::ExitCode;

use accsm::edit::{FileFormat, Left, WriteError, format_files, replace_file};
use accsm::escape::terminal_safe_lines;
use accsm::load::display_path;

use crate::cli::FmtArgs;
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: FmtArgs) -> Result<ExitCode, Error> {
    let targets = super::edit_targets(root, &args.paths)?;
    let mut io_failure = super::report_problems(&targets.problems);
    let mut findings = targets
        .problems
        .iter()
        .any(|p| p.code == accsm::diag::Code::OutsideRepository);
    let schema = accsm::load::schema();
    let results = format_files(&targets.files, &schema, args.check);
    let (mut changed, mut left) = (0, 0);
    let mut log = output::WorkLog::default();
    for ((path, boundary), result) in targets.files.iter().zip(&targets.boundaries).zip(results) {
        let shown = display_path(path).display().to_string();
        match result {
            FileFormat::Formatted => {}
            FileFormat::Diff(diff) => {
                changed += 1;
                log.print(&terminal_safe_lines(&diff))?;
            }
            FileFormat::Changes { read, text } => {
                match replace_file(boundary, path, &read, &text) {
                    Ok(written) => {
                        changed += 1;
                        log.print(&terminal_safe_lines(&format!("formatted {shown}\n")))?;
                        if written.split_links {
                            output::note(&format!(
                                "{shown} had other hard links; they keep the text it had"
                            ));
                        }
                    }
                    Err(e) => {
                        // Refused or failed: left as it is, not counted as formatted.
                        left += 1;
                        io_failure |= matches!(
                            e,
                            WriteError::Io { .. }
                                | WriteError::Changed(_)
                                | WriteError::ReadOnly(_)
                        );
                        findings = true;
                        error(&e.to_string(), None);
                    }
                }
            }
            FileFormat::Left(why) => {
                left += 1;
                io_failure |= matches!(why, Left::Unreadable(_));
                findings = true;
                let help = match why {
                    Left::Format(accsm::edit::FormatError::NotToml(_)) => Some(
                        "correct it (`accsm validate` shows every problem), then run `accsm fmt` again",
                    ),
                    Left::Format(accsm::edit::FormatError::NotToml10(_)) => Some(
                        "write it as TOML 1.0 allows (an inline table on one line, one \
                         byte-order mark at most), then run `accsm fmt` again",
                    ),
                    Left::NotUtf8 { .. } => Some("save the file as UTF-8 in your editor"),
                    _ => None,
                };
                error(&format!("{shown} {why}"), help);
            }
        }
    }
    summary(args.check, changed, left, targets.files.len());
    Ok(if io_failure {
        ExitCode::from(2)
    } else if findings || (args.check && changed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn error(message: &str, help: Option<&str>) {
    let mut text = format!("error: {}\n", terminal_safe_lines(message));
    if let Some(help) = help {
        text.push_str(&format!("  help: {help}\n"));
    }
    output::eprint(&text);
}

fn summary(check: bool, changed: usize, left: usize, files: usize) {
    let files_word = if files == 1 { "file" } else { "files" };
    let mut text = match (check, changed) {
        (_, 0) if left == 0 => format!("{files} {files_word} formatted already"),
        (_, 0) => format!("{} of {files} {files_word} formatted already", files - left),
        (true, n) => format!("{n} of {files} {files_word} would be reformatted"),
        (false, n) => format!("formatted {n} of {files} {files_word}"),
    };
    if left > 0 {
        text.push_str(&format!(
            "; {left} left as {}",
            if left == 1 { "it is" } else { "they are" }
        ));
    }
    if check && changed > 0 {
        text.push_str("; run `accsm fmt` to format them");
    }
    text.push('\n');
    output::eprint(&text);
}
