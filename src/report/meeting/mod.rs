//! The monitoring and evaluation report the Senior Officials Meeting and the Heads of Civil
//! Service read (`accsm report`): programmes by status and area and by coordinator and year, the
//! frame of reference no programme serves, indicative budgets, KPI trends per AMS and for the AMS
//! as a whole, reporting completeness, the mid-term view and the data's quality. One document,
//! rendered as a self-contained HTML page or as Markdown.
//!
//! Member states are never ranked: they are listed alphabetically and counted, and each is
//! followed against its own baseline. Where the data cannot support a figure (no returns, no
//! reported status, amounts in different currencies), the report says so in words.

mod budget;
mod completeness;
pub mod doc;
pub mod endterm;
pub(crate) mod html;
pub(crate) mod kpis;
mod markdown;
mod midterm;
pub(crate) mod programmes;
mod progress;
pub(crate) mod quality;
pub(crate) mod served;
mod svg;
pub(crate) mod trends;

use std::collections::HashMap;

use crate::diag::render::summary;
use crate::diag::{Diagnostic, Tally};
use crate::lookup::Catalog;
use crate::model::{Dataset, Kpi, Plan, Programme};
use crate::query::{FilterError, resolve_plans};
use crate::source::SourceMap;
use doc::{Block, Document, Para, Section};

/// What the report is made from.
pub struct Input<'a> {
    pub data: &'a Dataset,
    pub sources: &'a SourceMap,
    /// Every finding `accsm validate` makes on the same data.
    pub diagnostics: &'a [Diagnostic],
    /// How many findings the data accepts (`# accsm: allow` comments).
    pub accepted: usize,
    /// The number of files read.
    pub files: usize,
    /// The plans reported on, in the order of the data.
    pub plans: Vec<&'a Plan>,
    /// The mid-term review view: KPI trends from the baseline to the end of the review period.
    pub midterm: bool,
    /// The end-term view: the programmes' final status (from `final_status`) and what was
    /// carried over, first; KPI trends from the baseline to the target year.
    pub end_term: bool,
    /// Where the end-term view takes each programme's final status from.
    pub final_status: &'a dyn endterm::FinalStatus,
    /// Whether `examples/kpi-returns` (the illustrative returns of accsm's own checkout) is
    /// there from where the report is made, so that the command naming it runs.
    pub illustrative_set: bool,
    /// Whether the data is a repository's (false: the built-in data, where nothing is written).
    pub in_repository: bool,
}

/// The plans `--plan` names (an id, or a body's label such as `ACCSM+3`), in the order of the
/// data; every plan when none is named.
pub fn choose_plans<'a>(data: &'a Dataset, named: &[String]) -> Result<Vec<&'a Plan>, FilterError> {
    let mut ids = Vec::new();
    for n in named {
        ids.extend(resolve_plans(data, n)?);
    }
    Ok(data
        .plans
        .iter()
        .filter(|p| ids.is_empty() || ids.contains(&p.id.value))
        .collect())
}

/// The report as HTML.
pub fn to_html(doc: &Document) -> String {
    html::render(doc)
}

/// The report as Markdown.
pub fn to_markdown(doc: &Document) -> String {
    markdown::render(doc)
}

/// A plan's own programmes.
struct PlanPart<'a> {
    plan: &'a Plan,
    programmes: Vec<&'a Programme>,
    kpis: Vec<&'a Kpi>,
    returns: usize,
}

impl PlanPart<'_> {
    /// "ACCSM Work Plan 2021-2025 (2021-2025, 39 programmes)".
    fn heading(&self) -> String {
        format!(
            "{} ({}-{}, {} programme{})",
            self.plan.title.value,
            self.plan.start.value,
            self.plan.end.value,
            self.programmes.len(),
            if self.programmes.len() == 1 { "" } else { "s" }
        )
    }
}

const SERVED: &str = "An entry is served when at least one programme of the plan cites it; that \
    says nothing of whether the work is done. What is listed comes from this repository's \
    reference lists and the plan's own lists of relevant measures and action lines (\"What \
    counts\"), so an entry missing from the reference lists is missing here too.";

