//! The ZIP container of the workbook, written by hand: its parts arrive already compressed
//! (a sheet in pieces, see [`super::deflate`]), which a ZIP library takes only through an
//! unsafe call. Every part is deflated, dated 1980-01-01 00:00 (the same bytes for the same
//! data), readable by its owner only, with ZIP64 fields where a size or place needs them.

use std::io::{self, Write};

/// Sizes and places from here on are written in ZIP64 fields.
const LIMIT: u64 = 0xFFFF_FFFF;
/// The DOS date of 1980-01-01 (the time is 0).
const DATE: u16 = (1 << 5) | 1;
/// Made on Unix, ZIP 2.0 (4.5 where ZIP64 is needed).
const MADE_BY: u16 = 3 << 8;
/// A regular file, read and written by its owner.
const MODE: u32 = 0o100_600 << 16;
const DEFLATED: u16 = 8;

struct Entry {
    name: String,
    crc: u32,
    size: u64,
    packed: u64,
    offset: u64,
}

/// A ZIP file being written, entry after entry.
pub(super) struct Archive<W: Write> {
    out: W,
    at: u64,
    entries: Vec<Entry>,
}

fn version(zip64: bool) -> u16 {
    if zip64 { 45 } else { 20 }
}

/// A 32-bit field, or its ZIP64 mark.
fn small(n: u64) -> u32 {
    u32::try_from(n)
        .ok()
        .filter(|&n| u64::from(n) < LIMIT)
        .unwrap_or(u32::MAX)
}

impl<W: Write> Archive<W> {
    pub(super) fn new(out: W) -> Self {
        Archive {
            out,
            at: 0,
            entries: Vec::new(),
        }
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.at += bytes.len() as u64;
        Ok(())
    }

    /// Adds the part `name`: `size` bytes of text with the checksum `crc`, deflated into the
    /// `packed` bytes that `write` writes.
    pub(super) fn add(
        &mut self,
        name: &str,
        crc: u32,
        size: u64,
        packed: u64,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let offset = self.at;
        let zip64 = size >= LIMIT || packed >= LIMIT;
        let mut head = Vec::with_capacity(30 + name.len() + 20);
        head.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        head.extend_from_slice(&version(zip64).to_le_bytes());
        head.extend_from_slice(&0u16.to_le_bytes()); // flags
        head.extend_from_slice(&DEFLATED.to_le_bytes());
        head.extend_from_slice(&0u16.to_le_bytes()); // time
        head.extend_from_slice(&DATE.to_le_bytes());
        head.extend_from_slice(&crc.to_le_bytes());
        let (packed32, size32) = if zip64 {
            (u32::MAX, u32::MAX)
        } else {
            (small(packed), small(size))
        };
        head.extend_from_slice(&packed32.to_le_bytes());
        head.extend_from_slice(&size32.to_le_bytes());
        head.extend_from_slice(&name_len(name)?.to_le_bytes());
        head.extend_from_slice(&(if zip64 { 20u16 } else { 0 }).to_le_bytes());
        head.extend_from_slice(name.as_bytes());
        if zip64 {
            head.extend_from_slice(&1u16.to_le_bytes());
            head.extend_from_slice(&16u16.to_le_bytes());
            head.extend_from_slice(&size.to_le_bytes());
            head.extend_from_slice(&packed.to_le_bytes());
        }
        self.put(&head)?;
        let mut counted = Counted {
            out: &mut self.out,
            n: 0,
        };
        write(&mut counted)?;
        let written = counted.n;
        self.at += written;
        if written != packed {
            return Err(io::Error::other(format!(
                "the part {name} should be {packed} bytes compressed, and {written} were written"
            )));
        }
        self.entries.push(Entry {
            name: name.to_string(),
            crc,
            size,
            packed,
            offset,
        });
        Ok(())
    }

