//! `accsm progress`: the Senior Officials Meeting's review table — programmes planned, overdue,
//! ongoing, postponed, cancelled, completed or not reported, per plan, coordinator or area, as
//! of a date; and with `--since`, what changed since the last meeting.

use std::path::Path;
use std::process::ExitCode;

use accsm::dates::PartialDate;
use accsm::lookup::Catalog;
use accsm::query::progress::Progress;
use accsm::report::progress::{ProgressBy, changes_grid, changes_since, progress_table};
use serde::Serialize;

use crate::cli::{ListFormat, ProgressArgs, ProgressGroup};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ProgressArgs) -> Result<ExitCode, Error> {
    let as_of = args
        .as_of
        .as_deref()
        .map(|d| date("--as-of", d))
        .transpose()?;
    let since = args
        .since
        .as_deref()
        .map(|d| date("--since", d))
        .transpose()?;
    if let (Some(a), Some(s)) = (as_of, since) {
        if a < s {
            return Err(Error::usage(format!(
                "--since {s} is after --as-of {a}, so nothing can have changed in between"
            ))
            .with_help(
                "give the date of the last meeting to --since, and a later one to --as-of",
            ));
        }
    }
    let loaded = super::load_repository(root)?;
    let data = &loaded.dataset;
    let catalog = Catalog::new(data);
    let plans = accsm::report::meeting::choose_plans(data, &args.plan)?;
    let ids: Vec<&str> = plans.iter().map(|p| p.id.value.as_str()).collect();
    let programmes: Vec<_> = data
        .programmes
        .iter()
        .filter(|p| ids.contains(&p.plan.value.as_str()))
        .collect();
    let progress = Progress::new(data, as_of);
    let by = match args.by {
        ProgressGroup::Plan => ProgressBy::Plan,
        ProgressGroup::Coordinator => ProgressBy::Coordinator,
        ProgressGroup::Area => ProgressBy::Area,
    };
    let table = progress_table(data, &catalog, &progress, &programmes, by);
    let changes = since.map(|s| changes_since(&catalog, &progress, &programmes, s));
    let when = match as_of {
        Some(d) => format!("as of {d}"),
        None => "as of each programme's latest update".to_string(),
    };
    let text = match args.format {
        ListFormat::Json => output::json(&Json {
            as_of: table.as_of.clone(),
            by: table.by,
            rows: &table.rows,
            total: &table.total,
            since: since.map(|s| s.to_string()),
            changes: changes.as_deref(),
        })?,
        // One table a file: with --since, the changes.
        ListFormat::Csv => match &changes {
            Some(c) => changes_grid(c).to_csv()?,
            None => table.grid().to_csv()?,
        },
        ListFormat::Markdown => {
            let mut t = format!(
                "Programmes by where they stand, {when}\n\n{}",
                table.grid().to_markdown()
            );
            t.push_str(&format!("\n{}\n", NOTE));
            if let (Some(c), Some(s)) = (&changes, since) {
                t.push_str(&format!("\nUpdates since {s}\n\n"));
                t.push_str(&if c.is_empty() {
                    format!("No programme has an update after {s}.\n")
                } else {
                    changes_grid(c).to_markdown()
                });
            }
            t
        }
        ListFormat::Table => {
            let width = super::table_width();
            let mut t = format!(
                "Programmes by where they stand, {when}\n{}{NOTE}\n",
                table.grid().to_table(width)
            );
            if let (Some(c), Some(s)) = (&changes, since) {
                t.push_str(&format!("\nUpdates since {s}\n"));
                t.push_str(&if c.is_empty() {
                    format!("No programme has an update after {s}.\n")
                } else {
                    changes_grid(c).to_table(width)
                });
            }
            t
        }
    };
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

const NOTE: &str = "overdue: still planned after its timeline ended. A joint programme counts \
    once for each coordinator, and once in each area it serves; the last row counts each \
    programme once.";

#[derive(Serialize)]
struct Json<'a> {
    as_of: Option<String>,
    by: ProgressBy,
    rows: &'a [accsm::report::progress::ProgressRow],
    total: &'a accsm::report::progress::ProgressRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a [accsm::report::progress::Change]>,
}

/// A date typed on the command line: `2024`, `2024-08` or `2024-08-20`.
pub fn date(option: &str, typed: &str) -> Result<PartialDate, Error> {
    PartialDate::parse(typed.trim()).ok_or_else(|| {
        Error::usage(format!(
            "{option} `{}` is not a date",
            accsm::escape::terminal_safe(typed)
        ))
        .with_help("write YYYY-MM-DD, YYYY-MM (the end of that month) or YYYY (the end of that year), e.g. 2024-08")
    })
}
