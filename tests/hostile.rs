//! Hostile repositories, as a pull request from outside the Secretariat could make them: data
//! that tries to make CI read (and echo) files from elsewhere on the machine.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A secret outside the repository, and a repository beside it.
struct Setup {
    _temp: tempfile::TempDir,
    repo: PathBuf,
    secret: PathBuf,
}

const SECRET: &str = "password = \"hunter2-do-not-echo\"\n";

fn setup(manifest: &str) -> Setup {
    let temp = tempfile::tempdir().unwrap();
    let secret = temp.path().join("secret.toml");
    std::fs::write(&secret, SECRET).unwrap();
    let repo = temp.path().join("repo");
    std::fs::create_dir_all(repo.join("data")).unwrap();
    std::fs::write(repo.join("accsm.toml"), manifest).unwrap();
    std::fs::write(
        repo.join("data/currencies.toml"),
        "[[currency]]\nid = \"USD\"\nname = \"US dollar\"\n",
    )
    .unwrap();
    Setup {
        _temp: temp,
        repo,
        secret,
    }
}

fn accsm_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accsm"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn all_output(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[cfg(unix)]
#[test]
fn a_data_file_linked_to_a_file_outside_is_reported_and_not_read() {
    let s = setup("name = \"x\"\n");
    std::os::unix::fs::symlink(&s.secret, s.repo.join("data/linked.toml")).unwrap();
    for format in ["human", "json", "github"] {
        let out = accsm_in(&s.repo, &["validate", "--format", format]);
        let text = all_output(&out);
        assert_eq!(out.status.code(), Some(1), "{format}: {text}");
        assert!(text.contains("outside-repository"), "{format}: {text}");
        assert!(text.contains("linked.toml"), "{format}: {text}");
        assert!(
            !text.contains("hunter2"),
            "{format} echoes the secret: {text}"
        );
    }
    // Reports run on what could be read, and say that the data has an error.
    let out = accsm_in(&s.repo, &["list", "--count"]);
    assert!(!all_output(&out).contains("hunter2"));
}

#[cfg(unix)]
#[test]
fn a_data_folder_linked_outside_is_reported_once_and_not_walked() {
    let s = setup("name = \"x\"\n");
    let outside = s.secret.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("a.toml"), SECRET).unwrap();
    std::fs::write(outside.join("b.toml"), SECRET).unwrap();
    std::os::unix::fs::symlink(&outside, s.repo.join("data/more")).unwrap();
    let out = accsm_in(&s.repo, &["validate"]);
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(
        text.matches("error[outside-repository]").count(),
        1,
        "{text}"
    );
    assert!(!text.contains("hunter2"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_link_that_stays_inside_the_repository_is_followed() {
    let s = setup("name = \"x\"\n");
    let shared = s.repo.join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::write(
        shared.join("bodies.toml"),
        "[[body]]\nid = \"ASEC\"\nname = \"ASEAN Secretariat\"\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&shared, s.repo.join("data/shared")).unwrap();
    let out = accsm_in(&s.repo, &["validate"]);
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("in 2 files"), "{text}");
}

#[test]
fn manifest_folders_that_leave_the_repository_are_refused() {
    for (manifest, why) in [
        (
            "name = \"x\"\ndata = [\"../../..\"]\n",
            "leads out of the repository",
        ),
        (
            "name = \"x\"\ndata = \"..\"\n",
            "leads out of the repository",
        ),
        (
            "name = \"x\"\ndata = [\"data\", \"data/../../..\"]\n",
            "leads out of the repository",
        ),
        ("name = \"x\"\ndata = \"/etc\"\n", "is an absolute path"),
        (
            "name = \"x\"\nreturns = \"../returns\"\n",
            "leads out of the repository",
        ),
    ] {
        let s = setup(manifest);
        for args in [&["validate"][..], &["list", "--count"], &["trend"]] {
            let out = accsm_in(&s.repo, args);
            let text = all_output(&out);
            assert_eq!(out.status.code(), Some(2), "{manifest} {args:?}: {text}");
            assert!(text.contains(why), "{manifest} {args:?}: {text}");
            assert!(text.contains("accsm.toml"), "{manifest}: {text}");
            assert!(!text.contains("hunter2"), "{text}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_manifest_folder_that_is_a_link_outside_is_refused() {
    let s = setup("name = \"x\"\ndata = \"linked\"\n");
    std::os::unix::fs::symlink(s.secret.parent().unwrap(), s.repo.join("linked")).unwrap();
    let out = accsm_in(&s.repo, &["validate"]);
    let text = all_output(&out);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("symbolic link"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}

#[test]
fn the_illustrative_repository_may_layer_over_the_shipped_data_of_its_git_repository() {
    // examples/kpi-returns names `../../data`: outside its own folder, inside this git repository.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if !root.join(".git").exists() {
        return; // a source archive without git: the boundary is the example's own folder
    }
    let out = accsm_in(root, &["--root", "examples/kpi-returns", "validate"]);
    assert_eq!(out.status.code(), Some(0), "{}", all_output(&out));
}
