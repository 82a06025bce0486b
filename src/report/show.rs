//! `show`: the whole record of one programme, every reference resolved to its text.

use super::programmes::source_line;
use super::{ids, name_of};
use crate::check::references::Catalog;
use crate::model::{Dataset, Programme, RefEntry, RefKind, Text};
use crate::query::programme_years;
use crate::source::SourceMap;

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
