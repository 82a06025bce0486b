//! Command-line arguments: the commands (here), and the arguments of each family of them in a
//! file of its own, with the end of its --help (real examples; for validate the exit codes).

mod checks;
mod files;
mod lists;
mod reports;
mod tools;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub use checks::*;
pub use files::*;
pub use lists::*;
pub use reports::*;
pub use tools::*;

#[derive(Debug, Parser)]
#[command(
    name = "accsm",
    // The version and the commit it was built from (build.rs).
    version = env!("ACCSM_VERSION"),
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
    #[command(after_help = VALIDATE_HELP)]
    Validate(ValidateArgs),
    /// List programmes, filtered by coordinator, year, area and references.
    #[command(after_help = LIST_HELP)]
    List(Box<ListArgs>),
    /// Show one programme with every reference resolved, e.g. `accsm show accsm-2021-2025/5`.
    #[command(after_help = SHOW_HELP)]
    Show(ShowArgs),
    /// KPI trends per AMS from the baseline year: increasing, sustained, unchanged, decreasing…
    #[command(after_help = TREND_HELP)]
    Trend(TrendArgs),
    /// Reporting completeness: which AMS returned which KPI answers for which year.
    #[command(after_help = RETURNS_HELP)]
    Returns(ReturnsArgs),
    /// Write a new file from a template (`accsm new return --country IDN --year 2023`).
    #[command(subcommand, after_help = NEW_HELP)]
    New(NewCommand),
    /// Rewrite the data files in one layout, so that diffs show only real changes.
    #[command(after_help = FMT_HELP)]
    Fmt(FmtArgs),
    /// Apply the fixes accsm is certain of, show them as a diff, and check again.
    #[command(after_help = FIX_HELP)]
    Fix(FixArgs),
    /// Make a new work-plan repository: manifest, reference lists, an empty plan, CI.
    #[command(after_help = INIT_HELP)]
    Init(InitArgs),
    /// Print the catalogue of finding codes with their severity and meaning.
    #[command(after_help = RULES_HELP)]
    Rules,
    /// Print the JSON Schema of the data files, for editors that check TOML as you type.
    #[command(after_help = SCHEMA_HELP)]
    Schema(SchemaArgs),
    /// Print shell completions for accsm (bash, zsh, fish, powershell, elvish).
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
    /// Print the manual page of accsm, or of one subcommand, in roff.
    #[command(after_help = MAN_HELP)]
    Man(ManArgs),
    /// List the ASEAN Resource Centres (ARCs), one per AMS.
    #[command(after_help = ARCS_HELP)]
    Arcs(ArcsArgs),
    /// List the KPIs of the M&E framework, or show one: questions, answer form, baseline and
    /// target.
    #[command(after_help = KPIS_HELP)]
    Kpis(KpisArgs),
    /// List the ACCSM chairs; --next gives the next one by the rotation rule.
    #[command(after_help = CHAIRS_HELP)]
    Chairs(ChairsArgs),
    /// Progress of implementation: programmes planned, overdue, ongoing, completed… per plan,
    /// coordinator or area, as of a date, and what changed since the last meeting.
    #[command(after_help = PROGRESS_HELP)]
    Progress(ProgressArgs),
    /// The monitoring and evaluation report for the meetings: one HTML page (or Markdown).
    #[command(after_help = REPORT_HELP)]
    Report(ReportArgs),
    /// Every record as tables: CSV, JSON, JSON lines, a data package, an Excel workbook.
    #[command(after_help = EXPORT_HELP)]
    Export(ExportArgs),
    /// The web-based M&E system as a static website: a folder of pages to open or publish.
    #[command(after_help = SITE_HELP)]
    Site(SiteArgs),
    /// Read a filled-in file into the repository (`accsm import return FILE.xlsx`).
    #[command(subcommand)]
    Import(ImportCommand),
}

/// The output formats of the listings, and of most reports.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ListFormat {
    Table,
    Csv,
    Json,
    Markdown,
}
