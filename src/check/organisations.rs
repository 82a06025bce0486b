//! Partner organisations as programmes print them. `list --partner` finds a programme by an
//! organisation it prints only when the printed string is, character for character, a name or
//! alias in the partner-organisation list; one that is not would be missed without a word.

use crate::diag::{Code, Diagnostic};
use crate::lookup::{Catalog, write_instead};
use crate::model::{Programme, RefKind, Text};
use crate::spelling::{did_you_mean, invisible_chars_note, without_invisible};

/// Where a new organisation goes, for the help.
const ADD: &str = "add a `[[partner_organisation]]` for it to data/reference/partner-organisations.toml, \
                   with `name` as printed here";

/// Each printed organisation that the partner-organisation list does not name.
pub(super) fn check_partner_organisations(
    catalog: &Catalog<'_>,
    p: &Programme,
    out: &mut Vec<Diagnostic>,
) {
    for printed in p.partner_organisations() {
        if catalog.is_organisation(&printed.value) {
            continue;
        }
        // The organisation may be listed in what could not be read.
        if catalog.withhold(RefKind::PartnerOrganisation.table()) {
            continue;
        }
        out.push(unknown_organisation(catalog, printed));
    }
}

fn unknown_organisation(catalog: &Catalog<'_>, printed: &Text) -> Diagnostic {
    let input = printed.value.as_str();
    let names = catalog.organisation_names();
    if let Some(listed) = same_but_for_case(input, names) {
        return written_otherwise(printed, listed);
    }
    let d = Diagnostic::new(
        Code::UnknownPartnerOrganisation,
        printed.span,
        format!("`{input}` is not in the partner-organisation list"),
    )
    .with_label("`list --partner` cannot match it");
    if names.is_empty() {
        return d.with_help(
            "no partner-organisation list is loaded: check that the reference files are in the \
             data folder",
        );
    }
    let visible = without_invisible(input);
    match did_you_mean(&visible, names.iter().copied()) {
        Some(near) => d.with_help(format!(
            "did you mean `{near}`? If this is another organisation, {ADD}"
        )),
        None => d.with_help(ADD),
    }
}

/// A listed name printed with another case, other spaces or an invisible character: certain
/// enough to offer the listed spelling as the fix.
fn written_otherwise(printed: &Text, listed: &str) -> Diagnostic {
    let input = printed.value.as_str();
    let message = match invisible_chars_note(input) {
        Some(note) => format!("the partner organisation `{input}` {note}"),
        None => format!("`{input}` is written `{listed}` in the partner-organisation list"),
    };
    Diagnostic::new(Code::UnknownPartnerOrganisation, printed.span, message)
        .with_label("`list --partner` matches the listed spelling only")
        .with_help(write_instead(input, listed))
        .with_replacement(printed.span, listed)
}

/// The listed name or alias that `input` equals once case, runs of spaces and invisible
/// characters are set aside.
fn same_but_for_case<'a>(input: &str, names: &[&'a str]) -> Option<&'a str> {
    let folded = fold(input);
    names.iter().copied().find(|n| fold(n) == folded)
}

fn fold(text: &str) -> String {
    without_invisible(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_spaces_and_invisible_characters_are_set_aside() {
        let names = ["Avisionaday Company", "CSPS"];
        assert_eq!(
            same_but_for_case("avisionaday  company ", &names),
            Some("Avisionaday Company")
        );
        assert_eq!(
            same_but_for_case("Avisionaday\u{200b} Company", &names),
            Some("Avisionaday Company")
        );
        assert_eq!(same_but_for_case("Avisionaday Co", &names), None);
    }
}
