//! `show`: the whole record of one programme, every reference resolved to its text.

use std::fmt::Write as _;

use super::digits::push_integer;
use super::history::describe;
use super::programmes::source_line;
use super::{funding_source_names, name_of};
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
    let read_from = source_line(sources, p);
    facts(
        data,
        catalog,
        &read_from,
        plan,
        p,
        &mut String::new(),
        |label, value| {
            if !value.is_empty() {
                out.push_str(&format!("  {label:<22} {}\n", terminal_safe(value)));
            }
        },
    );
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
/// given to `each` with the label `accsm show` gives it (the site's pages give the same). Each
/// value is made in `value`, a buffer handed from one to the next: the site gives 500,000
/// updates.
pub(crate) fn update_details(
    u: &ProgressUpdate,
    value: &mut String,
    mut each: impl FnMut(&'static str, &str),
) {
    if let Some(n) = u.note() {
        each("note", &n.value);
    }
    if let Some(n) = u.participants() {
        value.clear();
        push_integer(value, n.value);
        each("participants", value);
    }
    if !u.ams().is_empty() {
        value.clear();
        push_joined(value, u.ams(), ", ");
        each("AMS taking part", value);
    }
    if let Some(c) = u.cost() {
        value.clear();
        if let Some(a) = &c.amount {
            let _ = write!(value, "{}", a.value);
        }
        value.push(' ');
        if let Some(c) = &c.currency {
            value.push_str(&c.value);
        }
        each("actual cost", value.trim());
    }
    if !u.links().is_empty() {
        value.clear();
        push_joined(value, u.links(), " ");
        each("outputs", value);
    }
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
        let mut more: Vec<(&str, String)> = Vec::new();
        if let Some(t) = &u.text {
            more.push(("done", t.value.to_string()));
        }
        update_details(u, &mut String::new(), |label, value| {
            more.push((label, value.to_string()));
        });
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

/// The programme's facts, each given to `each` as (label, text) in the order shown; empty ones
/// are not shown. `read_from`: the file and line of its record. Each text is made in `value`,
/// a buffer handed from one fact to the next (the site shows 100,000 records).
pub(crate) fn facts(
    data: &Dataset,
    catalog: &Catalog<'_>,
    read_from: &str,
    plan: Option<&Plan>,
    p: &Programme,
    value: &mut String,
    mut each: impl FnMut(&'static str, &str),
) {
    each("Plan", plan.map_or("", |pl| &pl.title.value));
    each("Read from", read_from);
    value.clear();
    match (&p.from, p.carried_over) {
        (Some(from), _) => {
            value.push_str("yes, from ");
            value.push_str(&from.value);
        }
        (None, true) => value.push_str("yes, from the plan before (marked * in the plan)"),
        (None, false) => {}
    }
    each("Carried over", value);
    value.clear();
    push_joined(value, p.activities(), "; ");
    each("Activities", value);
    value.clear();
    push_parties(value, catalog, p.coordinators());
    each("Coordinators", value);
    value.clear();
    push_parties(value, catalog, p.partners());
    each("Partners", value);
    value.clear();
    push_joined(value, p.partner_organisations(), "; ");
    each("Partner organisations", value);
    value.clear();
    push_timeline(value, data, p);
    each("Timeline", value);
    if let Some(b) = &p.budget {
        each("Indicative budget", &budget(catalog, b));
    }
    let status = p
        .status
        .as_ref()
        .map_or("not reported", |s| s.value.as_str());
    each("Status", status);
    for u in &p.updates {
        value.clear();
        value.push_str(u.date.as_ref().map_or("undated", |d| d.value.as_str()));
        value.push_str(": ");
        value.push_str(&u.text.value);
        each("Update", value);
    }
    each("Note", p.note.as_ref().map_or("", |n| n.value.as_str()));
}

/// Countries, bodies or groups by name and id: "Indonesia (IDN), Malaysia (MYS)".
fn push_parties(out: &mut String, catalog: &Catalog<'_>, values: &[Text]) {
    for (i, c) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(name_of(catalog, &c.value));
        out.push_str(" (");
        out.push_str(&c.value);
        out.push(')');
    }
}

/// The values, as written, `sep` between them.
fn push_joined(out: &mut String, values: &[Text], sep: &str) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&v.value);
    }
}

/// The timeline as written, and the years it covers in its plan.
fn push_timeline(out: &mut String, data: &Dataset, p: &Programme) {
    let years = programme_years(data, p);
    match &p.timeline {
        None => out.push_str("not given (matches no year)"),
        Some(t) if years.is_empty() => {
            out.push_str(&t.value.text);
            out.push_str(" (no year yet)");
        }
        Some(t) => {
            out.push_str(&t.value.text);
            out.push_str(" (years: ");
            for (i, y) in years.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_integer(out, *y);
            }
            out.push(')');
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
