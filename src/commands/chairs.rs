//! `accsm chairs [--next]`: the ACCSM chairs in the order of their meetings, and who is next by
//! the rotation rule of the Terms of Reference.

use std::path::Path;
use std::process::ExitCode;

use accsm::escape;
use accsm::report::references::{chairs_grid, chairs_json};
use accsm::report::rotation::next_chairs;

use crate::cli::{ChairsArgs, ListFormat};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ChairsArgs) -> Result<ExitCode, Error> {
    let loaded = super::load_repository(root)?;
    let data = &loaded.dataset;
    let text = if args.next {
        let next = next_chairs(data, usize::from(args.terms));
        if next.next.is_none() && args.format != ListFormat::Table {
            // Tables say it in their sentence; the other formats keep their shape.
            output::note(&next.sentence());
        }
        let grid = next.grid();
        match args.format {
            ListFormat::Json => output::json(&next)?,
            ListFormat::Csv => grid.to_csv()?,
            ListFormat::Markdown if next.next.is_some() => {
                format!(
                    "{}\n{}\n",
                    grid.to_markdown(),
                    escape::markdown(&next.sentence())
                )
            }
            ListFormat::Markdown => String::new(),
            ListFormat::Table => {
                // Country names come from the data: escaped as the table's cells are.
                let mut t = format!("{}\n", escape::terminal_safe(&next.sentence()));
                if next.next.is_some() {
                    t = grid.to_table(super::table_width()) + &t;
                }
                t.push_str(&format!(
                    "The rule: {}\nSource: {}.\n",
                    next.rule, next.source
                ));
                t
            }
        }
    } else {
        let grid = chairs_grid(data);
        match args.format {
            ListFormat::Json => output::json(&chairs_json(data, &loaded.sources))?,
            ListFormat::Csv => grid.to_csv()?,
            _ if grid.rows.is_empty() => "the data lists no ACCSM chairs\n".to_string(),
            ListFormat::Markdown => grid.to_markdown(),
            ListFormat::Table => grid.to_table(super::table_width()),
        }
    };
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
