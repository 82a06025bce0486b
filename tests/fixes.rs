//! Fixes that findings carry: only where accsm is certain, and always the change its help names.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use accsm::diag::{Code, Edit};

fn published() -> accsm::load::Loaded {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    accsm::check::check_paths(&[
        root.join("data/reference"),
        root.join("data/kpis.toml"),
        root.join("tests/fixtures/published"),
    ])
}

#[test]
fn every_near_miss_spelling_carries_its_fix() {
    let loaded = published();
    let misspelled: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::MisspelledReference)
        .collect();
    assert!(misspelled.len() >= 40, "{}", misspelled.len());
    for d in misspelled {
        let fix = d
            .fix
            .as_ref()
            .unwrap_or_else(|| panic!("no fix: {}", d.message));
        let [Edit::ReplaceValue { span, value }] = fix.edits.as_slice() else {
            panic!("{fix:?}");
        };
        assert_eq!(Some(*span), d.span);
        // The fix is what the help says to write.
        assert!(
            d.help
                .as_deref()
                .unwrap_or("")
                .contains(&format!("`{value}`")),
            "{d:?}"
        );
    }
}

#[test]
fn a_typo_with_several_close_ids_has_no_fix() {
    let loaded = published();
    // `APTFCF` is close to `aptcf` only: a certain fix. Ids with several near neighbours get a
    // suggestion in words and no fix.
    for d in loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnknownReference)
    {
        if let Some(fix) = &d.fix {
            let [Edit::ReplaceValue { value, .. }] = fix.edits.as_slice() else {
                panic!("{fix:?}");
            };
            assert!(
                d.help.as_deref().unwrap_or("").contains(value.as_str()),
                "{d:?}"
            );
        }
    }
    let aptfcf = loaded
        .diagnostics
        .iter()
        .find(|d| d.message.contains("APTFCF"))
        .expect("the published APTFCF typo");
    assert!(aptfcf.fix.is_some(), "{aptfcf:?}");
}
