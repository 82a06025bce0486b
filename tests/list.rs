//! `accsm list` on the shipped data, checked by what it selects: counts against the published
//! tables, year rules, reference filters. Each format, the filter errors and `show` are trycmd
//! cases in `tests/cmd/`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{accsm, stderr, stdout};

fn count(args: &[&str]) -> usize {
    let mut all = vec!["list", "--count"];
    all.extend_from_slice(args);
    let out = accsm(&all);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    stdout(&out).trim().parse().unwrap()
}

#[test]
fn coordinator_counts_match_the_published_tables() {
    let plans = ["accsm-2021-2025", "accsm-plus-three-2021-2025"];
    let expected = [
        ("Indonesia", 14, 6),
        ("IDN", 14, 6),
        ("indonesia", 14, 6),
        ("Brunei", 4, 1),
        ("Cambodia", 0, 5),
        ("Laos", 2, 2),
        ("Lao PDR", 2, 2),
        ("Malaysia", 2, 2),
        ("Myanmar", 3, 1),
        ("Philippines", 2, 2),
        ("Singapore", 4, 4),
        ("Thailand", 5, 4),
        ("Vietnam", 1, 3),
        ("Viet Nam", 1, 3),
        ("ROK", 0, 1),
        ("Korea", 0, 1),
        ("ASEAN Secretariat", 2, 0),
        ("ACCSM Chair", 1, 1),
    ];
    for (who, accsm_n, plus_three_n) in expected {
        assert_eq!(
            count(&["--coordinator", who, "--plan", plans[0]]),
            accsm_n,
            "{who}"
        );
        assert_eq!(
            count(&["--coordinator", who, "--plan", plans[1]]),
            plus_three_n,
            "{who}"
        );
    }
    assert_eq!(count(&[]), 70);
    // A filter given twice ORs its values; different filters AND.
    assert_eq!(
        count(&["--coordinator", "Brunei", "--coordinator", "Laos"]),
        8
    );
    assert_eq!(
        count(&[
            "--coordinator",
            "Brunei",
            "--coordinator",
            "Laos",
            "--plan",
            plans[1]
        ]),
        2
    );
}

#[test]
fn years_cover_ranges_and_recurring_timelines() {
    // ACCSM 10 runs 2022-2023; Annually covers every year of the plan; Biennially 2022 and 2024.
    let ids = |args: &[&str]| {
        let mut all = vec!["list", "--format", "csv"];
        all.extend_from_slice(args);
        let out = accsm(&all);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        stdout(&out)
            .lines()
            .skip(1)
            .map(|l| l.split(',').take(2).collect::<Vec<_>>().join("/"))
            .collect::<Vec<_>>()
    };
    for year in ["2022", "2023"] {
        assert!(
            ids(&["--year", year]).contains(&"accsm-2021-2025/10".to_string()),
            "{year}"
        );
    }
    assert!(!ids(&["--year", "2024"]).contains(&"accsm-2021-2025/10".to_string()));
    for year in ["2021", "2025"] {
        assert!(
            ids(&["--year", year]).contains(&"accsm-2021-2025/31".to_string()),
            "Annual in {year}"
        );
    }
    assert!(ids(&["--year", "2024"]).contains(&"accsm-plus-three-2021-2025/31".to_string()));
    assert!(!ids(&["--year", "2023"]).contains(&"accsm-plus-three-2021-2025/31".to_string()));
}

#[test]
fn reference_filters() {
    assert_eq!(count(&["--area", "PA4"]), count(&["--area", "pa 4"]));
    assert_eq!(
        count(&["--declaration", "iii", "--plan", "accsm-2021-2025"]),
        count(&["--declaration", "III", "--plan", "accsm-2021-2025"])
    );
    assert_eq!(count(&["--measure", "A.2.2.iii"]), 4);
    assert_eq!(count(&["--measure", "E.2.vii"]), 2);
    assert_eq!(count(&["--kra", "B.1"]), 2);
    // Four name Australia; ACCSM 38 through its partner, the Australian Public Service Commission.
    assert_eq!(count(&["--partner", "Australia"]), 5);
    assert_eq!(count(&["--partner", "Avisionaday"]), 1);
    assert_eq!(count(&["--status", "not-reported"]), 70);
    assert_eq!(count(&["--status", "completed"]), 0);
    assert_eq!(count(&["--search", "covid"]), 3);
    assert_eq!(count(&["--carried-over"]), 14);
}

#[test]
fn list_into_a_closed_pipe_ends_quietly() {
    // CSV, JSON and Markdown are written a row at a time; the table is built whole.
    for format in ["json", "csv", "markdown", "table"] {
        common::assert_quiet_on_closed_pipe(&["list", "--format", format]);
    }
}

/// CSV for spreadsheets: names beside ids, the amount a number with its currency, and a
/// byte-order mark with `--excel` or the manifest's `excel` default, never otherwise.
#[test]
fn csv_for_excel_has_names_amounts_and_a_byte_order_mark_when_asked() {
    let out = accsm(&["list", "--format", "csv", "--coordinator", "BRN"]);
    let text = stdout(&out);
    assert!(!text.starts_with('\u{feff}'), "a BOM nobody asked for");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = rows.records().next().unwrap().unwrap();
    assert_eq!(&first[column("coordinator_names")], "Brunei Darussalam");
    assert_eq!(&first[column("amount")], "5000");
    assert_eq!(&first[column("currency")], "USD");

    let excel = stdout(&accsm(&["list", "--format", "csv", "--excel"]));
    assert!(
        excel.starts_with("\u{feff}plan,number,"),
        "{}",
        &excel[..20]
    );
    let refused = accsm(&["list", "--excel"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));

    let repo = common::scratch_repo();
    let manifest = repo.path().join("accsm.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let text = text.replace(
        "deny_warnings = false",
        "deny_warnings = false\nexcel = true",
    );
    assert!(text.contains("excel = true"), "{text}");
    std::fs::write(&manifest, text).unwrap();
    let by_default = stdout(&common::accsm_in(repo.path(), &["list", "--format", "csv"]));
    assert!(
        by_default.starts_with('\u{feff}'),
        "the manifest's default is ignored"
    );
    let grouped = stdout(&common::accsm_in(
        repo.path(),
        &["list", "--format", "csv", "--group-by", "year"],
    ));
    assert!(grouped.starts_with('\u{feff}'), "grouped CSV has no BOM");
}
