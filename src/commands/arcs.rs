//! `accsm arcs`: the ASEAN Resource Centres, by country name.

use std::path::Path;
use std::process::ExitCode;

use accsm::report::references::{arcs_grid, arcs_json};

use crate::cli::{ArcsArgs, ListFormat};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ArcsArgs) -> Result<ExitCode, Error> {
    let loaded = super::load_repository(root)?;
    let data = &loaded.dataset;
    let grid = arcs_grid(data);
    let text = match args.format {
        ListFormat::Json => output::json(&arcs_json(data, &loaded.sources))?,
        ListFormat::Csv => grid.to_csv()?,
        _ if grid.rows.is_empty() => "the data lists no ASEAN Resource Centres\n".to_string(),
        ListFormat::Markdown => grid.to_markdown(),
        ListFormat::Table => grid.to_table(super::table_width()),
    };
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
