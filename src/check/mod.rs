//! The rules `accsm validate` checks once the files are loaded: unique ids, references that
//! resolve, and the consistency rules of the work-plan template, one file per family of rules.
//! See the finding catalogue, docs/reference/findings.md.

mod arcs;
mod budget;
mod framework;
mod ids;
mod kpis;
mod organisations;
mod plans;
mod programmes;
pub mod returns;
pub use programmes::title_key;
mod timeline;
pub mod updates;

pub use plans::resolve_plan;
pub use returns::PERCENT_ROUNDING;

use std::path::PathBuf;

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic, accept};
use crate::load::Loaded;
use crate::load::cache::Cache;
use crate::load::workspace::Workspace;
use crate::lookup::{Catalog, Unsure};
use crate::model::{Dataset, RefEntry, RefKind, Text};
use crate::source::Span;

/// Loads the given files and folders and checks them: the whole of `accsm validate PATH…` short
/// of printing. Findings are sorted by file and position. Symbolic links inside a folder may not
/// lead out of it.
pub fn check_paths(paths: &[PathBuf]) -> Loaded {
    check_files(crate::load::workspace::collect_files(paths, None))
}

/// [`check_paths`] for a repository's own data folders, which must stay inside the repository.
pub fn check_workspace(workspace: &Workspace) -> Loaded {
    check_files(workspace.data_files())
}

/// [`check_workspace`], taking from `cache` the records of the files it holds unchanged (see
/// [`crate::load::cache`]): the same findings, every rule run on every record.
/// The cache is let go once the files are loaded, before the rules run.
pub fn check_workspace_cached(workspace: &Workspace, cache: Option<Cache>) -> Loaded {
    let (files, problems) = workspace.data_files();
    match cache {
        Some(cache) => {
            let loaded = crate::load::cache::load_files(&files, &cache);
            drop(cache);
            check_loaded(loaded, problems)
        }
        None => check_files((files, problems)),
    }
}

fn check_files((files, problems): (Vec<PathBuf>, Vec<Diagnostic>)) -> Loaded {
    check_loaded(crate::load::load_files(&files), problems)
}

/// Checks data already loaded (by a report, or from the built-in data) as `validate` does: the
/// rules, then the acceptances of the data's `# accsm: allow` comments. `problems` are findings
/// of the file walk to report with them.
pub fn check_loaded(mut loaded: Loaded, mut problems: Vec<Diagnostic>) -> Loaded {
    // A value TOML cannot read drops its record (a plan whose title has no closing quote): the
    // file is then not wholly read, and what follows only from the missing record (a reference
    // to it, an allow comment that finds nothing to accept) is not reported.
    for d in &loaded.diagnostics {
        if let Some(span) = d.span.filter(|_| d.code == Code::Syntax) {
            if !loaded.unread.iter().any(|(f, _)| *f == span.file) {
                loaded
                    .unread
                    .push((span.file, crate::load::Unread::Table(None)));
            }
        }
    }
    problems.append(&mut loaded.diagnostics);
    let (found, withheld) = validate_with(&loaded.dataset, Unsure::of(&loaded.unread));
    problems.extend(found);
    if withheld > 0 {
        problems.extend(withheld_note(&loaded, withheld));
    }
    // An allow may accept a finding that only the part of the data left unread would give (a
    // timeline outside a plan the broken file defines): none is called unused until every
    // file is read in full.
    let (mut shown, accepted) = accept::apply(&loaded.allows, problems);
    if !loaded.unread.is_empty() {
        shown.retain(|d| d.code != Code::UnusedAllow);
    }
    shown.sort_by_key(|d| (d.span.map(|s| (s.file, s.start)), d.path.clone(), d.code));
    loaded.diagnostics = shown;
    loaded.accepted = accepted;
    loaded
}

/// One note for the references not checked because what they name may be in a file, or a
/// table of one, that could not be read.
fn withheld_note(loaded: &Loaded, withheld: usize) -> Option<Diagnostic> {
    let (file, _) = loaded.unread.first()?;
    let path = loaded.sources.path(*file).to_path_buf();
    let (count, them) = if withheld == 1 {
        ("1 reference".to_string(), "it")
    } else {
        (format!("{withheld} references"), "them")
    };
    Some(
        Diagnostic::for_path(
            Code::UnknownReference,
            &path,
            format!(
                "{count} to ids accsm does not know were not reported: {} could not be read \
                 in full, and may define {them}",
                path.display()
            ),
        )
        .with_severity(crate::diag::Severity::Note)
        .with_help("correct the file above; the next run checks every reference"),
    )
}

