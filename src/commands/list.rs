//! `accsm list`: programmes matching filters, as a table, CSV, JSON or Markdown, or counted.

use std::path::Path;
use std::process::ExitCode;

use accsm::check::references::Catalog;
use accsm::query::{Filters, Query, programme_years, select};
use accsm::report::{self, GroupBy};

use crate::cli::{GroupField, ListArgs, ListFormat};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ListArgs) -> Result<ExitCode, Error> {
    let loaded = super::load_repository(root)?;
    let data = &loaded.dataset;
    let catalog = Catalog::new(data);
    let filters = Filters {
        plans: args.plan,
        coordinators: args.coordinator,
        years: args.year,
        areas: args.area,
        kras: args.kra,
        measures: args.measure,
        declarations: args.declaration,
        partners: args.partner,
        statuses: args.status,
        carried_over: args.carried_over,
        search: args.search,
    };
    let query = Query::new(data, &catalog, &filters)?;
    let found = select(data, &query);

    if query.filters_by_year() {
        // Say which programmes a year filter cannot see, rather than drop them silently.
        let undated = Query::new(
            data,
            &catalog,
            &Filters {
                years: Vec::new(),
                ..filters
            },
        )
        .map(|q| {
            select(data, &q)
                .into_iter()
                .filter(|p| programme_years(data, p).is_empty())
                .map(|p| format!("{}/{}", p.plan.value, p.number.value))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
        if !undated.is_empty() {
            output::note(&format!(
                "{} programme{} with a TBC or blank timeline match no year: {}",
                undated.len(),
                if undated.len() == 1 { "" } else { "s" },
                undated.join(", ")
            ));
        }
    }

    if args.count {
        output::print(&format!("{}\n", found.len()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let grid = match args.group_by {
        Some(field) => {
            let by = match field {
                GroupField::Coordinator => GroupBy::Coordinator,
                GroupField::Year => GroupBy::Year,
                GroupField::Area => GroupBy::Area,
                GroupField::Status => GroupBy::Status,
            };
            Some(report::group_counts(data, &catalog, &found, by))
        }
        None => None,
    };
    let text = match (args.format, grid) {
        (ListFormat::Json, None) => {
            let records: Vec<_> = found
                .iter()
                .map(|p| report::programme_json(data, &catalog, &loaded.sources, p))
                .collect();
            output::json(&records)?
        }
        (ListFormat::Json, Some(grid)) => {
            let rows: Vec<serde_json::Map<String, serde_json::Value>> = grid
                .rows
                .iter()
                .map(|row| {
                    grid.header
                        .iter()
                        .zip(row)
                        .map(|(h, c)| {
                            let value = c
                                .parse::<u64>()
                                .map(serde_json::Value::from)
                                .unwrap_or_else(|_| serde_json::Value::from(c.clone()));
                            (h.clone(), value)
                        })
                        .collect()
                })
                .collect();
            output::json(&rows)?
        }
        (_, _) if found.is_empty() && args.format != ListFormat::Csv => {
            "no programmes match\n".to_string()
        }
        (ListFormat::Csv, grid) => grid
            .unwrap_or_else(|| report::programme_csv_grid(data, &found))
            .to_csv()?,
        (ListFormat::Markdown, grid) => grid
            .unwrap_or_else(|| report::programme_grid(data, &catalog, &found))
            .to_markdown(),
        (ListFormat::Table, grid) => grid
            .unwrap_or_else(|| report::programme_grid(data, &catalog, &found))
            .to_table(super::table_width()),
    };
    output::print(&text)?;
    output::skip_freeing(loaded);
    Ok(ExitCode::SUCCESS)
}
