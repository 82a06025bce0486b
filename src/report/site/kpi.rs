//! The page of each KPI: what it asks, the AMS as a whole, and each AMS against its own
//! baseline, as the meeting report shows them; and the KPIs' index.

use super::Ctx;
use super::page::{Job, Page, job};
use crate::model::Kpi;
use crate::report::meeting::doc::{Block, Cell, Para, Row, Table};
use crate::report::meeting::kpis::{details, overview};

pub fn jobs<'c>(ctx: &'c Ctx<'_>) -> impl Iterator<Item = Job<'c>> + 'c {
    ctx.trends.iter().flat_map(move |pt| {
        pt.kpis.iter().enumerate().filter_map(move |(i, kpi)| {
            let path = ctx.paths.kpi(&pt.plan.id.value, &kpi.id.value)?;
            let trend = pt.trends.as_ref().and_then(|t| t.get(i));
            Some(job(move || page(ctx, pt, kpi, trend, path)))
        })
    })
}

fn page(
    ctx: &Ctx<'_>,
    pt: &super::PlanTrends<'_>,
    kpi: &Kpi,
    trend: Option<&crate::report::meeting::trends::KpiTrend>,
    path: &str,
) -> Page {
    let mut page = Page::new(path, format!("{} {}", kpi.id.value, kpi.title.value))
        .under("KPIs", "kpis/index.html");
    page.intro.push(Para::text(format!(
        "A key performance indicator of {}. Its target is an increasing trend from the baseline \
         year {} to {}; each AMS is followed against its own baseline, and \"AMS as a whole\" \
         is the regional view.",
        pt.plan.title.value, pt.window.0, pt.window.1
    )));
    let mut rows = vec![
        fact("Group", kpi.group.value.as_str()),
        fact("Answer", kpi.answer.value.as_str()),
    ];
    if let Some(a) = &kpi.alternative_answer {
        rows.push(fact("Or answered as", a.value.as_str()));
    }
    if let Some(parent) = &kpi.parent {
        rows.push(match ctx.paths.kpi(&pt.plan.id.value, &parent.value) {
            Some(to) => Row::of(vec![
                Cell::text("Part of"),
                Cell::link(parent.value.as_str(), page.link(to)),
            ]),
            None => fact("Part of", parent.value.as_str()),
        });
    }
    for (i, q) in kpi.questions.iter().enumerate() {
        rows.push(fact(&format!("Question {}", i + 1), q.value.as_str()));
    }
    for (label, value) in [
        ("Definition", &kpi.definition),
        ("AMS as a whole", &kpi.rollup_text),
        ("Note", &kpi.note),
    ] {
        if let Some(v) = value {
            rows.push(fact(label, v.value.as_str()));
        }
    }
    page.section(
        "asks",
        "What it asks",
        vec![Block::Table(Table {
            caption: format!("{} as the M&E framework gives it", kpi.id.value),
            header: vec!["Field".to_string(), "Value".to_string()],
            rows,
        })],
    );
    match trend {
        None => page.section(
            "trends",
            "Trends",
            vec![Block::para(
                "No KPI returns of this plan are in the repository, so no trend can be shown: \
                 the member states' returns are not public unless the Secretariat adds them, and \
                 accsm never invents a figure.",
            )],
        ),
        Some(t) => {
            let whole = overview(
                std::slice::from_ref(t),
                pt.window,
                &format!("{} {}", t.id, pt.plan.title.value),
            );
            page.section("whole", "AMS as a whole", whole);
            let mut blocks = details(std::slice::from_ref(t), pt.window);
            // The heading repeats the page's title; each AMS links to its page.
            blocks.retain(|b| !matches!(b, Block::Heading(_)));
            for b in &mut blocks {
                if let Block::Table(table) = b {
                    for (row, a) in table.rows.iter_mut().zip(&t.ams) {
                        if let (Some(cell), Some(to)) =
                            (row.cells.first_mut(), ctx.paths.country(&a.country))
                        {
                            cell.href = Some(page.link(to));
                        }
                    }
                }
            }
            page.section("ams", "Each AMS against its own baseline", blocks);
        }
    }
    page
}

fn fact(label: &str, value: &str) -> Row {
    Row::of(vec![Cell::text(label), Cell::text(value)])
}

/// The KPIs' index: per plan, each KPI with its AMS-as-a-whole overview where there are returns.
pub fn index(ctx: &Ctx<'_>) -> Page {
    let mut page = Page::new("kpis/index.html", "KPIs");
    page.intro.push(Para::text(
        "The key performance indicators of each plan's M&E framework. Where the repository holds \
         KPI returns, the chart and table give, per KPI, how many AMS have each trend status \
         against their own baselines.",
    ));
    if ctx.trends.is_empty() {
        page.section(
            "none",
            "No KPI framework",
            vec![Block::para("No plan in this repository has KPIs.")],
        );
    }
    for (n, pt) in ctx.trends.iter().enumerate() {
        let rows: Vec<Row> = pt
            .kpis
            .iter()
            .map(|k| {
                let id = match ctx.paths.kpi(&pt.plan.id.value, &k.id.value) {
                    Some(to) => Cell::link(k.id.value.as_str(), page.link(to)),
                    None => Cell::text(k.id.value.as_str()),
                };
                Row::of(vec![
                    id,
                    Cell::text(k.title.value.as_str()),
                    Cell::text(k.answer.value.as_str()),
                ])
            })
            .collect();
        let mut blocks = vec![Block::Table(Table {
            caption: format!("The KPIs of {}", pt.plan.title.value),
            header: ["KPI", "Title", "Answer"].map(String::from).to_vec(),
            rows,
        })];
        if let Some(t) = &pt.trends {
            blocks.extend(overview(t, pt.window, &pt.plan.title.value));
        }
        page.section(
            format!("plan-{}", n + 1),
            pt.plan.title.value.to_string(),
            blocks,
        );
    }
    page
}
