//! Command-line arguments.

use std::path::PathBuf;

use accsm::query::Filters;
use accsm::report::GroupBy;
use clap::{Parser, Subcommand, ValueEnum};

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
    #[command(after_help = NEW_RETURN_HELP)]
    Return(NewReturnArgs),
    /// A programme for a plan, with the next free number and every field, in the plan's file.
    #[command(after_help = NEW_PROGRAMME_HELP)]
    Programme(NewProgrammeArgs),
    /// A progress update of one programme: its status, the meeting it was given to, what was
    /// done, in a file of its own (updates/PLAN/NUMBER/DATE.toml).
    #[command(after_help = NEW_UPDATE_HELP)]
    Update(Box<NewUpdateArgs>),
    /// A workbook of one coordinator's programmes, a row each with its current status, to fill
    /// in with progress updates and read back with `accsm import updates`.
    #[command(after_help = NEW_UPDATES_HELP)]
    Updates(NewUpdatesArgs),
    /// The next plan after one that ends: its record, and with --carry-over the programmes not
    /// completed, with --kpis the KPI framework.
    #[command(after_help = NEW_PLAN_HELP)]
    Plan(NewPlanArgs),
}

const NEW_PLAN_HELP: &str = "Examples:
  accsm new plan accsm-2026-2030 --from accsm-2021-2025 --carry-over --kpis
  accsm new plan accsm-plus-three-2026-2030 --from accsm-plus-three-2021-2025 --carry-over
  accsm new plan accsm-2026-2030 --from accsm-2021-2025 --carry-over --status ongoing

See docs/next-plan.md.";

#[derive(Debug, clap::Args)]
pub struct NewPlanArgs {
    /// The new plan's id (accsm-2026-2030); it names the plan's file.
    #[arg(value_name = "ID")]
    pub id: String,
    /// The plan it follows (accsm-2021-2025).
    #[arg(long, value_name = "PLAN")]
    pub from: String,
    /// Its period. Default: the years after the old plan's, as many as it had.
    #[arg(long, value_name = "START-END")]
    pub period: Option<String>,
    /// The results framework its programmes cite. Default: the one framework besides the old
    /// plan's (the ASCC Strategic Plan), else the old plan's.
    #[arg(long, value_name = "ID")]
    pub framework: Option<String>,
    /// Copy the old plan's programmes not completed, with new numbers, `carried_over = true` and
    /// a `from` link.
    #[arg(long)]
    pub carry_over: bool,
    /// With --carry-over: the statuses to carry (planned, ongoing, completed, not-reported).
    /// Default: all but completed.
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<String>,
    /// Copy the old plan's KPIs to the new plan (a kpis-ID.toml beside the old KPIs).
    #[arg(long)]
    pub kpis: bool,
}

/// `accsm new updates --coordinator WHO --format xlsx`.
#[derive(Debug, clap::Args)]
pub struct NewUpdatesArgs {
    /// The coordinator: a country or body, by id or name.
    #[arg(long, value_name = "WHO")]
    pub coordinator: String,
    /// Only this plan's programmes (an id or label); repeat for several. Default: every plan.
    #[arg(long, value_name = "PLAN")]
    pub plan: Vec<String>,
    /// The form to write: an Excel workbook (the only one).
    #[arg(long, value_enum, default_value_t = UpdatesFormat::Xlsx)]
    pub format: UpdatesFormat,
    /// Where to write. Default: updates/WHO-TODAY.xlsx in the data folder.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum UpdatesFormat {
    Xlsx,
}

const NEW_UPDATES_HELP: &str = "\
Examples:
  accsm new updates --coordinator IDN --format xlsx
  accsm new updates --coordinator Thailand --plan accsm-plus-three-2021-2025 --out th.xlsx";

