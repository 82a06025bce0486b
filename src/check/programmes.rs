//! A programme's references: coordinators, partners, areas of the plan's kind, KRAs and the
//! measures that belong to them, the plan's relevant lists; and the same programme in two plans.

use super::budget::check_budget;
use super::plans::{PlanIndex, PlanInfo};
use super::timeline::check_timeline;
use super::updates::ByNumber;
use super::{AREAS, COORDINATORS, PARTIES, covering, id_list, repeated_entries, resolve};
use crate::diag::{Code, Diagnostic};
use crate::hash::{FastMap, run_hash};
use crate::lookup::Catalog;
use crate::model::timeline::When;
use crate::model::{AMS_GROUP, AreaKind, Dataset, Plan, Programme, RefKind, Text};

/// Every rule about one programme, in the order its findings are given.
pub(super) fn check_programme(
    data: &Dataset,
    catalog: &Catalog<'_>,
    plans: &PlanIndex<'_>,
    p: &Programme,
    out: &mut Vec<Diagnostic>,
) {
    let info = plans.resolve(data, catalog, &p.plan, out);
    let ams_partners = check_parties(catalog, info, p, out);
    for d in p.declarations() {
        resolve(catalog, d, &[RefKind::Declaration], out);
    }
    for line in p.apsc_lines() {
        resolve(catalog, line, &[RefKind::ApscLine], out);
    }
    check_areas(catalog, info.map(|i| i.plan), p, out);
    let framework = info.and_then(|i| data.framework_of(i.plan));
    let relevant = info.and_then(|i| i.measures.as_ref());
    super::framework::check_citations(data, catalog, framework, relevant, p, out);
    check_links(p, &ams_partners, out);
    super::organisations::check_partner_organisations(catalog, p, out);
    if let Some(info) = info {
        check_timeline(info.plan, p, out);
        check_relevant_apsc_lines(catalog, info, p, out);
    }
    if let Some(budget) = &p.budget {
        check_budget(catalog, budget, out);
    }
}

/// A `from` link names a programme of an earlier plan as `plan/number`; when that plan is in
/// the repository, the programme must be too.
pub(super) fn check_from(
    data: &Dataset,
    programmes: &ByNumber<'_>,
    p: &Programme,
    out: &mut Vec<Diagnostic>,
) {
    let Some(from) = &p.from else { return };
    let Some((plan, number)) = crate::model::split_programme_ref(&from.value) else {
        out.push(
            Diagnostic::new(
                Code::BadValue,
                from.span,
                format!("`{}` does not name a programme", from.value),
            )
            .with_help("write the plan and the number, e.g. from = \"accsm-2021-2025/17\""),
        );
        return;
    };
    if data.plan(plan).is_some() && !programmes.contains_key(&(plan, number)) {
        out.push(
            Diagnostic::new(
                Code::UnknownReference,
                from.span,
                format!("`{plan}` has no programme {number}"),
            )
            .with_help("check the number against the earlier plan (`accsm list --plan …`)"),
        );
    }
}

/// Resolves the coordinators and partners; returns the partners that are AMS, against the
/// template's definition (see `check_links`).
fn check_parties<'p>(
    catalog: &Catalog<'_>,
    info: Option<&PlanInfo<'_>>,
    p: &'p Programme,
    out: &mut Vec<Diagnostic>,
) -> Vec<&'p Text> {
    for c in p.coordinators() {
        resolve(catalog, c, COORDINATORS, out);
    }
    let mut ams_partners: Vec<&Text> = Vec::new();
    for partner in p.partners() {
        let entry = resolve(catalog, partner, PARTIES, out);
        // An AMS of the plan: a state that joined later is a partner from outside ASEAN then.
        let of_plan = |e: &crate::model::RefEntry| match info {
            Some(i) => i.ams.contains(&e.id.value.as_str()),
            None => e.is_ams(),
        };
        if entry
            .is_some_and(|e| of_plan(e) || (e.kind == RefKind::Group && e.id.value == AMS_GROUP))
        {
            ams_partners.push(partner);
        }
    }
    ams_partners
}

/// Resolves the areas; one finding for those of the other kind than the plan uses.
fn check_areas(
    catalog: &Catalog<'_>,
    plan: Option<&Plan>,
    p: &Programme,
    out: &mut Vec<Diagnostic>,
) {
    let mut mismatched = Vec::new();
    for area in p.areas() {
        let entry = resolve(catalog, area, AREAS, out);
        if let (Some(entry), Some(plan)) = (entry, plan) {
            if entry.kind != expected_area_kind(plan) {
                mismatched.push(area);
            }
        }
    }
    if let Some(plan) = plan {
        out.extend(area_kind_mismatch(p, plan, &mismatched));
    }
}

