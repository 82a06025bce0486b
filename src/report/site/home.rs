//! The home page (the plans, their progress, the KPI overview and what changed lately), the
//! data-quality page (validate's findings), the downloads and the search page.

use super::Ctx;
use super::index::plans_table;
use super::page::{Job, Page, job};
use crate::diag::Severity;
use crate::report::meeting::doc::{BarRow, Bars, Block, Cell, Chart, Para, Row, Table};
use crate::report::meeting::kpis::overview;
use crate::report::meeting::programmes::{STATUS_KEYS, status_counts};
use crate::report::meeting::quality::summary_blocks;

pub fn jobs<'c>(ctx: &'c Ctx<'_>) -> Vec<Job<'c>> {
    vec![
        job(move || home(ctx)),
        job(move || quality(ctx)),
        job(move || downloads(ctx)),
        job(move || search(ctx)),
    ]
}

fn home(ctx: &Ctx<'_>) -> Page {
    let mut page = Page::new("index.html", super::page::SITE);
    page.intro.push(Para::text(format!(
        "The work plans of the ASEAN Cooperation on Civil Service Matters (ACCSM) and their \
         monitoring and evaluation, made by accsm from the repository \"{}\": {} plan{}, {} \
         programmes, {} KPIs and {} KPI returns.",
        ctx.input.name,
        ctx.data.plans.len(),
        if ctx.data.plans.len() == 1 { "" } else { "s" },
        ctx.data.programmes.len(),
        ctx.data.kpis.len(),
        ctx.data.returns.len()
    )));
    page.intro.push(
        Para::text("Data quality: ")
            .strong(crate::diag::render::summary(ctx.tally(), ctx.input.files))
            .then(" (")
            .link("the findings", page.link("quality.html"))
            .then(
                "). Member states are listed alphabetically and never ranked; each is followed \
                   against its own baseline, and \"AMS as a whole\" is the regional view.",
            ),
    );
    let table = plans_table(ctx, &page);
    let chart = Bars {
        title: "Programmes of each plan by reported status".to_string(),
        desc: format!(
            "One bar per plan, split by status; the table gives the same counts. {}",
            ctx.data
                .plans
                .iter()
                .map(|plan| {
                    let counts = status_counts(ctx.of_plan(&plan.id.value).map(|(_, p)| p));
                    let parts: Vec<String> = STATUS_KEYS
                        .iter()
                        .zip(counts)
                        .filter(|(_, n)| *n > 0)
                        .map(|(k, n)| format!("{n} {}", k.label))
                        .collect();
                    format!("{}: {}", plan.id.value, parts.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; ")
        ),
        legend: STATUS_KEYS.to_vec(),
        rows: ctx
            .data
            .plans
            .iter()
            .map(|plan| BarRow {
                label: plan.body.as_ref().map_or_else(
                    || plan.id.value.to_string(),
                    |b| format!("{} {}-{}", b.value, plan.start.value, plan.end.value),
                ),
                parts: status_counts(ctx.of_plan(&plan.id.value).map(|(_, p)| p)).to_vec(),
            })
            .collect(),
    };
    let mut plans = vec![Block::Table(table)];
    if !ctx.data.plans.is_empty() {
        plans.push(Block::Chart(Chart::Bars(chart)));
    }
    page.section("plans", "The plans and their progress", plans);
    let mut kpis = Vec::new();
    for pt in &ctx.trends {
        kpis.push(Block::Heading(pt.plan.title.value.to_string()));
        match &pt.trends {
            None => kpis.push(Block::para(format!(
                "No KPI returns of this plan are in the repository, so none of its {} KPIs has \
                 a trend yet; accsm never invents a figure.",
                pt.kpis.len()
            ))),
            Some(t) => {
                let mut blocks = overview(t, pt.window, &pt.plan.title.value);
                for b in &mut blocks {
                    if let Block::Table(table) = b {
                        for row in &mut table.rows {
                            if let Some(cell) = row.cells.first_mut()
                                && let Some(to) = ctx.paths.kpi(&pt.plan.id.value, &cell.text)
                            {
                                cell.href = Some(page.link(to));
                            }
                        }
                    }
                }
                kpis.extend(blocks);
            }
        }
    }
    if kpis.is_empty() {
        kpis.push(Block::para("No plan in this repository has KPIs."));
    }
    page.section("kpis", "KPI overview: the AMS as a whole", kpis);
    page.section("changes", "What changed lately", changes(ctx));
    page
}

fn changes(ctx: &Ctx<'_>) -> Vec<Block> {
    match &ctx.input.changes {
        Err(why) => vec![Block::para(format!(
            "The history of the data is not shown: {why}."
        ))],
        Ok(list) if list.is_empty() => vec![Block::para(
            "git holds no commit of the data yet, so there is no history to show.",
        )],
        Ok(list) => vec![
            Block::para(
                "The latest commits that changed the data, newest first; the first is what \
                 changed since the site was last built from the repository's main branch.",
            ),
            Block::Table(Table {
                caption: format!("The last {} changes to the data (git)", list.len()),
                header: ["Date", "Commit", "What", "Files"]
                    .map(String::from)
                    .to_vec(),
                rows: list
                    .iter()
                    .map(|c| {
                        let mut files: Vec<&str> =
                            c.files.iter().take(3).map(String::as_str).collect();
                        let more = c.files.len().saturating_sub(3);
                        let more = format!("and {more} more");
                        if c.files.len() > 3 {
                            files.push(&more);
                        }
                        Row::of(vec![
                            Cell::text(&c.date),
                            Cell::text(&c.commit),
                            Cell::text(&c.subject),
                            Cell::text(files.join(", ")),
                        ])
                    })
                    .collect(),
            }),
        ],
    }
}

fn quality(ctx: &Ctx<'_>) -> Page {
    let mut page = Page::new("quality.html", "Data quality");
    let diagnostics = ctx.input.diagnostics;
    page.section(
        "summary",
        "Summary",
        summary_blocks(diagnostics, ctx.tally(), ctx.input.files, true),
    );
    if !diagnostics.is_empty() {
        let locator = ctx.input.locator;
        let mut sorted: Vec<_> = diagnostics.iter().collect();
        sorted.sort_by_key(|d| {
            (match d.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Note => 2,
            },)
        });
        let rows = sorted
            .into_iter()
            .map(|d| {
                let place = match (d.span, &d.path) {
                    (Some(span), _) => locator.locate(span),
                    (None, Some(path)) => path.display().to_string(),
                    (None, None) => String::new(),
                };
                let severity = d.severity.as_str();
                Row::of(vec![
                    Cell::text(place),
                    Cell::text(severity).class(match d.severity {
                        Severity::Error => "sev-error",
                        Severity::Warning => "sev-warning",
                        Severity::Note => "sev-note",
                    }),
                    Cell::text(d.code.as_str()),
                    Cell::text(match &d.help {
                        Some(help) => format!("{} (how to fix: {help})", d.message),
                        None => d.message.clone(),
                    }),
                ])
            })
            .collect();
        page.section(
            "findings",
            "Every finding",
            vec![Block::Table(Table {
                caption: "What accsm validate finds, errors first, each where it is".to_string(),
                header: ["Where", "Severity", "Code", "What is wrong"]
                    .map(String::from)
                    .to_vec(),
                rows,
            })],
        );
    }
    page
}

fn downloads(ctx: &Ctx<'_>) -> Page {
    let mut page = Page::new("downloads.html", "Downloads");
    let d = ctx.input.downloads;
    let mut data = Vec::new();
    data.push(Block::Para(match &d.package {
        Some(to) => Para::text("The data package: every record as CSV tables with a ")
            .link("Frictionless descriptor (datapackage.json)", page.link(to))
            .then(", for any spreadsheet, database or statistics program."),
        None => Para::text("The data package could not be written with this site."),
    }));
    data.push(Block::Para(match &d.workbook {
        Ok(to) => Para::text("The same tables as one ")
            .link("Excel workbook (accsm.xlsx)", page.link(to))
            .then(", a sheet a table."),
        Err(why) => Para::text(format!("There is no workbook with this site: {why}.")),
    }));
    page.section("data", "The data", data);
    let rows: Vec<Row> = d
        .templates
        .iter()
        .map(|t| {
            let mut files = vec![Cell::link("TOML", page.link(&t.toml))];
            files.push(match &t.xlsx {
                Some(x) => Cell::link("xlsx", page.link(x)),
                None => Cell::text("—"),
            });
            let mut cells = vec![
                super::programme::party(ctx, &page, &t.country),
                Cell::text(&t.plan),
                Cell::number(t.year),
            ];
            cells.extend(files);
            Row::of(cells)
        })
        .collect();
    let templates = if rows.is_empty() {
        vec![Block::para(
            "No plan in this repository has KPIs, so there is no return template.",
        )]
    } else {
        vec![
            Block::para(
                "For each AMS, the template of the next return it owes (the first year of the \
                 plan with no return from it in this repository): as TOML to fill in and commit, \
                 or as a workbook to fill in Excel and bring in with accsm import return.",
            ),
            Block::Table(Table {
                caption: "Return templates, AMS in alphabetical order".to_string(),
                header: ["AMS", "Plan", "Year", "TOML", "Workbook"]
                    .map(String::from)
                    .to_vec(),
                rows,
            }),
        ]
    };
    page.section("templates", "KPI return templates", templates);
    page
}

fn search(_ctx: &Ctx<'_>) -> Page {
    let mut page = Page::new("search.html", "Search");
    page.search = true;
    let browse = Para::text("Without JavaScript, or to browse: ")
        .link("the plans", page.link("plans/index.html"))
        .then(" (each lists every programme with its coordinators and partners), ")
        .link("the countries", page.link("countries/index.html"))
        .then(", ")
        .link("the KPIs", page.link("kpis/index.html"))
        .then(", ")
        .link("the frame of reference", page.link("frame/index.html"))
        .then(" and ")
        .link("the ASEAN Resource Centres", page.link("arcs/index.html"))
        .then(".");
    page.intro.push(Para::text(
        "Search the titles, ids, coordinators and partners of every programme, country, KPI, \
         entry of the frame of reference and centre. The search runs in this page, from a file \
         of this site: nothing is sent anywhere.",
    ));
    page.intro.push(browse);
    page
}
