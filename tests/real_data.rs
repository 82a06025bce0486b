//! The shipped data against the published documents: counts, reference lists, and the rule that
//! every correction of the published text is recorded with a `# published:` comment.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::BTreeMap;

use accsm::diag::Severity;
use accsm::model::{Dataset, Programme, RefKind};

fn load(paths: &[&str]) -> accsm::load::Loaded {
    let root = common::root();
    let paths: Vec<_> = paths.iter().map(|p| root.join(p)).collect();
    accsm::check::check_paths(&paths)
}

fn shipped() -> accsm::load::Loaded {
    load(&["data"])
}

fn programmes<'a>(data: &'a Dataset, plan: &str) -> Vec<&'a Programme> {
    data.programmes
        .iter()
        .filter(|p| p.plan.value == plan)
        .collect()
}

#[test]
fn the_shipped_data_has_no_errors() {
    let loaded = shipped();
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn both_plans_are_complete_and_numbered_in_order() {
    let loaded = shipped();
    for (plan, count) in [("accsm-2021-2025", 39), ("accsm-plus-three-2021-2025", 31)] {
        let numbers: Vec<i64> = programmes(&loaded.dataset, plan)
            .iter()
            .map(|p| p.number.value)
            .collect();
        assert_eq!(numbers, (1..=count).collect::<Vec<_>>(), "{plan}");
    }
}

/// Programmes per coordinator, counted from the published matrices.
#[test]
fn coordinator_counts_match_the_published_tables() {
    let loaded = shipped();
    let count = |plan: &str| {
        let mut by: BTreeMap<String, usize> = BTreeMap::new();
        for p in programmes(&loaded.dataset, plan) {
            for c in p.coordinators() {
                *by.entry(c.value.to_string()).or_default() += 1;
            }
        }
        by
    };
    let expect = |pairs: &[(&str, usize)]| -> BTreeMap<String, usize> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    assert_eq!(
        count("accsm-2021-2025"),
        expect(&[
            ("ACCSM-CHAIR", 1),
            ("ASEC", 2),
            ("BRN", 4),
            ("IDN", 14),
            ("LAO", 2),
            ("MMR", 3),
            ("MYS", 2),
            ("PHL", 2),
            ("SGP", 4),
            ("THA", 5),
            ("VNM", 1),
        ])
    );
    assert_eq!(
        count("accsm-plus-three-2021-2025"),
        expect(&[
            ("ACCSM-CHAIR", 1),
            ("BRN", 1),
            ("IDN", 6),
            ("KHM", 5),
            ("KOR", 1),
            ("LAO", 2),
            ("MMR", 1),
            ("MYS", 2),
            ("PHL", 2),
            ("SGP", 4),
            ("THA", 4),
            ("VNM", 3),
        ])
    );
}

#[test]
fn reference_lists_are_complete() {
    let loaded = shipped();
    let data = &loaded.dataset;
    let ids = |kind: RefKind| -> Vec<String> {
        data.references_of(kind)
            .map(|r| r.id.value.to_string())
            .collect()
    };
    let ams: Vec<String> = data
        .references_of(RefKind::Country)
        .filter(|c| c.is_ams())
        .map(|c| c.id.value.to_string())
        .collect();
    // Every AMS there has been, in file order: the ten of 2021 and Timor-Leste, the 11th since
    // 26 October 2025.
    assert_eq!(
        ams,
        [
            "BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS"
        ]
    );
    // The AMS of the 2021-2025 plans are the ten: Timor-Leste joined during their last year.
    let of_plan: Vec<&str> = data
        .ams_of_plan("accsm-2021-2025")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(of_plan.len(), 10);
    assert!(!of_plan.contains(&"TLS"));
    assert!(data.is_ams_in_year("TLS", 2026));
    assert!(!data.is_ams_in_year("TLS", 2025));
    let ams: Vec<String> = ams.into_iter().filter(|id| id != "TLS").collect();
    assert_eq!(
        ids(RefKind::PriorityArea),
        ["PA1", "PA2", "PA3", "PA4", "PA5"]
    );
    assert_eq!(
        ids(RefKind::ThematicArea),
        ["TA1", "TA2", "TA3", "TA4", "TA5", "TA6", "TA7"]
    );
    assert_eq!(ids(RefKind::Declaration), ["I", "II", "III", "IV", "V"]);
    assert_eq!(ids(RefKind::Enabler).len(), 2);
    let kpis: Vec<&str> = data.kpis.iter().map(|k| k.id.value.as_str()).collect();
    assert_eq!(
        kpis,
        [
            "A.1", "A.1.1", "B.1", "B.1.1", "B.2", "C.1", "C.1.1", "C.2", "C.2.1", "D.1", "D.1.1",
            "D.2", "D.2.1", "E.1", "E.2", "E.2.1", "E.3"
        ]
    );
    let arcs: Vec<&str> = data.arcs.iter().map(|a| a.country.value.as_str()).collect();
    assert_eq!(arcs, ams);
    // Measures cited by rows without text are present and flagged as not quoted.
    for id in ["A.1.i", "A.1.ii", "A.2.i", "A.2.ii", "E.2.vii"] {
        let m = data.framework_entry("ascc-blueprint-2025", id).unwrap();
        assert_eq!(m.quoted, Some(false), "{id}");
        assert!(m.text.is_none(), "{id}");
    }
}

/// The as-published fixture and data/ hold the same programmes; wherever their references or
/// budgets differ, data/ explains the correction with a `# published:` comment in that programme.
#[test]
fn every_correction_of_the_published_text_is_commented() {
    let fixture = load(&[
        "data/reference",
        "data/kpis.toml",
        "tests/fixtures/published",
    ]);
    let data = shipped();
    let key = |p: &Programme| (p.plan.value.to_string(), p.number.value);
    let published: BTreeMap<_, _> = fixture
        .dataset
        .programmes
        .iter()
        .map(|p| (key(p), p))
        .collect();
    let mut corrected = 0;
    for p in &data.dataset.programmes {
        let original = published
            .get(&key(p))
            .unwrap_or_else(|| panic!("{:?} not in the fixture", key(p)));
        assert_eq!(p.title.value, original.title.value);
        assert_eq!(
            p.timeline.as_ref().map(|t| &t.value.text),
            original.timeline.as_ref().map(|t| &t.value.text)
        );
        assert_eq!(
            p.coordinators()
                .iter()
                .map(|c| &c.value)
                .collect::<Vec<_>>(),
            original
                .coordinators()
                .iter()
                .map(|c| &c.value)
                .collect::<Vec<_>>()
        );
        let values = |p: &Programme| {
            let list = |v: &[accsm::model::Text]| {
                v.iter().map(|t| t.value.to_string()).collect::<Vec<_>>()
            };
            let budget = p.budget.as_ref().map(|b| {
                (
                    b.local_currency.as_ref().map(|c| c.value.to_string()),
                    list(&b.sources),
                )
            });
            (
                list(p.lists.cited("kras")),
                list(p.lists.cited("measures")),
                list(p.apsc_lines()),
                list(p.declarations()),
                budget,
            )
        };
        if values(p) != values(original) {
            corrected += 1;
            let file = data.sources.get(p.span.file).unwrap();
            let rest = &file.text[p.span.start as usize..];
            let block_end = rest[1..]
                .find("[[programme]]")
                .map_or(rest.len(), |i| i + 1);
            assert!(
                rest[..block_end].contains("# published:"),
                "programme {:?} differs from the published text without a `# published:` comment",
                key(p)
            );
        }
    }
    assert!(
        corrected > 20,
        "only {corrected} corrected programmes: is the fixture still as published?"
    );
}
