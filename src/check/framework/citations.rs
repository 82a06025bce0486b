//! What one programme cites of its plan's results framework: every id an entry of the level
//! its key names, in the plan's framework (else why not, in that framework's own words), its
//! parent cited at the level above, and among the plan's relevant entries when it lists them.

use std::collections::BTreeMap;

use crate::check::{covering, id_list, repeated_entries};
use crate::diag::{Code, Diagnostic};
use crate::lookup::Catalog;
use crate::model::{Dataset, Framework, Level, Programme, RefEntry, RefKind, Text};
use crate::spelling::did_you_mean;

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
pub(in crate::check) fn check_citations(
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
        repeated_entries(ids, out);
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

/// "a key result area", "an objective".
fn with_article(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    format!("{} {noun}", if vowel { "an" } else { "a" })
}
