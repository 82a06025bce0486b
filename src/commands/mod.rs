//! One module per subcommand, and the loading they share.

mod list;
mod new;
mod returns;
mod rules;
mod show;
mod trend;
mod validate;

use std::path::Path;
use std::process::ExitCode;

use accsm::diag::Tally;
use accsm::load::Loaded;
use accsm::workspace::{Workspace, collect_files};

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Validate(args) => validate::run(cli.root.as_deref(), args),
        Command::List(args) => list::run(cli.root.as_deref(), *args),
        Command::Show(args) => show::run(cli.root.as_deref(), args),
        Command::Trend(args) => trend::run(cli.root.as_deref(), args),
        Command::Returns(args) => returns::run(cli.root.as_deref(), args),
        Command::New(crate::cli::NewCommand::Return(args)) => new::run(cli.root.as_deref(), args),
        Command::Rules => rules::run(),
    }
}

/// Loads the repository's data for a report. Reports work on what could be read; when the data
/// has errors, a line on standard error says so and points to `accsm validate`.
pub fn load_repository(root: Option<&Path>) -> anyhow::Result<Loaded> {
    let workspace = Workspace::open(root)?;
    let (files, problems) = collect_files(&workspace.data_dirs());
    if let Some(p) = problems.first() {
        anyhow::bail!("{}", p.message);
    }
    let loaded = accsm::load::load_files(&files);
    let errors = Tally::of(&loaded.diagnostics).errors;
    if errors > 0 {
        eprintln!(
            "warning: the data has {errors} error{} that may leave records out; run `accsm validate` to see {}",
            if errors == 1 { "" } else { "s" },
            if errors == 1 { "it" } else { "them" }
        );
    }
    Ok(loaded)
}

/// Width for tables: `COLUMNS` when set (so output is stable in scripts and tests), otherwise the
/// terminal's own width.
pub fn table_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
}

/// The plan a KPI report is about: the one named, or the only plan that has KPIs.
pub fn kpi_plan<'a>(
    data: &'a accsm::model::Dataset,
    named: Option<&str>,
) -> anyhow::Result<&'a accsm::model::Plan> {
    if let Some(name) = named {
        return data
            .plans
            .iter()
            .find(|p| p.id.value.eq_ignore_ascii_case(name))
            .ok_or_else(|| anyhow::anyhow!("there is no plan `{name}`"));
    }
    let with_kpis: Vec<&accsm::model::Plan> = data
        .plans
        .iter()
        .filter(|p| data.kpis.iter().any(|k| k.plan.value == p.id.value))
        .collect();
    match with_kpis.as_slice() {
        [one] => Ok(one),
        [] => anyhow::bail!("no plan has KPIs in this repository"),
        several => anyhow::bail!(
            "several plans have KPIs ({}); choose one with --plan",
            several
                .iter()
                .map(|p| p.id.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Resolves KPI ids typed by the user, with a suggestion for a near miss.
pub fn select_kpis<'a>(
    data: &'a accsm::model::Dataset,
    plan: &accsm::model::Plan,
    wanted: &[String],
) -> anyhow::Result<Vec<&'a accsm::model::Kpi>> {
    let of_plan: Vec<&accsm::model::Kpi> = data
        .kpis
        .iter()
        .filter(|k| k.plan.value == plan.id.value)
        .collect();
    if wanted.is_empty() {
        return Ok(of_plan);
    }
    wanted
        .iter()
        .map(|w| {
            let w = w.trim().trim_start_matches('[').trim_end_matches(']');
            of_plan
                .iter()
                .find(|k| k.id.value.eq_ignore_ascii_case(w))
                .copied()
                .ok_or_else(|| {
                    let hint =
                        accsm::text::did_you_mean(w, of_plan.iter().map(|k| k.id.value.as_str()))
                            .map(|s| format!("\n  help: did you mean `{s}`?"))
                            .unwrap_or_default();
                    anyhow::anyhow!("`{w}` is not a KPI of `{}`{hint}", plan.id.value)
                })
        })
        .collect()
}

/// Resolves AMS typed by id, name or common spelling.
pub fn select_countries(
    catalog: &accsm::refs::Catalog<'_>,
    wanted: &[String],
) -> anyhow::Result<Vec<String>> {
    wanted
        .iter()
        .map(|w| {
            catalog
                .party_by_name(w)
                .filter(|e| e.is_ams())
                .map(|e| e.id.value.to_string())
                .ok_or_else(|| {
                    let names = catalog.party_names(&[accsm::model::RefKind::Country]);
                    let hint = accsm::text::did_you_mean(w, names.iter().map(|(n, _)| n.as_str()))
                        .map(|s| format!("\n  help: did you mean {s}?"))
                        .unwrap_or_default();
                    anyhow::anyhow!("`{w}` is not an ASEAN Member State{hint}")
                })
        })
        .collect()
}
