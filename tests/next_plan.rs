//! From 2021-2025 to 2026-2030: the next plans built from the shipped data with `new plan --from`
//! and `--carry-over`, a few ASCC Strategic Plan entries (TEST DATA: the Strategic Plan's text is
//! not in accsm's sources) and a Timor-Leste return; then what the Secretariat relies on: validate
//! clean but for the re-map findings, the new framework in `list`, history both ways in `show`,
//! "of 11" in 2026-2030 and "of 10" in 2021-2025, and the chair rotation with Timor-Leste.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;

use common::{accsm_in, assert_exit, copy_dir, root, stderr, stdout, temp_dir};

/// Strategic Plan entries for the test only (ids and titles invented, and said to be).
const TEST_ENTRIES: &str = r#"# TEST DATA for tests/next_plan.rs: NOT the ASCC Strategic Plan's entries, whose text is not in
# accsm's sources. Ids and titles are made up to exercise the framework's levels.

[[framework_entry]]
id = "T1"
framework = "ascc-strategic-plan"
level = "goal"
title = "Test goal one"

[[framework_entry]]
id = "T1.1"
framework = "ascc-strategic-plan"
level = "objective"
parent = "T1"
title = "Test objective one point one"

[[framework_entry]]
id = "T1.1.1"
framework = "ascc-strategic-plan"
level = "measure"
parent = "T1.1"
title = "Test measure one point one point one"
"#;

/// A programme of the new plan coordinated by Timor-Leste, citing the test entries.
const TLS_PROGRAMME: &str = r#"
[[programme]]
plan = "accsm-2026-2030"
number = 100
title = "Test workshop coordinated by Timor-Leste"
areas = ["PA1"]
timeline = "2027"
budget = { text = "Cost-sharing", sources = ["cost-sharing"] }
coordinators = ["TLS"]
goals = ["T1"]
objectives = ["T1.1"]
measures = ["T1.1.1"]
"#;

/// Timor-Leste's 2026 return under the new plan: E.2 answered yes.
const TLS_RETURN: &str = r#"[return]
plan = "accsm-2026-2030"
country = "TLS"
year = 2026

[return.answers."E.2"]
yes = true
"#;

