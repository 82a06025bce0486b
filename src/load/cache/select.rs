//! What `show` reads for one programme: the files the cache cannot vouch for, and of the
//! others only those that hold the programme, its updates, or a programme it names or that
//! names it.

use std::path::PathBuf;

use super::bytes::{Reader, Writer};
use super::{Cache, Decision, Outcome, load_files};
use crate::load::Loaded;
use crate::model::{Dataset, split_programme_ref};

/// The numbers of a cached file's programmes and progress updates, and those the programmes'
/// `from` links name: what `show` needs to know which files to read for one programme without
/// reading the others.
pub struct Numbers;

impl Numbers {
    pub(super) fn encode(data: &Dataset, found: &[crate::diag::Diagnostic]) -> Vec<u8> {
        let mut w = Writer::default();
        let errors = found
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .count();
        w.u32(u32::try_from(errors).unwrap_or(u32::MAX));
        for p in &data.programmes {
            w.i64(p.number.value);
            match p.from.as_ref().map(|f| split_programme_ref(&f.value)) {
                None => w.u8(0),
                Some(Some((_, n))) => {
                    w.u8(1);
                    w.i64(n);
                }
                Some(None) => w.u8(2),
            }
        }
        // An update: its programme's number, and no `from`.
        for u in &data.updates {
            w.i64(u.number.value);
            w.u8(3);
        }
        w.bytes
    }

    /// Whether the file holds a programme or update numbered as one of `wanted`, or a programme
    /// whose `from` names such a number or cannot be read (so may name anything). `None` for
    /// odd bytes.
    fn touches(bytes: &[u8], wanted: &[i64]) -> Option<bool> {
        let mut r = Reader::new(bytes);
        r.u32()?;
        let mut touches = false;
        while !r.is_empty() {
            touches |= wanted.contains(&r.i64()?);
            touches |= match r.u8()? {
                0 => false,
                1 => wanted.contains(&r.i64()?),
                2 => true,
                3 => false,
                _ => return None,
            };
        }
        Some(touches)
    }

    /// How many errors reading the file found.
    fn errors(bytes: &[u8]) -> Option<usize> {
        usize::try_from(Reader::new(bytes).u32()?).ok()
    }

    /// The numbers the `from` links of the file's programmes numbered `number` name.
    fn froms_of(bytes: &[u8], number: i64, out: &mut Vec<i64>) -> Option<()> {
        let mut r = Reader::new(bytes);
        r.u32()?;
        while !r.is_empty() {
            let n = r.i64()?;
            let from = match r.u8()? {
                0 | 2 | 3 => None,
                1 => Some(r.i64()?),
                _ => return None,
            };
            if let Some(m) = from.filter(|_| n == number) {
                out.push(m);
            }
        }
        Some(())
    }
}

/// Loads what `show` needs to show programme number `number`: every file the cache cannot vouch
/// for, and of the others those that hold a programme of that number, or one its `from` names,
/// or one continuing it (see [`Numbers`]). The result holds every record of those files; the
/// files left out hold only programmes of other numbers; the second value is how many errors
/// reading them found (as the cache remembers it).
pub fn load_for_number(paths: &[PathBuf], cache: &Cache, number: i64) -> (Loaded, usize) {
    if !crate::load::is_large(paths) {
        return (crate::load::load_files(paths), 0);
    }
    let decisions: Vec<Decision<'_>> = paths.iter().map(|p| cache.decide(p)).collect();
    let mut wanted = vec![number];
    for d in &decisions {
        if let Decision::Hit(_, e) = d {
            if Numbers::froms_of(&cache.bytes[e.index.clone()], number, &mut wanted).is_none() {
                return (load_files(paths, cache), 0);
            }
        }
    }
    loop {
        let mut chosen: Vec<usize> = Vec::new();
        for (i, d) in decisions.iter().enumerate() {
            let keep = match d {
                Decision::Hit(_, e) => Numbers::touches(&cache.bytes[e.index.clone()], &wanted),
                _ => Some(true),
            };
            match keep {
                Some(true) => chosen.push(i),
                Some(false) => {}
                None => return (load_files(paths, cache), 0),
            }
        }
        let some: Vec<PathBuf> = chosen.iter().map(|&i| paths[i].clone()).collect();
        let (loaded, outcomes) = crate::load::load_each(&some, |j, id, path| {
            cache.load(&decisions[chosen[j]], id, path)
        });
        // A programme of that number in a file read in full may name, in `from`, a programme
        // of a file left out: read again with that one too.
        let before = wanted.len();
        for p in loaded
            .dataset
            .programmes
            .iter()
            .filter(|p| p.number.value == number)
        {
            if let Some((_, m)) = p.from.as_ref().and_then(|f| split_programme_ref(&f.value)) {
                if !wanted.contains(&m) {
                    wanted.push(m);
                }
            }
        }
        if wanted.len() > before {
            continue;
        }
        // The entries of the files left out are kept as they were.
        let mut all: Vec<Outcome> = decisions
            .iter()
            .map(|d| match d {
                Decision::Hit(key, _) => Outcome::Kept((*key).to_string()),
                _ => Outcome::None,
            })
            .collect();
        for (j, outcome) in outcomes.into_iter().enumerate() {
            all[chosen[j]] = outcome;
        }
        let mut read = vec![false; decisions.len()];
        for &i in &chosen {
            read[i] = true;
        }
        let mut left_out = 0;
        for (d, _) in decisions.iter().zip(read).filter(|(_, read)| !read) {
            if let Decision::Hit(_, e) = d {
                match Numbers::errors(&cache.bytes[e.index.clone()]) {
                    Some(n) => left_out += n,
                    None => return (load_files(paths, cache), 0),
                }
            }
        }
        cache.save(all, Vec::new());
        return (loaded, left_out);
    }
}
