//! The page of each AMS and Plus Three country: what it coordinates, what it partners in, its
//! KPI returns and each KPI's trend against its own baseline. A country's page shows that
//! country alone: never a rank, never another AMS's figures beside its own.

use super::page::{Job, Page, Part, job};
use super::table::Programmes;
use super::{Ctx, PlanTrends};
use crate::model::{CountryKind, ProgrammeList, RefEntry, RefKind};
use crate::report::meeting::doc::{Block, Cell, Para, Row, Table};
use crate::report::meeting::kpis::line;
use crate::report::meeting::trends::status_keys;

/// The pages of the AMS and the Plus Three countries, in alphabetical order of their names.
pub fn jobs<'c>(ctx: &'c Ctx<'_>) -> impl Iterator<Item = Job<'c>> + 'c {
    ctx.data
        .references_of(RefKind::Country)
        .filter_map(move |c| Some((c, ctx.paths.country(&c.id.value)?)))
        .map(move |(c, path)| job(move || page(ctx, c, path)))
}

fn page(ctx: &Ctx<'_>, c: &RefEntry, path: &str) -> Page {
    let ams = c.is_ams();
    let mut page = Page::new(path, c.display_name()).under("Countries", "countries/index.html");
    page.intro.push(Para::text(format!(
        "{} ({}) is {}. This page shows its own part in the work plans{}.",
        c.display_name(),
        c.id.value,
        if ams {
            "an ASEAN Member State (AMS)"
        } else {
            "one of the Plus Three countries of ACCSM+3"
        },
        if ams {
            ", its KPI returns and each KPI's trend against its own baseline; AMS are never \
             ranked or compared with one another"
        } else {
            ""
        }
    )));
    let arcs: Vec<Block> = arcs(ctx, &page, &c.id.value);
    let coordinates = programmes(ctx, ProgrammeList::Coordinators, &c.id.value, "coordinates");
    let partners = partner_blocks(ctx, c);
    page.section("coordinates", "What it coordinates", coordinates);
    page.section("partners", "What it partners in", partners);
    if !arcs.is_empty() {
        page.section("arcs", "ASEAN Resource Centres", arcs);
    }
    if ams
        || ctx
            .data
            .returns
            .iter()
            .any(|r| r.country.value == c.id.value)
    {
        let returns = returns(ctx, &page, &c.id.value);
        page.section("returns", "KPI returns", returns);
        let trends = trends(ctx, &page, &c.id.value);
        page.section("trends", "KPI trends against its own baseline", trends);
    }
    page
}

/// Tables of the programmes that name `id` in `list`, one per plan.
fn programmes(ctx: &Ctx<'_>, list: ProgrammeList, id: &str, verb: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    for plan in &ctx.data.plans {
        let rows: Vec<usize> = ctx
            .citing(list, id)
            .filter(|(_, p)| p.plan.value == plan.id.value)
            .map(|(i, _)| i)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let caption = format!(
            "{}: {} programme{} ({id} {verb})",
            plan.title.value,
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        );
        parts.push(Part::Programmes(Programmes::new(caption, rows)));
    }
    if parts.is_empty() {
        parts.push(Part::Block(Block::para(format!(
            "No programme in this repository names {id} here."
        ))));
    }
    parts
}

/// The programmes that name the country as a partner, and those that name a group it belongs to.
fn partner_blocks(ctx: &Ctx<'_>, c: &RefEntry) -> Vec<Part> {
    let mut blocks = programmes(ctx, ProgrammeList::Partners, &c.id.value, "is a partner");
    for group in ctx.data.references_of(RefKind::Group) {
        let member = group
            .members
            .iter()
            .flatten()
            .any(|m| m.value == c.id.value);
        if member
            && ctx
                .citing(ProgrammeList::Partners, &group.id.value)
                .next()
                .is_some()
        {
            blocks.push(Part::Block(Block::para(format!(
                "As a member of {} ({}):",
                group.display_name(),
                group.id.value
            ))));
            blocks.extend(programmes(
                ctx,
                ProgrammeList::Partners,
                &group.id.value,
                "is a partner",
            ));
        }
    }
    blocks
}

fn arcs(ctx: &Ctx<'_>, page: &Page, id: &str) -> Vec<Block> {
    let rows: Vec<Row> = ctx
        .data
        .arcs
        .iter()
        .zip(&ctx.paths.arcs)
        .filter(|(a, _)| a.country.value == id)
        .map(|(a, to)| Row::of(vec![Cell::link(a.name.value.as_str(), page.link(to))]))
        .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    vec![Block::Table(Table {
        caption: "ASEAN Resource Centres in this country".to_string(),
        header: vec!["Centre".to_string()],
        rows,
    })]
}

