//! The rules `accsm validate` checks once the files are loaded: unique ids, references that
//! resolve, and the consistency rules of the work-plan template. See the README's rule catalogue.

use std::collections::BTreeMap;
use std::hash::Hasher;

use crate::diag::{Code, Diagnostic, Severity};
use crate::hash::{FastMap, FastSet, IdHasher};
use crate::model::*;
use crate::refs::{Catalog, write_instead};
use crate::source::Span;
use crate::text::{did_you_mean, invisible_chars_note, without_invisible};

/// Programmes checked by one task; big enough that handing out tasks costs nothing measurable.
const PROGRAMMES_PER_TASK: usize = 2048;

const PARTIES: &[RefKind] = &[RefKind::Country, RefKind::Body, RefKind::Group];
const COORDINATORS: &[RefKind] = &[RefKind::Country, RefKind::Body];
const AREAS: &[RefKind] = &[RefKind::PriorityArea, RefKind::ThematicArea];

/// Runs every rule over a loaded data set and returns the findings.
pub fn validate(data: &Dataset) -> Vec<Diagnostic> {
    let catalog = Catalog::new(data);
    let mut out = Vec::new();
    check_unique_ids(data, &mut out);
    check_reference_lists(data, &catalog, &mut out);
    check_arcs(data, &catalog, &mut out);
    for plan in &data.plans {
        check_plan(plan, &catalog, &mut out);
    }
    let plans = PlanIndex::new(data, &catalog);
    // Programmes are checked in chunks on several threads. Findings and title keys are taken in
    // programme order, so they come out as if the programmes were checked one after another.
    let chunks: Vec<&[Programme]> = data.programmes.chunks(PROGRAMMES_PER_TASK).collect();
    let mut titles = Vec::with_capacity(data.programmes.len());
    crate::load::in_order(
        &chunks,
        |chunk| {
            let mut found = Vec::new();
            let keys: Vec<u64> = chunk
                .iter()
                .map(|p| {
                    check_programme(data, &catalog, &plans, p, &mut found);
                    title_hash(&p.title.value)
                })
                .collect();
            (found, keys)
        },
        |(mut found, keys)| {
            out.append(&mut found);
            titles.extend(keys);
        },
    );
    check_same_programme_in_plans(data, titles, &mut out);
    check_kpis(data, &catalog, &mut out);
    crate::returns::check_returns(data, &catalog, &mut out);
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

/// The plan a record names, or a finding that it names none (with the closest plan id).
pub(crate) fn resolve_plan<'a>(
    data: &'a Dataset,
    id: &Text,
    out: &mut Vec<Diagnostic>,
) -> Option<&'a Plan> {
    let plan = data.plan(&id.value);
    if plan.is_none() {
        let ids: Vec<&str> = data.plans.iter().map(|p| p.id.value.as_str()).collect();
        let message = match invisible_chars_note(&id.value) {
            Some(note) => format!("there is no plan `{}`: the id {note}", id.value),
            None => format!("there is no plan `{}`", id.value),
        };
        let d = Diagnostic::new(Code::UnknownReference, id.span, message);
        let visible = without_invisible(&id.value);
        out.push(match did_you_mean(&visible, ids.iter().copied()) {
            Some(s) if s == visible => d.with_help(write_instead(&id.value, s)),
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!("the plans are: {}", ids.join(", "))),
        });
    }
    plan
}

/// The plans by id, with their relevant lists resolved once rather than for every programme.
struct PlanIndex<'a> {
    by_id: FastMap<&'a str, PlanInfo<'a>>,
}

struct PlanInfo<'a> {
    plan: &'a Plan,
    /// The ids of the relevant measures and APSC lines; `None` when the plan lists none.
    measures: Option<FastSet<&'a str>>,
    apsc_lines: Option<FastSet<&'a str>>,
}

impl<'a> PlanIndex<'a> {
    fn new(data: &'a Dataset, catalog: &Catalog<'a>) -> Self {
        let mut by_id = FastMap::default();
        for plan in &data.plans {
            // The first plan of an id, as `Dataset::plan` finds it.
            by_id.entry(plan.id.value.as_str()).or_insert_with(|| {
                let relevant = |values: &[Text], kind| {
                    (!values.is_empty()).then(|| relevant_ids(catalog, values, kind))
                };
                PlanInfo {
                    plan,
                    measures: relevant(&plan.relevant_measures, RefKind::Measure),
                    apsc_lines: relevant(&plan.relevant_apsc_lines, RefKind::ApscLine),
                }
            });
        }
        PlanIndex { by_id }
    }

