//! `accsm validate [PATH...]`: load, check, and report every finding.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accsm::diag::render::{self, Style};
use accsm::diag::repeats::{Shown, capped};
use accsm::diag::{Code, Diagnostic, Severity, Tally};
use accsm::load::Loaded;
use accsm::load::workspace::Workspace;
use accsm::source::FileId;

use crate::cli::{Deny, Format, ValidateArgs};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ValidateArgs) -> Result<ExitCode, Error> {
    // Paths on the command line replace the data folder, unless they all lie inside it; the
    // manifest is then optional.
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
    let within = workspace
        .as_ref()
        .filter(|w| !args.paths.is_empty() && args.paths.iter().all(|p| w.holds(p)));

    let cache = workspace
        .as_ref()
        .filter(|_| accsm::load::cache::wanted(args.no_cache))
        .and_then(|w| accsm::load::cache::Cache::open(&w.root));
    let mut loaded = match (&workspace, args.paths.is_empty()) {
        (Some(w), true) => accsm::check::check_workspace_cached(w, cache),
        (Some(w), false) if within.is_some() => accsm::check::check_workspace_cached(w, cache),
        _ => accsm::check::check_paths(&args.paths),
    };
    let mut files = loaded.sources.len();
    if let Some(w) = within {
        // A path named that holds no data file is a finding, as when it is checked alone.
        let (_, problems) = accsm::load::workspace::collect_files(&args.paths, Some(&w.boundary));
        loaded.diagnostics.extend(problems);
        // Checked against the whole repository, reported on the files named.
        let named: Vec<PathBuf> = args
            .paths
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        let keep = |path: &Path| {
            path.canonicalize()
                .is_ok_and(|real| named.iter().any(|n| real.starts_with(n)))
        };
        files = count_read(&loaded, &keep);
        retain(&mut loaded, |_, path, _| keep(path));
    }
    if let Some(rev) = &args.changed_since {
        let dir = workspace
            .as_ref()
            .map_or_else(|| PathBuf::from("."), |w| w.root.clone());
        let changes = accsm::load::changes::since(&dir, rev).map_err(|why| {
            Error::usage(format!("--changed-since {rev}: {why}"))
                .with_help("name a commit, branch or tag of this git repository, e.g. origin/main")
        })?;
        if let Some(why) = &changes.everything {
            output::warning(&format!(
                "--changed-since {rev}: {why}; every finding is reported, as if every line had \
                 changed"
            ));
        }
        retain(&mut loaded, |loaded, path, d| {
            let Ok(real) = path.canonicalize() else {
                return true;
            };
            match d
                .span
                .and_then(|s| loaded.sources.get(s.file).map(|f| (s, f)))
            {
                Some((span, file)) => changes.line(&real, file.location(span.start).line),
                None => changes.file(&real),
            }
        });
    }
    if deny_warnings {
        for d in &mut loaded.diagnostics {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
        }
    }
    let mut tally = Tally::of(&loaded.diagnostics);
    tally.accepted = loaded.accepted.len();
    output::print_verdict(&report(&mut loaded, args.format, tally, files))?;
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

/// The findings in the chosen form. They are rendered a file at a time, and the text read again
/// for a file's lines is let go before the next file's (see `SourceMap::release`): with a
/// finding in each of ten thousand files, only one file is held at a time.
fn report(loaded: &mut Loaded, format: Format, tally: Tally, files: usize) -> String {
    let Loaded {
        sources: map,
        diagnostics,
        accepted,
        ..
    } = loaded;
    let mut text = match format {
        Format::Human => {
            let style = Style {
                color: output::use_color(),
            };
            let mut text = String::new();
            for run in render::by_file(diagnostics) {
                for shown in capped(map, run) {
                    text.push_str(&match shown {
                        Shown::Finding(d) => render::human(map, d, style),
                        Shown::More { like, count } => render::more_human(map, like, count, style),
                    });
                }
                map.release();
            }
            text.push_str(&render::summary(tally, files));
            text
        }
        Format::Json => render::json_releasing(map, diagnostics, accepted, files),
        Format::Sarif => {
            let mut text = render::sarif(
                &loaded.sources,
                &loaded.diagnostics,
                &loaded.accepted,
                env!("ACCSM_VERSION"),
            );
            text.push('\n');
            text
        }
        Format::Github => {
            let mut text = String::new();
            for run in render::by_file(diagnostics) {
                text.push_str(&render::github(map, run));
                map.release();
            }
            text.push_str(&render::summary(tally, files));
            text
        }
    };
    text.push('\n');
    text
}

/// The file a finding is about, as shown.
fn file_of<'a>(loaded: &'a Loaded, d: &'a Diagnostic) -> Option<&'a Path> {
    match d.span {
        Some(span) => Some(loaded.sources.path(span.file)),
        None => d.path.as_deref(),
    }
}

/// Keeps the findings (shown and accepted) that `keep` keeps; a finding with no file is kept.
fn retain(loaded: &mut Loaded, keep: impl Fn(&Loaded, &Path, &Diagnostic) -> bool) {
    let diagnostics = std::mem::take(&mut loaded.diagnostics);
    let shown = diagnostics
        .into_iter()
        .filter(|d| file_of(loaded, d).is_none_or(|path| keep(loaded, path, d)))
        .collect();
    let accepted = std::mem::take(&mut loaded.accepted);
    let accepted = accepted
        .into_iter()
        .filter(|a| {
            file_of(loaded, &a.diagnostic).is_none_or(|path| keep(loaded, path, &a.diagnostic))
        })
        .collect();
    loaded.diagnostics = shown;
    loaded.accepted = accepted;
}

/// How many files that were read `keep` keeps.
fn count_read(loaded: &Loaded, keep: &impl Fn(&Path) -> bool) -> usize {
    let unread: Vec<FileId> = loaded
        .unread
        .iter()
        .filter(|(_, u)| *u == accsm::load::Unread::File)
        .map(|(f, _)| *f)
        .collect();
    loaded
        .sources
        .paths()
        .filter(|(id, path)| !unread.contains(id) && keep(path))
        .count()
}