fn area_kind_mismatch(p: &Programme, plan: &Plan, mismatched: &[&Text]) -> Option<Diagnostic> {
    let span = covering(mismatched)?;
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
    Some(
        Diagnostic::new(
            Code::AreaKindMismatch,
            span,
            format!(
                "programme {} is tagged with {found} ({}), but `{}` uses {expected}",
                p.number.value,
                id_list(mismatched),
                plan.id.value
            ),
        )
        .with_help(help),
    )
}

/// The APSC lines outside the plan's relevant list, when it has one.
fn check_relevant_apsc_lines(
    catalog: &Catalog<'_>,
    info: &PlanInfo<'_>,
    p: &Programme,
    out: &mut Vec<Diagnostic>,
) {
    let Some(relevant) = &info.apsc_lines else {
        return;
    };
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
        info.plan,
        "relevant APSC action lines (endnote 2)",
        out,
    );
}

/// No id twice in one list; no AMS among the partners, which the matrix template defines as
/// countries excluding AMS. (What a programme leaves blank is the reader's to say, see `load`.)
fn check_links(p: &Programme, ams: &[&Text], out: &mut Vec<Diagnostic>) {
    for list in [
        p.activities(),
        p.areas(),
        p.coordinators(),
        p.partners(),
        p.partner_organisations(),
        p.apsc_lines(),
        p.declarations(),
    ] {
        repeated_entries(list, out);
    }
    if let Some(span) = covering(ams) {
        let (verb, it) = if ams.len() == 1 {
            ("is an", "it")
        } else {
            ("are", "them")
        };
        out.push(
            Diagnostic::new(
                Code::PartnerIsAms,
                span,
                format!(
                    "programme {} names {} as {}, but the matrix template defines potential \
                     partners as countries excluding AMS",
                    p.number.value,
                    id_list(ams),
                    if ams.len() == 1 { "a potential partner" } else { "potential partners" }
                ),
            )
            .with_label(format!("{verb} ASEAN Member State{}", if ams.len() == 1 { "" } else { "s" }))
            .with_help(format!(
                "leave {it} out of `partners` (the AMS take part in every programme) and name the partners from outside ASEAN; if {it} really {} a partner, say why in a note",
                if ams.len() == 1 { "is" } else { "are" }
            )),
        );
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

/// The same programme (by title) in two plans: often intended (a joint ACCSM and ACCSM+3
/// activity), so a note, not a warning. The same title twice in one plan is a warning: most
/// often a programme copied to start a new one, its title left unchanged.
///
/// `titles` holds the [`title_hash`] of each programme, in order. Titles are compared by hash
/// (a hundred thousand keys as text would add a tenth to the peak memory of a run), and as text
/// when two hashes agree, so a collision can neither invent nor hide a finding.
pub(super) fn check_same_programme_in_plans(
    programmes: &[&Programme],
    titles: Vec<u64>,
    out: &mut Vec<Diagnostic>,
) {
    use std::collections::hash_map::Entry;
    // The first programme with each title, by the title's hash; the first of each other plan
    // with the same title (and titles whose hash collides) apart, for they are few.
    let mut first_by_hash: FastMap<u64, &Programme> = FastMap::default();
    first_by_hash.reserve(programmes.len());
    let mut more: FastMap<u64, Vec<&Programme>> = FastMap::default();
    for (&p, hash) in programmes.iter().zip(titles) {
        if p.title.value.trim().is_empty() {
            continue;
        }
        let first = match first_by_hash.entry(hash) {
            Entry::Vacant(e) => {
                e.insert(p);
                continue;
            }
            Entry::Occupied(e) => *e.get(),
        };
        let key = title_key(&p.title.value);
        let same = |other: &&Programme| title_key(&other.title.value) == key;
        let others = more.entry(hash).or_default();
        let firsts = std::iter::once(first).chain(others.iter().copied());
        let matching: Vec<&Programme> = firsts.filter(same).collect();
        if let Some(in_plan) = matching.iter().find(|f| f.plan.value == p.plan.value) {
            out.push(duplicate_title(p, in_plan));
            continue;
        }
        // A programme carried over names the one it continues: the same title is the point.
        let continues = |o: &Programme| {
            p.from.as_ref().is_some_and(|f| {
                crate::model::split_programme_ref(&f.value) == Some((&o.plan.value, o.number.value))
            })
        };
        if let Some(other) = matching.first().filter(|o| !continues(o)) {
            out.push(
                Diagnostic::new(
                    Code::SameProgrammeInPlans,
                    p.title.span,
                    format!(
                        "programme {} of `{}` has the same title as programme {} of `{}`",
                        p.number.value, p.plan.value, other.number.value, other.plan.value
                    ),
                )
                .with_related(other.title.span, "the other programme")
                .with_help(
                    "if they are one activity, say so in a note; if not, make the titles distinct",
                ),
            );
        }
        others.push(p);
    }
}

fn duplicate_title(p: &Programme, first: &Programme) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateTitle,
        p.title.span,
        format!(
            "programmes {} and {} of `{}` have the same title",
            first.number.value, p.number.value, p.plan.value
        ),
    )
    .with_label("the same title again")
    .with_related(
        first.title.span,
        format!("programme {}", first.number.value),
    )
    .with_help(
        "if this programme was copied from the other, give it its own title; if they are one \
         programme, remove one",
    )
}