    /// The plan a programme names; when there is none, [`resolve_plan`] says so.
    fn resolve(
        &self,
        data: &Dataset,
        id: &Text,
        out: &mut Vec<Diagnostic>,
    ) -> Option<&PlanInfo<'a>> {
        let info = self.by_id.get(id.value.as_str());
        if info.is_none() {
            resolve_plan(data, id, out);
        }
        info
    }
}

/// A span from the start of the first value to the end of the last (all in one file).
fn covering(values: &[&Text]) -> Option<Span> {
    let first = values.first()?;
    let last = values.last()?;
    Some(Span {
        end: last.span.end.max(first.span.start),
        ..first.span
    })
}

fn id_list(values: &[&Text]) -> String {
    values
        .iter()
        .map(|v| format!("`{}`", v.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn duplicate(out: &mut Vec<Diagnostic>, what: &str, span: Span, first: Span) {
    out.push(
        Diagnostic::new(Code::DuplicateId, span, format!("{what} is defined twice"))
            .with_label("defined again here")
            .with_related(first, "first defined here")
            .with_help("remove one of them, or give this one its own id"),
    );
}

fn check_unique_ids(data: &Dataset, out: &mut Vec<Diagnostic>) {
    let mut refs: FastMap<(RefKind, &str), Span> = FastMap::default();
    refs.reserve(data.references.len());
    for r in &data.references {
        if let Some(first) = refs.insert((r.kind, &r.id.value), r.id.span) {
            let what = format!("{} `{}`", r.kind.noun(), r.id.value);
            duplicate(out, &what, r.id.span, first);
            refs.insert((r.kind, &r.id.value), first);
        }
    }
    let mut plans: FastMap<&str, Span> = FastMap::default();
    for p in &data.plans {
        if let Some(&first) = plans.get(p.id.value.as_str()) {
            duplicate(out, &format!("the plan `{}`", p.id.value), p.id.span, first);
        } else {
            plans.insert(&p.id.value, p.id.span);
        }
    }
    let mut programmes: FastMap<(&str, i64), Span> = FastMap::default();
    programmes.reserve(data.programmes.len());
    for p in &data.programmes {
        let key = (p.plan.value.as_str(), p.number.value);
        if let Some(&first) = programmes.get(&key) {
            let what = format!("programme {} of `{}`", p.number.value, p.plan.value);
            duplicate(out, &what, p.number.span, first);
        } else {
            programmes.insert(key, p.number.span);
        }
    }
    let mut kpis: FastMap<(&str, &str), Span> = FastMap::default();
    for k in &data.kpis {
        let key = (k.plan.value.as_str(), k.id.value.as_str());
        if let Some(&first) = kpis.get(&key) {
            duplicate(out, &format!("the KPI `{}`", k.id.value), k.id.span, first);
        } else {
            kpis.insert(key, k.id.span);
        }
    }
    let mut chairs: FastMap<i64, Span> = FastMap::default();
    for c in &data.chairs {
        if let Some(&first) = chairs.get(&c.meeting.value) {
            let what = format!("the chair of the {}th ACCSM", c.meeting.value);
            duplicate(out, &what, c.meeting.span, first);
        } else {
            chairs.insert(c.meeting.value, c.meeting.span);
        }
    }
}

/// References inside the reference lists themselves: a measure's KRA, a line's parent…
fn check_reference_lists(data: &Dataset, catalog: &Catalog<'_>, out: &mut Vec<Diagnostic>) {
    for r in &data.references {
        let parent_kind = match r.kind {
            RefKind::Measure => Some(RefKind::Kra),
            RefKind::ApscLine => Some(RefKind::ApscLine),
            RefKind::PriorityArea => Some(RefKind::KpiGroup),
            RefKind::KpiGroup => Some(RefKind::PriorityArea),
            _ => None,
        };
        if let (Some(kind), Some(parent)) = (parent_kind, &r.parent) {
            resolve(catalog, parent, &[kind], out);
        }
    }
    for c in &data.chairs {
        if let Some(country) = resolve(catalog, &c.country, &[RefKind::Country], out) {
            require_ams(
                country,
                c.country.span,
                Code::UnknownReference,
                "an ACCSM chair",
                out,
            );
        }
    }
}

fn require_ams(entry: &RefEntry, span: Span, code: Code, what: &str, out: &mut Vec<Diagnostic>) {
    if entry.kind == RefKind::Country && !entry.is_ams() {
        out.push(
            Diagnostic::new(
                code,
                span,
                format!(
                    "{what} must be an ASEAN Member State; {} is not",
                    entry.display_name()
                ),
            )
            .with_help(
                "use the id of one of the ten AMS (BRN KHM IDN LAO MYS MMR PHL SGP THA VNM)",
            ),
        );
    }
}

fn check_arcs(data: &Dataset, catalog: &Catalog<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen: FastMap<&str, Span> = FastMap::default();
    for arc in &data.arcs {
        let Some(country) = resolve(catalog, &arc.country, &[RefKind::Country], out) else {
            continue;
        };
        require_ams(
            country,
            arc.country.span,
            Code::ArcNotAms,
            "the country of an ASEAN Resource Centre",
            out,
        );
        if let Some(&first) = seen.get(country.id.value.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateArc,
                    arc.country.span,
                    format!(
                        "{} has a second ASEAN Resource Centre",
                        country.display_name()
                    ),
                )
                .with_related(first, "its first ARC")
                .with_help("each member state hosts one ARC (Priority Area 4); keep one entry"),
            );
        } else {
            seen.insert(&country.id.value, arc.country.span);
        }
    }
}

fn check_plan(plan: &Plan, catalog: &Catalog<'_>, out: &mut Vec<Diagnostic>) {
    for m in &plan.relevant_measures {
        resolve(catalog, m, &[RefKind::Measure], out);
    }
    for l in &plan.relevant_apsc_lines {
        resolve(catalog, l, &[RefKind::ApscLine], out);
    }
    for (label, year) in [
        ("baseline year", &plan.baseline_year),
        ("target year", &plan.target_year),
    ] {
        if let Some(y) = year {
            if !plan.years().contains(&y.value) {
                out.push(Diagnostic::new(
                    Code::BadValue,
                    y.span,
                    format!(
                        "the {label} {} lies outside the plan's period {}-{}",
                        y.value, plan.start.value, plan.end.value
                    ),
                ));
            }
        }
    }
}

fn check_programme(
    data: &Dataset,
    catalog: &Catalog<'_>,
    plans: &PlanIndex<'_>,
    p: &Programme,
    out: &mut Vec<Diagnostic>,
) {
    let info = plans.resolve(data, &p.plan, out);
    let plan = info.map(|i| i.plan);
    for c in p.coordinators() {
        resolve(catalog, c, COORDINATORS, out);
    }
    for partner in p.partners() {
        resolve(catalog, partner, PARTIES, out);
    }
    for d in p.declarations() {
        resolve(catalog, d, &[RefKind::Declaration], out);
    }
    for line in p.apsc_lines() {
        resolve(catalog, line, &[RefKind::ApscLine], out);
    }
    let mut mismatched = Vec::new();
    for area in p.areas() {
        let entry = resolve(catalog, area, AREAS, out);
        if let (Some(entry), Some(plan)) = (entry, plan) {
            if entry.kind != expected_area_kind(plan) {
                mismatched.push(area);
            }
        }
    }
    if let (Some(span), Some(plan)) = (covering(&mismatched), plan) {
        let (found, expected, help) = match expected_area_kind(plan) {
            RefKind::ThematicArea => (
                "priority areas",
                "thematic areas",
                "use the thematic areas TA1-TA7 of the ACCSM+3 plan",
            ),
            _ => (
                "thematic areas",
                "priority areas",
                "use the priority areas PA1-PA5 of the ACCSM plan",
            ),
        };
        out.push(
            Diagnostic::new(
                Code::AreaKindMismatch,
                span,
                format!(
                    "programme {} is tagged with {found} ({}), but `{}` uses {expected}",
                    p.number.value,
                    id_list(&mismatched),
                    plan.id.value
                ),
            )
            .with_help(help),
        );
    }
    check_kras_and_measures(catalog, info, p, out);
    if let Some(info) = info {
        let plan = info.plan;
        check_timeline(plan, p, out);
        if let Some(relevant) = &info.apsc_lines {
            let outside: Vec<&Text> = p
                .apsc_lines()
                .iter()
                .filter(|l| {
                    catalog
                        .resolve(l, &[RefKind::ApscLine])
                        .0
                        .is_some_and(|e| !relevant.contains(e.id.value.as_str()))
                })
                .collect();
            not_relevant(
                &outside,
                p,
                plan,
                "relevant APSC action lines (endnote 2)",
                out,
            );
        }
    } else if p.timeline.is_none() {
        out.push(no_timeline(p));
    }
    if let Some(budget) = &p.budget {
        check_budget(catalog, budget, out);
    }
}

fn expected_area_kind(plan: &Plan) -> RefKind {
    match plan.area_kind.value {
        AreaKind::Priority => RefKind::PriorityArea,
        AreaKind::Thematic => RefKind::ThematicArea,
    }
}

/// One finding for all the ids of a programme that are missing from a plan's relevant list.
fn not_relevant(
    values: &[&Text],
    p: &Programme,
    plan: &Plan,
    list: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(span) = covering(values) else { return };
    let subject = if values.len() == 1 { "it" } else { "them" };
    out.push(
        Diagnostic::new(
            Code::MeasureNotRelevant,
            span,
            format!(
                "programme {} cites {}, not among the {list} of `{}`",
                p.number.value,
                id_list(values),
                plan.id.value
            ),
        )
        .with_help(format!(
            "check the ids; if the plan really cites {subject}, add {subject} to the plan's list"
        )),
    );
}

/// The ids of a plan's relevant list, as meant (near-miss spellings resolved).
fn relevant_ids<'a>(catalog: &Catalog<'a>, values: &[Text], kind: RefKind) -> FastSet<&'a str> {
    values
        .iter()
        .filter_map(|v| catalog.resolve(v, &[kind]).0)
        .map(|e| e.id.value.as_str())
        .collect()
}

