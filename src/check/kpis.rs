//! The KPI framework: each KPI's plan, group and parent, and a scale for rating KPIs.

use super::plans::resolve_plan_in;
use super::resolve;
use crate::diag::{Code, Diagnostic, Severity};
use crate::hash::FastSet;
use crate::lookup::Catalog;
use crate::model::{AnswerKind, Dataset, RefKind};
use crate::spelling::did_you_mean;

pub(super) fn check_kpis(data: &Dataset, catalog: &Catalog<'_>, out: &mut Vec<Diagnostic>) {
    let defined: FastSet<(&str, &str)> = data
        .kpis
        .iter()
        .map(|k| (k.plan.value.as_str(), k.id.value.as_str()))
        .collect();
    for k in &data.kpis {
        resolve_plan_in(data, catalog, &k.plan, out);
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
