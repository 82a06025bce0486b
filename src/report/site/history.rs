//! What changed in the data lately, from git: the latest commits that touched a TOML file of the
//! repository, newest first. The site is rebuilt on every push, so the first of them is what
//! changed since the build before. git runs with a fixed configuration (no pager, no colour, no
//! external diff or text conversion) and its output is read as data, never trusted as markup.

use std::path::Path;
use std::process::Command;

/// How many commits the home page lists.
pub const LATEST: usize = 10;

/// One commit that changed the data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub commit: String,
    /// The commit's date, `YYYY-MM-DD`.
    pub date: String,
    pub subject: String,
    /// The TOML files it changed, from the repository's top folder.
    pub files: Vec<String>,
}

/// The latest commits that changed a TOML file under `root`, or why they cannot be known.
pub fn latest(root: &Path) -> Result<Vec<Change>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "core.quotepath=off",
            "-c",
            "log.showSignature=false",
            "--no-pager",
            "log",
            "--no-color",
            "--no-textconv",
            "--no-ext-diff",
            "--no-renames",
            "--date=short",
            "--format=%x1e%h%x1f%ad%x1f%s",
            "--name-only",
            "-z",
        ])
        .arg(format!("-n{LATEST}"))
        .args(["--", ":(glob)**/*.toml"])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .map_err(|e| format!("git could not be run ({e})"))?;
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr);
        let first = said.lines().next().unwrap_or("").trim();
        return Err(if first.contains("not a git repository") {
            "the repository is not in git".to_string()
        } else {
            format!("git log failed: {first}")
        });
    }
    Ok(parse(&String::from_utf8_lossy(&out.stdout)))
}

/// Reads `git log --format=%x1e%h%x1f%ad%x1f%s --name-only -z`.
fn parse(text: &str) -> Vec<Change> {
    text.split('\x1e')
        .filter(|s| !s.is_empty())
        .filter_map(|record| {
            // The header ends at the first NUL; the file names follow, NUL-separated.
            let mut parts = record.split('\0');
            let head = parts.next()?;
            let mut fields = head.splitn(3, '\x1f');
            let commit = fields.next()?.trim().to_string();
            let date = fields.next()?.to_string();
            let subject = fields.next().unwrap_or("").to_string();
            let files = parts
                .map(|f| f.trim_start_matches('\n').to_string())
                .filter(|f| !f.is_empty())
                .collect();
            Some(Change {
                commit,
                date,
                subject,
                files,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_is_read_commit_by_commit_with_its_files() {
        let text = "\x1eabc1234\x1f2026-11-30\x1fAdd IDN's 2026 return <b>\0\ndata/returns/IDN/2026.toml\0data/x.toml\0\x1edef5678\x1f2026-11-01\x1fFirst\0\ndata/plans/a.toml\0";
        let changes = parse(text);
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].subject, "Add IDN's 2026 return <b>");
        assert_eq!(
            changes[0].files,
            ["data/returns/IDN/2026.toml", "data/x.toml"]
        );
        assert_eq!(changes[1].date, "2026-11-01");
        assert!(parse("").is_empty());
    }
}
