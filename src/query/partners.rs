//! The partner filter: which programmes a `--partner` value takes part in, and why.
//!
//! A country takes part where it is named, where a group it belongs to is named (the groups'
//! `members`, followed through groups of groups), and where a named partner organisation belongs
//! to it (the organisations' `country`). A name that is no party is looked up in the partner
//! organisations. Everything is worked out once, when the query is made: matching a programme
//! is then a few lookups of the strings it holds, with nothing allocated.

use std::collections::{BTreeSet, HashMap};

use super::FilterError;
use crate::interned::Str;
use crate::lookup::Catalog;
use crate::model::{Dataset, Programme, RefEntry, RefKind};

/// How a programme matched, best first: named beats a group, a group beats an organisation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Reason {
    rank: u8,
    text: String,
}

const NAMED: u8 = 0;
const VIA_GROUP: u8 = 1;
const VIA_ORGANISATION: u8 = 2;

/// The resolved `--partner` values.
#[derive(Clone, Debug, Default)]
pub(super) struct Partners {
    reasons: Vec<Reason>,
    /// Party ids a programme may name in `partners` or `budget.funded_by`, with their reason.
    parties: HashMap<Str, usize>,
    /// Organisation names as printed in `partner_organisations`, with their reason.
    organisations: HashMap<Str, usize>,
    /// The countries asked for, for the note on groups whose members are not listed.
    countries: Vec<String>,
    /// Values that name nothing accsm knows, as typed.
    unknown: Vec<String>,
}

impl Partners {
    pub(super) fn is_empty(&self) -> bool {
        self.reasons.is_empty() && self.unknown.is_empty()
    }

    /// Resolves one typed value and adds what it matches.
    pub(super) fn add(
        &mut self,
        data: &Dataset,
        catalog: &Catalog<'_>,
        value: &str,
    ) -> Result<(), FilterError> {
        let kinds = [RefKind::Country, RefKind::Body, RefKind::Group];
        if value.trim().is_empty() {
            return Err(FilterError::new("--partner needs a name").with_help(Some(
                "name a country, group or body (China, Plus Three, ASEC) or words of a partner \
                 organisation (Shanghai)"
                    .to_string(),
            )));
        }
        if let Some(found) = catalog
            .party_by_name(value)
            .filter(|e| kinds.contains(&e.kind))
        {
            self.add_party(data, found);
            return Ok(());
        }
        if self.add_organisations(data, value) {
            return Ok(());
        }
        // A near miss of a known name is a typo to point out; anything else is simply named by
        // no programme.
        if let Some(e) = super::party_near_miss(catalog, value, &kinds, "partner") {
            return Err(e);
        }
        self.unknown.push(value.trim().to_string());
        Ok(())
    }

    fn reason(&mut self, rank: u8, text: String) -> usize {
        if let Some(i) = self
            .reasons
            .iter()
            .position(|r| r.rank == rank && r.text == text)
        {
            return i;
        }
        self.reasons.push(Reason { rank, text });
        self.reasons.len() - 1
    }

    /// Keeps the better of two reasons for the same key.
    fn insert(&mut self, organisation: bool, key: &str, reason: usize) {
        let reasons = &self.reasons;
        let map = if organisation {
            &mut self.organisations
        } else {
            &mut self.parties
        };
        map.entry(Str::from(key))
            .and_modify(|r| {
                if reasons[reason] < reasons[*r] {
                    *r = reason;
                }
            })
            .or_insert(reason);
    }

    fn add_party(&mut self, data: &Dataset, party: &RefEntry) {
        let named = self.reason(NAMED, "named".to_string());
        self.insert(false, &party.id.value, named);
        if party.kind == RefKind::Country {
            self.countries.push(party.display_name().to_string());
        }
        for group in groups_containing(data, &party.id.value) {
            let via = self.reason(VIA_GROUP, format!("via {}", group.display_name()));
            self.insert(false, &group.id.value, via);
        }
        let of_party = data
            .references_of(RefKind::PartnerOrganisation)
            .filter(|o| {
                o.country
                    .as_ref()
                    .is_some_and(|c| c.value == party.id.value)
            });
        // Bodies that belong to the country (the Australian Public Service Commission).
        let bodies: Vec<&RefEntry> = data
            .references_of(RefKind::Body)
            .filter(|b| {
                b.country
                    .as_ref()
                    .is_some_and(|c| c.value == party.id.value)
            })
            .collect();
        for body in bodies {
            let via = self.reason(VIA_ORGANISATION, format!("via {}", body.display_name()));
            self.insert(false, &body.id.value, via);
        }
        for org in of_party.collect::<Vec<_>>() {
            let via = self.reason(VIA_ORGANISATION, format!("via {}", org.display_name()));
            for name in printed_names(org) {
                self.insert(true, name, via);
            }
        }
    }

