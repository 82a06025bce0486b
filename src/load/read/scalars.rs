//! Single values: texts, numbers, true/false, dates and the names of closed sets.

use toml::de::DeValue;

use super::probe::ValueType;
use super::{Ctx, Record, Value, invalid_literal};
use crate::diag::{Code, Diagnostic};
use crate::interned::Str;
use crate::model::ClosedSet;
use crate::source::Spanned;
use crate::spelling::did_you_mean;

impl<'a, 'i> Record<'a, 'i> {
    fn text_of(&self, ctx: &mut Ctx<'_>, key: &str, v: &Value<'_>) -> Option<Spanned<Str>> {
        match v.get_ref() {
            DeValue::String(s) => Some(ctx.text(s, v.span())),
            _ => {
                self.wrong_type(ctx, key, v, "text", "\"…\"");
                None
            }
        }
    }

    pub fn opt_str(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<Str>> {
        let v = self.ask(ctx, key, Some(ValueType::Text), false)?;
        self.text_of(ctx, key, v)
    }

    pub fn req_str(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<Str>> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::Text), true) else {
            self.missing(ctx, key, "\"…\"");
            return None;
        };
        self.text_of(ctx, key, v)
    }

    fn int_of(&self, ctx: &mut Ctx<'_>, key: &str, v: &Value<'_>) -> Option<Spanned<i64>> {
        if let Some(problem) = invalid_literal(v.get_ref()) {
            ctx.push(problem.at(ctx.span(v.span())));
            return None;
        }
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(Spanned::new(n, ctx.span(v.span()))),
                Err(_) => {
                    ctx.push(Diagnostic::new(
                        Code::BadValue,
                        ctx.span(v.span()),
                        format!("`{key}` is too large a number"),
                    ));
                    None
                }
            },
            _ => {
                self.wrong_type(ctx, key, v, "a whole number", "2023");
                None
            }
        }
    }

    pub fn opt_int(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<i64>> {
        let v = self.ask(ctx, key, Some(ValueType::WholeNumber), false)?;
        self.int_of(ctx, key, v)
    }

    pub fn req_int(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<i64>> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::WholeNumber), true) else {
            self.missing(ctx, key, "1");
            return None;
        };
        self.int_of(ctx, key, v)
    }

    /// A number; whole numbers are accepted where decimals are expected.
    pub fn opt_number(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<f64>> {
        let v = self.ask(ctx, key, Some(ValueType::Number), false)?;
        if let Some(problem) = invalid_literal(v.get_ref()) {
            ctx.push(problem.at(ctx.span(v.span())));
            return None;
        }
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => {
                self.wrong_type(ctx, key, v, "a number", "5000.00");
                return None;
            }
        };
        match parsed {
            Some(n) if n.is_finite() => Some(Spanned::new(n, ctx.span(v.span()))),
            _ => {
                ctx.push(Diagnostic::new(
                    Code::BadValue,
                    ctx.span(v.span()),
                    format!("`{key}` must be a finite number"),
                ));
                None
            }
        }
    }

    pub(super) fn bool_of(
        &self,
        ctx: &mut Ctx<'_>,
        key: &str,
        v: &Value<'_>,
    ) -> Option<Spanned<bool>> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(Spanned::new(*b, ctx.span(v.span()))),
            _ => {
                self.wrong_type(ctx, key, v, "true or false", "true");
                None
            }
        }
    }

    pub fn opt_bool(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<bool>> {
        let v = self.ask(ctx, key, Some(ValueType::Bool), false)?;
        self.bool_of(ctx, key, v)
    }

    /// A TOML date (`2022-03-01`) or a text date; returned as `YYYY-MM-DD` text.
    pub fn opt_date(&mut self, ctx: &mut Ctx<'_>, key: &'static str) -> Option<Spanned<Str>> {
        let v = self.ask(ctx, key, Some(ValueType::Date), false)?;
        let span = ctx.span(v.span());
        let text = match v.get_ref() {
            DeValue::Datetime(dt) => dt.to_string(),
            DeValue::String(s) => s.to_string(),
            _ => {
                self.wrong_type(ctx, key, v, "a date", "2022-03-01");
                return None;
            }
        };
        if crate::dates::is_partial_date(&text) {
            Some(Spanned::new(Str::from(text), span))
        } else if text.trim().is_empty() {
            ctx.push(
                Diagnostic::new(Code::EmptyValue, span, format!("`{key}` is empty")).with_help(
                    "write a date as YYYY-MM-DD (or YYYY-MM, or YYYY), or leave the key out",
                ),
            );
            None
        } else {
            ctx.push(
                Diagnostic::new(Code::BadValue, span, format!("`{text}` is not a date")).with_help(
                    "write a date as YYYY-MM-DD (or YYYY-MM, or YYYY when only the year is known)",
                ),
            );
            None
        }
    }

    /// A value of a closed set, written as its name (`status = "ongoing"`).
    pub fn opt_enum<E: ClosedSet>(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &'static str,
    ) -> Option<Spanned<E>> {
        let v = self.ask(ctx, key, Some(ValueType::OneOf(E::NAMES)), false)?;
        let s = self.text_of(ctx, key, v)?;
        enum_of(ctx, key, &s)
    }

    pub fn req_enum<E: ClosedSet>(
        &mut self,
        ctx: &mut Ctx<'_>,
        key: &'static str,
    ) -> Option<Spanned<E>> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::OneOf(E::NAMES)), true) else {
            let first = E::NAMES.first().copied().unwrap_or("…");
            self.missing(ctx, key, &format!("\"{first}\""));
            return None;
        };
        let s = self.text_of(ctx, key, v)?;
        enum_of(ctx, key, &s)
    }
}

/// The value of a closed set that `s` names, or a `bad-value` finding with the allowed names.
pub(super) fn enum_of<E: ClosedSet>(
    ctx: &mut Ctx<'_>,
    key: &str,
    s: &Spanned<Str>,
) -> Option<Spanned<E>> {
    if let Some(found) = E::from_name(&s.value) {
        return Some(Spanned::new(found, s.span));
    }
    if s.value.trim().is_empty() {
        ctx.push(
            Diagnostic::new(Code::EmptyValue, s.span, format!("`{key}` is empty"))
                .with_help(format!("use one of: {}", E::NAMES.join(", "))),
        );
        return None;
    }
    let mut d = Diagnostic::new(
        Code::BadValue,
        s.span,
        format!("`{}` is not a valid `{key}`", s.value),
    );
    d = match did_you_mean(&s.value, E::NAMES.iter().copied()) {
        Some(m) => d.with_help(format!(
            "did you mean `{m}`? (one of: {})",
            E::NAMES.join(", ")
        )),
        None => d.with_help(format!("use one of: {}", E::NAMES.join(", "))),
    };
    ctx.push(d);
    None
}
