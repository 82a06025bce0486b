//! Finding the work-plan repository and its data files. A repository is marked by `accsm.toml`
//! at its root; accsm finds it by walking up from the working directory, as git and cargo do.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use walkdir::WalkDir;

use super::display_path;
use crate::diag::{Code, Diagnostic};

pub const MANIFEST: &str = "accsm.toml";

/// Why a work-plan repository could not be opened. The message says what is wrong and, where
/// there is something to do, how; a file system or TOML error underneath is its
/// [`source`](std::error::Error::source), to be shown after it (`outer: inner`).
#[derive(Debug)]
pub enum OpenError {
    /// `--root DIR` names a folder that holds no `accsm.toml`.
    NoManifestIn(PathBuf),
    /// No folder at or above the working directory (given) holds `accsm.toml`.
    NotFound(PathBuf),
    /// The working directory cannot be read.
    WorkingDirectory(io::Error),
    /// `accsm.toml` (the path as shown) cannot be read.
    Read { path: PathBuf, source: io::Error },
    /// `accsm.toml` (the path as shown) is not TOML, or not a manifest.
    Manifest {
        path: PathBuf,
        source: toml::de::Error,
    },
    /// The repository's folder cannot be resolved.
    Open { path: PathBuf, source: io::Error },
    /// `parent` names no work-plan repository above this one; `why` says how.
    Parent {
        manifest: PathBuf,
        parent: PathBuf,
        why: String,
    },
    /// A folder the manifest names under `key` leads out of the repository (`boundary`).
    Outside {
        manifest: PathBuf,
        key: &'static str,
        dir: PathBuf,
        why: String,
        boundary: PathBuf,
    },
}

impl OpenError {
    /// Whether the command line is what to fix (`--root`, or where accsm runs), rather than
    /// the repository's files.
    pub fn is_usage(&self) -> bool {
        matches!(self, OpenError::NoManifestIn(_) | OpenError::NotFound(_))
    }
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::NoManifestIn(dir) => write!(
                f,
                "{} has no {MANIFEST}: --root must name the folder that holds the manifest",
                dir.display()
            ),
            OpenError::NotFound(cwd) => write!(
                f,
                "no {MANIFEST} found in {} or any folder above it; run accsm inside a work-plan \
                 repository or pass --root DIR",
                cwd.display()
            ),
            OpenError::WorkingDirectory(_) => f.write_str("cannot read the working directory"),
            OpenError::Read { path, .. } => write!(f, "cannot read {}", path.display()),
            OpenError::Manifest { path, .. } => {
                write!(f, "{} is not a valid manifest", path.display())
            }
            OpenError::Open { path, .. } => write!(f, "cannot open {}", path.display()),
            OpenError::Parent {
                manifest,
                parent,
                why,
            } => write!(
                f,
                "{}: `parent = \"{}\"` {why}\n  help: name the folder above that holds the \
                 work-plan repository this one layers over, e.g. `parent = \"../..\"`, or \
                 remove the key",
                manifest.display(),
                parent.display()
            ),
            OpenError::Outside {
                manifest,
                key,
                dir,
                why,
                boundary,
            } => write!(
                f,
                "{}: `{key} = \"{}\"` {why}; accsm reads only files inside the repository ({})\n  \
                 help: name a folder inside the repository, relative to accsm.toml, e.g. `{key} = \"{key}\"`",
                manifest.display(),
                dir.display(),
                boundary.display()
            ),
        }
    }
}

impl std::error::Error for OpenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OpenError::WorkingDirectory(source)
            | OpenError::Read { source, .. }
            | OpenError::Open { source, .. } => Some(source),
            OpenError::Manifest { source, .. } => Some(source),
            OpenError::NoManifestIn(_)
            | OpenError::NotFound(_)
            | OpenError::Parent { .. }
            | OpenError::Outside { .. } => None,
        }
    }
}

