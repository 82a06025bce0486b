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

/// Eight bytes as one word, for the scans below: each test is exact for the word as a whole
/// (whether some byte is such), though not for which byte.
const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

fn word(bytes: &[u8]) -> u64 {
    u64::from_ne_bytes(bytes.try_into().unwrap_or([0; 8]))
}

/// Non-zero when some byte of `x` is `b`.
fn byte_in(x: u64, b: u8) -> u64 {
    let y = x ^ (ONES * u64::from(b));
    y.wrapping_sub(ONES) & !y & HIGHS
}

/// Non-zero when some byte of `x` is not printable ASCII: below 0x20 (a control), or 0x7f and
/// above (DEL, anything past ASCII).
fn unprintable_in(x: u64) -> u64 {
    (x.wrapping_sub(ONES * 0x20) & !x & HIGHS) | ((x.wrapping_add(ONES) | x) & HIGHS)
}

/// The first byte of `bytes` that [`HTML_CAREFUL`] marks. Eight bytes at a time: a word of
/// printable ASCII without markup (most of a page's text) is passed over in a few operations;
/// a word holding anything else (a control, a byte past ASCII, `&<>"'`, or only a tab) is
/// looked at byte by byte through the table.
pub(super) fn first_html_careful(bytes: &[u8]) -> Option<usize> {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for w in words.by_ref() {
        let x = word(w);
        let markup = byte_in(x, b'&')
            | byte_in(x, b'<')
            | byte_in(x, b'>')
            | byte_in(x, b'"')
            | byte_in(x, b'\'');
        if unprintable_in(x) | markup != 0
            && let Some(i) = w.iter().position(|&b| HTML_CAREFUL[usize::from(b)])
        {
            return Some(at + i);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| HTML_CAREFUL[usize::from(b)])
        .map(|i| at + i)
}

/// Whether every byte of `bytes` is printable ASCII (space to `~`) and none is one of `avoid`.
/// Eight bytes at a time, as the scans above. Inlined: called once for every cell of a
/// workbook, and measured slower as a call.
#[inline]
pub fn printable_without<const N: usize>(bytes: &[u8], avoid: [u8; N]) -> bool {
    let mut words = bytes.chunks_exact(8);
    for w in words.by_ref() {
        let x = word(w);
        let found = avoid
            .iter()
            .fold(unprintable_in(x), |f, &b| f | byte_in(x, b));
        if found != 0 {
            return false;
        }
    }
    words
        .remainder()
        .iter()
        .all(|b| (b' '..=b'~').contains(b) && !avoid.contains(b))
}

/// Whether `bytes` holds a byte that makes a CSV field quoted: `,`, `"`, a carriage return or
/// a line feed. Eight bytes at a time, as [`printable_without`].
#[inline]
pub fn csv_special(bytes: &[u8]) -> bool {
    let mut found = 0;
    let mut words = bytes.chunks_exact(8);
    for w in words.by_ref() {
        let x = word(w);
        found |= byte_in(x, b',') | byte_in(x, b'"') | byte_in(x, b'\r') | byte_in(x, b'\n');
    }
    found != 0
        || words
            .remainder()
            .iter()
            .any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
}

/// Whether every byte of `bytes` is printable ASCII (space to `~`), and whether any is `;` or
/// `,`: what [`super::csv_cell`] asks of every cell of an export. Eight bytes at a time, as
/// [`first_html_careful`] scans.
pub(super) fn printable_and_separated(bytes: &[u8]) -> (bool, bool) {
    let (mut unprintable, mut separators) = (0, 0);
    let mut words = bytes.chunks_exact(8);
    for w in words.by_ref() {
        let x = word(w);
        unprintable |= unprintable_in(x);
        separators |= byte_in(x, b';') | byte_in(x, b',');
    }
    let rest = words.remainder();
    (
        unprintable == 0 && rest.iter().all(|b| (b' '..=b'~').contains(b)),
        separators != 0 || rest.iter().any(|&b| b == b';' || b == b','),
    )
}