const BUDGET: &str = "Budgets are indicative, as published. Amounts are added up only within one \
    currency, and a local-currency figure printed beside one (BND beside USD) is the same money, \
    so it is not added again. Budgets given as a source of funds (cost-sharing, a fund, the AMS), \
    as TBC or not at all are counted by programme and source, never given a value (the show \
    command, given a programme's plan and number, shows its budget as published).";

/// Builds the report.
pub fn build(input: &Input<'_>) -> Document {
    let data = input.data;
    let catalog = Catalog::new(data);
    let mut by_plan: HashMap<&str, Vec<&Programme>> = input
        .plans
        .iter()
        .map(|p| (p.id.value.as_str(), Vec::new()))
        .collect();
    let mut planless = 0;
    for p in &data.programmes {
        match by_plan.get_mut(p.plan.value.as_str()) {
            Some(list) => list.push(p),
            None if data.plan(&p.plan.value).is_none() => planless += 1,
            None => {}
        }
    }
    let parts: Vec<PlanPart<'_>> = input
        .plans
        .iter()
        .map(|&plan| PlanPart {
            plan,
            programmes: by_plan.remove(plan.id.value.as_str()).unwrap_or_default(),
            kpis: data
                .kpis
                .iter()
                .filter(|k| k.plan.value == plan.id.value)
                .collect(),
            returns: data
                .returns
                .iter()
                .filter(|r| r.plan.value == plan.id.value)
                .count(),
        })
        .collect();

    let mut sections = vec![
        progress::section(data, &catalog, &parts),
        section(
            "coordinators",
            "Programmes by coordinator and year",
            &[],
            &parts,
            |part| {
                vec![programmes::by_coordinator_and_year(
                    data,
                    &catalog,
                    part.plan,
                    &part.programmes,
                )]
            },
        ),
        section(
            "coverage",
            "What no programme serves: areas, framework entries, action lines, declarations",
            &[SERVED],
            &parts,
            |part| served::unserved(data, &catalog, part.plan, &part.programmes),
        ),
        section("budget", "Indicative budgets", &[BUDGET], &parts, |part| {
            budget::totals(data, &catalog, &part.plan.title.value, &part.programmes)
        }),
        kpi_section(input, &parts),
        completeness_section(data, &parts),
        midterm_section(input, &parts),
        Section {
            id: "quality",
            title: "Data quality".to_string(),
            blocks: quality::summary_blocks(
                input.diagnostics,
                tally_of(input),
                input.files,
                input.in_repository,
            ),
        },
    ];
    if input.midterm {
        // The review's own view first.
        if let Some(i) = sections.iter().position(|s| s.id == "midterm") {
            let view = sections.remove(i);
            sections.insert(0, view);
        }
    }
    if input.end_term {
        sections.insert(0, end_term_section(input, &parts));
    }
    Document {
        title: if input.end_term {
            "ACCSM work plans: end-term report".to_string()
        } else if input.midterm {
            "ACCSM work plans: mid-term review report".to_string()
        } else {
            "ACCSM work plans: monitoring and evaluation report".to_string()
        },
        intro: intro(input, &parts, planless),
        sections,
    }
}

