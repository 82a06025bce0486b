//! Finding programmes: filters by coordinator, year, area and references, resolved against the
//! reference lists so that `Laos`, `lao pdr` and `LAO` mean the same country, and a filter that
//! matches nothing known is reported with a suggestion instead of silently listing nothing.

mod cites;
mod kpis;
mod partners;
mod plans;
pub use plans::{resolve_plan, resolve_plans};
pub mod progress;

pub use kpis::{by_country_and_year, kpi_plan, select_countries, select_kpis};

use std::collections::BTreeSet;

use crate::interned::Str;
use crate::lookup::Catalog;
use crate::model::{Dataset, Programme, RefKind, Status};
use crate::source::{FileId, Span, Spanned};
use crate::spelling::did_you_mean;

/// What the user asked for, as typed. Values of one filter are ORed; filters are ANDed.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    pub plans: Vec<String>,
    pub coordinators: Vec<String>,
    pub years: Vec<i64>,
    pub areas: Vec<String>,
    pub kras: Vec<String>,
    pub measures: Vec<String>,
    /// `LEVEL=ID` or `ID`: entries of the programmes' results frameworks.
    pub cites: Vec<String>,
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

/// Filters resolved to canonical ids.
#[derive(Clone, Debug, Default)]
pub struct Query {
    plans: BTreeSet<Str>,
    coordinators: BTreeSet<Str>,
    years: BTreeSet<i64>,
    areas: BTreeSet<Str>,
    cites: Vec<cites::Cite>,
    declarations: BTreeSet<Str>,
    partners: partners::Partners,
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
        // `--kra` and `--measure` are the shorthands of the ASCC frameworks' level ids.
        for k in &f.kras {
            q.cites
                .push(cites::resolve(data, catalog, &format!("kra={k}"), false)?);
        }
        for m in &f.measures {
            q.cites.push(cites::resolve(
                data,
                catalog,
                &format!("measure={m}"),
                true,
            )?);
        }
        for c in &f.cites {
            q.cites.push(cites::resolve(data, catalog, c, false)?);
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
            q.partners.add(data, catalog, p)?;
        }
        for s in &f.statuses {
            q.statuses.insert(resolve_status(s)?);
        }
        Ok(q)
    }

    /// Whether a programme passes every filter.
    pub fn matches(&self, data: &Dataset, p: &Programme) -> bool {
        self.matches_besides_partners(data, p)
            && (self.partners.is_empty() || self.partners.matches(p))
    }

    /// Whether a `--partner` was given.
    pub fn filters_by_partner(&self) -> bool {
        !self.partners.is_empty()
    }

    /// How a programme matched the partner filter ("named", "via Plus Three Countries", "via
    /// Shanghai Administrative Institute, …"), best first; empty without one.
    pub fn partner_matched(&self, p: &Programme) -> Vec<String> {
        self.partners.matched(p)
    }

    /// Notes on the partner filter: values no programme names ("no programme names UNDP as a
    /// partner"), and programmes naming groups whose members the sources do not list, where a
    /// country asked for may or may not take part.
    pub fn partner_notes(&self, data: &Dataset) -> Vec<String> {
        let mut notes: Vec<String> = self
            .partners
            .unknown()
            .iter()
            .map(|value| unknown_partner_note(data, value))
            .collect();
        notes.extend(self.open_group_note(data));
        notes.extend(self.unplaced_note(data));
        notes
    }

    /// The programmes that pass every other filter and name partners accsm cannot place in a
    /// country, so it cannot tell whether the countries asked for take part through them.
    fn unplaced_note(&self, data: &Dataset) -> Option<String> {
        let countries = self.partners.countries();
        if countries.is_empty() {
            return None;
        }
        let mut said = Vec::new();
        for p in &data.programmes {
            if self.partners.matches(p) || !self.matches_besides_partners(data, p) {
                continue;
            }
            let names = partners::unplaced(data, p);
            if !names.is_empty() {
                said.push(format!(
                    "{}/{} ({})",
                    p.plan.value,
                    p.number.value,
                    names.join("; ")
                ));
            }
        }
        if said.is_empty() {
            return None;
        }
        Some(format!(
            "{} other programme{} name{} partners the sources place in no country: {}; accsm \
             cannot tell whether {} take{} part through them",
            said.len(),
            if said.len() == 1 { "" } else { "s" },
            if said.len() == 1 { "s" } else { "" },
            said.join(", "),
            words_list(countries, "or"),
            if countries.len() == 1 { "s" } else { "" },
        ))
    }

    fn open_group_note(&self, data: &Dataset) -> Option<String> {
        let countries = self.partners.countries();
        if countries.is_empty() {
            return None;
        }
        let open = partners::open_groups(data);
        let mut named: BTreeSet<&str> = BTreeSet::new();
        let mut count = 0usize;
        for p in &data.programmes {
            let mut open_named = p
                .partners()
                .iter()
                .filter_map(|x| open.get(x.value.as_str()))
                .peekable();
            if open_named.peek().is_none()
                || self.partners.matches(p)
                || !self.matches_besides_partners(data, p)
            {
                continue;
            }
            named.extend(open_named.copied());
            count += 1;
        }
        if count == 0 {
            return None;
        }
        let groups: Vec<&str> = named.into_iter().collect();
        Some(format!(
            "{count} other programme{} name{} {}, whose members the sources do not list: accsm \
             cannot tell whether {} take{} part through {}",
            if count == 1 { "" } else { "s" },
            if count == 1 { "s" } else { "" },
            words_list(&groups, "or"),
            words_list(countries, "or"),
            if countries.len() == 1 { "s" } else { "" },
            if groups.len() == 1 { "it" } else { "them" },
        ))
    }

    /// Whether a programme passes every filter but the partner filter.
    fn matches_besides_partners(&self, data: &Dataset, p: &Programme) -> bool {
        let any = |set: &BTreeSet<Str>, values: &[crate::model::Text]| {
            set.is_empty() || values.iter().any(|v| set.contains(&v.value))
        };
        (self.plans.is_empty() || self.plans.contains(&p.plan.value))
            && any(&self.coordinators, p.coordinators())
            && any(&self.areas, p.areas())
            && cites::matches(data, &self.cites, p)
            && any(&self.declarations, p.declarations())
            && (self.years.is_empty()
                || programme_years(data, p)
                    .iter()
                    .any(|y| self.years.contains(y)))
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

    /// Notes for the years asked for that no loaded plan covers: the programmes whose timeline
    /// reaches that year all the same (ACCSM 38, 2020-2021, starts before its plan), or else
    /// that no programme can match it; the periods there are, and for a short year (`22`) the
    /// year it likely means.
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
                let reaching: Vec<String> = data
                    .programmes
                    .iter()
                    .filter(|p| self.matches(data, p) && programme_years(data, p).contains(&y))
                    .map(|p| plans::outside_plan(data, p))
                    .collect();
                let mut note = if reaching.is_empty() {
                    format!(
                        "no plan covers {y}, so no programme can match it; the plans cover {}",
                        spans.join(", ")
                    )
                } else {
                    format!(
                        "no plan covers {y} (the plans cover {}), but {} {} into it: {}",
                        spans.join(", "),
                        if reaching.len() == 1 {
                            "this programme's timeline reaches"
                        } else {
                            "these programmes' timelines reach"
                        },
                        if y < periods.iter().map(|p| p.0).min().unwrap_or(y) {
                            "back"
                        } else {
                            "on"
                        },
                        reaching.join("; ")
                    )
                };
                if (0..100).contains(&y) && covered(2000 + y) {
                    note.push_str(&format!(" (did you mean {}?)", 2000 + y));
                }
                note
            })
            .collect()
    }
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
    Err(party_near_miss(catalog, value, kinds, what).unwrap_or_else(|| {
        unknown(
            what,
            value,
            None,
            "use a country's id (IDN), official name (Indonesia) or common spelling (Laos, Vietnam)",
        )
    }))
}

