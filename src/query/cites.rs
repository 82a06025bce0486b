//! The filter on what programmes cite of a results framework: `--cites LEVEL=ID` (or `--cites
//! ID`, any level), with `--kra ID` and `--measure ID` as the shorthands for the levels of those
//! ids. Each programme's citations are read in its own plan's framework, so one filter runs across
//! a 2021-2025 plan under the ASCC Blueprint and a 2026-2030 plan under the Strategic Plan.

use super::FilterError;
use crate::interned::Str;
use crate::lookup::Catalog;
use crate::model::{Dataset, Framework, Programme, RefKind};
use crate::spelling::did_you_mean;

/// One value of the filter: an entry id, at a level (by its id) or at any level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cite {
    level: Option<Str>,
    id: Str,
    /// Also an APSC action line of this id (what `--measure` has always matched).
    apsc_line: bool,
}

/// Reads `LEVEL=ID` or `ID` and checks that some framework has such an entry.
pub fn resolve(
    data: &Dataset,
    catalog: &Catalog<'_>,
    typed: &str,
    apsc_too: bool,
) -> Result<Cite, FilterError> {
    let (level, id) = match typed.split_once('=') {
        Some((l, id)) => (Some(l.trim()), id.trim()),
        None => (None, typed.trim()),
    };
    // A level is named by its id (`kra`) or by the programme key that cites it (`kras`).
    let level = match level {
        Some(l) => Some(level_id(data, l)?),
        None => None,
    };
    let entries = data.references_of(RefKind::FrameworkEntry).filter(|e| {
        level
            .as_ref()
            .is_none_or(|l| e.level.as_ref().is_some_and(|el| el.value == *l))
    });
    let ids: Vec<&str> = entries.map(|e| e.id.value.as_str()).collect();
    let known = ids.iter().any(|i| i.eq_ignore_ascii_case(id));
    let apsc = apsc_too && catalog.get(RefKind::ApscLine, id).is_some();
    if !known && !apsc {
        let what = level.as_ref().map_or("framework entry".to_string(), |l| {
            level_name(data, l).unwrap_or_else(|| l.to_string())
        });
        let help = match did_you_mean(id, ids.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if ids.is_empty() => {
                "no results framework has such entries yet (see docs/next-plan.md)".to_string()
            }
            None => "check the id against the framework's [[framework_entry]] records".to_string(),
        };
        return Err(FilterError::new(format!("no {what} `{id}` is known")).with_help(Some(help)));
    }
    // The id as the data writes it.
    let written = ids
        .iter()
        .find(|i| i.eq_ignore_ascii_case(id))
        .copied()
        .unwrap_or(id);
    Ok(Cite {
        level,
        id: Str::from(written),
        apsc_line: apsc_too,
    })
}

/// The level a filter names, by level id or programme key, in any framework.
fn level_id(data: &Dataset, typed: &str) -> Result<Str, FilterError> {
    let typed_l = typed.to_lowercase();
    for f in &data.frameworks {
        for l in f.levels.iter() {
            let by_key = l
                .key
                .as_ref()
                .is_some_and(|k| k.value.to_lowercase() == typed_l);
            if l.id.value.to_lowercase() == typed_l || by_key {
                return Ok(l.id.value.clone());
            }
        }
    }
    let levels: Vec<&str> = data
        .frameworks
        .iter()
        .flat_map(|f| f.levels.iter().map(|l| l.id.value.as_str()))
        .collect();
    let help = match did_you_mean(typed, levels.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("the levels of the frameworks are: {}", levels.join(", ")),
    };
    Err(
        FilterError::new(format!("no results framework has a level `{typed}`"))
            .with_help(Some(help)),
    )
}

fn level_name(data: &Dataset, level: &str) -> Option<String> {
    data.frameworks
        .iter()
        .find_map(|f| f.level(level).map(|l| l.name.value.to_string()))
}

/// The level a programme's citation key stands for: in its plan's framework, else in the first
/// framework that declares the key (a carried-over programme still citing the old framework).
fn level_of<'a>(data: &'a Dataset, plan_fw: Option<&'a Framework>, key: &str) -> Option<&'a str> {
    plan_fw
        .and_then(|f| f.level_for_key(key))
        .or_else(|| data.frameworks.iter().find_map(|f| f.level_for_key(key)))
        .map(|l| l.id.value.as_str())
}

/// Whether the programme cites any of `cites`.
pub fn matches(data: &Dataset, cites: &[Cite], p: &Programme) -> bool {
    if cites.is_empty() {
        return true;
    }
    let fw = data.framework_of_plan(&p.plan.value);
    let by_citation = p.citations().any(|(key, ids)| {
        let level = level_of(data, fw, &key.value);
        ids.iter().any(|id| {
            cites.iter().any(|c| {
                c.id == id.value && c.level.as_ref().is_none_or(|l| Some(l.as_str()) == level)
            })
        })
    });
    by_citation
        || p.apsc_lines()
            .iter()
            .any(|l| cites.iter().any(|c| c.apsc_line && c.id == l.value))
}
