//! A programme's references: coordinators, partners, areas of the plan's kind, KRAs and the
//! measures that belong to them, the plan's relevant lists; and the same programme in two plans.

use std::collections::BTreeMap;

use super::budget::check_budget;
use super::plans::{PlanIndex, PlanInfo};
use super::references::Catalog;
use super::timeline::{check_timeline, no_timeline};
use super::{AREAS, COORDINATORS, PARTIES, covering, id_list, resolve};
use crate::diag::{Code, Diagnostic};
use crate::hash::{FastMap, run_hash};
use crate::model::{AreaKind, Dataset, Plan, Programme, RefEntry, RefKind, Text};

pub(super) fn check_programme(
    data: &Dataset,
    catalog: &Catalog<'_>,
    plans: &PlanIndex<'_>,
    p: &Programme,
    out: &mut Vec<Diagnostic>,
) {
    let info = plans.resolve(data, &p.plan, out);
    let plan = info.map(|i| i.plan);
    for c in p.coordinators() {
        resolve(catalog, c, COORDINATORS, out);
    }
    for partner in p.partners() {
        resolve(catalog, partner, PARTIES, out);
    }
    for d in p.declarations() {
        resolve(catalog, d, &[RefKind::Declaration], out);
    }
    for line in p.apsc_lines() {
        resolve(catalog, line, &[RefKind::ApscLine], out);
    }
    let mut mismatched = Vec::new();
    for area in p.areas() {
        let entry = resolve(catalog, area, AREAS, out);
        if let (Some(entry), Some(plan)) = (entry, plan) {
            if entry.kind != expected_area_kind(plan) {
                mismatched.push(area);
            }
        }
    }
    if let (Some(span), Some(plan)) = (covering(&mismatched), plan) {
        let (found, expected, help) = match expected_area_kind(plan) {
            RefKind::ThematicArea => (
                "priority areas",
                "thematic areas",
                "use the thematic areas TA1-TA7 of the ACCSM+3 plan",
            ),
            _ => (
                "thematic areas",
                "priority areas",
                "use the priority areas PA1-PA5 of the ACCSM plan",
            ),
        };
        out.push(
            Diagnostic::new(
                Code::AreaKindMismatch,
                span,
                format!(
                    "programme {} is tagged with {found} ({}), but `{}` uses {expected}",
                    p.number.value,
                    id_list(&mismatched),
                    plan.id.value
                ),
            )
            .with_help(help),
        );
    }
    check_kras_and_measures(catalog, info, p, out);
    if let Some(info) = info {
        let plan = info.plan;
        check_timeline(plan, p, out);
        if let Some(relevant) = &info.apsc_lines {
            let outside: Vec<&Text> = p
                .apsc_lines()
                .iter()
                .filter(|l| {
                    catalog
                        .resolve(l, &[RefKind::ApscLine])
                        .0
                        .is_some_and(|e| !relevant.contains(e.id.value.as_str()))
                })
                .collect();
            not_relevant(
                &outside,
                p,
                plan,
                "relevant APSC action lines (endnote 2)",
                out,
            );
        }
    } else if p.timeline.is_none() {
        out.push(no_timeline(p));
    }
    if let Some(budget) = &p.budget {
        check_budget(catalog, budget, out);
    }
}

fn expected_area_kind(plan: &Plan) -> RefKind {
    match plan.area_kind.value {
        AreaKind::Priority => RefKind::PriorityArea,
        AreaKind::Thematic => RefKind::ThematicArea,
    }
}

/// One finding for all the ids of a programme that are missing from a plan's relevant list.
fn not_relevant(
    values: &[&Text],
    p: &Programme,
    plan: &Plan,
    list: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(span) = covering(values) else { return };
    let subject = if values.len() == 1 { "it" } else { "them" };
    out.push(
        Diagnostic::new(
            Code::MeasureNotRelevant,
            span,
            format!(
                "programme {} cites {}, not among the {list} of `{}`",
                p.number.value,
                id_list(values),
                plan.id.value
            ),
        )
        .with_help(format!(
            "check the ids; if the plan really cites {subject}, add {subject} to the plan's list"
        )),
    );
}