/// Why `value` looks like a party of `kinds` mistyped: a near-miss name, a two-letter code, a
/// party of another kind. `None` when it is not near anything known.
fn party_near_miss(
    catalog: &Catalog<'_>,
    value: &str,
    kinds: &[RefKind],
    what: &str,
) -> Option<FilterError> {
    if let Some(why) = catalog.party_hint(value, &format!("a {what}"), |e| kinds.contains(&e.kind))
    {
        return Some(FilterError {
            message: format!("no {what} `{value}` is known"),
            help: Some(why),
        });
    }
    let names = catalog.party_names(kinds);
    // Names before ids: `Chna` is China (`CHN`), not "CHN (`CHN`)".
    let near = |with_ids: bool| {
        let candidates = names
            .iter()
            .filter(|(name, id)| with_ids || name != id)
            .map(|(n, _)| n.as_str());
        did_you_mean(value, candidates)
    };
    let suggestion = near(false)
        .or_else(|| near(true))
        .and_then(|n| names.iter().find(|(name, _)| name == n))
        .map(|(name, id)| format!("{name} (`{id}`)"))?;
    Some(unknown(what, value, Some(&suggestion), ""))
}

/// "no programme names UNDP as a partner", and where the words stand elsewhere in programmes
/// (a note saying "e.g. UNDP"), the search that finds them.
fn unknown_partner_note(data: &Dataset, value: &str) -> String {
    let mut note = format!("no programme names {value} as a partner");
    let words = value.to_lowercase();
    let elsewhere = data
        .programmes
        .iter()
        .filter(|p| searchable(p).contains(&words))
        .count();
    if elsewhere > 0 {
        note.push_str(&format!(
            "; {elsewhere} programme{} mention{} it in {} text",
            if elsewhere == 1 { "" } else { "s" },
            if elsewhere == 1 { "s" } else { "" },
            if elsewhere == 1 { "its" } else { "their" },
        ));
        if let Some(arg) = shell_word(value) {
            note.push_str(&format!(" (accsm list --search {arg})"));
        }
    }
    note
}

/// `value` as one shell word, when it is plain enough to show in a command to copy: letters,
/// digits and a few marks, quoted when it holds a space.
fn shell_word(value: &str) -> Option<String> {
    let plain = !value.is_empty()
        && !value.starts_with('-')
        && value.len() <= 80
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " .,+-&()".contains(c));
    let quote = value.contains(|c: char| " &()".contains(c));
    match (plain, quote) {
        (false, _) => None,
        (true, false) => Some(value.to_string()),
        (true, true) => Some(format!("'{value}'")),
    }
}

/// "A, B or C".
fn words_list<S: AsRef<str>>(items: &[S], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., tail] => format!(
            "{} {last} {}",
            init.iter()
                .map(|s| s.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            tail.as_ref()
        ),
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
