//! Integers as decimal digits without the formatting machinery: row numbers, cells and
//! programme numbers are written millions of times by an export or the site.

/// The decimal digits of `n`, in `buf`.
pub fn digits(buf: &mut [u8; 20], n: u64) -> &str {
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
    // Only ASCII digits were written.
    std::str::from_utf8(&buf[at..]).unwrap_or("0")
}

/// `n` in decimal at the end of `out`, with a `-` when it is negative.
pub fn push_integer(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut buf = [0; 20];
    out.push_str(digits(&mut buf, n.unsigned_abs()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_the_number_written() {
        let mut buf = [0; 20];
        for n in [0, 7, 10, 1_048_576, 9_007_199_254_740_992, u64::MAX] {
            assert_eq!(digits(&mut buf, n), n.to_string());
        }
        for n in [0, -1, 42, -9_007_199_254_740_992, i64::MIN, i64::MAX] {
            let mut out = String::from("x");
            push_integer(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }
}
