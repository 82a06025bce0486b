//! Writing into the repository, always atomically and never through a symbolic link that leads
//! out of it: a new file is given its name by a rename that refuses to overwrite one
//! ([`write_new`]); an existing file is replaced by renaming a complete copy over it, with its
//! permissions, and only if it still holds what accsm read ([`replace_file`]).

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

mod place;

pub(crate) use place::put;
use place::{hard_links, keep_mode, keep_owner, place_over, sync_folder, temp_beside};

/// Why a new file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file is there already: accsm never overwrites one.
    Exists(PathBuf),
    /// The file's folder resolves, through a symbolic link, outside the repository at `root`.
    OutsideRepository { path: PathBuf, root: PathBuf },
    /// The file changed (or went) after accsm read it: nothing was written.
    Changed(PathBuf),
    /// The path is not a regular file (a folder, a device…).
    NotAFile(PathBuf),
    /// The file is read-only: someone meant it to stay as it is.
    ReadOnly(PathBuf),
    /// The destination is a symbolic link: accsm writes no file through one.
    Link(PathBuf),
    /// The destination is a data file of the repository: no output replaces one.
    DataFile(PathBuf),
    /// The file system refused: what accsm was doing, to which path, and why.
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Exists(path) => write!(
                f,
                "{} already exists; accsm does not overwrite returns",
                path.display()
            ),
            WriteError::Link(path) => write!(
                f,
                "{} is a symbolic link; accsm writes no file through a link",
                path.display()
            ),
            WriteError::DataFile(path) => write!(
                f,
                "{} is a data file of the repository; accsm writes no output over one",
                path.display()
            ),
            WriteError::OutsideRepository { path, root } => write!(
                f,
                "{} lies outside the repository {} (through a symbolic link?); accsm writes only \
                 inside it",
                path.display(),
                root.display()
            ),
            WriteError::Changed(path) => write!(
                f,
                "{} changed while accsm was working on it; it is left as it is",
                path.display()
            ),
            WriteError::NotAFile(path) => write!(f, "{} is not a file", path.display()),
            WriteError::ReadOnly(path) => write!(
                f,
                "{} is read-only; accsm leaves it as it is (make it writable to change it)",
                path.display()
            ),
            WriteError::Io {
                action,
                path,
                source,
            } => write!(f, "cannot {action} {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> WriteError {
    let path = path.to_path_buf();
    move |source| WriteError::Io {
        action,
        path,
        source,
    }
}

/// Writes `text` to the new file `path` inside the repository at `root`. Refuses to overwrite,
/// and refuses a target whose folder resolves (through symbolic links) outside the repository.
pub fn write_new(root: &Path, path: &Path, text: &str) -> Result<(), WriteError> {
    write_new_bytes(root, path, text.as_bytes())
}

/// The folder the new file `path` goes in, made if missing, once it is certain to lie inside
/// the repository at `root`: the nearest folder that exists is resolved first, and the folders
/// still to make below it may not climb (`..`), so nothing is made outside.
fn folder_inside(root: &Path, path: &Path) -> Result<PathBuf, WriteError> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let real_root = root.canonicalize().map_err(io("open", root))?;
    let outside = || WriteError::OutsideRepository {
        path: path.to_path_buf(),
        root: root.to_path_buf(),
    };
    let existing = parent
        .ancestors()
        .find(|a| a.as_os_str().is_empty() || a.exists())
        .unwrap_or(Path::new(""));
    let existing = if existing.as_os_str().is_empty() {
        Path::new(".")
    } else {
        existing
    };
    let missing = parent.strip_prefix(existing).unwrap_or(Path::new(""));
    let plain = missing
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    let real_existing = existing.canonicalize().map_err(io("open", existing))?;
    if !plain || !real_existing.starts_with(&real_root) {
        return Err(outside());
    }
    std::fs::create_dir_all(&parent).map_err(io("create", &parent))?;
    let real_parent = parent.canonicalize().map_err(io("open", &parent))?;
    if !real_parent.starts_with(&real_root) {
        return Err(outside());
    }
    Ok(real_parent)
}

