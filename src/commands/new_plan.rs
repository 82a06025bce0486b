//! `accsm new plan NEW --from OLD [--period START-END] [--framework ID] [--carry-over
//! [--status S]…] [--kpis]`: the next plan's file beside the old plan's, and with `--kpis` its KPI
//! framework copied (see `accsm::edit::next_plan_file`). Nothing is written unless the data, with
//! the new files, has no error in them; the findings that remain (programmes still citing the old
//! framework) are summed up.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accsm::diag::{Code, Severity};
use accsm::edit::{NextPlan, next_kpis_file, next_plan_file, write_new};
use accsm::escape::terminal_safe;
use accsm::load::workspace::Workspace;
use accsm::model::{Dataset, Status};
use accsm::query::NOT_REPORTED;

use crate::cli::NewPlanArgs;
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: NewPlanArgs) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(root)?;
    let (files, problems) = workspace.data_files();
    if !problems.is_empty() {
        super::report_problems(&problems);
        return Err(Error::io(
            "some data files were not read; nothing was written",
        ));
    }
    let loaded = accsm::load::load_files(&files);
    let data = &loaded.dataset;
    plain_plan_id(&args.id)?;
    if data.plan(&args.id).is_some() {
        return Err(Error::usage(format!(
            "the plan `{}` is already in the repository",
            terminal_safe(&args.id)
        )));
    }
    let old = accsm::query::kpi_plan(data, Some(&args.from))?;
    let (start, end) = period(old, args.period.as_deref())?;
    let framework = framework(data, old, args.framework.as_deref())?;
    let carry = if args.carry_over {
        statuses(&args.status)?
    } else {
        if !args.status.is_empty() {
            return Err(Error::usage(
                "--status chooses what --carry-over carries: add --carry-over",
            ));
        }
        Vec::new()
    };
    let next = NextPlan {
        id: &args.id,
        from: old,
        start,
        end,
        framework: framework.as_deref(),
        carry,
    };
    let text_of = |file: accsm::source::FileId| -> Option<String> {
        std::fs::read_to_string(loaded.sources.path(file))
            .ok()
            .or_else(|| {
                files
                    .get(file.0 as usize)
                    .and_then(|p| std::fs::read_to_string(p).ok())
            })
    };
    let made = next_plan_file(data, &next, &text_of).map_err(|e| Error::usage(e.0))?;
    let kpis = if args.kpis {
        next_kpis_file(data, &next, &text_of).map_err(|e| Error::usage(e.0))?
    } else {
        None
    };
    let folder = loaded
        .sources
        .path(old.span.file)
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let plan_path = folder.join(format!("{}.toml", args.id));
    let kpi_path = kpi_folder(data, &loaded, old).join(format!("kpis-{}.toml", args.id));
    let mut written: Vec<(PathBuf, String)> = vec![(plan_path, made.plan)];
    if let Some(k) = kpis {
        written.push((kpi_path, k));
    }
    for (path, _) in &written {
        if path.exists() {
            return Err(Error::usage(format!(
                "{} exists; nothing was written",
                terminal_safe(&path.display().to_string())
            )));
        }
    }
    // Acceptances of findings the carried-over programmes no longer have become plain comments.
    let (_, _, unused) = check_new(&files, &written, false);
    for (i, lines) in unused {
        if let Some((_, text)) = written.get_mut(i) {
            *text = accsm::edit::retire_allows(text, &lines, &old.id.value);
        }
    }
    let (errors, remap, _) = check_new(&files, &written, true);
    if errors > 0 {
        output::eprint("error: the new plan would not be valid; nothing was written\n");
        return Ok(ExitCode::from(1));
    }
    for (path, text) in &written {
        write_new(&workspace.root, path, text)?;
        let shown = accsm::load::display_path(path).display().to_string();
        output::print(&format!("wrote {}\n", terminal_safe(&shown)))?;
    }
    if !made.carried.is_empty() {
        let pairs: Vec<String> = made
            .carried
            .iter()
            .map(|(o, n)| format!("{o}→{n}"))
            .collect();
        output::print(&format!(
            "carried over {} programmes of `{}` (old→new number): {}\n",
            made.carried.len(),
            terminal_safe(&old.id.value),
            pairs.join(", ")
        ))?;
    }
    if remap > 0 {
        output::print(&format!(
            "{remap} citations of another framework to map to the plan's framework: `accsm \
             validate` lists them (cites-other-framework)\n"
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The folder of the old plan's KPIs, else the data folder of the plan.
fn kpi_folder(data: &Dataset, loaded: &accsm::load::Loaded, old: &accsm::model::Plan) -> PathBuf {
    let file = data
        .kpis
        .iter()
        .find(|k| k.plan.value == old.id.value)
        .map_or(old.span.file, |k| k.span.file);
    loaded
        .sources
        .path(file)
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// `--period`, or the years after the old plan's, as many as it had.
fn period(old: &accsm::model::Plan, typed: Option<&str>) -> Result<(i64, i64), Error> {
    let Some(typed) = typed else {
        let length = old.end.value - old.start.value;
        let start = old.end.value + 1;
        return Ok((start, start + length));
    };
    let parsed = typed
        .split_once('-')
        .and_then(|(a, b)| Some((a.trim().parse::<i64>().ok()?, b.trim().parse::<i64>().ok()?)));
    match parsed {
        Some((a, b)) if (1900..=2200).contains(&a) && a <= b && b - a < 20 => Ok((a, b)),
        _ => Err(
            Error::usage(format!("`{}` is not a period", terminal_safe(typed)))
                .with_help("write the first and last year, e.g. --period 2026-2030"),
        ),
    }
}

/// `--framework`, else the one framework the data has besides the old plan's (the ASCC Strategic
/// Plan after the ASCC Blueprint 2025), else the old plan's.
fn framework(
    data: &Dataset,
    old: &accsm::model::Plan,
    typed: Option<&str>,
) -> Result<Option<String>, Error> {
    if let Some(id) = typed {
        return match data.framework(id) {
            Some(f) => Ok(Some(f.id.value.to_string())),
            None => {
                let ids: Vec<&str> = data
                    .frameworks
                    .iter()
                    .map(|f| f.id.value.as_str())
                    .collect();
                Err(Error::usage(format!(
                    "no results framework `{}` is known",
                    terminal_safe(id)
                ))
                .with_help(format!("the frameworks are: {}", ids.join(", "))))
            }
        };
    }
    let own = data.framework_of(old).map(|f| f.id.value.as_str());
    let others: Vec<&str> = data
        .frameworks
        .iter()
        .map(|f| f.id.value.as_str())
        .filter(|f| Some(*f) != own)
        .collect();
    Ok(match others.as_slice() {
        [one] => Some(one.to_string()),
        _ => own.map(str::to_string),
    })
}

/// `--status` values (default: every status but completed, and not reported).
fn statuses(typed: &[String]) -> Result<Vec<Option<Status>>, Error> {
    if typed.is_empty() {
        return Ok(vec![Some(Status::Planned), Some(Status::Ongoing), None]);
    }
    typed
        .iter()
        .flat_map(|t| t.split(','))
        .map(|t| {
            let t = t.trim();
            if t == NOT_REPORTED {
                return Ok(None);
            }
            Status::ALL
                .iter()
                .copied()
                .find(|s| s.as_str() == t)
                .map(Some)
                .ok_or_else(|| {
                    Error::usage(format!("`{}` is not a status", terminal_safe(t))).with_help(
                        format!("write one of: {}", accsm::query::status_values().join(", ")),
                    )
                })
        })
        .collect()
}

/// The errors in the new files (printed when `print`), how many findings say a programme cites
/// another framework, and the lines of unused acceptances in each new file (by its index).
fn check_new(
    files: &[PathBuf],
    written: &[(PathBuf, String)],
    print: bool,
) -> (usize, usize, Vec<(usize, Vec<usize>)>) {
    let mut loaded = accsm::load::load_files(files);
    // `check_loaded` takes the reading findings with the rules'.
    let mut new_ids = Vec::new();
    for (path, text) in written {
        let id = loaded
            .sources
            .add(accsm::source::SourceFile::new(path.clone(), text.clone()));
        let mut found = Vec::new();
        let mut ctx = accsm::load::read::Ctx::new(id, &mut found);
        let data = accsm::load::parse_file(&mut ctx, text);
        let allows = std::mem::take(&mut ctx.allows);
        loaded.allows.extend(allows);
        loaded.dataset.extend(data);
        loaded.diagnostics.append(&mut found);
        new_ids.push(id);
    }
    loaded.dataset.settle_frameworks();
    let loaded = accsm::check::check_loaded(loaded, Vec::new());
    let style = accsm::diag::render::Style {
        color: output::use_color(),
    };
    let mut errors = 0;
    let mut remap = 0;
    let mut unused: Vec<(usize, Vec<usize>)> = Vec::new();
    for d in &loaded.diagnostics {
        let Some(span) = d.span.filter(|s| new_ids.contains(&s.file)) else {
            continue;
        };
        if d.code == Code::CitesOtherFramework {
            remap += 1;
        } else if d.code == Code::UnusedAllow {
            let i = new_ids.iter().position(|f| *f == span.file).unwrap_or(0);
            let line = loaded
                .sources
                .get(span.file)
                .map_or(0, |f| f.location(span.start).line);
            match unused.iter_mut().find(|(j, _)| *j == i) {
                Some((_, lines)) => lines.push(line),
                None => unused.push((i, vec![line])),
            }
        } else if d.severity == Severity::Error {
            if print {
                output::eprint(&accsm::diag::render::human(&loaded.sources, d, style));
            }
            errors += 1;
        }
    }
    (errors, remap, unused)
}

/// A plan id names a file: letters, digits, `-` and `_` only.
fn plain_plan_id(id: &str) -> Result<(), Error> {
    if super::new::is_plain_id(id) {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "`{}` is not a plan id: it names the plan's file, so it may hold only letters, \
             digits, `-` and `_`",
            terminal_safe(id)
        ))
        .with_help("e.g. accsm new plan accsm-2026-2030 --from accsm-2021-2025"))
    }
}
