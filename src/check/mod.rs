//! The rules `accsm validate` checks once the files are loaded: unique ids, references that
//! resolve, and the consistency rules of the work-plan template, one file per family of rules.
//! See the finding catalogue, docs/reference/findings.md.

mod arcs;
mod budget;
mod by_file;
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

use crate::diag::{Code, Diagnostic, Tally, accept};
use crate::load::Loaded;
use crate::load::cache::{Cache, PackedUpdates};
use crate::load::workspace::Workspace;
use crate::lookup::{Catalog, Unsure};
use crate::model::{Dataset, Programme, ProgressUpdate, RefEntry, RefKind, Text};
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

/// [`check_workspace`], taking from `cache` what it holds of the files that did not change
/// (see [`crate::load::cache`]): the same findings. A large repository is checked file by
/// file ([`by_file`]); the data set of the result then holds only the records of the files
/// that give more than programmes and progress updates.
pub fn check_workspace_cached(workspace: &Workspace, cache: Option<Cache>) -> Loaded {
    let (files, problems) = workspace.data_files();
    if !crate::load::is_large(&files) || !by_file_wanted() {
        return check_files((files, problems));
    }
    match by_file::check(&files, cache.as_ref()) {
        Some((loaded, found, withheld)) => finish(loaded, problems, found, withheld),
        None => check_files((files, problems)),
    }
}

/// Whether a large repository is checked file by file: yes, unless `ACCSM_BY_FILE=off`, which
/// the tests set to compare it with a run that reads every file at once.
fn by_file_wanted() -> bool {
    std::env::var("ACCSM_BY_FILE").map_or(true, |v| v.trim() != "off")
}

/// Loads and checks `files` as `validate` does (`problems`: findings of the walk that found
/// them), keeping every record: the programmes in the data set, each with its current status,
/// and the progress updates packed, the data set's own list of them left empty. What `accsm
/// site` is built from: a large repository is read file by file ([`by_file`]), its updates
/// packed as each file is checked, so that no moment of the run holds all of them whole. Also
/// gives how many errors reading the files found, before the rules ran.
pub fn check_keeping_records(
    files: &[PathBuf],
    problems: Vec<Diagnostic>,
) -> (Loaded, PackedUpdates, usize) {
    let reading = |l: &Loaded| Tally::of(&l.diagnostics).errors + Tally::of(&problems).errors;
    if crate::load::is_large(files) && by_file_wanted() {
        if let Some((loaded, found, withheld, packed)) = by_file::check_keeping(files, None, true) {
            let errors = reading(&loaded);
            return (finish(loaded, problems, found, withheld), packed, errors);
        }
    }
    let loaded = crate::load::load_files(files);
    let errors = reading(&loaded);
    let mut loaded = check_loaded(loaded, problems);
    let packed = PackedUpdates::of(&std::mem::take(&mut loaded.dataset.updates));
    (loaded, packed, errors)
}

fn check_files((files, problems): (Vec<PathBuf>, Vec<Diagnostic>)) -> Loaded {
    check_loaded(crate::load::load_files(&files), problems)
}

/// Checks data already loaded (by a report, or from the built-in data) as `validate` does: the
/// rules, then the acceptances of the data's `# accsm: allow` comments. `problems` are findings
/// of the file walk to report with them.
pub fn check_loaded(mut loaded: Loaded, problems: Vec<Diagnostic>) -> Loaded {
    mark_unread(&mut loaded);
    let (found, withheld) = validate_with(&loaded.dataset, Unsure::of(&loaded.unread));
    finish(loaded, problems, found, withheld)
}

/// A value TOML cannot read drops its record (a plan whose title has no closing quote): the
/// file is then not wholly read, and what follows only from the missing record (a reference to
/// it, an allow comment that finds nothing to accept) is not reported.
fn mark_unread(loaded: &mut Loaded) {
    for d in &loaded.diagnostics {
        if let Some(span) = d.span.filter(|_| d.code == Code::Syntax) {
            if !loaded.unread.iter().any(|(f, _)| *f == span.file) {
                loaded
                    .unread
                    .push((span.file, crate::load::Unread::Table(None)));
            }
        }
    }
}

/// The findings of reading (`loaded`'s) and of the walk (`problems`) with those of the rules
/// (`found`, and `withheld` references not reported), the allow comments applied.
fn finish(
    mut loaded: Loaded,
    mut problems: Vec<Diagnostic>,
    found: Vec<Diagnostic>,
    withheld: usize,
) -> Loaded {
    problems.append(&mut loaded.diagnostics);
    problems.extend(found);
    if withheld > 0 {
        problems.extend(withheld_note(&loaded, withheld));
    }
    // The rules run in chunks and, with the cache, file by file: the order they give findings
    // in is not theirs to decide. In one order, an allow accepts the same findings in the
    // same order however they were found.
    problems.sort_by(in_order);
    // An allow may accept a finding that only the part of the data left unread would give (a
    // timeline outside a plan the broken file defines): none is called unused until every
    // file is read in full.
    let (mut shown, accepted) = accept::apply(&loaded.allows, problems);
    if !loaded.unread.is_empty() {
        shown.retain(|d| d.code != Code::UnusedAllow);
    }
    shown.sort_by(in_order);
    loaded.diagnostics = shown;
    loaded.accepted = accepted;
    loaded
}