/// A section with a part per plan, each under the plan's heading.
fn section(
    id: &'static str,
    title: &str,
    lead: &[&str],
    parts: &[PlanPart<'_>],
    blocks: impl Fn(&PlanPart<'_>) -> Vec<Block>,
) -> Section {
    let mut out: Vec<Block> = lead.iter().map(|s| Block::para(*s)).collect();
    if parts.is_empty() {
        out.push(Block::para(
            "No plan is loaded, so there is nothing to show.",
        ));
    }
    for part in parts {
        out.push(Block::Heading(part.heading()));
        if part.programmes.is_empty() {
            out.push(Block::para("This plan has no programmes."));
            continue;
        }
        out.extend(blocks(part));
    }
    Section {
        id,
        title: title.to_string(),
        blocks: out,
    }
}

fn intro(input: &Input<'_>, parts: &[PlanPart<'_>], planless: usize) -> Vec<Para> {
    let plans: Vec<String> = parts.iter().map(PlanPart::heading).collect();
    let programmes: usize = parts.iter().map(|p| p.programmes.len()).sum();
    let mut intro = vec![
        Para::text(format!(
            "This report covers {} plan{}: {}.",
            parts.len(),
            if parts.len() == 1 { "" } else { "s" },
            if plans.is_empty() {
                "none".to_string()
            } else {
                plans.join("; ")
            }
        )),
        Para::text(format!(
            "It is made by accsm from the work-plan repository: {programmes} programmes and {} KPI \
             returns of these plans, read from {} files. ",
            parts.iter().map(|p| p.returns).sum::<usize>(),
            input.files
        ))
        .then("Data quality: ")
        .strong(summary(tally_of(input), input.files))
        .then(" (see the last section)."),
        Para::text(
            "Member states (AMS) are never ranked: they are listed in alphabetical order and \
             counted, and each is followed against its own baseline, as the M&E framework asks; \
             \"AMS as a whole\" is the regional view.",
        ),
    ];
    if input.midterm {
        intro.push(Para::text(
            "This is the mid-term review view: KPI trends run from the baseline year to the last \
             year of the plan's mid-term review period.",
        ));
    }
    if input.end_term {
        intro.push(Para::text(
            "This is the end-term view, for the end-term review of the plans (and of the ASCC \
             Blueprint 2025 they served): each KPI from the baseline year to the target year, \
             each AMS against its own baseline and the AMS as a whole; the programmes' final \
             status; and what the next plans carried over.",
        ));
    }
    if planless > 0 {
        intro.push(Para::text(format!(
            "{planless} programme{} name a plan that is not loaded and are left out of every \
             table.",
            if planless == 1 { "" } else { "s" }
        )));
    }
    intro
}

/// The plans with a KPI framework among those reported on.
fn with_kpis<'p, 'a>(parts: &'p [PlanPart<'a>]) -> Vec<&'p PlanPart<'a>> {
    parts.iter().filter(|p| !p.kpis.is_empty()).collect()
}

/// Said when a plan's KPIs have no returns to follow.
fn no_returns(part: &PlanPart<'_>, input: &Input<'_>) -> Vec<Block> {
    let para = Para::text(format!(
        "There are no KPI returns for {} in this repository, so no trend can be shown: the \
         member states' returns are not public, and accsm never invents a figure. Its {} KPIs \
         will be followed here once returns are added (",
        part.plan.title.value,
        part.kpis.len()
    ));
    // The built-in data takes no returns: a repository does.
    let para = if input.in_repository {
        para.code("accsm new return --country IDN --year 2023")
            .then(" writes one).")
    } else {
        para.then("in a work-plan repository, which ")
            .code("accsm init my-plans --period 2021-2025")
            .then(" makes).")
    };
    // Named only where it is, so that the command runs as written.
    let para = if input.illustrative_set {
        para.then(" The illustrative set in examples/kpi-returns has invented returns for testing the charts: ")
            .code("accsm --root examples/kpi-returns report")
            .then(".")
    } else {
        para
    };
    vec![Block::Para(para)]
}

fn kpi_section(input: &Input<'_>, parts: &[PlanPart<'_>]) -> Section {
    let mut blocks = Vec::new();
    let plans = with_kpis(parts);
    if plans.is_empty() {
        blocks.push(Block::para(
            "None of the plans in this report has a KPI framework.",
        ));
    }
    for part in plans {
        blocks.push(Block::Heading(part.plan.title.value.to_string()));
        if part.returns == 0 {
            blocks.extend(no_returns(part, input));
            continue;
        }
        let window = trends::window(part.plan, input.midterm);
        let found = trends::kpi_trends(
            input.data,
            input.sources,
            part.plan,
            &part.kpis,
            input.midterm,
        );
        blocks.push(Block::para(format!(
            "Each KPI's target is an increasing trend from the baseline year {} to {}. For each \
             AMS the latest reading is compared with its own baseline, in the KPI's own terms; a \
             status of \"no baseline\" or \"no later data\" means the returns do not allow a \
             comparison, not that nothing happened.",
            window.0, window.1
        )));
        blocks.extend(kpis::overview(&found, window, &part.plan.title.value));
        blocks.extend(kpis::details(&found, window));
    }
    Section {
        id: "kpis",
        title: "KPI trends per AMS and for the AMS as a whole".to_string(),
        blocks,
    }
}

