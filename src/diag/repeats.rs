//! Many findings of one code on one line (a pasted list of ten thousand wrong ids) are shown as
//! the first few and a line that counts the rest, so the human and GitHub outputs grow with the
//! number of lines at fault, not with the number of values. Every finding is still counted in the
//! summary and listed by `--format json`.

use super::{Code, Diagnostic};
use crate::source::SourceMap;

/// How many findings of one code on one line are shown in full.
pub const SHOWN_PER_LINE: usize = 10;

/// A finding to show, or the count of those left out after it.
pub enum Shown<'a> {
    Finding(&'a Diagnostic),
    /// `count` more findings like `like`, on the same line, not shown.
    More {
        like: &'a Diagnostic,
        count: usize,
    },
}

/// The findings as shown: all of them, except that past [`SHOWN_PER_LINE`] findings of one code
/// on one line the rest become one [`Shown::More`].
pub fn capped<'a>(map: &SourceMap, diagnostics: &'a [Diagnostic]) -> Vec<Shown<'a>> {
    use std::collections::HashMap;
    let key = |d: &Diagnostic| -> Option<(u32, usize, Code)> {
        let span = d.span?;
        let line = map.get(span.file)?.location(span.start).line;
        Some((span.file.0, line, d.code))
    };
    let keys: Vec<Option<(u32, usize, Code)>> = diagnostics.iter().map(key).collect();
    let mut totals: HashMap<(u32, usize, Code), usize> = HashMap::new();
    for k in keys.iter().flatten() {
        *totals.entry(*k).or_default() += 1;
    }
    let mut seen: HashMap<(u32, usize, Code), usize> = HashMap::new();
    let mut shown = Vec::with_capacity(diagnostics.len().min(4096));
    for (d, k) in diagnostics.iter().zip(&keys) {
        let Some(k) = k else {
            shown.push(Shown::Finding(d));
            continue;
        };
        let n = seen.entry(*k).or_default();
        *n += 1;
        if *n <= SHOWN_PER_LINE {
            shown.push(Shown::Finding(d));
        } else if *n == SHOWN_PER_LINE + 1 {
            let count = totals.get(k).copied().unwrap_or(0) - SHOWN_PER_LINE;
            shown.push(Shown::More { like: d, count });
        }
    }
    shown
}

/// "9,990": a count as people read it.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, SourceFile, Span};

    #[test]
    fn findings_past_the_first_ten_on_a_line_are_counted_not_shown() {
        let mut map = SourceMap::default();
        map.add(SourceFile::new(
            "a.toml".into(),
            "x = [1]\ny = [2]\n".into(),
        ));
        let on =
            |start: usize, code| Diagnostic::new(code, Span::new(FileId(0), start..start + 1), "m");
        let mut all: Vec<Diagnostic> = (0..25).map(|_| on(5, Code::UnknownReference)).collect();
        all.push(on(5, Code::WrongType));
        all.extend((0..3).map(|_| on(13, Code::UnknownReference)));
        let shown = capped(&map, &all);
        let findings = shown
            .iter()
            .filter(|s| matches!(s, Shown::Finding(_)))
            .count();
        assert_eq!(findings, 10 + 1 + 3);
        let more: Vec<usize> = shown
            .iter()
            .filter_map(|s| match s {
                Shown::More { count, .. } => Some(*count),
                Shown::Finding(_) => None,
            })
            .collect();
        assert_eq!(more, [15]);
        assert_eq!(thousands(9990), "9,990");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }
}
