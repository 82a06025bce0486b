//! `accsm new return`: a return template with every KPI question as a comment (or, with
//! `--format xlsx`, the same template as a workbook for focal points), written where the
//! repository keeps returns (see `accsm::edit`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accsm::edit::sheet::return_workbook;
use accsm::edit::{return_template, write_new_bytes};
use accsm::escape::terminal_safe;
use accsm::lookup::Catalog;

use crate::cli::{NewReturnArgs, ReturnFormat};
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
    plain_id(&country)?;
    if !data.is_ams_of_plan(&country, &plan.id.value) {
        let joined = data
            .ams_group()
            .and_then(|g| g.joined(&country))
            .map(|d| format!(" (it joined on {d})"))
            .unwrap_or_default();
        return Err(Error::usage(format!(
            "{} is not one of the AMS of `{}`: it was not a member when the plan started{}",
            terminal_safe(&country),
            terminal_safe(&plan.id.value),
            terminal_safe(&joined)
        ))
        .with_help("a state that joins during a plan reports under the next one: give that plan with --plan"));
    }
    let ext = match args.format {
        ReturnFormat::Toml => "toml",
        ReturnFormat::Xlsx => "xlsx",
    };
    // A file named with --out may go anywhere the user can write (a workbook to e-mail); inside
    // the repository, and by default, it is written as every new file there is.
    let outside = args
        .out
        .as_ref()
        .is_some_and(|out| !lies_inside(&workspace.boundary, out));
    let path = args
        .out
        .unwrap_or_else(|| workspace.return_path(&country, args.year, ext));
    let write = |bytes: &[u8]| -> Result<(), Error> {
        if outside {
            accsm::edit::write_out(&workspace.boundary, &path, bytes, false)?;
        } else {
            write_new_bytes(&workspace.root, &path, bytes)?;
        }
        Ok(())
    };
    match (args.format, &args.from) {
        (ReturnFormat::Toml, Some(_)) => {
            return Err(Error::usage("--from fills a workbook: add --format xlsx"));
        }
        (ReturnFormat::Toml, None) => {
            let text = return_template(data, plan, &country, args.year)?;
            write(text.as_bytes())?;
        }
        (ReturnFormat::Xlsx, from) => {
            // The year is checked as for the TOML template.
            return_template(data, plan, &country, args.year)?;
            let doc = from.as_deref().map(read_return).transpose()?;
            let bytes = return_workbook(data, plan, &country, args.year, doc.as_ref())
                .map_err(|e| Error::io(format!("cannot make the workbook: {e}")))?;
            write(&bytes)?;
        }
    }
    let shown = accsm::load::display_path(&path).display().to_string();
    output::print(&format!("wrote {}\n", terminal_safe(&shown)))?;
    Ok(ExitCode::SUCCESS)
}

/// Whether `path` (relative to the working directory) names a place inside the repository at
/// `boundary` (resolved), by its name or through its nearest existing folder.
fn lies_inside(boundary: &Path, path: &Path) -> bool {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut full = std::path::PathBuf::new();
    for c in cwd.join(path).components() {
        match c {
            std::path::Component::ParentDir => {
                full.pop();
            }
            std::path::Component::CurDir => {}
            other => full.push(other),
        }
    }
    let existing = full.ancestors().find(|a| a.exists()).unwrap_or(&cwd);
    full.starts_with(boundary)
        || existing
            .canonicalize()
            .is_ok_and(|r| r.starts_with(boundary))
}

/// A country id that is a plain identifier (letters, digits, `-`, `_`): it names a folder, so
/// an id from the data such as `../x` must never become part of a path.
pub fn plain_id(country: &str) -> Result<(), Error> {
    plain_name(
        country,
        "country",
        "returns",
        "give the country an id of letters and digits (e.g. IDN) in the reference list",
    )
}

/// Whether `id` may name a file or folder as it is: 1 to 64 letters, digits, `-` and `_`.
pub fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `id` (of a `kind`: a country, a plan) as a plain identifier that may name a folder of
/// `folders`, or what is wrong with it.
pub fn plain_name(id: &str, kind: &str, folders: &str, help: &str) -> Result<(), Error> {
    if is_plain_id(id) {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "the {kind} id `{}` is not a plain identifier, so it cannot name a folder of {folders}",
            terminal_safe(id)
        ))
        .with_help(help.to_string()))
    }
}

/// The return at `path`, parsed (its answers fill the workbook).
fn read_return(path: &Path) -> Result<toml_edit::DocumentMut, Error> {
    let shown = accsm::load::display_path(&PathBuf::from(path))
        .display()
        .to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::io(format!("cannot read {}: {e}", terminal_safe(&shown))))?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    body.parse::<toml_edit::DocumentMut>().map_err(|e| {
        Error::usage(format!(
            "{} is not valid TOML: {}",
            terminal_safe(&shown),
            terminal_safe(e.message())
        ))
        .with_help("`accsm validate` shows where")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_ids_name_a_folder() {
        for good in ["IDN", "lao-pdr", "X_1"] {
            assert!(plain_id(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "..",
            "../x",
            "a/b",
            "a\\b",
            "I D N",
            "IDN\n",
            ".hidden",
            "\u{202e}IDN",
        ] {
            assert!(plain_id(bad).is_err(), "{bad:?}");
        }
    }
}
