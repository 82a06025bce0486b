//! Writing a new file into the repository: atomically (a temporary file linked into place),
//! never over an existing file, never through a symbolic link that leads out of the repository.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a new file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file is there already: accsm never overwrites one.
    Exists(PathBuf),
    /// The file's folder resolves, through a symbolic link, outside the repository at `root`.
    OutsideRepository { path: PathBuf, root: PathBuf },
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
            WriteError::OutsideRepository { path, root } => write!(
                f,
                "{} lies outside the repository {} (through a symbolic link?); accsm writes only \
                 inside it",
                path.display(),
                root.display()
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
    if path.exists() || path.is_symlink() {
        return Err(WriteError::Exists(path.to_path_buf()));
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    std::fs::create_dir_all(&parent).map_err(io("create", &parent))?;
    let real_parent = parent.canonicalize().map_err(io("open", &parent))?;
    let real_root = root.canonicalize().map_err(io("open", root))?;
    if !real_parent.starts_with(&real_root) {
        return Err(WriteError::OutsideRepository {
            path: path.to_path_buf(),
            root: root.to_path_buf(),
        });
    }
    let Some(file_name) = path.file_name() else {
        return Err(WriteError::Io {
            action: "write",
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file"),
        });
    };
    let temp = real_parent.join(format!(
        ".{}.tmp-{}",
        file_name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        // Hard-link then remove: unlike rename, fails if the target appeared in the meantime.
        std::fs::hard_link(&temp, real_parent.join(file_name))
    })();
    let _ = std::fs::remove_file(&temp);
    result.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists if real_parent.join(file_name).exists() => {
            WriteError::Exists(path.to_path_buf())
        }
        _ => io("write", path)(e),
    })
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
}
