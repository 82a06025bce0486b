//! A sheet compressed as it is written, in pieces, on the threads that are free.
//!
//! A sheet's XML is cut into pieces of [`PIECE`] bytes as its rows come. Each piece is
//! compressed on its own (raw deflate at [`super::LEVEL`], primed with the 32 KiB before it, as
//! pigz does) and ends on a byte boundary (a sync flush), so that the pieces laid end to end are
//! one deflate stream; the last ends the stream. Where each piece is cut depends only on the
//! rows, and a piece's bytes only on its text and the text before it, so the same data gives the
//! same bytes whichever thread compressed which piece.
//!
//! A piece is handed to the pool ([`rayon::spawn`]); whoever gets to it first compresses it:
//! a free thread, or the sheet's own thread when it needs the result (more than [`AHEAD`]
//! pieces waiting, or the sheet's end). So one thread alone does everything in turn, and a
//! sheet's thread never waits for a piece that nobody has started.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use flate2::{Compress, Compression, FlushCompress, Status};

/// The text of a piece: large enough that priming and flushing cost nothing in size, small
/// enough that a few per sheet in memory do not matter.
pub(super) const PIECE: usize = 1 << 20;
/// How many pieces of a sheet may wait to be compressed.
const AHEAD: usize = 4;
/// What a deflate stream can look back at.
const WINDOW: usize = 32 * 1024;

/// Text compressed, with the checksum and length of the text.
pub(super) struct Packed {
    pub(super) bytes: Vec<u8>,
    pub(super) crc: crc32fast::Hasher,
}

/// Compresses `text`, primed with `before` (the text that comes just before it in the stream);
/// `last` ends the stream, otherwise it ends on a byte boundary for more to follow.
pub(super) fn pack(before: &[u8], text: &[u8], last: bool) -> Result<Packed, String> {
    let mut c = Compress::new(Compression::new(super::LEVEL), false);
    if !before.is_empty() {
        c.set_dictionary(before).map_err(|e| e.to_string())?;
    }
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    let mut out = Vec::with_capacity(text.len() / 4 + 64);
    let mut input = text;
    loop {
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(4096));
        }
        let read = c.total_in();
        let status = c
            .compress_vec(input, &mut out, flush)
            .map_err(|e| e.to_string())?;
        let used = usize::try_from(c.total_in() - read).unwrap_or(input.len());
        input = &input[used.min(input.len())..];
        let room_left = out.len() < out.capacity();
        match status {
            Status::StreamEnd => break,
            // A sync flush is complete when all is read and the output did not fill up.
            Status::Ok | Status::BufError if !last && input.is_empty() && room_left => break,
            // No progress with room to make it: the compressor is stuck (never seen).
            Status::BufError if room_left => return Err("the compressor stopped".to_string()),
            Status::Ok | Status::BufError => {}
        }
    }
    let mut crc = crc32fast::Hasher::new();
    crc.update(text);
    Ok(Packed { bytes: out, crc })
}

/// One piece and how far it got.
struct Piece {
    state: Mutex<State>,
    done: Condvar,
}

enum State {
    Waiting {
        before: Vec<u8>,
        text: Vec<u8>,
        last: bool,
    },
    Working,
    Done(Result<Packed, String>),
    Taken,
}

impl Piece {
    /// Compresses the piece if nobody has started it.
    fn run(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if !matches!(*state, State::Waiting { .. }) {
            return;
        }
        let State::Waiting { before, text, last } = std::mem::replace(&mut *state, State::Working)
        else {
            return;
        };
        drop(state);
        let packed = pack(&before, &text, last);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        *state = State::Done(packed);
        self.done.notify_all();
    }

    /// The compressed piece: compressed here if nobody has started it, waited for otherwise.
    fn take(&self) -> Result<Packed, String> {
        self.run();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while matches!(*state, State::Working) {
            state = self
                .done
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        match std::mem::replace(&mut *state, State::Taken) {
            State::Done(packed) => packed,
            _ => Err("a piece of a sheet was lost".to_string()),
        }
    }
}

/// A deflate stream written to `out` piece by piece, with the checksum and length of its text.
pub(super) struct Stream<W: Write> {
    out: W,
    waiting: VecDeque<Arc<Piece>>,
    /// The last [`WINDOW`] bytes of text handed on, to prime the next piece.
    before: Vec<u8>,
    crc: crc32fast::Hasher,
    packed_len: u64,
}

/// What a finished stream holds.
pub(super) struct Written<W> {
    pub(super) out: W,
    pub(super) crc: crc32fast::Hasher,
    pub(super) packed_len: u64,
}

impl<W: Write> Stream<W> {
    pub(super) fn new(out: W) -> Self {
        Stream {
            out,
            waiting: VecDeque::new(),
            before: Vec::new(),
            crc: crc32fast::Hasher::new(),
            packed_len: 0,
        }
    }

