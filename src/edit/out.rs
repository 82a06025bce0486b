//! Writing a file the user names with `--out` (`report`, `new return`, a one-file `export`):
//! anywhere the user can write, by the same rules as every other write of accsm. The file is
//! never written through a symbolic link; a path inside the repository may not lead out of it
//! through a linked folder; a data file of the repository (any `.toml` file in it) is never
//! replaced; any other file only with `--force`; the bytes go to a temporary file beside the
//! destination and are renamed into place (a new file by a rename that refuses to overwrite), so a reader sees the old file or the new,
//! never a mix; a replaced file keeps its permissions (and its owner, where the process may).

use std::path::{Component, Path, PathBuf};

use super::write::{WriteError, Written, put};

/// The destination `path` checked, before anything is made: its resolved folder, and whether
/// it exists (and may be replaced, with `force`). `boundary` is the repository (resolved).
pub fn check_destination(
    boundary: &Path,
    path: &Path,
    force: bool,
) -> Result<(PathBuf, Option<std::fs::Metadata>), WriteError> {
    let real_parent = check_folder(boundary, path)?;
    let Some(name) = path.file_name() else {
        return Err(WriteError::NotAFile(path.to_path_buf()));
    };
    let target = real_parent.join(name);
    match std::fs::symlink_metadata(&target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((real_parent, None)),
        Err(source) => Err(WriteError::Io {
            action: "open",
            path: path.to_path_buf(),
            source,
        }),
        Ok(meta) if meta.file_type().is_symlink() => Err(WriteError::Link(path.to_path_buf())),
        Ok(meta) if !meta.is_file() => Err(WriteError::NotAFile(path.to_path_buf())),
        Ok(_) if target.starts_with(boundary) && is_data(&target) => {
            Err(WriteError::DataFile(path.to_path_buf()))
        }
        Ok(_) if !force => Err(WriteError::Exists(path.to_path_buf())),
        Ok(meta) if meta.permissions().readonly() => Err(WriteError::ReadOnly(path.to_path_buf())),
        Ok(meta) => Ok((real_parent, Some(meta))),
    }
}

/// The resolved folder `path` goes in. Written inside the repository (`boundary`, resolved),
/// it must stay inside: a committed link to a folder elsewhere does not take the file out.
/// Written outside, it may go anywhere the user can write.
pub fn check_folder(boundary: &Path, path: &Path) -> Result<PathBuf, WriteError> {
    let Some(name) = path.file_name() else {
        return Err(WriteError::NotAFile(path.to_path_buf()));
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let real_parent = parent.canonicalize().map_err(|source| WriteError::Io {
        action: "open the folder of",
        path: path.to_path_buf(),
        source,
    })?;
    // Written inside the repository, it must stay inside: a committed link to a folder
    // elsewhere does not take the file out.
    let written = absolute(&parent).join(name);
    if written.starts_with(boundary) && !real_parent.starts_with(boundary) {
        return Err(WriteError::OutsideRepository {
            path: path.to_path_buf(),
            root: boundary.to_path_buf(),
        });
    }
    Ok(real_parent)
}

/// A data file of the repository: a `.toml` file (the manifest, plans, programmes, returns).
fn is_data(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// `path` made absolute against the working directory, `.` and `..` resolved by name.
fn absolute(path: &Path) -> PathBuf {
    let joined = std::env::current_dir().unwrap_or_default().join(path);
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Writes `bytes` to the file the user named, by the rules above.
pub fn write_out(
    boundary: &Path,
    path: &Path,
    bytes: &[u8],
    force: bool,
) -> Result<Written, WriteError> {
    let (folder, old) = check_destination(boundary, path, force)?;
    let Some(name) = path.file_name() else {
        return Err(WriteError::NotAFile(path.to_path_buf()));
    };
    put(&folder, name, path, bytes, old.as_ref())
}
