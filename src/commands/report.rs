//! `accsm report`: the monitoring and evaluation report for the meetings, as one HTML page or as
//! Markdown, on standard output or in a file.

use std::path::Path;
use std::process::ExitCode;

use accsm::report::meeting::{self, Input};

use crate::cli::{ReportArgs, ReportFormat};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ReportArgs) -> Result<ExitCode, Error> {
    // Where --out may not write: the repository's data files, and through links out of it. The
    // destination is checked before the data is loaded: a refusal costs nothing.
    let boundary = super::write_boundary(root);
    if let Some(path) = &args.out {
        accsm::edit::check_destination(&boundary, path, args.force).map_err(refused)?;
    }
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
        end_term: args.end_term,
        final_status: &meeting::endterm::AtPlanEnd::new(data),
        illustrative_set: super::usable(Path::new("examples/kpi-returns")),
        in_repository: root.is_some() || accsm::load::workspace::locate().is_some(),
    });
    let text = match args.format {
        ReportFormat::Html => meeting::to_html(&doc),
        ReportFormat::Markdown => meeting::to_markdown(&doc),
    };
    match &args.out {
        Some(path) => {
            let written = accsm::edit::write_out(&boundary, path, text.as_bytes(), args.force)
                .map_err(refused)?;
            if written.split_links {
                output::note(&format!(
                    "{} had other hard links; they keep the earlier report",
                    path.display()
                ));
            }
        }
        None => output::print(&text)?,
    }
    output::skip_freeing(loaded);
    Ok(ExitCode::SUCCESS)
}

/// Why the report was not written, with what to do.
fn refused(e: accsm::edit::WriteError) -> Error {
    match e {
        accsm::edit::WriteError::Exists(path) => {
            Error::usage(format!("{} already exists", path.display()))
                .with_help("add --force to replace it, or name another file with --out")
        }
        e => Error::from(e),
    }
}
