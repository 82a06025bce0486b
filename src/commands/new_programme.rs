//! `accsm new programme --plan PLAN --coordinator WHO --title TEXT [--year YEAR]`: appends a
//! programme with the next free number to the file that holds the plan's last programme (or the
//! plan itself), with every key of the schema: the given ones filled in, the others as comments
//! naming their allowed values (see `accsm::edit::programme_block`).
//!
//! Nothing is written unless the data, with the new programme, has no new error in it; the
//! file keeps every byte it had and is replaced atomically.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accsm::diag::render::{self, Style};
use accsm::diag::{Code, Severity};
use accsm::edit::{NewProgramme, check_with_text, programme_block, replace_file};
use accsm::escape::terminal_safe;
use accsm::load::workspace::Workspace;
use accsm::load::{Loaded, display_path};
use accsm::lookup::Catalog;
use accsm::model::{Dataset, Plan, RefKind};
use accsm::source::FileId;
use accsm::spelling::did_you_mean;

use crate::cli::NewProgrammeArgs;
use crate::error::Error;
use crate::output;

/// Findings that mean a record may not have been read, so the next free number is not certain.
const RECORDS_MAY_BE_MISSING: &[Code] = &[
    Code::Io,
    Code::NotUtf8,
    Code::Syntax,
    Code::UnknownTable,
    Code::MissingField,
    Code::WrongType,
];

pub fn run(root: Option<&Path>, args: NewProgrammeArgs) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(root)?;
    let (files, loaded) = complete_data(&workspace)?;
    let data = &loaded.dataset;
    let plan = accsm::query::kpi_plan(data, Some(&args.plan))?;
    let mut coordinators: Vec<String> = Vec::new();
    for who in &args.coordinator {
        let id = coordinator(data, who)?;
        if coordinators.contains(&id) {
            return Err(Error::usage(format!(
                "`{}` is given twice as a coordinator",
                terminal_safe(who)
            ))
            .with_help("give each coordinator once"));
        }
        coordinators.push(id);
    }
    let title = args.title.trim();
    if title.is_empty() {
        return Err(Error::usage("the title is empty").with_help("give it with --title \"…\""));
    }
    let number = next_number(data, plan)?;
    let which = target_file(data, plan).0 as usize;
    let Some(path) = files.get(which) else {
        return Err(Error::io(
            "the file of the plan is not among the data files",
        ));
    };
    let shown = display_path(path).display().to_string();
    let bytes = std::fs::read(path).map_err(|e| Error::io(format!("cannot read {shown}: {e}")))?;
    let old =
        std::str::from_utf8(&bytes).map_err(|_| Error::io(format!("{shown} is not UTF-8 text")))?;
    let body = old.strip_prefix('\u{feff}').unwrap_or(old);
    let nl = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let new = NewProgramme {
        plan,
        number,
        title,
        coordinators: &coordinators,
        year: args.year,
    };
    let separator = separator(body, nl);
    let text = format!("{old}{separator}{}", programme_block(data, &new, nl));
    let new_body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if !valid_with(&files, which, new_body, body.len()) {
        output::eprint("error: the new programme would not be valid; nothing was written\n");
        return Ok(ExitCode::from(1));
    }
    replace_file(&workspace.boundary, path, &bytes, &text)?;
    let line = body.matches('\n').count() + separator.matches('\n').count() + 1;
    output::print(&format!(
        "added programme {number} of `{}` to {}:{line}; fill in its fields there\n",
        terminal_safe(&plan.id.value),
        terminal_safe(&shown)
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The data files and what they hold, if every record could be read: otherwise the next free
/// number would be a guess.
fn complete_data(workspace: &Workspace) -> Result<(Vec<PathBuf>, Loaded), Error> {
    let (files, problems) = workspace.data_files();
    if !problems.is_empty() {
        super::report_problems(&problems);
        return Err(Error::io(
            "some data files were not read, so the next free number is not certain; nothing was \
             written",
        ));
    }
    let loaded = accsm::load::load_files(&files);
    if let Some(d) = loaded
        .diagnostics
        .iter()
        .find(|d| RECORDS_MAY_BE_MISSING.contains(&d.code))
    {
        return Err(Error::usage(format!(
            "{}: {}; a programme may not have been read, so the next free number is not certain",
            render::position(&loaded.sources, d),
            d.message
        ))
        .with_help("correct the data first (`accsm validate` shows every problem)"));
    }
    Ok((files, loaded))
}

/// Whether the data, with `text` in `files[which]`, has no error from byte `start` of that text
/// on (the new programme). The errors it has are printed.
fn valid_with(files: &[PathBuf], which: usize, text: &str, start: usize) -> bool {
    let (checked, id) = check_with_text(files, which, text);
    let style = Style {
        color: output::use_color(),
    };
    let mut valid = true;
    for d in &checked.diagnostics {
        let in_new = d
            .span
            .is_some_and(|s| s.file == id && s.start as usize >= start);
        if in_new && d.severity == Severity::Error {
            output::eprint(&render::human(&checked.sources, d, style));
            valid = false;
        }
    }
    valid
}

/// The line breaks that leave one blank line between the file's last line and the new block.
fn separator(body: &str, nl: &str) -> String {
    let blank_at_end = body.ends_with(&format!("{nl}{nl}")) || body.ends_with("\n\n");
    if body.is_empty() || blank_at_end {
        String::new()
    } else if body.ends_with('\n') {
        nl.to_string()
    } else {
        format!("{nl}{nl}")
    }
}

/// The coordinator's id: a country or a body, by id, name or common spelling.
fn coordinator(data: &Dataset, who: &str) -> Result<String, Error> {
    let catalog = Catalog::new(data);
    let kinds = [RefKind::Country, RefKind::Body];
    if let Some(found) = catalog
        .party_by_name(who)
        .filter(|e| kinds.contains(&e.kind))
    {
        return Ok(found.id.value.to_string());
    }
    let names = catalog.party_names(&kinds);
    let hint = did_you_mean(who, names.iter().map(|(n, _)| n.as_str()))
        .and_then(|name| names.iter().find(|(n, _)| n == name))
        .map(|(name, id)| format!("did you mean {name} (`{id}`)?"));
    let e = Error::usage(format!(
        "no country or body `{}` is known",
        terminal_safe(who)
    ));
    Err(match hint {
        Some(h) => e.with_help(h),
        None => {
            e.with_help("name a country by its ISO alpha-3 code (IDN) or name, or a body (ASEC)")
        }
    })
}

/// One more than the highest number among the plan's programmes (1 for the first).
fn next_number(data: &Dataset, plan: &Plan) -> Result<i64, Error> {
    let highest = data
        .programmes
        .iter()
        .filter(|p| p.plan.value == plan.id.value)
        .map(|p| p.number.value)
        .max()
        .unwrap_or(0);
    highest.checked_add(1).ok_or_else(|| {
        Error::usage(format!(
            "the highest programme number of `{}` is {highest}; there is no next one",
            terminal_safe(&plan.id.value)
        ))
    })
}

/// The file of the plan's highest-numbered programme, or of the plan when it has none.
fn target_file(data: &Dataset, plan: &Plan) -> FileId {
    data.programmes
        .iter()
        .filter(|p| p.plan.value == plan.id.value)
        .max_by_key(|p| p.number.value)
        .map_or(plan.span.file, |p| p.span.file)
}
