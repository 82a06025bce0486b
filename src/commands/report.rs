//! `accsm report`: the monitoring and evaluation report for the meetings, as one HTML page or as
//! Markdown, on standard output or in a file.

use std::path::Path;
use std::process::ExitCode;

use accsm::report::meeting::{self, Input};

use crate::cli::{ReportArgs, ReportFormat};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ReportArgs) -> Result<ExitCode, Error> {
    // The data-quality section gives validate's summary: the findings of loading and of the
    // rules, less those the data accepts.
    let loaded = accsm::check::check_loaded(super::load_repository(root)?, Vec::new());
    let data = &loaded.dataset;
    let plans = meeting::choose_plans(data, &args.plan)?;
    if data.returns.is_empty() {
        output::note(&format!(
            "the report shows no KPI trend: {}",
            super::no_returns_hint(root, "report")
        ));
    }
    let doc = meeting::build(&Input {
        data,
        sources: &loaded.sources,
        diagnostics: &loaded.diagnostics,
        accepted: loaded.accepted.len(),
        files: loaded.sources.len(),
        plans,
        midterm: args.midterm,
        illustrative_set: super::usable(Path::new("examples/kpi-returns")),
        in_repository: root.is_some() || accsm::load::workspace::locate().is_some(),
    });
    let text = match args.format {
        ReportFormat::Html => meeting::to_html(&doc),
        ReportFormat::Markdown => meeting::to_markdown(&doc),
    };
    match &args.out {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| Error::io(format!("cannot write {}: {e}", path.display())))?,
        None => output::print(&text)?,
    }
    output::skip_freeing(loaded);
    Ok(ExitCode::SUCCESS)
}
