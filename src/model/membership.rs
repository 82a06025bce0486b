//! Who the ASEAN Member States were when: the `AMS` group lists its members with the date each
//! joined (and left), so "AMS" means the members during the plan or year in question. A state
//! that joins during a plan takes part from the next one (Timor-Leste joined on 26 October 2025,
//! during the last year of the 2021-2025 plans, and is an AMS of the 2026-2030 plans).

use super::{Dataset, Plan, RefEntry, RefKind};

/// The id of the group whose members are the ASEAN Member States.
pub const AMS_GROUP: &str = "AMS";

impl RefEntry {
    /// For a group: the date `member` joined, if the group records one.
    pub fn joined(&self, member: &str) -> Option<&str> {
        self.joined
            .iter()
            .find(|m| m.member.value == member)
            .map(|m| m.date.value.as_str())
    }

    /// For a group: the date `member` left, if the group records one.
    pub fn left(&self, member: &str) -> Option<&str> {
        self.left
            .iter()
            .find(|m| m.member.value == member)
            .map(|m| m.date.value.as_str())
    }

    /// For a group: whether `member` was in it on 1 January of `year`: it had joined by then
    /// (or joined before any date the group records) and had not yet left.
    pub fn member_in(&self, member: &str, year: i64) -> bool {
        let first_day = format!("{year:04}-01-01");
        let joined = self
            .joined(member)
            .is_none_or(|d| on_or_before(d, &first_day));
        let stayed = self
            .left(member)
            .is_none_or(|d| !on_or_before(d, &first_day));
        joined && stayed
    }
}

/// Whether the partial date `date` (`2025`, `2025-10`, `2025-10-26`) falls on or before the
/// full date `day`: a partial date counts from its last day, so "2025" joins at the end of 2025.
fn on_or_before(date: &str, day: &str) -> bool {
    let full = match date.len() {
        4 => format!("{date}-12-31"),
        7 => format!("{date}-31"),
        _ => date.to_string(),
    };
    full.as_str() <= day
}

impl Dataset {
    /// The AMS group, where the reference lists have it.
    pub fn ams_group(&self) -> Option<&RefEntry> {
        self.reference(RefKind::Group, AMS_GROUP)
    }

    /// The AMS in `year` as (id, name), in alphabetical order of their names: countries of kind
    /// `ams` that the AMS group does not record as joined later or left earlier.
    pub fn ams_in_year(&self, year: i64) -> Vec<(&str, &str)> {
        let group = self.ams_group();
        self.ams_by_name()
            .into_iter()
            .filter(|(id, _)| group.is_none_or(|g| g.member_in(id, year)))
            .collect()
    }

    /// The AMS of a plan: the members when it started.
    pub fn ams_of(&self, plan: &Plan) -> Vec<(&str, &str)> {
        self.ams_in_year(plan.start.value)
    }

    /// The AMS of the plan with this id; every AMS there has been when the plan is unknown.
    pub fn ams_of_plan(&self, plan: &str) -> Vec<(&str, &str)> {
        match self.plan(plan) {
            Some(p) => self.ams_of(p),
            None => self.ams_by_name(),
        }
    }

    /// Whether `country` is an AMS of the plan with this id (of any time when the plan is
    /// unknown).
    pub fn is_ams_of_plan(&self, country: &str, plan: &str) -> bool {
        self.ams_of_plan(plan).iter().any(|(id, _)| *id == country)
    }

    /// Whether `country` is an AMS in `year`.
    pub fn is_ams_in_year(&self, country: &str, year: i64) -> bool {
        self.ams_in_year(year).iter().any(|(id, _)| *id == country)
    }
}

#[cfg(test)]
mod tests {
    use super::on_or_before;

    #[test]
    fn a_partial_date_counts_from_its_last_day() {
        assert!(on_or_before("2025-10-26", "2026-01-01"));
        assert!(!on_or_before("2025-10-26", "2025-01-01"));
        assert!(!on_or_before("2026", "2026-01-01"));
        assert!(on_or_before("2025", "2026-01-01"));
        assert!(on_or_before("2026-01-01", "2026-01-01"));
    }
}
