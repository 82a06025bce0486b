//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "accsm",
    version,
    about = "Keep the ACCSM work plans as plain-text TOML: check them, list them, report on them",
    long_about = None,
)]
pub struct Cli {
    /// The work-plan repository (the folder holding accsm.toml). Default: the nearest one above
    /// the working directory.
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the data files and report every problem at once.
    Validate(ValidateArgs),
    /// Print the catalogue of finding codes with their severity and meaning.
    Rules,
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files or folders to check instead of the repository's data folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Treat findings of this level as errors (exit 1).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Findings with the source line and the span underlined.
    Human,
    /// One JSON document with every finding and a summary.
    Json,
    /// GitHub Actions annotations (::error file=…,line=…::message).
    Github,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Deny {
    Warnings,
}
