//! Writing the cache after a run: each entry's parts, new or copied from the cache read.

use std::io::Write;
use std::ops::Range;

use super::bytes::Writer;
use super::store::{checksum, write_file};
use super::{CHECKED, Cache, MAGIC, OUTLINE, Outcome, PARTS, Part, RECORDS};

impl Cache {
    /// Writes the cache for the files of this run, if anything changed: entries of files no
    /// longer there are dropped. `checked` gives, by file, a new [`CHECKED`] part (an empty
    /// one when none is to be kept); where it gives none, an entry kept keeps its part and a new
    /// entry has none. Quietly does nothing when the folder cannot be written.
    ///
    /// The file: the magic line, the build's identity, the length of the header, the header
    /// (each entry's key, stamp, index and the length and hash of each part of its payload),
    /// the header's checksum, then the payloads in the header's order. Parts kept are copied as
    /// they are.
    pub(super) fn save(&self, outcomes: Vec<Outcome>, checked: Vec<Option<Vec<u8>>>) {
        let kept = count(&outcomes, |o| matches!(o, Outcome::Kept(_)));
        let entries = count(&outcomes, |o| !matches!(o, Outcome::None));
        let rechecked = outcomes
            .iter()
            .zip(&checked)
            .any(|(o, c)| c.is_some() && !matches!(o, Outcome::None));
        if kept == entries && kept == self.entries.len() && !rechecked {
            return;
        }
        let mut header = Writer::default();
        header.u64(entries as u64);
        let mut payloads: Vec<Payload<'_>> = Vec::with_capacity(outcomes.len() * PARTS);
        let mut checked = checked.into_iter();
        for outcome in &outcomes {
            let new_check = checked.next().flatten();
            let (key, stamp, text, index, mut parts) = match outcome {
                Outcome::None => continue,
                Outcome::Kept(key) | Outcome::Restamped(key, _) => {
                    let Some(e) = self.entries.get(key) else {
                        continue;
                    };
                    let stamp = match outcome {
                        Outcome::Restamped(_, stamp) => *stamp,
                        _ => e.stamp,
                    };
                    let old = |i: usize| Payload::Old(e.parts[i].clone());
                    (
                        key,
                        stamp,
                        (e.text_len, e.text_hash),
                        &self.bytes[e.index.clone()],
                        [old(RECORDS), old(OUTLINE), old(CHECKED)],
                    )
                }
                Outcome::Fresh(key, f) => (
                    key,
                    f.stamp,
                    (f.text_len, f.text_hash),
                    &f.index[..],
                    [
                        Payload::new(&f.records),
                        Payload::new(&f.outline),
                        Payload::new(&[]),
                    ],
                ),
            };
            if let Some(bytes) = new_check {
                let hash = checksum(&bytes);
                parts[CHECKED] = Payload::New(bytes, hash);
            }
            header.raw_str(key);
            stamp.write(&mut header);
            header.u8(u8::from(stamp.racy(self.racy_since)));
            header.u64(text.0);
            header.fixed64(text.1);
            header.u64(index.len() as u64);
            header.bytes.extend_from_slice(index);
            for part in &parts {
                let (len, hash) = part.len_and_hash();
                header.u64(len);
                header.fixed64(hash);
            }
            payloads.extend(parts);
        }
        let len = (header.bytes.len() as u64).to_le_bytes();
        let sum = checksum(&header.bytes).to_le_bytes();
        let _ = write_file(&self.root, |out| {
            for part in [MAGIC, &self.identity[..], &len, &header.bytes, &sum] {
                out.write_all(part)?;
            }
            // Parts kept are copied from the old file a run of neighbouring parts at a time,
            // by the kernel where it can (`copy_file_range` on Linux): most of a warm run's
            // cache is what the run before wrote.
            let mut run: Option<Range<u64>> = None;
            for payload in payloads {
                match payload {
                    Payload::Old(part) => match &mut run {
                        Some(r) if r.end == part.range.start => r.end = part.range.end,
                        _ => {
                            self.copy_old(run.replace(part.range), out)?;
                        }
                    },
                    Payload::Borrowed(bytes, _) => {
                        self.copy_old(run.take(), out)?;
                        out.write_all(bytes)?;
                    }
                    Payload::New(bytes, _) => {
                        self.copy_old(run.take(), out)?;
                        out.write_all(&bytes)?;
                    }
                }
            }
            self.copy_old(run, out)?;
            Ok(())
        });
    }

    /// Copies `range` of the cache file read to the end of `out`.
    fn copy_old(
        &self,
        range: Option<Range<u64>>,
        out: &mut std::io::BufWriter<std::fs::File>,
    ) -> std::io::Result<()> {
        use std::io::{Read, Seek};
        let Some(range) = range.filter(|r| r.end > r.start) else {
            return Ok(());
        };
        let mut file = self
            .file
            .as_ref()
            .ok_or_else(|| std::io::Error::other("the cache file is not open"))?;
        file.seek(std::io::SeekFrom::Start(range.start))?;
        out.flush()?;
        let len = range.end - range.start;
        let copied = std::io::copy(&mut file.take(len), out.get_mut())?;
        if copied == len {
            Ok(())
        } else {
            Err(std::io::ErrorKind::UnexpectedEof.into())
        }
    }
}

/// Where a part of the cache written comes from.
enum Payload<'a> {
    /// The file read, at this part.
    Old(Part),
    /// Made in this run, with its hash.
    Borrowed(&'a [u8], u64),
    /// Made after the files were read, with its hash.
    New(Vec<u8>, u64),
}

impl<'a> Payload<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Payload::Borrowed(bytes, checksum(bytes))
    }

    fn len_and_hash(&self) -> (u64, u64) {
        match self {
            Payload::Old(part) => (part.range.end - part.range.start, part.hash),
            Payload::Borrowed(bytes, hash) => (bytes.len() as u64, *hash),
            Payload::New(bytes, hash) => (bytes.len() as u64, *hash),
        }
    }
}

fn count(outcomes: &[Outcome], which: impl Fn(&Outcome) -> bool) -> usize {
    outcomes.iter().filter(|o| which(o)).count()
}
