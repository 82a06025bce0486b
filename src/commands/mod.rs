//! One module per subcommand, and the loading they share.

mod arcs;
mod chairs;
mod completions;
mod export;
mod fix;
mod fmt;
mod import;
mod import_updates;
mod init;
mod kpis;
mod list;
mod man;
mod new;
mod new_plan;
mod new_programme;
mod new_update;
mod new_updates;
mod progress;
mod report;
mod returns;
mod rules;
mod schema;
mod sheet_file;
mod show;
mod show_cache;
mod site;
mod trend;
mod validate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accsm::diag::{Code, Diagnostic, Tally};
use accsm::escape::terminal_safe_lines;
use accsm::load::embedded;
use accsm::load::workspace::{self, Defaults, MANIFEST, Workspace, collect_files};
use accsm::load::{LoadOptions, Loaded};

pub use completions::answer_shell;

use crate::cli::{Cli, Command};
use crate::error::Error;
use crate::output;

pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Validate(args) => validate::run(cli.root.as_deref(), args),
        Command::List(args) => list::run(cli.root.as_deref(), *args),
        Command::Show(args) => show::run(cli.root.as_deref(), args),
        Command::Trend(args) => trend::run(cli.root.as_deref(), args),
        Command::Returns(args) => returns::run(cli.root.as_deref(), args),
        Command::New(crate::cli::NewCommand::Return(args)) => new::run(cli.root.as_deref(), args),
        Command::New(crate::cli::NewCommand::Plan(args)) => {
            new_plan::run(cli.root.as_deref(), args)
        }
        Command::New(crate::cli::NewCommand::Programme(args)) => {
            new_programme::run(cli.root.as_deref(), args)
        }
        Command::New(crate::cli::NewCommand::Update(args)) => {
            new_update::run(cli.root.as_deref(), *args)
        }
        Command::New(crate::cli::NewCommand::Updates(args)) => {
            new_updates::run(cli.root.as_deref(), args)
        }
        Command::Fmt(args) => fmt::run(cli.root.as_deref(), args),
        Command::Fix(args) => fix::run(cli.root.as_deref(), args),
        Command::Init(args) => init::run(args),
        Command::Rules => rules::run(),
        Command::Schema(args) => schema::run(cli.root.as_deref(), args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Arcs(args) => arcs::run(cli.root.as_deref(), args),
        Command::Kpis(args) => kpis::run(cli.root.as_deref(), args),
        Command::Chairs(args) => chairs::run(cli.root.as_deref(), args),
        Command::Report(args) => report::run(cli.root.as_deref(), args),
        Command::Progress(args) => progress::run(cli.root.as_deref(), args),
        Command::Export(args) => export::run(cli.root.as_deref(), args),
        Command::Site(args) => site::run(cli.root.as_deref(), args),
        Command::Import(command) => import::run(cli.root.as_deref(), command),
    }
}

/// Loads the repository's data for a report. Reports work on what could be read; when the data
/// has errors, a line on standard error says so and points to `accsm validate`.
///
/// Outside any work-plan repository (no `--root`, no `accsm.toml` here or above), the read-only
/// commands run on the data set built into the binary, and say so on standard error.
pub fn load_repository(root: Option<&Path>) -> Result<Loaded, Error> {
    load_repository_with(root, LoadOptions::default()).map(|(loaded, _)| loaded)
}

/// [`load_repository`], with the defaults its manifest sets (none for the built-in data).
pub fn load_repository_and_defaults(root: Option<&Path>) -> Result<(Loaded, Defaults), Error> {
    load_repository_with(root, LoadOptions::default())
}

/// The folder whose data files and links an output written with `--out` must respect: the
/// repository's (resolved), or the working directory outside any repository.
pub fn write_boundary(root: Option<&Path>) -> std::path::PathBuf {
    Workspace::open(root).map_or_else(
        |_| std::env::current_dir().unwrap_or_default(),
        |w| w.boundary,
    )
}

/// [`load_repository`] for the reports on KPIs and returns, which read no programme.
pub fn load_kpi_repository(root: Option<&Path>) -> Result<Loaded, Error> {
    load_repository_with(root, LoadOptions { programmes: false }).map(|(loaded, _)| loaded)
}

fn load_repository_with(
    root: Option<&Path>,
    options: LoadOptions,
) -> Result<(Loaded, Defaults), Error> {
    if root.is_none() && workspace::locate().is_none() {
        output::note(&format!(
            "using {} (no {MANIFEST} in this folder or above it); --root DIR to use yours",
            embedded::NAME
        ));
        return Ok((embedded::load(), Defaults::default()));
    }
    let workspace = Workspace::open(root)?;
    let loaded = load_workspace(&workspace, options)?;
    Ok((loaded, workspace.manifest.defaults))
}

