//! `accsm new update PLAN/NUMBER --status STATUS --meeting TEXT`: writes one progress update,
//! `updates/<plan>/<number>/<date>.toml`, after checking it with the rest of the data as
//! `validate` would; nothing is written when it has an error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accsm::diag::Severity;
use accsm::diag::render::{self, Style};
use accsm::edit::{NewUpdate, check_with_text, update_text, write_new};
use accsm::escape::terminal_safe;
use accsm::load::display_path;
use accsm::load::workspace::Workspace;

use crate::cli::NewUpdateArgs;
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: NewUpdateArgs) -> Result<ExitCode, Error> {
    let workspace = super::open_workspace(root, "")?;
    let (files, problems) = workspace.data_files();
    if super::report_problems(&problems) {
        return Err(Error::io(
            "some data files could not be read; nothing was written",
        ));
    }
    let loaded = accsm::load::load_files(&files);
    let data = &loaded.dataset;
    let programme = super::show::find(data, &args.programme)?;
    let date = match &args.date {
        Some(d) => {
            let parsed = super::progress::date("--date", d)?;
            if !parsed.has_month() {
                return Err(Error::usage(format!("--date {parsed} gives a year only"))
                    .with_help("date an update by the month (2024-08) or the day (2024-08-20)"));
            }
            parsed
        }
        None => accsm::dates::today(),
    };
    let plan = programme.plan.value.to_string();
    super::new::plain_name(
        &plan,
        "plan",
        "updates",
        "give the plan an id of letters, digits and hyphens",
    )?;
    let update = NewUpdate {
        plan,
        number: programme.number.value,
        date: date.to_string(),
        status: args.status.clone(),
        meeting: args.meeting.clone(),
        text: args.text.clone(),
        note: args.note.clone(),
        participants: args.participants,
        ams: args.ams.clone(),
        cost: args.cost,
        currency: args.currency.clone(),
        links: args.link.clone(),
    };
    let text = update_text(&update, &programme.title.value);
    let path = args
        .out
        .clone()
        .unwrap_or_else(|| workspace.update_path(&update.plan, update.number, &update.date));
    refuse_existing(&path)?;
    if !valid(&workspace, &files, &path, &text) {
        output::eprint("error: the update would not be valid; nothing was written\n");
        return Ok(ExitCode::from(1));
    }
    write_new(&workspace.root, &path, &text)?;
    let shown = display_path(&path).display().to_string();
    output::print(&format!("wrote {}\n", terminal_safe(&shown)))?;
    Ok(ExitCode::SUCCESS)
}

/// An update already written for that programme and date is never replaced.
pub fn refuse_existing(path: &Path) -> Result<(), Error> {
    if path.exists() || path.is_symlink() {
        let shown = display_path(path).display().to_string();
        return Err(Error::usage(format!(
            "{} already exists: that programme has an update of that date",
            terminal_safe(&shown)
        ))
        .with_help("give the day with --date (2024-08-20) if it is another update, or correct the one that is there"));
    }
    Ok(())
}

/// Whether the data with the new file at `path` has no error in it; its findings are printed.
fn valid(workspace: &Workspace, files: &[PathBuf], path: &Path, text: &str) -> bool {
    let _ = workspace;
    let mut all = files.to_vec();
    all.push(path.to_path_buf());
    let (checked, id) = check_with_text(&all, files.len(), text);
    let style = Style {
        color: output::use_color(),
    };
    let mut valid = true;
    for d in checked
        .diagnostics
        .iter()
        .filter(|d| d.span.is_some_and(|s| s.file == id))
    {
        output::eprint(&render::human(&checked.sources, d, style));
        if d.severity == Severity::Error {
            valid = false;
        }
    }
    valid
}
