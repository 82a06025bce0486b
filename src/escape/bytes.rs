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
