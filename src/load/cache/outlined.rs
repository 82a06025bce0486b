//! A warm `validate`: of each file the cache holds unchanged, the outline of its records (what
//! the rules across records read) and the findings of the rules about each record on its own,
//! kept with the context they were found in; the records themselves only when that context
//! changed. The rules stay in `check`: this module reads and keeps what they give.

use std::path::{Path, PathBuf};

use super::bytes::{Reader, Writer};
use super::{CHECKED, Cache, Decision, Outcome, findings};
use crate::diag::Diagnostic;
use crate::model::{Dataset, Programme, ProgressUpdate, UpdateOutline};
use crate::source::{FileId, OnDisk, decode_with_encoding, fingerprint};

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
    cache: &'c Cache,
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
        let mut r = Reader::new(bytes);
        r.file = file;
        r.limit = len;
        r.table()?;
        let context = r.fixed64()?;
        let (found, allows) = findings::read_findings(&mut r)?;
        (r.is_empty() && allows.is_empty()).then_some(Some(Checked { context, found }))
    }
}

/// Loads `paths` for a warm `validate`: the files the cache holds unchanged as outlines, the
/// others read and parsed (and made entries of, if they can be cached). The cache is written
/// by [`Outlined::save`], once the rules have run.
pub fn load_outlined<'c>(paths: &[PathBuf], cache: &'c Cache) -> Outlined<'c> {
    let decisions: Vec<Decision<'_>> = paths.iter().map(|p| cache.decide(p)).collect();
    let (loaded, said) = crate::load::load_each(paths, |i, id, path| {
        let (result, outcome, from_cache) = match outlines(cache, &decisions[i], id, path) {
            Some((file, outcome, from_cache)) => (Ok(file), outcome, from_cache),
            None => {
                let keyed = match decisions[i] {
                    Decision::Hit(key, e) | Decision::Racy(key, e, _) => {
                        Some((key.to_string(), e.stamp))
                    }
                    Decision::Miss(ref keyed) => keyed.clone(),
                };
                let (result, outcome) = cache.parse(id, path, keyed);
                (result, outcome, FromCache::Read)
            }
        };
        let context = match &result {
            Ok(file) if gives_context(&file.data) => Some(file.disk.parts()),
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
            // Read and hashed: the entry is used only if the text is the one cached.
            let (text, _) = decode_with_encoding(std::fs::read(path).ok()?).ok()?;
            if text.len() as u64 != e.text_len || fingerprint(&text) != e.text_hash {
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

/// Whether a file's records include anything but programmes and progress updates.
fn gives_context(data: &Dataset) -> bool {
    let Dataset {
        references,
        frameworks,
        arcs,
        chairs,
        plans,
        programmes: _,
        kpis,
        returns,
        updates: _,
    } = data;
    !(references.is_empty()
        && frameworks.is_empty()
        && arcs.is_empty()
        && chairs.is_empty()
        && plans.is_empty()
        && kpis.is_empty()
        && returns.is_empty())
}

impl Outlined<'_> {
    /// The records of file `i`, which the cache gave as outlines; `None` if they cannot be read
    /// back (the cache file changed or is damaged).
    pub fn records(&self, i: usize, path: &Path) -> Option<(Vec<Programme>, Vec<ProgressUpdate>)> {
        let id = FileId(u32::try_from(i).ok()?);
        let key = self.cache.key(path)?;
        let e = self.cache.entries.get(&key)?;
        let c = self.cache.contribution(e, id)?;
        Some((c.programmes, c.updates))
    }

    /// Writes the cache, with the findings `checked` gives by file (see [`Cache::save`]).
    pub fn save(self, checked: Vec<Option<Vec<u8>>>) {
        self.cache.save(self.outcomes, checked);
    }
}
