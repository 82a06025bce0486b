//! Shell completions. `accsm completions SHELL` prints a small script that asks accsm itself
//! what to offer at each TAB (clap's dynamic completion): subcommands and options, the fixed
//! sets of values (`--format`, `--status`, `--code`…), and the ids of the repository at hand
//! for the options that take them (`--coordinator <TAB>` → BRN KHM IDN …, `--plan`, `--kpi`,
//! `--country`, `--area`…), each with its name beside it where the shell shows one. The ids come
//! from the repository of the working directory, or from the built-in data outside one.
//! `--static` prints the script clap writes without asking accsm (no ids).

use std::process::ExitCode;

use accsm::load::{Loaded, embedded, workspace};
use accsm::model::{RefKind, Status};
use clap::{Command, CommandFactory};
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};
use clap_complete::env::Shells;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Error;
use crate::output;

/// The environment variable under which a shell's script calls accsm for candidates.
pub const VAR: &str = "ACCSM_COMPLETE";

pub fn run(args: CompletionsArgs) -> Result<ExitCode, Error> {
    let mut script = Vec::new();
    if args.r#static {
        let mut command = Cli::command();
        clap_complete::generate(args.shell, &mut command, "accsm", &mut script);
    } else {
        let name = args.shell.to_string();
        let shells = Shells::builtins();
        let Some(shell) = shells.completer(&name) else {
            return Err(Error::usage(format!(
                "accsm cannot complete in {name} as you type; use --static"
            )));
        };
        // The script calls `accsm` by name, so it goes on working when accsm is moved or
        // updated on the PATH.
        shell.write_registration(VAR, "accsm", "accsm", "accsm", &mut script)?;
    }
    output::print(&String::from_utf8_lossy(&script))?;
    Ok(ExitCode::SUCCESS)
}

/// Answers a shell's question (the script sets [`VAR`]) and exits; otherwise returns at once.
pub fn answer_shell() {
    clap_complete::CompleteEnv::with_factory(command)
        .var(VAR)
        .bin("accsm")
        .completer("accsm")
        .complete();
}

/// The command line with a source of values for every option that names ids or a closed set.
fn command() -> Command {
    let mut command = Cli::command();
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in subcommands {
        command = command.mut_subcommand(&name, with_values);
    }
    command
}

fn with_values(mut command: Command) -> Command {
    let nested: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in nested {
        command = command.mut_subcommand(&name, with_values);
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let values: Option<fn() -> Vec<CompletionCandidate>> = match id.as_str() {
            "coordinator" => Some(coordinators),
            "partner" => Some(partners),
            "plan" => Some(plans),
            "kpi" | "kpis" => Some(kpis),
            "country" => Some(ams),
            "area" => Some(areas),
            "cites" => Some(framework_entries),
            "kra" => Some(kras),
            "measure" => Some(measures),
            "declaration" => Some(declarations),
            "status" => Some(statuses),
            "code" => Some(codes),
            _ => None,
        };
        if let Some(values) = values {
            command = command.mut_arg(&id, |a| a.add(ArgValueCandidates::new(values)));
        }
    }
    command
}

/// A candidate from the data: an id with a control character in it is never offered (the shell
/// would type it), and its name is shown as a terminal shows text safely.
fn candidate(id: &str, name: &str) -> Option<CompletionCandidate> {
    if id.is_empty() || id.chars().any(char::is_control) {
        return None;
    }
    let name = accsm::escape::terminal_safe(name).into_owned();
    Some(CompletionCandidate::new(id).help(Some(name.into())))
}

/// The data of the repository of the working directory, or the built-in data outside one; read
/// quietly, since the shell shows whatever is printed. A repository whose manifest cannot be
/// read offers nothing, rather than the built-in data's ids.
fn data() -> Option<Loaded> {
    if workspace::locate().is_none() {
        return Some(embedded::load());
    }
    let ws = workspace::Workspace::open(None).ok()?;
    Some(accsm::load::load_files(&ws.data_files().0))
}

fn references(
    kinds: &[RefKind],
    only: impl Fn(&accsm::model::RefEntry) -> bool,
) -> Vec<CompletionCandidate> {
    let Some(loaded) = data() else {
        return Vec::new();
    };
    kinds
        .iter()
        .flat_map(|k| loaded.dataset.references_of(*k))
        .filter(|r| only(r))
        .filter_map(|r| candidate(&r.id.value, r.display_name()))
        .collect()
}

fn coordinators() -> Vec<CompletionCandidate> {
    references(&[RefKind::Country, RefKind::Body], |_| true)
}

fn partners() -> Vec<CompletionCandidate> {
    references(&[RefKind::Country, RefKind::Group, RefKind::Body], |_| true)
}

fn ams() -> Vec<CompletionCandidate> {
    references(&[RefKind::Country], |r| r.is_ams())
}

fn areas() -> Vec<CompletionCandidate> {
    references(&[RefKind::PriorityArea, RefKind::ThematicArea], |_| true)
}

/// The entries of the results frameworks cited under the programme key `key` (`kras`,
/// `measures`): level names come from the data, not from here.
fn cited_under(loaded: &Loaded, key: &str) -> Vec<CompletionCandidate> {
    let data = &loaded.dataset;
    data.frameworks
        .iter()
        .flat_map(|f| {
            f.levels
                .iter()
                .filter(|l| l.key.as_ref().is_some_and(|k| k.value == key))
                .flat_map(move |l| data.entries_of(&f.id.value, &l.id.value))
        })
        .filter_map(|r| candidate(&r.id.value, r.display_name()))
        .collect()
}

/// Every entry of every results framework, at any level: what `--cites` takes.
fn framework_entries() -> Vec<CompletionCandidate> {
    references(&[RefKind::FrameworkEntry], |_| true)
}

fn kras() -> Vec<CompletionCandidate> {
    data().map_or_else(Vec::new, |loaded| cited_under(&loaded, "kras"))
}

fn measures() -> Vec<CompletionCandidate> {
    let mut out = data().map_or_else(Vec::new, |loaded| cited_under(&loaded, "measures"));
    out.extend(references(&[RefKind::ApscLine], |_| true));
    out
}

fn declarations() -> Vec<CompletionCandidate> {
    references(&[RefKind::Declaration], |_| true)
}

fn plans() -> Vec<CompletionCandidate> {
    let Some(loaded) = data() else {
        return Vec::new();
    };
    loaded
        .dataset
        .plans
        .iter()
        .filter_map(|p| candidate(&p.id.value, &p.title.value))
        .collect()
}

fn kpis() -> Vec<CompletionCandidate> {
    let Some(loaded) = data() else {
        return Vec::new();
    };
    loaded
        .dataset
        .kpis
        .iter()
        .filter_map(|k| candidate(&k.id.value, &k.title.value))
        .collect()
}

fn statuses() -> Vec<CompletionCandidate> {
    Status::NAMES
        .iter()
        .chain(&[accsm::query::NOT_REPORTED])
        .map(|s| CompletionCandidate::new(*s))
        .collect()
}

fn codes() -> Vec<CompletionCandidate> {
    accsm::diag::Code::ALL
        .iter()
        .map(|c| {
            CompletionCandidate::new(c.as_str()).help(Some(c.description().to_string().into()))
        })
        .collect()
}
