//! `accsm site`: the repository as a static website, the ACCSM's web-based M&E system as files.
//! A home page, a page per plan, programme, AMS and Plus Three country, KPI, entry of the frame
//! of reference (area, declaration, entry of a results framework…) and ARC, the data-quality page, the
//! downloads, and a search that works without JavaScript (the plain index pages) and with it (a
//! small script over a static index, no network).
//!
//! Pages are made of the meeting report's blocks, rendered by its HTML writer, so the site and
//! the report show a trend, a table or a chart the same way. Every link is relative; nothing is
//! loaded from outside the folder. Each page is written as soon as it is made. The same data
//! gives the same bytes: nothing depends on the time, the order of threads or the machine.

mod country;
mod entry;
mod frame;
mod framework;
mod history;
mod home;
mod index;
mod kpi;
mod page;
mod paths;
mod programme;
mod progress;
mod search;
mod table;
mod write;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Tally};
use crate::hash::FastMap;
use crate::load::cache::Updates;
use crate::lookup::Catalog;
use crate::model::{Dataset, Kpi, Plan, Programme, ProgrammeList};
use crate::report::export::{ExportError, Locator};
use crate::report::meeting::trends::{self, KpiTrend};
use crate::source::SourceMap;

pub use history::{Change, latest as latest_changes};
pub use paths::slug;
pub use write::{MARK, Output};

/// What the site is made from.
pub struct Input<'a> {
    pub data: &'a Dataset,
    /// The data's progress updates (held packed by `accsm site`, the data set's list empty).
    pub updates: Updates<'a>,
    pub sources: &'a SourceMap,
    /// Every finding `accsm validate` makes on the same data.
    pub diagnostics: &'a [Diagnostic],
    /// How many findings the data accepts (`# accsm: allow` comments).
    pub accepted: usize,
    /// The number of files read.
    pub files: usize,
    /// `file:line` of a record, the file named from the repository's top folder: the one the
    /// downloads use, so that each file's lines are found once for both.
    pub locator: &'a Locator<'a>,
    /// The repository's name (its manifest's `name`).
    pub name: &'a str,
    /// The latest changes to the data, newest first (git), or why they are not known.
    pub changes: Result<Vec<Change>, String>,
    /// The files of the downloads page, already written to the folder.
    pub downloads: &'a Downloads,
}

/// The downloads the command wrote into the site's folder, as paths from its top.
#[derive(Clone, Debug)]
pub struct Downloads {
    /// The Frictionless data package's descriptor.
    pub package: Option<String>,
    /// The xlsx export, or why there is none.
    pub workbook: Result<String, String>,
    /// The return templates.
    pub templates: Vec<Template>,
}

/// A return template of one AMS for one year of a plan.
#[derive(Clone, Debug)]
pub struct Template {
    pub plan: String,
    pub country: String,
    pub year: i64,
    /// The TOML template and the workbook, from the site's top folder.
    pub toml: String,
    pub xlsx: Option<String>,
}

/// The templates the downloads offer: for each plan with KPIs and each AMS, the first year of
/// the plan that the AMS has not returned yet (the next return it owes), or the plan's last year
/// when every year is in.
pub fn templates_to_offer(data: &Dataset) -> Vec<Template> {
    let mut out = Vec::new();
    for plan in &data.plans {
        if !data.kpis.iter().any(|k| k.plan.value == plan.id.value) {
            continue;
        }
        for (country, _) in data.ams_by_name() {
            let returned = |y: i64| {
                data.returns.iter().any(|r| {
                    r.plan.value == plan.id.value && r.country.value == country && r.year.value == y
                })
            };
            let years = plan.years();
            let year = years
                .clone()
                .find(|y| !returned(*y))
                .unwrap_or(*years.end());
            let stem = format!(
                "downloads/returns/{}/{}-{year}",
                slug(&plan.id.value),
                slug(country)
            );
            out.push(Template {
                plan: plan.id.value.to_string(),
                country: country.to_string(),
                year,
                toml: format!("{stem}.toml"),
                xlsx: Some(format!("{stem}.xlsx")),
            });
        }
    }
    out
}

