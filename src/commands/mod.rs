//! One module per subcommand.

mod rules;
mod validate;

use std::process::ExitCode;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Validate(args) => validate::run(cli.root.as_deref(), args),
        Command::Rules => rules::run(),
    }
}
