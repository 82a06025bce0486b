//! Results frameworks: each framework's levels and entries, a plan's relevant entries, and
//! ([`citations`]) what a programme cites of its plan's framework. The level names, the programme keys and the framework's title all come from
//! the data (see `model::Framework`); nothing here knows a level by name.

use std::collections::BTreeMap;

use crate::diag::{Code, Diagnostic};
use crate::lookup::Catalog;
use crate::model::{Dataset, Framework, Level, RefEntry, RefKind, Text};
use crate::spelling::did_you_mean;

mod citations;

pub(super) use citations::check_citations;

/// The frameworks themselves: every level named once, every entry in a framework and level
/// that exist, its parent an entry of the level above, and every plan's framework known.
pub(super) fn check_frameworks(data: &Dataset, catalog: &Catalog<'_>, out: &mut Vec<Diagnostic>) {
    for (i, f) in data.frameworks.iter().enumerate() {
        if let Some(first) = data.frameworks[..i]
            .iter()
            .find(|o| o.id.value == f.id.value)
        {
            let what = format!("the results framework `{}`", f.id.value);
            super::duplicate(out, &what, f.id.span, first.id.span);
        }
        for (j, level) in f.levels.iter().enumerate() {
            if f.levels[..j].iter().any(|l| l.id.value == level.id.value) {
                out.push(Diagnostic::new(
                    Code::DuplicateId,
                    level.id.span,
                    format!(
                        "the level `{}` is declared twice in `{}`",
                        level.id.value, f.id.value
                    ),
                ));
            }
        }
    }
    let mut seen: BTreeMap<(&str, &str), &Text> = BTreeMap::new();
    for e in data.references_of(RefKind::FrameworkEntry) {
        let (Some(fw_id), Some(level_id)) = (&e.framework, &e.level) else {
            continue;
        };
        let Some(fw) = data.framework(&fw_id.value) else {
            if !catalog.withhold("framework") {
                out.push(unknown_framework(data, fw_id));
            }
            continue;
        };
        if let Some(first) = seen.insert((&fw_id.value, &e.id.value), &e.id) {
            let what = format!("the entry `{}` of the {}", e.id.value, fw.title.value);
            super::duplicate(out, &what, e.id.span, first.span);
        }
        let Some(level) = fw.level(&level_id.value) else {
            let levels: Vec<&str> = fw.levels.iter().map(|l| l.id.value.as_str()).collect();
            out.push(
                Diagnostic::new(
                    Code::UnknownReference,
                    level_id.span,
                    format!("the {} has no level `{}`", fw.title.value, level_id.value),
                )
                .with_help(format!("its levels are: {}", levels.join(", "))),
            );
            continue;
        };
        check_parent(data, fw, level, e, out);
    }
    for plan in &data.plans {
        if let Some(id) = &plan.framework {
            if data.framework(&id.value).is_none() && !catalog.withhold("framework") {
                out.push(unknown_framework(data, id));
            }
        }
    }
}

/// An entry below the top level names an entry of the level above as its `parent`.
fn check_parent(
    data: &Dataset,
    fw: &Framework,
    level: &Level,
    e: &RefEntry,
    out: &mut Vec<Diagnostic>,
) {
    let Some(above) = fw.parent_level(&level.id.value) else {
        if let Some(parent) = &e.parent {
            out.push(Diagnostic::new(
                Code::BadValue,
                parent.span,
                format!(
                    "a {} is the top level of the {}: it has no parent",
                    level.name.value, fw.title.value
                ),
            ));
        }
        return;
    };
    let Some(parent) = &e.parent else {
        out.push(
            Diagnostic::new(
                Code::MissingField,
                e.span,
                format!(
                    "the {} `{}` does not say which {} it belongs to",
                    level.name.value, e.id.value, above.name.value
                ),
            )
            .with_help(format!(
                "add `parent = \"…\"`, the id of its {}",
                above.name.value
            )),
        );
        return;
    };
    let found = data.framework_entry(&fw.id.value, &parent.value);
    let at_level = found
        .and_then(|p| p.level.as_ref())
        .map(|l| l.value.as_str());
    if at_level != Some(above.id.value.as_str()) {
        out.push(
            Diagnostic::new(
                Code::UnknownReference,
                parent.span,
                format!(
                    "`{}` is not a {} of the {}",
                    parent.value, above.name.value, fw.title.value
                ),
            )
            .with_help(format!(
                "name the {} this {} belongs to, as its `id` is written",
                above.name.value, level.name.value
            )),
        );
    }
}