/// The data of an opened repository, for a report: a folder that cannot be read stops it, and
/// errors in the data are announced (run `validate` to see them).
pub fn load_workspace(workspace: &Workspace, options: LoadOptions) -> Result<Loaded, Error> {
    let loaded = load_workspace_by(workspace, |files| {
        accsm::load::load_files_with(files, options)
    })?;
    announce_errors(&loaded, 0);
    Ok(loaded)
}

/// [`load_workspace`], the files loaded by `load` (from the cache, see `show`), without the
/// announcement of errors ([`announce_errors`]).
pub fn load_workspace_by(
    workspace: &Workspace,
    load: impl FnOnce(&[std::path::PathBuf]) -> Loaded,
) -> Result<Loaded, Error> {
    let (files, findings) = data_files(workspace)?;
    let mut loaded = load(&files);
    loaded.diagnostics.extend(findings);
    Ok(loaded)
}

/// The repository's data files, and the findings of the walk that found them. A folder that
/// cannot be read stops a report; a file left unread for a reason of its own (a link that
/// leads out of the repository) is one more error in the data, among the findings.
pub fn data_files(
    workspace: &Workspace,
) -> Result<(Vec<std::path::PathBuf>, Vec<accsm::diag::Diagnostic>), Error> {
    let (files, problems) = workspace.data_files();
    let (fatal, findings): (Vec<_>, Vec<_>) = problems
        .into_iter()
        .partition(|p| matches!(p.code, Code::Io | Code::NoData));
    if let Some(p) = fatal.into_iter().next() {
        let e = Error::io(p.message);
        return Err(match p.help {
            Some(help) => e.with_help(help),
            None => e,
        });
    }
    Ok((files, findings))
}

/// Says how many errors the data has, if any, for a report (run `validate` to see them):
/// those found in `loaded`, and `more` found in files it left out.
pub fn announce_errors(loaded: &Loaded, more: usize) {
    announce_error_count(Tally::of(&loaded.diagnostics).errors + more);
}

/// [`announce_errors`], of `errors` counted already.
pub fn announce_error_count(errors: usize) {
    if errors > 0 {
        output::warning(&format!(
            "the data has {errors} error{} that may leave records out; run `accsm validate` to see {}",
            if errors == 1 { "" } else { "s" },
            if errors == 1 { "it" } else { "them" }
        ));
    }
}

/// The repository for a command that checks or writes the user's own files (`validate`,
/// `new`): the built-in data is for reading only, so without a repository it refuses, and says
/// what to do instead.
/// `instead` ends the help: what the user can do without a repository, if anything.
pub fn open_workspace(root: Option<&Path>, instead: &str) -> Result<Workspace, Error> {
    if root.is_none() && workspace::locate().is_none() {
        let cwd = std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|_| "the working directory".to_string());
        return Err(Error::usage(format!(
            "no {MANIFEST} found in {cwd} or any folder above it; run accsm inside a work-plan \
             repository or pass --root DIR"
        ))
        .with_help(format!(
            "{} is for reading only (list, show, trend, returns, arcs, kpis, chairs){instead}",
            embedded::NAME
        )));
    }
    Ok(Workspace::open(root)?)
}

/// What to say when the data holds no KPI returns: how to add one, and where the illustrative
/// set is when this checkout of accsm has it. Every command it shows runs from where the user
/// stands (tests/hints.rs runs them): `--root` is repeated, the illustrative set is named by a
/// path that exists, and outside a repository it says how to make one.
pub fn no_returns_hint(root: Option<&Path>, command: &str) -> String {
    let repository = match root {
        Some(dir) => Some(dir.to_path_buf()),
        None => workspace::locate(),
    };
    let mut hint = match (&repository, root.map(shell_path)) {
        (None, _) => "the built-in data holds no KPI returns (they are not public); \
                      `accsm init my-plans --period 2021-2025` makes a repository to keep them in"
            .to_string(),
        (Some(_), Some(Some(root))) => format!(
            "this repository holds no KPI returns (they are not public); \
             `accsm --root {root} new return --country IDN --year 2023` writes one"
        ),
        (Some(_), Some(None)) => {
            "this repository holds no KPI returns (they are not public)".to_string()
        }
        (Some(_), None) => "this repository holds no KPI returns (they are not public); \
                            `accsm new return --country IDN --year 2023` writes one"
            .to_string(),
    };
    if let Some(set) = illustrative_set(repository.as_deref()) {
        hint.push_str(&format!(
            ", and `accsm --root {set} {command}` shows the illustrative set"
        ));
    }
    hint
}

/// The folder of invented returns in a checkout of accsm (`examples/kpi-returns`), as a path
/// from the working directory, when the repository at hand (or the working directory) has it.
fn illustrative_set(repository: Option<&Path>) -> Option<String> {
    const SET: &str = "examples/kpi-returns";
    let cwd = std::env::current_dir().ok()?;
    let base = repository.unwrap_or(&cwd);
    let set = base.join(SET);
    if !usable(&set) {
        return None;
    }
    // Already looking at it: nothing to point to.
    if repository.is_some_and(|r| r.join(MANIFEST) == set.join(MANIFEST) || r.ends_with(SET)) {
        return None;
    }
    // A relative --root stays relative to the working directory, and so does the set under it.
    let shown = set
        .strip_prefix(&cwd)
        .map_or(set.clone(), Path::to_path_buf);
    shell_path(&shown)
}

