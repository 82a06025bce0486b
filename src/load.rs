//! Loading: read every data file, parse it, and turn its tables into the [`Dataset`]. What a file
//! holds is declared by its tables (`[[programme]]`, `[[kra]]`…), so files may be split or merged
//! freely. Problems are collected as findings; loading never stops at the first one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use toml::de::{DeTable, DeValue};

use crate::diag::{Code, Diagnostic};
use crate::model::*;
use crate::schema::{Ctx, Record};
use crate::source::{FileId, MAX_FILE_BYTES, OnDisk, SourceMap, Spanned, decode};
use crate::strings::Str;
use crate::text::did_you_mean;
use crate::timeline::{TIMELINE_FORMS, Timeline};

/// Which field of [`RefEntry`] a reference-table key fills.
#[derive(Clone, Copy)]
enum Field {
    Id,
    Name,
    Aliases,
    Category,
    Text,
    Parent,
    Quoted,
    Adopted,
    Place,
    Url,
    Source,
    Note,
}

struct RefTable {
    kind: RefKind,
    keys: &'static [(&'static str, Field)],
    /// Keys that must be present besides `id`.
    required: &'static [&'static str],
}

const COUNTRY_KINDS: &[&str] = &["ams", "plus-three", "dialogue-partner", "observer"];

/// The reference tables and their keys.
const REFERENCE_TABLES: &[RefTable] = {
    use Field::*;
    &[
        RefTable {
            kind: RefKind::Country,
            keys: &[
                ("id", Id),
                ("name", Name),
                ("kind", Category),
                ("aliases", Aliases),
                ("note", Note),
            ],
            required: &["name", "kind"],
        },
        RefTable {
            kind: RefKind::Body,
            keys: &[
                ("id", Id),
                ("name", Name),
                ("aliases", Aliases),
                ("note", Note),
            ],
            required: &["name"],
        },
        RefTable {
            kind: RefKind::Group,
            keys: &[
                ("id", Id),
                ("name", Name),
                ("aliases", Aliases),
                ("note", Note),
            ],
            required: &["name"],
        },
        RefTable {
            kind: RefKind::PriorityArea,
            keys: &[
                ("id", Id),
                ("title", Name),
                ("description", Text),
                ("kpi_group", Parent),
                ("note", Note),
            ],
            required: &["title"],
        },
        RefTable {
            kind: RefKind::Enabler,
            keys: &[
                ("id", Id),
                ("title", Name),
                ("description", Text),
                ("note", Note),
            ],
            required: &["title"],
        },
        RefTable {
            kind: RefKind::ThematicArea,
            keys: &[
                ("id", Id),
                ("title", Name),
                ("description", Text),
                ("note", Note),
            ],
            required: &["title"],
        },
        RefTable {
            kind: RefKind::Characteristic,
            keys: &[
                ("id", Id),
                ("title", Name),
                ("source", Source),
                ("note", Note),
            ],
            required: &["title"],
        },
        RefTable {
            kind: RefKind::Kra,
            keys: &[
                ("id", Id),
                ("title", Name),
                ("source", Source),
                ("note", Note),
            ],
            required: &["title"],
        },
        RefTable {
            kind: RefKind::Measure,
            keys: &[
                ("id", Id),
                ("kra", Parent),
                ("text", Text),
                ("quoted", Quoted),
                ("source", Source),
                ("note", Note),
            ],
            required: &["kra"],
        },
        RefTable {
            kind: RefKind::ApscLine,
            keys: &[
                ("id", Id),
                ("parent", Parent),
                ("text", Text),
                ("quoted", Quoted),
                ("source", Source),
                ("note", Note),
            ],
            required: &[],
        },
        RefTable {
            kind: RefKind::Declaration,
            keys: &[
                ("id", Id),
                ("title", Name),
                ("adopted", Adopted),
                ("place", Place),
                ("url", Url),
                ("source", Source),
                ("note", Note),
            ],
            required: &["title"],
        },
        RefTable {
            kind: RefKind::FundingSource,
            keys: &[
                ("id", Id),
                ("name", Name),
                ("description", Text),
                ("note", Note),
            ],
            required: &["name"],
        },
        RefTable {
            kind: RefKind::Currency,
            keys: &[("id", Id), ("name", Name), ("note", Note)],
            required: &["name"],
        },
        RefTable {
            kind: RefKind::KpiGroup,
            keys: &[
                ("id", Id),
                ("title", Name),
                ("priority_area", Parent),
                ("note", Note),
            ],
            required: &["title"],
        },
    ]
};