    /// Adds the organisations whose name or alias holds `value` (ignoring case): those of the
    /// list, and those the programmes print that the list lacks. Whether any was found.
    fn add_organisations(&mut self, data: &Dataset, value: &str) -> bool {
        let words = value.trim().to_lowercase();
        if words.is_empty() {
            return false;
        }
        let mut found = false;
        let listed: Vec<&RefEntry> = data
            .references_of(RefKind::PartnerOrganisation)
            .filter(|o| printed_names(o).any(|n| n.to_lowercase().contains(&words)))
            .collect();
        for org in listed {
            let named = self.reason(NAMED, format!("named ({})", org.display_name()));
            for name in printed_names(org) {
                self.insert(true, name, named);
            }
            found = true;
        }
        // Printed names the list lacks (a repository's own, not yet listed): each distinct one
        // is looked at once.
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        for p in &data.programmes {
            for o in p.partner_organisations() {
                let name = o.value.as_str();
                if self.organisations.contains_key(name) || !seen.insert(name) {
                    continue;
                }
                if name.to_lowercase().contains(&words) {
                    let named = self.reason(NAMED, format!("named ({name})"));
                    self.insert(true, name, named);
                    found = true;
                }
            }
        }
        found
    }

    /// Whether a programme matches (without allocating).
    pub(super) fn matches(&self, p: &Programme) -> bool {
        let funded_by = p.budget.as_ref().and_then(|b| b.funded_by.as_ref());
        p.partners()
            .iter()
            .chain(funded_by)
            .any(|x| self.parties.contains_key(x.value.as_str()))
            || p.partner_organisations()
                .iter()
                .any(|o| self.organisations.contains_key(o.value.as_str()))
    }

    /// How a programme matched, for the listing: "named", "via Plus Three Countries"…, best
    /// first, each once.
    pub(super) fn matched(&self, p: &Programme) -> Vec<String> {
        let funded_by = p.budget.as_ref().and_then(|b| b.funded_by.as_ref());
        let parties = p
            .partners()
            .iter()
            .chain(funded_by)
            .filter_map(|x| self.parties.get(x.value.as_str()));
        let organisations = p
            .partner_organisations()
            .iter()
            .filter_map(|o| self.organisations.get(o.value.as_str()));
        let mut found: Vec<&Reason> = parties
            .chain(organisations)
            .map(|&i| &self.reasons[i])
            .collect();
        found.sort();
        found.dedup();
        found.into_iter().map(|r| r.text.clone()).collect()
    }

    /// Values that name nothing known, as typed.
    pub(super) fn unknown(&self) -> &[String] {
        &self.unknown
    }

    /// The countries asked for (for [`super::Query::partner_notes`]).
    pub(super) fn countries(&self) -> &[String] {
        &self.countries
    }
}

/// The name and aliases of an organisation: how programmes may print it.
fn printed_names(org: &RefEntry) -> impl Iterator<Item = &str> {
    org.name
        .iter()
        .chain(org.aliases.iter())
        .map(|n| n.value.as_str())
}

/// The groups `id` belongs to, directly or through groups of groups (ACCSM+3 holds AMS, which
/// holds Indonesia), in the order of the list. A group that lists itself does not loop.
fn groups_containing<'d>(data: &'d Dataset, id: &str) -> Vec<&'d RefEntry> {
    let groups: Vec<&RefEntry> = data.references_of(RefKind::Group).collect();
    let mut inside: BTreeSet<&str> = BTreeSet::from([id]);
    let mut found: Vec<&RefEntry> = Vec::new();
    loop {
        let before = found.len();
        for g in &groups {
            let holds = g
                .members
                .iter()
                .flatten()
                .any(|m| inside.contains(m.value.as_str()));
            if holds && inside.insert(g.id.value.as_str()) {
                found.push(g);
            }
        }
        if found.len() == before {
            break;
        }
    }
    found.sort_by_key(|g| groups.iter().position(|x| std::ptr::eq(*x, *g)));
    found
}

/// Groups whose members the sources do not list (`members` left out).
pub(super) fn open_groups(data: &Dataset) -> HashMap<&str, &str> {
    data.references_of(RefKind::Group)
        .filter(|g| g.members.is_none())
        .map(|g| (g.id.value.as_str(), g.display_name()))
        .collect()
}

/// The partners a programme names that accsm cannot place in a country: bodies the sources
/// give no country, and partner organisations the list gives none (or does not hold).
pub(super) fn unplaced<'d>(data: &'d Dataset, p: &'d Programme) -> Vec<&'d str> {
    let funded_by = p.budget.as_ref().and_then(|b| b.funded_by.as_ref());
    let bodies = p.partners().iter().chain(funded_by).filter_map(|x| {
        data.references_of(RefKind::Body)
            .find(|b| b.id.value == x.value && b.country.is_none())
            .map(|b| b.display_name())
    });
    let organisations = p.partner_organisations().iter().filter_map(|o| {
        let listed = data
            .references_of(RefKind::PartnerOrganisation)
            .find(|e| printed_names(e).any(|n| n == o.value.as_str()));
        match listed {
            Some(e) if e.country.is_some() => None,
            _ => Some(o.value.as_str()),
        }
    });
    let mut out: Vec<&str> = bodies.chain(organisations).collect();
    out.dedup();
    out
}
