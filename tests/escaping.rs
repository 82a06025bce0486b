//! Text from the data reaches the terminal escaped in every output of every command: a name or
//! title holding an escape sequence, a C1 control or a right-to-left override cannot recolour,
//! clear or reorder the screen.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The characters a terminal would obey.
const RAW: [char; 3] = ['\u{1b}', '\u{9b}', '\u{202e}'];

/// As TOML escapes in a data file.
const HOSTILE: &str = r"\u001b[31m\u009b2J\u202e";

struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: no {from}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The shipped data and the illustrative returns, with Indonesia's name and the title of
/// programme accsm-2021-2025/5 made hostile.
fn hostile_repo() -> Scratch {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("accsm-escaping-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root.join("data"), &dir.join("data"));
    copy_dir(
        &root.join("examples/kpi-returns/returns"),
        &dir.join("returns"),
    );
    std::fs::write(
        dir.join("accsm.toml"),
        "name = \"hostile\"\ndata = [\"data\", \"returns\"]\n",
    )
    .unwrap();
    edit(
        &dir.join("data/reference/parties.toml"),
        "name = \"Indonesia\"",
        &format!("name = \"Indonesia{HOSTILE}\""),
    );
    let plan = dir.join("data/plans/accsm-2021-2025.toml");
    let text = std::fs::read_to_string(&plan).unwrap();
    let at = text.find("\nnumber = 5\n").unwrap();
    let title = at + text[at..].find("title = \"").unwrap() + "title = \"".len();
    std::fs::write(
        &plan,
        format!("{}{HOSTILE}{}", &text[..title], &text[title..]),
    )
    .unwrap();
    Scratch(dir)
}

#[test]
fn every_output_of_every_command_escapes_what_the_data_says() {
    let repo = hostile_repo();
    for args in [
        &["list", "--coordinator", "IDN"][..],
        &["list", "--coordinator", "IDN", "--format", "json"],
        &["list", "--coordinator", "IDN", "--format", "markdown"],
        &["list", "--group-by", "coordinator", "--format", "json"],
        &["show", "accsm-2021-2025/5"],
        &["show", "accsm-2021-2025/5", "--format", "json"],
        &["trend", "--kpi", "A.1", "--country", "IDN"],
        &["trend", "--kpi", "A.1", "--country", "IDN", "--explain"],
        &[
            "trend",
            "--kpi",
            "A.1",
            "--country",
            "IDN",
            "--format",
            "json",
        ],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_accsm"))
            .args(args)
            .current_dir(&repo.0)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        for c in RAW {
            assert!(
                !stdout.contains(c) && !stderr.contains(c),
                "{args:?}: raw {c:?} in\n{}",
                stdout.escape_debug()
            );
        }
        assert!(
            stdout.contains("\\u{1b}") || stdout.contains("\\u001b"),
            "{args:?}: the hostile text is not shown at all\n{stdout}"
        );
    }
}
