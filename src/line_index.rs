//! The line of a byte offset, for a file whose text is not kept. Pages and exports give the
//! `file:line` of every record; a large data set has millions of lines, and four bytes a line
//! start was a tenth of the site's memory. Here a line costs about one byte: its length, written
//! in as few bytes as it needs, and every 32nd line's start in full to begin counting from.

/// Where the lines of one text start.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    /// Every [`EVERY`]th line from the first: where it starts, and where its length is in
    /// `lengths`.
    marks: Vec<(u32, u32)>,
    /// The length of each line but the last, with its line feed: 7 bits a byte, low bits first,
    /// the high bit set on every byte but a number's last.
    lengths: Vec<u8>,
}

/// A mark every 32 lines: a quarter of a byte a line, and a line found within 31 lengths (the
/// site asks for the line of every record: at 64, counting was 2 % of its instructions).
const EVERY: usize = 32;

impl LineIndex {
    /// The lines of `text`: the first starts at 0, and one more after every line feed.
    pub fn new(text: &[u8]) -> Self {
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let mut index = LineIndex {
            marks: vec![(0, 0)],
            lengths: Vec::with_capacity(text.len() / 32),
        };
        let mut start = 0;
        for (line, feed) in memchr::memchr_iter(b'\n', text).enumerate() {
            let next = feed + 1;
            push_length(&mut index.lengths, next - start);
            start = next;
            if (line + 1) % EVERY == 0 {
                index
                    .marks
                    .push((offset(start), offset(index.lengths.len())));
            }
        }
        index.lengths.shrink_to_fit();
        index.marks.shrink_to_fit();
        index
    }

    /// The 1-based line that holds byte `offset` (an offset past the end is on the last line).
    pub fn line_of(&self, offset: u32) -> usize {
        // The last mark at or before the offset; the first mark, 0, always is.
        let mark = self
            .marks
            .partition_point(|&(start, _)| start <= offset)
            .max(1)
            - 1;
        let (mut start, at) = self.marks[mark];
        let mut line = mark * EVERY + 1;
        let mut lengths = self.lengths.get(at as usize..).unwrap_or_default();
        // At most EVERY - 1 lines on: the next mark's line starts after the offset.
        loop {
            // Most lines are shorter than 128 bytes: their length is one byte.
            let (length, rest) = match lengths {
                [b, rest @ ..] if *b < 0x80 => (u64::from(*b), rest),
                _ => match read_length(lengths) {
                    Some(read) => read,
                    None => break,
                },
            };
            let next = u64::from(start) + length;
            if next > u64::from(offset) {
                break;
            }
            start = u32::try_from(next).unwrap_or(u32::MAX);
            line += 1;
            lengths = rest;
        }
        line
    }
}

fn push_length(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The length at the start of `bytes`, and the bytes after it.
fn read_length(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut n = 0u64;
    for (i, &b) in bytes.iter().enumerate() {
        n |= u64::from(b & 0x7f) << (7 * i.min(9));
        if b < 0x80 {
            return Some((n, &bytes[i + 1..]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the index replaces: every line start, searched.
    fn line_starts(text: &[u8]) -> Vec<u32> {
        let mut starts = vec![0u32];
        starts.extend(memchr::memchr_iter(b'\n', text).map(|i| (i + 1) as u32));
        starts
    }

    #[test]
    fn every_offset_is_on_the_line_the_line_starts_give() {
        // Empty lines, lines whose length takes one, two and three bytes, several marks, a text
        // with and without a last line feed.
        let mut texts: Vec<Vec<u8>> = vec![Vec::new(), b"\n".to_vec(), b"a".to_vec()];
        let mut text = Vec::new();
        for i in 0..300usize {
            let width = match i % 7 {
                _ if i == 200 => 20_000,
                0 => 0,
                1 => 127,
                2 => 128,
                3 => 3_000,
                _ => i % 40,
            };
            text.extend(std::iter::repeat_n(b'x', width));
            text.push(b'\n');
            if i == 130 {
                texts.push(text.clone());
            }
        }
        texts.push(text.clone());
        text.extend(b"no line feed");
        texts.push(text);
        for text in &texts {
            let index = LineIndex::new(text);
            let starts = line_starts(text);
            for offset in (0..=text.len() as u32 + 2).chain([u32::MAX]) {
                assert_eq!(
                    index.line_of(offset),
                    starts.partition_point(|&s| s <= offset).max(1),
                    "offset {offset} of a text of {} bytes",
                    text.len()
                );
            }
        }
    }

    #[test]
    fn a_line_costs_about_a_byte() {
        let text = "key = \"value\"\n".repeat(10_000);
        let index = LineIndex::new(text.as_bytes());
        let bytes = index.lengths.capacity() + index.marks.capacity() * 8;
        assert!(bytes < 10_000 * 4 / 3, "{bytes} bytes for 10,000 lines");
        assert_eq!(index.line_of(text.len() as u32 - 1), 10_000);
    }
}
