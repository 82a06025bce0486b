//! The `accsm` command line: parses arguments and hands each subcommand to its module.

#![forbid(unsafe_code)]
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match commands::run(args) {
        Ok(code) => code,
        Err(e) if output::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // The message may quote a manifest line or a path: escape what a terminal would obey.
            eprintln!(
                "error: {}",
                accsm::text::terminal_safe_lines(&format!("{e:#}"))
            );
            ExitCode::from(2)
        }
    }
}
