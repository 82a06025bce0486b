//! Results frameworks as data: a framework (the ASCC Blueprint 2025, the ASCC Strategic Plan)
//! declares its own levels, top to bottom, and its entries are `[[framework_entry]]` records.
//! Nothing here knows a level by name: the names come from the data.

use super::{Dataset, Plan, RefEntry, RefKind, Text};
use crate::source::Span;

/// One level of a framework: a characteristic, a key result area, a goal…
#[derive(Clone, Debug)]
pub struct Level {
    /// The id entries name their level with (`level = "kra"`).
    pub id: Text,
    /// The level in a sentence, singular ("key result area (KRA)").
    pub name: Text,
    /// The level in a sentence, plural, where adding "s" to the name will not do.
    pub plural: Option<Text>,
    /// The programme key that cites entries of this level (`kras`); none for a level that
    /// programmes do not cite directly.
    pub key: Option<Text>,
}

/// A results framework a plan's programmes cite.
#[derive(Clone, Debug)]
pub struct Framework {
    pub span: Span,
    pub id: Text,
    /// Its name in a sentence ("the ASCC Blueprint 2025" is written "ASCC Blueprint 2025").
    pub title: Text,
    pub levels: Box<[Level]>,
    pub source: Option<Text>,
    pub note: Option<Text>,
}

impl Level {
    /// "key result areas (KRAs)": the plural the data gives, else the name with an "s".
    pub fn plural(&self) -> String {
        match &self.plural {
            Some(p) => p.value.to_string(),
            None => format!("{}s", self.name.value),
        }
    }
}

impl Framework {
    pub fn level(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.id.value == id)
    }

    /// The level whose entries a programme cites under `key`.
    pub fn level_for_key(&self, key: &str) -> Option<&Level> {
        self.levels
            .iter()
            .find(|l| l.key.as_ref().is_some_and(|k| k.value == key))
    }

    /// The level above `level`, if any.
    pub fn parent_level(&self, level: &str) -> Option<&Level> {
        let i = self.levels.iter().position(|l| l.id.value == level)?;
        i.checked_sub(1).and_then(|i| self.levels.get(i))
    }

    /// The lowest level (the measures of both ASCC frameworks): what a plan's `relevant_measures`
    /// name.
    pub fn lowest(&self) -> Option<&Level> {
        self.levels.last()
    }

    /// The programme keys of its levels, top to bottom.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.levels
            .iter()
            .filter_map(|l| l.key.as_ref().map(|k| k.value.as_str()))
    }
}

impl RefEntry {
    /// For an entry of a results framework: (framework, level).
    pub fn framework_level(&self) -> Option<(&str, &str)> {
        if self.kind != RefKind::FrameworkEntry {
            return None;
        }
        Some((
            self.framework.as_ref()?.value.as_str(),
            self.level.as_ref()?.value.as_str(),
        ))
    }
}

impl Dataset {
    /// Gives each plan that names no framework the one its programmes cite, when the data
    /// declares several and the citations point to one alone: the framework with the most of the
    /// plan's cited ids (and relevant measures) among its entries, none when two tie or none
    /// matches. Run once the whole data set is loaded.
    pub fn settle_frameworks(&mut self) {
        if self.frameworks.len() < 2 || self.plans.iter().all(|p| p.framework.is_some()) {
            return;
        }
        let mut entries: crate::hash::FastMap<&str, Vec<&str>> = crate::hash::FastMap::default();
        for e in self.references_of(RefKind::FrameworkEntry) {
            if let Some(fw) = &e.framework {
                entries
                    .entry(e.id.value.as_str())
                    .or_default()
                    .push(fw.value.as_str());
            }
        }
        // One pass over the programmes: per plan id, how many cited ids each framework has.
        let mut votes: crate::hash::FastMap<&str, Vec<(&str, usize)>> =
            crate::hash::FastMap::default();
        for plan in self.plans.iter().filter(|p| p.framework.is_none()) {
            votes.insert(plan.id.value.as_str(), Vec::new());
        }
        let programme_ids = self
            .programmes
            .iter()
            .flat_map(|p| p.cited_ids().map(move |id| (p.plan.value.as_str(), id)));
        let plan_ids = self.plans.iter().flat_map(|p| {
            p.relevant_measures
                .iter()
                .map(move |id| (p.id.value.as_str(), id))
        });
        for (plan, id) in programme_ids.chain(plan_ids) {
            let Some(tally) = votes.get_mut(plan) else {
                continue;
            };
            for fw in entries.get(id.value.as_str()).into_iter().flatten() {
                match tally.iter_mut().find(|(f, _)| f == fw) {
                    Some((_, n)) => *n += 1,
                    None => tally.push((fw, 1)),
                }
            }
        }
        let mut chosen: Vec<(usize, Text)> = Vec::new();
        for (i, plan) in self.plans.iter().enumerate() {
            let Some(tally) = votes.get_mut(plan.id.value.as_str()) else {
                continue;
            };
            if plan.framework.is_some() {
                continue;
            }
            tally.sort_by_key(|v| std::cmp::Reverse(v.1));
            let best = match tally.as_slice() {
                [(fw, _)] => Some(*fw),
                [(fw, a), (_, b), ..] if a > b => Some(*fw),
                _ => None,
            };
            if let Some(fw) = best {
                chosen.push((i, Text::new(crate::interned::Str::from(fw), plan.id.span)));
            }
        }
        for (i, fw) in chosen {
            if let Some(plan) = self.plans.get_mut(i) {
                plan.framework = Some(fw);
            }
        }
    }

    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id.value == id)
    }

    /// The framework a plan's programmes cite: the one it names, or, when it names none and the
    /// data declares exactly one, that one (a repository of one period need not say).
    pub fn framework_of(&self, plan: &Plan) -> Option<&Framework> {
        match &plan.framework {
            Some(id) => self.framework(&id.value),
            None if self.frameworks.len() == 1 => self.frameworks.first(),
            None => None,
        }
    }

    /// The framework of the plan with this id (see [`Dataset::framework_of`]).
    pub fn framework_of_plan(&self, plan: &str) -> Option<&Framework> {
        self.framework_of(self.plan(plan)?)
    }

    /// The entries of one level of a framework, in file order.
    pub fn entries_of<'a>(
        &'a self,
        framework: &'a str,
        level: &'a str,
    ) -> impl Iterator<Item = &'a RefEntry> + 'a {
        self.references_of(RefKind::FrameworkEntry)
            .filter(move |e| e.framework_level() == Some((framework, level)))
    }

    /// An entry of a framework by id (ids are unique within a framework, whatever the level).
    pub fn framework_entry(&self, framework: &str, id: &str) -> Option<&RefEntry> {
        self.references_of(RefKind::FrameworkEntry).find(|e| {
            e.id.value == id && e.framework.as_ref().is_some_and(|f| f.value == framework)
        })
    }
}
