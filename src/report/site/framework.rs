//! The entries of the results frameworks in the frame of reference: a page per entry (a folder
//! per framework), saying which programmes cite it, and a section of the index per framework and
//! level. Nothing here knows a level by name: the names come from the framework's data.

use super::Ctx;
use super::entry::{Held, served_per_plan, where_it_sits};
use super::page::{Job, Page, Part, job};
use super::paths::slug;
use super::programme::capitalised;
use crate::model::{Framework, Level, Plan, RefEntry, RefKind};
use crate::report::history::describe;
use crate::report::meeting::doc::{Block, Cell, Para, Row, Table};

/// The page of every entry of every framework.
pub fn jobs<'c>(ctx: &'c Ctx<'_>) -> Vec<Job<'c>> {
    let mut jobs = Vec::new();
    let mut done = std::collections::HashSet::new();
    for f in &ctx.data.frameworks {
        // A duplicate framework id shares the first one's pages.
        if !done.insert(f.id.value.as_str()) {
            continue;
        }
        for e in entries(ctx, f) {
            let Some(path) = ctx.paths.entry(&f.id.value, &e.id.value) else {
                continue;
            };
            // A duplicate id shares the first one's page.
            if entries(ctx, f)
                .find(|o| o.id.value == e.id.value)
                .map(|o| o.span)
                != Some(e.span)
            {
                continue;
            }
            jobs.push(job(move || page(ctx, f, e, path)));
        }
    }
    jobs
}

/// The entries of a framework, in file order, whatever their level.
fn entries<'a>(ctx: &Ctx<'a>, f: &'a Framework) -> impl Iterator<Item = &'a RefEntry> + 'a {
    ctx.data
        .references_of(RefKind::FrameworkEntry)
        .filter(move |e| e.framework.as_ref().is_some_and(|g| g.value == f.id.value))
}

/// The plans a framework's entries are counted for: those whose framework it is, and those with
/// a programme that cites it (a programme carried over still citing the old framework); in the
/// order of the plans.
fn plans_of<'a>(ctx: &Ctx<'a>, f: &Framework) -> Vec<&'a Plan> {
    ctx.data
        .plans
        .iter()
        .filter(|plan| {
            ctx.data
                .framework_of(plan)
                .is_some_and(|g| g.id.value == f.id.value)
                || ctx.cited_entries.iter().any(|((fw, _), found)| {
                    *fw == f.id.value.as_str()
                        && found
                            .iter()
                            .any(|&i| ctx.data.programmes[i as usize].plan.value == plan.id.value)
                })
        })
        .collect()
}

/// How many programmes of each plan cite an entry.
fn served_counts(ctx: &Ctx<'_>, plans: &[&Plan], f: &Framework, id: &str) -> Vec<usize> {
    plans
        .iter()
        .map(|plan| {
            ctx.citing_entry(&f.id.value, id)
                .filter(|(_, p)| p.plan.value == plan.id.value)
                .count()
        })
        .collect()
}

/// The level of an entry, in its framework.
fn level_of<'f>(f: &'f Framework, e: &RefEntry) -> Option<&'f Level> {
    e.level.as_ref().and_then(|l| f.level(&l.value))
}

fn page(ctx: &Ctx<'_>, f: &Framework, e: &RefEntry, path: &str) -> Page {
    let mut page = Page::new(path, format!("{} {}", e.id.value, e.display_name()))
        .under("Frame of reference", "frame/index.html");
    let level = level_of(f, e);
    let what = level.map_or_else(|| "Entry".to_string(), |l| capitalised(&l.name.value));
    page.intro.push(Para::text(format!(
        "{what} {} of the {}: {}",
        e.id.value,
        f.title.value,
        describe(e)
    )));
    for (label, value) in [("Source", &e.source), ("Note", &e.note)] {
        if let Some(v) = value {
            page.intro.push(Para::text(format!("{label}: {}", v.value)));
        }
    }
    let plans = plans_of(ctx, f);
    let parent = e.parent.as_ref().map(|parent| {
        let found = ctx.data.framework_entry(&f.id.value, &parent.value);
        let to = ctx.paths.entry(&f.id.value, &parent.value);
        (parent.value.as_str(), found.zip(to))
    });
    let holds = entries(ctx, f)
        .filter(|c| c.parent.as_ref().is_some_and(|p| p.value == e.id.value))
        .filter_map(|c| {
            Some(Held {
                entry: c,
                path: ctx.paths.entry(&f.id.value, &c.id.value)?,
                served: served_counts(ctx, &plans, f, &c.id.value).iter().sum(),
            })
        });
    where_it_sits(&mut page, e, parent, holds);
    let cited_directly = level.is_some_and(|l| l.key.is_some());
    let served = if !cited_directly && ctx.citing_entry(&f.id.value, &e.id.value).next().is_none() {
        vec![Part::Block(Block::para(format!(
            "Programmes do not cite {} directly: they cite what it holds (above).",
            level.map_or("this kind of entry".to_string(), Level::plural)
        )))]
    } else {
        let mut served = served_per_plan(&plans, || ctx.citing_entry(&f.id.value, &e.id.value));
        if plans.is_empty() {
            served.push(Part::Block(Block::para(format!(
                "No plan loaded cites the {}.",
                f.title.value
            ))));
        }
        served
    };
    page.section("served", "What serves it", served);
    page
}

/// A section of the index per framework and level, top to bottom, each entry linked to its page
/// with how many programmes of each plan cite it.
pub fn index_sections(ctx: &Ctx<'_>, page: &mut Page) {
    let mut done = std::collections::HashSet::new();
    for f in &ctx.data.frameworks {
        if !done.insert(f.id.value.as_str()) {
            continue;
        }
        let plans = plans_of(ctx, f);
        if entries(ctx, f).next().is_none() {
            // Said in words, so a framework without entries is not taken for one without pages.
            page.section(
                slug(&f.id.value),
                f.title.value.to_string(),
                vec![Block::para(format!(
                    "The data holds no entries of the {} yet ([[framework_entry]] records), so \
                     no page can be made for what programmes cite of it.",
                    f.title.value
                ))],
            );
            continue;
        }
        for level in f.levels.iter() {
            let mut header = vec!["Id".to_string(), "Text".to_string()];
            header.extend(
                plans
                    .iter()
                    .map(|p| format!("Programmes of {}", p.id.value)),
            );
            let rows: Vec<Row> = entries(ctx, f)
                .filter(|e| e.level.as_ref().is_some_and(|l| l.value == level.id.value))
                .filter_map(|e| {
                    let to = ctx.paths.entry(&f.id.value, &e.id.value)?;
                    let mut cells = vec![
                        Cell::link(e.id.value.as_str(), page.link(to)),
                        Cell::text(e.display_name()),
                    ];
                    let counts = served_counts(ctx, &plans, f, &e.id.value);
                    if level.key.is_some() || counts.iter().any(|n| *n > 0) {
                        cells.extend(counts.into_iter().map(Cell::number));
                    } else {
                        cells.extend(plans.iter().map(|_| Cell::text("(not cited directly)")));
                    }
                    Some(Row::of(cells))
                })
                .collect();
            if rows.is_empty() {
                continue;
            }
            let title = format!("{}: {}", f.title.value, capitalised(&level.plural()));
            page.section(
                format!("{}-{}", slug(&f.id.value), slug(&level.id.value)),
                title.clone(),
                vec![Block::Table(Table {
                    caption: format!("{title}, and how many programmes of each plan cite each"),
                    header,
                    rows,
                })],
            );
        }
    }
}