fn unknown_framework(data: &Dataset, id: &Text) -> Diagnostic {
    let ids: Vec<&str> = data
        .frameworks
        .iter()
        .map(|f| f.id.value.as_str())
        .collect();
    let d = Diagnostic::new(
        Code::UnknownReference,
        id.span,
        format!("accsm knows no results framework `{}`", id.value),
    );
    match did_you_mean(&id.value, ids.iter().copied()) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None if ids.is_empty() => d.with_help(
            "declare it in a reference file with `[[framework]]` (id, title, levels); see \
             docs/next-plan.md",
        ),
        None => d.with_help(format!("the frameworks are: {}", ids.join(", "))),
    }
}

/// A plan's relevant entries (`relevant_measures`) are entries of the lowest level of its
/// framework; an APSC action line there belongs in `relevant_apsc_lines`.
pub(super) fn check_relevant(
    data: &Dataset,
    plan: &crate::model::Plan,
    catalog: &Catalog<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if plan.relevant_measures.is_empty() {
        return;
    }
    let Some(fw) = data.framework_of(plan) else {
        if plan.framework.is_none() && !catalog.withhold("framework") {
            out.push(
                Diagnostic::new(
                    Code::MissingField,
                    plan.id.span,
                    format!(
                        "the plan `{}` lists relevant measures but names no results framework",
                        plan.id.value
                    ),
                )
                .with_help("add `framework = \"…\"`, the id of the framework its programmes cite"),
            );
        }
        return;
    };
    let Some(lowest) = fw.lowest() else { return };
    for m in &plan.relevant_measures {
        if let Some(e) = data.framework_entry(&fw.id.value, &m.value) {
            let at = e.level.as_ref().map_or("", |l| l.value.as_str());
            if at != lowest.id.value.as_str() {
                out.push(Diagnostic::new(
                    Code::MisplacedReference,
                    m.span,
                    format!(
                        "`{}` is a {} of the {}, not a {}",
                        m.value,
                        fw.level(at).map_or(at, |l| l.name.value.as_str()),
                        fw.title.value,
                        lowest.name.value
                    ),
                ));
            }
            continue;
        }
        // A near-miss spelling or an APSC action line is explained, with its fix, as every
        // other reference is; an APSC line moves to the plan's own list of them.
        let (meant, finding) = catalog.resolve(m, &[RefKind::FrameworkEntry]);
        let elsewhere = meant.is_some_and(|e| {
            e.framework_level() != Some((fw.id.value.as_str(), lowest.id.value.as_str()))
        });
        let finding = finding.map(|d| {
            if elsewhere {
                Diagnostic::new(Code::UnknownReference, m.span, String::new())
            } else {
                d
            }
        });
        out.extend(finding.map(|d| {
            let d = retarget_move(d, "relevant_apsc_lines");
            if d.code == Code::UnknownReference {
                Diagnostic {
                    message: format!(
                        "`{}` is not a {} of the {}",
                        m.value, lowest.name.value, fw.title.value
                    ),
                    ..d
                }
            } else {
                d
            }
        }));
    }
}

/// A plan lists its APSC lines in `relevant_apsc_lines`: a misplaced one moves there.
fn retarget_move(mut d: Diagnostic, to: &'static str) -> Diagnostic {
    if let Some(fix) = &mut d.fix {
        for edit in &mut fix.edits {
            if let crate::diag::Edit::MoveToList { value, list, .. } = edit {
                *list = to;
                fix.description = format!("move `{value}` to `{to}`");
            }
        }
    }
    d
}
