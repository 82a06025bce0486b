//! `accsm validate [PATH...]`: load, check, and report every finding.

use std::path::Path;
use std::process::ExitCode;

use accsm::diag::render::{self, Style};
use accsm::diag::repeats::{Shown, capped};
use accsm::diag::{Code, Severity, Tally};
use accsm::load::workspace::Workspace;

use crate::cli::{Deny, Format, ValidateArgs};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ValidateArgs) -> Result<ExitCode, Error> {
    // Paths on the command line replace the data folder; the manifest is then optional.
    let workspace = if args.paths.is_empty() || root.is_some() {
        Some(super::open_workspace(
            root,
            "; to check files of your own, name them: accsm validate FILE...",
        )?)
    } else {
        Workspace::open(None).ok()
    };
    let deny_warnings = args.deny == Some(Deny::Warnings)
        || workspace
            .as_ref()
            .is_some_and(|w| w.manifest.defaults.deny_warnings);

    let mut loaded = match (&workspace, args.paths.is_empty()) {
        (Some(w), true) => accsm::check::check_workspace(w),
        _ => accsm::check::check_paths(&args.paths),
    };
    if deny_warnings {
        for d in &mut loaded.diagnostics {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
        }
    }
    let files = loaded.sources.len();
    let tally = Tally::of(&loaded.diagnostics);
    let text = match args.format {
        Format::Human => {
            let style = Style {
                color: output::use_color(),
            };
            let map = &loaded.sources;
            let mut text: String = capped(map, &loaded.diagnostics)
                .into_iter()
                .map(|shown| match shown {
                    Shown::Finding(d) => render::human(map, d, style),
                    Shown::More { like, count } => render::more_human(map, like, count, style),
                })
                .collect();
            text.push_str(&render::summary(tally, files));
            text.push('\n');
            text
        }
        Format::Json => {
            let mut text = render::json(&loaded.sources, &loaded.diagnostics, files);
            text.push('\n');
            text
        }
        Format::Github => {
            let mut text = render::github(&loaded.sources, &loaded.diagnostics);
            text.push_str(&render::summary(tally, files));
            text.push('\n');
            text
        }
    };
    output::print(&text)?;
    let io_failure = loaded
        .diagnostics
        .iter()
        .any(|d| matches!(d.code, Code::Io | Code::NoData));
    output::skip_freeing(loaded);
    Ok(if io_failure {
        ExitCode::from(2)
    } else if tally.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
