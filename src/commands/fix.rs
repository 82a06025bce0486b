//! `accsm fix [--dry-run] [--code CODE]... [PATH...]`: checks the files as `validate` does,
//! applies every fix a finding carries (accsm sets one only when it is certain: a near-miss
//! spelling of an id, a name where the id belongs, a typo with one close id, an APSC line in the
//! wrong list), prints each change as a diff, and checks again. What it cannot fix it lists.
//!
//! A file is changed only if it still holds what was checked, and only if the fixed text parses
//! and keeps every comment (`accsm::edit::apply_fixes`); it is replaced atomically. Fixes can
//! bring others to light, so fixing runs again on the result, up to three rounds (`--dry-run`:
//! the first only). The exit code is 1 while errors remain in the files as the command leaves
//! them, 2 on an I/O failure.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accsm::diag::render::{position, summary};
use accsm::diag::{Code, Diagnostic, Fix, Tally};
use accsm::edit::{WriteError, apply_fixes, replace_file, unified_diff};
use accsm::escape::terminal_safe_lines;
use accsm::load::{Loaded, Schema, display_path};
use accsm::source::{Encoding, FileId, decode_with_encoding};

use crate::cli::FixArgs;
use crate::error::Error;
use crate::output;

/// Rounds of fixing at most: a fix can bring to light a finding that was hidden behind it.
const ROUNDS: usize = 3;

