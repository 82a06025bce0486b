//! Integers as decimal digits without the formatting machinery: row numbers, cells and
//! programme numbers are written millions of times by an export or the site.

/// `n` in decimal at the end of `out`. The digits are pushed as characters: read back as a
/// `str` from a buffer, each number cost a UTF-8 check as long as making its digits.
pub fn push_unsigned(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut n = n;
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[at..].iter().map(|&b| char::from(b)));
}

/// `n` in decimal at the end of `out`, with a `-` when it is negative.
pub fn push_integer(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_unsigned(out, n.unsigned_abs());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_the_number_written() {
        for n in [0, 7, 10, 1_048_576, 9_007_199_254_740_992, u64::MAX] {
            let mut out = String::from("x");
            push_unsigned(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
        for n in [0, -1, 42, -9_007_199_254_740_992, i64::MIN, i64::MAX] {
            let mut out = String::from("x");
            push_integer(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }
}
