//! Plans: the plan a record names, and a plan's own fields. [`PlanIndex`] resolves each plan's
//! relevant lists once for all its programmes.

use super::resolve;
use crate::diag::{Code, Diagnostic};
use crate::hash::{FastMap, FastSet};
use crate::lookup::{Catalog, write_instead};
use crate::model::{Dataset, Plan, RefKind, Text};
use crate::spelling::{did_you_mean, invisible_chars_note, only_close_match, without_invisible};

/// The plan a record names, or a finding that it names none (with the closest plan id).
pub fn resolve_plan<'a>(
    data: &'a Dataset,
    id: &Text,
    out: &mut Vec<Diagnostic>,
) -> Option<&'a Plan> {
    let plan = data.plan(&id.value);
    if plan.is_none() && id.value.trim().is_empty() {
        out.push(
            Diagnostic::new(Code::EmptyValue, id.span, "`plan` is empty")
                .with_help("write the id of the plan, e.g. `plan = \"accsm-2021-2025\"`"),
        );
    } else if plan.is_none() {
        let ids: Vec<&str> = data.plans.iter().map(|p| p.id.value.as_str()).collect();
        let message = match invisible_chars_note(&id.value) {
            Some(note) => format!("there is no plan `{}`: the id {note}", id.value),
            None => format!("there is no plan `{}`", id.value),
        };
        let d = Diagnostic::new(Code::UnknownReference, id.span, message);
        let visible = without_invisible(&id.value);
        out.push(match did_you_mean(&visible, ids.iter().copied()) {
            Some(s) if s == visible => d
                .with_help(write_instead(&id.value, s))
                .with_replacement(id.span, s),
            Some(s) => {
                let d = d.with_help(format!("did you mean `{s}`?"));
                match only_close_match(&visible, ids.iter().copied()) {
                    Some(certain) => d.with_replacement(id.span, certain),
                    None => d,
                }
            }
            None => d.with_help(format!("the plans are: {}", ids.join(", "))),
        });
    }
    plan
}

/// [`resolve_plan`], except that a plan that is not found is not reported when plans may be
/// missing because a file could not be read (see [`Catalog::with_unsure`]).
pub(super) fn resolve_plan_in<'a>(
    data: &'a Dataset,
    catalog: &Catalog<'_>,
    id: &Text,
    out: &mut Vec<Diagnostic>,
) -> Option<&'a Plan> {
    let plan = data.plan(&id.value);
    if plan.is_none() && !catalog.withhold("plan") {
        resolve_plan(data, id, out);
    }
    plan
}

/// The plans by id, with their relevant lists resolved once rather than for every programme.
pub(super) struct PlanIndex<'a> {
    by_id: FastMap<&'a str, PlanInfo<'a>>,
}

pub(super) struct PlanInfo<'a> {
    pub(super) plan: &'a Plan,
    /// The ids of the relevant measures and APSC lines; `None` when the plan lists none.
    pub(super) measures: Option<FastSet<&'a str>>,
    pub(super) apsc_lines: Option<FastSet<&'a str>>,
    /// The AMS of the plan (the members when it started).
    pub(super) ams: Vec<&'a str>,
}

impl<'a> PlanIndex<'a> {
    pub(super) fn new(data: &'a Dataset, catalog: &Catalog<'a>) -> Self {
        let mut by_id = FastMap::default();
        for plan in &data.plans {
            // The first plan of an id, as `Dataset::plan` finds it.
            by_id.entry(plan.id.value.as_str()).or_insert_with(|| {
                let relevant = |values: &[Text], kind| {
                    (!values.is_empty()).then(|| relevant_ids(catalog, values, kind))
                };
                // The relevant measures are entries of the plan's framework, as meant (a
                // near-miss spelling has its own finding).
                let measures = (!plan.relevant_measures.is_empty()).then(|| {
                    relevant_ids(catalog, &plan.relevant_measures, RefKind::FrameworkEntry)
                });
                PlanInfo {
                    plan,
                    ams: data.ams_of(plan).into_iter().map(|(id, _)| id).collect(),
                    measures,
                    apsc_lines: relevant(&plan.relevant_apsc_lines, RefKind::ApscLine),
                }
            });
        }
        PlanIndex { by_id }
    }

    /// The plan of an id (the first, as `Dataset::plan` finds it), without a word if none.
    pub(super) fn get(&self, id: &str) -> Option<&'a Plan> {
        self.by_id.get(id).map(|info| info.plan)
    }

    /// The plan a programme names; when there is none, [`resolve_plan`] says so.
    pub(super) fn resolve(
        &self,
        data: &Dataset,
        catalog: &Catalog<'_>,
        id: &Text,
        out: &mut Vec<Diagnostic>,
    ) -> Option<&PlanInfo<'a>> {
        let info = self.by_id.get(id.value.as_str());
        if info.is_none() {
            resolve_plan_in(data, catalog, id, out);
        }
        info
    }
}