/// The contents of `accsm.toml`. Its JSON Schema (`accsm schema --kind manifest`) is derived
/// from this reader, doc comments and all.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
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
    /// The work-plan repository this one layers over, as a path of `..` only (`"../.."`): a
    /// folder above that holds its own `accsm.toml`. Its files may then be read too (as
    /// `examples/kpi-returns` reads the shipped data). Without it, the repository is the folder
    /// holding `accsm.toml` and nothing outside it is read or written.
    #[serde(default)]
    #[schemars(regex(pattern = r"^\.\.(/+\.\.?)*/*$"))]
    pub parent: Option<PathBuf>,
    /// Where `accsm new update` and `accsm import updates` write. Default: `updates` inside the
    /// first data folder.
    #[serde(default)]
    pub updates: Option<PathBuf>,
    #[serde(default)]
    pub defaults: Defaults,
}

fn default_data() -> Folders {
    Folders::One(PathBuf::from("data"))
}

/// One folder or a list of them.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Folders {
    One(PathBuf),
    Many(Vec<PathBuf>),
}

/// Defaults for command options, so a repository can set its house style once.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Treat warnings as errors in `validate` (as `--deny warnings`).
    #[serde(default)]
    pub deny_warnings: bool,
    /// Write `accsm export` CSV files for spreadsheets, with a byte-order mark (as `--excel`).
    #[serde(default)]
    pub excel: bool,
}

/// A located work-plan repository.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub manifest: Manifest,
    /// The folder its files must stay inside, resolved: the folder holding `accsm.toml`, or the
    /// repository it layers over ([`Manifest::parent`]).
    pub boundary: PathBuf,
}

impl Workspace {
    /// Opens the repository at `root`, or the nearest one above the working directory.
    pub fn open(root: Option<&Path>) -> Result<Workspace, OpenError> {
        let root = match root {
            Some(dir) => {
                if !dir.join(MANIFEST).is_file() {
                    return Err(OpenError::NoManifestIn(dir.to_path_buf()));
                }
                dir.to_path_buf()
            }
            None => {
                let cwd = std::env::current_dir().map_err(OpenError::WorkingDirectory)?;
                find_root(&cwd).ok_or(OpenError::NotFound(cwd))?
            }
        };
        let path = root.join(MANIFEST);
        let shown = display_path(&path);
        let text = std::fs::read_to_string(&path).map_err(|source| OpenError::Read {
            path: shown.clone(),
            source,
        })?;
        let manifest: Manifest = toml::from_str(&text).map_err(|source| OpenError::Manifest {
            path: shown.clone(),
            source,
        })?;
        let real_root = root.canonicalize().map_err(|source| OpenError::Open {
            path: root.clone(),
            source,
        })?;
        let boundary = match &manifest.parent {
            None => real_root,
            Some(parent) => {
                parent_boundary(&real_root, parent).map_err(|why| OpenError::Parent {
                    manifest: shown,
                    parent: parent.clone(),
                    why,
                })?
            }
        };
        let workspace = Workspace {
            boundary,
            root,
            manifest,
        };
        for (key, dir) in workspace.manifest_folders() {
            workspace.check_inside(key, dir)?;
        }
        Ok(workspace)
    }

    /// The folders the manifest names, with their keys.
    fn manifest_folders(&self) -> Vec<(&'static str, &Path)> {
        let mut folders: Vec<(&'static str, &Path)> = match &self.manifest.data {
            Folders::One(dir) => vec![("data", dir.as_path())],
            Folders::Many(dirs) => dirs.iter().map(|d| ("data", d.as_path())).collect(),
        };
        folders.extend(
            self.manifest
                .returns
                .iter()
                .map(|d| ("returns", d.as_path())),
        );
        folders.extend(
            self.manifest
                .updates
                .iter()
                .map(|d| ("updates", d.as_path())),
        );
        folders
    }

