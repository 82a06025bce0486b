//! The arguments of the reports for meetings and for other programs: `progress`, `report`,
//! `export`, `site`.

use std::path::PathBuf;

use clap::ValueEnum;

use super::ListFormat;

/// `accsm progress`: the review table of the Senior Officials Meeting.
#[derive(Debug, clap::Args)]
pub struct ProgressArgs {
    /// Count per plan, per coordinator (a joint programme once for each) or per area.
    #[arg(long, value_enum, default_value_t = ProgressGroup::Plan)]
    pub by: ProgressGroup,
    /// Count as of this date: YYYY-MM-DD, YYYY-MM (the end of the month) or YYYY. Default: each
    /// programme's latest update, and overdue against this year.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Also list the programmes with an update after this date (the last meeting's), with
    /// their status then and now; with --format csv, only that list.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only this plan, by id or label (ACCSM+3); repeat for several. Default: every plan.
    #[arg(long, value_name = "PLAN")]
    pub plan: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ProgressGroup {
    Plan,
    Coordinator,
    Area,
}

pub(super) const PROGRESS_HELP: &str = "\
Examples:
  accsm progress
  accsm progress --by coordinator --as-of 2024-08
  accsm progress --by area --since 2023-08 --format markdown
  accsm --root examples/progress progress --as-of 2024-08";

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Output format: one self-contained HTML page (charts, print stylesheet) or Markdown.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output (anywhere you can write; never
    /// over a data file, nor through a symbolic link).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the file --out names if it exists (never a data file of the repository).
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Only this plan, by id or by the label the tables print (ACCSM+3); repeat for several.
    /// Default: every plan.
    #[arg(long, value_name = "PLAN")]
    pub plan: Vec<String>,
    /// The mid-term review report: KPI trends from the baseline to the end of the review period
    /// (2022), and the mid-term view first.
    #[arg(long, conflicts_with = "end_term")]
    pub midterm: bool,
    /// The end-term report: the programmes' final status and what was carried over, each KPI
    /// from the baseline to the target year (2025), the end-term view first.
    #[arg(long)]
    pub end_term: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Html,
    Markdown,
}

pub(super) const REPORT_HELP: &str = "\
Examples:
  accsm report --out report.html
  accsm report --midterm --format markdown
  accsm report --end-term --plan accsm-2021-2025 --out end-term.html
  accsm --root examples/kpi-returns report --out report.html";

/// `accsm export`: one table per record kind, long-form tables for lists and KPI answers.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// What to write: csv, json (a folder, one file a table), jsonl (one file, a record a line),
    /// datapackage (the CSV files and a Frictionless datapackage.json) or xlsx (one workbook, a
    /// sheet a table).
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The folder (csv, json, datapackage) or file (jsonl, xlsx) to write; `-` writes jsonl to
    /// standard output.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Replace an earlier export (a file, or a folder holding only its files) at PATH; nothing
    /// else is ever replaced.
    #[arg(long)]
    pub force: bool,
    /// CSV for spreadsheets: start each file with a UTF-8 byte-order mark, so that Excel reads
    /// Thai, Khmer and Vietnamese text right, and keep text such as `January 2022` or `007` as
    /// text (not a date or a number). Default: `excel` under [defaults] in accsm.toml.
    #[arg(long)]
    pub excel: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
    Jsonl,
    Datapackage,
    Xlsx,
}

pub(super) const EXPORT_HELP: &str = "\
Examples:
  accsm export --format xlsx --out accsm.xlsx
  accsm export --format csv --excel --out tables
  accsm export --format datapackage --out package";

/// `accsm site`: the repository as a static website.
#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// The folder to write the site to (made; it must not exist, or be empty, or hold an
    /// earlier site and --force be given).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace an earlier site at DIR; nothing else is ever replaced.
    #[arg(long)]
    pub force: bool,
}

pub(super) const SITE_HELP: &str = "\
Examples:
  accsm site --out site
  accsm --root examples/kpi-returns site --out site --force

The folder opens from the file system (site/index.html) and from any web server, under any
path; docs/site.md says how GitHub Pages publishes it on every push.";