/// The shipped data with the illustrative 2021-2025 returns, two statuses reported, and the
/// 2026-2030 plans made from it.
fn next_repository() -> tempfile::TempDir {
    let dir = temp_dir("accsm-next-plan-");
    let repo = dir.path();
    copy_dir(&root().join("data"), &repo.join("data"));
    copy_dir(
        &root().join("examples/kpi-returns/returns"),
        &repo.join("returns"),
    );
    std::fs::write(
        repo.join("accsm.toml"),
        "name = \"test\"\ndata = [\"data\", \"returns\"]\nreturns = \"returns\"\n",
    )
    .unwrap();
    // Programme 1 completed, programme 17 ongoing (test data): completed ones are not carried.
    let plan = repo.join("data/plans/accsm-2021-2025.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let text = text
        .replacen(
            "number = 1\ntitle = \"Online Workshop",
            "number = 1\nstatus = \"completed\"\ntitle = \"Online Workshop",
            1,
        )
        .replacen("number = 17\n", "number = 17\nstatus = \"ongoing\"\n", 1);
    std::fs::write(&plan, text).unwrap();
    let made = accsm_in(
        repo,
        &[
            "new",
            "plan",
            "accsm-2026-2030",
            "--from",
            "accsm-2021-2025",
            "--carry-over",
            "--kpis",
        ],
    );
    assert_exit(&made, 0);
    let said = stdout(&made);
    assert!(said.contains("carried over 38 programmes"), "{said}");
    assert!(said.contains("17→16"), "{said}");
    let plus_three = accsm_in(
        repo,
        &[
            "new",
            "plan",
            "accsm-plus-three-2026-2030",
            "--from",
            "accsm-plus-three-2021-2025",
            "--carry-over",
        ],
    );
    assert_exit(&plus_three, 0);
    std::fs::write(
        repo.join("data/reference/test-strategic-plan-entries.toml"),
        TEST_ENTRIES,
    )
    .unwrap();
    let new_plan = repo.join("data/plans/accsm-2026-2030.toml");
    let mut text = std::fs::read_to_string(&new_plan).unwrap();
    text.push_str(TLS_PROGRAMME);
    std::fs::write(&new_plan, text).unwrap();
    std::fs::create_dir_all(repo.join("returns/TLS")).unwrap();
    std::fs::write(repo.join("returns/TLS/2026.toml"), TLS_RETURN).unwrap();
    dir
}

fn run(repo: &Path, args: &[&str]) -> String {
    let out = accsm_in(repo, args);
    assert_exit(&out, 0);
    stdout(&out)
}

#[test]
fn the_next_plans_are_built_and_every_view_follows_them() {
    let dir = next_repository();
    let repo = dir.path();

    // The carried-over programme: new number, the asterisk, the link; comments kept.
    let plan = std::fs::read_to_string(repo.join("data/plans/accsm-2026-2030.toml")).unwrap();
    assert!(plan.contains("framework = \"ascc-strategic-plan\""));
    assert!(plan.contains("follows = \"accsm-2021-2025\""));
    assert!(plan.contains("from = \"accsm-2021-2025/17\""));
    assert!(!plan.contains("from = \"accsm-2021-2025/1\"\n"));
    assert!(plan.contains("carried_over = true"));
    assert!(plan.contains("# published: $11,000.00 USD ($15,000.00); the local amount"));

    // Validate: clean but for the programmes still citing the ASCC Blueprint 2025.
    let out = accsm_in(repo, &["validate", "--format", "json"]);
    assert_exit(&out, 0);
    let findings = common::json_findings(&out);
    assert!(!findings.is_empty());
    for f in &findings {
        assert_eq!(f["code"], "cites-other-framework", "{f}");
    }
    let human = run(repo, &["validate"]);
    assert!(
        human.contains("cites the ASCC Blueprint 2025 (`kras`: `A.2`, `E.1`); map it to the plan's framework, the ASCC Strategic Plan"),
        "{human}"
    );

    // The new framework in list: by coordinator, by measure and by any level.
    let tls = run(repo, &["list", "--coordinator", "TLS", "--format", "csv"]);
    assert!(
        tls.contains("accsm-2026-2030,100,Test workshop coordinated by Timor-Leste"),
        "{tls}"
    );
    assert_eq!(tls.lines().count(), 2, "{tls}");
    for filter in [
        ["--measure", "T1.1.1"],
        ["--cites", "goal=T1"],
        ["--cites", "objectives=T1.1"],
    ] {
        let out = run(repo, &["list", filter[0], filter[1], "--count"]);
        assert_eq!(out.trim(), "1", "{filter:?}");
    }
    // A Blueprint measure still finds the 2021-2025 programmes and those carried over.
    let both = run(repo, &["list", "--measure", "E.1.vii", "--format", "csv"]);
    assert!(both.contains("\naccsm-2021-2025,"));
    assert!(both.contains("\naccsm-2026-2030,"));
    let carried = run(repo, &["list", "--carried-over", "--format", "csv"]);
    for plan in [
        "accsm-2021-2025",
        "accsm-plus-three-2021-2025",
        "accsm-2026-2030",
        "accsm-plus-three-2026-2030",
    ] {
        assert!(carried.contains(&format!("\n{plan},")), "{plan}");
    }

    // History both ways.
    let old = run(repo, &["show", "accsm-2021-2025/17"]);
    assert!(
        old.contains(
            "Continued in accsm-2026-2030/16: Management on the Integrated Information System"
        ),
        "{old}"
    );
    let new = run(repo, &["show", "accsm-2026-2030/16"]);
    assert!(
        new.contains("Carried over           yes, from accsm-2021-2025/17"),
        "{new}"
    );
    assert!(
        new.contains(
            "Continues accsm-2021-2025/17: Management on the Integrated Information System"
        )
    );
    assert!(new.contains("cites the ASCC Blueprint 2025; map it to the plan's framework"));
    let tls_show = run(repo, &["show", "accsm-2026-2030/100"]);
    assert!(
        tls_show.contains("ASCC Strategic Plan: strategic goals"),
        "{tls_show}"
    );
    assert!(tls_show.contains("T1.1.1     Test measure one point one point one"));

    // Eleven AMS in 2026-2030, ten in 2021-2025.
    let next = run(
        repo,
        &["trend", "--plan", "accsm-2026-2030", "--kpi", "E.2"],
    );
    assert!(next.contains("of 11 AMS"), "{next}");
    assert!(next.contains("Timor-Leste"));
    assert!(next.contains("baseline: its last reading under accsm-2021-2025"));
    assert!(next.contains("each AMS's baseline is its own last reading under accsm-2021-2025"));
    let ended = run(
        repo,
        &["trend", "--plan", "accsm-2021-2025", "--kpi", "E.2"],
    );
    assert!(ended.contains("of 10 AMS"), "{ended}");
    assert!(!ended.contains("Timor-Leste"));
    let returns = run(repo, &["returns", "--plan", "accsm-2026-2030"]);
    assert!(returns.contains("Timor-Leste"));
    assert!(!run(repo, &["returns", "--plan", "accsm-2021-2025"]).contains("Timor-Leste"));
    let refused = accsm_in(
        repo,
        &[
            "new",
            "return",
            "--plan",
            "accsm-2021-2025",
            "--country",
            "TLS",
            "--year",
            "2025",
        ],
    );
    assert_exit(&refused, 2);
    assert!(stderr(&refused).contains("it joined on 2025-10-26"));

    // Ten terms of the rotation, Timor-Leste between Thailand and Viet Nam.
    let chairs = run(
        repo,
        &["chairs", "--next", "--terms", "10", "--format", "csv"],
    );
    let order: Vec<&str> = chairs
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap_or(""))
        .collect();
    assert_eq!(
        order,
        [
            "Indonesia",
            "Lao PDR",
            "Malaysia",
            "Myanmar",
            "Philippines",
            "Singapore",
            "Thailand",
            "Timor-Leste",
            "Viet Nam",
            "Brunei Darussalam"
        ],
        "{chairs}"
    );
    assert!(chairs.contains("31st,2041-2042,Timor-Leste"), "{chairs}");

    // The end-term view of 2021-2025: final status and what was carried over.
    let report = run(
        repo,
        &[
            "report",
            "--end-term",
            "--plan",
            "accsm-2021-2025",
            "--format",
            "markdown",
        ],
    );
    assert!(report.contains("# ACCSM work plans: end-term report"));
    assert!(report.contains("| completed | 1 |"), "{report}");
    assert!(report.contains("| ongoing | 1 |"));
    assert!(report.contains("38 of its programmes are carried over"));
    assert!(report.contains(
        "| 17 | Management on the Integrated Information System | ongoing | accsm-2026-2030/16 |"
    ));
}

