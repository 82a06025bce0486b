//! Coverage of the plan's frame of reference: the areas, the entries of its results framework, APSC action
//! lines and declarations that no programme of the plan serves. "Serves" means a programme cites
//! it, not that the work is done.

use std::collections::HashSet;

use super::doc::{Block, Cell, Row, Table};
use crate::lookup::Catalog;
use crate::model::{AreaKind, Dataset, Plan, Programme, RefKind, Text};

/// One kind of reference: what the plan holds itself to, and what its programmes cite.
struct Frame<'a> {
    what: String,
    /// Where titles come from: a reference list, or the entries of a framework.
    titles: Titles<'a>,
    /// The ids listed, in the order of the reference lists or the plan.
    listed: Vec<&'a str>,
    /// Where the list comes from, in words.
    from: String,
    cited: Cited<'a>,
}

enum Titles<'a> {
    Kind(RefKind),
    Framework(&'a str),
}

enum Cited<'a> {
    List(fn(&Programme) -> &[Text]),
    /// Cited under this key of the plan's framework.
    Key(&'a str),
}

impl Cited<'_> {
    fn ids<'p>(&self, p: &'p Programme) -> impl Iterator<Item = &'p str> + use<'p> {
        let ids: &[Text] = match self {
            Cited::List(list) => list(p),
            Cited::Key(key) => p.lists.cited(key),
        };
        ids.iter().map(|t| t.value.as_str())
    }
}

fn frames<'a>(data: &'a Dataset, plan: &'a Plan) -> Vec<Frame<'a>> {
    let all = |kind: RefKind| -> Vec<&'a str> {
        data.references_of(kind)
            .map(|r| r.id.value.as_str())
            .collect()
    };
    let (area_kind, area_what) = match plan.area_kind.value {
        AreaKind::Priority => (RefKind::PriorityArea, "Priority areas"),
        AreaKind::Thematic => (RefKind::ThematicArea, "Thematic areas"),
    };
    let (lines, lines_relevant) = if plan.relevant_apsc_lines.is_empty() {
        (all(RefKind::ApscLine), false)
    } else {
        let ids = plan
            .relevant_apsc_lines
            .iter()
            .map(|t| t.value.as_str())
            .collect();
        (ids, true)
    };
    let mut frames = vec![Frame {
        what: area_what.to_string(),
        titles: Titles::Kind(area_kind),
        listed: all(area_kind),
        from: "every area of the plan's kind in the reference lists".to_string(),
        cited: Cited::List(Programme::areas),
    }];
    // The levels of the plan's framework that programmes cite, with the framework's own names.
    if let Some(fw) = data.framework_of(plan) {
        let lowest = fw.lowest().map(|l| l.id.value.as_str());
        for level in fw.levels.iter() {
            let Some(key) = &level.key else { continue };
            let every: Vec<&str> = data
                .entries_of(&fw.id.value, &level.id.value)
                .map(|e| e.id.value.as_str())
                .collect();
            let relevant =
                Some(level.id.value.as_str()) == lowest && !plan.relevant_measures.is_empty();
            let (listed, from) = if relevant {
                let ids = plan
                    .relevant_measures
                    .iter()
                    .map(|t| t.value.as_str())
                    .collect();
                (
                    ids,
                    format!("the plan's list of relevant {}", level.plural()),
                )
            } else {
                (
                    every,
                    format!("every {} of the {}", level.name.value, fw.title.value),
                )
            };
            frames.push(Frame {
                what: format!("{}: {}", fw.title.value, level.plural()),
                titles: Titles::Framework(&fw.id.value),
                listed,
                from,
                cited: Cited::Key(&key.value),
            });
        }
    }
    frames.push(Frame {
        what: "APSC action lines".to_string(),
        titles: Titles::Kind(RefKind::ApscLine),
        listed: lines,
        from: if lines_relevant {
            "the plan's list of relevant action lines".to_string()
        } else {
            "every action line in the reference lists (the plan lists no relevant ones)".to_string()
        },
        cited: Cited::List(Programme::apsc_lines),
    });
    frames.push(Frame {
        what: "Declarations".to_string(),
        titles: Titles::Kind(RefKind::Declaration),
        listed: all(RefKind::Declaration),
        from: "every declaration in the reference lists".to_string(),
        cited: Cited::List(Programme::declarations),
    });
    frames
}

/// A summary per kind, and the entries no programme of the plan cites.
pub fn unserved(
    data: &Dataset,
    catalog: &Catalog<'_>,
    plan: &Plan,
    programmes: &[&Programme],
) -> Vec<Block> {
    let mut summary = Vec::new();
    let mut missing = Vec::new();
    for frame in frames(data, plan) {
        let cited: HashSet<&str> = programmes.iter().flat_map(|p| frame.cited.ids(p)).collect();
        let mut seen = HashSet::new();
        let listed: Vec<&str> = frame
            .listed
            .iter()
            .copied()
            .filter(|id| seen.insert(*id))
            .collect();
        let not_served: Vec<&str> = listed
            .iter()
            .copied()
            .filter(|id| !cited.contains(id))
            .collect();
        summary.push(Row::of(vec![
            Cell::text(&frame.what),
            Cell::text(&frame.from),
            Cell::number(listed.len()),
            Cell::number(listed.len() - not_served.len()),
            Cell::number(not_served.len()),
        ]));
        for id in not_served {
            let entry = match frame.titles {
                Titles::Kind(kind) => catalog.get(kind, id),
                Titles::Framework(fw) => data.framework_entry(fw, id),
            };
            let title = entry
                .map(|e| e.display_name().to_string())
                .unwrap_or_else(|| "(not in the reference lists)".to_string());
            missing.push(Row::of(vec![
                Cell::text(&frame.what),
                Cell::text(id),
                Cell::text(title),
            ]));
        }
    }
    // Programmes still citing another framework (carried over, not yet re-mapped) serve
    // nothing of the plan's until they are.
    let other = programmes
        .iter()
        .filter(|p| {
            let own = data.framework_of(plan);
            p.citations().any(|(key, ids)| {
                !ids.is_empty()
                    && !own.is_some_and(|f| {
                        f.level_for_key(&key.value).is_some()
                            && ids
                                .iter()
                                .all(|id| data.framework_entry(&f.id.value, &id.value).is_some())
                    })
            })
        })
        .count();
    let mut blocks = vec![Block::Table(Table {
        caption: format!(
            "{}: how much of its frame of reference the programmes cite",
            plan.title.value
        ),
        header: ["Kind", "What counts", "Listed", "Served", "Not served"]
            .map(String::from)
            .to_vec(),
        rows: summary,
    })];
    if other > 0 {
        blocks.push(Block::para(format!(
            "{other} programme{} of {} cite{} entries outside the plan's results framework \
             (carried over and not yet re-mapped): {} counted as serving nothing of it.",
            if other == 1 { "" } else { "s" },
            plan.title.value,
            if other == 1 { "s" } else { "" },
            if other == 1 { "it is" } else { "they are" }
        )));
    }
    if missing.is_empty() {
        blocks.push(Block::para(format!(
            "Every area, framework entry, action line and declaration listed is cited by at \
             least one programme of {}.",
            plan.title.value
        )));
    } else {
        blocks.push(Block::Table(Table {
            caption: format!(
                "{}: what no programme of the plan cites ({} entries)",
                plan.title.value,
                missing.len()
            ),
            header: ["Kind", "Id", "Title"].map(String::from).to_vec(),
            rows: missing,
        }));
    }
    blocks
}