/// The order findings are reported in: by file and place, then by code and words, so that
/// two findings at one place come out in one order whatever order the rules gave them in.
fn in_order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    let place = |d: &Diagnostic| d.span.map(|s| (s.file, s.start, s.end));
    place(a)
        .cmp(&place(b))
        .then_with(|| a.path.cmp(&b.path))
        .then_with(|| a.code.cmp(&b.code))
        .then_with(|| a.message.cmp(&b.message))
        .then_with(|| a.help.cmp(&b.help))
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
/// Progress updates checked by one task: an update has fewer rules than a programme.
const UPDATES_PER_TASK: usize = 8192;

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
    let context = Context::new(data, unsure);
    let mut out = context.check();
    out.append(&mut context.check_records(&data.programmes, &data.updates));
    let programmes: Vec<&Programme> = data.programmes.iter().collect();
    let updates: Vec<&ProgressUpdate> = data.updates.iter().collect();
    context.check_across(&programmes, &updates, &mut out);
    (out, context.withheld())
}

/// What the rules about one programme or progress update consult besides the record: the
/// plans, reference lists, frameworks, KPIs and returns of a data set (its programmes and
/// updates are not read). The rules come in three kinds, so that a run with the incremental
/// cache can keep the findings of the second for the files that did not change:
/// - [`Context::check`]: the rules over the context itself;
/// - [`Context::check_records`]: each programme and update on its own, against the context;
/// - [`Context::check_across`]: the rules across programmes and updates (numbers, titles,
///   links, histories), which read only what [`Programme::outline`] keeps.
pub(crate) struct Context<'a> {
    data: &'a Dataset,
    catalog: Catalog<'a>,
    plans: plans::PlanIndex<'a>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(data: &'a Dataset, unsure: Unsure) -> Self {
        let catalog = Catalog::new(data).with_unsure(unsure);
        let plans = plans::PlanIndex::new(data, &catalog);
        Context {
            data,
            catalog,
            plans,
        }
    }

    /// References not found and not reported so far (see [`Catalog::withheld`]).
    pub(crate) fn withheld(&self) -> usize {
        self.catalog.withheld()
    }

    /// The rules over everything but programmes and progress updates.
    pub(crate) fn check(&self) -> Vec<Diagnostic> {
        let (data, catalog) = (self.data, &self.catalog);
        let mut out = Vec::new();
        ids::check_unique_ids(data, &mut out);
        arcs::check_reference_lists(data, catalog, &mut out);
        framework::check_frameworks(data, catalog, &mut out);
        arcs::check_arcs(data, catalog, &mut out);
        for plan in &data.plans {
            plans::check_plan(data, plan, catalog, &mut out);
        }
        plans::check_plan_aliases(&data.plans, &mut out);
        kpis::check_kpis(data, catalog, &mut out);
        returns::check_returns(data, catalog, &mut out);
        out
    }

    /// The rules about each programme and each progress update on its own, against the
    /// context; in chunks on several threads, the findings in the order of the records.
    pub(crate) fn check_records(
        &self,
        programmes: &[Programme],
        updates: &[ProgressUpdate],
    ) -> Vec<Diagnostic> {
        let today = crate::dates::today();
        let found: Vec<Vec<Diagnostic>> = crate::load::parallel(|| {
            let programmes = programmes.par_chunks(PROGRAMMES_PER_TASK).map(|chunk| {
                let mut found = Vec::new();
                self.check_each(chunk, &[], today, &mut found);
                found
            });
            let updates = updates.par_chunks(UPDATES_PER_TASK).map(|chunk| {
                let mut found = Vec::new();
                self.check_each(&[], chunk, today, &mut found);
                found
            });
            programmes.chain(updates).collect()
        });
        found.into_iter().flatten().collect()
    }

    /// [`Context::check_records`] on one thread.
    pub(crate) fn check_each(
        &self,
        programmes: &[Programme],
        updates: &[ProgressUpdate],
        today: crate::dates::PartialDate,
        out: &mut Vec<Diagnostic>,
    ) {
        let (data, catalog, plans) = (self.data, &self.catalog, &self.plans);
        for p in programmes {
            programmes::check_programme(data, catalog, plans, p, out);
        }
        for u in updates {
            updates::check_update(data, catalog, u, today, out);
        }
    }

    /// The rules across programmes and updates: a number given twice in a plan, a `from` link
    /// to no programme, the same title twice, one timeline written two ways, updates of no
    /// programme, histories that do not make sense, programmes overdue. They read only what
    /// [`Programme::outline`] keeps, and what the updates give as [`crate::model::UpdateFacts`].
    pub(crate) fn check_across<U: crate::model::UpdateFacts + Sync>(
        &self,
        programmes: &[&Programme],
        updates: &[&U],
        out: &mut Vec<Diagnostic>,
    ) {
        let data = self.data;
        let by_number: updates::ByNumber<'_> = programmes
            .iter()
            .map(|p| ((p.plan.value.as_str(), p.number.value), *p))
            .collect();
        // The programmes' rules on one thread, the histories' on another: neither reads what
        // the other finds.
        let (mut about_programmes, mut histories) = crate::load::parallel(|| {
            rayon::join(
                || {
                    let mut out = Vec::new();
                    ids::check_unique_programmes(programmes, &mut out);
                    for p in programmes {
                        programmes::check_from(data, &by_number, p, &mut out);
                    }
                    let titles: Vec<u64> = programmes
                        .par_iter()
                        .with_min_len(PROGRAMMES_PER_TASK)
                        .map(|p| programmes::title_hash(&p.title.value))
                        .collect();
                    programmes::check_same_programme_in_plans(programmes, titles, &mut out);
                    programmes::check_spelling(programmes, &mut out);
                    out
                },
                || {
                    let mut out = Vec::new();
                    updates::check_histories(
                        &self.plans,
                        &self.catalog,
                        &by_number,
                        programmes,
                        updates,
                        &mut out,
                    );
                    out
                },
            )
        });
        out.append(&mut about_programmes);
        out.append(&mut histories);
    }
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
