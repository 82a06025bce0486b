//! `accsm list` and `accsm show` on the shipped data: each format snapshot-tested, counts checked
//! against the published tables, filters and their errors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;

use common::{assert_snapshot, root, stderr, stdout};

fn accsm(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_accsm"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .unwrap()
}

fn count(args: &[&str]) -> usize {
    let mut all = vec!["list", "--count"];
    all.extend_from_slice(args);
    let out = accsm(&all);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    stdout(&out).trim().parse().unwrap()
}

#[test]
fn each_format_on_the_real_data() {
    let cases = [
        (
            "list-indonesia-2023.table.txt",
            vec!["list", "--coordinator", "Indonesia", "--year", "2023"],
        ),
        (
            "list-pa3.markdown.md",
            vec!["list", "--area", "PA3", "--format", "markdown"],
        ),
        (
            "list-laos.csv",
            vec!["list", "--coordinator", "Laos", "--format", "csv"],
        ),
        (
            "list-carried-over.json",
            vec!["list", "--carried-over", "--format", "json"],
        ),
        (
            "list-group-coordinator.txt",
            vec!["list", "--group-by", "coordinator"],
        ),
        (
            "list-group-year.csv",
            vec!["list", "--group-by", "year", "--format", "csv"],
        ),
        ("show-accsm-5.txt", vec!["show", "accsm-2021-2025/5"]),
        (
            "show-plus-three-19.json",
            vec!["show", "accsm-plus-three-2021-2025/19", "--format", "json"],
        ),
    ];
    for (name, args) in cases {
        let out = accsm(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_snapshot(name, &stdout(&out));
    }
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
fn years_cover_ranges_recurring_and_not_tbc() {
    // ACCSM 10 runs 2022-2023; Annually covers every year of the plan; Biennially 2022 and 2024.
    let ids = |args: &[&str]| {
        let mut all = vec!["list", "--format", "csv"];
        all.extend_from_slice(args);
        stdout(&accsm(&all))
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
    let out = accsm(&["list", "--year", "2022", "--coordinator", "Philippines"]);
    assert!(
        stderr(&out).contains("note: 2 programmes with a TBC or blank timeline match no year: accsm-2021-2025/26, accsm-2021-2025/27"),
        "{}",
        stderr(&out)
    );
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
    assert_eq!(count(&["--partner", "Australia"]), 4);
    assert_eq!(count(&["--partner", "Avisionaday"]), 1);
    assert_eq!(count(&["--status", "not-reported"]), 70);
    assert_eq!(count(&["--status", "completed"]), 0);
    assert_eq!(count(&["--search", "covid"]), 3);
    assert_eq!(count(&["--carried-over"]), 14);
}

#[test]
fn unknown_filter_values_suggest_and_exit_2() {
    for (args, help) in [
        (
            vec!["--coordinator", "Indonsia"],
            "did you mean Indonesia (`IDN`)?",
        ),
        (
            vec!["--plan", "accsm-2021"],
            "did you mean `accsm-2021-2025`?",
        ),
        (vec!["--measure", "E.1.vi"], "did you mean `E.1.vii`?"),
        (vec!["--status", "complete"], "did you mean `completed`?"),
    ] {
        let mut all = vec!["list"];
        all.extend_from_slice(&args);
        let out = accsm(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(help), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn no_match_is_not_an_error() {
    let out = accsm(&[
        "list",
        "--coordinator",
        "Cambodia",
        "--plan",
        "accsm-2021-2025",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "no programmes match\n");
    let out = accsm(&[
        "list",
        "--coordinator",
        "Cambodia",
        "--plan",
        "accsm-2021-2025",
        "--format",
        "json",
    ]);
    assert_eq!(stdout(&out), "[]\n");
}

#[test]
fn show_unknown_ids_get_suggestions() {
    let out = accsm(&["show", "acsm-2021-2025/4"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean `accsm-2021-2025/4`?"));
    let out = accsm(&["show", "accsm-2021-2025/40"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("numbered 1 to 39"));
}

#[test]
fn list_into_a_closed_pipe_ends_quietly() {
    common::assert_quiet_on_closed_pipe(&["list", "--format", "json"]);
}