    /// Writes the central directory and gives back the output.
    pub(super) fn finish(mut self) -> io::Result<W> {
        let start = self.at;
        let entries = std::mem::take(&mut self.entries);
        for e in &entries {
            let mut extra = Vec::new();
            for n in [e.size, e.packed, e.offset] {
                if n >= LIMIT {
                    extra.extend_from_slice(&n.to_le_bytes());
                }
            }
            let zip64 = !extra.is_empty();
            let mut head = Vec::with_capacity(46 + e.name.len() + 28);
            head.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            head.extend_from_slice(&(MADE_BY | version(zip64)).to_le_bytes());
            head.extend_from_slice(&version(zip64).to_le_bytes());
            head.extend_from_slice(&0u16.to_le_bytes()); // flags
            head.extend_from_slice(&DEFLATED.to_le_bytes());
            head.extend_from_slice(&0u16.to_le_bytes()); // time
            head.extend_from_slice(&DATE.to_le_bytes());
            head.extend_from_slice(&e.crc.to_le_bytes());
            head.extend_from_slice(&small(e.packed).to_le_bytes());
            head.extend_from_slice(&small(e.size).to_le_bytes());
            head.extend_from_slice(&name_len(&e.name)?.to_le_bytes());
            let extra_len = if zip64 { extra.len() as u16 + 4 } else { 0 };
            head.extend_from_slice(&extra_len.to_le_bytes());
            head.extend_from_slice(&0u16.to_le_bytes()); // comment
            head.extend_from_slice(&0u16.to_le_bytes()); // disk
            head.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
            head.extend_from_slice(&MODE.to_le_bytes());
            head.extend_from_slice(&small(e.offset).to_le_bytes());
            head.extend_from_slice(e.name.as_bytes());
            if zip64 {
                head.extend_from_slice(&1u16.to_le_bytes());
                head.extend_from_slice(&(extra.len() as u16).to_le_bytes());
                head.extend_from_slice(&extra);
            }
            self.put(&head)?;
        }
        let count = entries.len() as u64;
        let length = self.at - start;
        let mut end = Vec::with_capacity(98);
        if start >= LIMIT || length >= LIMIT || count >= 0xFFFF {
            let record = self.at;
            end.extend_from_slice(&0x0606_4b50u32.to_le_bytes());
            end.extend_from_slice(&44u64.to_le_bytes());
            end.extend_from_slice(&(MADE_BY | 45).to_le_bytes());
            end.extend_from_slice(&45u16.to_le_bytes());
            end.extend_from_slice(&0u32.to_le_bytes()); // this disk
            end.extend_from_slice(&0u32.to_le_bytes()); // the directory's disk
            end.extend_from_slice(&count.to_le_bytes());
            end.extend_from_slice(&count.to_le_bytes());
            end.extend_from_slice(&length.to_le_bytes());
            end.extend_from_slice(&start.to_le_bytes());
            end.extend_from_slice(&0x0706_4b50u32.to_le_bytes());
            end.extend_from_slice(&0u32.to_le_bytes());
            end.extend_from_slice(&record.to_le_bytes());
            end.extend_from_slice(&1u32.to_le_bytes());
        }
        let count16 = u16::try_from(count).unwrap_or(u16::MAX);
        end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        end.extend_from_slice(&count16.to_le_bytes());
        end.extend_from_slice(&count16.to_le_bytes());
        end.extend_from_slice(&small(length).to_le_bytes());
        end.extend_from_slice(&small(start).to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes()); // comment
        self.put(&end)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn name_len(name: &str) -> io::Result<u16> {
    u16::try_from(name.len())
        .map_err(|_| io::Error::other(format!("a part's name is too long: {name}")))
}

/// Counts what goes through to the output.
struct Counted<'a, W> {
    out: &'a mut W,
    n: u64,
}

impl<W: Write> Write for Counted<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.n += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// A ZIP reader finds every part, with its name, text, checksum, date and mode.
    #[test]
    fn a_zip_reader_reads_every_part_back() -> Result<(), Box<dyn std::error::Error>> {
        let parts = [
            ("[Content_Types].xml", "<Types/>".repeat(50)),
            ("xl/worksheets/sheet1.xml", String::new()),
            ("xl/worksheets/sheet2.xml", "<row/>".repeat(10_000)),
        ];
        let mut zip = Archive::new(Vec::new());
        for (name, text) in &parts {
            let packed = super::super::deflate::pack(&[], text.as_bytes(), true)?;
            let crc = packed.crc.finalize();
            let len = packed.bytes.len() as u64;
            zip.add(name, crc, text.len() as u64, len, |w| {
                w.write_all(&packed.bytes)
            })?;
        }
        let bytes = zip.finish()?;
        let mut read = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
        assert_eq!(read.len(), parts.len());
        for (i, (name, text)) in parts.iter().enumerate() {
            let mut part = read.by_index(i)?;
            assert_eq!(part.name(), *name);
            assert_eq!(part.unix_mode(), Some(0o100_600));
            assert_eq!(part.compression(), zip::CompressionMethod::Deflated);
            let date = part.last_modified().map(|d| (d.year(), d.month(), d.day()));
            assert_eq!(date, Some((1980, 1, 1)));
            let mut back = String::new();
            // The reader checks the checksum at the end of the part.
            part.read_to_string(&mut back)?;
            assert_eq!(&back, text);
        }
        Ok(())
    }

    /// A writer that writes other than it said is refused, not written as a broken archive.
    #[test]
    fn a_part_of_another_length_than_declared_is_refused() {
        let mut zip = Archive::new(Vec::new());
        let added = zip.add("a.xml", 0, 3, 10, |w| w.write_all(b"abc"));
        assert!(added.is_err());
    }
}
