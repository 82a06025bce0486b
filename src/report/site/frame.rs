//! The frame of reference the programmes serve: a page per priority or thematic area, enabler,
//! declaration and entry of each results framework (grouped by framework and level, named as the
//! framework's data names its levels), saying which programmes cite it ("serve" it: cite, not
//! finish) and, plainly, when nothing does; and the index, with what no programme of each plan
//! serves, as the meeting report gives it. Framework entries are in [`super::framework`].

use super::Ctx;
use super::entry::{Held, served_per_plan, where_it_sits};
use super::page::{Job, Page, Part, job};
use super::paths::FRAME_KINDS;
use super::programme::{capitalised, list_of};
use crate::model::{Plan, RefEntry, RefKind};
use crate::report::history::describe;
use crate::report::meeting::doc::{Block, Cell, Para, Row, Table};
use crate::report::meeting::served::unserved;

/// A kind's heading, plural.
fn title(kind: RefKind) -> &'static str {
    match kind {
        RefKind::PriorityArea => "ACCSM priority areas",
        RefKind::ThematicArea => "ACCSM+3 thematic areas",
        RefKind::Enabler => "Enablers",
        RefKind::Declaration => "Declarations",
        _ => "Other references",
    }
}

/// The index and every entry's page.
pub fn jobs<'c>(ctx: &'c Ctx<'_>) -> Vec<Job<'c>> {
    let mut jobs = vec![job(move || index(ctx))];
    for kind in FRAME_KINDS {
        for e in ctx.data.references_of(kind) {
            let Some(path) = ctx.paths.reference(kind, &e.id.value) else {
                continue;
            };
            // A duplicate id shares the first one's page.
            if ctx
                .data
                .references_of(kind)
                .find(|o| o.id.value == e.id.value)
                .map(|o| o.span)
                != Some(e.span)
            {
                continue;
            }
            jobs.push(job(move || page(ctx, kind, e, path)));
        }
    }
    jobs.extend(super::framework::jobs(ctx));
    jobs
}

/// How many programmes of each plan cite an entry, in the order of the plans.
fn served_counts(ctx: &Ctx<'_>, kind: RefKind, id: &str) -> Vec<usize> {
    let Some(list) = list_of(kind) else {
        return vec![0; ctx.data.plans.len()];
    };
    ctx.data
        .plans
        .iter()
        .map(|plan| {
            ctx.citing(list, id)
                .filter(|(_, p)| p.plan.value == plan.id.value)
                .count()
        })
        .collect()
}

fn page(ctx: &Ctx<'_>, kind: RefKind, e: &RefEntry, path: &str) -> Page {
    let mut page = Page::new(path, format!("{} {}", e.id.value, e.display_name()))
        .under("Frame of reference", "frame/index.html");
    page.intro.push(Para::text(format!(
        "{} {}: {}",
        capitalised(kind.noun()),
        e.id.value,
        describe(e)
    )));
    for (label, value) in [
        ("Place", &e.place),
        ("Source", &e.source),
        ("Note", &e.note),
    ] {
        if let Some(v) = value {
            page.intro.push(Para::text(format!("{label}: {}", v.value)));
        }
    }
    let parent = e.parent.as_ref().map(|parent| {
        let found = FRAME_KINDS.iter().find_map(|k| {
            let to = ctx.paths.reference(*k, &parent.value)?;
            Some((ctx.catalog.get(*k, &parent.value)?, to))
        });
        (parent.value.as_str(), found)
    });
    let holds = FRAME_KINDS
        .iter()
        .flat_map(|k| ctx.data.references_of(*k).map(move |c| (*k, c)))
        .filter(|(_, c)| c.parent.as_ref().is_some_and(|p| p.value == e.id.value))
        .filter_map(|(k, c)| {
            Some(Held {
                entry: c,
                path: ctx.paths.reference(k, &c.id.value)?,
                served: served_counts(ctx, k, &c.id.value).iter().sum(),
            })
        });
    where_it_sits(&mut page, e, parent, holds);
    let served = match list_of(kind) {
        None => vec![Part::Block(Block::para(
            "Programmes do not cite this kind of entry directly: they cite what it holds (above).",
        ))],
        Some(list) => {
            let plans: Vec<&Plan> = ctx.data.plans.iter().collect();
            let mut served = served_per_plan(&plans, || ctx.citing(list, &e.id.value));
            if plans.is_empty() {
                served.push(Part::Block(Block::para("No plan is loaded.")));
            }
            served
        }
    };
    page.section("served", "What serves it", served);
    page
}

fn index(ctx: &Ctx<'_>) -> Page {
    let mut page = Page::new("frame/index.html", "Frame of reference");
    page.intro.push(Para::text(
        "The areas, declarations and entries of the results frameworks the programmes serve. An \
         entry is served when at least one programme of a plan cites it; that says nothing of \
         whether the work is done. The counts are programmes, never a ranking.",
    ));
    let mut gaps = Vec::new();
    for plan in &ctx.data.plans {
        gaps.push(Block::Heading(plan.title.value.to_string()));
        let programmes: Vec<_> = ctx.of_plan(&plan.id.value).map(|(_, p)| p).collect();
        if programmes.is_empty() {
            gaps.push(Block::para("This plan has no programmes."));
            continue;
        }
        gaps.extend(unserved(ctx.data, &ctx.catalog, plan, &programmes));
    }
    if gaps.is_empty() {
        gaps.push(Block::para("No plan is loaded."));
    }
    page.section("unserved", "What no programme serves", gaps);
    super::framework::index_sections(ctx, &mut page);
    for kind in FRAME_KINDS {
        let mut header = vec!["Id".to_string(), "Text".to_string()];
        header.extend(
            ctx.data
                .plans
                .iter()
                .map(|p| format!("Programmes of {}", p.id.value)),
        );
        let rows: Vec<Row> = ctx
            .data
            .references_of(kind)
            .filter_map(|e| {
                let to = ctx.paths.reference(kind, &e.id.value)?;
                let mut cells = vec![
                    Cell::link(e.id.value.as_str(), page.link(to)),
                    Cell::text(e.display_name()),
                ];
                if list_of(kind).is_some() {
                    cells.extend(
                        served_counts(ctx, kind, &e.id.value)
                            .into_iter()
                            .map(Cell::number),
                    );
                } else {
                    cells.extend(
                        ctx.data
                            .plans
                            .iter()
                            .map(|_| Cell::text("(not cited directly)")),
                    );
                }
                Some(Row::of(cells))
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        page.section(
            kind.table(),
            title(kind),
            vec![Block::Table(Table {
                caption: format!(
                    "{}, and how many programmes of each plan cite each",
                    title(kind)
                ),
                header,
                rows,
            })],
        );
    }
    page
}
