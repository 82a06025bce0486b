//! Finding programmes: filters by coordinator, year, area and references, resolved against the
//! reference lists so that `Laos`, `lao pdr` and `LAO` mean the same country, and a filter that
//! matches nothing known is reported with a suggestion instead of silently listing nothing.

mod kpis;

pub use kpis::{by_country_and_year, kpi_plan, select_countries, select_kpis};

use std::collections::BTreeSet;

use crate::check::references::Catalog;
use crate::model::{Dataset, Programme, RefKind, Status};
use crate::source::{FileId, Span, Spanned};
use crate::strings::Str;
use crate::text::did_you_mean;

/// What the user asked for, as typed. Values of one filter are ORed; filters are ANDed.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub plans: Vec<String>,
    pub coordinators: Vec<String>,
    pub years: Vec<i64>,
    pub areas: Vec<String>,
    pub kras: Vec<String>,
    pub measures: Vec<String>,
    pub declarations: Vec<String>,
    pub partners: Vec<String>,
    pub statuses: Vec<String>,
    pub carried_over: bool,
    pub search: Vec<String>,
}

/// A filter value that names nothing known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    pub message: String,
    pub help: Option<String>,
}

/// The message alone: the binary shows the help on a line of its own (see `src/error.rs`).
impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FilterError {}

