//! Naming plans: one resolver for every command that takes a plan (its id, its label or an
//! alias, in any case, with a suggestion for a near miss), and how a programme's timeline sits
//! against its plan's period.

use super::{FilterError, programme_years, unknown};
use crate::interned::Str;
use crate::model::{Dataset, Programme};
use crate::spelling::did_you_mean;

/// The one plan `typed` names, as [`resolve_plans`] reads it (its id, its body label or an
/// alias, in any case, with a suggestion for a near miss): what every command that takes one
/// plan (`show PLAN/NUMBER`, `new programme --plan`, `trend --plan`…) resolves it with.
pub fn resolve_plan<'a>(
    data: &'a Dataset,
    typed: &str,
) -> Result<&'a crate::model::Plan, FilterError> {
    let ids = resolve_plans(data, typed)?;
    let plans: Vec<&crate::model::Plan> = data
        .plans
        .iter()
        .filter(|p| ids.contains(&p.id.value))
        .collect();
    match plans.as_slice() {
        [one] => Ok(one),
        several => Err(FilterError::new(format!(
            "`{}` names {} plans: {}",
            crate::escape::terminal_safe(typed.trim()),
            several.len(),
            several
                .iter()
                .map(|p| p.id.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .with_help(Some("name one by its id".to_string()))),
    }
}

/// The plans a `--plan` value names: a plan by its id, or every plan whose body label (the
/// short label the tables print, `ACCSM+3`) or one of whose aliases (`ACCSM Plus Three`, `APT`)
/// it is, in any case.
pub fn resolve_plans(data: &Dataset, plan: &str) -> Result<Vec<Str>, FilterError> {
    let typed = plan.trim();
    if let Some(p) = data
        .plans
        .iter()
        .find(|p| p.id.value.eq_ignore_ascii_case(typed))
    {
        return Ok(vec![p.id.value.clone()]);
    }
    let same = |t: &crate::model::Text| t.value.trim().eq_ignore_ascii_case(typed);
    let named: Vec<Str> = data
        .plans
        .iter()
        .filter(|p| p.body.as_ref().is_some_and(same) || p.aliases.iter().any(same))
        .map(|p| p.id.value.clone())
        .collect();
    if !named.is_empty() {
        return Ok(named);
    }
    let candidates: Vec<&str> = data
        .plans
        .iter()
        .flat_map(|p| {
            std::iter::once(&p.id)
                .chain(p.body.iter())
                .chain(p.aliases.iter())
                .map(|t| t.value.as_str())
        })
        .collect();
    let listed: Vec<String> = data.plans.iter().map(plan_names).collect();
    let suggestion = did_you_mean(plan, candidates.iter().copied()).map(|s| format!("`{s}`"));
    Err(unknown(
        "plan",
        plan,
        suggestion.as_deref(),
        &format!("the plans are: {}", listed.join("; ")),
    ))
}

/// A plan's id with the other names `--plan` takes: "accsm-plus-three-2021-2025 (ACCSM+3,
/// ACCSM Plus Three, APT…)".
fn plan_names(p: &crate::model::Plan) -> String {
    let mut others: Vec<&str> = Vec::new();
    for t in p.body.iter().chain(p.aliases.iter()) {
        if !others.iter().any(|o| o.eq_ignore_ascii_case(&t.value)) {
            others.push(t.value.as_str());
        }
    }
    if others.is_empty() {
        p.id.value.to_string()
    } else {
        format!("{} ({})", p.id.value, others.join(", "))
    }
}

/// "accsm-2021-2025/38 (2020-2021) starts before its plan (2021-2025)".
pub(super) fn outside_plan(data: &Dataset, p: &Programme) -> String {
    let timeline = p
        .timeline
        .as_ref()
        .map(|t| t.value.text.to_string())
        .unwrap_or_default();
    let years = programme_years(data, p);
    let id = format!("{}/{}", p.plan.value, p.number.value);
    let Some(plan) = data.plan(&p.plan.value) else {
        return format!("{id} ({timeline})");
    };
    let (start, end) = (*plan.years().start(), *plan.years().end());
    let before = years.first().is_some_and(|&y| y < start);
    let after = years.last().is_some_and(|&y| y > end);
    let how = match (before, after) {
        (true, true) => "starts before and ends after",
        (true, false) => "starts before",
        _ => "ends after",
    };
    format!("{id} ({timeline}) {how} its plan ({start}-{end})")
}