/// What was written.
#[derive(Clone, Copy, Debug)]
pub struct Summary {
    pub pages: usize,
    pub bytes: u64,
}

/// One plan's KPI trends, made once and shown on the home, country and KPI pages.
pub(crate) struct PlanTrends<'a> {
    pub plan: &'a Plan,
    pub kpis: Vec<&'a Kpi>,
    pub window: (i64, i64),
    /// None when the repository holds no return for the plan.
    pub trends: Option<Vec<KpiTrend>>,
}

/// Everything the page builders share, made once.
pub(crate) struct Ctx<'a> {
    pub input: &'a Input<'a>,
    pub data: &'a Dataset,
    pub catalog: Catalog<'a>,
    pub paths: paths::Paths,
    /// The programmes that cite each id in each list, by index, in the order of the data.
    pub cited: Vec<FastMap<&'a str, Vec<u32>>>,
    /// The programmes that cite each framework entry, by (framework, id), in the order of the
    /// data: each citation read in the framework [`crate::report::history::cited_framework`]
    /// gives it.
    pub cited_entries: FastMap<(&'a str, &'a str), Vec<u32>>,
    /// The programmes of each plan, by index.
    pub by_plan: FastMap<&'a str, Vec<u32>>,
    /// The programmes with each title (letters and digits, lower-cased), for "the same
    /// programme in another plan".
    pub titles: FastMap<String, Vec<u32>>,
    pub trends: Vec<PlanTrends<'a>>,
    /// Each programme's progress updates, oldest first: the history its page shows, read as
    /// every other view of progress reads it (the latest is the status the page gives).
    pub progress: progress::Progress<'a>,
}

