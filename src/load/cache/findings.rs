//! What reading a file found in it (findings, `# accsm: allow` comments), in the cache's binary
//! form. Only findings with a place in the file are kept: one that names the file by its path
//! (a file not UTF-8) names it as seen from the working directory, which may change.

use std::ops::Range;

use super::bytes::{Reader, Writer};
use crate::diag::{Allow, Code, Diagnostic, Edit, Fix, Severity};
use crate::source::{FileId, Span};

/// The lists a fix may move an item to ([`Edit::MoveToList`]); another makes a finding that is
/// not cached.
const LISTS: &[&str] = &[
    "activities",
    "areas",
    "coordinators",
    "partners",
    "partner_organisations",
    "apsc_lines",
    "declarations",
];

/// Whether a finding can be kept (see the module's documentation).
pub fn keepable(d: &Diagnostic) -> bool {
    let movable = |e: &Edit| match e {
        Edit::ReplaceValue { .. } => true,
        Edit::MoveToList { list, .. } => LISTS.contains(list),
    };
    d.span.is_some()
        && d.path.is_none()
        && d.fix.as_ref().is_none_or(|f| f.edits.iter().all(movable))
}

/// Whether a finding of the rules about a record of file `file` can be kept with the file's
/// entry: [`keepable`], and every place it names in that file (its spans are stored without
/// their file, and another file's ids change from run to run).
pub fn keepable_in(d: &Diagnostic, file: FileId) -> bool {
    let edits = d.fix.iter().flat_map(|f| &f.edits).map(|e| match e {
        Edit::ReplaceValue { span, .. } | Edit::MoveToList { span, .. } => *span,
    });
    keepable(d)
        && d.span
            .into_iter()
            .chain(d.related.iter().map(|(s, _)| *s))
            .chain(edits)
            .all(|s| s.file == file)
}

pub fn write_findings(w: &mut Writer, found: &[Diagnostic], allows: &[Allow]) {
    w.u32(u32::try_from(found.len()).unwrap_or(u32::MAX));
    for d in found {
        write_finding(w, d);
    }
    w.u32(u32::try_from(allows.len()).unwrap_or(u32::MAX));
    for a in allows {
        let Allow {
            codes,
            reason,
            span,
            covers,
        } = a;
        w.u32(u32::try_from(codes.len()).unwrap_or(u32::MAX));
        for c in codes {
            w.raw_str(c.as_str());
        }
        w.raw_str(reason);
        w.span(*span);
        match covers {
            None => w.u8(0),
            Some(r) => {
                w.u8(1);
                w.u32(r.start);
                w.u32(r.end);
            }
        }
    }
}

fn write_finding(w: &mut Writer, d: &Diagnostic) {
    let Diagnostic {
        code,
        severity,
        message,
        span,
        path: _,
        label,
        help,
        related,
        fix,
    } = d;
    w.raw_str(code.as_str());
    w.u8(match severity {
        Severity::Note => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    });
    w.raw_str(message);
    w.span(span.unwrap_or(Span {
        file: FileId(0),
        start: 0,
        end: 0,
    }));
    opt_string(w, label.as_deref());
    opt_string(w, help.as_deref());
    w.u32(u32::try_from(related.len()).unwrap_or(u32::MAX));
    for (span, note) in related {
        w.span(*span);
        w.raw_str(note);
    }
    match fix {
        None => w.u8(0),
        Some(Fix { description, edits }) => {
            w.u8(1);
            w.raw_str(description);
            w.u32(u32::try_from(edits.len()).unwrap_or(u32::MAX));
            for e in edits {
                match e {
                    Edit::ReplaceValue { span, value } => {
                        w.u8(0);
                        w.span(*span);
                        w.raw_str(value);
                    }
                    Edit::MoveToList { span, value, list } => {
                        w.u8(1);
                        w.span(*span);
                        w.raw_str(value);
                        w.raw_str(list);
                    }
                }
            }
        }
    }
}

fn opt_string(w: &mut Writer, s: Option<&str>) {
    match s {
        None => w.u8(0),
        Some(s) => {
            w.u8(1);
            w.raw_str(s);
        }
    }
}

fn read_code(r: &mut Reader<'_>) -> Option<Code> {
    let name = r.raw_str()?;
    Code::ALL.iter().copied().find(|c| c.as_str() == name)
}

fn read_opt_string(r: &mut Reader<'_>) -> Option<Option<String>> {
    r.opt(|r| r.raw_str().map(str::to_string))
}

pub fn read_findings(r: &mut Reader<'_>) -> Option<(Vec<Diagnostic>, Vec<Allow>)> {
    let n = r.count(1)?;
    let found = (0..n)
        .map(|_| read_finding(r))
        .collect::<Option<Vec<_>>>()?;
    let n = r.count(1)?;
    let allows = (0..n)
        .map(|_| {
            let n = r.count(1)?;
            let codes = (0..n).map(|_| read_code(r)).collect::<Option<Vec<_>>>()?;
            Some(Allow {
                codes,
                reason: r.raw_str()?.to_string(),
                span: r.span()?,
                covers: r.opt(|r| -> Option<Range<u32>> { Some(r.u32()?..r.u32()?) })?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some((found, allows))
}

fn read_finding(r: &mut Reader<'_>) -> Option<Diagnostic> {
    let code = read_code(r)?;
    let severity = match r.u8()? {
        0 => Severity::Note,
        1 => Severity::Warning,
        2 => Severity::Error,
        _ => return None,
    };
    let message = r.raw_str()?.to_string();
    let span = r.span()?;
    let label = read_opt_string(r)?;
    let help = read_opt_string(r)?;
    let n = r.count(1)?;
    let related = (0..n)
        .map(|_| Some((r.span()?, r.raw_str()?.to_string())))
        .collect::<Option<Vec<_>>>()?;
    let fix = r.opt(|r| {
        let description = r.raw_str()?.to_string();
        let n = r.count(1)?;
        let edits = (0..n)
            .map(|_| {
                Some(match r.u8()? {
                    0 => Edit::ReplaceValue {
                        span: r.span()?,
                        value: r.raw_str()?.to_string(),
                    },
                    1 => {
                        let span = r.span()?;
                        let value = r.raw_str()?.to_string();
                        let name = r.raw_str()?;
                        let list = LISTS.iter().copied().find(|l| *l == name)?;
                        Edit::MoveToList { span, value, list }
                    }
                    _ => return None,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Fix { description, edits })
    })?;
    Some(Diagnostic {
        code,
        severity,
        message,
        span: Some(span),
        path: None,
        label,
        help,
        related,
        fix,
    })
}
