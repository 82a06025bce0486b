//! Why a reference does not resolve, in plain words: an empty value, a two-letter country
//! code, a near-miss spelling (`A.2 v` for `A.2.v`), an id of another kind in the wrong field, a
//! name where the id belongs, or a typo with a close match; with the fix when it is certain.

use super::Catalog;
use crate::diag::{Code, Diagnostic};
use crate::model::{RefEntry, RefKind, Text};
use crate::spelling::{did_you_mean, invisible_chars_note, only_close_match, without_invisible};

/// The field a kind of reference belongs in, for "move it to `apsc_lines`" advice.
fn field_for(kind: RefKind) -> Option<&'static str> {
    match kind {
        RefKind::ApscLine => Some("apsc_lines"),
        RefKind::Declaration => Some("declarations"),
        RefKind::PriorityArea | RefKind::ThematicArea => Some("areas"),
        RefKind::Country | RefKind::Body | RefKind::Group => Some("coordinators or partners"),
        _ => None,
    }
}

/// Whether references of this kind are always written in a list (`kras`, `measures`…), so a
/// misplaced one can be moved to another list of the record.
fn in_lists(kind: RefKind) -> bool {
    matches!(
        kind,
        RefKind::FrameworkEntry
            | RefKind::Declaration
            | RefKind::PriorityArea
            | RefKind::ThematicArea
    )
}

impl<'a> Catalog<'a> {
    /// Resolves `value` as one of `kinds`. Returns the entry meant (also for a near-miss
    /// spelling, so later rules see what was meant and do not repeat the finding) and, when the
    /// value is not written as a known id, the finding that explains why.
    pub fn resolve(
        &self,
        value: &Text,
        kinds: &[RefKind],
    ) -> (Option<&'a RefEntry>, Option<Diagnostic>) {
        match self.explain(value, kinds) {
            Ok(found) => (Some(found), None),
            Err((meant, d)) => (meant, d),
        }
    }

