//! `validate` of a large repository, file by file: of each file the cache holds unchanged, the
//! outline of its records (what the rules across records read) and the findings of the rules
//! about each record on its own, kept with the context they were found in, the records
//! themselves only when that context changed; of the other files that hold only programmes and
//! progress updates, nothing until the rest is read ([`FromCache::Later`]), so that a run
//! checks them one by one and holds only their outlines. Without a cache every file is new.
//! The rules stay in `check`: this module reads and keeps what they give.

use std::path::{Path, PathBuf};

use super::bytes::{Reader, Writer};
use super::{CHECKED, Cache, Decision, Outcome, findings};
use crate::diag::{Allow, Diagnostic};
use crate::model::{Dataset, Programme, ProgressUpdate, UpdateOutline};
use crate::source::{FileId, OnDisk};

use crate::load::{Loaded, LoadedFile};

/// The files of a run as the cache gave them: the records of the files read, and the outlines
/// of the others.
pub struct Outlined<'c> {
    /// The files read and parsed, with their records; of the others, their place, the findings
    /// of reading them and their allow comments (no records).
    pub loaded: Loaded,
    /// By file, in the order of the paths.
    pub files: Vec<FromCache>,
    /// By file: `Some((length, hash))` of the text of a file read that gave anything but
    /// programmes and progress updates (the context of the rules about each record).
    pub context: Vec<Option<(usize, u64)>>,
    outcomes: Vec<Outcome>,
    cache: Option<&'c Cache>,
}

/// What the cache gave of one file.
pub enum FromCache {
    /// Nothing: the file was read, its records are in [`Outlined::loaded`].
    Read,
    /// The outlines of its records, and what the rules about each record found, if kept.
    Outlines {
        programmes: Vec<Programme>,
        updates: Vec<UpdateOutline>,
        checked: Option<Checked>,
    },
    /// Only programmes and progress updates by its table headers, to be read and parsed once
    /// the context is ([`Outlined::read_later`]).
    Later(Later),
}

/// A file to read later: what the first look at it saw.
pub struct Later {
    parts: (usize, u64),
    keyed: Option<(String, super::Stamp)>,
}

/// A file read later, its records and what reading it found.
pub struct ReadLater {
    pub programmes: Vec<Programme>,
    pub updates: Vec<ProgressUpdate>,
    pub found: Vec<Diagnostic>,
    pub allows: Vec<Allow>,
    outcome: Outcome,
}

/// The findings of the rules about each record of a file on its own, and the context (a hash)
/// they were found in.
pub struct Checked {
    pub context: u64,
    pub found: Vec<Diagnostic>,
}

impl Checked {
    /// The part kept for a file; `None` when a finding cannot be kept there (then none is).
    pub fn encode(context: u64, found: &[Diagnostic], file: FileId) -> Option<Vec<u8>> {
        if !found.iter().all(|d| findings::keepable_in(d, file)) {
            return None;
        }
        let mut w = Writer::default();
        w.fixed64(context);
        findings::write_findings(&mut w, found, &[]);
        Some(w.finish())
    }

    fn decode(bytes: &[u8], file: FileId, len: u32) -> Option<Option<Checked>> {
        if bytes.is_empty() {
            return Some(None);
        }
        let mut r = Reader::of_file(bytes, file, len)?;
        let context = r.fixed64()?;
        let (found, allows) = findings::read_findings(&mut r)?;
        (r.is_empty() && allows.is_empty()).then_some(Some(Checked { context, found }))
    }
}

/// Loads `paths` for `validate`, file by file: the files `cache` holds unchanged as outlines,
/// those that hold only programmes and progress updates for later, the others read and parsed
/// (and made entries of, if they can be cached). The cache is written through
/// [`Outlined::saver`] once the rules about each record have run.
pub fn load_outlined<'c>(paths: &[PathBuf], cache: Option<&'c Cache>) -> Outlined<'c> {
    let decisions: Vec<Decision<'_>> = paths
        .iter()
        .map(|p| cache.map_or(Decision::Miss(None), |c| c.decide(p)))
        .collect();
    let (loaded, said) = crate::load::load_each(paths, |i, id, path| {
        let cached = cache.and_then(|c| outlines(c, &decisions[i], id, path));
        let (result, outcome, from_cache) = match cached {
            Some((file, outcome, from_cache)) => (Ok(file), outcome, from_cache),
            None => {
                let keyed = match decisions[i] {
                    Decision::Hit(key, e) | Decision::Racy(key, e, _) => {
                        Some((key.to_string(), e.stamp))
                    }
                    Decision::Miss(ref keyed) => keyed.clone(),
                };
                match crate::load::first_look(id, path) {
                    crate::load::FirstLook::Records(file) => {
                        let later = Later {
                            parts: file.disk.parts(),
                            keyed,
                        };
                        (Ok(file), Outcome::None, FromCache::Later(later))
                    }
                    crate::load::FirstLook::Parsed(result) => {
                        let outcome = super::entry_for(&result, path, keyed);
                        (result, outcome, FromCache::Read)
                    }
                }
            }
        };
        let context = match &result {
            Ok(file) if !file.data.holds_only_records() => Some(file.disk.parts()),
            _ => None,
        };
        (result, (outcome, from_cache, context))
    });
    let mut outcomes = Vec::with_capacity(said.len());
    let mut files = Vec::with_capacity(said.len());
    let mut context = Vec::with_capacity(said.len());
    for (outcome, from_cache, c) in said {
        outcomes.push(outcome);
        files.push(from_cache);
        context.push(c);
    }
    Outlined {
        loaded,
        files,
        context,
        outcomes,
        cache,
    }
}