/// `accsm new update PLAN/NUMBER --status STATUS --meeting TEXT`.
#[derive(Debug, clap::Args)]
pub struct NewUpdateArgs {
    /// PLAN/NUMBER, e.g. accsm-2021-2025/17.
    #[arg(value_name = "PLAN/NUMBER")]
    pub programme: String,
    /// Where the programme stands.
    #[arg(long, value_name = "STATUS", value_parser = clap::builder::PossibleValuesParser::new(accsm::model::Status::NAMES))]
    pub status: String,
    /// The meeting or report the update is given to, e.g. "22nd ACCSM SOM".
    #[arg(long, value_name = "TEXT")]
    pub meeting: String,
    /// The day (2024-08-20) or month (2024-08) of the update. Default: today.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// What was done.
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// Why, when the status goes back (completed → ongoing), or anything else to say.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// How many people took part.
    #[arg(long, value_name = "N")]
    pub participants: Option<i64>,
    /// An AMS that took part, by id (IDN); repeat for several.
    #[arg(long, value_name = "ID")]
    pub ams: Vec<String>,
    /// What the programme actually cost (with --currency).
    #[arg(long, value_name = "AMOUNT", requires = "currency")]
    pub cost: Option<f64>,
    /// The currency of --cost (an ISO 4217 code from the currency list, e.g. USD).
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// A link to an output (a report, a recording); repeat for several.
    #[arg(long, value_name = "URL")]
    pub link: Vec<String>,
    /// Where to write. Default: updates/PLAN/NUMBER/DATE.toml in the data folder.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

const NEW_UPDATE_HELP: &str = "\
The update is checked with the rest of the data as `accsm validate` checks it, and written only
when it has no error. An update of the same programme and date is never replaced.

Examples:
  accsm new update accsm-2021-2025/17 --status completed --meeting \"22nd ACCSM SOM\" --date 2024-08
  accsm new update accsm-2021-2025/17 --status ongoing --meeting \"23rd ACCSM SOM\" \\
      --note \"Reopened for a second cohort\" --participants 40 --cost 12000 --currency USD";

#[derive(Debug, clap::Args)]
pub struct NewProgrammeArgs {
    /// The plan (accsm-2021-2025, accsm-plus-three-2021-2025).
    #[arg(long, value_name = "PLAN")]
    pub plan: String,
    /// The coordinator: a country or body, by id or name; give it once for each coordinator of
    /// a joint programme.
    #[arg(long, value_name = "WHO", required = true)]
    pub coordinator: Vec<String>,
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
    /// Copy the KPIs of the shipped 2021-2025 plan of the same body to the new plan, so that
    /// `accsm kpis`, `accsm new return` and the report work until the plan sets its own.
    #[arg(long)]
    pub kpis: bool,
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
    /// Where to write. Default: returns/<COUNTRY>/<YEAR>.toml (or .xlsx) in the data folder.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// toml: a TOML file to edit; xlsx: an Excel workbook for focal points, read back with
    /// `accsm import return`.
    #[arg(long, value_enum, default_value_t = ReturnFormat::Toml)]
    pub format: ReturnFormat,
    /// With --format xlsx: fill the workbook with the answers of this return (a TOML file).
    #[arg(long, value_name = "FILE", requires = "format")]
    pub from: Option<PathBuf>,
}

/// The forms `accsm new return` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReturnFormat {
    Toml,
    Xlsx,
}

