//! The ARC directory, the chairs, and the links inside the reference lists (a measure's KRA, an
//! action line's parent).

use super::resolve;
use crate::diag::{Code, Diagnostic};
use crate::hash::FastMap;
use crate::lookup::Catalog;
use crate::model::{Dataset, RefEntry, RefKind};
use crate::source::Span;

/// References inside the reference lists themselves: a measure's KRA, a line's parent…
pub(super) fn check_reference_lists(
    data: &Dataset,
    catalog: &Catalog<'_>,
    out: &mut Vec<Diagnostic>,
) {
    for r in &data.references {
        let parent_kind = match r.kind {
            RefKind::ApscLine => Some(RefKind::ApscLine),
            RefKind::PriorityArea => Some(RefKind::KpiGroup),
            RefKind::KpiGroup => Some(RefKind::PriorityArea),
            _ => None,
        };
        if let (Some(kind), Some(parent)) = (parent_kind, &r.parent) {
            resolve(catalog, parent, &[kind], out);
        }
        for member in r.members.iter().flatten() {
            resolve(catalog, member, super::PARTIES, out);
        }
        if let Some(country) = &r.country {
            resolve(catalog, country, &[RefKind::Country], out);
        }
    }
    for c in &data.chairs {
        if let Some(country) = resolve(catalog, &c.country, &[RefKind::Country], out) {
            require_ams(
                data,
                country,
                c.country.span,
                Code::UnknownReference,
                "an ACCSM chair",
                out,
            );
        }
    }
}

/// How to name an ASEAN Member State, from the country list of the reference data:
/// "use the id of one of the ten AMS (BRN KHM IDN LAO MYS MMR PHL SGP THA VNM)".
pub(super) fn ams_help(data: &Dataset) -> String {
    ams_help_of(&data.ams_by_name())
}

/// [`ams_help`] for the AMS of one plan or year.
pub(super) fn ams_help_of(ams: &[(&str, &str)]) -> String {
    let ids: Vec<&str> = ams.iter().map(|(id, _)| *id).collect();
    match ids.as_slice() {
        [] => "use the id of an ASEAN Member State; the country list has none yet \
               (an AMS is a country with kind = \"ams\")"
            .to_string(),
        [one] => format!("use `{one}`, the one AMS of the country list"),
        _ => format!(
            "use the id of one of the {} AMS ({})",
            count_in_words(ids.len()),
            ids.join(" ")
        ),
    }
}

/// A small count as a word ("ten"), a larger one in figures.
fn count_in_words(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

fn require_ams(
    data: &Dataset,
    entry: &RefEntry,
    span: Span,
    code: Code,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    if entry.kind == RefKind::Country && !entry.is_ams() {
        out.push(
            Diagnostic::new(
                code,
                span,
                format!(
                    "{what} must be an ASEAN Member State; {} is not",
                    entry.display_name()
                ),
            )
            .with_help(ams_help(data)),
        );
    }
}

pub(super) fn check_arcs(data: &Dataset, catalog: &Catalog<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen: FastMap<&str, Span> = FastMap::default();
    for arc in &data.arcs {
        let Some(country) = resolve(catalog, &arc.country, &[RefKind::Country], out) else {
            continue;
        };
        require_ams(
            data,
            country,
            arc.country.span,
            Code::ArcNotAms,
            "the country of an ASEAN Resource Centre",
            out,
        );
        if let Some(&first) = seen.get(country.id.value.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateArc,
                    arc.country.span,
                    format!(
                        "{} has a second ASEAN Resource Centre",
                        country.display_name()
                    ),
                )
                .with_related(first, "its first ARC")
                .with_help("each member state hosts one ARC (Priority Area 4); keep one entry"),
            );
        } else {
            seen.insert(&country.id.value, arc.country.span);
        }
    }
}
