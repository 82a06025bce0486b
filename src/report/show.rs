//! `show`: the whole record of one programme, every reference resolved to its text.

use super::history::describe;
use super::programmes::source_line;
use super::{funding_source_names, ids, name_of};
use crate::escape::terminal_safe;
use crate::lookup::Catalog;
use crate::model::{
    AreaKind, Budget, Dataset, Plan, Programme, ProgressUpdate, RefEntry, RefKind, Text,
};
use crate::query::programme_years;
use crate::source::SourceMap;

/// The whole record of one programme with every reference resolved to its text, for the
/// terminal: everything the data says is escaped ([`terminal_safe`]).
pub fn show(data: &Dataset, catalog: &Catalog<'_>, sources: &SourceMap, p: &Programme) -> String {
    let plan = data.plan(&p.plan.value);
    let mut out = format!(
        "{}/{} {}{}\n",
        terminal_safe(&p.plan.value),
        p.number.value,
        terminal_safe(&p.title.value),
        if p.carried_over { " *" } else { "" }
    );
    for (label, value) in facts(data, catalog, source_line(sources, p), plan, p) {
        if !value.is_empty() {
            out.push_str(&format!("  {label:<22} {}\n", terminal_safe(&value)));
        }
    }
    let [areas, lines, declarations] = references(catalog, plan, p);
    out.push_str(&section(catalog, areas.0, areas.1, areas.2));
    out.push_str(&super::history::citations(data, plan, p));
    for (title, values, kinds) in [lines, declarations] {
        out.push_str(&section(catalog, title, values, kinds));
    }
    out.push_str(&super::history::history(data, p));
    out.push_str(&progress_history(data, sources, p));
    out
}

/// What a progress update records besides its date, status, meeting and what was done, each
/// with the label `accsm show` gives it (the site's pages give the same).
pub(crate) fn update_details(u: &ProgressUpdate) -> Vec<(&'static str, String)> {
    let mut more: Vec<(&str, String)> = Vec::new();
    if let Some(n) = u.note() {
        more.push(("note", n.value.to_string()));
    }
    if let Some(n) = u.participants() {
        more.push(("participants", n.value.to_string()));
    }
    if !u.ams().is_empty() {
        more.push(("AMS taking part", ids(u.ams()).join(", ")));
    }
    if let Some(c) = u.cost() {
        let amount = c
            .amount
            .as_ref()
            .map(|a| a.value.to_string())
            .unwrap_or_default();
        let currency = c
            .currency
            .as_ref()
            .map(|c| c.value.to_string())
            .unwrap_or_default();
        more.push((
            "actual cost",
            format!("{amount} {currency}").trim().to_string(),
        ));
    }
    if !u.links().is_empty() {
        more.push(("outputs", ids(u.links()).join(" ")));
    }
    more
}

/// The programme's progress updates, oldest first: date, status, meeting, then what was done,
/// the note and the figures, each update with the file it was read from.
fn progress_history(data: &Dataset, sources: &SourceMap, p: &Programme) -> String {
    let histories = crate::model::Histories::new(&data.updates);
    let updates = histories.of(&p.plan.value, p.number.value);
    if updates.is_empty() {
        return "\n  Progress updates       none\n".to_string();
    }
    let mut out = format!(
        "\n  Progress updates       {} (oldest first)\n",
        updates.len()
    );
    for u in updates {
        out.push_str(&format!(
            "    {}  {:<10} {}\n",
            u.date.value,
            u.status.value.as_str(),
            terminal_safe(&u.meeting.value)
        ));
        let done = u.text.as_ref().map(|t| ("done", t.value.to_string()));
        let mut more: Vec<(&str, String)> = done.into_iter().chain(update_details(u)).collect();
        let line = sources
            .get(u.span.file)
            .map_or(0, |f| f.location(u.span.start).line);
        more.push((
            "read from",
            format!("{}:{line}", sources.path(u.span.file).display()),
        ));
        for (label, value) in more {
            out.push_str(&format!("      {label}: {}\n", terminal_safe(&value)));
        }
    }
    out
}

