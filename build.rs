//! Names the commit accsm is built from, for `accsm --version` (`accsm 0.1.0 (4976d4a6b6ac
//! 2026-11-23)`) and the date of the manual pages. It asks git; a build without git (a source
//! archive, a vendored copy) takes `ACCSM_COMMIT` and `ACCSM_COMMIT_DATE` from the environment if
//! set, and otherwise names no commit and dates the pages by the newest release in CHANGELOG.md.
//! Nothing here can fail the build.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=ACCSM_COMMIT");
    println!("cargo:rerun-if-env-changed=ACCSM_COMMIT_DATE");
    println!("cargo:rerun-if-env-changed=GIT_DIR");
    println!("cargo:rerun-if-changed=CHANGELOG.md");
    let commit = env("ACCSM_COMMIT").or_else(|| git(&["rev-parse", "--short=12", "HEAD"]));
    let date = env("ACCSM_COMMIT_DATE")
        .or_else(|| {
            commit
                .as_ref()
                .and_then(|_| git(&["log", "-1", "--format=%cs"]))
        })
        .or_else(changelog_date);
    if commit.is_some() {
        watch_git();
    } else {
        // Not a checkout (yet): build again if it becomes one.
        println!("cargo:rerun-if-changed=.git");
    }
    // A commit id or date is only ever hex digits, letters and dashes: nothing else reaches the
    // version line.
    let clean = |s: String| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
            .then_some(s)
    };
    let commit = commit.and_then(clean);
    let date = date.and_then(clean);
    let version = env!("CARGO_PKG_VERSION");
    let long = match (&commit, &date) {
        (Some(c), Some(d)) => format!("{version} ({c} {d})"),
        (Some(c), None) => format!("{version} ({c})"),
        (None, _) => version.to_string(),
    };
    println!("cargo:rustc-env=ACCSM_VERSION={long}");
    println!("cargo:rustc-env=ACCSM_DATE={}", date.unwrap_or_default());
}

fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// What git prints, or nothing when git is missing, fails, or this is not a checkout.
fn git(args: &[&str]) -> Option<String> {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")?;
    let out = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (out.status.success() && !text.is_empty()).then(|| text.to_string())
}

/// Build again when HEAD moves: HEAD itself, and the branch it points at.
fn watch_git() {
    for path in [
        git(&["rev-parse", "--git-path", "HEAD"]),
        git(&["rev-parse", "--symbolic-full-name", "HEAD"])
            .and_then(|r| git(&["rev-parse", "--git-path", &r])),
        git(&["rev-parse", "--git-path", "packed-refs"]),
    ]
    .into_iter()
    .flatten()
    {
        let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
        let full = std::path::Path::new(&dir).join(path);
        println!("cargo:rerun-if-changed={}", full.display());
    }
}

/// The date of the newest release in CHANGELOG.md: its first `## [x.y.z] - YYYY-MM-DD` heading.
fn changelog_date() -> Option<String> {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")?;
    let text = std::fs::read_to_string(std::path::Path::new(&dir).join("CHANGELOG.md")).ok()?;
    text.lines()
        .filter(|l| l.starts_with("## ["))
        .find_map(|l| l.rsplit(" - ").next().filter(|d| is_date(d)))
        .map(str::to_string)
}

fn is_date(d: &str) -> bool {
    d.len() == 10
        && d.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        })
}
