//! Reading `# accsm: allow(code, …) reason` and `# accsm: allow-file(code, …) reason` comments
//! (see [`crate::diag::accept`]). Only real comments count: text inside a string that looks like
//! one does not.

use std::ops::Range;

use super::lex::{Kind, Tok, lex};
use crate::diag::{Allow, Code, Diagnostic, Severity};
use crate::load::read::Ctx;
use crate::spelling::did_you_mean;

/// What every `accsm:` comment starts with.
const MARK: &str = "accsm:";

/// Reads the allow comments of a file into `ctx.allows`; a malformed one is a `bad-allow`
/// finding. Files without the mark are not lexed.
pub(in crate::load) fn collect(ctx: &mut Ctx<'_>, text: &str) {
    if !text.contains(MARK) {
        return;
    }
    let toks = lex(text);
    for (i, tok) in toks.iter().enumerate() {
        if tok.kind != Kind::Comment {
            continue;
        }
        let body = text[tok.start + 1..tok.end].trim_start();
        let Some(rest) = body.strip_prefix(MARK) else {
            continue;
        };
        let span = ctx.span(tok.start..tok.end);
        match parse(rest) {
            Ok((codes, reason, file_wide)) => {
                let covers = if file_wide {
                    None
                } else {
                    Some(covered(text, &toks, i))
                };
                let codes = usable_codes(ctx, &codes, span);
                if codes.is_empty() {
                    continue;
                }
                if reason.is_empty() {
                    ctx.push(
                        Diagnostic::new(Code::BadAllow, span, "this comment gives no reason")
                            .with_label("the finding stays until the comment says why")
                            .with_help(format!(
                                "say why the finding is accepted: `# accsm: allow({}) <reason>`",
                                codes
                                    .iter()
                                    .map(|c| c.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )),
                    );
                    continue;
                }
                ctx.allows.push(Allow {
                    codes,
                    reason,
                    span,
                    covers: covers.map(to_u32),
                });
            }
            Err(why) => ctx.push(Diagnostic::new(Code::BadAllow, span, why).with_help(
                "write `# accsm: allow(code) reason` beside the line, or \
                     `# accsm: allow-file(code) reason` for the whole file",
            )),
        }
    }
}

fn to_u32(r: Range<usize>) -> Range<u32> {
    let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    at(r.start)..at(r.end)
}

/// The codes, whether the comment is file-wide, and the reason; or what is wrong with it.
fn parse(rest: &str) -> Result<(Vec<String>, String, bool), String> {
    let rest = rest.trim_start();
    let (file_wide, rest) = if let Some(r) = rest.strip_prefix("allow-file") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix("allow") {
        (false, r)
    } else {
        return Err("an `accsm:` comment says `allow(code) reason`".to_string());
    };
    let Some(rest) = rest.trim_start().strip_prefix('(') else {
        return Err("the codes to accept go in brackets: `allow(code) reason`".to_string());
    };
    let Some((codes, reason)) = rest.split_once(')') else {
        return Err("the list of codes is not closed with `)`".to_string());
    };
    let codes: Vec<String> = codes
        .split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    if codes.is_empty() {
        return Err("this comment names no code to accept".to_string());
    }
    let reason = reason
        .trim()
        .trim_start_matches([':', '-', '–', '—'])
        .trim()
        .to_string();
    Ok((codes, reason, file_wide))
}

/// The codes of `names` that can be accepted; each one that cannot is a `bad-allow` finding.
fn usable_codes(ctx: &mut Ctx<'_>, names: &[String], span: crate::source::Span) -> Vec<Code> {
    let mut codes = Vec::new();
    for name in names {
        match Code::ALL.iter().find(|c| c.as_str() == name.as_str()) {
            Some(code) if code.severity() == Severity::Error => ctx.push(
                Diagnostic::new(
                    Code::BadAllow,
                    span,
                    format!("`{name}` findings are errors, which cannot be accepted"),
                )
                .with_help("correct the data; only warnings and notes can be accepted"),
            ),
            Some(Code::UnusedAllow | Code::BadAllow) => ctx.push(
                Diagnostic::new(
                    Code::BadAllow,
                    span,
                    format!("`{name}` is about these comments themselves and cannot be accepted"),
                )
                .with_help("correct or remove the comment instead"),
            ),
            Some(code) => codes.push(*code),
            None => {
                let d = Diagnostic::new(
                    Code::BadAllow,
                    span,
                    format!("`{name}` is not a finding code"),
                );
                ctx.push(
                    match did_you_mean(name, Code::ALL.iter().map(|c| c.as_str())) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help("`accsm rules` lists the codes"),
                    },
                );
            }
        }
    }
    codes
}