fn completeness_section(data: &Dataset, parts: &[PlanPart<'_>]) -> Section {
    let mut blocks = Vec::new();
    let plans = with_kpis(parts);
    if plans.is_empty() {
        blocks.push(Block::para(
            "None of the plans in this report has a KPI framework to report on.",
        ));
    }
    for part in plans {
        blocks.push(Block::Heading(part.plan.title.value.to_string()));
        blocks.extend(completeness::matrix(data, part.plan, &part.kpis));
    }
    Section {
        id: "completeness",
        title: "Reporting completeness".to_string(),
        blocks,
    }
}

fn midterm_section(input: &Input<'_>, parts: &[PlanPart<'_>]) -> Section {
    let mut blocks = Vec::new();
    for part in parts {
        blocks.push(Block::Heading(part.heading()));
        let Some(period) = midterm::period(part.plan) else {
            blocks.push(Block::para(
                "The plan gives no mid-term review period (midterm_start and midterm_end).",
            ));
            continue;
        };
        blocks.extend(midterm::programmes_in_period(
            input.data,
            part.plan,
            &part.programmes,
            period,
        ));
        if part.kpis.is_empty() {
            continue;
        }
        if part.returns == 0 {
            blocks.push(Block::para(
                "No KPI returns are in this repository, so there is no mid-term KPI view.",
            ));
        } else if input.midterm {
            blocks.push(Block::para(
                "The KPI trends of this report are the mid-term view: see the KPI section.",
            ));
        } else {
            let window = trends::window(part.plan, true);
            let found = trends::kpi_trends(input.data, input.sources, part.plan, &part.kpis, true);
            blocks.push(Block::para(format!(
                "KPI trends at the mid-term, baseline {} to {}, for the AMS as a whole:",
                window.0, window.1
            )));
            blocks.extend(kpis::overview(
                &found,
                window,
                &format!("{} at the mid-term", part.plan.title.value),
            ));
        }
    }
    Section {
        id: "midterm",
        title: "Mid-term view".to_string(),
        blocks,
    }
}

/// The end-term view of each plan: final status, what was carried over, and the KPIs from the
/// baseline to the target year for the AMS as a whole (each AMS is in the KPI section).
fn end_term_section(input: &Input<'_>, parts: &[PlanPart<'_>]) -> Section {
    let mut blocks = Vec::new();
    for part in parts {
        blocks.push(Block::Heading(part.heading()));
        blocks.extend(endterm::programmes(
            input.data,
            part.plan,
            &part.programmes,
            input.final_status,
        ));
        if part.kpis.is_empty() {
            continue;
        }
        if part.returns == 0 {
            blocks.extend(no_returns(part, input));
            continue;
        }
        let window = trends::window(part.plan, false);
        let found = trends::kpi_trends(input.data, input.sources, part.plan, &part.kpis, false);
        blocks.push(Block::para(format!(
            "Each KPI from the baseline year {} to the target year {}, for the AMS as a whole \
             ({} AMS of the plan); each AMS against its own baseline is in the KPI section.",
            window.0,
            window.1,
            input.data.ams_of(part.plan).len()
        )));
        blocks.extend(kpis::overview(
            &found,
            window,
            &format!("{} at the end of the plan", part.plan.title.value),
        ));
    }
    Section {
        id: "endterm",
        title: "End-term view".to_string(),
        blocks,
    }
}

/// validate's counts, with the findings the data accepts.
fn tally_of(input: &Input<'_>) -> Tally {
    Tally {
        accepted: input.accepted,
        ..Tally::of(input.diagnostics)
    }
}
