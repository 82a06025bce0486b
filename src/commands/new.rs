//! `accsm new return`: a return template with every KPI question as a comment, written where
//! the repository keeps returns (see `accsm::edit`).

use std::path::Path;
use std::process::ExitCode;

use accsm::check::references::Catalog;
use accsm::edit::{return_template, write_new};
use accsm::escape::terminal_safe;

use crate::cli::NewReturnArgs;
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: NewReturnArgs) -> Result<ExitCode, Error> {
    let workspace = super::open_workspace(root, "")?;
    let loaded = super::load_kpi_repository(root)?;
    let data = &loaded.dataset;
    let plan = accsm::query::kpi_plan(data, args.plan.as_deref())?;
    let catalog = Catalog::new(data);
    let wanted = std::slice::from_ref(&args.country);
    let Some(country) = accsm::query::select_countries(&catalog, wanted)?.pop() else {
        return Err(Error::usage("name the AMS with --country"));
    };
    let text = return_template(data, plan, &country, args.year)?;
    let path = args.out.unwrap_or_else(|| {
        workspace
            .returns_dir()
            .join(&country)
            .join(format!("{}.toml", args.year))
    });
    write_new(&workspace.root, &path, &text)?;
    let shown = accsm::load::display_path(&path).display().to_string();
    output::print(&format!("wrote {}\n", terminal_safe(&shown)))?;
    Ok(ExitCode::SUCCESS)
}
