//! Reports on programmes: a grid of text rendered as a terminal table, CSV or Markdown; JSON
//! records; counts grouped by coordinator, year, area or status; and the full record for `show`.
//! Member states are always ordered by name, never by a value.

use std::collections::{BTreeMap, BTreeSet};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::model::{Dataset, Programme, RefEntry, RefKind, Text};
use crate::query::programme_years;
use crate::refs::Catalog;
use crate::source::SourceMap;
use crate::text::terminal_safe;

/// Rows of text under a header, the common shape of every tabular report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grid {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Grid {
    /// A terminal table that wraps long cells (titles) to fit `width`, or the terminal's width
    /// when none is given (no limit when the output is not a terminal).
    pub fn to_table(&self, width: Option<u16>) -> String {
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED);
        table.set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(w) = width {
            table.force_no_tty();
            table.set_width(w);
        }
        table.set_header(self.header.iter().map(|h| terminal_safe(h).into_owned()));
        for row in &self.rows {
            table.add_row(row.iter().map(|c| terminal_safe(c).into_owned()));
        }
        let mut out = table.to_string();
        out.push('\n');
        out
    }

    /// CSV with a header row. Cells that a spreadsheet would run as a formula are neutralised.
    pub fn to_csv(&self) -> anyhow::Result<String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&self.header)?;
        for row in &self.rows {
            w.write_record(row.iter().map(|c| csv_safe(c)))?;
        }
        Ok(String::from_utf8(w.into_inner()?)?)
    }

    /// A GitHub-flavoured Markdown table.
    pub fn to_markdown(&self) -> String {
        let cell = |s: &str| {
            terminal_safe(s)
                .replace('\\', "\\\\")
                .replace('|', "\\|")
                .replace(['\n', '\r'], " ")
        };
        let mut out = String::new();
        out.push_str(&format!(
            "| {} |\n",
            self.header
                .iter()
                .map(|h| cell(h))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        out.push_str(&format!("|{}\n", "---|".repeat(self.header.len())));
        for row in &self.rows {
            out.push_str(&format!(
                "| {} |\n",
                row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
            ));
        }
        out
    }
}

/// A cell that cannot start a spreadsheet formula (`=`, `+`, `-`, `@`, tab, carriage return).
pub fn csv_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn ids(values: &[Text]) -> Vec<String> {
    values.iter().map(|v| v.value.to_string()).collect()
}

/// A short label for a plan: its body ("ACCSM+3") or its id.
fn plan_label(data: &Dataset, plan: &str) -> String {
    data.plan(plan)
        .and_then(|p| p.body.as_ref())
        .map(|b| b.value.to_string())
        .unwrap_or_else(|| plan.to_string())
}

fn name_of(catalog: &Catalog<'_>, id: &str) -> String {
    [RefKind::Country, RefKind::Body, RefKind::Group]
        .iter()
        .find_map(|k| catalog.get(*k, id))
        .map(|e| e.display_name().to_string())
        .unwrap_or_else(|| id.to_string())
}

fn timeline_text(p: &Programme) -> String {
    p.timeline
        .as_ref()
        .map(|t| t.value.text.to_string())
        .unwrap_or_default()
}

fn budget_text(p: &Programme) -> String {
    p.budget
        .as_ref()
        .and_then(|b| b.text.as_ref())
        .map(|t| t.value.to_string())
        .unwrap_or_default()
}

fn status_text(p: &Programme) -> &'static str {
    p.status
        .as_ref()
        .map(|s| s.value.as_str())
        .unwrap_or("not reported")
}

/// The terminal and Markdown listing: the columns a reader scans.
pub fn programme_grid(data: &Dataset, catalog: &Catalog<'_>, programmes: &[&Programme]) -> Grid {
    Grid {
        header: ["Plan", "No.", "Title", "Coordinators", "Timeline", "Areas"]
            .map(String::from)
            .to_vec(),
        rows: programmes
            .iter()
            .map(|p| {
                vec![
                    plan_label(data, &p.plan.value),
                    format!(
                        "{}{}",
                        p.number.value,
                        if p.carried_over { "*" } else { "" }
                    ),
                    p.title.value.to_string(),
                    p.coordinators()
                        .iter()
                        .map(|c| name_of(catalog, &c.value))
                        .collect::<Vec<_>>()
                        .join(", "),
                    timeline_text(p),
                    ids(p.areas()).join(" "),
                ]
            })
            .collect(),
    }
}