const ARC_KEYS: &[&str] = &["country", "name", "url", "as_of", "note"];
const CHAIR_KEYS: &[&str] = &["meeting", "country", "years", "note"];
const PLAN_KEYS: &[&str] = &[
    "id",
    "title",
    "body",
    "area_kind",
    "start",
    "end",
    "baseline_year",
    "target_year",
    "midterm_start",
    "midterm_end",
    "adopted",
    "source",
    "relevant_measures",
    "relevant_apsc_lines",
    "note",
];
const PROGRAMME_KEYS: &[&str] = &[
    "plan",
    "number",
    "title",
    "activities",
    "areas",
    "timeline",
    "budget",
    "coordinators",
    "partners",
    "partner_organisations",
    "kras",
    "measures",
    "apsc_lines",
    "declarations",
    "carried_over",
    "status",
    "update",
    "note",
];
const BUDGET_KEYS: &[&str] = &[
    "text",
    "amount",
    "currency",
    "local_amount",
    "local_currency",
    "sources",
    "funded_by",
    "tbc",
];
const UPDATE_KEYS: &[&str] = &["date", "text"];
const KPI_KEYS: &[&str] = &[
    "id",
    "plan",
    "group",
    "parent",
    "title",
    "answer",
    "questions",
    "asks_names",
    "asks_total",
    "levels",
    "periods",
    "forms",
    "scale",
    "scale_labels",
    "years",
    "sources",
    "rollup",
    "rollup_text",
    "definition",
    "note",
];

/// Every top-level table name accsm reads.
pub fn table_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = REFERENCE_TABLES.iter().map(|t| t.kind.table()).collect();
    names.extend(["arc", "chair", "plan", "programme", "kpi", "return"]);
    names
}

/// The result of loading: the data, the files it came from, and what was wrong with them.
#[derive(Debug, Default)]
pub struct Loaded {
    pub dataset: Dataset,
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses the given files. Files that cannot be read become findings.
///
/// Each file is read, parsed and let go on one of several threads (see [`threads`]): only the
/// records are kept, and the text is read again if a finding needs its lines (see
/// [`SourceMap::get`]). The results are taken in the order of `paths`, so file ids, records and
/// findings come out exactly as if the files had been loaded one after another.
pub fn load_files(paths: &[PathBuf]) -> Loaded {
    let Loaded {
        mut dataset,
        mut sources,
        mut diagnostics,
    } = Loaded::default();
    // A few small files are loaded before threads would have started.
    let threads = if is_large(paths) { threads() } else { 1 };
    let items: Vec<(FileId, &PathBuf)> = (0..)
        .map(|i| FileId(u32::try_from(i).unwrap_or(u32::MAX)))
        .zip(paths)
        .collect();
    in_order_on(
        threads,
        &items,
        |&(id, path)| {
            let shown = display_path(path);
            let text = match read_text(path, &shown) {
                Ok(text) => text,
                Err(d) => return Err((shown, d)),
            };
            let mut found = Vec::new();
            let mut ctx = Ctx {
                file: id,
                diagnostics: &mut found,
                strings: Default::default(),
            };
            let data = parse_file(&mut ctx, &text);
            Ok((shown, OnDisk::new(path.clone(), &text), data, found))
        },
        |loaded| match loaded {
            Ok((shown, disk, data, mut found)) => {
                sources.add_on_disk(shown, disk);
                diagnostics.append(&mut found);
                dataset.extend(data);
            }
            // An unreadable file keeps its id, and its finding its place among the others.
            Err((shown, d)) => {
                sources.add_unread(shown);
                diagnostics.push(d);
            }
        },
    );
    Loaded {
        dataset,
        sources,
        diagnostics,
    }
}

/// The path as people should see it: relative to the working directory where it lies below it.
pub fn display_path(path: &Path) -> PathBuf {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf));
    relative.unwrap_or_else(|| path.to_path_buf())
}

