//! Results frameworks: each framework's levels and entries, and what a programme cites of its
//! plan's framework. The level names, the programme keys and the framework's title all come from
//! the data (see `model::Framework`); nothing here knows a level by name.

use std::collections::BTreeMap;

use super::{covering, id_list};
use crate::diag::{Code, Diagnostic};
use crate::lookup::Catalog;
use crate::model::{Dataset, Framework, Level, Programme, RefEntry, RefKind, Text};
use crate::text::did_you_mean;

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

/// The programme keys accsm reads besides the citation keys, for did-you-mean.
fn programme_keys() -> Vec<&'static str> {
    crate::load::schema()
        .table("programme")
        .map(|t| t.keys.iter().map(|k| k.key).collect())
        .unwrap_or_default()
}

/// What one programme cites of its plan's framework (`framework`: `None` when the plan or its
/// framework is unknown, which other findings say). `relevant`: the plan's relevant entries of
/// the lowest level, when it lists them.
pub(super) fn check_citations(
    data: &Dataset,
    catalog: &Catalog<'_>,
    framework: Option<&Framework>,
    relevant: Option<&crate::hash::FastSet<&str>>,
    p: &Programme,
    out: &mut Vec<Diagnostic>,
) {
    // Per level of the plan's framework: the entries cited, with the text that cites them.
    let mut cited: Vec<(&Level, Vec<(&Text, &RefEntry)>)> = Vec::new();
    let mut outside = Vec::new();
    for (key, ids) in p.citations() {
        super::repeated_entries(ids, out);
        let level = framework.and_then(|f| f.level_for_key(&key.value));
        if let (Some(fw), Some(level)) = (framework, level) {
            let mut found = Vec::new();
            let mut elsewhere = Vec::new();
            for id in ids {
                match cite(data, catalog, fw, level, id, out) {
                    Cited::Entry(e) => {
                        if relevant.is_some_and(|r| !r.contains(e.id.value.as_str()))
                            && fw.lowest().is_some_and(|l| l.id.value == level.id.value)
                        {
                            outside.push(id);
                        }
                        found.push((id, e));
                    }
                    Cited::Elsewhere => elsewhere.push(id),
                    Cited::Reported => {}
                }
            }
            if let Some(other) = other_framework(data, fw, key, &elsewhere) {
                out.push(remap(p, fw, other, key, &elsewhere));
            }
            cited.push((level, found));
            continue;
        }
        let other = data
            .frameworks
            .iter()
            .find(|f| f.level_for_key(&key.value).is_some());
        match (framework, other) {
            (Some(fw), Some(other)) => {
                let all: Vec<&Text> = ids.iter().collect();
                out.push(remap(p, fw, other, key, &all));
            }
            // The plan's framework is unknown: its finding is enough.
            (None, Some(_)) => {}
            (_, None) => out.push(not_a_key(framework, key)),
        }
    }
    if let Some(fw) = framework {
        not_relevant_entries(fw, p, &outside, out);
        check_parents_cited(fw, &cited, out);
    }
}

enum Cited<'a> {
    Entry(&'a RefEntry),
    /// Not an entry of the plan's framework but of another: a re-map finding covers it.
    Elsewhere,
    Reported,
}