    fn explain(
        &self,
        value: &Text,
        kinds: &[RefKind],
    ) -> Result<&'a RefEntry, (Option<&'a RefEntry>, Option<Diagnostic>)> {
        self.explain_one(value, kinds).map_err(|(meant, d)| {
            // Nothing close is known, and what it names may be in what could not be read.
            let unknown = meant.is_none() && d.code == Code::UnknownReference;
            if unknown && kinds.iter().any(|k| self.withhold(k.table())) {
                (None, None)
            } else {
                (meant, Some(d))
            }
        })
    }

    /// Why `value` is not one of `kinds`, the first explanation that fits: an empty value, a
    /// two-letter country code, a near-miss spelling, an id of another kind, a name where the
    /// id belongs, else unknown (with the closest id).
    fn explain_one(
        &self,
        value: &Text,
        kinds: &[RefKind],
    ) -> Result<&'a RefEntry, Unexplained<'a>> {
        let input = value.value.as_str();
        if let Some(found) = kinds.iter().find_map(|k| self.get(*k, input)) {
            return Ok(found);
        }
        let expected = kinds.first().map(|k| k.noun()).unwrap_or("a reference");
        Err(empty_value(value, expected)
            .or_else(|| self.two_letter_code(value, kinds))
            .or_else(|| self.near_miss(value, kinds, expected))
            .or_else(|| self.of_another_kind(value, kinds, expected))
            .or_else(|| self.name_for_id(value, kinds))
            .unwrap_or_else(|| self.unknown(value, kinds, expected)))
    }

    /// `PH` for `PHL`: an ISO two-letter code of a country of `kinds`.
    fn two_letter_code(&self, value: &Text, kinds: &[RefKind]) -> Option<Unexplained<'a>> {
        let input = value.value.as_str();
        let found = self.by_alpha2(input).filter(|f| kinds.contains(&f.kind))?;
        Some((
            Some(found),
            Diagnostic::new(
                Code::UnknownReference,
                value.span,
                format!(
                    "`{input}` is a two-letter country code; accsm uses the three-letter codes (ISO 3166 alpha-3)"
                ),
            )
            .with_help(format!(
                "write `{}` ({})",
                found.id.value,
                found.display_name()
            ))
            .with_replacement(value.span, found.id.value.as_str()),
        ))
    }

    /// A near-miss spelling (or the wrong case) of a known id of the expected kind.
    fn near_miss(
        &self,
        value: &Text,
        kinds: &[RefKind],
        expected: &str,
    ) -> Option<Unexplained<'a>> {
        let input = value.value.as_str();
        let found = self.find_written_near(kinds, input)?;
        let why = spelling_problems(input, &found.id.value);
        Some((
            Some(found),
            Diagnostic::new(
                Code::MisspelledReference,
                value.span,
                format!("`{input}` {why}"),
            )
            .with_label(format!(
                "{} is written `{}`",
                strip_article(expected),
                found.id.value
            ))
            .with_help(write_instead(input, &found.id.value))
            .with_replacement(value.span, found.id.value.as_str()),
        ))
    }

    /// The entry of one of `kinds` that `input` names, in any case or in one of its near-miss
    /// forms (`A.2 V` for `A.2.v`).
    fn find_written_near(&self, kinds: &[RefKind], input: &str) -> Option<&'a RefEntry> {
        std::iter::once(input.to_string())
            .chain(near_miss_forms(input))
            .find_map(|candidate| self.find_folded(kinds, &candidate))
    }

    /// The id of something else, in the wrong field.
    fn of_another_kind(
        &self,
        value: &Text,
        kinds: &[RefKind],
        expected: &str,
    ) -> Option<Unexplained<'a>> {
        let input = value.value.as_str();
        let others: Vec<RefKind> = RefKind::ALL
            .iter()
            .copied()
            .filter(|k| !kinds.contains(k))
            .collect();
        let found = self.find_written_near(&others, input)?;
        let d = Diagnostic::new(
            Code::MisplacedReference,
            value.span,
            format!("`{input}` is {}, not {expected}", found.kind.noun()),
        );
        Some((None, where_it_belongs(d, value, kinds, found)))
    }

    /// A name where the id belongs ("Indonesia" for "IDN").
    fn name_for_id(&self, value: &Text, kinds: &[RefKind]) -> Option<Unexplained<'a>> {
        let input = value.value.as_str();
        let found = self
            .party_by_name(input)
            .filter(|f| kinds.contains(&f.kind))?;
        Some((
            Some(found),
            Diagnostic::new(
                Code::UnknownReference,
                value.span,
                format!("`{input}` is a name; references use ids"),
            )
            .with_help(format!(
                "write `{}` ({})",
                found.id.value,
                found.display_name()
            ))
            .with_replacement(value.span, found.id.value.as_str()),
        ))
    }

    /// Nothing accsm knows: the party whose name is close, else the closest id, else some ids.
    fn unknown(&self, value: &Text, kinds: &[RefKind], expected: &str) -> Unexplained<'a> {
        let input = value.value.as_str();
        let d = Diagnostic::new(
            Code::UnknownReference,
            value.span,
            format!("`{input}` is not {expected} accsm knows"),
        );
        if let Some(found) = self.party_near(input, kinds) {
            return (
                None,
                d.with_help(format!(
                    "did you mean `{}` ({})?",
                    found.id.value,
                    found.display_name()
                )),
            );
        }
        (None, self.closest_id(d, value, kinds))
    }

    /// The closest id of `kinds` as the help (and the fix, when it is the only close one), or
    /// some of the ids when none is close.
    fn closest_id(&self, d: Diagnostic, value: &Text, kinds: &[RefKind]) -> Diagnostic {
        let input = value.value.as_str();
        match did_you_mean(input, self.ids(kinds)) {
            Some(s) => {
                let d = d.with_help(format!("did you mean `{s}`?"));
                match only_close_match(input, self.ids(kinds)) {
                    Some(certain) => d.with_replacement(value.span, certain),
                    None => d,
                }
            }
            None => {
                let known: Vec<&str> = self.ids(kinds).into_iter().take(20).collect();
                if known.is_empty() {
                    d.with_help("no such list is loaded: check that the reference files are in the data folder")
                } else {
                    d.with_help(format!("known ids include: {}", known.join(", ")))
                }
            }
        }
    }

    /// A country, body or group of `kinds` whose name or alias is a near-miss of `input`.
    fn party_near(&self, input: &str, kinds: &[RefKind]) -> Option<&'a RefEntry> {
        let mut names: Vec<&str> = self
            .by_name
            .iter()
            .filter(|(_, e)| kinds.contains(&e.kind))
            .map(|(n, _)| n.as_str())
            .collect();
        // Sorted, so that between equally close names the suggestion is the same on every run.
        names.sort_unstable();
        // Ids are short codes: only names and aliases long enough to judge a typo by.
        let name = did_you_mean(input, names.into_iter().filter(|n| n.len() > 3))?;
        self.by_name.get(name).copied()
    }

    /// An entry of one of `kinds` whose id equals `candidate` ignoring case.
    fn find_folded(&self, kinds: &[RefKind], candidate: &str) -> Option<&'a RefEntry> {
        kinds.iter().find_map(|k| {
            self.ids
                .get(k)?
                .iter()
                .find(|id| id.eq_ignore_ascii_case(candidate))
                .and_then(|id| self.get(*k, id))
        })
    }
}

