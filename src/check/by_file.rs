//! `validate` of a large repository, file by file. The rules of [`Context`] run as for data
//! loaded at once ([`super::validate_with`]), but the files that hold only programmes and
//! progress updates are read once the rest (the context) is, checked one by one on their own
//! and let go of, their outlines kept for the rules across records: a run holds the context and
//! the outlines, never every record at once. `accsm site` keeps the records instead
//! ([`check_keeping`]): every programme whole, and each file's progress updates packed as soon
//! as the file is checked.
//!
//! With the incremental cache, a file that did not change is not read at all: its outlines and
//! the findings of the rules about each of its records come from the cache, when the context
//! they were found in did not change either. The context is named by a hash of today's date and
//! of the path, length and text hash of each file that gives anything but programmes and
//! progress updates, in order. Nothing is kept or used while any file could not be read in
//! full: the rules then hold back references to what it may define, and count them, which
//! depends on the whole run.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Context, mark_unread};
use crate::diag::Diagnostic;
use crate::load::Loaded;
use crate::load::cache::{
    Cache, Checked, FromCache, PackedFile, PackedUpdates, ReadLater, load_outlined,
};
use crate::lookup::Unsure;
use crate::model::{Programme, ProgressUpdate, UpdateOutline};
use crate::source::FileId;

/// The files loaded, the findings of the rules and the references withheld; `None` when the run
/// must be done again with every file read at once: a file left for later turned out to hold
/// more than programmes and updates, or not to be TOML, or changed while read; or the cache could
/// not give back a file's records when they were needed.
pub(super) fn check(
    paths: &[PathBuf],
    cache: Option<&Cache>,
) -> Option<(Loaded, Vec<Diagnostic>, usize)> {
    check_keeping(paths, cache, false).map(|(loaded, found, withheld, _)| (loaded, found, withheld))
}

