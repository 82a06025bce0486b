//! Records inside records: one (`budget`), a list (`[[programme.update]]`), or a table of them
//! under names of the user's (`[return.answers."A.1"]`).

use toml::de::{DeTable, DeValue};

use super::probe::ValueType;
use super::{Ctx, Record, Value, type_name};
use crate::diag::{Code, Diagnostic};
use crate::interned::Str;
use crate::source::Spanned;

impl<'a, 'i> Record<'a, 'i> {
    /// A nested record of `kind` (`budget = { … }` or `[programme.budget]`), read with `read`.
    pub fn sub<'c, T>(
        &mut self,
        ctx: &mut Ctx<'c>,
        key: &'static str,
        kind: &'static str,
        read: impl for<'b> FnOnce(&mut Ctx<'c>, &mut Record<'b, 'i>) -> Option<T>,
    ) -> Option<T> {
        match self.ask(ctx, key, Some(ValueType::Record(kind)), false) {
            Some(v) => {
                let form = format!(
                    "write it as `{key} = {{ key = value, … }}`, or under its own header `[{}.{key}]`",
                    self.kind
                );
                let (out, strays) = Record::read_as(ctx, v, kind, Some(&form), read);
                self.strays.extend(strays);
                out
            }
            None => {
                probe_empty(ctx, kind, read);
                None
            }
        }
    }

    /// [`Record::sub`] for a record that people may write as a bare text instead of a table
    /// (`budget = "$8,000 USD"`): `from_text` reports that and says how to write it.
    pub fn sub_or_text<'c, T>(
        &mut self,
        ctx: &mut Ctx<'c>,
        key: &'static str,
        kind: &'static str,
        from_text: impl FnOnce(&mut Ctx<'c>, Spanned<Str>),
        read: impl for<'b> FnOnce(&mut Ctx<'c>, &mut Record<'b, 'i>) -> Option<T>,
    ) -> Option<T> {
        if let Some(DeValue::String(s)) = self.table.get(key).map(|v| v.get_ref()) {
            self.ask(ctx, key, Some(ValueType::Record(kind)), false);
            if let Some(v) = self.table.get(key) {
                let text = ctx.text(s, v.span());
                from_text(ctx, text);
            }
            return None;
        }
        self.sub(ctx, key, kind, read)
    }

    /// A list of nested records of `kind` (`[[programme.update]]` or `updates = [{ … }]`); one
    /// table is read as a list of one.
    pub fn sub_list<'c, T>(
        &mut self,
        ctx: &mut Ctx<'c>,
        key: &'static str,
        kind: &'static str,
        mut read: impl for<'b> FnMut(&mut Ctx<'c>, &mut Record<'b, 'i>) -> Option<T>,
    ) -> Vec<T> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::Records(kind)), false) else {
            probe_empty(ctx, kind, read);
            return Vec::new();
        };
        let form = format!(
            "write each as `[[{}.{key}]]` followed by its `key = value` lines",
            self.kind
        );
        let mut out = Vec::new();
        let items: Vec<&Value<'i>> = match v.get_ref() {
            DeValue::Array(items) => items.iter().collect(),
            _ => vec![v],
        };
        for item in items {
            let (found, strays) = Record::read_as(ctx, item, kind, Some(&form), &mut read);
            self.strays.extend(strays);
            out.extend(found);
        }
        out
    }

    /// A table of nested records of `kind` under names of the user's (`[return.answers."A.1"]`),
    /// each read with `read` together with its name. `help` says how to write one.
    pub fn sub_table<'c, T>(
        &mut self,
        ctx: &mut Ctx<'c>,
        key: &'static str,
        kind: &'static str,
        help: &str,
        mut read: impl for<'b> FnMut(&mut Ctx<'c>, Spanned<Str>, &mut Record<'b, 'i>) -> Option<T>,
    ) -> Vec<T> {
        let Some(v) = self.ask(ctx, key, Some(ValueType::RecordTable(kind)), false) else {
            if ctx.probe.is_some() {
                let name = Spanned::new(Str::default(), self.span);
                probe_empty(ctx, kind, |ctx, r| read(ctx, name, r));
            }
            return Vec::new();
        };
        let DeValue::Table(t) = v.get_ref() else {
            ctx.push(
                Diagnostic::new(
                    Code::WrongType,
                    ctx.span(v.span()),
                    format!(
                        "`{key}` should be a table of {kind}s, found {}",
                        type_name(v.get_ref())
                    ),
                )
                .with_help(help),
            );
            return Vec::new();
        };
        let form = format!(
            "write each as `[{}.{key}.\"name\"]` followed by its `key = value` lines",
            self.kind
        );
        let mut out = Vec::with_capacity(t.len());
        for (name, item) in t.iter() {
            let (name, item) = dotted_name(ctx, self.kind, key, name, item);
            let (found, strays) =
                Record::read_as(ctx, item, kind, Some(&form), |ctx, r| read(ctx, name, r));
            self.strays.extend(strays);
            out.extend(found);
        }
        out
    }
}

/// A name with a full stop written without quotes (`[return.answers.A.1]`): TOML reads it as
/// the name `A` holding a table `1`. When the parts after the first are numbers, as in the ids
/// `A.1` and `D.2.1`, that is what was meant: it is reported, and read as the name `A.1`.
fn dotted_name<'a, 'i>(
    ctx: &mut Ctx<'_>,
    parent: &str,
    key: &str,
    name: &'a toml::Spanned<toml::de::DeString<'i>>,
    item: &'a Value<'i>,
) -> (Spanned<Str>, &'a Value<'i>) {
    let quoted = matches!(
        ctx.source.as_bytes().get(name.span().start),
        Some(b'"' | b'\'')
    );
    let mut joined = name.get_ref().to_string();
    let mut end = name.span().end;
    let mut inner = item;
    loop {
        if quoted {
            break;
        }
        let DeValue::Table(t) = inner.get_ref() else {
            break;
        };
        let mut entries = t.iter();
        let (Some((k, v)), None) = (entries.next(), entries.next()) else {
            break;
        };
        let follows = ctx.source.as_bytes().get(end) == Some(&b'.') && k.span().start == end + 1;
        let number = !k.get_ref().is_empty() && k.get_ref().bytes().all(|b| b.is_ascii_digit());
        if !follows || !number || !matches!(v.get_ref(), DeValue::Table(_)) {
            break;
        }
        joined.push('.');
        joined.push_str(k.get_ref());
        end = k.span().end;
        inner = v;
    }
    let span = ctx.span(name.span().start..end);
    if end != name.span().end {
        ctx.push(
            Diagnostic::new(
                Code::DottedKey,
                span,
                format!(
                    "TOML reads `{joined}` as {} names, because of the full stops",
                    joined.split('.').count()
                ),
            )
            .with_label("a name with full stops needs quotes")
            .with_help(format!(
                "put quotes around it: `[{parent}.{key}.\"{joined}\"]`; accsm read it as `{joined}`"
            )),
        );
    }
    (Spanned::new(ctx.strings.intern(&joined), span), inner)
}

/// In probe mode, runs a nested record's reader over an empty record, so its keys are known
/// even where no data has one.
fn probe_empty<'c, 'i, T>(
    ctx: &mut Ctx<'c>,
    kind: &'static str,
    read: impl for<'b> FnOnce(&mut Ctx<'c>, &mut Record<'b, 'i>) -> Option<T>,
) {
    if ctx.probe.is_some() {
        let empty: Value<'i> = toml::Spanned::new(0..0, DeValue::Table(DeTable::new()));
        Record::read(ctx, &empty, kind, read);
    }
}
