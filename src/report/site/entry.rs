//! What the page of an entry of the frame of reference shows around its text, the same for an
//! area, an enabler or a declaration ([`super::frame`]) as for an entry of a results framework
//! ([`super::framework`]): where it sits (the entry it is part of, and what it holds, with how
//! many programmes cite each) and, plan by plan, the programmes that serve it.

use super::page::{Page, Part};
use super::table::Programmes;
use crate::model::{Plan, Programme, RefEntry};
use crate::report::meeting::doc::{Block, Cell, Para, Row, Table};

/// One entry an entry holds: itself, its page, and how many programmes cite it in all.
pub struct Held<'a> {
    pub entry: &'a RefEntry,
    pub path: &'a str,
    pub served: usize,
}

/// The section "Where it sits": "Part of" the entry `parent` names (linked to its page when
/// `found`), and the table of the entries `e` holds. Nothing when it has neither.
pub fn where_it_sits<'a>(
    page: &mut Page,
    e: &RefEntry,
    parent: Option<(&str, Option<(&RefEntry, &str)>)>,
    holds: impl Iterator<Item = Held<'a>>,
) {
    let mut around = Vec::new();
    if let Some((id, found)) = parent {
        let para = Para::text("Part of ");
        around.push(Block::Para(match found {
            Some((p, to)) => para
                .link(
                    format!("{} {}", p.id.value, p.display_name()),
                    page.link(to),
                )
                .then("."),
            None => para.then(format!("{id}.")),
        }));
    }
    let rows: Vec<Row> = holds
        .map(|h| {
            Row::of(vec![
                Cell::link(h.entry.id.value.as_str(), page.link(h.path)),
                Cell::text(h.entry.display_name()),
                Cell::number(h.served),
            ])
        })
        .collect();
    if !rows.is_empty() {
        around.push(Block::Table(Table {
            caption: format!(
                "What {} holds, and how many programmes cite each",
                e.id.value
            ),
            header: ["Id", "Text", "Programmes"].map(String::from).to_vec(),
            rows,
        }));
    }
    if !around.is_empty() {
        page.section("within", "Where it sits", around);
    }
}

/// For each of `plans`, the programmes of it among `citing` (each with its index), as a table,
/// or, plainly, that no programme of it serves the entry.
pub fn served_per_plan<'a, I>(plans: &[&Plan], citing: impl Fn() -> I) -> Vec<Part>
where
    I: Iterator<Item = (usize, &'a Programme)>,
{
    plans
        .iter()
        .map(|plan| {
            let rows: Vec<usize> = citing()
                .filter(|(_, p)| p.plan.value == plan.id.value)
                .map(|(i, _)| i)
                .collect();
            if rows.is_empty() {
                return Part::Block(Block::Para(
                    Para::text(format!("{}: ", plan.title.value)).strong("no programme serves it."),
                ));
            }
            let one = rows.len() == 1;
            let caption = format!(
                "{}: {} programme{} cite{} it",
                plan.title.value,
                rows.len(),
                if one { "" } else { "s" },
                if one { "s" } else { "" }
            );
            Part::Programmes(Programmes::new(caption, rows))
        })
        .collect()
}
