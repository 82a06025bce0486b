//! `accsm init DIR --period 2026-2030`: a new work-plan repository (see
//! `accsm::edit::repository_files`). `DIR` must be new or empty; no file is ever overwritten.

use std::process::ExitCode;

use accsm::edit::{
    FormatError, NewPlan, SCHEMA_FILE, WriteError, format_toml, new_folder, repository_files,
    write_new,
};
use accsm::escape::terminal_safe;
use accsm::load::display_path;

use crate::cli::InitArgs;
use crate::error::Error;
use crate::output;

pub fn run(args: InitArgs) -> Result<ExitCode, Error> {
    let (start, end) = period(&args.period)?;
    let id = match &args.plan {
        Some(id) => plan_id(id)?,
        None if args.plus_three => format!("accsm-plus-three-{start}-{end}"),
        None => format!("accsm-{start}-{end}"),
    };
    let plan = NewPlan {
        id,
        plus_three: args.plus_three,
        start,
        end,
        kpis: args.kpis,
    };
    let dir = &args.dir;
    let shown = terminal_safe(&display_path(dir).display().to_string()).into_owned();
    // Made (or checked empty) by the writer, never through a symbolic link; every file below
    // goes through the same writer, which makes its folders inside this one only.
    let root = new_folder(dir).map_err(|e| match e {
        WriteError::Exists(_) => Error::usage(format!(
            "{shown} is not an empty folder; accsm init makes a repository in a new or empty \
             folder and never overwrites a file"
        )),
        WriteError::Link(_) => Error::usage(format!(
            "{shown} is a symbolic link; accsm init makes a repository in a folder of its own, \
             never through a link"
        ))
        .with_help("name the folder the link points to, or a new folder"),
        other => Error::io(terminal_safe(&other.to_string()).into_owned()),
    })?;
    let schema = accsm::load::schema();
    for (path, text) in repository_files(&args.name, &plan) {
        // What init writes is in the canonical layout, so `accsm fmt --check` passes at once.
        let text = if path.ends_with(".toml") && path != ".taplo.toml" {
            format_toml(&text, &schema).map_err(|e| internal(&path, &e))?
        } else {
            text
        };
        write_new(&root, &root.join(&path), &text)?;
    }
    // The editors' schema offers the ids of the new repository's own reference lists.
    let loaded = super::load_repository(Some(dir))?;
    let schema = accsm::load::json_schema::data_schema(&loaded.dataset);
    write_new(dir, &dir.join(SCHEMA_FILE), &output::json(&schema)?)?;
    output::print(&format!(
        "made a work-plan repository in {shown} with the plan `{}` ({start}-{end})\n\
         next: cd {shown}, then `git init` and `accsm validate`; add programmes with\n  \
         accsm new programme --plan {} --coordinator IDN --title \"…\"\n\
         Editors: open the folder in VS Code and install Even Better TOML when it offers to.\n",
        plan.id, plan.id
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn internal(path: &str, e: &FormatError) -> Error {
    Error::io(format!(
        "accsm made {path} wrongly ({e}); this is a defect of accsm"
    ))
}

/// `2026-2030` (or with an en dash) as its first and last year.
fn period(text: &str) -> Result<(i64, i64), Error> {
    let wrong = || {
        Error::usage(format!("`{}` is not a period", terminal_safe(text)))
            .with_help("write the first and last year of the plan, e.g. --period 2026-2030")
    };
    let (a, b) = text.trim().split_once(['-', '–']).ok_or_else(wrong)?;
    let year = |s: &str| {
        s.trim()
            .parse::<i64>()
            .ok()
            .filter(|y| (1967..=2999).contains(y))
    };
    match (year(a), year(b)) {
        (Some(start), Some(end)) if start <= end && end - start < 100 => Ok((start, end)),
        _ => Err(wrong()),
    }
}

/// A plan id made of letters, digits, `.`, `-` and `_`, so it can name the plan's file too.
fn plan_id(id: &str) -> Result<String, Error> {
    let ok = !id.is_empty()
        && id.len() <= 80
        && !id.starts_with(['.', '-'])
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        Ok(id.to_string())
    } else {
        Err(
            Error::usage(format!("`{}` cannot be a plan id", terminal_safe(id)))
                .with_help("use letters, digits, `.`, `-` and `_`, e.g. accsm-2026-2030"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_ids_are_checked() {
        assert_eq!(period("2026-2030").ok(), Some((2026, 2030)));
        assert_eq!(period(" 2026 – 2030 ").ok(), Some((2026, 2030)));
        for bad in [
            "2030-2026",
            "2026",
            "twenty-thirty",
            "0-1",
            "2026-9999",
            "-",
        ] {
            assert!(period(bad).is_err(), "{bad}");
        }
        assert!(plan_id("accsm-2026-2030").is_ok());
        for bad in ["", "../x", "a/b", ".hidden", "a b", "x\n[plan]"] {
            assert!(plan_id(bad).is_err(), "{bad:?}");
        }
    }
}