#[test]
fn carry_over_takes_the_statuses_asked_for_and_nothing_is_written_twice() {
    let dir = temp_dir("accsm-next-plan-status-");
    let repo = dir.path();
    copy_dir(&root().join("data"), &repo.join("data"));
    std::fs::copy(root().join("accsm.toml"), repo.join("accsm.toml")).unwrap();
    let args = [
        "new",
        "plan",
        "accsm-2026-2030",
        "--from",
        "accsm-2021-2025",
        "--carry-over",
        "--status",
        "ongoing",
    ];
    let out = accsm_in(repo, &args);
    assert_exit(&out, 0);
    // No programme of the shipped plan reports a status: none is ongoing.
    assert!(!stdout(&out).contains("carried over"));
    let again = accsm_in(repo, &args);
    assert_exit(&again, 2);
    assert!(stderr(&again).contains("already in the repository"));
    for bad in [
        vec!["new", "plan", "../x", "--from", "accsm-2021-2025"],
        vec![
            "new",
            "plan",
            "y",
            "--from",
            "accsm-2021-2025",
            "--status",
            "ongoing",
        ],
        vec!["new", "plan", "y", "--from", "nope"],
        vec![
            "new",
            "plan",
            "y",
            "--from",
            "accsm-2021-2025",
            "--period",
            "2030-2026",
        ],
    ] {
        assert_exit(&accsm_in(repo, &bad), 2);
    }
    assert!(!repo.join("data/plans/y.toml").exists());
}