fn returns(ctx: &Ctx<'_>, page: &Page, id: &str) -> Vec<Block> {
    let rows: Vec<Row> = ctx
        .data
        .returns
        .iter()
        .filter(|r| r.country.value == id)
        .map(|r| {
            Row::of(vec![
                Cell::text(r.year.value.to_string()),
                Cell::text(r.plan.value.as_str()),
                Cell::text(r.round.as_ref().map_or("", |x| x.value.as_str())),
                Cell::text(r.submitted.as_ref().map_or("", |x| x.value.as_str())),
                Cell::number(r.answers.iter().filter(|a| a.is_answered()).count()),
            ])
        })
        .collect();
    let mut blocks = Vec::new();
    if rows.is_empty() {
        blocks.push(Block::para(
            "This repository holds no KPI return of this country: the member states' returns \
             are not public unless the Secretariat adds them, and accsm never invents a figure.",
        ));
    } else {
        blocks.push(Block::Table(Table {
            caption: "The returns in this repository, in the order they were read".to_string(),
            header: ["Year", "Plan", "Round", "Submitted", "Answers"]
                .map(String::from)
                .to_vec(),
            rows,
        }));
    }
    for t in &ctx.input.downloads.templates {
        if t.country != id {
            continue;
        }
        let mut para = Para::text(format!("The return template for {} ({}): ", t.year, t.plan))
            .link("TOML", page.link(&t.toml));
        if let Some(xlsx) = &t.xlsx {
            para = para.then(", ").link("workbook (xlsx)", page.link(xlsx));
        }
        blocks.push(Block::Para(para.then(".")));
    }
    blocks
}

/// Each KPI's trend for this AMS, per plan: its own baseline, its latest reading and the status.
fn trends(ctx: &Ctx<'_>, page: &Page, id: &str) -> Vec<Block> {
    let keys = status_keys();
    let mut blocks = Vec::new();
    for PlanTrends {
        plan,
        window,
        trends,
        ..
    } in &ctx.trends
    {
        blocks.push(Block::Heading(plan.title.value.to_string()));
        let Some(trends) = trends else {
            blocks.push(Block::para(
                "No KPI returns of this plan are in the repository, so no trend can be shown.",
            ));
            continue;
        };
        let mut rows = Vec::new();
        for t in trends {
            let Some(a) = t.ams.iter().find(|a| a.country == id) else {
                continue;
            };
            let key = keys.get(a.status).copied();
            let show = |p: &Option<crate::report::meeting::trends::Point>| {
                p.as_ref()
                    .map_or("—".to_string(), |p| format!("{} ({})", p.text, p.year))
            };
            let mut status = Cell::text(key.map_or("", |k| k.label));
            status.class = key.map(|k| k.class);
            status.chart = line(t, a, *window, key.map_or("t-nobase", |k| k.class));
            let kpi = match ctx.paths.kpi(&plan.id.value, &t.id) {
                Some(to) => Cell::link(&t.id, page.link(to)),
                None => Cell::text(&t.id),
            };
            rows.push(Row::of(vec![
                kpi,
                Cell::text(&t.title),
                Cell::text(show(&a.baseline)),
                Cell::text(show(&a.latest)),
                Cell::text(a.change.clone().unwrap_or_default()).class("n"),
                status,
                Cell::text(&a.reason),
            ]));
        }
        if rows.is_empty() {
            blocks.push(Block::para("This plan follows no trend for this country."));
            continue;
        }
        blocks.push(Block::Table(Table {
            caption: format!(
                "Each KPI against this country's own baseline, {} to {} (each chart on its own \
                 scale)",
                window.0, window.1
            ),
            header: [
                "KPI", "Title", "Baseline", "Latest", "Change", "Status", "Why",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        }));
    }
    if blocks.is_empty() {
        blocks.push(Block::para(
            "No plan in this repository has a KPI framework.",
        ));
    }
    blocks
}

/// The countries' index: the AMS, then the Plus Three, each in alphabetical order of name.
pub fn index(ctx: &Ctx<'_>) -> Page {
    let mut page = Page::new("countries/index.html", "Countries");
    page.intro.push(Para::text(
        "The ASEAN Member States (AMS) and the Plus Three countries, in alphabetical order: the \
         M&E framework follows each AMS against its own baseline and never ranks them.",
    ));
    for (kind, id, title) in [
        (CountryKind::Ams, "ams", "ASEAN Member States"),
        (CountryKind::PlusThree, "plus-three", "Plus Three countries"),
    ] {
        let mut list: Vec<&RefEntry> = ctx
            .data
            .references_of(RefKind::Country)
            .filter(|c| c.category.as_ref().is_some_and(|k| k.value == kind))
            .collect();
        list.sort_by(|a, b| a.display_name().cmp(b.display_name()));
        let rows: Vec<Row> = list
            .iter()
            .filter_map(|c| {
                let to = ctx.paths.country(&c.id.value)?;
                let count = |l| ctx.citing(l, &c.id.value).count();
                Some(Row::of(vec![
                    Cell::link(c.display_name(), page.link(to)),
                    Cell::text(c.id.value.as_str()),
                    Cell::number(count(ProgrammeList::Coordinators)),
                    Cell::number(count(ProgrammeList::Partners)),
                ]))
            })
            .collect();
        let blocks = if rows.is_empty() {
            vec![Block::para("None in the reference lists.")]
        } else {
            vec![Block::Table(Table {
                caption: format!("{title}, alphabetically; programmes counted, not ranked"),
                header: ["Country", "Id", "Coordinates", "Partner in"]
                    .map(String::from)
                    .to_vec(),
                rows,
            })]
        };
        page.section(id, title, blocks);
    }
    page
}
