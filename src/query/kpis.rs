//! Choosing what a KPI report is about: the plan, its KPIs and the AMS, as the user typed them,
//! with a suggestion for a near miss.

use std::collections::BTreeMap;

use super::FilterError;
use crate::lookup::Catalog;
use crate::model::{Dataset, Kpi, Plan, RefKind, Return};
use crate::spelling::did_you_mean;

/// The plan a KPI report is about: the one named, or the only plan that has KPIs.
pub fn kpi_plan<'a>(data: &'a Dataset, named: Option<&str>) -> Result<&'a Plan, FilterError> {
    if let Some(name) = named {
        return super::resolve_plan(data, name);
    }
    let with_kpis: Vec<&Plan> = data
        .plans
        .iter()
        .filter(|p| data.kpis.iter().any(|k| k.plan.value == p.id.value))
        .collect();
    match with_kpis.as_slice() {
        [one] => Ok(one),
        [] => Err(
            FilterError::new("no plan has KPIs in this repository").with_help(Some(
                "declare the plan's KPIs as [[kpi]] tables (docs/next-plan.md), or copy an \
                 earlier plan's with `accsm new plan NEW --from OLD --kpis` (`accsm init \
                 --kpis` copies the 2021-2025 ones)"
                    .to_string(),
            )),
        ),
        several => Err(FilterError::new(format!(
            "several plans have KPIs ({}); choose one with --plan",
            several
                .iter()
                .map(|p| p.id.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The plan's KPIs named by the user (all of them when none is named).
pub fn select_kpis<'a>(
    data: &'a Dataset,
    plan: &Plan,
    wanted: &[String],
) -> Result<Vec<&'a Kpi>, FilterError> {
    let of_plan: Vec<&Kpi> = data
        .kpis
        .iter()
        .filter(|k| k.plan.value == plan.id.value)
        .collect();
    if wanted.is_empty() {
        return Ok(of_plan);
    }
    wanted
        .iter()
        .map(|w| {
            let w = w.trim().trim_start_matches('[').trim_end_matches(']');
            of_plan
                .iter()
                .find(|k| k.id.value.eq_ignore_ascii_case(w))
                .copied()
                .ok_or_else(|| {
                    let ids = of_plan.iter().map(|k| k.id.value.as_str());
                    FilterError::new(format!("`{w}` is not a KPI of `{}`", plan.id.value))
                        .with_help(did_you_mean(w, ids).map(|s| format!("did you mean `{s}`?")))
                })
        })
        .collect()
}

/// The AMS typed by id, name or common spelling, as ids.
pub fn select_countries(
    catalog: &Catalog<'_>,
    wanted: &[String],
) -> Result<Vec<String>, FilterError> {
    wanted
        .iter()
        .map(|w| {
            catalog
                .party_by_name(w)
                .filter(|e| e.is_ams())
                .map(|e| e.id.value.to_string())
                .ok_or_else(|| {
                    let error = FilterError::new(format!("`{w}` is not an ASEAN Member State"));
                    if let Some(why) =
                        catalog.party_hint(w, "an ASEAN Member State", |e| e.is_ams())
                    {
                        return error.with_help(Some(why));
                    }
                    let names: Vec<(String, String)> = catalog
                        .party_names(&[RefKind::Country])
                        .into_iter()
                        .filter(|(_, id)| {
                            catalog
                                .get(RefKind::Country, id)
                                .is_some_and(|e| e.is_ams())
                        })
                        .collect();
                    let hint = did_you_mean(w, names.iter().map(|(n, _)| n.as_str()));
                    error.with_help(Some(hint.map_or_else(
                        || "name one of the ten AMS, by id (IDN) or name (Indonesia)".to_string(),
                        |s| format!("did you mean {s}?"),
                    )))
                })
        })
        .collect()
}

/// Which years each AMS has returned, for coverage reports: country id → year → return.
pub fn by_country_and_year(data: &Dataset) -> BTreeMap<&str, BTreeMap<i64, &Return>> {
    let mut map: BTreeMap<&str, BTreeMap<i64, &Return>> = BTreeMap::new();
    for r in &data.returns {
        map.entry(r.country.value.as_str())
            .or_default()
            .insert(r.year.value, r);
    }
    map
}