/// The CSV listing: every field, list fields joined by `;`.
pub fn programme_csv_grid(data: &Dataset, programmes: &[&Programme]) -> Grid {
    let join = |v: &[Text]| ids(v).join(";");
    Grid {
        header: [
            "plan",
            "number",
            "title",
            "activities",
            "coordinators",
            "timeline",
            "years",
            "areas",
            "kras",
            "measures",
            "apsc_lines",
            "declarations",
            "partners",
            "partner_organisations",
            "budget",
            "carried_over",
            "status",
        ]
        .map(String::from)
        .to_vec(),
        rows: programmes
            .iter()
            .map(|p| {
                vec![
                    p.plan.value.to_string(),
                    p.number.value.to_string(),
                    p.title.value.to_string(),
                    join(p.activities()),
                    join(p.coordinators()),
                    timeline_text(p),
                    programme_years(data, p)
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(";"),
                    join(p.areas()),
                    join(p.kras()),
                    join(p.measures()),
                    join(p.apsc_lines()),
                    join(p.declarations()),
                    join(p.partners()),
                    join(p.partner_organisations()),
                    budget_text(p),
                    p.carried_over.to_string(),
                    status_text(p).to_string(),
                ]
            })
            .collect(),
    }
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
    pub kras: Vec<String>,
    pub measures: Vec<String>,
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
}

pub fn programme_json(
    data: &Dataset,
    catalog: &Catalog<'_>,
    sources: &SourceMap,
    p: &Programme,
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
                name: name_of(catalog, &c.value),
            })
            .collect(),
        timeline: TimelineJson {
            text: p.timeline.as_ref().map(|t| t.value.text.to_string()),
            years: programme_years(data, p),
        },
        areas: ids(p.areas()),
        kras: ids(p.kras()),
        measures: ids(p.measures()),
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
        source: source_line(sources, p),
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

/// What `--group-by` groups on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    Coordinator,
    Year,
    Area,
    Status,
}

/// Counts of programmes. By coordinator: a coordinator × year matrix with the programmes that
/// match no year and the total. Coordinators are ordered by name; a joint programme counts for
/// each of its coordinators.
pub fn group_counts(
    data: &Dataset,
    catalog: &Catalog<'_>,
    programmes: &[&Programme],
    by: GroupBy,
) -> Grid {
    let years: BTreeSet<i64> = programmes
        .iter()
        .flat_map(|p| programme_years(data, p))
        .collect();
    let no_year = "no year (TBC or blank)";
    match by {
        GroupBy::Coordinator => {
            let mut rows: BTreeMap<String, (BTreeMap<i64, usize>, usize, usize)> = BTreeMap::new();
            for p in programmes {
                let covered = programme_years(data, p);
                for c in p.coordinators() {
                    let row = rows.entry(name_of(catalog, &c.value)).or_default();
                    for y in &covered {
                        *row.0.entry(*y).or_default() += 1;
                    }
                    if covered.is_empty() {
                        row.1 += 1;
                    }
                    row.2 += 1;
                }
            }
            let mut header = vec!["Coordinator".to_string()];
            header.extend(years.iter().map(i64::to_string));
            header.extend([no_year.to_string(), "Programmes".to_string()]);
            Grid {
                header,
                rows: rows
                    .into_iter()
                    .map(|(name, (by_year, none, total))| {
                        let mut row = vec![name];
                        row.extend(
                            years
                                .iter()
                                .map(|y| by_year.get(y).copied().unwrap_or(0).to_string()),
                        );
                        row.extend([none.to_string(), total.to_string()]);
                        row
                    })
                    .collect(),
            }
        }
        GroupBy::Year => {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for p in programmes {
                let covered = programme_years(data, p);
                if covered.is_empty() {
                    *counts.entry(no_year.to_string()).or_default() += 1;
                }
                for y in covered {
                    *counts.entry(y.to_string()).or_default() += 1;
                }
            }
            count_grid("Year", counts)
        }
        GroupBy::Area => {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for p in programmes {
                if p.areas().is_empty() {
                    *counts.entry("(none given)".to_string()).or_default() += 1;
                }
                for a in p.areas() {
                    let title = [RefKind::PriorityArea, RefKind::ThematicArea]
                        .iter()
                        .find_map(|k| catalog.get(*k, &a.value))
                        .map(|e| format!("{} {}", a.value, e.display_name()))
                        .unwrap_or_else(|| a.value.to_string());
                    *counts.entry(title).or_default() += 1;
                }
            }
            count_grid("Area", counts)
        }
        GroupBy::Status => {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for p in programmes {
                *counts.entry(status_text(p).to_string()).or_default() += 1;
            }
            count_grid("Status", counts)
        }
    }
}

fn count_grid(label: &str, counts: BTreeMap<String, usize>) -> Grid {
    Grid {
        header: vec![label.to_string(), "Programmes".to_string()],
        rows: counts
            .into_iter()
            .map(|(k, n)| vec![k, n.to_string()])
            .collect(),
    }
}