/// Resolves one id cited under a level's key: an entry of the plan's framework at that level;
/// else why not, in the plan's framework's own words (a near-miss spelling and an APSC action
/// line among them are explained, with their fix, as for every other reference).
fn cite<'a>(
    data: &'a Dataset,
    catalog: &Catalog<'a>,
    fw: &Framework,
    level: &Level,
    id: &Text,
    out: &mut Vec<Diagnostic>,
) -> Cited<'a> {
    if let Some(e) = catalog.entry(&fw.id.value, &id.value) {
        let at = e.level.as_ref().map(|l| l.value.as_str()).unwrap_or("");
        if at == level.id.value.as_str() {
            return Cited::Entry(e);
        }
        let other = fw.level(at);
        let d = Diagnostic::new(
            Code::MisplacedReference,
            id.span,
            format!(
                "`{}` is a {} of the {}, not a {}",
                id.value,
                other.map_or(at, |l| l.name.value.as_str()),
                fw.title.value,
                level.name.value
            ),
        );
        out.push(match other.and_then(|l| l.key.as_ref()) {
            Some(key) => d.with_help(format!(
                "`{}` belongs in `{}`; remove it from this list",
                id.value, key.value
            )),
            None => d.with_help(format!("cite the {} it serves instead", level.name.value)),
        });
        return Cited::Reported;
    }
    if data
        .frameworks
        .iter()
        .any(|f| f.id.value != fw.id.value && catalog.entry(&f.id.value, &id.value).is_some())
    {
        return Cited::Elsewhere;
    }
    match catalog.resolve(id, &[RefKind::FrameworkEntry]) {
        // A near-miss spelling: the finding carries the fix; later rules see what was meant.
        (Some(meant), Some(d)) => {
            let right =
                meant.framework_level() == Some((fw.id.value.as_str(), level.id.value.as_str()));
            if right {
                out.push(d);
                return Cited::Entry(meant);
            }
            // Near an entry of another level or framework: saying which is all accsm can do;
            // a fix to it would be confidently wrong.
            out.push(unknown_entry(data, fw, level, id));
            Cited::Reported
        }
        (_, Some(d)) if d.code != Code::UnknownReference => {
            // Said in the framework's own words: "not a key result area (KRA)".
            let message = d.message.replace(
                RefKind::FrameworkEntry.noun(),
                &with_article(&level.name.value),
            );
            out.push(Diagnostic { message, ..d });
            Cited::Reported
        }
        (_, Some(_)) => {
            out.push(unknown_entry(data, fw, level, id));
            Cited::Reported
        }
        // What it names may be in a file that could not be read.
        (_, None) => Cited::Reported,
    }
}

fn unknown_entry(data: &Dataset, fw: &Framework, level: &Level, id: &Text) -> Diagnostic {
    let ids: Vec<&str> = data
        .entries_of(&fw.id.value, &level.id.value)
        .map(|e| e.id.value.as_str())
        .collect();
    let d = Diagnostic::new(
        Code::UnknownReference,
        id.span,
        format!(
            "`{}` is not a {} of the {}",
            id.value, level.name.value, fw.title.value
        ),
    );
    match did_you_mean(&id.value, ids.iter().copied()) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None if ids.is_empty() => d.with_help(format!(
            "the {} has no {} entries yet: add them as `[[framework_entry]]` records \
             (framework = \"{}\", level = \"{}\"); see docs/next-plan.md",
            fw.title.value, level.name.value, fw.id.value, level.id.value
        )),
        None => d.with_help(format!(
            "check the id against the `{}` entries of `{}`",
            level.id.value, fw.id.value
        )),
    }
}

/// The framework other than the plan's whose entries `ids` are.
fn other_framework<'a>(
    data: &'a Dataset,
    fw: &Framework,
    key: &Text,
    ids: &[&Text],
) -> Option<&'a Framework> {
    let first = ids.first()?;
    data.frameworks.iter().find(|f| {
        f.id.value != fw.id.value
            && (f.level_for_key(&key.value).is_some()
                || data.framework_entry(&f.id.value, &first.value).is_some())
    })
}

/// "cites the ASCC Blueprint 2025; map it to the plan's framework".
fn remap(
    p: &Programme,
    fw: &Framework,
    other: &Framework,
    key: &Text,
    ids: &[&Text],
) -> Diagnostic {
    let span = covering(ids).unwrap_or(key.span);
    let carried = if p.carried_over {
        " (carried over)"
    } else {
        ""
    };
    Diagnostic::new(
        Code::CitesOtherFramework,
        span,
        format!(
            "programme {} of `{}`{carried} cites the {} (`{}`: {}); map it to the plan's framework, the {}",
            p.number.value,
            p.plan.value,
            other.title.value,
            key.value,
            if ids.is_empty() { "none".to_string() } else { id_list(ids) },
            fw.title.value
        ),
    )
    .with_label(format!("entries of the {}", other.title.value))
    .with_help(format!(
        "replace them with the entries of the {} the programme serves ({}), or keep them until \
         the Secretariat re-maps the plan",
        fw.title.value,
        level_keys(fw)
    ))
}

fn level_keys(fw: &Framework) -> String {
    let keys: Vec<String> = fw
        .levels
        .iter()
        .filter_map(|l| Some(format!("`{}` for {}", l.key.as_ref()?.value, l.plural())))
        .collect();
    keys.join(", ")
}

