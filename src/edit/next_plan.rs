//! `accsm new plan NEW --from OLD`: the record of the next plan (its period, baseline and target
//! years, the areas of the same kind, the framework its programmes will cite, the plan it
//! follows), and, on request, the programmes not completed carried over with new numbers
//! (`carried_over = true`, `from = "OLD/17"`, their comments kept) and the KPIs copied.
//!
//! Every value is written by `toml_edit`; the tables copied keep their comments, and the result
//! is put in the canonical layout by [`super::format_toml`].

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use super::format_toml;
use crate::load::schema;
use crate::model::{Dataset, Plan, Programme, Status};
use crate::query::progress::Progress;

/// What the next plan is made of.
#[derive(Clone, Debug)]
pub struct NextPlan<'a> {
    pub id: &'a str,
    pub from: &'a Plan,
    pub start: i64,
    pub end: i64,
    /// The framework its programmes cite.
    pub framework: Option<&'a str>,
    /// Which programmes to carry over, by status (`None`: not reported); empty: none.
    pub carry: Vec<Option<Status>>,
}

/// The texts `new plan` writes.
#[derive(Clone, Debug, Default)]
pub struct NextPlanFiles {
    /// The plan and the programmes carried over.
    pub plan: String,
    /// (old number, new number) of each programme carried over.
    pub carried: Vec<(i64, i64)>,
}

/// Why the next plan could not be made.
#[derive(Debug)]
pub struct NextPlanError(pub String);

impl std::fmt::Display for NextPlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The title of the next plan: the old one with its period replaced, else with the new one added.
pub fn next_title(old: &Plan, start: i64, end: i64) -> String {
    let period = format!("{}-{}", old.start.value, old.end.value);
    let title = old.title.value.as_str();
    if title.contains(&period) {
        title.replace(&period, &format!("{start}-{end}"))
    } else {
        format!("{title} {start}-{end}")
    }
}

/// The programmes of the old plan to carry over, in number order.
pub fn to_carry<'a>(data: &'a Dataset, next: &NextPlan<'_>) -> Vec<&'a Programme> {
    // The current status: the latest progress update, or the record's own key without one.
    let progress = Progress::new(data, None);
    let mut found: Vec<&Programme> = data
        .programmes
        .iter()
        .filter(|p| p.plan.value == next.from.id.value)
        .filter(|p| next.carry.contains(&progress.status(p)))
        .collect();
    found.sort_by_key(|p| p.number.value);
    found
}

/// The file of the next plan. `sources`: the text of each file a carried-over programme comes
/// from, by the file id of its span.
pub fn next_plan_file(
    data: &Dataset,
    next: &NextPlan<'_>,
    text_of: &dyn Fn(crate::source::FileId) -> Option<String>,
) -> Result<NextPlanFiles, NextPlanError> {
    let old = next.from;
    let mut doc = DocumentMut::new();
    let mut plan = Table::new();
    plan["id"] = value(next.id);
    plan["title"] = value(next_title(old, next.start, next.end));
    if let Some(body) = &old.body {
        plan["body"] = value(body.value.as_str());
    }
    plan["area_kind"] = value(old.area_kind.value.as_str());
    if let Some(fw) = next.framework {
        plan["framework"] = value(fw);
    }
    plan["start"] = value(next.start);
    plan["end"] = value(next.end);
    plan["follows"] = value(old.id.value.as_str());
    plan["baseline_year"] = value(next.start);
    plan["baseline_basis"] = value(format!(
        "until the plan's own baseline returns are in, each AMS's baseline is its own last \
         reading under {} (accsm new plan --from)",
        old.id.value
    ));
    if let Some(w) = &old.baseline_closest_within {
        plan["baseline_closest_within"] = value(w.value);
    }
    plan["target_year"] = value(next.end);
    let mut plans = ArrayOfTables::new();
    plans.push(plan);
    doc["plan"] = Item::ArrayOfTables(plans);

    let mut carried = Vec::new();
    let mut programmes = ArrayOfTables::new();
    let mut docs: Vec<(crate::source::FileId, DocumentMut)> = Vec::new();
    let mut docs_text: Vec<String> = Vec::new();
    for (i, p) in to_carry(data, next).into_iter().enumerate() {
        let number = i64::try_from(i + 1).unwrap_or(i64::MAX);
        let file = p.span.file;
        if !docs.iter().any(|(f, _)| *f == file) {
            let text = text_of(file).ok_or_else(|| {
                NextPlanError(format!(
                    "the file of programme {} cannot be read",
                    p.number.value
                ))
            })?;
            let parsed = text
                .trim_start_matches('\u{feff}')
                .parse::<DocumentMut>()
                .map_err(|e| {
                    NextPlanError(format!("a plan file is not valid TOML: {}", e.message()))
                })?;
            docs.push((file, parsed));
            docs_text.push(text);
        }
        let Some(table) = docs
            .iter()
            .find(|(f, _)| *f == file)
            .and_then(|(_, d)| find_programme(d, &old.id.value, p.number.value))
        else {
            return Err(NextPlanError(format!(
                "programme {} of `{}` is not a [[programme]] table of its file",
                p.number.value, old.id.value
            )));
        };
        programmes.push(carry(table, next, p, number));
        carried.push((p.number.value, number));
    }
    if !programmes.is_empty() {
        doc["programme"] = Item::ArrayOfTables(programmes);
    }
    let header = format!(
        "# {}: the plan record written by `accsm new plan {} --from {}{}`.\n\
         # Fill in what is known once the plan is adopted (adopted, source, midterm_start/end, \
         relevant_measures\n# of its framework); the carried-over programmes keep their comments \
         and cite what they cited in\n# {}: map them to the plan's framework (`accsm validate` \
         lists them).\n\n",
        next_title(old, next.start, next.end),
        next.id,
        old.id.value,
        if carried.is_empty() {
            String::new()
        } else {
            " --carry-over".to_string()
        },
        old.id.value
    );
    let allows = file_allows(&docs_text, &old.id.value);
    let text = format!("{header}{allows}{doc}");
    let text = format_toml(&text, &schema()).map_err(|e| NextPlanError(e.to_string()))?;
    Ok(NextPlanFiles {
        plan: text,
        carried,
    })
}

