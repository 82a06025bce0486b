//! The arguments of the commands that read the data and print it: `list`, `show`, `trend`,
//! `returns`, `arcs`, `kpis`, `chairs`.

use accsm::query::Filters;
use accsm::report::GroupBy;
use clap::ValueEnum;

use super::ListFormat;

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

pub(super) const LIST_HELP: &str = "\
Examples:
  accsm list --coordinator Indonesia --year 2023
  accsm list --area PA3 --format markdown
  accsm list --group-by coordinator";

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// PLAN/NUMBER, e.g. accsm-2021-2025/5.
    #[arg(value_name = "PLAN/NUMBER")]
    pub programme: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
    /// Read every file, not the cache of what unchanged files hold (.accsm-cache/).
    #[arg(long)]
    pub no_cache: bool,
}

/// `table` is the readable default, as for every other report (`text`, its old name, is still
/// accepted, so scripts written for it keep working).
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ShowFormat {
    #[value(alias = "text")]
    Table,
    Json,
}

pub(super) const SHOW_HELP: &str = "\
Examples:
  accsm show accsm-2021-2025/5
  accsm show accsm-plus-three-2021-2025/19 --format json";

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

pub(super) const TREND_HELP: &str = "\
Examples:
  accsm trend --kpi A.1
  accsm --root examples/kpi-returns trend --kpi A.1.1 --country Singapore --explain
  accsm trend --midterm --format csv > midterm.csv";

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

pub(super) const RETURNS_HELP: &str = "\
Examples:
  accsm returns
  accsm returns --kpi D.2 --kpi D.2.1 --format csv > returns.csv";

#[derive(Debug, clap::Args)]
pub struct ArcsArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

pub(super) const ARCS_HELP: &str = "\
Examples:
  accsm arcs
  accsm arcs --format csv > arcs.csv";

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

pub(super) const KPIS_HELP: &str = "\
Examples:
  accsm kpis
  accsm kpis D.1.1
  accsm kpis --format json > kpis.json";

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

pub(super) const CHAIRS_HELP: &str = "\
Examples:
  accsm chairs
  accsm chairs --next";