impl FilterError {
    pub fn new(message: impl Into<String>) -> Self {
        FilterError {
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

/// A partner filter: a known party by id, or words found in the named partner organisations.
#[derive(Clone, Debug)]
enum PartnerMatch {
    Party(Str),
    Organisation(String),
}

/// Filters resolved to canonical ids.
#[derive(Clone, Debug, Default)]
pub struct Query {
    plans: BTreeSet<Str>,
    coordinators: BTreeSet<Str>,
    years: BTreeSet<i64>,
    areas: BTreeSet<Str>,
    kras: BTreeSet<Str>,
    measures: BTreeSet<Str>,
    declarations: BTreeSet<Str>,
    partners: Vec<PartnerMatch>,
    statuses: BTreeSet<Option<Status>>,
    carried_over: bool,
    search: Vec<String>,
}

/// The status filter's word for a programme with no status.
pub const NOT_REPORTED: &str = "not-reported";

/// Status filter values: the statuses and [`NOT_REPORTED`].
pub fn status_values() -> Vec<&'static str> {
    Status::NAMES
        .iter()
        .copied()
        .chain([NOT_REPORTED])
        .collect()
}

fn unknown(what: &str, value: &str, suggestion: Option<&str>, known: &str) -> FilterError {
    FilterError {
        message: format!("no {what} `{value}` is known"),
        help: Some(match suggestion {
            Some(s) => format!("did you mean {s}?"),
            None => known.to_string(),
        }),
    }
}

/// Resolves a typed reference value, accepting near-miss spellings (`pa 3`, `A.2 v`).
fn resolve_ref(
    catalog: &Catalog<'_>,
    value: &str,
    kinds: &[RefKind],
    what: &str,
) -> Result<Str, FilterError> {
    let typed = Spanned::new(Str::from(value), Span::new(FileId(u32::MAX), 0..0));
    match catalog.resolve(&typed, kinds) {
        (Some(entry), _) => Ok(entry.id.value.clone()),
        (None, finding) => Err(FilterError {
            message: format!("no {what} `{value}` is known"),
            help: finding.and_then(|d| d.help),
        }),
    }
}

impl Query {
    /// Resolves every filter value, or says which one names nothing known.
    pub fn new(data: &Dataset, catalog: &Catalog<'_>, f: &Filters) -> Result<Query, FilterError> {
        let mut q = Query {
            carried_over: f.carried_over,
            years: f.years.iter().copied().collect(),
            search: f.search.iter().map(|s| s.to_lowercase()).collect(),
            ..Query::default()
        };
        for plan in &f.plans {
            q.plans.extend(resolve_plans(data, plan)?);
        }
        for c in &f.coordinators {
            let kinds = [RefKind::Country, RefKind::Body];
            q.coordinators
                .insert(resolve_party(catalog, c, &kinds, "coordinator")?);
        }
        for a in &f.areas {
            let kinds = [RefKind::PriorityArea, RefKind::ThematicArea];
            q.areas.insert(resolve_ref(
                catalog,
                a,
                &kinds,
                "priority or thematic area",
            )?);
        }
        for k in &f.kras {
            q.kras
                .insert(resolve_ref(catalog, k, &[RefKind::Kra], "KRA")?);
        }
        for m in &f.measures {
            let kinds = [RefKind::Measure, RefKind::ApscLine];
            q.measures
                .insert(resolve_ref(catalog, m, &kinds, "strategic measure")?);
        }
        for d in &f.declarations {
            q.declarations.insert(resolve_ref(
                catalog,
                d,
                &[RefKind::Declaration],
                "declaration",
            )?);
        }
        for p in &f.partners {
            q.partners.push(resolve_partner(data, catalog, p)?);
        }
        for s in &f.statuses {
            q.statuses.insert(resolve_status(s)?);
        }
        Ok(q)
    }

    /// Whether a programme passes every filter.
    pub fn matches(&self, data: &Dataset, p: &Programme) -> bool {
        let any = |set: &BTreeSet<Str>, values: &[crate::model::Text]| {
            set.is_empty() || values.iter().any(|v| set.contains(&v.value))
        };
        (self.plans.is_empty() || self.plans.contains(&p.plan.value))
            && any(&self.coordinators, p.coordinators())
            && any(&self.areas, p.areas())
            && any(&self.kras, p.kras())
            && (self.measures.is_empty()
                || p.measures()
                    .iter()
                    .chain(p.apsc_lines())
                    .any(|m| self.measures.contains(&m.value)))
            && any(&self.declarations, p.declarations())
            && (self.years.is_empty()
                || programme_years(data, p)
                    .iter()
                    .any(|y| self.years.contains(y)))
            && (self.partners.is_empty() || self.partners.iter().any(|m| partner_matches(m, p)))
            && (self.statuses.is_empty()
                || self.statuses.contains(&p.status.as_ref().map(|s| s.value)))
            && (!self.carried_over || p.carried_over)
            && (self.search.is_empty()
                || self
                    .search
                    .iter()
                    .any(|s| searchable(p).contains(s.as_str())))
    }

    pub fn filters_by_year(&self) -> bool {
        !self.years.is_empty()
    }

    /// Whether some year asked for lies in a loaded plan's period.
    pub fn some_year_covered(&self, data: &Dataset) -> bool {
        self.years
            .iter()
            .any(|y| data.plans.iter().any(|p| p.years().contains(y)))
    }

    /// Notes for the years asked for that no loaded plan covers, which can match nothing: the
    /// periods there are, and for a short year (`22`) the year it likely means.
    pub fn year_notes(&self, data: &Dataset) -> Vec<String> {
        let periods: Vec<(i64, i64)> = data
            .plans
            .iter()
            .map(|p| (*p.years().start(), *p.years().end()))
            .collect();
        let covered = |y: i64| periods.iter().any(|&(a, b)| (a..=b).contains(&y));
        let mut spans: Vec<String> = periods.iter().map(|(a, b)| format!("{a}-{b}")).collect();
        spans.sort();
        spans.dedup();
        self.years
            .iter()
            .filter(|&&y| !covered(y))
            .map(|&y| {
                let mut note = format!(
                    "no plan covers {y}, so no programme can match it; the plans cover {}",
                    spans.join(", ")
                );
                if (0..100).contains(&y) && covered(2000 + y) {
                    note.push_str(&format!(" (did you mean {}?)", 2000 + y));
                }
                note
            })
            .collect()
    }
}

/// The plans a `--plan` value names: a plan by its id, or every plan of a body by the short
/// label the tables print (`ACCSM+3`), in any case.
pub fn resolve_plans(data: &Dataset, plan: &str) -> Result<Vec<Str>, FilterError> {
    let typed = plan.trim();
    if let Some(p) = data
        .plans
        .iter()
        .find(|p| p.id.value.eq_ignore_ascii_case(typed))
    {
        return Ok(vec![p.id.value.clone()]);
    }
    let of_body: Vec<Str> = data
        .plans
        .iter()
        .filter(|p| {
            p.body
                .as_ref()
                .is_some_and(|b| b.value.eq_ignore_ascii_case(typed))
        })
        .map(|p| p.id.value.clone())
        .collect();
    if !of_body.is_empty() {
        return Ok(of_body);
    }
    let ids: Vec<&str> = data.plans.iter().map(|p| p.id.value.as_str()).collect();
    let named: Vec<String> = data
        .plans
        .iter()
        .map(|p| match &p.body {
            Some(b) => format!("{} ({})", p.id.value, b.value),
            None => p.id.value.to_string(),
        })
        .collect();
    let suggestion = did_you_mean(plan, ids.iter().copied()).map(|s| format!("`{s}`"));
    Err(unknown(
        "plan",
        plan,
        suggestion.as_deref(),
        &format!("the plans are: {}", named.join(", ")),
    ))
}

/// A status, or `None` for "not reported".
fn resolve_status(typed: &str) -> Result<Option<Status>, FilterError> {
    let word = typed.trim().to_lowercase().replace(' ', "-");
    if word == NOT_REPORTED || word == "none" {
        return Ok(None);
    }
    if let Some(status) = Status::from_name(&word) {
        return Ok(Some(status));
    }
    let values = status_values();
    let suggestion = did_you_mean(&word, values.iter().copied()).map(|s| format!("`{s}`"));
    Err(unknown(
        "status",
        typed,
        suggestion.as_deref(),
        &format!("use one of: {}", values.join(", ")),
    ))
}

fn resolve_party(
    catalog: &Catalog<'_>,
    value: &str,
    kinds: &[RefKind],
    what: &str,
) -> Result<Str, FilterError> {
    if let Some(found) = catalog
        .party_by_name(value)
        .filter(|e| kinds.contains(&e.kind))
    {
        return Ok(found.id.value.clone());
    }
    if let Some(why) = catalog.party_hint(value, &format!("a {what}"), |e| kinds.contains(&e.kind))
    {
        return Err(FilterError {
            message: format!("no {what} `{value}` is known"),
            help: Some(why),
        });
    }
    let names = catalog.party_names(kinds);
    let suggestion = did_you_mean(value, names.iter().map(|(n, _)| n.as_str()))
        .and_then(|n| names.iter().find(|(name, _)| name == n))
        .map(|(name, id)| format!("{name} (`{id}`)"));
    Err(unknown(
        what,
        value,
        suggestion.as_deref(),
        "use a country's id (IDN), official name (Indonesia) or common spelling (Laos, Vietnam)",
    ))
}

fn resolve_partner(
    data: &Dataset,
    catalog: &Catalog<'_>,
    value: &str,
) -> Result<PartnerMatch, FilterError> {
    let kinds = [RefKind::Country, RefKind::Body, RefKind::Group];
    if let Some(found) = catalog
        .party_by_name(value)
        .filter(|e| kinds.contains(&e.kind))
    {
        return Ok(PartnerMatch::Party(found.id.value.clone()));
    }
    let lowered = value.to_lowercase();
    let named = data.programmes.iter().any(|p| {
        p.partner_organisations()
            .iter()
            .any(|o| o.value.to_lowercase().contains(&lowered))
    });
    if named && !lowered.trim().is_empty() {
        return Ok(PartnerMatch::Organisation(lowered));
    }
    resolve_party(catalog, value, &kinds, "partner").map(PartnerMatch::Party)
}

fn partner_matches(m: &PartnerMatch, p: &Programme) -> bool {
    match m {
        PartnerMatch::Party(id) => {
            p.partners().iter().any(|x| x.value == *id)
                || p.budget
                    .as_ref()
                    .and_then(|b| b.funded_by.as_ref())
                    .is_some_and(|f| f.value == *id)
        }
        PartnerMatch::Organisation(words) => p
            .partner_organisations()
            .iter()
            .any(|o| o.value.to_lowercase().contains(words)),
    }
}

/// Lower-cased text a `--search` looks through: title, activities, named partners and note.
fn searchable(p: &Programme) -> String {
    let mut text = p.title.value.to_lowercase();
    for t in p
        .activities()
        .iter()
        .chain(p.partner_organisations())
        .chain(p.note.iter())
    {
        text.push('\n');
        text.push_str(&t.value.to_lowercase());
    }
    text
}

/// The years a programme's timeline covers, resolved against its plan's period.
pub fn programme_years(data: &Dataset, p: &Programme) -> Vec<i64> {
    let Some(t) = &p.timeline else {
        return Vec::new();
    };
    match data.plan(&p.plan.value) {
        Some(plan) => t.value.years(plan.start.value, plan.end.value),
        None => t
            .value
            .bounds()
            .map(|(a, b)| (a..=b).collect())
            .unwrap_or_default(),
    }
}

/// The programmes matching a query, in stable order: by plan (as the plans are listed), then by
/// published number.
pub fn select<'a>(data: &'a Dataset, query: &Query) -> Vec<&'a Programme> {
    let plan_rank = |id: &str| {
        data.plans
            .iter()
            .position(|p| p.id.value == id)
            .unwrap_or(usize::MAX)
    };
    let mut found: Vec<&Programme> = data
        .programmes
        .iter()
        .filter(|p| query.matches(data, p))
        .collect();
    found.sort_by(|a, b| {
        (plan_rank(&a.plan.value), &a.plan.value, a.number.value).cmp(&(
            plan_rank(&b.plan.value),
            &b.plan.value,
            b.number.value,
        ))
    });
    found
}