/// The `[[programme]]` table of `plan` numbered `number` in a document.
fn find_programme<'d>(doc: &'d DocumentMut, plan: &str, number: i64) -> Option<&'d Table> {
    doc.get("programme")?
        .as_array_of_tables()?
        .iter()
        .find(|t| {
            t.get("plan").and_then(|v| v.as_str()) == Some(plan)
                && t.get("number").and_then(|v| v.as_integer()) == Some(number)
        })
}

/// A programme table of the old plan as one of the next: new plan and number, carried over from
/// the old one; its status and updates stay with the old plan's record (that is where they were
/// reported), and its timeline is to be planned again.
fn carry(old: &Table, next: &NextPlan<'_>, p: &Programme, number: i64) -> Table {
    let mut t = old.clone();
    t.decor_mut().clear();
    t["plan"] = value(next.id);
    t["number"] = value(number);
    t["carried_over"] = value(true);
    t["from"] = value(p.reference());
    t.remove("status");
    t.remove("update");
    if let Some(old_timeline) = t.remove("timeline") {
        let was = old_timeline
            .as_str()
            .map(str::to_string)
            .unwrap_or_default();
        t["timeline"] = value("TBC");
        if let Some(mut key) = t.key_mut("timeline") {
            key.leaf_decor_mut().set_prefix(format!(
                "# in {}: {}; to plan again for {}-{}\n",
                next.from.id.value,
                was.replace('\n', " "),
                next.start,
                next.end
            ));
        }
    }
    t
}

/// The KPIs of the old plan as KPIs of the next: the same indicators and questions, under the
/// next plan's id, their comments kept; a per-year count asks for the next plan's years.
pub fn next_kpis_file(
    data: &Dataset,
    next: &NextPlan<'_>,
    text_of: &dyn Fn(crate::source::FileId) -> Option<String>,
) -> Result<Option<String>, NextPlanError> {
    let old = next.from;
    let mut files: Vec<crate::source::FileId> = Vec::new();
    for k in data.kpis.iter().filter(|k| k.plan.value == old.id.value) {
        if !files.contains(&k.span.file) {
            files.push(k.span.file);
        }
    }
    let mut kpis = ArrayOfTables::new();
    for file in files {
        let text =
            text_of(file).ok_or_else(|| NextPlanError("a KPI file cannot be read".to_string()))?;
        let doc = text
            .trim_start_matches('\u{feff}')
            .parse::<DocumentMut>()
            .map_err(|e| NextPlanError(format!("a KPI file is not valid TOML: {}", e.message())))?;
        let Some(tables) = doc.get("kpi").and_then(Item::as_array_of_tables) else {
            continue;
        };
        for t in tables.iter() {
            if t.get("plan").and_then(|v| v.as_str()) != Some(old.id.value.as_str()) {
                continue;
            }
            let mut t = t.clone();
            t["plan"] = value(next.id);
            if t.contains_key("years") {
                let mut years = toml_edit::Array::new();
                for y in next.start..=next.end {
                    years.push(y);
                }
                t["years"] = value(years);
            }
            kpis.push(t);
        }
    }
    if kpis.is_empty() {
        return Ok(None);
    }
    let mut doc = DocumentMut::new();
    doc["kpi"] = Item::ArrayOfTables(kpis);
    let header = format!(
        "# The KPIs of {}, copied from {} by `accsm new plan --kpis`: the same indicators and\n\
         # questions until the plan's own M&E framework is adopted. Each AMS's baseline is its\n\
         # own last reading under {} until the plan's baseline returns are in.\n\n",
        next.id, old.id.value, old.id.value
    );
    let text = format!("{header}{doc}");
    format_toml(&text, &schema())
        .map(Some)
        .map_err(|e| NextPlanError(e.to_string()))
}

/// The file-wide acceptances (`# accsm: allow-file(…)`) of the files the programmes come from:
/// what they accept of the programmes as published holds for the same programmes carried over.
fn file_allows(texts: &[String], old: &str) -> String {
    let mut out = String::new();
    for text in texts {
        for line in text.lines() {
            let line = line.trim_end();
            if line.starts_with("# accsm: allow-file(") && !out.contains(line) {
                out.push_str(line);
                out.push_str(&format!(" (carried over from {old})\n"));
            }
        }
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// `text` with the acceptance comments on the given lines (1-based) made plain comments: they
/// accepted a finding of the old plan that the programme carried over no longer has.
pub fn retire_allows(text: &str, lines: &[usize], old: &str) -> String {
    text.split_inclusive('\n')
        .enumerate()
        .map(|(i, line)| {
            if lines.contains(&(i + 1)) {
                line.replacen("# accsm: allow(", &format!("# in {old}, accepted: ("), 1)
            } else {
                line.to_string()
            }
        })
        .collect()
}