fn check_kras_and_measures(
    catalog: &Catalog<'_>,
    info: Option<&PlanInfo<'_>>,
    p: &Programme,
    out: &mut Vec<Diagnostic>,
) {
    let plan = info.map(|i| i.plan);
    let kras: Vec<(&Text, &RefEntry)> = p
        .kras()
        .iter()
        .filter_map(|k| resolve(catalog, k, &[RefKind::Kra], out).map(|e| (k, e)))
        .collect();
    // A programme lists a handful of KRAs: a list is quicker than a hash set.
    let lists_kra = |id: &str| kras.iter().any(|(_, e)| e.id.value == id);
    let mut kras_with_measures: Vec<&str> = Vec::new();
    let relevant = info.and_then(|i| i.measures.as_ref());
    let mut outside = Vec::new();
    // Measures whose KRA the programme does not list, by that KRA.
    let mut orphans: BTreeMap<&str, Vec<&Text>> = BTreeMap::new();
    for m in p.measures() {
        let Some(measure) = resolve(catalog, m, &[RefKind::Measure], out) else {
            continue;
        };
        if let Some(kra) = &measure.parent {
            if !kras_with_measures.contains(&kra.value.as_str()) {
                kras_with_measures.push(kra.value.as_str());
            }
            if !lists_kra(&kra.value) {
                orphans.entry(kra.value.as_str()).or_default().push(m);
            }
        }
        if relevant.is_some_and(|r| !r.contains(measure.id.value.as_str())) {
            outside.push(m);
        }
    }
    if let Some(plan) = plan {
        not_relevant(
            &outside,
            p,
            plan,
            "relevant strategic measures (endnote 1)",
            out,
        );
    }
    for (kra, measures) in orphans {
        let Some(span) = covering(&measures) else {
            continue;
        };
        let (noun, verb) = if measures.len() == 1 {
            ("measure", "belongs")
        } else {
            ("measures", "belong")
        };
        out.push(
            Diagnostic::new(
                Code::MeasureWithoutKra,
                span,
                format!(
                    "the strategic {noun} {} {verb} to KRA `{kra}`, which this programme does not list",
                    id_list(&measures)
                ),
            )
            .with_help(format!("add `{kra}` to kras, or correct the {noun}")),
        );
    }
    for (k, kra) in kras {
        if !kras_with_measures.contains(&kra.id.value.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::KraWithoutMeasure,
                    k.span,
                    format!(
                        "none of this programme's strategic measures belongs to KRA `{}`",
                        kra.id.value
                    ),
                )
                .with_help(format!(
                    "add the `{}.…` measure the programme supports, or remove the KRA",
                    kra.id.value
                )),
            );
        }
    }
}

