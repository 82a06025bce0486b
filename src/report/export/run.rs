//! What one export works from: the data set and its lookups, and the records sorted in the
//! order they are exported.

use std::borrow::Cow;
use std::collections::HashMap;

use super::locate::Locator;
use super::spec::Cell;
use crate::load::cache::Updates;
use crate::lookup::Catalog;
use crate::model::{Answer, Dataset, Kpi, Programme, RefEntry, RefKind, Return};
use crate::source::Span;

/// What is exported: the data set, its lookups, and where its records were read.
pub struct Export<'a> {
    pub data: &'a Dataset,
    /// The data's progress updates: `data`'s own, or the same held packed.
    pub updates: Updates<'a>,
    pub catalog: &'a Catalog<'a>,
    pub locator: Locator<'a>,
}

/// The data sorted for export, and the lookups the rows need.
pub(super) struct Run<'x> {
    export: &'x Export<'x>,
    pub(super) programmes: Vec<&'x Programme>,
    pub(super) returns: Vec<&'x Return>,
    /// Each KPI's place in the files, by plan and id.
    kpis: HashMap<(&'x str, &'x str), (usize, &'x Kpi)>,
}

impl<'x> Run<'x> {
    pub(super) fn new(export: &'x Export<'x>) -> Self {
        let data = export.data;
        let mut programmes: Vec<&Programme> = data.programmes.iter().collect();
        programmes.sort_by(|a, b| {
            (a.plan.value.as_str(), a.number.value).cmp(&(b.plan.value.as_str(), b.number.value))
        });
        let name = |r: &'x Return| -> &'x str {
            export
                .catalog
                .get(RefKind::Country, &r.country.value)
                .map_or(r.country.value.as_str(), RefEntry::display_name)
        };
        let mut returns: Vec<&Return> = data.returns.iter().collect();
        returns.sort_by(|a, b| {
            (
                a.plan.value.as_str(),
                name(a),
                a.country.value.as_str(),
                a.year.value,
            )
                .cmp(&(
                    b.plan.value.as_str(),
                    name(b),
                    b.country.value.as_str(),
                    b.year.value,
                ))
        });
        let mut kpis = HashMap::new();
        for (i, k) in data.kpis.iter().enumerate() {
            kpis.entry((k.plan.value.as_str(), k.id.value.as_str()))
                .or_insert((i, k));
        }
        Run {
            export,
            programmes,
            returns,
            kpis,
        }
    }

    /// The reference lists' lookups (an entry of a framework by id without a scan of every
    /// reference, for each of a million citations).
    pub(super) fn catalog(&self) -> &'x Catalog<'x> {
        self.export.catalog
    }

    pub(super) fn data(&self) -> &'x Dataset {
        self.export.data
    }

    pub(super) fn updates(&self) -> Updates<'x> {
        self.export.updates
    }

    /// Where a record or value was read, as `file:line` relative to the repository.
    pub(super) fn locate(&self, span: Span) -> Cell<'static> {
        Cell::Text(Cow::Owned(self.export.locator.locate(span)))
    }

    /// The name or title an id resolves to in the given lists.
    pub(super) fn name(&self, kinds: &[RefKind], id: &str) -> Cell<'x> {
        kinds
            .iter()
            .find_map(|k| self.export.catalog.get(*k, id))
            .map_or(Cell::Null, |e| Cell::text(e.display_name()))
    }

    /// The KPI an answer of a return in `plan` answers, when its framework has it.
    pub(super) fn kpi(&self, plan: &'x str, kpi: &'x str) -> Option<&'x Kpi> {
        self.kpis.get(&(plan, kpi)).map(|(_, k)| *k)
    }

    /// A return's answers in the order of the KPIs of its plan; answers to KPIs the framework
    /// does not have come last, by id.
    pub(super) fn answers(&self, r: &'x Return) -> Vec<&'x Answer> {
        let mut answers: Vec<&Answer> = r.answers.iter().collect();
        answers.sort_by_cached_key(|a| {
            let place = self
                .kpis
                .get(&(r.plan.value.as_str(), a.kpi.value.as_str()))
                .map_or(usize::MAX, |(i, _)| *i);
            (place, a.kpi.value.as_str())
        });
        answers
    }
}
