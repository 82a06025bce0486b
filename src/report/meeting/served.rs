//! Coverage of the plan's frame of reference: the areas, KRAs, strategic measures, APSC action
//! lines and declarations that no programme of the plan serves. "Serves" means a programme cites
//! it, not that the work is done.

use std::collections::HashSet;

use super::doc::{Block, Cell, Row, Table};
use crate::check::references::Catalog;
use crate::model::{AreaKind, Dataset, Plan, Programme, RefKind, Text};

/// One kind of reference: what the plan holds itself to, and what its programmes cite.
struct Frame<'a> {
    what: &'static str,
    kind: RefKind,
    /// The ids listed, in the order of the reference lists or the plan.
    listed: Vec<&'a str>,
    /// Where the list comes from, in words.
    from: &'static str,
    cited: fn(&Programme) -> &[Text],
}

fn frames<'a>(data: &'a Dataset, plan: &'a Plan) -> Vec<Frame<'a>> {
    let all = |kind: RefKind| -> Vec<&'a str> {
        data.references_of(kind)
            .map(|r| r.id.value.as_str())
            .collect()
    };
    let relevant = |list: &'a [Text], kind: RefKind| -> (Vec<&'a str>, bool) {
        if list.is_empty() {
            (all(kind), false)
        } else {
            (list.iter().map(|t| t.value.as_str()).collect(), true)
        }
    };
    let (area_kind, area_what) = match plan.area_kind.value {
        AreaKind::Priority => (RefKind::PriorityArea, "Priority areas"),
        AreaKind::Thematic => (RefKind::ThematicArea, "Thematic areas"),
    };
    let (measures, measures_relevant) = relevant(&plan.relevant_measures, RefKind::Measure);
    let (lines, lines_relevant) = relevant(&plan.relevant_apsc_lines, RefKind::ApscLine);
    vec![
        Frame {
            what: area_what,
            kind: area_kind,
            listed: all(area_kind),
            from: "every area of the plan's kind in the reference lists",
            cited: Programme::areas,
        },
        Frame {
            what: "ASCC key result areas",
            kind: RefKind::Kra,
            listed: all(RefKind::Kra),
            from: "every KRA in the reference lists",
            cited: Programme::kras,
        },
        Frame {
            what: "ASCC strategic measures",
            kind: RefKind::Measure,
            listed: measures,
            from: if measures_relevant {
                "the plan's list of relevant measures"
            } else {
                "every measure in the reference lists (the plan lists no relevant ones)"
            },
            cited: Programme::measures,
        },
        Frame {
            what: "APSC action lines",
            kind: RefKind::ApscLine,
            listed: lines,
            from: if lines_relevant {
                "the plan's list of relevant action lines"
            } else {
                "every action line in the reference lists (the plan lists no relevant ones)"
            },
            cited: Programme::apsc_lines,
        },
        Frame {
            what: "Declarations",
            kind: RefKind::Declaration,
            listed: all(RefKind::Declaration),
            from: "every declaration in the reference lists",
            cited: Programme::declarations,
        },
    ]
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
        let cited: HashSet<&str> = programmes
            .iter()
            .flat_map(|p| (frame.cited)(p).iter().map(|t| t.value.as_str()))
            .collect();
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
            Cell::text(frame.what),
            Cell::text(frame.from),
            Cell::number(listed.len()),
            Cell::number(listed.len() - not_served.len()),
            Cell::number(not_served.len()),
        ]));
        for id in not_served {
            let title = catalog
                .get(frame.kind, id)
                .map(|e| e.display_name().to_string())
                .unwrap_or_else(|| "(not in the reference lists)".to_string());
            missing.push(Row::of(vec![
                Cell::text(frame.what),
                Cell::text(id),
                Cell::text(title),
            ]));
        }
    }
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
    if missing.is_empty() {
        blocks.push(Block::para(format!(
            "Every area, KRA, measure, action line and declaration listed is cited by at least \
             one programme of {}.",
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
