//! `accsm new updates --coordinator WHO --format xlsx`: a workbook of one coordinator's
//! programmes, one row each with its current status, for the coordinator to fill in and send
//! back (`accsm import updates`).

use std::path::Path;
use std::process::ExitCode;

use accsm::edit::sheet::updates::updates_workbook;
use accsm::edit::write_new_bytes;
use accsm::escape::terminal_safe;
use accsm::lookup::Catalog;
use accsm::query::progress::Progress;

use crate::cli::NewUpdatesArgs;
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: NewUpdatesArgs) -> Result<ExitCode, Error> {
    let workspace = super::open_workspace(root, "")?;
    let loaded = super::load_workspace(&workspace, accsm::load::LoadOptions::default())?;
    let data = &loaded.dataset;
    let catalog = Catalog::new(data);
    let wanted = std::slice::from_ref(&args.coordinator);
    let filters = accsm::query::Filters {
        coordinators: wanted.to_vec(),
        plans: args.plan.clone(),
        ..accsm::query::Filters::default()
    };
    let query = accsm::query::Query::new(data, &catalog, &filters)?;
    let programmes = accsm::query::select(data, &query);
    if programmes.is_empty() {
        return Err(Error::usage(format!(
            "`{}` coordinates no programme of the plans asked for",
            terminal_safe(&args.coordinator)
        ))
        .with_help("`accsm list --group-by coordinator` shows who coordinates what"));
    }
    let progress = Progress::new(data, None);
    let rows: Vec<_> = programmes
        .iter()
        .map(|p| {
            let timeline = p
                .timeline
                .as_ref()
                .map(|t| t.value.text.to_string())
                .unwrap_or_default();
            (*p, timeline, progress.status(p))
        })
        .collect();
    let bytes =
        updates_workbook(&rows).map_err(|e| Error::io(format!("cannot make the workbook: {e}")))?;
    let id = programmes
        .first()
        .and_then(|p| {
            p.coordinators()
                .iter()
                .find(|c| query_names(&catalog, &args.coordinator, &c.value))
        })
        .map(|c| c.value.to_string())
        .unwrap_or_else(|| "coordinator".to_string());
    super::new::plain_name(
        &id,
        "coordinator",
        "updates",
        "name the coordinator by an id of letters and digits (IDN)",
    )?;
    let path = args.out.unwrap_or_else(|| {
        workspace
            .updates_dir()
            .join(format!("{id}-{}.xlsx", accsm::dates::today()))
    });
    write_new_bytes(&workspace.root, &path, &bytes)?;
    let shown = accsm::load::display_path(&path).display().to_string();
    output::print(&format!(
        "wrote {} ({} programme{}); fill it in, then read it back with the import updates command\n",
        terminal_safe(&shown),
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// Whether the coordinator typed (an id, name or common spelling) is `id`.
fn query_names(catalog: &Catalog<'_>, typed: &str, id: &str) -> bool {
    typed.eq_ignore_ascii_case(id)
        || catalog
            .party_by_name(typed)
            .is_some_and(|e| e.id.value == id)
}
