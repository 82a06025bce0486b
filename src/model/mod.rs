//! The work-plan data set as accsm understands it: reference lists, plans and their programmes,
//! the KPI framework, KPI returns and progress updates. Types, and what they mean where several
//! records speak to one thing (which return's figure counts for a year, a programme's current
//! status): reading them is `load`'s job and checking them `check`'s. Every id and reference
//! keeps the span it was read from, so a finding can point at the exact place in the file.

mod answer;
mod budget;
mod closed;
mod framework;
mod history;
mod kpi;
mod membership;
mod outline;
mod plan;
mod programme;
mod reference;
pub mod timeline;
mod update;
mod year_figure;

pub use answer::*;
pub use budget::*;
pub use closed::ClosedSet;
pub(crate) use closed::closed_set;
pub use framework::*;
pub use history::*;
pub use kpi::*;
pub use membership::*;
pub use plan::*;
pub use programme::*;
pub use reference::*;
pub use update::*;
pub use year_figure::{Origin, YearFigure, candidates, per_year_series};

use crate::interned::Str;
use crate::source::Spanned;

pub type Text = Spanned<Str>;

/// Everything loaded from a work-plan repository.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub references: Vec<RefEntry>,
    pub frameworks: Vec<Framework>,
    pub arcs: Vec<Arc>,
    pub chairs: Vec<Chair>,
    pub plans: Vec<Plan>,
    pub programmes: Vec<Programme>,
    pub kpis: Vec<Kpi>,
    pub returns: Vec<Return>,
    /// Progress updates, in the order read (see [`ProgressUpdate`]).
    pub updates: Vec<ProgressUpdate>,
}

impl Dataset {
    pub fn references_of(&self, kind: RefKind) -> impl Iterator<Item = &RefEntry> {
        self.references.iter().filter(move |r| r.kind == kind)
    }

    pub fn reference(&self, kind: RefKind, id: &str) -> Option<&RefEntry> {
        self.references_of(kind).find(|r| r.id.value == id)
    }

    /// Every AMS there has been as (id, name), in alphabetical order of their names: the order
    /// every report uses, since the M&E framework never ranks member states. The AMS of a plan
    /// or a year are [`Dataset::ams_of`] and [`Dataset::ams_in_year`].
    pub fn ams_by_name(&self) -> Vec<(&str, &str)> {
        let mut ams: Vec<(&str, &str)> = self
            .references_of(RefKind::Country)
            .filter(|c| c.is_ams())
            .map(|c| (c.id.value.as_str(), c.display_name()))
            .collect();
        ams.sort_by(|a, b| a.1.cmp(b.1));
        ams
    }

    pub fn plan(&self, id: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.id.value == id)
    }

    /// Whether it holds nothing but programmes and progress updates (as most files of a large
    /// repository do: the rules about them need the rest, the context, read first).
    pub fn holds_only_records(&self) -> bool {
        let Dataset {
            references,
            frameworks,
            arcs,
            chairs,
            plans,
            programmes: _,
            kpis,
            returns,
            updates: _,
        } = self;
        references.is_empty()
            && frameworks.is_empty()
            && arcs.is_empty()
            && chairs.is_empty()
            && plans.is_empty()
            && kpis.is_empty()
            && returns.is_empty()
    }

    /// Gives back the room the lists grew into while files were merged (up to half of each:
    /// 8 MB of progress updates, 17 MB of programmes at 100,000 programmes).
    pub fn shrink_to_fit(&mut self) {
        self.references.shrink_to_fit();
        self.frameworks.shrink_to_fit();
        self.arcs.shrink_to_fit();
        self.chairs.shrink_to_fit();
        self.plans.shrink_to_fit();
        self.programmes.shrink_to_fit();
        self.kpis.shrink_to_fit();
        self.returns.shrink_to_fit();
        self.updates.shrink_to_fit();
    }

    /// Merges another file's records into this set, keeping file order.
    pub fn extend(&mut self, other: Dataset) {
        self.references.extend(other.references);
        self.frameworks.extend(other.frameworks);
        self.arcs.extend(other.arcs);
        self.chairs.extend(other.chairs);
        self.plans.extend(other.plans);
        self.programmes.extend(other.programmes);
        self.kpis.extend(other.kpis);
        self.returns.extend(other.returns);
        self.updates.extend(other.updates);
    }
}