#[derive(Debug, clap::Subcommand)]
pub enum ImportCommand {
    /// A KPI return filled in as a workbook (.xlsx) or a CSV file of the same long shape.
    #[command(after_help = IMPORT_RETURN_HELP)]
    Return(ImportReturnArgs),
    /// Progress updates filled in on the workbook of `accsm new updates` (or a CSV file of its
    /// columns): one update file per filled-in row.
    #[command(after_help = IMPORT_UPDATES_HELP)]
    Updates(ImportUpdatesArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportUpdatesArgs {
    /// The filled-in workbook (.xlsx) or CSV file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

const IMPORT_UPDATES_HELP: &str = "\
The sheet Updates is read: the columns Plan, Number, Date, Status, Meeting, What was done, Note,
Participants, AMS taking part, Cost, Currency and Links (the others are for people). A row whose
update columns are all empty is passed over. Each filled-in row becomes
updates/PLAN/NUMBER/DATE.toml; all are checked with the rest of the data as `accsm validate`
checks updates, and none is written while any has an error. Every finding names the sheet, row
and column of its cell.

Examples:
  accsm import updates IDN-2026-12-06.xlsx
  accsm import updates updates.csv";

#[derive(Debug, clap::Args)]
pub struct ImportReturnArgs {
    /// The filled-in workbook (.xlsx) or CSV file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the return even when it has errors, with the findings as comments at its top; and
    /// replace an earlier import of the same return (showing what changes), never another file.
    #[arg(long)]
    pub force: bool,
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
    /// An entry of a plan's results framework at any level, or at one: `A.2`, `kra=A.2`,
    /// `goal=G1`. Each programme is read in its own plan's framework.
    #[arg(long, value_name = "[LEVEL=]ID")]
    pub cites: Vec<String>,
    /// Shorthand for `--cites kra=ID` (a key result area of the ASCC Blueprint 2025).
    #[arg(long, value_name = "KRA")]
    pub kra: Vec<String>,
    /// Shorthand for `--cites measure=ID`, or an APSC action line (E.1.vii, A.2.2.iii).
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
    /// Only programmes carried over from an earlier plan (marked * in the plan), in every plan.
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
    /// CSV for spreadsheets: start with a UTF-8 byte-order mark, so that Excel reads Thai, Khmer
    /// and Vietnamese names right, and keep text such as `January 2022` or `007` as text (not a
    /// date or a number). Default: `excel` under [defaults] in accsm.toml.
    #[arg(long)]
    pub excel: bool,
}

impl ListArgs {
    fn cite_values(&self) -> Vec<String> {
        self.cites.clone()
    }

    /// The filters, as typed: `Query::new` resolves them against the reference lists.
    pub fn filters(&self) -> Filters {
        Filters {
            plans: self.plan.clone(),
            coordinators: self.coordinator.clone(),
            years: self.year.clone(),
            areas: self.area.clone(),
            kras: self.kra.clone(),
            measures: self.measure.clone(),
            cites: self.cite_values(),
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
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

/// `table` is the readable default, as for every other report (`text`, its old name, is still
/// accepted, so scripts written for it keep working).
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ShowFormat {
    #[value(alias = "text")]
    Table,
    Json,
}

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

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// What the schema is for: `data` (any data file, every table), `manifest` (accsm.toml), or
    /// a table (`programme`, `return`, `kpi`…); repeat for a file that holds several tables.
    /// Default: data.
    #[arg(long, value_name = "KIND", value_parser = schema_kinds())]
    pub kind: Vec<String>,
}

/// The kinds `schema --kind` takes: `data`, `manifest` and every table accsm reads.
fn schema_kinds() -> clap::builder::PossibleValuesParser {
    let mut kinds = vec!["data", "manifest"];
    kinds.extend(accsm::load::table_names());
    clap::builder::PossibleValuesParser::new(kinds)
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
    /// The script clap writes from the command line alone: subcommands, options and fixed
    /// values, without asking accsm for the repository's ids as you type.
    #[arg(long = "static")]
    pub r#static: bool,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// A subcommand (`list`, `validate`, `new-return`…), for its own page. Default: the page of
    /// accsm.
    #[arg(value_name = "SUBCOMMAND", conflicts_with = "out_dir")]
    pub subcommand: Vec<String>,
    /// Write every page (accsm.1, accsm-validate.1 …) into this folder instead.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<std::path::PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ArcsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, clap::Args)]
pub struct KpisArgs {
    /// KPI ids (A.1, D.1.1…) to show in full. Default: the list of every KPI.
    #[arg(value_name = "KPI")]
    pub kpis: Vec<String>,
    /// The plan whose KPIs to show. Default: the plan that has KPIs.
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<String>,
    /// Output format. CSV and JSON always hold every field.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, clap::Args)]
pub struct ChairsArgs {
    /// Who chairs next by the rotation rule of the Terms of Reference (alphabetical order of the
    /// AMS, two-year terms), or why the data cannot tell.
    #[arg(long)]
    pub next: bool,
    /// With --next: how many terms to project (1-30), each by the AMS of its first year.
    #[arg(long, value_name = "N", default_value_t = 1, requires = "next",
          value_parser = clap::value_parser!(u8).range(1..=30))]
    pub terms: u8,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

// The end of each subcommand's --help: real examples, and for validate the exit codes.

const VALIDATE_HELP: &str = "\
Examples:
  accsm validate                                   check the repository's data folder
  accsm validate --format json > findings.json     every finding in one JSON document
  accsm validate --format github --deny warnings   in a GitHub Actions workflow
  accsm validate --format sarif > accsm.sarif      for GitHub code scanning

Exit codes:
  0  no errors (warnings and notes may be shown)
  1  at least one error; with --deny warnings, a warning counts as one
  2  accsm could not run: a mistake in the command, an unreadable path, no accsm.toml";

const LIST_HELP: &str = "\
Examples:
  accsm list --coordinator Indonesia --year 2023
  accsm list --area PA3 --format markdown
  accsm list --group-by coordinator";

const SHOW_HELP: &str = "\
Examples:
  accsm show accsm-2021-2025/5
  accsm show accsm-plus-three-2021-2025/19 --format json";

const TREND_HELP: &str = "\
Examples:
  accsm trend --kpi A.1
  accsm --root examples/kpi-returns trend --kpi A.1.1 --country Singapore --explain
  accsm trend --midterm --format csv > midterm.csv";

const RETURNS_HELP: &str = "\
Examples:
  accsm returns
  accsm returns --kpi D.2 --kpi D.2.1 --format csv > returns.csv";

const NEW_HELP: &str = "\
Examples:
  accsm new return --country IDN --year 2023
  accsm new return --country \"Lao PDR\" --year 2024
  accsm new programme --plan accsm-2021-2025 --coordinator IDN --title \"Digital Government Forum\"";

const NEW_PROGRAMME_HELP: &str = "\
Examples:
  accsm new programme --plan accsm-2021-2025 --coordinator IDN --title \"Digital Government Forum\"
  accsm new programme --plan accsm-plus-three-2021-2025 --coordinator Thailand --title \"…\" --year 2025
  accsm new programme --plan ACCSM+3 --coordinator Malaysia --coordinator Singapore --title \"…\"";

const FMT_HELP: &str = "\
Examples:
  accsm fmt                       format every data file of the repository
  accsm fmt --check               print what would change as a diff; exit 1 if anything would
  accsm fmt data/plans/new.toml   format one file";

const FIX_HELP: &str = "\
Examples:
  accsm fix --dry-run                         show the fixes as a diff, change nothing
  accsm fix                                   apply them, then check again
  accsm fix --code misspelled-reference       apply the fixes of one finding code";

const INIT_HELP: &str = "\
Examples:
  accsm init accsm-plans --period 2026-2030
  accsm init accsm-plus-three --period 2026-2030 --plus-three";

const NEW_RETURN_HELP: &str = "\
Examples:
  accsm new return --country IDN --year 2023
  accsm new return --country \"Lao PDR\" --year 2024 --out returns/LAO/2024.toml
  accsm new return --country IDN --year 2023 --format xlsx
  accsm new return --country IDN --year 2023 --format xlsx --from data/returns/IDN/2023.toml";

const IMPORT_RETURN_HELP: &str = "\
The workbook is the one `accsm new return --format xlsx` writes: the sheet Return holds the
header (country, year, submitted…), the sheet Answers one row per answer field (columns KPI,
Field, Item, Answer are read; the others are for people). A CSV file has the columns of the sheet
Answers, and rows whose KPI is `return` for the header fields. The return is checked as
`accsm validate` checks returns, and written to returns/<COUNTRY>/<YEAR>.toml only when it has no
error; every finding names the sheet, row and column of its cell.

Examples:
  accsm import return IDN-2023.xlsx
  accsm import return IDN-2023.csv
  accsm import return IDN-2023.xlsx --force";

const RULES_HELP: &str = "\
Examples:
  accsm rules
  accsm rules | grep reference";

const SCHEMA_HELP: &str = "\
Save the schema as accsm.schema.json at the root of the repository: the .taplo.toml that
`accsm init` writes (docs/install.md) gives it to every data file, and Even Better TOML then
completes keys and ids and underlines mistakes as you type. Without .taplo.toml, name it on the
first line of each data file, by a path from that file: `#:schema ../../accsm.schema.json` in
data/plans/, `#:schema ../accsm.schema.json` in data/. The ids of the reference lists
(coordinators, areas, framework entries, currencies…) are the allowed values, so print the
schema again after changing those lists.

Examples:
  accsm schema > accsm.schema.json
  accsm schema --kind return > return.schema.json
  accsm schema --kind manifest > manifest.schema.json";

const COMPLETIONS_HELP: &str = "\
The script asks accsm what to offer at each TAB, so options that take ids offer the ids of the
repository you are in (`accsm list --coordinator <TAB>` offers BRN, KHM, IDN…), and fixed sets
their values. Put accsm on the PATH first.

Examples:
  accsm completions bash > ~/.local/share/bash-completion/completions/accsm
  accsm completions zsh > ~/.zfunc/_accsm
  accsm completions fish > ~/.config/fish/completions/accsm.fish
  accsm completions bash --static > accsm.bash      without the repository's ids";

const MAN_HELP: &str = "\
Examples:
  accsm man > accsm.1 && man ./accsm.1
  accsm man list > accsm-list.1
  accsm man --out-dir ~/.local/share/man/man1      every page, for `man accsm-validate`";

const ARCS_HELP: &str = "\
Examples:
  accsm arcs
  accsm arcs --format csv > arcs.csv";

const KPIS_HELP: &str = "\
Examples:
  accsm kpis
  accsm kpis D.1.1
  accsm kpis --format json > kpis.json";

const CHAIRS_HELP: &str = "\
Examples:
  accsm chairs
  accsm chairs --next";

const REPORT_HELP: &str = "\
Examples:
  accsm report --out report.html
  accsm report --midterm --format markdown
  accsm report --end-term --plan accsm-2021-2025 --out end-term.html
  accsm --root examples/kpi-returns report --out report.html";

const EXPORT_HELP: &str = "\
Examples:
  accsm export --format xlsx --out accsm.xlsx
  accsm export --format csv --excel --out tables
  accsm export --format datapackage --out package";

const SITE_HELP: &str = "\
Examples:
  accsm site --out site
  accsm --root examples/kpi-returns site --out site --force

The folder opens from the file system (site/index.html) and from any web server, under any
path; docs/site.md says how GitHub Pages publishes it on every push.";

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

const PROGRESS_HELP: &str = "\
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