/// The folder of a new repository (`accsm init DIR`), made if missing, and resolved, so that
/// every file of the repository is then written with [`write_new`] inside it. `path` itself may
/// not be a symbolic link: the repository would be made somewhere other than where it is named
/// (a link committed or planted to lead out). The folders above it are the user's to name. A
/// folder that exists must be empty; one that appears while accsm makes it is refused.
pub fn new_folder(path: &Path) -> Result<PathBuf, WriteError> {
    let check = |path: &Path| match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(WriteError::Link(path.to_path_buf())),
        Ok(meta) if !meta.is_dir() => Err(WriteError::Exists(path.to_path_buf())),
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(io("open", path)(e)),
    };
    if check(path)? {
        let mut entries = std::fs::read_dir(path).map_err(io("open", path))?;
        if entries.next().is_some() {
            return Err(WriteError::Exists(path.to_path_buf()));
        }
    } else {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io("create", parent))?;
        }
        // Not `create_dir_all`: it would take a link planted meanwhile for the folder.
        std::fs::create_dir(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => WriteError::Exists(path.to_path_buf()),
            _ => io("create", path)(e),
        })?;
        check(path)?;
    }
    path.canonicalize().map_err(io("open", path))
}

/// [`write_new`] for any bytes (a workbook).
pub fn write_new_bytes(root: &Path, path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    if path.exists() || path.is_symlink() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let real_parent = folder_inside(root, path)?;
    let Some(file_name) = path.file_name() else {
        return Err(WriteError::Io {
            action: "write",
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file"),
        });
    };
    put(&real_parent, file_name, path, bytes, None).map(drop)
}

/// Replaces the whole text of the existing file `path` with `text`, if it still holds `expected`
/// (the bytes accsm read). `boundary` is the resolved folder the file must lie in (the
/// repository): a path that resolves outside it, through a symbolic link, is refused; a link that
/// stays inside is kept and its target written. The new text goes to a temporary file in the
/// same folder, gets the old file's permissions, is flushed to disk and renamed over the old
/// file, so a reader sees the old text or the new, never a mix, and a failure leaves the old. A
/// read-only file is refused. The new file keeps the old one's owner where the process may (as
/// root); other hard links of the old file keep the old text, which [`Written`] says.
pub fn replace_file(
    boundary: &Path,
    path: &Path,
    expected: &[u8],
    text: &str,
) -> Result<Written, WriteError> {
    let target = path.canonicalize().map_err(io("open", path))?;
    if !target.starts_with(boundary) {
        return Err(WriteError::OutsideRepository {
            path: path.to_path_buf(),
            root: boundary.to_path_buf(),
        });
    }
    let meta = std::fs::metadata(&target).map_err(io("open", path))?;
    if !meta.is_file() {
        return Err(WriteError::NotAFile(path.to_path_buf()));
    }
    // Renaming over a read-only file would succeed, and undo what its owner meant.
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    let (Some(folder), Some(name)) = (target.parent(), target.file_name()) else {
        return Err(WriteError::NotAFile(path.to_path_buf()));
    };
    // An advisory lock on the file for the read-check-rename, so that two runs of fmt or fix
    // cannot both pass the check and the second overwrite the first: the second waits, then
    // finds the file changed. (Where the file system has no locks, the check alone stands.)
    let locked = std::fs::File::open(&target).map_err(io("open", path))?;
    let _ = locked.lock();
    let unchanged = || std::fs::read(&target).is_ok_and(|now| now == expected);
    if !unchanged() {
        return Err(WriteError::Changed(path.to_path_buf()));
    }
    let written = temp_beside(folder, name).and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        keep_mode(f.as_file(), &meta)?;
        keep_owner(f.as_file(), &meta);
        f.as_file().sync_all()?;
        Ok(f)
    });
    let result = match written {
        Err(e) => Err(io("write", path)(e)),
        // A last look: an editor may have saved the file meanwhile.
        Ok(_) if !unchanged() => Err(WriteError::Changed(path.to_path_buf())),
        Ok(f) => place_over(f, &target).map_err(io("replace", path)),
    };
    if result.is_ok() {
        sync_folder(folder);
    }
    result.map(|()| Written {
        split_links: hard_links(&meta),
    })
}