pub fn run(root: Option<&Path>, args: FixArgs) -> Result<ExitCode, Error> {
    let codes = codes(&args.code)?;
    // Files named inside the repository are checked against the whole repository, as
    // `validate FILE` checks them (a programme's plan is in another file), and only they are
    // fixed and reported on.
    let scope = named_in_repository(root, &args.paths);
    let targets = match &scope {
        Some(_) => super::edit_targets(root, &[])?,
        None => super::edit_targets(root, &args.paths)?,
    };
    let mut io_failure = super::report_problems(&targets.problems);
    let schema = accsm::load::schema();
    let check = |files: &[PathBuf]| {
        let mut loaded = check(files);
        if let Some(named) = &scope {
            restrict(&mut loaded, named);
        }
        loaded
    };
    let mut loaded = check(&targets.files);
    let before = Tally::of(&loaded.diagnostics);
    let mut fixed = 0;
    let mut files_changed: Vec<PathBuf> = Vec::new();
    let mut refused: Vec<(Diagnostic, String)> = Vec::new();
    let mut log = output::WorkLog::default();
    for _ in 0..ROUNDS {
        let round = fix_round(&loaded, &codes, &schema, &targets, args.dry_run, &mut log)?;
        io_failure |= round.io_failure;
        refused = round.refused;
        fixed += round.fixed;
        for path in round.changed {
            if !files_changed.contains(&path) {
                files_changed.push(path);
            }
        }
        if args.dry_run || round.fixed == 0 {
            break;
        }
        loaded = check(&targets.files);
    }
    let after = Tally::of(&loaded.diagnostics);
    report(
        &loaded,
        &refused,
        fixed,
        files_changed.len(),
        args.dry_run,
        &mut log,
    )?;
    if !args.dry_run && fixed > 0 {
        let files = loaded.sources.len();
        log.print(&format!(
            "before: {}\nafter:  {}\n",
            summary(before, files),
            summary(after, files)
        ))?;
    }
    output::skip_freeing(loaded);
    Ok(if io_failure {
        ExitCode::from(2)
    } else if after.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The codes named with `--code`; none means every code.
fn codes(names: &[String]) -> Result<Vec<Code>, Error> {
    names
        .iter()
        .map(|name| {
            Code::ALL
                .iter()
                .copied()
                .find(|c| c.as_str() == name.trim())
                .ok_or_else(|| {
                    let known = Code::ALL.iter().map(|c| c.as_str());
                    let e = Error::usage(format!("no finding code `{name}` is known"));
                    match accsm::spelling::did_you_mean(name, known) {
                        Some(s) => e.with_help(format!("did you mean `{s}`?")),
                        None => e.with_help("`accsm rules` lists the codes"),
                    }
                })
        })
        .collect()
}

/// The paths named, resolved, where they all lie in the repository's data folders; `None` for
/// none named, or for paths outside any repository (checked on their own).
fn named_in_repository(root: Option<&Path>, paths: &[PathBuf]) -> Option<Vec<PathBuf>> {
    if paths.is_empty() {
        return None;
    }
    let workspace = accsm::load::workspace::Workspace::open(root).ok()?;
    if !paths.iter().all(|p| workspace.holds(p)) {
        return None;
    }
    paths.iter().map(|p| p.canonicalize().ok()).collect()
}

/// Keeps the findings in the files under `named` (and those in no file).
fn restrict(loaded: &mut Loaded, named: &[PathBuf]) {
    let keep = |d: &Diagnostic| {
        let Some(span) = d.span else {
            return true;
        };
        loaded
            .sources
            .path(span.file)
            .canonicalize()
            .is_ok_and(|real| named.iter().any(|n| real.starts_with(n)))
    };
    let diagnostics: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| keep(d))
        .cloned()
        .collect();
    let accepted = loaded
        .accepted
        .iter()
        .filter(|a| keep(&a.diagnostic))
        .cloned()
        .collect();
    loaded.diagnostics = diagnostics;
    loaded.accepted = accepted;
}

/// Loads and checks the files, as `validate` does; file ids follow the order of `files`. A
/// finding the data accepts (`# accsm: allow(code) reason`) is neither fixed nor listed: it
/// records a published form kept on purpose.
fn check(files: &[PathBuf]) -> Loaded {
    accsm::check::check_loaded(accsm::load::load_files(files), Vec::new())
}

struct Round {
    fixed: usize,
    changed: Vec<PathBuf>,
    refused: Vec<(Diagnostic, String)>,
    io_failure: bool,
}

/// One round: every fix of `loaded` applied, file by file, and each change printed as a diff.
fn fix_round(
    loaded: &Loaded,
    codes: &[Code],
    schema: &Schema,
    targets: &super::Targets,
    dry_run: bool,
    log: &mut output::WorkLog,
) -> Result<Round, Error> {
    let mut round = Round {
        fixed: 0,
        changed: Vec::new(),
        refused: Vec::new(),
        io_failure: false,
    };
    for (file, fixes) in fixes_by_file(loaded, codes, &mut round.refused) {
        let (path, boundary) = (
            &targets.files[file.0 as usize],
            &targets.boundaries[file.0 as usize],
        );
        let shown = display_path(path).display().to_string();
        let refuse_all = |round: &mut Round, why: &str| {
            for (n, _) in &fixes {
                round
                    .refused
                    .push((loaded.diagnostics[*n].clone(), why.to_string()));
            }
        };
        // The text the spans point into, if the file still holds it.
        let bytes = std::fs::read(path).ok();
        let decoded = bytes.clone().and_then(|b| decode_with_encoding(b).ok());
        let parsed = loaded.sources.get(file).map(|f| f.text.as_str());
        let same = decoded.filter(|(t, _)| Some(t.as_str()) == parsed);
        let (Some(bytes), Some((text, encoding))) = (bytes, same) else {
            refuse_all(&mut round, "the file changed while accsm was checking it");
            continue;
        };
        // As `fmt` does: a UTF-16 file is left as it is rather than rewritten in another
        // encoding behind the user's back (`validate` says to save it as UTF-8).
        if encoding == Encoding::Utf16 {
            refuse_all(
                &mut round,
                "the file is UTF-16 text; save it as UTF-8 in your editor and run `accsm fix` again",
            );
            continue;
        }
        let numbered: Vec<(usize, &Fix)> = fixes.iter().map(|(n, f)| (*n, *f)).collect();
        let result = apply_fixes(&text, &numbered, schema);
        for (n, why) in &result.refused {
            round
                .refused
                .push((loaded.diagnostics[*n].clone(), why.clone()));
        }
        if result.applied.is_empty() || result.text == text {
            continue;
        }
        let diff = unified_diff(&text, &result.text, &shown, &format!("{shown} (fixed)"));
        log.print(&terminal_safe_lines(&diff))?;
        if !dry_run {
            let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
                "\u{feff}"
            } else {
                ""
            };
            match replace_file(boundary, path, &bytes, &format!("{bom}{}", result.text)) {
                Err(e) => {
                    round.io_failure |=
                        matches!(e, WriteError::Io { .. } | WriteError::ReadOnly(_));
                    output::eprint(&format!("error: {}\n", terminal_safe_lines(&e.to_string())));
                    refuse_all(&mut round, "the file could not be written");
                    continue;
                }
                Ok(written) if written.split_links => output::note(&format!(
                    "{} had other hard links; they keep the text it had",
                    path.display()
                )),
                Ok(_) => {}
            }
        }
        round.fixed += result.applied.len();
        round.changed.push(path.clone());
    }
    Ok(round)
}