/// Reads a file as UTF-8 text (see [`decode`]).
fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::for_path(
            Code::Io,
            shown,
            format!("cannot read {}: {e}", shown.display()),
        )
    })?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::for_path(
            Code::Io,
            shown,
            format!(
                "{} is too large to read ({} bytes; accsm reads files of up to 4 GiB)",
                shown.display(),
                bytes.len()
            ),
        )
        .with_help("split the file into several smaller ones"));
    }
    decode(bytes).map_err(|e| {
        let valid_up_to = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..valid_up_to];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::for_path(
            Code::NotUtf8,
            shown,
            format!(
                "{} is not UTF-8 text (invalid byte at line {line}, byte {})",
                shown.display(),
                valid_up_to + 1
            ),
        )
        .with_help("save the file as UTF-8 in your editor")
    })
}

/// Whether there is enough to read that threads pay for their start: many files, or a few big
/// ones.
fn is_large(paths: &[PathBuf]) -> bool {
    paths.len() >= PARALLEL_MIN_FILES || {
        let sizes = paths.iter().filter_map(|p| std::fs::metadata(p).ok());
        sizes.map(|m| m.len()).sum::<u64>() >= PARALLEL_MIN_BYTES as u64
    }
}

/// Below this many files, or bytes of text, loading stays on the calling thread.
const PARALLEL_MIN_FILES: usize = 32;
const PARALLEL_MIN_BYTES: usize = 256 * 1024;

/// How many threads load files: `ACCSM_THREADS` if set to a number (1 loads on this thread
/// alone, for measurements), else the CPUs this process may use.
pub fn threads() -> usize {
    std::env::var("ACCSM_THREADS")
        .ok()
        .and_then(|n| n.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1)
}

/// Runs `work` on every item, on up to [`threads`] threads, and hands each result to `sink` in
/// the order of `items`, as soon as the results before it are in (so few results wait).
pub(crate) fn in_order<T, R>(items: &[T], work: impl Fn(&T) -> R + Sync, sink: impl FnMut(R))
where
    T: Sync,
    R: Send,
{
    in_order_on(threads(), items, work, sink);
}

fn in_order_on<T, R>(
    threads: usize,
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut sink: impl FnMut(R),
) where
    T: Sync,
    R: Send,
{
    let threads = threads.min(items.len());
    if threads <= 1 {
        items.iter().for_each(|item| sink(work(item)));
        return;
    }
    let next = AtomicUsize::new(0);
    let (results, received) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let results = results.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || {
                // Items are handed out in order, so results arrive nearly in order.
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    if results.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(results);
        let mut waiting: BTreeMap<usize, R> = BTreeMap::new();
        let mut expected = 0;
        for (index, result) in received {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&expected) {
                sink(result);
                expected += 1;
            }
        }
    });
}

/// Parses one file's text into records.
pub fn parse_file(ctx: &mut Ctx<'_>, text: &str) -> Dataset {
    let (root, errors) = DeTable::parse_recoverable(text);
    for e in &errors {
        let range = e.span().unwrap_or(0..0);
        let mut message = e.message().trim().to_string();
        if let Some(first) = message.get(..1) {
            message = first.to_uppercase() + &message[1..];
        }
        let d = Diagnostic::new(
            Code::Syntax,
            ctx.span(range),
            format!("invalid TOML: {message}"),
        );
        ctx.push(syntax_help(d, e.message()));
    }
    let mut data = Dataset::default();
    for (key, value) in root.get_ref().iter() {
        read_table(ctx, &mut data, key.get_ref(), key.span(), value);
    }
    data
}

fn syntax_help(d: Diagnostic, message: &str) -> Diagnostic {
    if message.contains("duplicate key") {
        d.with_help("each key may appear once per table; remove or rename one of them")
    } else if message.contains("quoted") {
        d.with_help("text values go in double quotes: title = \"…\"")
    } else {
        d
    }
}

