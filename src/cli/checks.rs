//! The arguments of the commands that check and tidy the data: `validate`, `rules`, `fmt`,
//! `fix`.

use std::path::PathBuf;

use clap::ValueEnum;

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files or folders to report on. Inside the repository's data folders they are checked
    /// against the whole repository; elsewhere they are checked instead of it.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Treat findings of this level as errors (exit 1). Findings accepted with an
    /// `# accsm: allow(code) reason` comment do not count.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<Deny>,

    /// Report only findings on lines added or changed since this git revision (and in files
    /// added since), e.g. `--changed-since origin/main`.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,

    /// Read and parse every file, not the cache of what unchanged files hold (.accsm-cache/).
    /// The cache is not used where the CI variable is set (ACCSM_CACHE=on|off decides).
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Findings with the source line and the span underlined.
    Human,
    /// One JSON document with every finding and a summary.
    Json,
    /// GitHub Actions annotations (::error file=…,line=…::message).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning (no cap on findings per step); accepted findings
    /// are included as suppressed.
    Sarif,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Deny {
    Warnings,
}

pub(super) const VALIDATE_HELP: &str = "\
Examples:
  accsm validate                                   check the repository's data folder
  accsm validate --format json > findings.json     every finding in one JSON document
  accsm validate --format github --deny warnings   in a GitHub Actions workflow
  accsm validate --format sarif > accsm.sarif      for GitHub code scanning

Exit codes:
  0  no errors (warnings and notes may be shown)
  1  at least one error; with --deny warnings, a warning counts as one
  2  accsm could not run: a mistake in the command, an unreadable path, no accsm.toml";

pub(super) const RULES_HELP: &str = "\
Examples:
  accsm rules
  accsm rules | grep reference";

/// `accsm fmt`: keys in the schema's order, one spacing, one list style, inline budgets.
#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Files or folders to format instead of the repository's data folders.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Change nothing: print what would change as a diff, and exit 1 if anything would.
    #[arg(long)]
    pub check: bool,
}

pub(super) const FMT_HELP: &str = "\
Examples:
  accsm fmt                       format every data file of the repository
  accsm fmt --check               print what would change as a diff; exit 1 if anything would
  accsm fmt data/plans/new.toml   format one file";

/// `accsm fix`: canonical id spellings, ids for names, single-candidate typos, misplaced APSC
/// lines.
#[derive(Debug, clap::Args)]
pub struct FixArgs {
    /// Files or folders to check and fix instead of the repository's data folders.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Change nothing: print the diff of what would change.
    #[arg(long)]
    pub dry_run: bool,
    /// Only fix findings with this code (see `accsm rules`); repeat for several.
    #[arg(long, value_name = "CODE")]
    pub code: Vec<String>,
}

pub(super) const FIX_HELP: &str = "\
Examples:
  accsm fix --dry-run                         show the fixes as a diff, change nothing
  accsm fix                                   apply them, then check again
  accsm fix --code misspelled-reference       apply the fixes of one finding code";