/// A file's outlines, if the cache holds it unchanged.
fn outlines(
    cache: &Cache,
    decision: &Decision<'_>,
    id: FileId,
    path: &Path,
) -> Option<(LoadedFile, Outcome, FromCache)> {
    let (e, outcome) = match *decision {
        Decision::Hit(key, e) => (e, Outcome::Kept(key.to_string())),
        Decision::Racy(key, e, stamp) => {
            if !e.text_is_in(path) {
                return None;
            }
            (e, Outcome::Restamped(key.to_string(), stamp))
        }
        Decision::Miss(_) => return None,
    };
    let c = cache.outlines(e, id)?;
    let len = u32::try_from(e.text_len).ok()?;
    let checked = Checked::decode(&cache.part(e, CHECKED)?, id, len)?;
    let file = LoadedFile {
        shown: crate::load::display_path(path),
        disk: OnDisk::from_parts(
            path.to_path_buf(),
            usize::try_from(e.text_len).ok()?,
            e.text_hash,
        ),
        data: Dataset::default(),
        found: c.found,
        allows: c.allows,
        unread: Vec::new(),
    };
    let from_cache = FromCache::Outlines {
        programmes: c.programmes,
        updates: c.updates,
        checked,
    };
    Some((file, outcome, from_cache))
}

impl<'c> Outlined<'c> {
    /// The records of file `i`, which the cache gave as outlines; `None` if they cannot be read
    /// back (the cache file changed or is damaged).
    pub fn records(&self, i: usize, path: &Path) -> Option<(Vec<Programme>, Vec<ProgressUpdate>)> {
        let id = FileId(u32::try_from(i).ok()?);
        let cache = self.cache?;
        let e = cache.entries.get(&cache.key(path)?)?;
        let c = cache.contribution(e, id)?;
        Some((c.programmes, c.updates))
    }

    /// Reads and parses file `i`, left for later; `None` unless it is as the first look saw it
    /// (the same text) and holds only programmes and progress updates, read in full and
    /// without a syntax error.
    pub fn read_later(&self, i: usize, path: &Path, later: &Later) -> Option<ReadLater> {
        let id = FileId(u32::try_from(i).ok()?);
        let result = crate::load::load_one(id, path, crate::load::LoadOptions::default());
        let outcome = super::entry_for(&result, path, later.keyed.clone());
        let file = result.ok()?;
        // A syntax error leaves the file not wholly read (see `check::mark_unread`), which the
        // rules across records must know before they run: such a run reads every file at once.
        let broken = file
            .found
            .iter()
            .any(|d| d.code == crate::diag::Code::Syntax);
        if file.disk.parts() != later.parts
            || !file.data.holds_only_records()
            || !file.unread.is_empty()
            || broken
        {
            return None;
        }
        Some(ReadLater {
            programmes: file.data.programmes,
            updates: file.data.updates,
            found: file.found,
            allows: file.allows,
            outcome,
        })
    }

    /// What writing the cache needs of this run, taken out so that it can be written while the
    /// outlines are still read (see [`Saver::save`]).
    pub fn saver(&mut self) -> Saver<'c> {
        Saver {
            outcomes: std::mem::take(&mut self.outcomes),
            cache: self.cache,
        }
    }
}

/// The cache of a run, to be written once the rules about each record have run.
pub struct Saver<'c> {
    outcomes: Vec<Outcome>,
    cache: Option<&'c Cache>,
}

impl Saver<'_> {
    /// Writes the cache, with the entries of the files read later (`later`, by file) and the
    /// findings `checked` gives by file (see `Cache::save`).
    pub fn save(mut self, later: Vec<(usize, ReadLater)>, checked: Vec<Option<Vec<u8>>>) {
        for (i, read) in later {
            if let Some(o) = self.outcomes.get_mut(i) {
                *o = read.outcome;
            }
        }
        if let Some(cache) = self.cache {
            cache.save(self.outcomes, checked);
        }
    }
}