/// The programme's facts as (label, text), in the order shown; empty ones are not shown.
/// `read_from`: the file and line of its record.
pub(crate) fn facts(
    data: &Dataset,
    catalog: &Catalog<'_>,
    read_from: String,
    plan: Option<&Plan>,
    p: &Programme,
) -> Vec<(&'static str, String)> {
    let carried_over = match (&p.from, p.carried_over) {
        (Some(from), _) => format!("yes, from {}", from.value),
        (None, true) => "yes, from the plan before (marked * in the plan)".to_string(),
        (None, false) => String::new(),
    };
    let mut facts = vec![
        (
            "Plan",
            plan.map(|pl| pl.title.value.to_string())
                .unwrap_or_default(),
        ),
        ("Read from", read_from),
        ("Carried over", carried_over),
        ("Activities", ids(p.activities()).join("; ")),
        ("Coordinators", parties(catalog, p.coordinators())),
        ("Partners", parties(catalog, p.partners())),
        (
            "Partner organisations",
            ids(p.partner_organisations()).join("; "),
        ),
        ("Timeline", timeline(data, p)),
    ];
    if let Some(b) = &p.budget {
        facts.push(("Indicative budget", budget(catalog, b)));
    }
    let status = p
        .status
        .as_ref()
        .map_or("not reported", |s| s.value.as_str());
    facts.push(("Status", status.to_string()));
    for u in &p.updates {
        let date = u.date.as_ref().map_or("undated", |d| d.value.as_str());
        facts.push(("Update", format!("{date}: {}", u.text.value)));
    }
    let note = p.note.as_ref().map(|n| n.value.to_string());
    facts.push(("Note", note.unwrap_or_default()));
    facts
}

/// Countries, bodies or groups by name and id: "Indonesia (IDN), Malaysia (MYS)".
fn parties(catalog: &Catalog<'_>, values: &[Text]) -> String {
    values
        .iter()
        .map(|c| format!("{} ({})", name_of(catalog, &c.value), c.value))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The timeline as written, and the years it covers in its plan.
fn timeline(data: &Dataset, p: &Programme) -> String {
    let years = programme_years(data, p);
    match &p.timeline {
        None => "not given (matches no year)".to_string(),
        Some(t) if years.is_empty() => format!("{} (no year yet)", t.value.text),
        Some(t) => {
            let years: Vec<String> = years.iter().map(i64::to_string).collect();
            format!("{} (years: {})", t.value.text, years.join(", "))
        }
    }
}

/// The budget as written, its funding sources by name and who funds it.
fn budget(catalog: &Catalog<'_>, b: &Budget) -> String {
    let mut parts: Vec<String> = b.text.iter().map(|t| t.value.to_string()).collect();
    let sources = funding_source_names(catalog, b);
    if !sources.is_empty() {
        parts.push(format!("funding: {}", sources.join(", ")));
    }
    if let Some(f) = &b.funded_by {
        parts.push(format!("funded by {}", name_of(catalog, &f.value)));
    }
    parts.join(" — ")
}

/// The references of a programme, one section each: title, the ids, where to look them up.
pub(crate) fn references<'a>(
    catalog: &Catalog<'_>,
    plan: Option<&Plan>,
    p: &'a Programme,
) -> [(&'static str, &'a [Text], &'static [RefKind]); 3] {
    // Headed by what the areas are (an ACCSM+3 programme may cite priority areas, which
    // `validate` warns of), and by the plan's kind only where the lists do not say.
    let is = |kind: RefKind| {
        p.areas()
            .iter()
            .all(|a| catalog.get(kind, &a.value).is_some())
    };
    let area_title = if p.areas().is_empty() {
        "Areas"
    } else if is(RefKind::PriorityArea) {
        "Priority areas"
    } else if is(RefKind::ThematicArea) {
        "Thematic areas"
    } else if p.areas().iter().any(|a| {
        catalog.get(RefKind::PriorityArea, &a.value).is_some()
            || catalog.get(RefKind::ThematicArea, &a.value).is_some()
    }) {
        "Priority and thematic areas"
    } else {
        match plan.map(|pl| pl.area_kind.value) {
            Some(AreaKind::Thematic) => "Thematic areas",
            _ => "Priority areas",
        }
    };
    [
        (
            area_title,
            p.areas(),
            &[RefKind::PriorityArea, RefKind::ThematicArea],
        ),
        ("APSC action lines", p.apsc_lines(), &[RefKind::ApscLine]),
        ("Declarations", p.declarations(), &[RefKind::Declaration]),
    ]
}

/// One section of references, each id with its text; nothing when the programme cites none.
fn section(catalog: &Catalog<'_>, title: &str, values: &[Text], kinds: &[RefKind]) -> String {
    if values.is_empty() {
        return String::new();
    }
    let mut out = format!("\n  {title}\n");
    for v in values {
        let entry: Option<&RefEntry> = kinds.iter().find_map(|k| catalog.get(*k, &v.value));
        let text = match entry {
            Some(e) => describe(e),
            None => "(not in the reference lists: run accsm validate)".to_string(),
        };
        out.push_str(&format!(
            "    {:<10} {}\n",
            terminal_safe(&v.value),
            terminal_safe(&text)
        ));
    }
    out
}