    /// Refuses a manifest folder that leads out of the repository: an absolute path, `..` past
    /// the repository, or a symbolic link to a folder outside it. A pull request must not be able
    /// to make CI read (and echo) files elsewhere on the machine.
    fn check_inside(&self, key: &'static str, dir: &Path) -> Result<(), OpenError> {
        let refuse = |why: String| OpenError::Outside {
            manifest: display_path(&self.root.join(MANIFEST)),
            key,
            dir: dir.to_path_buf(),
            why,
            boundary: display_path(&self.boundary),
        };
        if dir.has_root() || dir.is_absolute() {
            return Err(refuse("is an absolute path".to_string()));
        }
        let real_root = self.root.canonicalize().map_err(|source| OpenError::Open {
            path: self.root.clone(),
            source,
        })?;
        let Some(lexical) = normalize(&real_root.join(dir)) else {
            return Err(refuse("leads out of the repository".to_string()));
        };
        if !lexical.starts_with(&self.boundary) {
            return Err(refuse("leads out of the repository".to_string()));
        }
        // A folder that does not exist yet (`returns`) has no link to follow.
        if let Ok(real) = real_root.join(dir).canonicalize() {
            if !real.starts_with(&self.boundary) {
                return Err(refuse(format!(
                    "is a symbolic link to {}, outside the repository",
                    real.display()
                )));
            }
        }
        Ok(())
    }

    /// Every data file of the repository, and what kept any from being read.
    pub fn data_files(&self) -> (Vec<PathBuf>, Vec<Diagnostic>) {
        let dirs = self.data_dirs();
        if dirs.is_empty() {
            let manifest = display_path(&self.root.join(MANIFEST));
            let problem = Diagnostic::for_path(
                Code::NoData,
                &manifest,
                format!(
                    "{}: `data = []` names no data folder, so there is nothing to check",
                    manifest.display()
                ),
            )
            .with_help("name the folder that holds the work plans, e.g. `data = \"data\"`");
            return (Vec::new(), vec![problem]);
        }
        collect_files(&dirs, Some(&self.boundary))
    }

    /// Whether `path` lies inside one of the data folders (both as given or resolved).
    pub fn holds(&self, path: &Path) -> bool {
        let Ok(real) = path.canonicalize() else {
            return false;
        };
        self.data_dirs()
            .iter()
            .filter_map(|d| d.canonicalize().ok())
            .any(|d| real.starts_with(d))
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

    /// Where the return of `country` for `year` goes: `returns/IDN/2023.toml` in the returns
    /// folder (`extension` `xlsx` for its workbook).
    pub fn return_path(&self, country: &str, year: i64, extension: &str) -> PathBuf {
        self.returns_dir()
            .join(country)
            .join(format!("{year}.{extension}"))
    }
}

/// How many folders up `parent` names, when it is `..` alone (`..`, `../..`; a `.` or a
/// slash more changes nothing, as for every path);
/// `None` for anything else. The manifest's schema holds the same rule as a pattern.
pub(crate) fn climbs(parent: &Path) -> Option<usize> {
    use std::path::Component;
    let climbs = parent.components().count();
    (climbs > 0 && parent.components().all(|c| c == Component::ParentDir)).then_some(climbs)
}

/// The folder a repository's files must stay inside when its manifest declares `parent`: an
/// ancestor of the resolved `root`, named by `..` alone, that holds a manifest of its own. A
/// folder above that is not a work-plan repository (a home folder under git) never is one.
fn parent_boundary(root: &Path, parent: &Path) -> Result<PathBuf, String> {
    let Some(climbs) = climbs(parent) else {
        return Err("is not a folder above this one named by `..` alone".to_string());
    };
    let Some(dir) = root.ancestors().nth(climbs) else {
        return Err("climbs above the top of the file system".to_string());
    };
    if !dir.join(MANIFEST).is_file() {
        return Err(format!(
            "names {}, which holds no {MANIFEST}: it is not a work-plan repository",
            display_path(dir).display()
        ));
    }
    Ok(dir.to_path_buf())
}

impl Workspace {
    /// The folder new progress updates are written to.
    pub fn updates_dir(&self) -> PathBuf {
        match &self.manifest.updates {
            Some(dir) => self.root.join(dir),
            None => self
                .data_dirs()
                .into_iter()
                .next()
                .unwrap_or_else(|| self.root.clone())
                .join("updates"),
        }
    }