impl<'a> Ctx<'a> {
    fn new(input: &'a Input<'a>) -> Ctx<'a> {
        let data = input.data;
        let mut cited: Vec<FastMap<&str, Vec<u32>>> =
            vec![FastMap::default(); ProgrammeList::COUNT];
        let mut cited_entries: FastMap<(&str, &str), Vec<u32>> = FastMap::default();
        let mut by_plan: FastMap<&str, Vec<u32>> = FastMap::default();
        let mut titles: FastMap<String, Vec<u32>> = FastMap::default();
        for (i, p) in data.programmes.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            by_plan.entry(p.plan.value.as_str()).or_default().push(i);
            for list in programme::LISTS {
                for id in p.lists.get(list) {
                    let entry = cited[list as usize].entry(id.value.as_str()).or_default();
                    // A programme that cites an id twice is listed once.
                    if entry.last() != Some(&i) {
                        entry.push(i);
                    }
                }
            }
            let own = data.framework_of_plan(&p.plan.value);
            for (key, ids) in p.citations() {
                let Some(f) = crate::report::history::cited_framework(data, own, &key.value, ids)
                else {
                    continue;
                };
                for id in ids {
                    let entry = cited_entries
                        .entry((f.id.value.as_str(), id.value.as_str()))
                        .or_default();
                    if entry.last() != Some(&i) {
                        entry.push(i);
                    }
                }
            }
            let key = crate::check::title_key(&p.title.value);
            if !key.is_empty() {
                titles.entry(key).or_default().push(i);
            }
        }
        // Only titles shared by programmes of more than one plan are kept.
        titles.retain(|_, list| {
            list.iter().any(|&i| {
                data.programmes[i as usize].plan.value
                    != data.programmes[list[0] as usize].plan.value
            })
        });
        let trends = data
            .plans
            .iter()
            .filter_map(|plan| {
                let kpis: Vec<&Kpi> = data
                    .kpis
                    .iter()
                    .filter(|k| k.plan.value == plan.id.value)
                    .collect();
                if kpis.is_empty() {
                    return None;
                }
                let returns = data.returns.iter().any(|r| r.plan.value == plan.id.value);
                let trends =
                    returns.then(|| trends::kpi_trends(data, input.sources, plan, &kpis, false));
                Some(PlanTrends {
                    plan,
                    window: trends::window(plan, false),
                    kpis,
                    trends,
                })
            })
            .collect();
        Ctx {
            input,
            data,
            catalog: Catalog::new(data),
            paths: paths::Paths::new(data),
            cited,
            cited_entries,
            by_plan,
            titles,
            trends,
            progress: progress::Progress::new(data, input.updates),
        }
    }

    /// The programmes that cite `id` in `list`.
    pub fn citing(
        &self,
        list: ProgrammeList,
        id: &str,
    ) -> impl Iterator<Item = (usize, &'a Programme)> + '_ {
        let found: &[u32] = self
            .cited
            .get(list as usize)
            .and_then(|m| m.get(id))
            .map_or(&[], Vec::as_slice);
        let programmes = &self.data.programmes;
        found
            .iter()
            .map(move |&i| (i as usize, &programmes[i as usize]))
    }

    /// The programmes that cite the entry `id` of the framework `framework`.
    pub fn citing_entry(
        &self,
        framework: &str,
        id: &str,
    ) -> impl Iterator<Item = (usize, &'a Programme)> + '_ {
        // Copied out: the key's lifetimes would otherwise bind the caller's strings.
        let found: Vec<u32> = self
            .cited_entries
            .get(&(framework, id))
            .cloned()
            .unwrap_or_default();
        let programmes = &self.data.programmes;
        found
            .into_iter()
            .map(move |i| (i as usize, &programmes[i as usize]))
    }

    /// The programmes of a plan.
    pub fn of_plan(&self, plan: &str) -> impl Iterator<Item = (usize, &'a Programme)> + '_ {
        self.by_plan
            .get(plan)
            .into_iter()
            .flatten()
            .map(|&i| (i as usize, &self.data.programmes[i as usize]))
    }

    pub fn tally(&self) -> Tally {
        Tally {
            accepted: self.input.accepted,
            ..Tally::of(self.input.diagnostics)
        }
    }
}

/// One piece of the site's work, done on whichever thread of the pool is free.
enum Work<'c> {
    /// The search index, one file for every page.
    SearchIndex,
    /// A page of its own.
    Page(page::Job<'c>),
    /// The pages of a run of programmes, in the order of the data (each run reads the line
    /// starts of its files once).
    Programmes(std::ops::Range<usize>),
}

/// How many programme pages one piece of work makes.
const PROGRAMMES_A_RUN: usize = 512;

/// Builds the site into `out`. Every page is made and written on its own, in parallel; the
/// pages that gather many programmes (plans, countries, areas, framework entries) come first,
/// so that no large page is left to one thread at the end.
pub fn build(input: &Input<'_>, out: &Output) -> Result<Summary, ExportError> {
    let ctx = Ctx::new(input);
    let write = |p: page::Page| out.write_with(&p.path, |to| page::render(&ctx, &p, to));
    out.write("assets/site.css", site_css().as_bytes())?;
    out.write("assets/search.js", search::SCRIPT.as_bytes())?;
    let mut work = vec![Work::SearchIndex];
    let pages = (frame::jobs(&ctx).into_iter())
        .chain(index::jobs(&ctx))
        .chain(country::jobs(&ctx))
        .chain(kpi::jobs(&ctx))
        .chain(home::jobs(&ctx));
    work.extend(pages.map(Work::Page));
    let n = input.data.programmes.len();
    work.extend(
        (0..n)
            .step_by(PROGRAMMES_A_RUN)
            .map(|start| Work::Programmes(start..n.min(start + PROGRAMMES_A_RUN))),
    );
    work.into_par_iter()
        .with_max_len(1)
        .try_for_each(|w| match w {
            Work::SearchIndex => search::write_index(&ctx, out),
            Work::Page(job) => write(job()),
            Work::Programmes(run) => {
                for i in run {
                    if let Some(p) = programme::page(&ctx, i) {
                        write(p)?;
                    }
                }
                Ok(())
            }
        })?;
    let (pages, bytes) = out.written();
    Ok(Summary { pages, bytes })
}

/// The site's stylesheet: the report's, then the site's own additions.
fn site_css() -> String {
    format!(
        "{}{}",
        crate::report::meeting::html::STYLE,
        include_str!("site.css")
    )
}
