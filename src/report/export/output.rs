//! Where an export goes, written atomically: everything is written under a temporary name beside
//! the destination and renamed into place at the end, so a failed export leaves nothing
//! half-written. Nothing is overwritten unless asked (`--force`), and a folder is replaced only
//! when it holds nothing but what an export writes.

use std::fs;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use super::spec::ExportError;

/// What the destination is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A folder of files, one a table.
    Folder,
    /// One file.
    File,
}

/// An export being written under a temporary name. Dropped without [`Staged::commit`], it
/// removes what it wrote.
#[derive(Debug)]
pub struct Staged {
    target: PathBuf,
    temp: PathBuf,
    kind: Target,
    /// The files of an earlier export at `target`, replaced on commit (`--force`).
    replaces: Option<Vec<PathBuf>>,
    done: bool,
}

/// The name `target` ends in (what the output is called) and the folder it goes in, which must
/// exist. `what` says what the output is ("folder", "folder or file"); `name_help` and
/// `folder_help` say how to name one when `target` has no name or its folder is missing.
pub fn name_and_folder(
    target: &Path,
    what: &str,
    name_help: &str,
    folder_help: &str,
) -> Result<(String, PathBuf), ExportError> {
    let name = match target.components().next_back() {
        Some(Component::Normal(name)) => name.to_string_lossy().into_owned(),
        _ => {
            return Err(ExportError::refused(
                format!("`{}` names no {what} to write", target.display()),
                name_help,
            ));
        }
    };
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(ExportError::refused(
            format!("the folder {} does not exist", folder.display()),
            folder_help,
        ));
    }
    Ok((name, folder))
}