pub(super) fn check_plan(
    data: &Dataset,
    plan: &Plan,
    catalog: &Catalog<'_>,
    out: &mut Vec<Diagnostic>,
) {
    super::framework::check_relevant(data, plan, catalog, out);
    for l in &plan.relevant_apsc_lines {
        resolve(catalog, l, &[RefKind::ApscLine], out);
    }
    // The baseline year may lie before the period, within the years returns report on (section
    // 4 of the 2021-2025 plan names 2020, the first year of its mid-term review).
    for (label, year, years) in [
        ("baseline year", &plan.baseline_year, plan.reporting_years()),
        ("target year", &plan.target_year, plan.years()),
    ] {
        if let Some(y) = year {
            if !years.contains(&y.value) {
                out.push(Diagnostic::new(
                    Code::BadValue,
                    y.span,
                    format!(
                        "the {label} {} lies outside the years {}-{} of the plan",
                        y.value,
                        years.start(),
                        years.end()
                    ),
                ));
            }
        }
    }
}

/// What a plan is called by, for `--plan`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PlanName {
    Id,
    Label,
    Alias,
}

/// No alias may name two plans: `--plan` compares a typed name with each plan's id, label
/// (`body`) and aliases, ignoring case and the spaces around it, and an alias another plan also
/// answers to would find the wrong plan, or both.
pub(super) fn check_plan_aliases(plans: &[Plan], out: &mut Vec<Diagnostic>) {
    let mut names: FastMap<String, Vec<(usize, PlanName, &Text)>> = FastMap::default();
    for (i, plan) in plans.iter().enumerate() {
        let named = std::iter::once((PlanName::Id, &plan.id))
            .chain(plan.body.iter().map(|b| (PlanName::Label, b)))
            .chain(plan.aliases.iter().map(|a| (PlanName::Alias, a)));
        for (kind, name) in named {
            names
                .entry(plan_key(&name.value))
                .or_default()
                .push((i, kind, name));
        }
    }
    for (i, plan) in plans.iter().enumerate() {
        for alias in plan.aliases.iter().filter(|a| !a.value.trim().is_empty()) {
            // Two plans with one alias: said once, at the later one.
            let other = names.get(&plan_key(&alias.value)).and_then(|named| {
                named
                    .iter()
                    .find(|(j, kind, _)| *j != i && (*kind != PlanName::Alias || *j < i))
            });
            // An alias that is also this plan's own label (`ACCSM+3`) names what the label
            // names: every plan of the body, this one and the next (`new plan --from`).
            let own_label = plan
                .body
                .as_ref()
                .is_some_and(|b| plan_key(&b.value) == plan_key(&alias.value));
            if let Some(&(j, kind, name)) = other {
                if own_label && kind == PlanName::Label {
                    continue;
                }
                out.push(ambiguous_alias(plan, alias, &plans[j], kind, name));
            }
        }
    }
}

/// A name as `--plan` compares it.
fn plan_key(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

fn ambiguous_alias(
    plan: &Plan,
    alias: &Text,
    other: &Plan,
    kind: PlanName,
    name: &Text,
) -> Diagnostic {
    let (what, help) = match kind {
        PlanName::Id => (
            "the id of",
            format!(
                "`--plan {}` finds `{}` by its id and never this plan: remove the alias",
                alias.value.trim(),
                other.id.value
            ),
        ),
        PlanName::Label => ("the label of", remove_one(alias)),
        PlanName::Alias => ("an alias of", remove_one(alias)),
    };
    Diagnostic::new(
        Code::AmbiguousPlanAlias,
        alias.span,
        format!(
            "the alias `{}` of `{}` is also {what} the plan `{}`",
            alias.value, plan.id.value, other.id.value
        ),
    )
    .with_label("names two plans")
    .with_related(name.span, format!("`{}` is named so here", other.id.value))
    .with_help(help)
}

fn remove_one(alias: &Text) -> String {
    format!(
        "`--plan {}` would find both plans: remove the alias from one of them, or make it a \
         name of its own",
        alias.value.trim()
    )
}

/// The ids of a plan's relevant list, as meant (near-miss spellings resolved).
fn relevant_ids<'a>(catalog: &Catalog<'a>, values: &[Text], kind: RefKind) -> FastSet<&'a str> {
    values
        .iter()
        .filter_map(|v| catalog.resolve(v, &[kind]).0)
        .map(|e| e.id.value.as_str())
        .collect()
}