fn no_timeline(p: &Programme) -> Diagnostic {
    Diagnostic::new(
        Code::NoTimeline,
        p.title.span,
        format!(
            "programme {} has no timeline, so it matches no year",
            p.number.value
        ),
    )
    .with_help("add `timeline = \"2023\"` (or \"TBC\") once it is known")
}

fn check_timeline(plan: &Plan, p: &Programme, out: &mut Vec<Diagnostic>) {
    let Some(timeline) = &p.timeline else {
        out.push(no_timeline(p));
        return;
    };
    let Some((first, last)) = timeline.value.bounds() else {
        return;
    };
    let (start, end) = (plan.start.value, plan.end.value);
    let period = || format!("{start}-{end}");
    if last < start || first > end {
        out.push(
            Diagnostic::new(
                Code::TimelineOutsidePlan,
                timeline.span,
                format!(
                    "`{}` lies outside the period of `{}` ({})",
                    timeline.value.text,
                    plan.id.value,
                    period()
                ),
            )
            .with_help(
                "correct the year, or move the programme to the plan whose period covers it",
            ),
        );
    } else if first < start || last > end {
        out.push(
            Diagnostic::new(
                Code::TimelinePartlyOutsidePlan,
                timeline.span,
                format!(
                    "`{}` runs outside the period of `{}` ({})",
                    timeline.value.text,
                    plan.id.value,
                    period()
                ),
            )
            .with_help("only the years inside the period count for this plan"),
        );
    }
}

