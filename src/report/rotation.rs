//! Who chairs the ACCSM next by the rotation rule of the Terms of Reference: the AMS after the
//! latest chair in alphabetical order of the AMS's names, two-year terms. The AMS of a term are
//! the members in its first year, so Timor-Leste (an AMS since 26 October 2025) takes its turn
//! between Thailand and Viet Nam from the terms that start after it joined.

use super::references::{
    NextByRule, NextChair, ROTATION_RULE, ROTATION_SOURCE, chairs_in_order, country_name, ordinal,
    text,
};
use crate::model::{Chair, Dataset};

/// The most terms `--terms` projects: enough for every AMS twice over.
pub const MAX_TERMS: usize = 30;

/// The next chair (one term).
pub fn next_chair(data: &Dataset) -> NextChair {
    next_chairs(data, 1)
}

/// The first year of a term written `2025-2026` (or `2025`).
fn first_year(years: &str) -> Option<i64> {
    years.split('-').next()?.trim().parse().ok()
}

fn last_year(years: &str) -> Option<i64> {
    years.rsplit('-').next()?.trim().parse().ok()
}

/// The AMS of a term starting in `year` (every AMS there has been when the year is unknown).
fn ams_of_term(data: &Dataset, year: Option<i64>) -> Vec<(&str, &str)> {
    match year {
        Some(y) => data.ams_in_year(y),
        None => data.ams_by_name(),
    }
}

/// The AMS as they were at each date a member joined or left, and as they are now.
fn every_membership(data: &Dataset) -> Vec<Vec<(&str, &str)>> {
    let mut years: Vec<i64> = data
        .ams_group()
        .map(|g| {
            g.joined
                .iter()
                .chain(g.left.iter())
                .filter_map(|m| m.date.value.get(..4)?.parse::<i64>().ok())
                .flat_map(|y| [y, y + 1])
                .collect()
        })
        .unwrap_or_default();
    years.sort_unstable();
    years.dedup();
    let mut sets: Vec<Vec<(&str, &str)>> = years.iter().map(|&y| data.ams_in_year(y)).collect();
    sets.push(data.ams_by_name());
    sets
}

/// The AMS after `name` in alphabetical order of names, wrapping round.
fn after<'a>(ams: &[(&'a str, &'a str)], name: &str) -> Option<(&'a str, &'a str)> {
    ams.iter()
        .copied()
        .find(|(_, n)| *n > name)
        .or_else(|| ams.first().copied())
}

/// The next `terms` chairs by the rule. The answer is given only when the recorded chairs
/// themselves follow the rule, meeting after meeting, each by the membership of its own term;
/// otherwise accsm says why it cannot tell rather than guess.
pub fn next_chairs(data: &Dataset, terms: usize) -> NextChair {
    let chairs = chairs_in_order(data);
    let Some(latest) = chairs.last() else {
        return NextChair::unknown("the data records no chairs".to_string());
    };
    if data.ams_by_name().is_empty() {
        return NextChair::unknown("the country list has no ASEAN Member States".to_string());
    }
    let year_of = |c: &Chair| c.years.as_ref().and_then(|y| first_year(&y.value));
    for c in &chairs {
        let ams = ams_of_term(data, year_of(c));
        if !ams.iter().any(|(id, _)| c.country.value == *id) {
            return NextChair::unknown(format!(
                "the chair of the {} ACCSM, `{}`, is not an ASEAN Member State of the country list{}",
                ordinal(c.meeting.value),
                c.country.value,
                year_of(c).map(|y| format!(" in {y}")).unwrap_or_default()
            ));
        }
    }
    for pair in chairs.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.meeting.value == b.meeting.value {
            return NextChair::unknown(format!(
                "the {} ACCSM has two chairs recorded",
                ordinal(a.meeting.value)
            ));
        }
        let a_name = country_name(data, &a.country.value);
        // A term without years: whichever membership it had, the rule may have held.
        let memberships = match year_of(b) {
            Some(y) => vec![data.ams_in_year(y)],
            None => every_membership(data),
        };
        let follows = memberships
            .iter()
            .any(|ams| after(ams, &a_name).map(|e| e.0) == Some(b.country.value.as_str()));
        if b.meeting.value == a.meeting.value + 1 && !follows {
            return NextChair::unknown(format!(
                "the recorded chairs do not follow the alphabetical rotation ({} after {} at the \
                 {} ACCSM), so the order in force is not known",
                country_name(data, &b.country.value),
                a_name,
                ordinal(b.meeting.value)
            ));
        }
    }
    let mut out = Vec::new();
    let mut meeting = latest.meeting.value;
    let mut country = latest.country.value.to_string();
    let mut years = text(&latest.years);
    for _ in 0..terms.clamp(1, MAX_TERMS) {
        let Some(next_meeting) = meeting.checked_add(1) else {
            return NextChair::unknown("the latest meeting number is too large".to_string());
        };
        // Two-year terms: the next starts the year after the last one ends.
        let start = years
            .as_deref()
            .and_then(last_year)
            .and_then(|y| y.checked_add(1));
        let next_years = start.map(|y| format!("{y}-{}", y + 1));
        let ams = ams_of_term(data, start);
        let after_name = country_name(data, &country);
        let Some((id, name)) = after(&ams, &after_name) else {
            break;
        };
        out.push(NextByRule {
            meeting: next_meeting,
            country: id.to_string(),
            name: name.to_string(),
            after_meeting: meeting,
            after_country: after_name,
            after_years: years.clone(),
            years: next_years.clone(),
        });
        meeting = next_meeting;
        country = id.to_string();
        years = next_years;
    }
    NextChair {
        next: out.first().cloned(),
        terms: out,
        why_unknown: None,
        rule: ROTATION_RULE,
        source: ROTATION_SOURCE,
    }
}
