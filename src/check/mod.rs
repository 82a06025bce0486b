//! The rules `accsm validate` checks once the files are loaded: unique ids, references that
//! resolve, and the consistency rules of the work-plan template, one file per family of rules.
//! See the README's rule catalogue.

mod arcs;
mod budget;
mod ids;
mod kpis;
mod plans;
mod programmes;
pub mod references;
pub mod returns;
mod timeline;

pub use plans::resolve_plan;

use std::path::PathBuf;

use rayon::prelude::*;

use crate::diag::{Code, Diagnostic};
use crate::load::Loaded;
use crate::load::workspace::Workspace;
use crate::model::{Dataset, RefEntry, RefKind, Text};
use crate::source::Span;
use references::Catalog;

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

fn check_files((files, mut problems): (Vec<PathBuf>, Vec<Diagnostic>)) -> Loaded {
    let mut loaded = crate::load::load_files(&files);
    problems.append(&mut loaded.diagnostics);
    problems.extend(validate(&loaded.dataset));
    problems.sort_by_key(|d| (d.span.map(|s| (s.file, s.start)), d.path.clone(), d.code));
    loaded.diagnostics = problems;
    loaded
}

/// Programmes checked by one task; big enough that handing out tasks costs nothing measurable.
const PROGRAMMES_PER_TASK: usize = 2048;

const PARTIES: &[RefKind] = &[RefKind::Country, RefKind::Body, RefKind::Group];
const COORDINATORS: &[RefKind] = &[RefKind::Country, RefKind::Body];
const AREAS: &[RefKind] = &[RefKind::PriorityArea, RefKind::ThematicArea];

/// Runs every rule over a loaded data set and returns the findings.
pub fn validate(data: &Dataset) -> Vec<Diagnostic> {
    let catalog = Catalog::new(data);
    let mut out = Vec::new();
    ids::check_unique_ids(data, &mut out);
    arcs::check_reference_lists(data, &catalog, &mut out);
    arcs::check_arcs(data, &catalog, &mut out);
    for plan in &data.plans {
        plans::check_plan(plan, &catalog, &mut out);
    }
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
    kpis::check_kpis(data, &catalog, &mut out);
    returns::check_returns(data, &catalog, &mut out);
    out
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