fn check_kras_and_measures(
    catalog: &Catalog<'_>,
    info: Option<&PlanInfo<'_>>,
    p: &Programme,
    out: &mut Vec<Diagnostic>,
) {
    let plan = info.map(|i| i.plan);
    let kras: Vec<(&Text, &RefEntry)> = p
        .kras()
        .iter()
        .filter_map(|k| resolve(catalog, k, &[RefKind::Kra], out).map(|e| (k, e)))
        .collect();
    // A programme lists a handful of KRAs: a list is quicker than a hash set.
    let lists_kra = |id: &str| kras.iter().any(|(_, e)| e.id.value == id);
    let mut kras_with_measures: Vec<&str> = Vec::new();
    let relevant = info.and_then(|i| i.measures.as_ref());
    let mut outside = Vec::new();
    // Measures whose KRA the programme does not list, by that KRA.
    let mut orphans: BTreeMap<&str, Vec<&Text>> = BTreeMap::new();
    for m in p.measures() {
        let Some(measure) = resolve(catalog, m, &[RefKind::Measure], out) else {
            continue;
        };
        if let Some(kra) = &measure.parent {
            if !kras_with_measures.contains(&kra.value.as_str()) {
                kras_with_measures.push(kra.value.as_str());
            }
            if !lists_kra(&kra.value) {
                orphans.entry(kra.value.as_str()).or_default().push(m);
            }
        }
        if relevant.is_some_and(|r| !r.contains(measure.id.value.as_str())) {
            outside.push(m);
        }
    }
    if let Some(plan) = plan {
        not_relevant(
            &outside,
            p,
            plan,
            "relevant strategic measures (endnote 1)",
            out,
        );
    }
    for (kra, measures) in orphans {
        let Some(span) = covering(&measures) else {
            continue;
        };
        let (noun, verb) = if measures.len() == 1 {
            ("measure", "belongs")
        } else {
            ("measures", "belong")
        };
        out.push(
            Diagnostic::new(
                Code::MeasureWithoutKra,
                span,
                format!(
                    "the strategic {noun} {} {verb} to KRA `{kra}`, which this programme does not list",
                    id_list(&measures)
                ),
            )
            .with_help(format!("add `{kra}` to kras, or correct the {noun}")),
        );
    }
    for (k, kra) in kras {
        if !kras_with_measures.contains(&kra.id.value.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::KraWithoutMeasure,
                    k.span,
                    format!(
                        "none of this programme's strategic measures belongs to KRA `{}`",
                        kra.id.value
                    ),
                )
                .with_help(format!(
                    "add the `{}.…` measure the programme supports, or remove the KRA",
                    kra.id.value
                )),
            );
        }
    }
}

/// The same programme (by title) in two plans: often intended (a joint ACCSM and ACCSM+3
/// activity), so a note, not a warning.
///
/// `titles` holds the [`title_hash`] of each programme, in order. Titles are compared by hash
/// (a hundred thousand keys as text would add a tenth to the peak memory of a run), and as text
/// when two hashes agree, so a collision can neither invent nor hide a finding.
pub(super) fn check_same_programme_in_plans(
    data: &Dataset,
    titles: Vec<u64>,
    out: &mut Vec<Diagnostic>,
) {
    use std::collections::hash_map::Entry;
    let mut first_by_hash: FastMap<u64, &Programme> = FastMap::default();
    first_by_hash.reserve(data.programmes.len());
    // Titles whose hash is that of a different title, by their key as text.
    let mut collided: FastMap<String, &Programme> = FastMap::default();
    for (p, hash) in data.programmes.iter().zip(titles) {
        let first = match first_by_hash.entry(hash) {
            Entry::Vacant(e) => {
                e.insert(p);
                continue;
            }
            Entry::Occupied(e) => *e.get(),
        };
        let key = title_key(&p.title.value);
        let first = if title_key(&first.title.value) == key {
            first
        } else {
            match collided.entry(key) {
                Entry::Vacant(e) => {
                    e.insert(p);
                    continue;
                }
                Entry::Occupied(e) => *e.get(),
            }
        };
        if first.plan.value != p.plan.value {
            out.push(
                Diagnostic::new(
                    Code::SameProgrammeInPlans,
                    p.title.span,
                    format!(
                        "programme {} of `{}` has the same title as programme {} of `{}`",
                        p.number.value, p.plan.value, first.number.value, first.plan.value
                    ),
                )
                .with_related(first.title.span, "the other programme")
                .with_help(
                    "if they are one activity, say so in a note; if not, make the titles distinct",
                ),
            );
        }
    }
}

pub(super) fn title_hash(title: &str) -> u64 {
    run_hash(&title_key(title))
}

/// A title's letters and digits, lower-cased: "Forum on X (2022)" and "forum on x 2022" match.
fn title_key(title: &str) -> String {
    if !title.is_ascii() {
        return title
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
    }
    // Most titles are plain ASCII: the same rule, byte by byte.
    let mut key = String::with_capacity(title.len());
    for b in title.bytes() {
        if b.is_ascii_alphanumeric() {
            key.push(char::from(b.to_ascii_lowercase()));
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_keys_keep_letters_and_digits_lower_cased() {
        for title in [
            "Forum on Public Service Delivery (2022)",
            "forum on public-service delivery, 2022",
            "ÉCOLE – Ça va?",
            "Thai ภาษาไทย 2565",
            "İstanbul",
            "",
        ] {
            let unicode: String = title
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(title_key(title), unicode, "{title}");
        }
        assert_eq!(
            title_key("Forum on Public Service Delivery (2022)"),
            title_key("forum on public-service delivery, 2022")
        );
    }

    #[test]
    fn titles_with_the_same_hash_are_still_compared_as_text() {
        // The shipped data: ACCSM and ACCSM+3 share several titles, and many titles differ.
        let (files, _) = crate::load::workspace::collect_files(&["data".into()], None);
        let loaded = crate::load::load_files(&files);
        let data = &loaded.dataset;
        let findings = |hashes: Vec<u64>| {
            let mut out = Vec::new();
            check_same_programme_in_plans(data, hashes, &mut out);
            out.iter()
                .map(|d| (d.span, d.message.clone()))
                .collect::<Vec<_>>()
        };
        let real = findings(
            data.programmes
                .iter()
                .map(|p| title_hash(&p.title))
                .collect(),
        );
        assert!(real.len() >= 2, "{real:?}");
        // Every title colliding with every other: the same findings, none more.
        assert_eq!(findings(vec![0; data.programmes.len()]), real);
    }
}