fn check_budget(catalog: &Catalog<'_>, b: &Budget, out: &mut Vec<Diagnostic>) {
    for source in &b.sources {
        resolve(catalog, source, &[RefKind::FundingSource], out);
    }
    if let Some(funder) = &b.funded_by {
        resolve(catalog, funder, PARTIES, out);
    }
    let pairs = [
        ("amount", &b.amount, "currency", &b.currency),
        (
            "local_amount",
            &b.local_amount,
            "local_currency",
            &b.local_currency,
        ),
    ];
    for (amount_key, amount, currency_key, currency) in pairs {
        if let Some(a) = amount {
            if a.value < 0.0 {
                out.push(
                    Diagnostic::new(
                        Code::NegativeAmount,
                        a.span,
                        format!("`{amount_key}` is negative ({})", a.value),
                    )
                    .with_help("an indicative budget is zero or more"),
                );
            }
            if currency.is_none() {
                out.push(
                    Diagnostic::new(
                        Code::MissingField,
                        a.span,
                        format!("`{amount_key}` has no `{currency_key}`"),
                    )
                    .with_help(format!("add `{currency_key} = \"USD\"` (an ISO 4217 code)")),
                );
            }
        }
        if let Some(c) = currency {
            if catalog.get(RefKind::Currency, &c.value).is_none() {
                let known = catalog.ids(&[RefKind::Currency]);
                let d = Diagnostic::new(
                    Code::UnknownCurrency,
                    c.span,
                    format!("`{}` is not a known currency code", c.value),
                );
                out.push(match did_you_mean(&c.value, known.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!(
                        "write an ISO 4217 code from the currency list: {}",
                        known.join(", ")
                    )),
                });
            }
            if amount.is_none() {
                out.push(
                    Diagnostic::new(
                        Code::MissingField,
                        c.span,
                        format!("`{currency_key}` is given without `{amount_key}`"),
                    )
                    .with_help(format!(
                        "add `{amount_key} = …`, or remove `{currency_key}`"
                    )),
                );
            }
        }
    }
}

