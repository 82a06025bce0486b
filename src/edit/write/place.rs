//! Putting a file in place: its bytes to a temporary file beside the destination, flushed to
//! disk, then renamed into place, a new file by a rename that never replaces one. The old
//! file's permissions and owner go to its replacement.

use std::io::Write;
use std::path::Path;

use super::{WriteError, Written, io};

/// Writes `bytes` as the file `name` in the resolved `folder` (`path` is how the user named it,
/// for messages): to a temporary file beside it, flushed to disk, then renamed into place.
/// `old` is the file there that is to be replaced: the new one takes its permissions (and its
/// owner, where the process may). Without one, the name must still be free: a file or link that
/// appeared meanwhile is [`WriteError::Exists`], and is left as it is.
pub(crate) fn put(
    folder: &Path,
    name: &std::ffi::OsStr,
    path: &Path,
    bytes: &[u8],
    old: Option<&std::fs::Metadata>,
) -> Result<Written, WriteError> {
    let target = folder.join(name);
    let written = temp_beside(folder, name).and_then(|mut f| {
        f.write_all(bytes)?;
        if let Some(old) = old {
            keep_mode(f.as_file(), old)?;
            keep_owner(f.as_file(), old);
        }
        f.as_file().sync_all()?;
        Ok(f)
    });
    let result = match (written, old) {
        (Err(e), _) => Err(io("write", path)(e)),
        // Replacing (`--force`): renamed over the old file in one step.
        (Ok(f), Some(_)) => place_over(f, &target).map_err(io("replace", path)),
        // A new file: given its name only if none appeared meanwhile.
        (Ok(f), None) => place_new(f, &target).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists if std::fs::symlink_metadata(&target).is_ok() => {
                WriteError::Exists(path.to_path_buf())
            }
            _ => io("write", path)(e),
        }),
    };
    result.map(|()| Written {
        split_links: old.is_some_and(hard_links),
    })
}

/// A temporary file in `folder` for what will be `name` there (`.NAME.XXXXXX.tmp`), removed
/// unless it is given its name. Made as any new file is, readable as the umask allows, not
/// owner-only as temporary files are by default.
pub(super) fn temp_beside(
    folder: &Path,
    name: &std::ffi::OsStr,
) -> std::io::Result<tempfile::NamedTempFile> {
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder)
}

/// Gives a temporary file of [`temp_beside`] the name `target`, which must not exist: it fails
/// with `AlreadyExists` if a file of that name appeared meanwhile, and the temporary file goes.
/// tempfile's no-clobber rename does it: a rename that refuses to replace, where the file
/// system has one (ext4, btrfs, FAT and exFAT in the kernel, APFS, NTFS…), else a hard link.
/// Where there is neither (FAT or exFAT through FUSE, some network shares), see
/// [`place_by_placeholder`].
pub(super) fn place_new(file: tempfile::NamedTempFile, target: &Path) -> std::io::Result<()> {
    match file.persist_noclobber(target) {
        Ok(_) => Ok(()),
        Err(e) if no_link_here(&e.error) => place_by_placeholder(e.file, target),
        Err(e) => Err(e.error),
    }
}

/// Whether a failed hard link says the file system has none (FAT refuses with EPERM, others
/// with ENOTSUP), rather than that the name is taken.
fn no_link_here(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::Unsupported
    )
}

/// [`place_new`] without a no-clobber rename or a hard link: the name is first taken by a new
/// empty file, which fails if anything (a link too) has it, and the complete file is renamed
/// over that. Nothing is replaced but that empty file; for an instant a reader may see it empty.
fn place_by_placeholder(file: tempfile::NamedTempFile, target: &Path) -> std::io::Result<()> {
    let placeholder = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)?;
    let ours = placeholder.metadata()?;
    drop(placeholder);
    file.persist(target).map(drop).map_err(|e| {
        // Take the empty file away again, if it is still the one made here.
        let still_ours = std::fs::symlink_metadata(target)
            .is_ok_and(|now| now.is_file() && now.len() == 0 && same_file(&now, &ours));
        if still_ours {
            let _ = std::fs::remove_file(target);
        }
        e.error
    })
}