/// A reference not resolved: the entry meant, if accsm can tell, and the finding that says why.
type Unexplained<'a> = (Option<&'a RefEntry>, Diagnostic);

/// An empty value where a reference belongs.
fn empty_value<'a>(value: &Text, expected: &str) -> Option<Unexplained<'a>> {
    if !value.value.trim().is_empty() {
        return None;
    }
    Some((
        None,
        Diagnostic::new(
            Code::EmptyValue,
            value.span,
            format!("this is empty where {expected} belongs"),
        )
        .with_help("write the id, or remove the empty entry"),
    ))
}

/// The help (and for an APSC line among a programme's references, the move) for an id of
/// another kind than `kinds`.
fn where_it_belongs(
    d: Diagnostic,
    value: &Text,
    kinds: &[RefKind],
    found: &RefEntry,
) -> Diagnostic {
    let mut d = match field_for(found.kind) {
        Some(field) => d.with_help(format!(
            "`{}` belongs in `{field}`; remove it from this list",
            found.id.value
        )),
        None => d.with_help("remove it from this list"),
    };
    // An APSC line among a programme's references has one place to go.
    if found.kind == RefKind::ApscLine && kinds.iter().all(|k| in_lists(*k)) {
        d = d.with_move(value.span, found.id.value.as_str(), "apsc_lines");
    }
    d
}

fn strip_article(noun: &str) -> &str {
    noun.strip_prefix("an ")
        .or_else(|| noun.strip_prefix("a "))
        .unwrap_or(noun)
}

