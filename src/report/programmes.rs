//! Programme listings: the table a reader scans, the CSV with every field, and JSON records.

use std::collections::HashMap;

use serde::Serialize;

use super::{
    Grid, budget_text, coordinator_names, ids, name_of, plan_label, status_text, timeline_text,
};
use crate::escape;
use crate::line_index::LineIndex;
use crate::lookup::Catalog;
use crate::model::{Dataset, Programme, Text};
use crate::query::programme_years;
use crate::source::{FileId, SourceMap};

/// The columns of the terminal and Markdown listing.
pub const PROGRAMME_GRID_HEADER: [&str; 6] =
    ["Plan", "No.", "Title", "Coordinators", "Timeline", "Areas"];

/// The terminal and Markdown listing: the columns a reader scans.
pub fn programme_grid(data: &Dataset, catalog: &Catalog<'_>, programmes: &[&Programme]) -> Grid {
    Grid {
        header: PROGRAMME_GRID_HEADER.map(String::from).to_vec(),
        rows: programmes
            .iter()
            .map(|p| programme_grid_row(data, catalog, p))
            .collect(),
    }
}

/// One programme as a row of [`programme_grid`].
pub fn programme_grid_row(data: &Dataset, catalog: &Catalog<'_>, p: &Programme) -> Vec<String> {
    vec![
        plan_label(data, &p.plan.value),
        format!(
            "{}{}",
            p.number.value,
            if p.carried_over { "*" } else { "" }
        ),
        p.title.value.to_string(),
        coordinator_names(catalog, p).join(", "),
        timeline_text(p),
        ids(p.areas()).join(" "),
    ]
}

/// The columns of the CSV listing, where [`CITES_COLUMN`] stands for one column per citation key
/// of the results frameworks (see [`programme_csv_header`]).
const PROGRAMME_CSV_COLUMNS: [&str; 19] = [
    "plan",
    "number",
    "title",
    "activities",
    "coordinators",
    "coordinator_names",
    "timeline",
    "years",
    "areas",
    CITES_COLUMN,
    "apsc_lines",
    "declarations",
    "partners",
    "partner_organisations",
    "budget",
    "amount",
    "currency",
    "carried_over",
    "status",
];

const CITES_COLUMN: &str = "*cites*";

/// The programme keys that cite the results frameworks, once each, in the order the frameworks
/// and their levels are declared (`kras`, `measures` for the ASCC Blueprint 2025).
pub fn citation_keys(data: &Dataset) -> Vec<&str> {
    let mut keys: Vec<&str> = Vec::new();
    for f in &data.frameworks {
        for k in f.keys() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    keys
}

/// The columns of the CSV listing.
pub fn programme_csv_header(data: &Dataset) -> Vec<String> {
    let mut header = Vec::new();
    for c in PROGRAMME_CSV_COLUMNS {
        if c == CITES_COLUMN {
            header.extend(citation_keys(data).into_iter().map(String::from));
        } else {
            header.push(c.to_string());
        }
    }
    header
}

/// The CSV listing: every field, list fields joined by `;`; for spreadsheets, the coordinators'
/// names beside their ids, and a budget's amount (a number) and currency beside its text.
pub fn programme_csv_grid(
    data: &Dataset,
    catalog: &Catalog<'_>,
    programmes: &[&Programme],
) -> Grid {
    Grid {
        header: programme_csv_header(data),
        rows: programmes
            .iter()
            .map(|p| programme_csv_row(data, catalog, p))
            .collect(),
    }
}

/// One programme as a row of [`programme_csv_grid`].
pub fn programme_csv_row(data: &Dataset, catalog: &Catalog<'_>, p: &Programme) -> Vec<String> {
    // Each element on its own: whoever splits the cell at `;` gets no formula either.
    let join = |v: &[Text]| escape::csv_list(v.iter().map(|t| t.value.as_str()));
    let names: Vec<String> = coordinator_names(catalog, p);
    let budget = p.budget.as_ref();
    let cites = citation_keys(data)
        .into_iter()
        .map(|k| join(p.lists.cited(k)));
    let mut row = vec![
        p.plan.value.to_string(),
        p.number.value.to_string(),
        p.title.value.to_string(),
        join(p.activities()),
        join(p.coordinators()),
        escape::csv_list(names.iter().map(String::as_str)),
        timeline_text(p),
        programme_years(data, p)
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(";"),
        join(p.areas()),
    ];
    row.extend(cites);
    row.extend([
        join(p.apsc_lines()),
        join(p.declarations()),
        join(p.partners()),
        join(p.partner_organisations()),
        budget_text(p),
        budget
            .and_then(|b| b.amount.as_ref())
            .map(|a| a.value.to_string())
            .unwrap_or_default(),
        budget
            .and_then(|b| b.currency.as_ref())
            .map(|c| c.value.to_string())
            .unwrap_or_default(),
        p.carried_over.to_string(),
        status_text(p).to_string(),
    ]);
    row
}

#[derive(Serialize)]
pub struct PartyJson {
    pub id: String,
    pub name: String,
}

#[derive(Serialize)]
pub struct TimelineJson {
    pub text: Option<String>,
    pub years: Vec<i64>,
}

#[derive(Serialize)]
pub struct BudgetJson {
    pub text: Option<String>,
    pub amount: Option<f64>,
    pub currency: Option<String>,
    pub local_amount: Option<f64>,
    pub local_currency: Option<String>,
    pub sources: Vec<String>,
    pub funded_by: Option<String>,
    pub tbc: bool,
}

#[derive(Serialize)]
pub struct UpdateJson {
    pub date: Option<String>,
    pub text: String,
}

/// One programme as JSON, references as ids (and coordinators with their names).
#[derive(Serialize)]
pub struct ProgrammeJson {
    pub plan: String,
    pub number: i64,
    pub title: String,
    pub activities: Vec<String>,
    pub coordinators: Vec<PartyJson>,
    pub timeline: TimelineJson,
    pub areas: Vec<String>,
    /// What it cites of the results frameworks, under the keys written (`kras`, `measures`).
    #[serde(flatten)]
    pub cites: std::collections::BTreeMap<String, Vec<String>>,
    pub apsc_lines: Vec<String>,
    pub declarations: Vec<String>,
    pub partners: Vec<String>,
    pub partner_organisations: Vec<String>,
    pub budget: Option<BudgetJson>,
    pub carried_over: bool,
    /// `null` when not reported.
    pub status: Option<&'static str>,
    pub updates: Vec<UpdateJson>,
    pub note: Option<String>,
    /// `file:line` the record was read from.
    pub source: String,
    /// With `list --partner`: how the programme matched ("named", "via Plus Three Countries").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<Vec<String>>,
}

pub fn programme_json(
    data: &Dataset,
    catalog: &Catalog<'_>,
    sources: &SourceMap,
    p: &Programme,
) -> ProgrammeJson {
    programme_json_from(data, catalog, p, source_line(sources, p))
}

/// What a programme cites, by key: every key of its plan's framework (empty when it cites
/// nothing there), and any other key it writes (a carried-over programme's old framework).
fn cites_json(data: &Dataset, p: &Programme) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut out = std::collections::BTreeMap::new();
    if let Some(fw) = data.framework_of_plan(&p.plan.value) {
        for k in fw.keys() {
            out.insert(k.to_string(), Vec::new());
        }
    }
    for (k, v) in p.citations() {
        out.insert(k.value.to_string(), ids(v));
    }
    out
}

