//! `accsm list`: programmes matching filters, as a table, CSV, JSON or Markdown, or counted.

use std::path::Path;
use std::process::ExitCode;

use accsm::check::references::Catalog;
use accsm::model::{Dataset, Programme};
use accsm::query::{Filters, Query, programme_years, select};
use accsm::report;
use accsm::source::SourceMap;

use crate::cli::{ListArgs, ListFormat};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ListArgs) -> Result<ExitCode, Error> {
    let loaded = super::load_repository(root)?;
    let data = &loaded.dataset;
    let catalog = Catalog::new(data);
    let filters = args.filters();
    let query = Query::new(data, &catalog, &filters)?;
    let found = select(data, &query);
    for note in query.year_notes(data) {
        output::note(&note);
    }
    if query.filters_by_year() && query.some_year_covered(data) {
        note_undated(data, &catalog, filters);
    }
    let text = if args.count {
        format!("{}\n", found.len())
    } else {
        render(&args, data, &catalog, &loaded.sources, &found)?
    };
    output::print(&text)?;
    output::skip_freeing(loaded);
    Ok(ExitCode::SUCCESS)
}

/// Says which programmes a year filter cannot see (a TBC or blank timeline matches no year),
/// rather than drop them silently.
fn note_undated(data: &Dataset, catalog: &Catalog<'_>, filters: Filters) {
    let any_year = Filters {
        years: Vec::new(),
        ..filters
    };
    let Ok(query) = Query::new(data, catalog, &any_year) else {
        return;
    };
    let undated: Vec<String> = select(data, &query)
        .into_iter()
        .filter(|p| programme_years(data, p).is_empty())
        .map(|p| format!("{}/{}", p.plan.value, p.number.value))
        .collect();
    if !undated.is_empty() {
        output::note(&format!(
            "{} programme{} with a TBC or blank timeline match no year: {}",
            undated.len(),
            if undated.len() == 1 { "" } else { "s" },
            undated.join(", ")
        ));
    }
}

/// The programmes found, or their counts with `--group-by`, in the format asked for.
fn render(
    args: &ListArgs,
    data: &Dataset,
    catalog: &Catalog<'_>,
    sources: &SourceMap,
    found: &[&Programme],
) -> Result<String, Error> {
    let groups = args
        .group_by
        .map(|field| report::group_counts(data, catalog, found, field.into()));
    let grid = groups.as_ref().map(report::Groups::grid);
    Ok(match (args.format, grid) {
        (ListFormat::Json, None) => {
            let records: Vec<_> = found
                .iter()
                .map(|p| report::programme_json(data, catalog, sources, p))
                .collect();
            output::json(&records)?
        }
        // Labels stay text (`"2022"`, `"+007"`), counts numbers, in the table's order.
        (ListFormat::Json, Some(_)) => output::json(&groups)?,
        (_, _) if found.is_empty() && args.format != ListFormat::Csv => {
            "no programmes match\n".to_string()
        }
        (ListFormat::Csv, grid) => grid
            .unwrap_or_else(|| report::programme_csv_grid(data, found))
            .to_csv()?,
        (ListFormat::Markdown, grid) => grid
            .unwrap_or_else(|| report::programme_grid(data, catalog, found))
            .to_markdown(),
        (ListFormat::Table, grid) => grid
            .unwrap_or_else(|| report::programme_grid(data, catalog, found))
            .to_table(super::table_width()),
    })
}