/// The bytes whose findings the comment `toks[at]` accepts: its own line when it follows code,
/// else the next line with code on it (further comment lines between are skipped; a blank line
/// ends the search). A value that runs over several lines (a list) is covered whole.
fn covered(text: &str, toks: &[Tok], at: usize) -> Range<usize> {
    let comment = toks[at];
    let line_start = text[..comment.start].rfind('\n').map_or(0, |i| i + 1);
    let trailing = toks[..at]
        .iter()
        .rev()
        .take_while(|t| t.kind != Kind::Newline)
        .next()
        .is_some();
    let first = if trailing {
        toks[..at]
            .iter()
            .rposition(|t| t.kind == Kind::Newline)
            .map_or(0, |i| i + 1)
    } else {
        let mut newlines = 0;
        let mut found = None;
        for (i, t) in toks.iter().enumerate().skip(at + 1) {
            match t.kind {
                Kind::Newline => {
                    newlines += 1;
                    if newlines > 1 {
                        break;
                    }
                }
                Kind::Comment => newlines = 0,
                _ => {
                    found = Some(i);
                    break;
                }
            }
        }
        match found {
            Some(i) => i,
            None => return line_start..line_start,
        }
    };
    let start = if trailing {
        line_start
    } else {
        text[..toks[first].start].rfind('\n').map_or(0, |i| i + 1)
    };
    // Above a table header (`[[programme]]`), the whole table: up to the next header.
    if !trailing && toks[first].kind == Kind::Open(b'[') {
        return start..table_end(text, toks, first);
    }
    // To the end of the statement: the first newline outside brackets.
    let mut depth = 0usize;
    let mut end = text.len();
    for t in &toks[first..] {
        match t.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => depth = depth.saturating_sub(1),
            Kind::Newline if depth == 0 => {
                end = t.start;
                break;
            }
            _ => {}
        }
    }
    start..end
}

/// Where the table whose header starts at `toks[header]` ends: at the next line that starts
/// with `[` outside a value, or at the end of the file.
fn table_end(text: &str, toks: &[Tok], header: usize) -> usize {
    let mut depth = 0usize;
    let mut in_value = false;
    let mut line_start = false;
    for t in &toks[header..] {
        if line_start && depth == 0 && t.kind == Kind::Open(b'[') {
            return text[..t.start].rfind('\n').map_or(0, |i| i + 1);
        }
        line_start = false;
        match t.kind {
            Kind::Equals => in_value = true,
            Kind::Open(_) if in_value => depth += 1,
            Kind::Close(_) if in_value => depth = depth.saturating_sub(1),
            Kind::Newline if depth == 0 => {
                in_value = false;
                line_start = true;
            }
            _ => {}
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn allows(text: &str) -> (Vec<Allow>, Vec<Diagnostic>) {
        let mut found = Vec::new();
        let mut ctx = Ctx::new(FileId(0), &mut found);
        collect(&mut ctx, text);
        let allows = std::mem::take(&mut ctx.allows);
        (allows, found)
    }

    #[test]
    fn a_trailing_comment_covers_its_line_and_one_above_covers_the_next() {
        let text = "a = 1\nb = [\"x\", # accsm: allow(no-area) as published\n  \"y\"]\n\
                    # published: blank\n# accsm: allow(no-timeline, no-budget) kept blank\ntitle = \"T\"\n";
        let (allows, bad) = allows(text);
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(allows.len(), 2);
        let line = |r: &Range<u32>| &text[r.start as usize..r.end as usize];
        assert_eq!(
            allows[0].covers.as_ref().map(line),
            Some("b = [\"x\", # accsm: allow(no-area) as published\n  \"y\"]")
        );
        assert_eq!(allows[0].reason, "as published");
        assert_eq!(allows[1].codes, [Code::NoTimeline, Code::NoBudget]);
        assert_eq!(allows[1].covers.as_ref().map(line), Some("title = \"T\""));
    }

    #[test]
    fn above_a_table_header_the_whole_table_is_covered() {
        let text = "# accsm: allow(no-area) published blank\n[[programme]]\nareas = [\n  \"PA1\",\n]\ntitle = \"T\"\n\n[[programme]]\ntitle = \"U\"\n";
        let (allows, _) = allows(text);
        let covers = allows[0].covers.clone().unwrap_or(0..0);
        assert_eq!(
            &text[covers.start as usize..covers.end as usize],
            "[[programme]]\nareas = [\n  \"PA1\",\n]\ntitle = \"T\"\n\n"
        );
    }

    #[test]
    fn strings_that_look_like_comments_are_not_allows() {
        let (allows, bad) = allows("note = \"# accsm: allow(no-area) x\"\n");
        assert!(allows.is_empty() && bad.is_empty());
    }

    #[test]
    fn a_bad_allow_says_what_is_wrong() {
        let messages = |text: &str| -> Vec<String> {
            allows(text)
                .1
                .iter()
                .map(|d| format!("{} | {}", d.message, d.help.clone().unwrap_or_default()))
                .collect()
        };
        assert_eq!(
            messages("# accsm: allow(no-timline) blank\n"),
            ["`no-timline` is not a finding code | did you mean `no-timeline`?"]
        );
        assert_eq!(
            messages("# accsm: allow(unknown-reference) typo\n"),
            [
                "`unknown-reference` findings are errors, which cannot be accepted | correct the \
                 data; only warnings and notes can be accepted"
            ]
        );
        assert!(
            messages("# accsm: allow(no-area)\n")[0].starts_with("this comment gives no reason")
        );
        assert!(messages("# accsm: disable(no-area) x\n")[0].starts_with("an `accsm:` comment"));
    }

    #[test]
    fn allow_file_covers_the_whole_file() {
        let (allows, _) = allows("# accsm: allow-file(partner-is-ams) as published\n");
        assert_eq!(allows.len(), 1);
        assert!(allows[0].covers.is_none());
    }
}
