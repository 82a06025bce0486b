//! Accepting known findings: `# accsm: allow(code) reason` beside (or directly above) the line
//! of a finding accepts the findings of that code on that line, and `# accsm: allow-file(code)
//! reason` those of the whole file. The reason stays in the file, so git shows who accepted what
//! and why. Accepted findings are counted, not shown, and do not fail `--deny warnings`; an
//! acceptance that matches nothing is itself a warning, so stale ones do not pile up. Errors
//! cannot be accepted (the loader says so where the comment is read).

use std::ops::Range;

use super::{Accepted, Code, Diagnostic, Severity};
use crate::hash::FastMap;
use crate::source::{FileId, Span};

/// One `# accsm: allow(…)` comment.
#[derive(Clone, Debug)]
pub struct Allow {
    /// The codes it accepts.
    pub codes: Vec<Code>,
    pub reason: String,
    /// The comment itself.
    pub span: Span,
    /// The bytes of the line (or the lines of one multi-line value) whose findings it accepts;
    /// `None`: the whole file (`allow-file`).
    pub covers: Option<Range<u32>>,
}

impl Allow {
    fn accepts(&self, d: &Diagnostic, at: Span) -> bool {
        at.file == self.span.file
            && self.codes.contains(&d.code)
            && self
                .covers
                .as_ref()
                .is_none_or(|lines| lines.contains(&at.start))
    }
}

/// Splits `diagnostics` into those still shown and those accepted; every allow that accepts
/// nothing becomes an `unused-allow` finding among those shown. Errors are never accepted.
pub fn apply(allows: &[Allow], diagnostics: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Accepted>) {
    if allows.is_empty() {
        return (diagnostics, Vec::new());
    }
    let mut by_file: FastMap<FileId, Vec<usize>> = FastMap::default();
    for (i, a) in allows.iter().enumerate() {
        by_file.entry(a.span.file).or_default().push(i);
    }
    let mut used = vec![false; allows.len()];
    let mut shown = Vec::with_capacity(diagnostics.len());
    let mut accepted = Vec::new();
    for d in diagnostics {
        let found = match (d.span, d.severity) {
            (Some(at), Severity::Warning | Severity::Note) => by_file
                .get(&at.file)
                .and_then(|ids| ids.iter().copied().find(|&i| allows[i].accepts(&d, at))),
            _ => None,
        };
        match found {
            Some(i) => {
                used[i] = true;
                accepted.push(Accepted {
                    reason: allows[i].reason.clone(),
                    by: allows[i].span,
                    diagnostic: d,
                });
            }
            None => shown.push(d),
        }
    }
    for (allow, _) in allows.iter().zip(used).filter(|(_, used)| !used) {
        shown.push(unused(allow));
    }
    (shown, accepted)
}

fn unused(allow: &Allow) -> Diagnostic {
    let codes: Vec<&str> = allow.codes.iter().map(|c| c.as_str()).collect();
    let place = if allow.covers.is_some() {
        "on the line it stands on, or on the line below it"
    } else {
        "in this file"
    };
    Diagnostic::new(
        Code::UnusedAllow,
        allow.span,
        format!(
            "this comment accepts `{}`, but there is no such finding {place}",
            codes.join("`, `")
        ),
    )
    .with_help(
        "remove the comment if the finding has been fixed; if it moved, move the comment with it",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: u32) -> Span {
        Span {
            file: FileId(0),
            start,
            end: start + 1,
        }
    }

    #[test]
    fn a_finding_on_the_covered_line_is_accepted_and_others_are_not() {
        let allow = Allow {
            codes: vec![Code::NoTimeline],
            reason: "published blank".into(),
            span: span(0),
            covers: Some(10..20),
        };
        let on_line = Diagnostic::new(Code::NoTimeline, span(12), "no timeline");
        let elsewhere = Diagnostic::new(Code::NoTimeline, span(25), "no timeline");
        let other_code = Diagnostic::new(Code::NoArea, span(12), "no area");
        let error = Diagnostic::new(Code::NoTimeline, span(12), "x").with_severity(Severity::Error);
        let (shown, accepted) = apply(
            std::slice::from_ref(&allow),
            vec![on_line, elsewhere, other_code, error],
        );
        assert_eq!(accepted.len(), 1);
        assert_eq!(accepted[0].reason, "published blank");
        assert_eq!(shown.len(), 3);
        assert!(shown.iter().all(|d| d.code != Code::UnusedAllow));
    }

    #[test]
    fn an_allow_that_accepts_nothing_is_a_warning() {
        let allow = Allow {
            codes: vec![Code::NoTimeline],
            reason: "x".into(),
            span: span(3),
            covers: None,
        };
        let (shown, accepted) = apply(&[allow], Vec::new());
        assert!(accepted.is_empty());
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].code, Code::UnusedAllow);
        assert_eq!(shown[0].severity, Severity::Warning);
    }
}
