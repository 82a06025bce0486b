//! The loader has two paths: a few small files are read in turn on the calling thread, many (or
//! large) ones on the thread pool. Both must finish the same way, settling what only the whole
//! data set decides: the framework of a plan that names none, and each programme's current
//! status from its latest progress update. The few-files path once returned before either
//! (fixed in 7a4ea07): a small repository then showed every updated programme as not reported
//! and a plan without `framework` citing nothing it could name.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;
use std::process::Output;

use common::{assert_exit, stdout};

/// Runs accsm in `repo` on a fixed day, so that no update of the test lies in the future.
fn run(repo: &Path, args: &[&str]) -> Output {
    common::accsm_on("2026-12-01", repo, args)
}

/// The shipped data (13 files, about 150 KB: the few-files path) with the plan's `framework`
/// key taken out, so the loader must settle it from the data's two frameworks, and one progress
/// update (TEST DATA) saying programme 1 was completed. `padding` more files make it many.
fn repository(padding: usize) -> tempfile::TempDir {
    let dir = common::shipped_with_updates("accsm-loader-paths-");
    let repo = dir.path();
    let plan = repo.join("data/plans/accsm-2021-2025.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let without = text.replacen("framework = \"ascc-blueprint-2025\"\n", "", 1);
    assert_ne!(
        without, text,
        "the shipped plan names no framework any more"
    );
    std::fs::write(&plan, without).unwrap();
    let updates = repo.join("updates/accsm-2021-2025/1");
    std::fs::create_dir_all(&updates).unwrap();
    std::fs::write(
        updates.join("2022-12.toml"),
        "# TEST DATA\n[update]\nplan = \"accsm-2021-2025\"\nnumber = 1\ndate = \"2022-12\"\n\
         status = \"completed\"\nmeeting = \"Test review\"\n",
    )
    .unwrap();
    for i in 0..padding {
        std::fs::write(
            repo.join(format!("updates/padding-{i:02}.toml")),
            "# TEST DATA: an empty file, so that the loader takes its many-files path\n",
        )
        .unwrap();
    }
    dir
}

/// The status `list --format json` gives programme `number` of accsm-2021-2025.
fn status_of(repo: &Path, number: i64) -> serde_json::Value {
    let out = run(
        repo,
        &["list", "--plan", "accsm-2021-2025", "--format", "json"],
    );
    assert_exit(&out, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let list = json
        .as_array()
        .or_else(|| json["programmes"].as_array())
        .expect("a list of programmes");
    list.iter()
        .find(|p| p["number"] == number)
        .unwrap_or_else(|| panic!("no programme {number}"))["status"]
        .clone()
}

#[test]
fn a_small_repository_settles_statuses_and_frameworks() {
    let dir = repository(0);
    let repo = dir.path();
    assert_eq!(status_of(repo, 1), "completed");
    assert_eq!(status_of(repo, 2), serde_json::Value::Null);
    let show = run(repo, &["show", "accsm-2021-2025/1"]);
    assert_exit(&show, 0);
    let shown = stdout(&show);
    assert!(shown.contains("completed"), "{shown}");
    assert!(
        shown.contains("ASCC Blueprint 2025: strategic measures"),
        "the plan's framework was not settled:\n{shown}"
    );
    let valid = run(repo, &["validate"]);
    assert_exit(&valid, 0);
}

#[test]
fn both_paths_of_the_loader_give_the_same_views() {
    let few = repository(0);
    let many = repository(40);
    for args in [
        &["list", "--plan", "accsm-2021-2025", "--format", "json"][..],
        &["show", "accsm-2021-2025/1"][..],
        &["progress", "--format", "csv"][..],
    ] {
        let (a, b) = (run(few.path(), args), run(many.path(), args));
        assert_exit(&a, 0);
        assert_exit(&b, 0);
        let (a, b) = (stdout(&a), stdout(&b));
        let differs = a.lines().zip(b.lines()).find(|(x, y)| x != y);
        assert!(
            a == b,
            "accsm {}: the few-files path gives {:?} where the many-files path gives {:?}",
            args.join(" "),
            differs.map(|d| d.0),
            differs.map(|d| d.1)
        );
    }
}
