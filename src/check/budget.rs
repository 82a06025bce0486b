//! Indicative budgets: funding sources, amounts with their currencies.

use super::{PARTIES, resolve};
use crate::diag::{Code, Diagnostic};
use crate::lookup::Catalog;
use crate::model::{Budget, RefKind, Text};
use crate::spelling::{amounts_in, did_you_mean, only_close_match};

pub(super) fn check_budget(catalog: &Catalog<'_>, b: &Budget, out: &mut Vec<Diagnostic>) {
    for source in &b.sources {
        resolve(catalog, source, &[RefKind::FundingSource], out);
    }
    if let Some(funder) = &b.funded_by {
        resolve(catalog, funder, PARTIES, out);
    }
    let pairs = [
        ("amount", &b.amount, "currency", &b.currency),
        (
            "local_amount",
            &b.local_amount,
            "local_currency",
            &b.local_currency,
        ),
    ];
    check_text_amounts(b, out);
    for (amount_key, amount, currency_key, currency) in pairs {
        if let Some(a) = amount {
            if a.value < 0.0 {
                out.push(
                    Diagnostic::new(
                        Code::NegativeAmount,
                        a.span,
                        format!("`{amount_key}` is negative ({})", a.value),
                    )
                    .with_help("an indicative budget is zero or more"),
                );
            }
            if currency.is_none() {
                out.push(
                    Diagnostic::new(
                        Code::MissingField,
                        a.span,
                        format!("`{amount_key}` has no `{currency_key}`"),
                    )
                    .with_help(format!("add `{currency_key} = \"USD\"` (an ISO 4217 code)")),
                );
            }
        }
        if let Some(c) = currency {
            if c.value.trim().is_empty() {
                out.push(
                    Diagnostic::new(
                        Code::EmptyValue,
                        c.span,
                        format!("`{currency_key}` is empty"),
                    )
                    .with_help("write an ISO 4217 code, e.g. \"USD\""),
                );
            } else {
                check_currency(catalog, c, out);
            }
            if amount.is_none() {
                out.push(
                    Diagnostic::new(
                        Code::MissingField,
                        c.span,
                        format!("`{currency_key}` is given without `{amount_key}`"),
                    )
                    .with_help(format!(
                        "add `{amount_key} = …`, or remove `{currency_key}`"
                    )),
                );
            }
        }
    }
}

/// The amounts the budget's text gives against `amount` and `local_amount`: a text that says
/// 8,000 beside `amount = 9000` means one of them is wrong.
fn check_text_amounts(b: &Budget, out: &mut Vec<Diagnostic>) {
    let Some(text) = &b.text else { return };
    let given = [("amount", &b.amount), ("local_amount", &b.local_amount)];
    if given.iter().all(|(_, a)| a.is_none()) {
        return;
    }
    let written = amounts_in(&text.value);
    if written.is_empty() {
        return;
    }
    for (key, amount) in given {
        let Some(a) = amount else { continue };
        if written.iter().any(|(_, n)| (n - a.value).abs() < 0.005) {
            continue;
        }
        let says: Vec<String> = written.iter().map(|(w, _)| format!("`{w}`")).collect();
        out.push(
            Diagnostic::new(
                Code::BudgetTextMismatch,
                a.span,
                format!(
                    "`{key}` is {}, but the budget's text gives {}",
                    a.value,
                    says.join(" and ")
                ),
            )
            .with_label("not an amount the text gives")
            .with_related(text.span, "the budget's text")
            .with_help("make them agree: correct the amount, or the text if the amount is right"),
        );
    }
}

/// A currency code that the currency list does not have, with the closest one.
pub(super) fn check_currency(catalog: &Catalog<'_>, c: &Text, out: &mut Vec<Diagnostic>) {
    if catalog.get(RefKind::Currency, &c.value).is_some() {
        return;
    }
    let known = catalog.ids(&[RefKind::Currency]);
    let d = Diagnostic::new(
        Code::UnknownCurrency,
        c.span,
        format!("`{}` is not a known currency code", c.value),
    );
    out.push(match did_you_mean(&c.value, known.iter().copied()) {
        Some(s) => {
            let d = d.with_help(format!("did you mean `{s}`?"));
            match only_close_match(&c.value, known.iter().copied()) {
                Some(certain) => d.with_replacement(c.span, certain),
                None => d,
            }
        }
        None => d.with_help(format!(
            "write an ISO 4217 code from the currency list: {}",
            known.join(", ")
        )),
    });
}