    /// Where an update of programme `plan`/`number` dated `date` goes:
    /// `updates/accsm-2021-2025/17/2024-08.toml`. One file per update, named by programme and
    /// date, so that updates of different programmes or dates never touch the same file in git;
    /// two of one programme on one date are one file, and the second is refused.
    pub fn update_path(&self, plan: &str, number: i64, date: &str) -> PathBuf {
        self.updates_dir()
            .join(plan)
            .join(number.to_string())
            .join(format!("{date}.toml"))
    }
}

/// `path` with `.` and `..` resolved by their names alone (no file system), or `None` when `..`
/// climbs above the root.
fn normalize(path: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                if !out.pop() || out.as_os_str().is_empty() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// The repository the working directory lies in, if any: the nearest folder at or above it
/// holding `accsm.toml`. `None` also when the working directory cannot be read.
pub fn locate() -> Option<PathBuf> {
    std::env::current_dir().ok().and_then(|cwd| find_root(&cwd))
}

fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(MANIFEST).is_file())
        .map(Path::to_path_buf)
}

/// Every `*.toml` file under the given paths, in a stable sorted order. A path that is a file is
/// taken as it is. Folders that cannot be read, symlink loops, and symbolic links that lead out
/// of `boundary` become findings; `boundary` (resolved) is the repository's (see
/// [`Workspace::boundary`]), or `None` for paths named by the user outside any repository, which are
/// then each their own boundary.
pub fn collect_files(
    paths: &[PathBuf],
    boundary: Option<&Path>,
) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        let (meta, real) = match std::fs::metadata(path).and_then(|m| Ok((m, path.canonicalize()?)))
        {
            Ok(found) => found,
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
        let inside = boundary.map_or_else(|| real.clone(), Path::to_path_buf);
        if !real.starts_with(&inside) {
            problems.push(outside(path, &real, &inside));
            continue;
        }
        if meta.is_file() {
            files.push(path.clone());
            continue;
        }
        let before = (files.len(), problems.len());
        walk(path, &inside, &mut files, &mut problems);
        // A folder whose only files are links that lead out holds data, just none accsm reads.
        if (files.len(), problems.len()) == before {
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

/// The `*.toml` files under a folder, following symbolic links that stay inside `boundary`.
fn walk(dir: &Path, boundary: &Path, files: &mut Vec<PathBuf>, problems: &mut Vec<Diagnostic>) {
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walker.next() {
        match entry {
            Ok(e) => {
                if e.path_is_symlink() {
                    match e.path().canonicalize() {
                        Ok(real) if real.starts_with(boundary) => {}
                        Ok(real) => {
                            problems.push(outside(e.path(), &real, boundary));
                            if e.file_type().is_dir() {
                                walker.skip_current_dir();
                            }
                            continue;
                        }
                        Err(_) => {} // a dangling link: walkdir reports it
                    }
                }
                if e.file_type().is_file() && is_toml(e.path()) {
                    files.push(e.into_path());
                }
            }
            Err(e) => {
                let at = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
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
}

/// The finding for a path that resolves (through a symbolic link) outside the repository. The
/// file is not read, so nothing of it can be echoed.
fn outside(path: &Path, real: &Path, boundary: &Path) -> Diagnostic {
    let shown = display_path(path);
    Diagnostic::for_path(
        Code::OutsideRepository,
        &shown,
        format!(
            "{} leads to {}, outside the repository ({}); accsm does not read it",
            shown.display(),
            real.display(),
            display_path(boundary).display()
        ),
    )
    .with_help("replace the symbolic link with the file itself, or remove it")
}

fn is_toml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "toml")
}