type Value<'i> = toml::Spanned<DeValue<'i>>;

/// The records of one top-level table (`[[kind]]`, or a single `[kind]`).
fn records<'a, 'i>(value: &'a Value<'i>) -> Vec<&'a Value<'i>> {
    match value.get_ref() {
        DeValue::Array(items) => items.iter().collect(),
        _ => vec![value],
    }
}

fn read_table(
    ctx: &mut Ctx<'_>,
    data: &mut Dataset,
    name: &str,
    key_span: std::ops::Range<usize>,
    value: &Value<'_>,
) {
    if let Some(spec) = REFERENCE_TABLES.iter().find(|t| t.kind.table() == name) {
        for v in records(value) {
            if let Some(entry) = read_reference(ctx, spec, v) {
                data.references.push(entry);
            }
        }
        return;
    }
    match name {
        "arc" => data
            .arcs
            .extend(records(value).into_iter().filter_map(|v| read_arc(ctx, v))),
        "chair" => data.chairs.extend(
            records(value)
                .into_iter()
                .filter_map(|v| read_chair(ctx, v)),
        ),
        "plan" => data
            .plans
            .extend(records(value).into_iter().filter_map(|v| read_plan(ctx, v))),
        "programme" => {
            let items = records(value);
            // A file can hold many programmes: one allocation, not a doubling series.
            data.programmes.reserve(items.len());
            data.programmes
                .extend(items.into_iter().filter_map(|v| read_programme(ctx, v)));
        }
        "kpi" => data
            .kpis
            .extend(records(value).into_iter().filter_map(|v| read_kpi(ctx, v))),
        "return" => data.returns.extend(
            records(value)
                .into_iter()
                .filter_map(|v| crate::returns::read_return(ctx, v)),
        ),
        _ => {
            let names = table_names();
            let mut d = Diagnostic::new(
                Code::UnknownTable,
                ctx.span(key_span),
                format!("accsm does not know the table `{name}`"),
            );
            d = match did_you_mean(name, names.iter().copied()) {
                Some(s) => d.with_help(format!("did you mean `[[{s}]]`?")),
                None => d.with_help(format!("the tables accsm reads are: {}", names.join(", "))),
            };
            ctx.push(d);
        }
    }
}

fn read_reference(ctx: &mut Ctx<'_>, spec: &RefTable, value: &Value<'_>) -> Option<RefEntry> {
    let allowed: Vec<&'static str> = spec.keys.iter().map(|(k, _)| *k).collect();
    let r = Record::open(ctx, value, spec.kind.table(), &allowed)?;
    let id = r.req_str(ctx, "id");
    for key in spec.required {
        r.require(ctx, key, "\"…\"");
    }
    // Read every key even when the id is missing, so all of an entry's problems show at once;
    // the entry itself is kept only with an id.
    let mut entry = RefEntry {
        kind: spec.kind,
        span: r.span,
        id: Spanned::new(Str::default(), r.span),
        name: None,
        aliases: Box::default(),
        category: None,
        text: None,
        parent: None,
        quoted: None,
        adopted: None,
        place: None,
        url: None,
        note: None,
        source: None,
    };
    for (key, field) in spec.keys {
        match field {
            Field::Id => {}
            Field::Name => entry.name = r.opt_str(ctx, key),
            Field::Aliases => entry.aliases = r.str_list(ctx, key),
            Field::Category => entry.category = r.opt_choice(ctx, key, COUNTRY_KINDS),
            Field::Text => entry.text = r.opt_str(ctx, key),
            Field::Parent => entry.parent = r.opt_str(ctx, key),
            Field::Quoted => entry.quoted = r.opt_bool(ctx, key).map(|b| b.value),
            Field::Adopted => entry.adopted = r.opt_date(ctx, key),
            Field::Place => entry.place = r.opt_str(ctx, key),
            Field::Url => entry.url = r.opt_str(ctx, key),
            Field::Source => entry.source = r.opt_str(ctx, key),
            Field::Note => entry.note = r.opt_str(ctx, key),
        }
    }
    entry.id = id?;
    Some(entry)
}

