//! `accsm show PLAN/NUMBER`: one programme, every reference resolved to its text.

use std::path::Path;
use std::process::ExitCode;

use accsm::check::references::Catalog;
use accsm::report;
use accsm::text::did_you_mean;

use crate::cli::{ShowArgs, ShowFormat};
use crate::output;

pub fn run(root: Option<&Path>, args: ShowArgs) -> anyhow::Result<ExitCode> {
    let loaded = super::load_repository(root)?;
    let data = &loaded.dataset;
    let Some((plan, number)) = args.programme.rsplit_once('/') else {
        eprintln!(
            "error: `{}` is not PLAN/NUMBER\n  help: write it like accsm-2021-2025/5",
            args.programme
        );
        return Ok(ExitCode::from(2));
    };
    let Some(plan) = data
        .plans
        .iter()
        .find(|p| p.id.value.eq_ignore_ascii_case(plan))
    else {
        let ids: Vec<&str> = data.plans.iter().map(|p| p.id.value.as_str()).collect();
        let help = match did_you_mean(plan, ids.iter().copied()) {
            Some(s) => format!("did you mean `{s}/{number}`?"),
            None => format!("the plans are: {}", ids.join(", ")),
        };
        eprintln!("error: there is no plan `{plan}`\n  help: {help}");
        return Ok(ExitCode::from(2));
    };
    let numbers: Vec<i64> = data
        .programmes
        .iter()
        .filter(|p| p.plan.value == plan.id.value)
        .map(|p| p.number.value)
        .collect();
    let found = number
        .trim()
        .trim_start_matches('#')
        .parse::<i64>()
        .ok()
        .and_then(|n| {
            data.programmes
                .iter()
                .find(|p| p.plan.value == plan.id.value && p.number.value == n)
        });
    let Some(programme) = found else {
        let range = match (numbers.iter().min(), numbers.iter().max()) {
            (Some(lo), Some(hi)) => format!("its programmes are numbered {lo} to {hi}"),
            _ => "it has no programmes".to_string(),
        };
        eprintln!(
            "error: `{}` has no programme `{number}`\n  help: {range}",
            plan.id.value
        );
        return Ok(ExitCode::from(2));
    };
    let catalog = Catalog::new(data);
    let text = match args.format {
        ShowFormat::Text => report::show(data, &catalog, &loaded.sources, programme),
        ShowFormat::Json => {
            serde_json::to_string_pretty(&report::programme_json(
                data,
                &catalog,
                &loaded.sources,
                programme,
            ))? + "\n"
        }
    };
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
