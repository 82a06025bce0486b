//! Where the ids a key takes come from: the keys that name something of the reference lists,
//! plans, frameworks or KPIs, and the ids of the data set at hand that editors then offer.

use crate::model::{Dataset, RefKind};

/// Where a key's allowed ids come from.
#[derive(Clone, Copy, Debug)]
pub(super) enum Ids {
    /// The ids of these reference lists.
    Refs(&'static [RefKind]),
    /// The countries that are ASEAN Member States.
    Ams,
    Plans,
    Kpis,
    Frameworks,
}

const PARTIES: &[RefKind] = &[RefKind::Country, RefKind::Body, RefKind::Group];

/// The keys that name something of the reference lists, plans or KPIs, as `validate` resolves
/// them (see `check`): `(record, key, where the ids come from)`. For `answers`, the ids are the
/// names of its entries (`[return.answers."A.1"]`).
pub(super) const REFERENCES: &[(&str, &str, Ids)] = &[
    ("programme", "plan", Ids::Plans),
    (
        "programme",
        "areas",
        Ids::Refs(&[RefKind::PriorityArea, RefKind::ThematicArea]),
    ),
    (
        "programme",
        "coordinators",
        Ids::Refs(&[RefKind::Country, RefKind::Body]),
    ),
    ("programme", "partners", Ids::Refs(PARTIES)),
    ("programme", "apsc_lines", Ids::Refs(&[RefKind::ApscLine])),
    (
        "programme",
        "declarations",
        Ids::Refs(&[RefKind::Declaration]),
    ),
    ("budget", "currency", Ids::Refs(&[RefKind::Currency])),
    ("budget", "local_currency", Ids::Refs(&[RefKind::Currency])),
    ("budget", "sources", Ids::Refs(&[RefKind::FundingSource])),
    ("budget", "funded_by", Ids::Refs(PARTIES)),
    (
        "plan",
        "relevant_measures",
        Ids::Refs(&[RefKind::FrameworkEntry]),
    ),
    (
        "plan",
        "relevant_apsc_lines",
        Ids::Refs(&[RefKind::ApscLine]),
    ),
    ("kpi", "plan", Ids::Plans),
    ("kpi", "group", Ids::Refs(&[RefKind::KpiGroup])),
    ("kpi", "parent", Ids::Kpis),
    ("return", "plan", Ids::Plans),
    ("return", "country", Ids::Ams),
    ("return", "answers", Ids::Kpis),
    ("update", "plan", Ids::Plans),
    ("update", "ams", Ids::Ams),
    ("actual cost", "currency", Ids::Refs(&[RefKind::Currency])),
    ("arc", "country", Ids::Ams),
    ("chair", "country", Ids::Ams),
    (
        "framework_entry",
        "parent",
        Ids::Refs(&[RefKind::FrameworkEntry]),
    ),
    ("framework_entry", "framework", Ids::Frameworks),
    ("group", "members", Ids::Refs(PARTIES)),
    (
        "partner_organisation",
        "country",
        Ids::Refs(&[RefKind::Country]),
    ),
    ("body", "country", Ids::Refs(&[RefKind::Country])),
    ("apsc_line", "parent", Ids::Refs(&[RefKind::ApscLine])),
    (
        "priority_area",
        "kpi_group",
        Ids::Refs(&[RefKind::KpiGroup]),
    ),
    (
        "kpi_group",
        "priority_area",
        Ids::Refs(&[RefKind::PriorityArea]),
    ),
];

/// Where the ids of `record`.`key` come from, if it names something.
pub(super) fn ids_for(record: &str, key: &str) -> Option<Ids> {
    REFERENCES
        .iter()
        .find(|(r, k, _)| *r == record && *k == key)
        .map(|(_, _, ids)| *ids)
}

/// What one id of `ids` names, with its article: "an ASEAN Member State".
pub(super) fn noun_of(ids: Ids) -> String {
    match ids {
        Ids::Refs(kinds) => kinds
            .iter()
            .map(|k| k.noun())
            .collect::<Vec<_>>()
            .join(" or "),
        Ids::Ams => "an ASEAN Member State".to_string(),
        Ids::Plans => "a plan".to_string(),
        Ids::Kpis => "a KPI".to_string(),
        Ids::Frameworks => "a results framework".to_string(),
    }
}

/// The allowed ids, in the order the data gives them, each once.
pub(super) fn ids_of(data: &Dataset, ids: Ids) -> Vec<String> {
    let mut out: Vec<String> = match ids {
        Ids::Refs(kinds) => kinds
            .iter()
            .flat_map(|k| data.references_of(*k).map(|r| r.id.value.to_string()))
            .collect(),
        Ids::Ams => data
            .references_of(RefKind::Country)
            .filter(|c| c.is_ams())
            .map(|c| c.id.value.to_string())
            .collect(),
        Ids::Plans => data.plans.iter().map(|p| p.id.value.to_string()).collect(),
        Ids::Kpis => data.kpis.iter().map(|k| k.id.value.to_string()).collect(),
        Ids::Frameworks => data
            .frameworks
            .iter()
            .map(|f| f.id.value.to_string())
            .collect(),
    };
    let mut seen = std::collections::HashSet::new();
    out.retain(|id| seen.insert(id.clone()));
    out
}
