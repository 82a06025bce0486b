//! Every id once: reference entries, plans, KPIs, chairs; programme numbers within a plan.

use super::duplicate;
use crate::diag::Diagnostic;
use crate::hash::FastMap;
use crate::model::{Dataset, Programme, RefKind};
use crate::source::Span;

pub(super) fn check_unique_ids(data: &Dataset, out: &mut Vec<Diagnostic>) {
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

/// Programme numbers once within a plan.
pub(super) fn check_unique_programmes(list: &[&Programme], out: &mut Vec<Diagnostic>) {
    let mut programmes: FastMap<(&str, i64), Span> = FastMap::default();
    programmes.reserve(list.len());
    for p in list {
        let key = (p.plan.value.as_str(), p.number.value);
        if let Some(&first) = programmes.get(&key) {
            let what = format!("programme {} of `{}`", p.number.value, p.plan.value);
            duplicate(out, &what, p.number.span, first);
        } else {
            programmes.insert(key, p.number.span);
        }
    }
}
