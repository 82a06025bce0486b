//! Command-line arguments.

use std::path::PathBuf;

use accsm::query::Filters;
use accsm::report::GroupBy;
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
    /// List programmes, filtered by coordinator, year, area and references.
    List(Box<ListArgs>),
    /// Show one programme with every reference resolved, e.g. `accsm show accsm-2021-2025/5`.
    Show(ShowArgs),
    /// KPI trends per AMS from the baseline year: increasing, sustained, unchanged, decreasing…
    Trend(TrendArgs),
    /// Reporting completeness: which AMS returned which KPI answers for which year.
    Returns(ReturnsArgs),
    /// Write a new file from a template (`accsm new return --country IDN --year 2023`).
    #[command(subcommand)]
    New(NewCommand),
    /// Rewrite the data files in one layout, so that diffs show only real changes.
    Fmt(FmtArgs),
    /// Apply the fixes accsm is certain of, show them as a diff, and check again.
    Fix(FixArgs),
    /// Make a new work-plan repository: manifest, reference lists, an empty plan, CI.
    Init(InitArgs),
    /// Print the catalogue of finding codes with their severity and meaning.
    Rules,
}

#[derive(Debug, clap::Args)]
pub struct TrendArgs {
    /// KPI id (A.1, D.2.1…); repeat for several. Default: every KPI.
    #[arg(long, value_name = "KPI")]
    pub kpi: Vec<String>,
    /// AMS by id or name; repeat for several. Default: all ten, in alphabetical order.
    #[arg(long, value_name = "WHO")]
    pub country: Vec<String>,
    /// Baseline year. Default: the plan's baseline year (2021).
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i64>,
    /// Last year looked at. Default: the plan's target year (2025).
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i64>,
    /// The mid-term review view: from the baseline to the end of the review period (2022).
    #[arg(long, conflicts_with = "to")]
    pub midterm: bool,
    /// Print, for each status, every input value with its file:line, the rule and the result.
    #[arg(long)]
    pub explain: bool,
    /// The plan whose KPIs to follow. Default: the plan that has KPIs.
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, clap::Args)]
pub struct ReturnsArgs {
    /// Only these KPIs.
    #[arg(long, value_name = "KPI")]
    pub kpi: Vec<String>,
    /// The plan. Default: the plan that has KPIs.
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// A KPI return for one AMS and year, every KPI question as a comment, ready to fill in.
    Return(NewReturnArgs),
    /// A programme for a plan, with the next free number and every field, in the plan's file.
    Programme(NewProgrammeArgs),
}

#[derive(Debug, clap::Args)]
pub struct NewProgrammeArgs {
    /// The plan (accsm-2021-2025, accsm-plus-three-2021-2025).
    #[arg(long, value_name = "PLAN")]
    pub plan: String,
    /// The coordinator: a country or body, by id or name.
    #[arg(long, value_name = "WHO")]
    pub coordinator: String,
    /// The programme's title.
    #[arg(long, value_name = "TEXT")]
    pub title: String,
    /// The year it takes place (its timeline). Default: left to fill in.
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i64>,
}

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

/// `accsm init DIR --period 2026-2030`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to make the repository in: new, or empty.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The period of the first plan, e.g. 2026-2030.
    #[arg(long, value_name = "START-END")]
    pub period: String,
    /// The plan's id. Default: accsm-START-END (accsm-plus-three-START-END with --plus-three).
    #[arg(long, value_name = "ID")]
    pub plan: Option<String>,
    /// The plan is an ACCSM+3 plan (thematic areas) rather than an ACCSM plan (priority areas).
    #[arg(long)]
    pub plus_three: bool,
    /// A name for the repository, shown in reports.
    #[arg(long, value_name = "TEXT", default_value = "ACCSM Work Plans")]
    pub name: String,
}

#[derive(Debug, clap::Args)]
pub struct NewReturnArgs {
    /// The AMS (id or name).
    #[arg(long, value_name = "WHO")]
    pub country: String,
    /// The reporting year.
    #[arg(long, value_name = "YEAR")]
    pub year: i64,
    /// The plan. Default: the plan that has KPIs.
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<String>,
    /// Where to write. Default: returns/<COUNTRY>/<YEAR>.toml in the data folder.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Filters combine with AND; a filter given twice matches either value.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Plan id (accsm-2021-2025, accsm-plus-three-2021-2025). Default: all plans.
    #[arg(long, value_name = "PLAN")]
    pub plan: Vec<String>,
    /// Country coordinator by id, name or common spelling (IDN, Indonesia, Laos, Vietnam, ROK).
    #[arg(long, value_name = "WHO")]
    pub coordinator: Vec<String>,
    /// Programmes whose timeline covers this year. Annually = every year of the plan; Biennially =
    /// the plan's second, fourth… year; TBC and blank timelines match no year.
    #[arg(long, value_name = "YEAR")]
    pub year: Vec<i64>,
    /// Priority or thematic area (PA3, TA2).
    #[arg(long, value_name = "AREA")]
    pub area: Vec<String>,
    /// ASCC key result area (A.2).
    #[arg(long, value_name = "KRA")]
    pub kra: Vec<String>,
    /// ASCC strategic measure or APSC action line (E.1.vii, A.2.2.iii).
    #[arg(long, value_name = "MEASURE")]
    pub measure: Vec<String>,
    /// Declaration I-V.
    #[arg(long, value_name = "NUMERAL")]
    pub declaration: Vec<String>,
    /// Potential partner: a country, group or body, or words from a named organisation.
    #[arg(long, value_name = "WHO")]
    pub partner: Vec<String>,
    /// Progress status: planned, ongoing, completed, not-reported.
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<String>,
    /// Only programmes carried over from the 2016-2020 plan (marked * in the plan).
    #[arg(long)]
    pub carried_over: bool,
    /// Words in the title, activities, named partners or note (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    pub search: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Print counts instead of programmes (coordinator gives a coordinator × year matrix).
    #[arg(long, value_enum, value_name = "FIELD", conflicts_with = "count")]
    pub group_by: Option<GroupField>,
    /// Print only the number of matching programmes.
    #[arg(long)]
    pub count: bool,
}

impl ListArgs {
    /// The filters, as typed: `Query::new` resolves them against the reference lists.
    pub fn filters(&self) -> Filters {
        Filters {
            plans: self.plan.clone(),
            coordinators: self.coordinator.clone(),
            years: self.year.clone(),
            areas: self.area.clone(),
            kras: self.kra.clone(),
            measures: self.measure.clone(),
            declarations: self.declaration.clone(),
            partners: self.partner.clone(),
            statuses: self.status.clone(),
            carried_over: self.carried_over,
            search: self.search.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ListFormat {
    Table,
    Csv,
    Json,
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum GroupField {
    Coordinator,
    Year,
    Area,
    Status,
}

impl From<GroupField> for GroupBy {
    fn from(field: GroupField) -> GroupBy {
        match field {
            GroupField::Coordinator => GroupBy::Coordinator,
            GroupField::Year => GroupBy::Year,
            GroupField::Area => GroupBy::Area,
            GroupField::Status => GroupBy::Status,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// PLAN/NUMBER, e.g. accsm-2021-2025/5.
    #[arg(value_name = "PLAN/NUMBER")]
    pub programme: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ShowFormat {
    Text,
    Json,
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
