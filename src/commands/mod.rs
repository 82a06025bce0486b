//! One module per subcommand, and the loading they share.

mod export;
mod list;
mod new;
mod returns;
mod rules;
mod show;
mod trend;
mod validate;

use std::path::Path;
use std::process::ExitCode;

use accsm::diag::{Code, Tally};
use accsm::load::Loaded;
use accsm::load::workspace::Workspace;

use crate::cli::{Cli, Command};
use crate::error::Error;
use crate::output;

pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Validate(args) => validate::run(cli.root.as_deref(), args),
        Command::List(args) => list::run(cli.root.as_deref(), *args),
        Command::Show(args) => show::run(cli.root.as_deref(), args),
        Command::Trend(args) => trend::run(cli.root.as_deref(), args),
        Command::Returns(args) => returns::run(cli.root.as_deref(), args),
        Command::New(crate::cli::NewCommand::Return(args)) => new::run(cli.root.as_deref(), args),
        Command::Rules => rules::run(),
        Command::Export(args) => export::run(cli.root.as_deref(), args),
    }
}

/// Loads the repository's data for a report. Reports work on what could be read; when the data
/// has errors, a line on standard error says so and points to `accsm validate`.
pub fn load_repository(root: Option<&Path>) -> Result<Loaded, Error> {
    let workspace = Workspace::open(root)?;
    let (files, problems) = workspace.data_files();
    // A folder that cannot be read stops a report; a file left unread for a reason of its own
    // (a link that leads out of the repository) is one more error in the data.
    let (fatal, findings): (Vec<_>, Vec<_>) = problems
        .into_iter()
        .partition(|p| matches!(p.code, Code::Io | Code::NoData));
    if let Some(p) = fatal.into_iter().next() {
        let e = Error::io(p.message);
        return Err(match p.help {
            Some(help) => e.with_help(help),
            None => e,
        });
    }
    let mut loaded = accsm::load::load_files(&files);
    loaded.diagnostics.extend(findings);
    let errors = Tally::of(&loaded.diagnostics).errors;
    if errors > 0 {
        output::warning(&format!(
            "the data has {errors} error{} that may leave records out; run `accsm validate` to see {}",
            if errors == 1 { "" } else { "s" },
            if errors == 1 { "it" } else { "them" }
        ));
    }
    Ok(loaded)
}

/// Width for tables: `COLUMNS` when set (so output is stable in scripts and tests), otherwise the
/// terminal's own width.
pub fn table_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
}
