//! The command line as users and CI meet it: each case in `tests/cmd/` runs `accsm` and compares
//! its standard output, standard error and exit code (and, beside a `<case>.out/` folder, the files
//! it writes). After an intended change of output, `TRYCMD=overwrite cargo test --test tests cli_tests::`
//! rewrites the expectations; review them with `git diff`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn cli_tests() {
    trycmd::TestCases::new()
        .case("tests/cmd/*.toml")
        .case("tests/cmd/*.trycmd");
}

/// trycmd compares only what a case pins: a stream with neither an inline value nor a
/// `.stdout`/`.stderr` file is not compared at all, and a missing status means "success". So every
/// `.toml` case must name the binary and pin both streams and the exit code, and every file beside
/// the cases must belong to one (a misnamed `.stdout` would be silently ignored).
#[test]
fn every_case_pins_stdout_stderr_and_exit_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let mut cases = BTreeSet::new();
    let mut others = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some((stem, ext)) = name.rsplit_once('.') else {
            panic!("{name}: not a case file or a case's expectation");
        };
        if ext == "toml" {
            check_toml_case(&path, &name);
        }
        if ["toml", "trycmd"].contains(&ext) {
            cases.insert(stem.to_string());
        } else {
            others.push((stem.to_string(), ext.to_string(), name.clone()));
        }
    }
    assert!(cases.len() > 40, "only {} cases found", cases.len());
    for (stem, ext, name) in others {
        assert!(
            cases.contains(&stem) && ["stdout", "stderr", "stdin", "in", "out"].contains(&&*ext),
            "{name} belongs to no case"
        );
    }
}

fn check_toml_case(path: &Path, name: &str) {
    let case: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        case.get("bin").and_then(|b| b.get("name")),
        Some(&toml::Value::from("accsm")),
        "{name}: bin.name"
    );
    assert!(
        case.get("status").and_then(|s| s.get("code")).is_some(),
        "{name}: no status.code"
    );
    for stream in ["stdout", "stderr"] {
        assert!(
            case.contains_key(stream) || path.with_extension(stream).is_file(),
            "{name}: {stream} is not pinned (inline or in a .{stream} file)"
        );
    }
}
