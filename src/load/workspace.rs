//! Finding the work-plan repository and its data files. A repository is marked by `accsm.toml`
//! at its root; accsm finds it by walking up from the working directory, as git and cargo do.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use walkdir::WalkDir;

use super::display_path;
use crate::diag::{Code, Diagnostic};

pub const MANIFEST: &str = "accsm.toml";

/// The contents of `accsm.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// A name for the repository, shown in reports.
    pub name: String,
    /// The folder (or folders), relative to the manifest, whose `*.toml` files hold the data.
    /// Several folders let a repository layer its own files over another's, as `examples/` layers
    /// illustrative KPI returns over the shipped data.
    #[serde(default = "default_data")]
    pub data: Folders,
    /// Where `accsm new return` writes. Default: `returns` inside the first data folder.
    #[serde(default)]
    pub returns: Option<PathBuf>,
    #[serde(default)]
    pub defaults: Defaults,
}

fn default_data() -> Folders {
    Folders::One(PathBuf::from("data"))
}

/// One folder or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Folders {
    One(PathBuf),
    Many(Vec<PathBuf>),
}

/// Defaults for command options, so a repository can set its house style once.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Treat warnings as errors in `validate` (as `--deny warnings`).
    #[serde(default)]
    pub deny_warnings: bool,
}

/// A located work-plan repository.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub manifest: Manifest,
}

impl Workspace {
    /// Opens the repository at `root`, or the nearest one above the working directory.
    pub fn open(root: Option<&Path>) -> Result<Workspace> {
        let root = match root {
            Some(dir) => {
                if !dir.join(MANIFEST).is_file() {
                    bail!(
                        "{} has no {MANIFEST}: --root must name the folder that holds the manifest",
                        dir.display()
                    );
                }
                dir.to_path_buf()
            }
            None => {
                let cwd = std::env::current_dir().context("cannot read the working directory")?;
                find_root(&cwd).with_context(|| {
                    format!(
                        "no {MANIFEST} found in {} or any folder above it; run accsm inside a work-plan \
                         repository or pass --root DIR",
                        cwd.display()
                    )
                })?
            }
        };
        let path = root.join(MANIFEST);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", display_path(&path).display()))?;
        let manifest: Manifest = toml::from_str(&text).with_context(|| {
            format!("{} is not a valid manifest", display_path(&path).display())
        })?;
        Ok(Workspace { root, manifest })
    }

    /// The data folders, in the order the manifest gives them.
    pub fn data_dirs(&self) -> Vec<PathBuf> {
        match &self.manifest.data {
            Folders::One(dir) => vec![self.root.join(dir)],
            Folders::Many(dirs) => dirs.iter().map(|d| self.root.join(d)).collect(),
        }
    }

    /// The folder new KPI returns are written to.
    pub fn returns_dir(&self) -> PathBuf {
        match &self.manifest.returns {
            Some(dir) => self.root.join(dir),
            None => self
                .data_dirs()
                .into_iter()
                .next()
                .unwrap_or_else(|| self.root.clone())
                .join("returns"),
        }
    }
}

fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(MANIFEST).is_file())
        .map(Path::to_path_buf)
}

/// Every `*.toml` file under the given paths, in a stable sorted order. A path that is a file is
/// taken as it is. Folders that cannot be read, and symlink loops, become findings.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                let shown = display_path(path);
                problems.push(Diagnostic::for_path(
                    Code::Io,
                    &shown,
                    format!("cannot read {}: {e}", shown.display()),
                ));
                continue;
            }
        };
        if meta.is_file() {
            files.push(path.clone());
            continue;
        }
        let before = files.len();
        let walker = WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() && is_toml(e.path()) => {
                    files.push(e.into_path());
                }
                Ok(_) => {}
                Err(e) => {
                    let at = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| path.clone());
                    let shown = display_path(&at);
                    let why = if e.loop_ancestor().is_some() {
                        "a symbolic link loops back to a folder above it".to_string()
                    } else {
                        e.io_error()
                            .map(ToString::to_string)
                            .unwrap_or_else(|| e.to_string())
                    };
                    problems.push(Diagnostic::for_path(
                        Code::Io,
                        &shown,
                        format!("cannot read {}: {why}", shown.display()),
                    ));
                }
            }
        }
        if files.len() == before {
            let shown = display_path(path);
            problems.push(
                Diagnostic::for_path(
                    Code::NoData,
                    &shown,
                    format!("{} holds no .toml files", shown.display()),
                )
                .with_help("check the path, or the `data` folder named in accsm.toml"),
            );
        }
    }
    (files, problems)
}

fn is_toml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
}
