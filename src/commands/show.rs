//! `accsm show PLAN/NUMBER`: one programme, every reference resolved to its text.

use std::path::Path;
use std::process::ExitCode;

use accsm::check::references::Catalog;
use accsm::model::{Dataset, Programme};
use accsm::report;

use crate::cli::{ShowArgs, ShowFormat};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ShowArgs) -> Result<ExitCode, Error> {
    let loaded = super::load_repository(root)?;
    let data = &loaded.dataset;
    let programme = find(data, &args.programme)?;
    let catalog = Catalog::new(data);
    let text = match args.format {
        ShowFormat::Table => report::show(data, &catalog, &loaded.sources, programme),
        ShowFormat::Json => output::json(&report::programme_json(
            data,
            &catalog,
            &loaded.sources,
            programme,
        ))?,
    };
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The programme named `PLAN/NUMBER`, or what is wrong with the name and how to write it.
fn find<'a>(data: &'a Dataset, wanted: &str) -> Result<&'a Programme, Error> {
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
