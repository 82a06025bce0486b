//! `accsm kpis [KPI...]`: the M&E framework's KPIs, or the named ones in full.

use std::path::Path;
use std::process::ExitCode;

use accsm::query::{kpi_plan, select_kpis};
use accsm::report::references::{kpi_card, kpis_csv_grid, kpis_grid, kpis_json};

use crate::cli::{KpisArgs, ListFormat};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: KpisArgs) -> Result<ExitCode, Error> {
    let loaded = super::load_repository(root)?;
    let data = &loaded.dataset;
    let plan = kpi_plan(data, args.plan.as_deref())?;
    let kpis = select_kpis(data, plan, &args.kpis)?;
    let full = !args.kpis.is_empty();
    let text = match args.format {
        ListFormat::Json => output::json(&kpis_json(data, &loaded.sources, &kpis))?,
        ListFormat::Csv => kpis_csv_grid(data, &kpis).to_csv()?,
        ListFormat::Markdown if full => cards(&kpis, |k| kpi_card(data, k).to_markdown()),
        ListFormat::Table if full => {
            cards(&kpis, |k| kpi_card(data, k).to_table(super::table_width()))
        }
        ListFormat::Markdown => kpis_grid(&kpis).to_markdown(),
        ListFormat::Table => kpis_grid(&kpis).to_table(super::table_width()),
    };
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// One card per KPI, a blank line between them.
fn cards<K>(kpis: &[K], card: impl Fn(&K) -> String) -> String {
    kpis.iter().map(card).collect::<Vec<_>>().join("\n")
}
