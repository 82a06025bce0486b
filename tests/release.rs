//! A release archive, made by `scripts/release-archive.sh` as the release workflow makes it,
//! runs on a machine without Rust: unpacked in an empty folder, its checksum checked, and run
//! with a PATH that holds no cargo, it validates a copy of the shipped data and reads the
//! built-in data outside any repository. The script packs the test build here (ACCSM_BINARY),
//! so the packing and the run are tested on every CI run without a release build of their own.

#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

use common::{copy_dir, root, stderr, stdout, temp_dir};

/// Runs a tool of the system by its absolute path, so that the PATH of the run below, which
/// holds only the archive's folder, is not needed to find it.
fn system(program: &str, args: &[&str], dir: &Path) -> Output {
    let path = ["/usr/bin", "/bin"]
        .iter()
        .map(|d| Path::new(d).join(program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("no {program} in /usr/bin or /bin"));
    Command::new(path)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// accsm from the unpacked archive, in `dir`, with nothing of Rust in reach: a PATH of only the
/// archive's folder, a new empty HOME, and no CARGO or RUSTUP variables.
fn run_unpacked(bin: &Path, dir: &Path, home: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(bin.join("accsm"));
    command.args(args).current_dir(dir).env_clear();
    command
        .env("PATH", bin)
        .env("HOME", home)
        .env("NO_COLOR", "1");
    command.output().unwrap()
}

#[test]
fn a_release_archive_runs_from_an_empty_folder_without_rust() {
    let target = format!("{}-{}", std::env::consts::ARCH, std::env::consts::OS);
    let dist = temp_dir("accsm-dist-");
    let packed = Command::new("bash")
        .arg(root().join("scripts/release-archive.sh"))
        .arg(&target)
        .arg(dist.path())
        .env("ACCSM_BINARY", env!("CARGO_BIN_EXE_accsm"))
        .output()
        .unwrap();
    assert!(packed.status.success(), "{}", stderr(&packed));
    let archive = format!("accsm-{target}.tar.gz");
    assert!(
        stdout(&packed).trim_end().ends_with(&archive),
        "{}",
        stdout(&packed)
    );

    // Somewhere else, as a user would: the archive and its checksum, nothing more.
    let machine = temp_dir("accsm-fresh-");
    for file in [archive.clone(), format!("{archive}.sha256")] {
        std::fs::copy(dist.path().join(&file), machine.path().join(&file)).unwrap();
    }
    let checked = system(
        "sha256sum",
        &["-c", &format!("{archive}.sha256")],
        machine.path(),
    );
    assert!(checked.status.success(), "{}", stderr(&checked));
    // A changed byte fails the check.
    let mut bytes = std::fs::read(machine.path().join(&archive)).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    let tampered = machine.path().join("tampered");
    std::fs::create_dir(&tampered).unwrap();
    std::fs::write(tampered.join(&archive), &bytes).unwrap();
    std::fs::copy(
        machine.path().join(format!("{archive}.sha256")),
        tampered.join(format!("{archive}.sha256")),
    )
    .unwrap();
    let refused = system(
        "sha256sum",
        &["-c", &format!("{archive}.sha256")],
        &tampered,
    );
    assert!(!refused.status.success());

    let unpacked = system("tar", &["-xzf", &archive], machine.path());
    assert!(unpacked.status.success(), "{}", stderr(&unpacked));
    let bin = machine.path().join(format!("accsm-{target}"));
    for file in [
        "accsm",
        "README.md",
        "CHANGELOG.md",
        "man/accsm.1",
        "man/accsm-validate.1",
    ] {
        assert!(bin.join(file).is_file(), "the archive has no {file}");
    }
    let home = temp_dir("accsm-home-");
    // Nothing of Rust is in reach of the run.
    let cargo = Command::new("/bin/sh")
        .args(["-c", "command -v cargo rustc"])
        .env_clear()
        .env("PATH", &bin)
        .output()
        .unwrap();
    assert!(!cargo.status.success(), "{}", stdout(&cargo));

    let version = run_unpacked(&bin, machine.path(), home.path(), &["--version"]);
    assert!(
        stdout(&version).starts_with(&format!("accsm {}", env!("CARGO_PKG_VERSION"))),
        "{}",
        stdout(&version)
    );

    // A copy of the shipped data, validated as the Secretariat would in its own folder.
    let data = temp_dir("accsm-data-");
    copy_dir(&root().join("data"), &data.path().join("data"));
    std::fs::copy(root().join("accsm.toml"), data.path().join("accsm.toml")).unwrap();
    let validated = run_unpacked(&bin, data.path(), home.path(), &["validate"]);
    assert_eq!(validated.status.code(), Some(0), "{}", stderr(&validated));
    assert!(
        stdout(&validated).contains("0 errors, 0 warnings"),
        "{}",
        stdout(&validated)
    );
    // Outside any repository, the built-in data.
    let listed = run_unpacked(
        &bin,
        machine.path(),
        home.path(),
        &["list", "--coordinator", "Indonesia", "--count"],
    );
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    assert_eq!(stdout(&listed).trim(), "20");
}