/// [`programme_json`] with the `file:line` already found (see [`SourceLines`]).
pub fn programme_json_from(
    data: &Dataset,
    catalog: &Catalog<'_>,
    p: &Programme,
    source: String,
) -> ProgrammeJson {
    let text = |t: &Option<Text>| t.as_ref().map(|t| t.value.to_string());
    ProgrammeJson {
        plan: p.plan.value.to_string(),
        number: p.number.value,
        title: p.title.value.to_string(),
        activities: ids(p.activities()),
        coordinators: p
            .coordinators()
            .iter()
            .map(|c| PartyJson {
                id: c.value.to_string(),
                name: name_of(catalog, &c.value).to_string(),
            })
            .collect(),
        timeline: TimelineJson {
            text: p.timeline.as_ref().map(|t| t.value.text.to_string()),
            years: programme_years(data, p),
        },
        areas: ids(p.areas()),
        cites: cites_json(data, p),
        apsc_lines: ids(p.apsc_lines()),
        declarations: ids(p.declarations()),
        partners: ids(p.partners()),
        partner_organisations: ids(p.partner_organisations()),
        budget: p.budget.as_ref().map(|b| BudgetJson {
            text: text(&b.text),
            amount: b.amount.as_ref().map(|a| a.value),
            currency: text(&b.currency),
            local_amount: b.local_amount.as_ref().map(|a| a.value),
            local_currency: text(&b.local_currency),
            sources: ids(&b.sources),
            funded_by: text(&b.funded_by),
            tbc: b.tbc,
        }),
        carried_over: p.carried_over,
        status: p.status.as_ref().map(|s| s.value.as_str()),
        updates: p
            .updates
            .iter()
            .map(|u| UpdateJson {
                date: text(&u.date),
                text: u.text.value.to_string(),
            })
            .collect(),
        note: text(&p.note),
        source,
        matched: None,
    }
}

/// `path:line` of a programme's header.
pub fn source_line(sources: &SourceMap, p: &Programme) -> String {
    let line = sources
        .get(p.span.file)
        .map(|f| f.location(p.span.start).line)
        .unwrap_or(0);
    format!("{}:{line}", sources.path(p.span.file).display())
}

/// [`source_line`] for programme after programme: each file's line starts are read once and kept
/// (4 bytes a line), not its text, so a listing of every programme of a large data set does not
/// hold all the files in memory.
pub struct SourceLines<'a> {
    sources: &'a SourceMap,
    files: HashMap<FileId, Option<LineIndex>>,
}

impl<'a> SourceLines<'a> {
    pub fn new(sources: &'a SourceMap) -> Self {
        SourceLines {
            sources,
            files: HashMap::new(),
        }
    }

    /// `path:line` of a programme's header, as [`source_line`] gives it.
    pub fn line(&mut self, p: &Programme) -> String {
        let file = p.span.file;
        let lines = self
            .files
            .entry(file)
            .or_insert_with(|| self.sources.line_index(file));
        let line = lines
            .as_ref()
            .map_or(0, |lines| lines.line_of(p.span.start));
        format!("{}:{line}", self.sources.path(file).display())
    }
}