type FileFixes<'a> = Vec<(usize, &'a Fix)>;

/// The fixes of the findings (of `codes`, if any are named), by the file they change. A fix that
/// would change several files, or another file than its finding's, is refused.
fn fixes_by_file<'a>(
    loaded: &'a Loaded,
    codes: &[Code],
    refused: &mut Vec<(Diagnostic, String)>,
) -> BTreeMap<FileId, FileFixes<'a>> {
    let mut by_file: BTreeMap<FileId, FileFixes<'a>> = BTreeMap::new();
    for (n, d) in loaded.diagnostics.iter().enumerate() {
        let (Some(fix), Some(span)) = (&d.fix, d.span) else {
            continue;
        };
        if !codes.is_empty() && !codes.contains(&d.code) {
            continue;
        }
        let one_file = fix.edits.iter().all(|e| match e {
            accsm::diag::Edit::ReplaceValue { span: s, .. }
            | accsm::diag::Edit::MoveToList { span: s, .. } => s.file == span.file,
        });
        if !one_file {
            refused.push((d.clone(), "the fix would change another file".to_string()));
            continue;
        }
        by_file.entry(span.file).or_default().push((n, fix));
    }
    by_file
}

/// What was fixed, and every finding that remains, one line each.
fn report(
    loaded: &Loaded,
    refused: &[(Diagnostic, String)],
    fixed: usize,
    files: usize,
    dry_run: bool,
    log: &mut output::WorkLog,
) -> Result<(), Error> {
    let files_word = if files == 1 { "file" } else { "files" };
    let findings_word = if fixed == 1 { "finding" } else { "findings" };
    let mut text = if fixed == 0 {
        "nothing to fix that accsm is certain of\n".to_string()
    } else if dry_run {
        format!("would fix {fixed} {findings_word} in {files} {files_word}\n")
    } else {
        format!("fixed {fixed} {findings_word} in {files} {files_word}\n")
    };
    let remaining: Vec<&Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| !dry_run || d.fix.is_none() || refused.iter().any(|(r, _)| same_finding(r, d)))
        .collect();
    if !remaining.is_empty() && dry_run {
        text.push_str(&format!(
            "findings accsm has no fix for ({}; some may go with the fixes above):\n",
            remaining.len()
        ));
    } else if !remaining.is_empty() {
        text.push_str(&format!("what accsm cannot fix ({}):\n", remaining.len()));
    }
    for d in remaining {
        let why = refused
            .iter()
            .find(|(r, _)| same_finding(r, d))
            .map(|(_, why)| format!(" (not fixed: {why})"))
            .unwrap_or_default();
        let line = format!(
            "  {}: {}[{}]: {}{why}\n",
            position(&loaded.sources, d),
            d.severity.as_str(),
            d.code.as_str(),
            d.message
        );
        text.push_str(&terminal_safe_lines(&line));
    }
    log.print(&text)
}

fn same_finding(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.code == b.code && a.span == b.span && a.message == b.message
}
