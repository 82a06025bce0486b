//! `accsm schema`: the JSON Schema of the data files (or of the manifest), for editors.

use std::path::Path;
use std::process::ExitCode;

use accsm::load::json_schema;

use crate::cli::SchemaArgs;
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: SchemaArgs) -> Result<ExitCode, Error> {
    let kinds: Vec<&str> = args.kind.iter().map(String::as_str).collect();
    let schema = match kinds.as_slice() {
        ["manifest"] => json_schema::manifest_schema(),
        several if several.contains(&"manifest") => {
            return Err(Error::usage(
                "--kind manifest is a file of its own and cannot be combined with other kinds",
            )
            .with_help("print it on its own: accsm schema --kind manifest"));
        }
        // The ids the reference lists allow come from the repository's data (or the built-in).
        tables => {
            let loaded = super::load_repository(root)?;
            if tables.is_empty() || tables.contains(&"data") {
                json_schema::data_schema(&loaded.dataset)
            } else {
                let schema = accsm::load::schema();
                json_schema::tables_schema(&loaded.dataset, &schema, tables)
            }
        }
    };
    output::print(&output::json(&schema)?)?;
    Ok(ExitCode::SUCCESS)
}