/// Forms a near-miss might have been meant as: invisible characters left out, spaces and stray
/// full stops made regular (`A . 2` → `A.2`, `A.2 v` → `A.2.v`, `E.2.iv.` → `E.2.iv`,
/// `PA 1` → `PA1`), and the letter l read as i in roman numerals (`lii` → `iii`).
pub fn near_miss_forms(input: &str) -> Vec<String> {
    let visible = without_invisible(input);
    let parts: Vec<&str> = visible
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|p| !p.is_empty())
        .collect();
    let mut forms = vec![parts.join("."), parts.concat()];
    // `4` for the declaration `IV`.
    if let Some(roman) = visible.trim().parse::<u16>().ok().and_then(to_roman) {
        forms.push(roman);
    }
    let roman_l: Vec<String> = forms
        .iter()
        .map(|f| {
            f.split('.')
                .map(|p| {
                    if p.chars().all(|c| "ivxlIVXL".contains(c)) && p.contains(['l', 'L']) {
                        p.replace(['l', 'L'], "i")
                    } else {
                        p.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect();
    forms.extend(roman_l);
    forms.retain(|f| !f.is_empty() && f != input);
    forms.dedup();
    forms
}

/// A number from 1 to 39 in Roman numerals, as declarations are numbered.
fn to_roman(n: u16) -> Option<String> {
    if !(1..40).contains(&n) {
        return None;
    }
    let mut out = "X".repeat(usize::from(n / 10));
    out.push_str(["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][usize::from(n % 10)]);
    Some(out)
}

/// How to fix a near-miss: the id to write, and for a value with an invisible character (which
/// cannot be seen to be deleted), to type it again.
pub(crate) fn write_instead(input: &str, canonical: &str) -> String {
    if invisible_chars_note(input).is_some() {
        format!(
            "delete the value and type `{canonical}` again; the invisible character goes with it"
        )
    } else {
        format!("write `{canonical}`")
    }
}

/// What is wrong with `input` as a spelling of `canonical`, in words.
fn spelling_problems(input: &str, canonical: &str) -> String {
    let mut problems = Vec::new();
    problems.extend(invisible_chars_note(input));
    let visible = without_invisible(input);
    let trimmed = visible.trim();
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return "is written in Arabic numerals; declarations are numbered in Roman numerals"
            .to_string();
    }
    let dotted = canonical.contains('.');
    if trimmed.contains(" . ") || trimmed.contains(" .") || trimmed.contains(". ") {
        problems.push("has spaces around a full stop".to_string());
    } else if trimmed.contains(char::is_whitespace) && dotted {
        problems.push("has a space where a full stop belongs".to_string());
    } else if trimmed.contains(char::is_whitespace) {
        problems.push("has a space that does not belong in it".to_string());
    }
    if trimmed.ends_with('.') {
        problems.push("ends with a full stop".to_string());
    } else if trimmed.contains('.') && !dotted {
        problems.push("has a full stop that does not belong in it".to_string());
    }
    let letters_only: String = trimmed.chars().filter(|c| c.is_alphanumeric()).collect();
    let canonical_letters: String = canonical.chars().filter(|c| c.is_alphanumeric()).collect();
    if letters_only.to_lowercase().contains('l') && !canonical_letters.to_lowercase().contains('l')
    {
        problems.push("has the letter l where the roman numeral i belongs".to_string());
    } else if letters_only != canonical_letters
        && letters_only.eq_ignore_ascii_case(&canonical_letters)
    {
        problems.push("is in the wrong case".to_string());
    }
    if problems.is_empty() {
        problems.push("is a near-miss spelling".to_string());
    }
    problems.join(" and ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_miss_forms_cover_the_published_defects() {
        assert!(near_miss_forms("A.2 v").contains(&"A.2.v".to_string()));
        assert!(near_miss_forms("A . 2").contains(&"A.2".to_string()));
        assert!(near_miss_forms("E.2.iv.").contains(&"E.2.iv".to_string()));
        assert!(near_miss_forms("PA 1").contains(&"PA1".to_string()));
        assert!(near_miss_forms("lii").contains(&"iii".to_string()));
        assert!(!near_miss_forms("A.2.v").contains(&"A.2.v".to_string()));
    }

    #[test]
    fn spelling_problems_are_named() {
        assert_eq!(
            spelling_problems("A.2 v", "A.2.v"),
            "has a space where a full stop belongs"
        );
        assert_eq!(
            spelling_problems("A . 2", "A.2"),
            "has spaces around a full stop"
        );
        assert_eq!(
            spelling_problems("E.2.iv.", "E.2.iv"),
            "ends with a full stop"
        );
        assert_eq!(
            spelling_problems("A.2 V", "A.2.v"),
            "has a space where a full stop belongs and is in the wrong case"
        );
        assert_eq!(
            spelling_problems("lii", "III"),
            "has the letter l where the roman numeral i belongs"
        );
        assert_eq!(spelling_problems("iii", "III"), "is in the wrong case");
        assert_eq!(
            spelling_problems("PA 1", "PA1"),
            "has a space that does not belong in it"
        );
        assert_eq!(
            spelling_problems("4", "IV"),
            "is written in Arabic numerals; declarations are numbered in Roman numerals"
        );
        assert_eq!(to_roman(4).as_deref(), Some("IV"));
        assert_eq!(to_roman(19).as_deref(), Some("XIX"));
        assert!(near_miss_forms("4").contains(&"IV".to_string()));
    }
}