    /// Hands on a piece of text (not the last), to be compressed on a free thread.
    pub(super) fn push(&mut self, text: Vec<u8>) -> std::io::Result<()> {
        self.hand_on(text, false);
        // Write what is done; wait only when too much is waiting.
        while let Some(front) = self.waiting.front() {
            let done = matches!(
                *front.state.lock().unwrap_or_else(PoisonError::into_inner),
                State::Done(_)
            );
            if !done && self.waiting.len() <= AHEAD {
                break;
            }
            self.write_front()?;
        }
        Ok(())
    }

    /// Ends the stream with its last text, and writes every piece.
    pub(super) fn finish(mut self, text: Vec<u8>) -> std::io::Result<Written<W>> {
        self.hand_on(text, true);
        while !self.waiting.is_empty() {
            self.write_front()?;
        }
        self.out.flush()?;
        Ok(Written {
            out: self.out,
            crc: self.crc,
            packed_len: self.packed_len,
        })
    }

    fn hand_on(&mut self, text: Vec<u8>, last: bool) {
        let keep = text.len().min(WINDOW);
        let mut next_before = text[text.len() - keep..].to_vec();
        if keep < WINDOW {
            // A short piece: the window reaches into the pieces before it.
            let more = (WINDOW - keep).min(self.before.len());
            let mut joined = self.before[self.before.len() - more..].to_vec();
            joined.append(&mut next_before);
            next_before = joined;
        }
        let before = std::mem::replace(&mut self.before, next_before);
        let piece = Arc::new(Piece {
            state: Mutex::new(State::Waiting { before, text, last }),
            done: Condvar::new(),
        });
        if !last {
            let job = Arc::clone(&piece);
            rayon::spawn(move || job.run());
        }
        self.waiting.push_back(piece);
    }

    fn write_front(&mut self) -> std::io::Result<()> {
        let Some(piece) = self.waiting.pop_front() else {
            return Ok(());
        };
        let packed = piece.take().map_err(std::io::Error::other)?;
        self.out.write_all(&packed.bytes)?;
        self.crc.combine(&packed.crc);
        self.packed_len += packed.bytes.len() as u64;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::DeflateDecoder;
    use std::io::Read;

    fn text(n: usize) -> Vec<u8> {
        (0..n)
            .map(|i| format!("<row r=\"{i}\"><c><v>{}</v></c></row>", i * 7919 % 1000))
            .collect::<String>()
            .into_bytes()
    }

    fn inflate(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        DeflateDecoder::new(bytes).read_to_end(&mut out)?;
        Ok(out)
    }

    /// Pieces of every size laid end to end are one stream of the whole text, with its
    /// checksum, and the same bytes each time.
    #[test]
    fn pieces_end_to_end_are_one_stream() -> std::io::Result<()> {
        let head = b"<?xml version=\"1.0\"?><worksheet>".to_vec();
        for (rows, cut) in [
            (30, 7),
            (3_000, 1_000),
            (20_000, WINDOW - 1),
            (20_000, WINDOW + 5),
            (100_000, PIECE),
        ] {
            let whole = text(rows);
            let mut packed = pack(&[], &head, false).map_err(std::io::Error::other)?;
            let mut stream = Stream::new(Vec::new());
            let mut rest = &whole[..];
            while rest.len() > cut {
                stream.push(rest[..cut].to_vec())?;
                rest = &rest[cut..];
            }
            let written = stream.finish(rest.to_vec())?;
            packed.crc.combine(&written.crc);
            packed.bytes.extend_from_slice(&written.out);
            assert_eq!(written.packed_len, written.out.len() as u64);
            let mut expected = head.clone();
            expected.extend_from_slice(&whole);
            assert_eq!(inflate(&packed.bytes)?, expected, "pieces of {cut}");
            assert_eq!(packed.crc.finalize(), crc32fast::hash(&expected));

            let mut again = Stream::new(Vec::new());
            let mut rest = &whole[..];
            while rest.len() > cut {
                again.push(rest[..cut].to_vec())?;
                rest = &rest[cut..];
            }
            assert_eq!(again.finish(rest.to_vec())?.out, written.out);
        }
        Ok(())
    }

    /// Priming with the text before keeps the size of one stream.
    #[test]
    fn pieces_compress_about_as_well_as_one_stream() -> Result<(), String> {
        let whole = text(300_000);
        let one = pack(&[], &whole, true)?.bytes.len();
        let mut stream = Stream::new(Vec::new());
        let (first, rest) = whole.split_at(whole.len() / 2);
        stream.push(first.to_vec()).map_err(|e| e.to_string())?;
        let pieces = stream
            .finish(rest.to_vec())
            .map_err(|e| e.to_string())?
            .packed_len;
        assert!(pieces as f64 <= one as f64 * 1.01, "{pieces} against {one}");
        Ok(())
    }
}