/// Whether `dir` is a repository accsm can open: the illustrative set reads the shipped data
/// beside it, which it may only do inside a git work tree (not, say, in an unpacked archive).
pub fn usable(dir: &Path) -> bool {
    dir.join(MANIFEST).is_file() && Workspace::open(Some(dir)).is_ok()
}

/// A path as one shell word, or `None` when it holds characters a copied command could not
/// keep as they are.
fn shell_path(path: &Path) -> Option<String> {
    let text = path.to_str()?;
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:@,".contains(c);
    if text.is_empty() || text.starts_with('-') {
        return None;
    }
    if text.chars().all(plain) {
        return Some(text.to_string());
    }
    // Spaces and most marks are kept by single quotes; a quote or a control character is not.
    let quotable = text
        .chars()
        .all(|c| !c.is_control() && c != '\'' && c != '\\');
    quotable.then(|| format!("'{text}'"))
}

/// Width for tables: `COLUMNS` when set (so output is stable in scripts and tests), otherwise the
/// terminal's own width.
pub fn table_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
}

/// The files a command that rewrites files may touch, each with the resolved folder it must stay
/// inside, and what kept others from being read.
pub struct Targets {
    pub files: Vec<PathBuf>,
    pub boundaries: Vec<PathBuf>,
    pub problems: Vec<Diagnostic>,
}

/// The data files of the repository, or the files under `paths`. Inside a repository nothing
/// outside it is touched (a path or link that leads out is a finding); outside any repository,
/// each path named is the limit for the files found under it.
pub fn edit_targets(root: Option<&Path>, paths: &[PathBuf]) -> Result<Targets, Error> {
    let workspace = if paths.is_empty() || root.is_some() {
        Some(Workspace::open(root)?)
    } else {
        Workspace::open(None).ok()
    };
    let mut targets = Targets {
        files: Vec::new(),
        boundaries: Vec::new(),
        problems: Vec::new(),
    };
    let mut add = |(files, mut problems): (Vec<PathBuf>, Vec<Diagnostic>), boundary: &Path| {
        targets
            .boundaries
            .extend(std::iter::repeat_n(boundary.to_path_buf(), files.len()));
        targets.files.extend(files);
        targets.problems.append(&mut problems);
    };
    match &workspace {
        Some(w) if paths.is_empty() => add(w.data_files(), &w.boundary),
        Some(w) => {
            outside_named(paths, w)?;
            add(collect_files(paths, Some(&w.boundary)), &w.boundary);
        }
        None => {
            for path in paths {
                let found = collect_files(std::slice::from_ref(path), None);
                let boundary = path.canonicalize().unwrap_or_else(|_| path.clone());
                add(found, &boundary);
            }
        }
    }
    // Folders that overlap (`data = ["data", "data/plans"]`) name a file twice: once is enough.
    let mut seen = std::collections::HashSet::new();
    let pairs: Vec<(PathBuf, PathBuf)> = targets
        .files
        .drain(..)
        .zip(targets.boundaries.drain(..))
        .filter(|(f, _)| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())))
        .collect();
    (targets.files, targets.boundaries) = pairs.into_iter().unzip();
    Ok(targets)
}

/// A path named on the command line that is not a symbolic link but lies outside the repository
/// (`../other/plan.toml`) is a usage error: the command works on one repository's files.
fn outside_named(paths: &[PathBuf], workspace: &Workspace) -> Result<(), Error> {
    for path in paths {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let Ok(real) = path.canonicalize() else {
            continue;
        };
        if !is_link && !real.starts_with(&workspace.boundary) {
            return Err(Error::usage(format!(
                "{} is outside the repository ({}); accsm changes only the files of the \
                 repository it works in",
                accsm::load::display_path(path).display(),
                accsm::load::display_path(&workspace.root).display()
            ))
            .with_help("run accsm in the repository that holds it, or name that one with --root"));
        }
    }
    Ok(())
}

/// Prints findings about files that could not be read, as `error: …` with their help, on
/// standard error; returns whether any is an I/O failure (exit 2).
pub fn report_problems(problems: &[Diagnostic]) -> bool {
    for p in problems {
        let mut text = format!("error: {}\n", terminal_safe_lines(&p.message));
        if let Some(help) = &p.help {
            text.push_str(&format!("  help: {}\n", terminal_safe_lines(help)));
        }
        output::eprint(&text);
    }
    problems
        .iter()
        .any(|p| matches!(p.code, Code::Io | Code::NoData))
}
