//! The reference views read back from the data: the next chair by the rotation rule of the Terms
//! of Reference, and only when the recorded chairs follow it; the ARCs by country name.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use accsm::load::{embedded, load_texts};
use accsm::model::Dataset;
use accsm::report::references::arcs_grid;
use accsm::report::rotation::next_chair;

/// The shipped country list with the given chairs (or ARCs).
fn with(extra: &str) -> Dataset {
    let parties = embedded::file("data/reference/parties.toml").unwrap();
    let loaded = load_texts(&[
        (PathBuf::from("parties.toml"), parties),
        (PathBuf::from("extra.toml"), extra),
    ]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.dataset
}

fn chairs(list: &[(i64, &str)]) -> String {
    list.iter()
        .map(|(m, c)| format!("[[chair]]\nmeeting = {m}\ncountry = \"{c}\"\n"))
        .collect()
}

#[test]
fn the_next_chair_of_the_shipped_history_is_indonesia_at_the_24th() {
    let next = next_chair(&embedded::load().dataset);
    let by_rule = next.next.clone().unwrap();
    assert_eq!(
        (
            by_rule.meeting,
            by_rule.country.as_str(),
            by_rule.name.as_str()
        ),
        (24, "IDN", "Indonesia")
    );
    assert_eq!(by_rule.after_years.as_deref(), Some("2025-2026"));
    assert!(next.sentence().contains("not an announced appointment"));
}

#[test]
fn the_rotation_wraps_from_viet_nam_to_brunei_darussalam() {
    let next = next_chair(&with(&chairs(&[(20, "THA"), (21, "VNM")])));
    assert_eq!(next.next.map(|n| n.country), Some("BRN".to_string()));
}

#[test]
fn a_history_that_breaks_the_rule_leaves_the_next_chair_unknown() {
    // Indonesia after Viet Nam: the order in force is not the alphabetical one.
    let next = next_chair(&with(&chairs(&[(21, "VNM"), (22, "IDN")])));
    assert_eq!(next.next, None);
    let why = next.why_unknown.unwrap();
    assert!(
        why.contains(
            "do not follow the alphabetical rotation (Indonesia after Viet Nam at the 22nd ACCSM)"
        ),
        "{why}"
    );
    // A gap in the meeting numbers says nothing against the rule.
    let gap = next_chair(&with(&chairs(&[(19, "SGP"), (21, "VNM")])));
    assert_eq!(
        gap.next.map(|n| (n.meeting, n.country)),
        Some((22, "BRN".to_string()))
    );
}

#[test]
fn no_chairs_two_chairs_for_one_meeting_or_a_chair_not_an_ams_leave_it_unknown() {
    for (extra, why) in [
        (String::new(), "the data records no chairs"),
        (
            chairs(&[(22, "BRN"), (22, "KHM")]),
            "the 22nd ACCSM has two chairs recorded",
        ),
        (
            chairs(&[(22, "JPN")]),
            "the chair of the 22nd ACCSM, `JPN`, is not an ASEAN Member State",
        ),
    ] {
        let next = next_chair(&with(&extra));
        assert_eq!(next.next, None, "{extra}");
        let said = next.why_unknown.clone().unwrap_or_default();
        assert!(said.contains(why), "{said}");
        assert!(
            next.sentence()
                .starts_with("accsm cannot tell who chairs next: ")
        );
        assert!(next.grid().rows.is_empty());
    }
}

#[test]
fn arcs_are_listed_by_country_name_whatever_the_file_order() {
    let arcs = "[[arc]]\ncountry = \"VNM\"\nname = \"V\"\n[[arc]]\ncountry = \"BRN\"\nname = \"B\"\n\
                [[arc]]\ncountry = \"LAO\"\nname = \"L\"\n";
    let grid = arcs_grid(&with(arcs));
    let countries: Vec<&str> = grid.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(countries, ["Brunei Darussalam", "Lao PDR", "Viet Nam"]);
}
