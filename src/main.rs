//! The `accsm` command line: parses arguments and hands each subcommand to its module. Every
//! failure reaches `main` as one [`error::Error`] and is shown here, once.

#![forbid(unsafe_code)]

mod cli;
mod commands;
mod error;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A shell asking for completions (`accsm completions`) is answered here, and nothing else
    // runs.
    commands::answer_shell();
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(e) => {
            // clap's own usage errors (exit 2), and --help and --version (exit 0). A closed
            // stream is not worth a panic here either.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match commands::run(args) {
        Ok(code) => code,
        Err(e) => {
            output::eprint(&e.render());
            e.exit_code()
        }
    }
}