/// The same programme (by title) in two plans: often intended (a joint ACCSM and ACCSM+3
/// activity), so a note, not a warning.
///
/// `titles` holds the [`title_hash`] of each programme, in order. Titles are compared by hash
/// (a hundred thousand keys as text would add a tenth to the peak memory of a run), and as text
/// when two hashes agree, so a collision can neither invent nor hide a finding.
fn check_same_programme_in_plans(data: &Dataset, titles: Vec<u64>, out: &mut Vec<Diagnostic>) {
    use std::collections::hash_map::Entry;
    let mut first_by_hash: FastMap<u64, &Programme> = FastMap::default();
    first_by_hash.reserve(data.programmes.len());
    // Titles whose hash is that of a different title, by their key as text.
    let mut collided: FastMap<String, &Programme> = FastMap::default();
    for (p, hash) in data.programmes.iter().zip(titles) {
        let first = match first_by_hash.entry(hash) {
            Entry::Vacant(e) => {
                e.insert(p);
                continue;
            }
            Entry::Occupied(e) => *e.get(),
        };
        let key = title_key(&p.title.value);
        let first = if title_key(&first.title.value) == key {
            first
        } else {
            match collided.entry(key) {
                Entry::Vacant(e) => {
                    e.insert(p);
                    continue;
                }
                Entry::Occupied(e) => *e.get(),
            }
        };
        if first.plan.value != p.plan.value {
            out.push(
                Diagnostic::new(
                    Code::SameProgrammeInPlans,
                    p.title.span,
                    format!(
                        "programme {} of `{}` has the same title as programme {} of `{}`",
                        p.number.value, p.plan.value, first.number.value, first.plan.value
                    ),
                )
                .with_related(first.title.span, "the other programme")
                .with_help(
                    "if they are one activity, say so in a note; if not, make the titles distinct",
                ),
            );
        }
    }
}

fn title_hash(title: &str) -> u64 {
    let mut hasher = IdHasher::default();
    hasher.write(title_key(title).as_bytes());
    hasher.finish()
}

/// A title's letters and digits, lower-cased: "Forum on X (2022)" and "forum on x 2022" match.
fn title_key(title: &str) -> String {
    if !title.is_ascii() {
        return title
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
    }
    // Most titles are plain ASCII: the same rule, byte by byte.
    let mut key = String::with_capacity(title.len());
    for b in title.bytes() {
        if b.is_ascii_alphanumeric() {
            key.push(char::from(b.to_ascii_lowercase()));
        }
    }
    key
}

fn check_kpis(data: &Dataset, catalog: &Catalog<'_>, out: &mut Vec<Diagnostic>) {
    let defined: FastSet<(&str, &str)> = data
        .kpis
        .iter()
        .map(|k| (k.plan.value.as_str(), k.id.value.as_str()))
        .collect();
    for k in &data.kpis {
        resolve_plan(data, &k.plan, out);
        resolve(catalog, &k.group, &[RefKind::KpiGroup], out);
        if let Some(parent) = &k.parent {
            if !defined.contains(&(k.plan.value.as_str(), parent.value.as_str())) {
                let siblings = data.kpis.iter().filter(|o| o.plan.value == k.plan.value);
                let d = Diagnostic::new(
                    Code::UnknownReference,
                    parent.span,
                    format!("there is no KPI `{}` in `{}`", parent.value, k.plan.value),
                );
                out.push(
                    match did_you_mean(&parent.value, siblings.map(|o| o.id.value.as_str())) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d,
                    },
                );
            }
        }
        if k.answer.value == AnswerKind::Rating && k.scale.len() != 2 {
            out.push(
                Diagnostic::new(
                    Code::BadValue,
                    k.answer.span,
                    "a rating KPI needs `scale = [low, high]`",
                )
                .with_severity(Severity::Error),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_keys_keep_letters_and_digits_lower_cased() {
        for title in [
            "Forum on Public Service Delivery (2022)",
            "forum on public-service delivery, 2022",
            "ÉCOLE – Ça va?",
            "Thai ภาษาไทย 2565",
            "İstanbul",
            "",
        ] {
            let unicode: String = title
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(title_key(title), unicode, "{title}");
        }
        assert_eq!(
            title_key("Forum on Public Service Delivery (2022)"),
            title_key("forum on public-service delivery, 2022")
        );
    }

    #[test]
    fn titles_with_the_same_hash_are_still_compared_as_text() {
        // The shipped data: ACCSM and ACCSM+3 share several titles, and many titles differ.
        let (files, _) = crate::workspace::collect_files(&["data".into()]);
        let loaded = crate::load::load_files(&files);
        let data = &loaded.dataset;
        let findings = |hashes: Vec<u64>| {
            let mut out = Vec::new();
            check_same_programme_in_plans(data, hashes, &mut out);
            out.iter()
                .map(|d| (d.span, d.message.clone()))
                .collect::<Vec<_>>()
        };
        let real = findings(
            data.programmes
                .iter()
                .map(|p| title_hash(&p.title))
                .collect(),
        );
        assert!(real.len() >= 2, "{real:?}");
        // Every title colliding with every other: the same findings, none more.
        assert_eq!(findings(vec![0; data.programmes.len()]), real);
    }
}