/// One meaning written in two forms across the data: timelines that read the same (`Annual`
/// and `Annually`, `Q4 2022` and `q4 2022`). Each form other than the most used one is a note,
/// with the most used form as its fix.
pub(super) fn check_spelling(programmes: &[&Programme], out: &mut Vec<Diagnostic>) {
    // Forms by meaning, each with how often it is used and where first.
    let mut forms: FastMap<Meaning, Vec<(&str, usize)>> = FastMap::default();
    for p in programmes {
        let Some(t) = &p.timeline else { continue };
        let variants = forms.entry(meaning(&t.value.when)).or_default();
        match variants
            .iter_mut()
            .find(|(text, _)| *text == t.value.text.as_str())
        {
            Some((_, n)) => *n += 1,
            None => variants.push((t.value.text.as_str(), 1)),
        }
    }
    for p in programmes {
        let Some(t) = &p.timeline else { continue };
        let Some(variants) = forms.get(&meaning(&t.value.when)).filter(|v| v.len() > 1) else {
            continue;
        };
        // The most used form; between forms used as often, the first met.
        let mut usual = variants[0];
        for &v in &variants[1..] {
            if v.1 > usual.1 {
                usual = v;
            }
        }
        if t.value.text.as_str() == usual.0 {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::InconsistentSpelling,
                t.span,
                format!(
                    "`{}` means the same as `{}`, which the data writes {} time{}",
                    t.value.text,
                    usual.0,
                    usual.1,
                    if usual.1 == 1 { "" } else { "s" }
                ),
            )
            .with_label("one meaning, two ways of writing it")
            .with_help(format!("write `{}`, as the other programmes do", usual.0))
            .with_replacement(t.span, usual.0),
        );
    }
}

/// A timeline's meaning as a key: its form and its years.
type Meaning = (u8, i64, i64);

fn meaning(when: &When) -> Meaning {
    match *when {
        When::Year(y) => (0, y, y),
        When::Range(a, b) => (1, a, b),
        When::Quarter { quarter, year } => (2, i64::from(quarter), year),
        When::Month { month, year } => (3, i64::from(month), year),
        When::Annual => (4, 0, 0),
        When::Biennial => (5, 0, 0),
        When::ToBeConfirmed => (6, 0, 0),
    }
}

/// The [`run_hash`] of a title's [`title_key`], the key made in a buffer of each thread's own
/// (a hundred thousand titles are hashed in a run, and most runs have no same titles).
pub(super) fn title_hash(title: &str) -> u64 {
    thread_local! {
        static KEY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    KEY.with_borrow_mut(|key| {
        key.clear();
        push_title_key(title, key);
        run_hash(key.as_str())
    })
}

/// A title's letters and digits, lower-cased: "Forum on X (2022)" and "forum on x 2022" match.
pub fn title_key(title: &str) -> String {
    let mut key = String::with_capacity(title.len());
    push_title_key(title, &mut key);
    key
}

/// Appends [`title_key`] of `title` to `key`.
fn push_title_key(title: &str, key: &mut String) {
    if !title.is_ascii() {
        key.extend(
            title
                .chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase),
        );
        return;
    }
    // Most titles are plain ASCII: the same rule, byte by byte.
    for b in title.bytes() {
        if b.is_ascii_alphanumeric() {
            key.push(char::from(b.to_ascii_lowercase()));
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
    fn a_title_hashes_as_its_key_does() {
        for title in [
            "Forum on Public Service Delivery (2022)",
            "Forum – on Public Service Delivery 2022",
            "ÉCOLE – Ça va?",
            "",
        ] {
            assert_eq!(title_hash(title), run_hash(&title_key(title)), "{title}");
        }
        assert_eq!(
            title_hash("Forum on Public Service Delivery (2022)"),
            title_hash("Forum – on public-service delivery, 2022")
        );
    }

    #[test]
    fn titles_with_the_same_hash_are_still_compared_as_text() {
        // The shipped data: ACCSM and ACCSM+3 share several titles, and many titles differ.
        let (files, _) = crate::load::workspace::collect_files(&["data".into()], None);
        let loaded = crate::load::load_files(&files);
        let data = &loaded.dataset;
        let programmes: Vec<&Programme> = data.programmes.iter().collect();
        let findings = |hashes: Vec<u64>| {
            let mut out = Vec::new();
            check_same_programme_in_plans(&programmes, hashes, &mut out);
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