impl Staged {
    /// Prepares to write `target`. `ours` says whether a file is one an export writes (a file
    /// of a folder by its name, a single file by what it holds): with `force`, a folder holding
    /// only such files, or such a file, is replaced; anything else that is there is refused.
    pub fn new(
        target: &Path,
        kind: Target,
        force: bool,
        ours: impl Fn(&Path) -> bool,
    ) -> Result<Staged, ExportError> {
        let shown = target.display();
        let (name, parent) = name_and_folder(
            target,
            "folder or file",
            "give --out a new name, e.g. --out export",
            "create it first, or name a path in a folder that exists",
        )?;
        let mut replaces = None;
        match fs::symlink_metadata(target) {
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(ExportError::io(target, e)),
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(ExportError::refused(
                    format!("{shown} is a symbolic link"),
                    "name the folder or file itself",
                ));
            }
            Ok(meta) => match (kind, meta.is_dir()) {
                (Target::Folder, false) => {
                    return Err(ExportError::refused(
                        format!("{shown} is a file, and this format writes a folder"),
                        "name a folder for the tables, e.g. --out export",
                    ));
                }
                (Target::File, true) => {
                    return Err(ExportError::refused(
                        format!("{shown} is a folder, and this format writes a file"),
                        "name the file to write, e.g. --out accsm.xlsx",
                    ));
                }
                (Target::File, false) if !force => {
                    return Err(ExportError::refused(
                        format!("{shown} exists"),
                        "add --force to replace it, or name another file",
                    ));
                }
                (Target::File, false) if !ours(target) => {
                    return Err(ExportError::refused(
                        format!("{shown} is not an earlier export in this format"),
                        "--force replaces only an earlier export; name another file",
                    ));
                }
                (Target::File, false) => {}
                (Target::Folder, true) => {
                    let entries = folder_entries(target)?;
                    if !entries.is_empty() {
                        let theirs: Vec<String> = entries
                            .iter()
                            .filter(|(name, is_file)| !is_file || !ours(&target.join(name)))
                            .map(|(name, _)| name.clone())
                            .collect();
                        if !theirs.is_empty() {
                            let mut listed = theirs.iter().take(3).cloned().collect::<Vec<_>>();
                            if theirs.len() > 3 {
                                listed.push(format!("and {} more", theirs.len() - 3));
                            }
                            return Err(ExportError::refused(
                                format!(
                                    "{shown} holds files that this export would not write ({})",
                                    listed.join(", ")
                                ),
                                "name a new or empty folder; --force replaces only an earlier export",
                            ));
                        }
                        if !force {
                            return Err(ExportError::refused(
                                format!("{shown} holds an earlier export"),
                                "add --force to replace it, or name another folder",
                            ));
                        }
                    }
                    replaces = Some(entries.into_iter().map(|(n, _)| target.join(n)).collect());
                }
            },
        }
        let temp = create_temp(&parent, &name, kind)?;
        Ok(Staged {
            target: target.to_path_buf(),
            temp,
            kind,
            replaces,
            done: false,
        })
    }

    /// Where to write: the temporary folder or file.
    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Puts what was written in place of the destination.
    pub fn commit(mut self) -> Result<(), ExportError> {
        match self.replaces.take() {
            Some(old_files) => {
                let parent = self.temp.parent().unwrap_or(Path::new("."));
                let old = parent.join(format!(
                    ".{}.accsm-old-{}",
                    file_name(&self.target),
                    std::process::id()
                ));
                fs::rename(&self.target, &old).map_err(|e| ExportError::io(&self.target, e))?;
                if let Err(e) = fs::rename(&self.temp, &self.target) {
                    let _ = fs::rename(&old, &self.target);
                    return Err(ExportError::io(&self.target, e));
                }
                self.done = true;
                // Only the files checked to be an export's; anything put there meanwhile stays.
                for f in old_files {
                    let moved = old.join(file_name(&f));
                    let _ = fs::remove_file(moved);
                }
                let _ = fs::remove_dir(&old);
            }
            None => {
                if self.kind == Target::Folder {
                    // An empty folder, or none.
                    let _ = fs::remove_dir(&self.target);
                }
                fs::rename(&self.temp, &self.target)
                    .map_err(|e| ExportError::io(&self.target, e))?;
                self.done = true;
            }
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let _ = match self.kind {
                Target::Folder => fs::remove_dir_all(&self.temp),
                Target::File => fs::remove_file(&self.temp),
            };
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The names in a folder, and whether each is a plain file.
fn folder_entries(dir: &Path) -> Result<Vec<(String, bool)>, ExportError> {
    let read = fs::read_dir(dir).map_err(|e| ExportError::io(dir, e))?;
    let mut entries = Vec::new();
    for entry in read {
        let entry = entry.map_err(|e| ExportError::io(dir, e))?;
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        entries.push((entry.file_name().to_string_lossy().into_owned(), is_file));
    }
    entries.sort();
    Ok(entries)
}

/// A new temporary folder or file beside the destination (on the same file system, so that the
/// rename at the end is atomic).
fn create_temp(parent: &Path, name: &str, kind: Target) -> Result<PathBuf, ExportError> {
    let pid = std::process::id();
    let mut last = None;
    for attempt in 0..100 {
        let temp = parent.join(format!(".{name}.accsm-{pid}-{attempt}"));
        let made = match kind {
            Target::Folder => fs::create_dir(&temp),
            Target::File => fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)
                .map(|_| ()),
        };
        match made {
            Ok(()) => return Ok(temp),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(ExportError::io(&temp, e)),
        }
    }
    let e = last.unwrap_or_else(|| std::io::Error::from(ErrorKind::AlreadyExists));
    Err(ExportError::io(parent, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ours(path: &Path) -> bool {
        path.extension().is_some_and(|e| e == "csv")
    }

    #[test]
    fn a_folder_is_written_beside_and_renamed_into_place() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("out");
        let staged =
            Staged::new(&target, Target::Folder, false, ours).map_err(std::io::Error::other)?;
        fs::write(staged.path().join("a.csv"), "x\n")?;
        assert!(!target.exists());
        staged.commit().map_err(std::io::Error::other)?;
        assert_eq!(fs::read_to_string(target.join("a.csv"))?, "x\n");
        assert_eq!(fs::read_dir(dir.path())?.count(), 1, "no temporary left");
        dir.close()
    }

    #[test]
    fn nothing_is_left_when_an_export_fails() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        for kind in [Target::Folder, Target::File] {
            let target = dir.path().join("out");
            let staged = Staged::new(&target, kind, false, ours).map_err(std::io::Error::other)?;
            drop(staged);
            assert_eq!(fs::read_dir(dir.path())?.count(), 0, "{kind:?}");
        }
        dir.close()
    }

    #[test]
    fn force_replaces_only_an_earlier_export() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("out");
        fs::create_dir(&target)?;
        fs::write(target.join("old.csv"), "old\n")?;
        let refused = Staged::new(&target, Target::Folder, false, ours);
        assert!(matches!(refused, Err(ExportError::Refused { .. })));
        let staged =
            Staged::new(&target, Target::Folder, true, ours).map_err(std::io::Error::other)?;
        fs::write(staged.path().join("new.csv"), "new\n")?;
        staged.commit().map_err(std::io::Error::other)?;
        assert!(!target.join("old.csv").exists() && target.join("new.csv").exists());

        fs::write(target.join("notes.txt"), "mine\n")?;
        let refused = Staged::new(&target, Target::Folder, true, ours);
        assert!(
            matches!(&refused, Err(ExportError::Refused { message, .. }) if message.contains("notes.txt")),
            "{refused:?}"
        );
        assert!(target.join("notes.txt").exists());
        dir.close()
    }
}
