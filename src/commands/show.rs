//! `accsm show PLAN/NUMBER`: one programme, every reference resolved to its text.

use std::path::Path;
use std::process::ExitCode;

use accsm::lookup::Catalog;
use accsm::model::{Dataset, Programme};
use accsm::report;

use crate::cli::{ShowArgs, ShowFormat};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ShowArgs) -> Result<ExitCode, Error> {
    let loaded = super::show_cache::load(root, &args.programme, args.no_cache, |data| {
        find(data, &args.programme).is_ok()
    })?;
    let data = &loaded.dataset;
    let programme = find(data, &args.programme)?;
    let catalog = Catalog::new(data);
    let text = match args.format {
        ShowFormat::Table => report::show(data, &catalog, &loaded.sources, programme),
        ShowFormat::Json => output::json(&WithProgress {
            programme: report::programme_json(data, &catalog, &loaded.sources, programme),
            progress: accsm::model::Histories::new(&data.updates)
                .of(&programme.plan.value, programme.number.value)
                .iter()
                .map(|u| UpdateJson {
                    date: u.date.value.to_string(),
                    status: u.status.value.as_str(),
                    meeting: u.meeting.value.to_string(),
                    text: u.text.as_ref().map(|t| t.value.to_string()),
                    note: u.note().map(|t| t.value.to_string()),
                    participants: u.participants().map(|n| n.value),
                    ams: u.ams().iter().map(|a| a.value.to_string()).collect(),
                    cost: u.cost().and_then(|c| c.amount.as_ref()).map(|a| a.value),
                    currency: u
                        .cost()
                        .and_then(|c| c.currency.as_ref())
                        .map(|c| c.value.to_string()),
                    links: u.links().iter().map(|a| a.value.to_string()).collect(),
                })
                .collect(),
        })?,
    };
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// `show --format json`: the programme, and its progress updates oldest first.
#[derive(serde::Serialize)]
struct WithProgress<T: serde::Serialize> {
    #[serde(flatten)]
    programme: T,
    progress: Vec<UpdateJson>,
}

#[derive(serde::Serialize)]
struct UpdateJson {
    date: String,
    status: &'static str,
    meeting: String,
    text: Option<String>,
    note: Option<String>,
    participants: Option<i64>,
    ams: Vec<String>,
    cost: Option<f64>,
    currency: Option<String>,
    links: Vec<String>,
}

/// The programme named `PLAN/NUMBER`, or what is wrong with the name and how to write it.
pub fn find<'a>(data: &'a Dataset, wanted: &str) -> Result<&'a Programme, Error> {
    let Some((plan, number)) = wanted.rsplit_once('/') else {
        return Err(Error::usage(format!("`{wanted}` is not PLAN/NUMBER"))
            .with_help("write it like accsm-2021-2025/5"));
    };
    // The plan as every command names it: its id, its label (ACCSM, ACCSM+3) or an alias.
    let plan = accsm::query::resolve_plan(data, plan).map_err(|e| {
        let help = e
            .help
            .as_ref()
            .map(|h| match h.strip_prefix("did you mean `") {
                Some(rest) => format!("did you mean `{}/{number}`?", rest.trim_end_matches("`?")),
                None => h.clone(),
            });
        Error::from(e.with_help(help))
    })?;
    let of_plan = || {
        data.programmes
            .iter()
            .filter(|p| p.plan.value == plan.id.value)
    };
    let found = number
        .trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .and_then(|n| of_plan().find(|p| p.number.value == n));
    found.ok_or_else(|| {
        let numbers = of_plan().map(|p| p.number.value);
        let range = match (numbers.clone().min(), numbers.max()) {
            (Some(lo), Some(hi)) => format!("its programmes are numbered {lo} to {hi}"),
            _ => "it has no programmes".to_string(),
        };
        Error::usage(format!("`{}` has no programme `{number}`", plan.id.value)).with_help(range)
    })
}