/// A list key that is neither a programme key nor a citation key of any framework.
fn not_a_key(framework: Option<&Framework>, key: &Text) -> Diagnostic {
    let mut keys: Vec<String> = programme_keys().iter().map(|k| k.to_string()).collect();
    if let Some(fw) = framework {
        keys.extend(fw.keys().map(str::to_string));
    }
    let d = Diagnostic::new(
        Code::UnknownKey,
        key.span,
        format!("a programme has no key `{}`", key.value),
    );
    match did_you_mean(&key.value, keys.iter().map(String::as_str)) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => match framework {
            Some(fw) => d.with_help(format!(
                "a programme cites its plan's framework, the {}, with {}",
                fw.title.value,
                level_keys(fw)
            )),
            None => d,
        },
    }
}

fn not_relevant_entries(
    fw: &Framework,
    p: &Programme,
    outside: &[&Text],
    out: &mut Vec<Diagnostic>,
) {
    let Some(span) = covering(outside) else {
        return;
    };
    let name = fw.lowest().map_or("entries".to_string(), |l| l.plural());
    let subject = if outside.len() == 1 { "it" } else { "them" };
    out.push(
        Diagnostic::new(
            Code::MeasureNotRelevant,
            span,
            format!(
                "programme {} cites {}, not among the relevant {name} of `{}`",
                p.number.value,
                id_list(outside),
                p.plan.value
            ),
        )
        .with_help(format!(
            "check the ids; if the plan really cites {subject}, add {subject} to the plan's \
             `relevant_measures`"
        )),
    );
}

/// An entry cited whose parent the programme does not cite at the level above (when that level
/// is cited by a key), and an entry cited that none of the entries cited below belongs to.
fn check_parents_cited(
    fw: &Framework,
    cited: &[(&Level, Vec<(&Text, &RefEntry)>)],
    out: &mut Vec<Diagnostic>,
) {
    let at = |level: &str| -> &[(&Text, &RefEntry)] {
        cited
            .iter()
            .find(|(l, _)| l.id.value == level)
            .map_or(&[], |(_, e)| e.as_slice())
    };
    for level in fw.levels.iter() {
        let (Some(key), Some(above)) = (&level.key, fw.parent_level(&level.id.value)) else {
            continue;
        };
        let Some(above_key) = &above.key else {
            continue;
        };
        let entries = at(&level.id.value);
        let parents = at(&above.id.value);
        let mut orphans: BTreeMap<&str, Vec<&Text>> = BTreeMap::new();
        for (text, e) in entries {
            let Some(parent) = &e.parent else { continue };
            if !parents.iter().any(|(_, p)| p.id.value == parent.value) {
                orphans.entry(parent.value.as_str()).or_default().push(text);
            }
        }
        for (parent, texts) in orphans {
            let Some(span) = covering(&texts) else {
                continue;
            };
            let (noun, verb) = if texts.len() == 1 {
                (level.name.value.to_string(), "belongs")
            } else {
                (level.plural(), "belong")
            };
            out.push(
                Diagnostic::new(
                    Code::MeasureWithoutKra,
                    span,
                    format!(
                        "the {noun} {} {verb} to {} `{parent}`, which this programme does not list",
                        id_list(&texts),
                        above.name.value
                    ),
                )
                .with_help(format!(
                    "add `{parent}` to {}, or correct the {noun}",
                    above_key.value
                )),
            );
        }
        for (text, parent) in parents {
            let served = entries.iter().any(|(_, e)| {
                e.parent
                    .as_ref()
                    .is_some_and(|p| p.value == parent.id.value)
            });
            if !served {
                out.push(
                    Diagnostic::new(
                        Code::KraWithoutMeasure,
                        text.span,
                        format!(
                            "none of this programme's {} belongs to {} `{}`",
                            level.plural(),
                            above.name.value,
                            parent.id.value
                        ),
                    )
                    .with_help(format!(
                        "add a {} of `{}` that the programme supports to `{}`, or remove the {}",
                        level.name.value, parent.id.value, key.value, above.name.value
                    )),
                );
            }
        }
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

/// "a key result area", "an objective".
fn with_article(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {noun}", if vowel { "an" } else { "a" })
}
