//! The site's folder, written beside its destination under a temporary name and renamed into
//! place at the end: a failed build leaves nothing half-written, and a site being served is
//! replaced in one step. Only an earlier site (a folder holding accsm's mark) is ever replaced,
//! and only with `--force`. Each page is written as soon as it is made, so the site never sits
//! whole in memory.

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::report::export::{ExportError, name_and_folder};

/// The file that marks a folder as a site accsm wrote, and so one `--force` may replace.
pub const MARK: &str = ".accsm-site";

/// A site being written.
#[derive(Debug)]
pub struct Output {
    target: PathBuf,
    temp: PathBuf,
    replaces: bool,
    done: bool,
    /// Folders made so far (`create_dir_all` once per folder, not once per page).
    made: Mutex<std::collections::HashSet<String>>,
    pages: AtomicUsize,
    bytes: AtomicU64,
}

impl Output {
    /// Prepares to write the site at `target`.
    pub fn new(target: &Path, force: bool) -> Result<Output, ExportError> {
        let shown = target.display();
        let (name, parent) = name_and_folder(
            target,
            "folder",
            "give --out a new folder's name, e.g. --out site",
            "create it first, or name a folder in one that exists",
        )?;
        let replaces = match fs::symlink_metadata(target) {
            Err(e) if e.kind() == ErrorKind::NotFound => false,
            Err(e) => return Err(ExportError::io(target, e)),
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(ExportError::refused(
                    format!("{shown} is a symbolic link"),
                    "name the folder itself",
                ));
            }
            Ok(meta) if !meta.is_dir() => {
                return Err(ExportError::refused(
                    format!("{shown} is a file, and the site is a folder"),
                    "name a new folder, e.g. --out site",
                ));
            }
            Ok(_) => {
                let empty = fs::read_dir(target)
                    .map_err(|e| ExportError::io(target, e))?
                    .next()
                    .is_none();
                let ours = fs::symlink_metadata(target.join(MARK)).is_ok_and(|m| m.is_file());
                if !empty && !ours {
                    return Err(ExportError::refused(
                        format!("{shown} holds files that are not a site accsm wrote"),
                        "name a new or empty folder; --force replaces only an earlier site",
                    ));
                }
                if ours && !force {
                    return Err(ExportError::refused(
                        format!("{shown} holds an earlier site"),
                        "add --force to replace it, or name another folder",
                    ));
                }
                true
            }
        };
        let mut n = std::process::id();
        let temp = loop {
            let temp = parent.join(format!(".{name}.accsm-new-{n}"));
            match fs::create_dir(&temp) {
                Ok(()) => break temp,
                Err(e) if e.kind() == ErrorKind::AlreadyExists => n = n.wrapping_add(1),
                Err(e) => return Err(ExportError::io(&temp, e)),
            }
        };
        let out = Output {
            target: target.to_path_buf(),
            temp,
            replaces,
            done: false,
            made: Mutex::new(Default::default()),
            pages: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
        };
        out.write(
            MARK,
            b"A site written by `accsm site`; `accsm site --force` replaces it.\n",
        )?;
        Ok(out)
    }

    /// The folder being written.
    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Writes one file, `path` from the site's top folder with `/` between folders (paths the
    /// site makes itself, never the data's text).
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), ExportError> {
        let file = self.place(path)?;
        fs::write(&file, bytes).map_err(|e| ExportError::io(&file, e))?;
        self.count(path, bytes.len() as u64);
        Ok(())
    }

    /// Writes one file as `write` does, its bytes given to `fill` bit by bit: a file too large
    /// to hold whole (a page or the search index of a large repository) is never in memory at
    /// once. Each `write` of `fill`'s goes to the file: a page is written in pieces of 64 KB
    /// (see `Page::spilling`), and whoever writes smaller pieces buffers them.
    pub fn write_with(
        &self,
        path: &str,
        fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), ExportError> {
        let file = self.place(path)?;
        let mut w = Counted {
            to: fs::File::create(&file).map_err(|e| ExportError::io(&file, e))?,
            bytes: 0,
        };
        fill(&mut w)
            .and_then(|()| w.to.flush())
            .map_err(|e| ExportError::io(&file, e))?;
        self.count(path, w.bytes);
        Ok(())
    }

    /// Where `path` is written, its folder made if it is the first file in it.
    fn place(&self, path: &str) -> Result<PathBuf, ExportError> {
        if let Some((folder, _)) = path.rsplit_once('/') {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(folder) {
                let dir = self.temp.join(folder);
                fs::create_dir_all(&dir).map_err(|e| ExportError::io(&dir, e))?;
                made.insert(folder.to_string());
            }
        }
        Ok(self.temp.join(path))
    }

    fn count(&self, path: &str, bytes: u64) {
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// (pages, bytes) written so far.
    pub fn written(&self) -> (usize, u64) {
        (
            self.pages.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }

    /// Puts the site in place of the destination.
    pub fn commit(mut self) -> Result<(), ExportError> {
        if self.replaces {
            let parent = self.temp.parent().unwrap_or(Path::new("."));
            let name = self
                .target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let old = parent.join(format!(".{name}.accsm-old-{}", std::process::id()));
            fs::rename(&self.target, &old).map_err(|e| ExportError::io(&self.target, e))?;
            if let Err(e) = fs::rename(&self.temp, &self.target) {
                // Put the earlier site back: the destination is never left empty.
                let _ = fs::rename(&old, &self.target);
                return Err(ExportError::io(&self.target, e));
            }
            let _ = fs::remove_dir_all(&old);
        } else {
            fs::rename(&self.temp, &self.target).map_err(|e| ExportError::io(&self.target, e))?;
        }
        self.done = true;
        Ok(())
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.temp);
        }
    }
}

/// A writer that counts what goes through it.
struct Counted<W> {
    to: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.to.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.to.flush()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn only_an_earlier_site_is_replaced_and_only_with_force() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("site");
        let out = Output::new(&target, false).unwrap();
        out.write("a/b/c.html", b"x").unwrap();
        assert_eq!(out.written().0, 1);
        out.commit().unwrap();
        assert!(target.join("a/b/c.html").is_file());
        assert!(Output::new(&target, false).is_err());
        Output::new(&target, true).unwrap().commit().unwrap();
        assert!(!target.join("a").exists() && target.join(MARK).is_file());
        // Someone else's folder is never replaced, nor is a failed build left behind.
        let theirs = dir.path().join("theirs");
        fs::create_dir(&theirs).unwrap();
        fs::write(theirs.join("notes.txt"), "mine").unwrap();
        assert!(Output::new(&theirs, true).is_err());
        drop(Output::new(&dir.path().join("failed"), false).unwrap());
        let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "{left:?}");
    }
}
