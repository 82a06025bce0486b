//! Which bytes the escaping functions look at more closely. Most text holds none of them, so a
//! scan of the bytes passes it over without decoding a character; each marks the first byte of a
//! character.

/// A table of the bytes to look at: the C0 controls (tab among them), DEL, and `extra`.
pub const fn controls_and(extra: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[0x7f] = true;
    let mut i = 0;
    while i < extra.len() {
        t[extra[i] as usize] = true;
        i += 1;
    }
    t
}

/// The bytes that can begin a character [`super::is_unsafe_char`] finds: the C0 controls but
/// tab, DEL, and the first bytes of the C1 controls (U+0080-U+009F) and of the bidirectional
/// controls.
pub(super) const UNSAFE_LEAD: [bool; 256] = {
    let mut t = controls_and(&[0xc2, 0xe2]);
    t[b'\t' as usize] = false;
    t
};

/// The bytes at which [`super::html`] looks closer: markup, the C0 controls and DEL, and the
/// first bytes of the C1 controls (U+0080-U+009F) and of the bidirectional controls
/// (U+202A-U+202E, U+2066-U+2069).
pub(super) const HTML_CAREFUL: [bool; 256] = {
    let mut t = controls_and(&[0xc2, 0xe2, b'&', b'<', b'>', b'"', b'\'']);
    t[b'\t' as usize] = false;
    t
};

/// The scans look at sixteen bytes at a time: a loop over a block of a fixed size that tests
/// every byte without a branch is what the compiler turns into vector instructions, a block in a
/// few of them (testing words of eight bytes with integer tricks took about a dozen operations a
/// word for each byte looked for). A text shorter than a block is filled out to one with its
/// own first byte, or for the HTML scan looked at byte by byte.
const BLOCK: usize = 16;

/// Whether some byte of the block passes `test`. Each byte looked for needs a test of its own:
/// tested together, the compiler turned them into a look-up it could not make for a block.
#[inline(always)]
fn any_byte(block: &[u8; BLOCK], test: impl Fn(u8) -> bool) -> bool {
    block.iter().fold(0u8, |any, &b| any | u8::from(test(b))) != 0
}

/// Whether some block of `bytes` passes `block_test`, the last block ending at the last byte
/// (it overlaps the one before when the length is not a multiple of [`BLOCK`]). A text shorter
/// than a block is tested as one, filled out with its own first byte: a byte it already holds
/// changes no scan's answer, whatever the scan looks for.
#[inline(always)]
fn any_in(bytes: &[u8], block_test: impl Fn(&[u8; BLOCK]) -> bool) -> bool {
    let (blocks, rest) = bytes.as_chunks::<BLOCK>();
    match bytes.last_chunk::<BLOCK>() {
        None => {
            let Some(&first) = bytes.first() else {
                return false;
            };
            let mut block = [first; BLOCK];
            block[..bytes.len()].copy_from_slice(bytes);
            block_test(&block)
        }
        Some(last) => blocks.iter().any(&block_test) || (!rest.is_empty() && block_test(last)),
    }
}

/// Printable ASCII: space to `~`.
#[inline(always)]
fn printable(b: u8) -> bool {
    b.wrapping_sub(b' ') < 0x5f
}

/// Whether the block holds a byte [`HTML_CAREFUL`] may mark: a control, a byte past ASCII, or
/// `&<>"'`.
#[inline(always)]
fn html_block(block: &[u8; BLOCK]) -> bool {
    any_byte(block, |b| !printable(b))
        | any_byte(block, |b| b == b'&')
        | any_byte(block, |b| b == b'<')
        | any_byte(block, |b| b == b'>')
        | any_byte(block, |b| b == b'"')
        | any_byte(block, |b| b == b'\'')
}

/// The first byte of `bytes` that [`HTML_CAREFUL`] marks. A block of printable ASCII without
/// markup (most of a page's text) is passed over at once; a block that may hold one (or only a
/// tab) is looked at through the table.
pub(super) fn first_html_careful(bytes: &[u8]) -> Option<usize> {
    let by_table = |from: usize| {
        (bytes.get(from..)?.iter())
            .position(|&b| HTML_CAREFUL[usize::from(b)])
            .map(|i| from + i)
    };
    let (blocks, rest) = bytes.as_chunks::<BLOCK>();
    for (k, block) in blocks.iter().enumerate() {
        if html_block(block)
            && let Some(i) = block.iter().position(|&b| HTML_CAREFUL[usize::from(b)])
        {
            return Some(k * BLOCK + i);
        }
    }
    // What is left after the whole blocks: a block ending at the last byte where there is one
    // (it overlaps the one before), or a short text byte by byte (filled out to a block as
    // `any_in` does, it was slower: the site's texts are mostly a few bytes long).
    match bytes.last_chunk::<BLOCK>() {
        Some(last) if rest.is_empty() || !html_block(last) => None,
        _ => by_table(blocks.len() * BLOCK),
    }
}

/// Whether every byte of `bytes` is printable ASCII (space to `~`) and none is one of `avoid`.
/// A block at a time, as the scans above. Inlined: called once for every cell of a workbook,
/// and measured slower as a call.
#[inline]
pub fn printable_without<const N: usize>(bytes: &[u8], avoid: [u8; N]) -> bool {
    let odd_block = |block: &[u8; BLOCK]| {
        avoid
            .iter()
            .fold(any_byte(block, |b| !printable(b)), |found, &a| {
                found | any_byte(block, |b| b == a)
            })
    };
    !any_in(bytes, odd_block)
}

/// Whether `bytes` holds a byte that makes a CSV field quoted: `,`, `"`, a carriage return or
/// a line feed. A block at a time, as [`printable_without`].
#[inline]
pub fn csv_special(bytes: &[u8]) -> bool {
    let special_block = |block: &[u8; BLOCK]| {
        any_byte(block, |b| b == b',')
            | any_byte(block, |b| b == b'"')
            | any_byte(block, |b| b == b'\r')
            | any_byte(block, |b| b == b'\n')
    };
    any_in(bytes, special_block)
}

/// Whether every byte of `bytes` is printable ASCII (space to `~`), and whether any is `;` or
/// `,`: what [`super::csv_cell`] asks of every cell of an export. A block at a time, as
/// [`first_html_careful`] scans.
pub(super) fn printable_and_separated(bytes: &[u8]) -> (bool, bool) {
    let unprintable = any_in(bytes, |block| any_byte(block, |b| !printable(b)));
    let separated = any_in(bytes, |block| {
        any_byte(block, |b| b == b';') | any_byte(block, |b| b == b',')
    });
    (!unprintable, separated)
}
