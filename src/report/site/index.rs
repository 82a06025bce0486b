//! The index pages: the plans, each plan's programmes (the plain index that search falls back
//! on without JavaScript), the countries, the KPIs, and the ASEAN Resource Centres with a page
//! each.

use super::Ctx;
use super::page::{Job, Page, Part, job};
use super::programme::parties_para;
use super::table::Programmes;
use crate::model::{Arc, ProgrammeList};
use crate::report::meeting::doc::{Block, Cell, Para, Row, Table};
use crate::report::meeting::programmes::{STATUS_KEYS, status_counts};

/// Every index page, and the ARCs' pages.
pub fn jobs<'c>(ctx: &'c Ctx<'_>) -> Vec<Job<'c>> {
    let mut jobs = vec![
        job(move || plans(ctx)),
        job(move || super::country::index(ctx)),
        job(move || super::kpi::index(ctx)),
        job(move || arcs(ctx)),
    ];
    jobs.extend(ctx.data.plans.iter().filter_map(|plan| {
        let path = ctx.paths.plan(&plan.id.value)?;
        // A plan id given twice shares the first plan's page.
        if ctx.data.plan(&plan.id.value).map(|p| p.span) != Some(plan.span) {
            return None;
        }
        Some(job(move || plan_page(ctx, plan, path)))
    }));
    jobs.extend(
        ctx.data
            .arcs
            .iter()
            .zip(&ctx.paths.arcs)
            .map(|(a, path)| job(move || arc(ctx, a, path))),
    );
    jobs
}

/// The plans, with their programmes counted by status.
pub fn plans_table(ctx: &Ctx<'_>, page: &Page) -> Table {
    let mut header = vec![
        "Plan".to_string(),
        "Years".to_string(),
        "Programmes".to_string(),
    ];
    header.extend(STATUS_KEYS.iter().map(|k| k.label.to_string()));
    header.push("KPIs".to_string());
    header.push("KPI returns".to_string());
    let rows = ctx
        .data
        .plans
        .iter()
        .map(|plan| {
            let counts = status_counts(ctx.of_plan(&plan.id.value).map(|(_, p)| p));
            let title = match ctx.paths.plan(&plan.id.value) {
                Some(to) => Cell::link(plan.title.value.as_str(), page.link(to)),
                None => Cell::text(plan.title.value.as_str()),
            };
            let mut cells = vec![
                title,
                Cell::text(format!("{}-{}", plan.start.value, plan.end.value)),
                Cell::number(counts.iter().sum::<usize>()),
            ];
            cells.extend(counts.iter().map(Cell::number));
            let of_plan = |k: &&crate::model::Kpi| k.plan.value == plan.id.value;
            cells.push(Cell::number(ctx.data.kpis.iter().filter(of_plan).count()));
            cells.push(Cell::number(
                ctx.data
                    .returns
                    .iter()
                    .filter(|r| r.plan.value == plan.id.value)
                    .count(),
            ));
            Row::of(cells)
        })
        .collect();
    Table {
        caption: "The plans, their programmes by reported status, their KPIs and returns"
            .to_string(),
        header,
        rows,
    }
}

fn plans(ctx: &Ctx<'_>) -> Page {
    let mut page = Page::new("plans/index.html", "Plans");
    page.intro.push(Para::text(
        "The work plans in this repository. Each plan's page lists every programme, with its \
         coordinators and status: the plain index of the site.",
    ));
    let table = plans_table(ctx, &page);
    page.section("plans", "The plans", vec![Block::Table(table)]);
    page
}

fn plan_page(ctx: &Ctx<'_>, plan: &crate::model::Plan, path: &str) -> Page {
    let mut page = Page::new(path, plan.title.value.to_string()).under("Plans", "plans/index.html");
    let mut facts = vec![format!("{}-{}", plan.start.value, plan.end.value)];
    if let Some(b) = &plan.body {
        facts.push(format!("body: {}", b.value));
    }
    if let Some(a) = &plan.adopted {
        facts.push(format!("adopted {}", a.value));
    }
    page.intro.push(Para::text(format!(
        "{} ({}): {}.",
        plan.title.value,
        plan.id.value,
        facts.join("; ")
    )));
    if let Some(source) = &plan.source {
        page.intro
            .push(Para::text(format!("Source: {}", source.value)));
    }
    if let Some(note) = &plan.note {
        page.intro.push(Para::text(format!("Note: {}", note.value)));
    }
    let rows: Vec<usize> = ctx.of_plan(&plan.id.value).map(|(i, _)| i).collect();
    let part = if rows.is_empty() {
        Part::Block(Block::para("This plan has no programmes."))
    } else {
        let caption = format!(
            "Every programme of {}, in the order of the data ({})",
            plan.title.value,
            rows.len()
        );
        let mut table = Programmes::new(caption, rows);
        table.partners = true;
        Part::Programmes(table)
    };
    page.section("programmes", "Programmes", [part]);
    page
}

fn arcs(ctx: &Ctx<'_>) -> Page {
    let mut page = Page::new("arcs/index.html", "ASEAN Resource Centres");
    page.intro.push(Para::text(
        "The ASEAN Resource Centres (ARCs) of the ACCSM, each hosted by an AMS, in the order of \
         the reference list.",
    ));
    let rows: Vec<Row> = ctx
        .data
        .arcs
        .iter()
        .zip(&ctx.paths.arcs)
        .map(|(a, to)| {
            Row::of(vec![
                Cell::link(a.name.value.as_str(), page.link(to)),
                super::programme::party(ctx, &page, &a.country.value),
            ])
        })
        .collect();
    let blocks = if rows.is_empty() {
        vec![Block::para("The repository lists no ARC.")]
    } else {
        vec![Block::Table(Table {
            caption: "The ARCs and the AMS that host them".to_string(),
            header: vec!["Centre".to_string(), "Hosted by".to_string()],
            rows,
        })]
    };
    page.section("arcs", "The centres", blocks);
    page
}

fn arc(ctx: &Ctx<'_>, a: &Arc, path: &str) -> Page {
    let mut page = Page::new(path, a.name.value.to_string())
        .under("ASEAN Resource Centres", "arcs/index.html");
    let host = std::slice::from_ref(&a.country);
    page.intro.push(parties_para(
        ctx,
        &page,
        "An ASEAN Resource Centre hosted by ",
        host,
    ));
    if let Some(url) = &a.url {
        page.intro
            .push(Para::text(format!("Its address: {}", url.value)));
    }
    if let Some(year) = &a.as_of {
        page.intro
            .push(Para::text(format!("As listed in {}.", year.value)));
    }
    if let Some(note) = &a.note {
        page.intro.push(Para::text(format!("Note: {}", note.value)));
    }
    let rows: Vec<usize> = ctx
        .citing(ProgrammeList::Coordinators, &a.country.value)
        .map(|(i, _)| i)
        .collect();
    let blocks = if rows.is_empty() {
        vec![Part::Block(Block::para(format!(
            "No programme in this repository is coordinated by {}.",
            a.country.value
        )))]
    } else {
        vec![
            Part::Block(Block::para(
                "The work plans name the AMS that coordinates a programme, not the centre that \
                 carries it out; these are the programmes its host coordinates.",
            )),
            Part::Programmes(Programmes::new(
                format!("Programmes coordinated by {}", a.country.value),
                rows,
            )),
        ]
    };
    page.section("programmes", "Programmes of its host", blocks);
    page
}
