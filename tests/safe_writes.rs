//! Every command that writes a file the user names (`report --out`, `export --out`, `new return
//! --out`) follows the rules of every write: never through a symbolic link, never over a data
//! file, never over anything without `--force`, anywhere the user can write outside the
//! repository but never out of it through a linked folder.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{TempRepo, assert_exit, stderr};

fn illustrative() -> (tempfile::TempDir, std::path::PathBuf) {
    // The shipped data and the illustrative returns, as one repository of their own.
    let temp = common::temp_dir("accsm-writes-");
    let repo = temp.path().join("repo");
    common::copy_dir(&common::root().join("data"), &repo.join("data"));
    common::copy_dir(
        &common::root().join("examples/kpi-returns/returns"),
        &repo.join("returns"),
    );
    std::fs::write(
        repo.join("accsm.toml"),
        "name = \"x\"\ndata = [\"data\", \"returns\"]\nreturns = \"returns\"\n",
    )
    .unwrap();
    (temp, repo)
}

#[cfg(unix)]
#[test]
fn report_out_never_writes_through_a_link() {
    let repo = TempRepo::with_references("report-link");
    let victim = repo.dir.parent().unwrap().join(format!(
        "victim-{}",
        repo.dir.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&victim, "export SECRET=1\n").unwrap();
    std::os::unix::fs::symlink(&victim, repo.dir.join("report.html")).unwrap();
    let out = repo.run(&["report", "--out", "report.html"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    let out = repo.run(&["report", "--out", "report.html", "--force"]);
    assert_exit(&out, 2);
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "export SECRET=1\n"
    );
    let _ = std::fs::remove_file(&victim);
}

#[test]
fn report_out_never_replaces_a_data_file_and_anything_else_only_with_force() {
    let repo = TempRepo::with_references("report-data");
    let kpis = repo.data().join("kpis.toml");
    let before = std::fs::read(&kpis).unwrap();
    for force in [false, true] {
        let mut args = vec!["report", "--out", "data/kpis.toml"];
        if force {
            args.push("--force");
        }
        let out = repo.run(&args);
        assert_exit(&out, 2);
        assert!(stderr(&out).contains("is a data file"), "{}", stderr(&out));
        assert_eq!(std::fs::read(&kpis).unwrap(), before);
    }
    // A new file is written; written again, only with --force.
    let out = repo.run(&["report", "--out", "report.html"]);
    assert_exit(&out, 0);
    std::fs::write(repo.dir.join("report.html"), "mine\n").unwrap();
    let out = repo.run(&["report", "--out", "report.html"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(repo.dir.join("report.html")).unwrap(),
        "mine\n"
    );
    let out = repo.run(&["report", "--out", "report.html", "--force"]);
    assert_exit(&out, 0);
    let html = std::fs::read_to_string(repo.dir.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    // No temporary file is left beside it.
    let left: Vec<_> = std::fs::read_dir(&repo.dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".accsm-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[cfg(unix)]
#[test]
fn a_linked_folder_inside_the_repository_does_not_take_an_output_out() {
    let repo = TempRepo::with_references("out-folder-link");
    let elsewhere = common::temp_dir("accsm-elsewhere-");
    std::os::unix::fs::symlink(elsewhere.path(), repo.dir.join("reports")).unwrap();
    for args in [
        &["report", "--out", "reports/report.html"][..],
        &["export", "--format", "xlsx", "--out", "reports/accsm.xlsx"],
        &["export", "--format", "csv", "--out", "reports/export"],
    ] {
        let out = repo.run(args);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains("outside the repository"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn export_never_replaces_a_data_file() {
    let repo = TempRepo::with_references("export-data");
    let kpis = repo.data().join("kpis.toml");
    let before = std::fs::read(&kpis).unwrap();
    let out = repo.run(&[
        "export",
        "--format",
        "jsonl",
        "--out",
        "data/kpis.toml",
        "--force",
    ]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("is a data file"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&kpis).unwrap(), before);
}

#[test]
fn new_return_writes_a_workbook_where_the_user_asks_but_never_over_a_file() {
    let (_temp, repo) = illustrative();
    let elsewhere = common::temp_dir("accsm-mail-");
    let out_path = elsewhere.path().join("idn-2023.xlsx");
    let args = [
        "new",
        "return",
        "--country",
        "IDN",
        "--year",
        "2023",
        "--format",
        "xlsx",
        "--out",
        out_path.to_str().unwrap(),
    ];
    let out = common::accsm_in(&repo, &args);
    assert_exit(&out, 0);
    assert!(std::fs::read(&out_path).unwrap().starts_with(b"PK"));
    // Never over a file that is there.
    std::fs::write(&out_path, "mine").unwrap();
    let out = common::accsm_in(&repo, &args);
    assert_exit(&out, 2);
    assert_eq!(std::fs::read_to_string(&out_path).unwrap(), "mine");
    // Never through a link.
    #[cfg(unix)]
    {
        let link = elsewhere.path().join("link.xlsx");
        std::os::unix::fs::symlink(elsewhere.path().join("target.xlsx"), &link).unwrap();
        let mut args = args;
        args[9] = link.to_str().unwrap();
        let out = common::accsm_in(&repo, &args);
        assert_exit(&out, 2);
        assert!(!elsewhere.path().join("target.xlsx").exists());
    }
}

#[cfg(unix)]
#[test]
fn fmt_counts_a_refused_file_as_left_and_says_when_a_hard_link_is_split() {
    use std::os::unix::fs::PermissionsExt;
    let repo = TempRepo::with_references("fmt-refused");
    let untidy = "[[currency]]\nid   =   \"EUR\"\nname = \"Euro\"\n";
    let path = repo.write("data/untidy.toml", untidy);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = repo.run(&["fmt"]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(!err.contains("formatted 1 of"), "{err}");
    assert!(err.contains("left as it is"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), untidy);
    // Writable again, and hard-linked from elsewhere: formatted, and the split is said.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let other = repo.dir.join("hard-link.txt");
    std::fs::hard_link(&path, &other).unwrap();
    let out = repo.run(&["fmt"]);
    assert_exit(&out, 0);
    assert!(
        stderr(&out).contains("had other hard links"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&other).unwrap(), untidy);
}

#[test]
fn a_change_made_while_fmt_waits_for_the_lock_is_kept() {
    // Another writer holds the file's lock between accsm's read and its rename, and changes
    // the file: accsm waits, then finds it changed and leaves it, as in the other order.
    let repo = TempRepo::with_references("fmt-lock");
    let untidy = "[[currency]]\nid   =   \"EUR\"\nname = \"Euro\"\n";
    let path = repo.write("data/untidy.toml", untidy);
    let held = std::fs::File::open(&path).unwrap();
    held.lock().unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_accsm"))
        .arg("fmt")
        .current_dir(&repo.dir)
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // accsm reads the file and waits for the lock meanwhile.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let theirs = "[[currency]]\nid = \"EUR\"\nname = \"Euro (edited)\"\n";
    std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, theirs.as_bytes()))
        .unwrap();
    held.unlock().unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    assert!(
        stderr(&out).contains("changed while accsm was working"),
        "{}",
        stderr(&out)
    );
}

/// `accsm init` makes its folders and files through the writer: a folder named that is a
/// symbolic link (to an empty folder elsewhere, or to nothing) is refused and nothing is
/// written where it leads; a new nested folder is made.
#[cfg(unix)]
#[test]
fn init_never_makes_a_repository_through_a_link() {
    let temp = common::temp_dir("accsm-init-link-");
    let elsewhere = temp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, temp.path().join("plans")).unwrap();
    std::os::unix::fs::symlink(temp.path().join("nothing"), temp.path().join("dangling")).unwrap();
    for name in ["plans", "dangling"] {
        let out = common::accsm_in(temp.path(), &["init", name, "--period", "2026-2030"]);
        assert_exit(&out, 2);
        assert!(
            stderr(&out).contains(&format!("error: {name} is ")),
            "{}",
            stderr(&out)
        );
    }
    assert!(
        stderr(&common::accsm_in(
            temp.path(),
            &["init", "plans", "--period", "2026-2030"]
        ))
        .contains("is a symbolic link")
    );
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    assert!(!temp.path().join("nothing").exists());
    let out = common::accsm_in(temp.path(), &["init", "a/b/plans", "--period", "2026-2030"]);
    assert_exit(&out, 0);
    assert!(temp.path().join("a/b/plans/accsm.toml").is_file());
}