/// [`check`]; where `keep`, the records are kept as they are checked: the data set of the result
/// then holds every programme (with its status from its latest update), and every progress
/// update is in the packed list returned, its own list left empty. Holding the updates packed
/// from the moment their file is checked, a run never holds every one of them whole.
pub(super) fn check_keeping(
    paths: &[PathBuf],
    cache: Option<&Cache>,
    keep: bool,
) -> Option<(Loaded, Vec<Diagnostic>, usize, PackedUpdates)> {
    let mut outlined = load_outlined(paths, cache);
    let mut loaded = std::mem::take(&mut outlined.loaded);
    mark_unread(&mut loaded);
    let keep_checked = loaded.unread.is_empty();
    // One day for the whole run: the findings kept are filed under the day they were found on.
    let today = crate::dates::today();
    let context_key = context_key(&loaded, &outlined.context, today);
    let context = Context::new(&loaded.dataset, Unsure::of(&loaded.unread));
    let mut found = context.check();

    // The records of the files read, by file (they are in the order of the files).
    let mut programmes_of = vec![0..0; paths.len()];
    let mut updates_of = vec![0..0; paths.len()];
    ranges_by_file(
        loaded.dataset.programmes.iter().map(|p| p.span.file),
        &mut programmes_of,
    );
    ranges_by_file(
        loaded.dataset.updates.iter().map(|u| u.span.file),
        &mut updates_of,
    );

    // Each file's records checked on their own, or their findings taken from the cache.
    let data = &loaded.dataset;
    let one = |i: usize| -> Option<PerFile> {
        let from_cache = outlined.files.get(i)?;
        let id = FileId(u32::try_from(i).ok()?);
        // Checked here; what they found kept (or an empty part: nothing to keep).
        let check = |programmes: &[Programme], updates: &[ProgressUpdate]| {
            let mut found = Vec::new();
            context.check_each(programmes, updates, today, &mut found);
            let keep =
                keep_checked.then(|| Checked::encode(context_key, &found, id).unwrap_or_default());
            PerFile {
                found,
                keep,
                later: None,
                packed: None,
                programmes: None,
            }
        };
        Some(match from_cache {
            FromCache::Outlines {
                checked: Some(checked),
                ..
            } if !keep && keep_checked && checked.context == context_key => PerFile {
                found: checked.found.clone(),
                keep: None,
                later: None,
                packed: None,
                programmes: None,
            },
            FromCache::Outlines { .. } => {
                let (programmes, updates) = outlined.records(i, &paths[i])?;
                let mut f = check(&programmes, &updates);
                if keep {
                    f.packed = PackedFile::pack(id, &updates);
                    f.programmes = Some(programmes);
                }
                f
            }
            FromCache::Read => {
                let updates = &data.updates[updates_of[i].clone()];
                let mut f = check(&data.programmes[programmes_of[i].clone()], updates);
                if keep {
                    f.packed = PackedFile::pack(id, updates);
                }
                f
            }
            FromCache::Later(later) => {
                let mut read = outlined.read_later(i, &paths[i], later)?;
                let programmes = std::mem::take(&mut read.programmes);
                let updates = std::mem::take(&mut read.updates);
                let mut f = check(&programmes, &updates);
                if keep {
                    f.packed = PackedFile::pack(id, &updates);
                }
                let outlines = Outlines {
                    // Kept whole, they are also what the rules across records read.
                    programmes: if keep {
                        programmes
                    } else {
                        programmes.iter().map(Programme::outline).collect()
                    },
                    updates: updates.iter().map(ProgressUpdate::outline).collect(),
                };
                f.later = Some((read, outlines));
                f
            }
        })
    };

    // What the rules about each record found, and what the files read later gave, taken in the
    // order of the files as each is done (where kept, a file's programmes join the others at once,
    // the memory of its own list free for the files still to come); the cache is written from
    // them while the rules across records run.
    let n = paths.len();
    let mut checked = Vec::with_capacity(n);
    let mut later = Vec::new();
    // By file: the outlines of a file read later (its programmes only where not kept).
    let mut later_programmes: Vec<Option<Vec<Programme>>> = Vec::with_capacity(n);
    let mut later_updates: Vec<Option<Vec<UpdateOutline>>> = Vec::with_capacity(n);
    // Where kept: every programme, whole, in the order of the files.
    let mut kept: Vec<Programme> = Vec::new();
    let mut packed = Vec::new();
    let mut complete = true;
    let give_up = AtomicBool::new(false);
    let work = |i: usize| {
        let f = if give_up.load(Ordering::Relaxed) {
            None
        } else {
            one(i)
        };
        if f.is_none() {
            give_up.store(true, Ordering::Relaxed);
        }
        f
    };
    crate::load::in_order(n, work, |i, f| {
        let Some(f) = f else {
            complete = false;
            return;
        };
        let PerFile {
            found: mut f_found,
            keep: part,
            later: read,
            packed: p,
            programmes: cached,
        } = f;
        found.append(&mut f_found);
        checked.push(part);
        packed.extend(p);
        let (p, u) = match read {
            Some((mut read, o)) => {
                loaded.diagnostics.append(&mut read.found);
                loaded.allows.append(&mut read.allows);
                later.push((i, read));
                (Some(o.programmes), Some(o.updates))
            }
            None => (None, None),
        };
        if keep {
            match cached.or(p) {
                Some(list) => kept.extend(list),
                // A file read with the context: its programmes are copied, the context's own
                // list let go of at the end (few programmes are in such files).
                None => kept.extend_from_slice(&data.programmes[programmes_of[i].clone()]),
            }
            later_programmes.push(None);
        } else {
            later_programmes.push(p);
        }
        later_updates.push(u);
    });
    if !complete {
        return None;
    }
    let saver = outlined.saver();

    // The rules across records, over every file's records or outlines in file order; the
    // updates of the files read whole outlined as the others' are.
    let read: Vec<Vec<UpdateOutline>> = outlined
        .files
        .iter()
        .enumerate()
        .map(|(i, from_cache)| match from_cache {
            FromCache::Read => data.updates[updates_of[i].clone()]
                .iter()
                .map(ProgressUpdate::outline)
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    // Where kept, the rules read the programmes kept (whole, in the same order of the files).
    let mut programmes: Vec<&Programme> = if keep {
        kept.iter().collect()
    } else {
        Vec::new()
    };
    let mut updates: Vec<&UpdateOutline> = Vec::new();
    for (i, from_cache) in outlined.files.iter().enumerate() {
        let (p, u): (&[Programme], &[UpdateOutline]) = match (from_cache, &later_updates[i]) {
            (
                FromCache::Outlines {
                    programmes: p,
                    updates: u,
                    ..
                },
                _,
            ) => (p, u),
            (_, Some(u)) => (later_programmes[i].as_deref().unwrap_or_default(), u),
            (_, None) => (&data.programmes[programmes_of[i].clone()], &read[i]),
        };
        if !keep {
            programmes.extend(p);
        }
        updates.extend(u);
    }
    std::thread::scope(|scope| {
        scope.spawn(|| saver.save(later, checked));
        context.check_across(&programmes, &updates, &mut found);
    });
    let withheld = context.withheld();
    drop((programmes, context));
    if !keep {
        return Some((loaded, found, withheld, PackedUpdates::default()));
    }
    crate::load::apply_latest_of(kept.iter_mut(), updates);
    loaded.dataset.programmes = kept;
    loaded.dataset.updates = Vec::new();
    Some((loaded, found, withheld, PackedUpdates::new(packed)))
}

/// What the rules about each record of one file found, the part to keep of it in the cache
/// (`None`: keep what it has), and for a file read later, what reading it gave and its outlines.
struct PerFile {
    found: Vec<Diagnostic>,
    keep: Option<Vec<u8>>,
    later: Option<(ReadLater, Outlines)>,
    /// Where the records are kept: the file's updates, packed, and the programmes of a file the
    /// cache gave (the others' are in the data set or the outlines).
    packed: Option<PackedFile>,
    programmes: Option<Vec<Programme>>,
}

/// The outlines of a file's records (its programmes whole where they are kept).
struct Outlines {
    programmes: Vec<Programme>,
    updates: Vec<UpdateOutline>,
}

/// Sets `ranges[file]` to the positions of that file's records, which come file by file.
fn ranges_by_file(files: impl Iterator<Item = FileId>, ranges: &mut [std::ops::Range<usize>]) {
    for (i, file) in files.enumerate() {
        if let Some(r) = ranges.get_mut(file.0 as usize) {
            // No record of a file ends at 0: the range is not set yet.
            if r.end == 0 {
                *r = i..i + 1;
            } else {
                r.end = i + 1;
            }
        }
    }
}

/// The hash naming the context of the rules about each record: `today`, and the path, length
/// and text hash of each file that gives anything but programmes and updates.
fn context_key(
    loaded: &Loaded,
    context: &[Option<(usize, u64)>],
    today: crate::dates::PartialDate,
) -> u64 {
    let mut text = today.to_string();
    for (i, c) in context.iter().enumerate() {
        if let Some((len, hash)) = c {
            let path = loaded
                .sources
                .path(FileId(u32::try_from(i).unwrap_or(u32::MAX)));
            text.push_str(&format!("\n{}\0{len}\0{hash}", path.display()));
        }
    }
    crate::source::fingerprint(&text)
}