/// Whether two metadata are of one file (on unix by device and inode; elsewhere assumed).
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (a.dev(), a.ino()) == (b.dev(), b.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

/// Puts a temporary file of [`temp_beside`] in the place of `target` in one step (a rename):
/// a reader sees the old file or the new, never a mix.
pub(super) fn place_over(file: tempfile::NamedTempFile, target: &Path) -> std::io::Result<()> {
    file.persist(target).map(drop).map_err(|e| e.error)
}

/// Gives the new file the old one's permissions. A file system that keeps none of its own
/// (FAT through FUSE answers "not implemented") gives every file the same, so there is
/// nothing to keep.
pub(super) fn keep_mode(file: &std::fs::File, old: &std::fs::Metadata) -> std::io::Result<()> {
    match file.set_permissions(old.permissions()) {
        Err(e) if e.kind() == std::io::ErrorKind::Unsupported => Ok(()),
        other => other,
    }
}

/// Gives the new file the old one's owner and group, where the process may (as root); a
/// refusal leaves the new file the process's own.
pub(super) fn keep_owner(file: &std::fs::File, old: &std::fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()));
    }
    #[cfg(not(unix))]
    let _ = (file, old);
}

/// Whether the file has other hard links (which a rename over it leaves with the old content).
pub(super) fn hard_links(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink() > 1
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Makes a rename in `folder` durable where the system allows it (best effort).
pub(super) fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::write::write_new_bytes;

    /// A new file is made as any program makes one (the umask decides who may read it), not
    /// owner-only as a temporary file is; a name that appeared meanwhile, even a dangling link,
    /// is not replaced, and the temporary file goes.
    #[test]
    fn a_new_file_has_the_usual_mode_and_a_name_taken_meanwhile_stays() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("new.xlsx");
        write_new_bytes(dir.path(), &path, b"new").map_err(std::io::Error::other)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let usual = dir.path().join("usual");
            std::fs::write(&usual, "")?;
            let mode = |p: &Path| std::fs::metadata(p).map(|m| m.permissions().mode());
            assert_eq!(mode(&path)?, mode(&usual)?);
            std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("link"))?;
        }
        let folder = dir.path().canonicalize()?;
        for taken in ["usual", "link"] {
            let target = folder.join(taken);
            if std::fs::symlink_metadata(&target).is_err() {
                continue;
            }
            let temp = temp_beside(&folder, target.file_name().unwrap_or_default())?;
            let e = place_new(temp, &target).err().map(|e| e.kind());
            assert_eq!(e, Some(std::io::ErrorKind::AlreadyExists), "{taken}");
        }
        assert!(!dir.path().join("nowhere").exists());
        let mut left: Vec<_> = std::fs::read_dir(dir.path())?
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        left.sort();
        let expected: &[&str] = if cfg!(unix) {
            &["link", "new.xlsx", "usual"]
        } else {
            &["new.xlsx"]
        };
        assert_eq!(left, expected);
        dir.close()
    }

    /// Where the file system has neither a no-clobber rename nor hard links, the name is taken
    /// by an empty file first: a name already taken (a dangling link too) is left as it is.
    #[test]
    fn without_links_a_new_file_still_never_replaces_one() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let folder = dir.path().canonicalize()?;
        let target = folder.join("report.html");
        let mut temp = temp_beside(&folder, std::ffi::OsStr::new("report.html"))?;
        temp.write_all(b"new")?;
        place_by_placeholder(temp, &target)?;
        assert_eq!(std::fs::read(&target)?, b"new");
        let temp = temp_beside(&folder, std::ffi::OsStr::new("report.html"))?;
        let e = place_by_placeholder(temp, &target).err().map(|e| e.kind());
        assert_eq!(e, Some(std::io::ErrorKind::AlreadyExists));
        assert_eq!(std::fs::read(&target)?, b"new");
        #[cfg(unix)]
        {
            let link = folder.join("link.html");
            std::os::unix::fs::symlink(folder.join("nowhere"), &link)?;
            let temp = temp_beside(&folder, std::ffi::OsStr::new("link.html"))?;
            let e = place_by_placeholder(temp, &link).err().map(|e| e.kind());
            assert_eq!(e, Some(std::io::ErrorKind::AlreadyExists));
            assert!(!folder.join("nowhere").exists());
        }
        let left = std::fs::read_dir(&folder)?.count();
        assert_eq!(
            left,
            if cfg!(unix) { 2 } else { 1 },
            "no temporary file is left"
        );
        dir.close()
    }
}
