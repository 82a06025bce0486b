//! Records inside records: one (`budget`), a list (`[[programme.update]]`), or a table of them
//! under names of the user's (`[return.answers."A.1"]`).

use toml::de::{DeTable, DeValue};

use super::probe::ValueType;
use super::{Ctx, Record, Value, type_name};
use crate::diag::{Code, Diagnostic};
use crate::source::Spanned;
use crate::strings::Str;

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
            Some(v) => Record::read(ctx, v, kind, read),
            None => {
                probe_empty(ctx, kind, read);
                None
            }
        }
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
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| Record::read(ctx, item, kind, &mut read))
                .collect(),
            _ => Record::read(ctx, v, kind, read).into_iter().collect(),
        }
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
        let mut out = Vec::with_capacity(t.len());
        for (name, item) in t.iter() {
            let name = ctx.text(name.get_ref(), name.span());
            out.extend(Record::read(ctx, item, kind, |ctx, r| read(ctx, name, r)));
        }
        out
    }
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
