//! `accsm returns`: the reporting-completeness matrix, AMS × year, and the answers missing.

use std::path::Path;
use std::process::ExitCode;

use accsm::query::{kpi_plan, select_kpis};
use accsm::report::coverage::Coverage;

use crate::cli::{ListFormat, ReturnsArgs};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ReturnsArgs) -> Result<ExitCode, Error> {
    let loaded = super::load_kpi_repository(root)?;
    let data = &loaded.dataset;
    let plan = kpi_plan(data, args.plan.as_deref())?;
    let kpis = select_kpis(data, plan, &args.kpi)?;
    let coverage = Coverage::new(data, plan, &kpis);
    let (matrix, missing) = (coverage.matrix(), coverage.missing());
    let text = match args.format {
        ListFormat::Csv => coverage.long().to_csv()?,
        ListFormat::Json => output::json(&coverage.cells)?,
        ListFormat::Markdown => format!("{}\n{}", matrix.to_markdown(), missing.to_markdown()),
        ListFormat::Table => {
            let mut t = format!(
                "KPIs answered per return ({} KPI{}; — = no return)\n{}",
                kpis.len(),
                if kpis.len() == 1 { "" } else { "s" },
                matrix.to_table(super::table_width())
            );
            if !missing.rows.is_empty() {
                t.push_str("\nAnswers missing from returns\n");
                t.push_str(&missing.to_table(super::table_width()));
            }
            t
        }
    };
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
