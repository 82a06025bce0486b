//! The arguments of the commands that make files: `new return|programme|update|updates|plan`,
//! `import return|updates`, `init`.

use std::path::PathBuf;

use clap::Subcommand;

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

pub(super) const NEW_HELP: &str = "\
Examples:
  accsm new return --country IDN --year 2023
  accsm new return --country \"Lao PDR\" --year 2024
  accsm new programme --plan accsm-2021-2025 --coordinator IDN --title \"Digital Government Forum\"";

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

pub(super) const NEW_RETURN_HELP: &str = "\
Examples:
  accsm new return --country IDN --year 2023
  accsm new return --country \"Lao PDR\" --year 2024 --out returns/LAO/2024.toml
  accsm new return --country IDN --year 2023 --format xlsx
  accsm new return --country IDN --year 2023 --format xlsx --from data/returns/IDN/2023.toml";

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

pub(super) const NEW_PROGRAMME_HELP: &str = "\
Examples:
  accsm new programme --plan accsm-2021-2025 --coordinator IDN --title \"Digital Government Forum\"
  accsm new programme --plan accsm-plus-three-2021-2025 --coordinator Thailand --title \"…\" --year 2025
  accsm new programme --plan ACCSM+3 --coordinator Malaysia --coordinator Singapore --title \"…\"";

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

pub(super) const NEW_UPDATE_HELP: &str = "\
The update is checked with the rest of the data as `accsm validate` checks it, and written only
when it has no error. An update of the same programme and date is never replaced.

Examples:
  accsm new update accsm-2021-2025/17 --status completed --meeting \"22nd ACCSM SOM\" --date 2024-08
  accsm new update accsm-2021-2025/17 --status ongoing --meeting \"23rd ACCSM SOM\" \\
      --note \"Reopened for a second cohort\" --participants 40 --cost 12000 --currency USD";

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

pub(super) const NEW_UPDATES_HELP: &str = "\
Examples:
  accsm new updates --coordinator IDN --format xlsx
  accsm new updates --coordinator Thailand --plan accsm-plus-three-2021-2025 --out th.xlsx";

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

pub(super) const NEW_PLAN_HELP: &str = "Examples:
  accsm new plan accsm-2026-2030 --from accsm-2021-2025 --carry-over --kpis
  accsm new plan accsm-plus-three-2026-2030 --from accsm-plus-three-2021-2025 --carry-over
  accsm new plan accsm-2026-2030 --from accsm-2021-2025 --carry-over --status ongoing

See docs/next-plan.md.";

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
pub struct ImportReturnArgs {
    /// The filled-in workbook (.xlsx) or CSV file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the return even when it has errors, with the findings as comments at its top; and
    /// replace an earlier import of the same return (showing what changes), never another file.
    #[arg(long)]
    pub force: bool,
}

pub(super) const IMPORT_RETURN_HELP: &str = "\
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

#[derive(Debug, clap::Args)]
pub struct ImportUpdatesArgs {
    /// The filled-in workbook (.xlsx) or CSV file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub(super) const IMPORT_UPDATES_HELP: &str = "\
The sheet Updates is read: the columns Plan, Number, Date, Status, Meeting, What was done, Note,
Participants, AMS taking part, Cost, Currency and Links (the others are for people). A row whose
update columns are all empty is passed over. Each filled-in row becomes
updates/PLAN/NUMBER/DATE.toml; all are checked with the rest of the data as `accsm validate`
checks updates, and none is written while any has an error. Every finding names the sheet, row
and column of its cell.

Examples:
  accsm import updates IDN-2026-12-06.xlsx
  accsm import updates updates.csv";

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

pub(super) const INIT_HELP: &str = "\
Examples:
  accsm init accsm-plans --period 2026-2030
  accsm init accsm-plus-three --period 2026-2030 --plus-three";