/// What the caller may want to tell the user about a write that succeeded.
#[derive(Debug, Default)]
pub struct Written {
    /// The file replaced had other hard links: they keep the old content.
    pub split_links: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_written_once_and_never_overwritten() -> std::io::Result<()> {
        let root = std::env::temp_dir().join(format!("accsm-write-{}", std::process::id()));
        std::fs::create_dir_all(&root)?;
        let path = root.join("returns/IDN/2023.toml");
        assert!(write_new(&root, &path, "a = 1\n").is_ok());
        assert_eq!(std::fs::read_to_string(&path)?, "a = 1\n");
        let again = write_new(&root, &path, "a = 2\n");
        assert!(matches!(again, Err(WriteError::Exists(_))), "{again:?}");
        assert_eq!(std::fs::read_to_string(&path)?, "a = 1\n");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(root.join("returns/IDN"))?.count(), 1);
        std::fs::remove_dir_all(&root)
    }

    #[test]
    fn a_target_outside_is_refused_before_any_folder_is_made() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let base = dir.path().canonicalize()?;
        let root = base.join("repo");
        std::fs::create_dir_all(&root)?;
        for out in [
            base.join("elsewhere/new/2023.toml"),
            root.join("new/../../elsewhere2/2023.toml"),
        ] {
            let r = write_new(&root, &out, "a = 1\n");
            assert!(
                matches!(r, Err(WriteError::OutsideRepository { .. })),
                "{r:?}"
            );
        }
        // Nothing was made, inside or out.
        let mut made: Vec<_> = std::fs::read_dir(&base)?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        made.sort();
        assert_eq!(made, ["repo"]);
        assert_eq!(std::fs::read_dir(&root)?.count(), 0);
        assert!(write_new(&root, &root.join("returns/IDN/2023.toml"), "a = 1\n").is_ok());
        dir.close()
    }

    #[test]
    fn a_file_is_replaced_whole_with_its_permissions_or_not_at_all() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path().canonicalize()?;
        let path = root.join("a.toml");
        std::fs::write(&path, "a = 1\n")?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640))?;
        }
        assert!(replace_file(&root, &path, b"a = 1\n", "a = 2\n").is_ok());
        assert_eq!(std::fs::read_to_string(&path)?, "a = 2\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path)?.permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        // Not what was read: nothing is written.
        let stale = replace_file(&root, &path, b"a = 1\n", "a = 3\n");
        assert!(matches!(stale, Err(WriteError::Changed(_))), "{stale:?}");
        assert_eq!(std::fs::read_to_string(&path)?, "a = 2\n");
        // A folder is not a file; a file outside the boundary is refused.
        let folder = replace_file(&root, &root, b"", "x");
        assert!(matches!(folder, Err(WriteError::NotAFile(_))), "{folder:?}");
        // A read-only file is left as it is, even where the folder may be written.
        let mut read_only = std::fs::metadata(&path)?.permissions();
        read_only.set_readonly(true);
        std::fs::set_permissions(&path, read_only.clone())?;
        let refused = replace_file(&root, &path, b"a = 2\n", "a = 5\n");
        assert!(
            matches!(refused, Err(WriteError::ReadOnly(_))),
            "{refused:?}"
        );
        assert_eq!(std::fs::read_to_string(&path)?, "a = 2\n");
        #[allow(clippy::permissions_set_readonly_false)]
        read_only.set_readonly(false);
        std::fs::set_permissions(&path, read_only)?;
        let inner = root.join("inner");
        std::fs::create_dir(&inner)?;
        let outside = replace_file(&inner, &path, b"a = 2\n", "a = 4\n");
        assert!(
            matches!(outside, Err(WriteError::OutsideRepository { .. })),
            "{outside:?}"
        );
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(&root)?.count(), 2);
        dir.close()
    }

    #[cfg(unix)]
    #[test]
    fn a_link_inside_is_kept_and_its_target_written_a_link_out_is_refused() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let base = dir.path().canonicalize()?;
        let (root, elsewhere) = (base.join("repo"), base.join("elsewhere"));
        std::fs::create_dir_all(&root)?;
        std::fs::create_dir_all(&elsewhere)?;
        std::fs::write(root.join("real.toml"), "a = 1\n")?;
        std::os::unix::fs::symlink(root.join("real.toml"), root.join("link.toml"))?;
        assert!(replace_file(&root, &root.join("link.toml"), b"a = 1\n", "a = 2\n").is_ok());
        assert!(std::fs::symlink_metadata(root.join("link.toml"))?.is_symlink());
        assert_eq!(std::fs::read_to_string(root.join("real.toml"))?, "a = 2\n");
        std::fs::write(elsewhere.join("secret.toml"), "s = 1\n")?;
        std::os::unix::fs::symlink(elsewhere.join("secret.toml"), root.join("out.toml"))?;
        let out = replace_file(&root, &root.join("out.toml"), b"s = 1\n", "s = 2\n");
        assert!(
            matches!(out, Err(WriteError::OutsideRepository { .. })),
            "{out:?}"
        );
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("secret.toml"))?,
            "s = 1\n"
        );
        // A new file under a folder that is a link out: refused before any folder is made.
        std::os::unix::fs::symlink(&elsewhere, root.join("returns"))?;
        let new = write_new(&root, &root.join("returns/IDN/2023.toml"), "a = 1\n");
        assert!(
            matches!(new, Err(WriteError::OutsideRepository { .. })),
            "{new:?}"
        );
        assert!(!elsewhere.join("IDN").exists(), "a folder was made outside");
        dir.close()
    }
}