/// Programmes checked by one task; big enough that handing out tasks costs nothing measurable.
const PROGRAMMES_PER_TASK: usize = 2048;

const PARTIES: &[RefKind] = &[RefKind::Country, RefKind::Body, RefKind::Group];
const COORDINATORS: &[RefKind] = &[RefKind::Country, RefKind::Body];
const AREAS: &[RefKind] = &[RefKind::PriorityArea, RefKind::ThematicArea];

/// Runs every rule over a loaded data set and returns the findings.
pub fn validate(data: &Dataset) -> Vec<Diagnostic> {
    validate_with(data, Unsure::default()).0
}

/// [`validate`] for a data set that may lack what could not be read: references to it are not
/// reported as unknown, but counted (the second value).
pub fn validate_with(data: &Dataset, unsure: Unsure) -> (Vec<Diagnostic>, usize) {
    let catalog = Catalog::new(data).with_unsure(unsure);
    let mut out = Vec::new();
    ids::check_unique_ids(data, &mut out);
    arcs::check_reference_lists(data, &catalog, &mut out);
    framework::check_frameworks(data, &catalog, &mut out);
    arcs::check_arcs(data, &catalog, &mut out);
    for plan in &data.plans {
        plans::check_plan(data, plan, &catalog, &mut out);
    }
    plans::check_plan_aliases(&data.plans, &mut out);
    let plans = plans::PlanIndex::new(data, &catalog);
    // Programmes are checked in chunks on several threads. Findings and title keys are taken in
    // programme order, so they come out as if the programmes were checked one after another.
    let checked: Vec<(Vec<Diagnostic>, Vec<u64>)> = crate::load::parallel(|| {
        data.programmes
            .par_chunks(PROGRAMMES_PER_TASK)
            .map(|chunk| {
                let mut found = Vec::new();
                let keys: Vec<u64> = chunk
                    .iter()
                    .map(|p| {
                        programmes::check_programme(data, &catalog, &plans, p, &mut found);
                        programmes::title_hash(&p.title.value)
                    })
                    .collect();
                (found, keys)
            })
            .collect()
    });
    let mut titles = Vec::with_capacity(data.programmes.len());
    for (mut found, keys) in checked {
        out.append(&mut found);
        titles.extend(keys);
    }
    programmes::check_same_programme_in_plans(data, titles, &mut out);
    programmes::check_spelling(data, &mut out);
    kpis::check_kpis(data, &catalog, &mut out);
    returns::check_returns(data, &catalog, &mut out);
    updates::check_updates(data, &catalog, &mut out);
    (out, catalog.withheld())
}

fn resolve<'a>(
    catalog: &Catalog<'a>,
    value: &Text,
    kinds: &[RefKind],
    out: &mut Vec<Diagnostic>,
) -> Option<&'a RefEntry> {
    let (entry, finding) = catalog.resolve(value, kinds);
    out.extend(finding);
    entry
}

/// A span from the start of the first value to the end of the last (all in one file).
pub(crate) fn covering(values: &[&Text]) -> Option<Span> {
    let first = values.first()?;
    let last = values.last()?;
    Some(Span {
        end: last.span.end.max(first.span.start),
        ..first.span
    })
}

pub(crate) fn id_list(values: &[&Text]) -> String {
    values
        .iter()
        .map(|v| format!("`{}`", v.value))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn duplicate(out: &mut Vec<Diagnostic>, what: &str, span: Span, first: Span) {
    out.push(
        Diagnostic::new(Code::DuplicateId, span, format!("{what} is defined twice"))
            .with_label("defined again here")
            .with_related(first, "first defined here")
            .with_help("remove one of them, or give this one its own id"),
    );
}

/// The second and later copies of an entry in one list.
fn repeated_entries(list: &[Text], out: &mut Vec<Diagnostic>) {
    for (i, t) in list.iter().enumerate() {
        let Some(first) = list[..i].iter().find(|f| f.value == t.value) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                Code::DuplicateEntry,
                t.span,
                format!("`{}` is listed twice", t.value),
            )
            .with_label("listed again here")
            .with_related(first.span, "first listed here")
            .with_help(format!("remove the second `{}`", t.value)),
        );
    }
}