fn read_arc(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Arc> {
    let r = Record::open(ctx, value, "arc", ARC_KEYS)?;
    let country = r.req_str(ctx, "country");
    let name = r.req_str(ctx, "name");
    Some(Arc {
        span: r.span,
        url: r.opt_str(ctx, "url"),
        as_of: r.opt_int(ctx, "as_of"),
        note: r.opt_str(ctx, "note"),
        country: country?,
        name: name?,
    })
}

fn read_chair(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Chair> {
    let r = Record::open(ctx, value, "chair", CHAIR_KEYS)?;
    let meeting = r.req_int(ctx, "meeting");
    let country = r.req_str(ctx, "country");
    Some(Chair {
        span: r.span,
        years: r.opt_str(ctx, "years"),
        note: r.opt_str(ctx, "note"),
        meeting: meeting?,
        country: country?,
    })
}

fn read_plan(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Plan> {
    let r = Record::open(ctx, value, "plan", PLAN_KEYS)?;
    let id = r.req_str(ctx, "id");
    let title = r.req_str(ctx, "title");
    let area_kind = r
        .req_choice(ctx, "area_kind", &["priority", "thematic"])
        .map(|c| {
            let kind = if c.value == "priority" {
                AreaKind::Priority
            } else {
                AreaKind::Thematic
            };
            Spanned::new(kind, c.span)
        });
    let start = r.req_int(ctx, "start");
    let end = r.req_int(ctx, "end");
    if let (Some(s), Some(e)) = (&start, &end) {
        if !(1900..=2200).contains(&s.value) || !(1900..=2200).contains(&e.value) {
            ctx.push(
                Diagnostic::new(
                    Code::BadValue,
                    s.span,
                    format!("a plan period of {}-{} is not plausible", s.value, e.value),
                )
                .with_help(
                    "write the first and last year of the plan, e.g. start = 2021, end = 2025",
                ),
            );
        } else if s.value > e.value {
            ctx.push(Diagnostic::new(
                Code::BadValue,
                e.span,
                format!("the plan ends ({}) before it starts ({})", e.value, s.value),
            ));
        }
    }
    Some(Plan {
        span: r.span,
        body: r.opt_str(ctx, "body"),
        baseline_year: r.opt_int(ctx, "baseline_year"),
        target_year: r.opt_int(ctx, "target_year"),
        midterm_start: r.opt_int(ctx, "midterm_start"),
        midterm_end: r.opt_int(ctx, "midterm_end"),
        adopted: r.opt_date(ctx, "adopted"),
        source: r.opt_str(ctx, "source"),
        relevant_measures: r.str_list(ctx, "relevant_measures"),
        relevant_apsc_lines: r.str_list(ctx, "relevant_apsc_lines"),
        note: r.opt_str(ctx, "note"),
        id: id?,
        title: title?,
        area_kind: area_kind?,
        start: start?,
        end: end?,
    })
}

fn read_programme(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Programme> {
    let r = Record::open(ctx, value, "programme", PROGRAMME_KEYS)?;
    let plan = r.req_str(ctx, "plan");
    let number = r.req_int(ctx, "number");
    let title = r.req_str(ctx, "title");
    let coordinators = r.str_list(ctx, "coordinators");
    if coordinators.is_empty() && r.require(ctx, "coordinators", "[\"IDN\"]") {
        ctx.push(
            Diagnostic::new(
                Code::MissingField,
                r.span,
                "this programme has no coordinator",
            )
            .with_help("name at least one country coordinator, e.g. coordinators = [\"IDN\"]"),
        );
    }
    let timeline =
        r.opt_str(ctx, "timeline")
            .and_then(|t| match Timeline::parse(t.value.clone()) {
                Ok(parsed) => Some(Spanned::new(parsed, t.span)),
                Err(e) => {
                    ctx.push(
                        Diagnostic::new(Code::BadValue, t.span, e.message).with_help(format!(
                            "write {TIMELINE_FORMS}; leave the key out when none is given"
                        )),
                    );
                    None
                }
            });
    let budget = r.sub(ctx, "budget", "budget", BUDGET_KEYS).map(|b| Budget {
        span: Some(b.span),
        text: b.opt_str(ctx, "text"),
        amount: b.opt_number(ctx, "amount"),
        currency: b.opt_str(ctx, "currency"),
        local_amount: b.opt_number(ctx, "local_amount"),
        local_currency: b.opt_str(ctx, "local_currency"),
        sources: b.str_list(ctx, "sources"),
        funded_by: b.opt_str(ctx, "funded_by"),
        tbc: b.opt_bool(ctx, "tbc").is_some_and(|t| t.value),
    });
    let status = r
        .opt_choice(ctx, "status", Status::NAMES)
        .and_then(|s| Status::from_name(s.value).map(|st| Spanned::new(st, s.span)));
    let update_records = r.sub_list(ctx, "update", "progress update", UPDATE_KEYS);
    let mut updates = Vec::with_capacity(update_records.len());
    for u in update_records {
        let text = u.req_str(ctx, "text");
        let date = u.opt_date(ctx, "date");
        if let Some(text) = text {
            updates.push(Update {
                span: u.span,
                date,
                text,
            });
        }
    }
    // In `ProgrammeList` order.
    let lists = ProgrammeLists::new([
        r.str_list(ctx, "activities"),
        r.str_list(ctx, "areas"),
        coordinators,
        r.str_list(ctx, "partners"),
        r.str_list(ctx, "partner_organisations"),
        r.str_list(ctx, "kras"),
        r.str_list(ctx, "measures"),
        r.str_list(ctx, "apsc_lines"),
        r.str_list(ctx, "declarations"),
    ]);
    Some(Programme {
        span: r.span,
        timeline,
        budget,
        lists,
        carried_over: r.opt_bool(ctx, "carried_over").is_some_and(|b| b.value),
        status,
        updates: updates.into_boxed_slice(),
        note: r.opt_str(ctx, "note"),
        plan: plan?,
        number: number?,
        title: title?,
    })
}

fn read_kpi(ctx: &mut Ctx<'_>, value: &Value<'_>) -> Option<Kpi> {
    let r = Record::open(ctx, value, "kpi", KPI_KEYS)?;
    let id = r.req_str(ctx, "id");
    let plan = r.req_str(ctx, "plan");
    let group = r.req_str(ctx, "group");
    let title = r.req_str(ctx, "title");
    let answer = r
        .req_choice(ctx, "answer", AnswerKind::NAMES)
        .and_then(|a| AnswerKind::from_name(a.value).map(|k| Spanned::new(k, a.span)));
    Some(Kpi {
        span: r.span,
        parent: r.opt_str(ctx, "parent"),
        questions: r.str_list(ctx, "questions"),
        asks_names: r.opt_bool(ctx, "asks_names").is_some_and(|b| b.value),
        asks_total: r.opt_bool(ctx, "asks_total").is_some_and(|b| b.value),
        levels: r.str_list(ctx, "levels"),
        periods: r.str_list(ctx, "periods"),
        forms: r.str_list(ctx, "forms"),
        scale: r.int_list(ctx, "scale"),
        scale_labels: r.str_list(ctx, "scale_labels"),
        years: r.int_list(ctx, "years"),
        sources: r.str_list(ctx, "sources"),
        rollup: r.opt_str(ctx, "rollup"),
        rollup_text: r.opt_str(ctx, "rollup_text"),
        definition: r.opt_str(ctx, "definition"),
        note: r.opt_str(ctx, "note"),
        id: id?,
        plan: plan?,
        group: group?,
        title: title?,
        answer: answer?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_results_come_in_item_order() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 7] {
            let mut seen = Vec::new();
            // Uneven work, so that later items often finish first.
            in_order_on(
                threads,
                &items,
                |&n| (0..(n % 7) * 1000).fold(n, |a, b| a ^ b) ^ n,
                |r| seen.push(r),
            );
            let expected: Vec<u64> = items
                .iter()
                .map(|&n| (0..(n % 7) * 1000).fold(n, |a, b| a ^ b) ^ n)
                .collect();
            assert_eq!(seen, expected, "{threads} threads");
        }
    }
}