/// The whole record of one programme with every reference resolved to its text.
pub fn show(data: &Dataset, catalog: &Catalog<'_>, sources: &SourceMap, p: &Programme) -> String {
    let mut out = String::new();
    let plan = data.plan(&p.plan.value);
    out.push_str(&format!(
        "{}/{} {}{}\n",
        p.plan.value,
        p.number.value,
        p.title.value,
        if p.carried_over { " *" } else { "" }
    ));
    let field = |out: &mut String, label: &str, value: &str| {
        if !value.is_empty() {
            out.push_str(&format!("  {label:<22} {value}\n"));
        }
    };
    field(
        &mut out,
        "Plan",
        &plan
            .map(|pl| pl.title.value.to_string())
            .unwrap_or_default(),
    );
    field(&mut out, "Read from", &source_line(sources, p));
    field(
        &mut out,
        "Carried over",
        if p.carried_over {
            "yes, from the 2016-2020 work plan"
        } else {
            ""
        },
    );
    field(&mut out, "Activities", &ids(p.activities()).join("; "));
    let parties = |values: &[Text]| {
        values
            .iter()
            .map(|c| format!("{} ({})", name_of(catalog, &c.value), c.value))
            .collect::<Vec<_>>()
            .join(", ")
    };
    field(&mut out, "Coordinators", &parties(p.coordinators()));
    field(&mut out, "Partners", &parties(p.partners()));
    field(
        &mut out,
        "Partner organisations",
        &ids(p.partner_organisations()).join("; "),
    );
    let years = programme_years(data, p);
    let timeline = match &p.timeline {
        None => "not given (matches no year)".to_string(),
        Some(t) if years.is_empty() => format!("{} (no year yet)", t.value.text),
        Some(t) => format!(
            "{} (years: {})",
            t.value.text,
            years
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    field(&mut out, "Timeline", &timeline);
    if let Some(b) = &p.budget {
        let mut parts: Vec<String> = b.text.iter().map(|t| t.value.to_string()).collect();
        let sources: Vec<String> = b
            .sources
            .iter()
            .map(|s| {
                catalog
                    .get(RefKind::FundingSource, &s.value)
                    .map(|e| e.display_name().to_string())
                    .unwrap_or_else(|| s.value.to_string())
            })
            .collect();
        if !sources.is_empty() {
            parts.push(format!("funding: {}", sources.join(", ")));
        }
        if let Some(f) = &b.funded_by {
            parts.push(format!("funded by {}", name_of(catalog, &f.value)));
        }
        field(&mut out, "Indicative budget", &parts.join(" — "));
    }
    let status = match &p.status {
        Some(s) => s.value.as_str().to_string(),
        None => "not reported".to_string(),
    };
    field(&mut out, "Status", &status);
    for u in &p.updates {
        let date = u
            .date
            .as_ref()
            .map(|d| d.value.as_str())
            .unwrap_or("undated");
        field(&mut out, "Update", &format!("{date}: {}", u.text.value));
    }
    field(
        &mut out,
        "Note",
        p.note.as_ref().map(|n| n.value.as_str()).unwrap_or(""),
    );
    let section = |out: &mut String, title: &str, values: &[Text], kinds: &[RefKind]| {
        if values.is_empty() {
            return;
        }
        out.push_str(&format!("\n  {title}\n"));
        for v in values {
            let entry: Option<&RefEntry> = kinds.iter().find_map(|k| catalog.get(*k, &v.value));
            let text = match entry {
                Some(e) => describe(e),
                None => "(not in the reference lists: run accsm validate)".to_string(),
            };
            out.push_str(&format!("    {:<10} {text}\n", v.value));
        }
    };
    let area_title = match plan.map(|pl| pl.area_kind.value) {
        Some(crate::model::AreaKind::Thematic) => "Thematic areas",
        _ => "Priority areas",
    };
    section(
        &mut out,
        area_title,
        p.areas(),
        &[RefKind::PriorityArea, RefKind::ThematicArea],
    );
    section(&mut out, "ASCC key result areas", p.kras(), &[RefKind::Kra]);
    section(
        &mut out,
        "ASCC strategic measures",
        p.measures(),
        &[RefKind::Measure],
    );
    section(
        &mut out,
        "APSC action lines",
        p.apsc_lines(),
        &[RefKind::ApscLine],
    );
    section(
        &mut out,
        "Declarations",
        p.declarations(),
        &[RefKind::Declaration],
    );
    out
}

/// The text of a reference entry, with what is known of its origin.
fn describe(e: &RefEntry) -> String {
    let mut text = e
        .name
        .as_ref()
        .or(e.text.as_ref())
        .map(|t| t.value.to_string())
        .unwrap_or_else(|| {
            "(cited by the plan; its text is not quoted in the work plan)".to_string()
        });
    if let Some(adopted) = &e.adopted {
        text.push_str(&format!(" (adopted {})", adopted.value));
    }
    text
}
