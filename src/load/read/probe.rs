//! What the record getters note while the readers run over empty records: the raw material of
//! [`crate::load::schema`]. It lives with the reader, so the reader needs nothing above it.

/// What a key holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    Text,
    /// Text naming one of these values.
    OneOf(&'static [&'static str]),
    WholeNumber,
    /// A whole or decimal number.
    Number,
    Bool,
    /// A TOML date, or a date as text (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    Date,
    TextList,
    /// A list of texts, each naming one of these values.
    OneOfList(&'static [&'static str]),
    WholeNumberList,
    /// One true/false, or a list of them.
    BoolOrBoolList,
    /// A table of whole numbers under names of the user's (`{ national = 3 }`).
    WholeNumberTable,
    /// A nested record of the named kind.
    Record(&'static str),
    /// One nested record of the named kind, or a list of them.
    Records(&'static str),
    /// A table of nested records of the named kind under names of the user's.
    RecordTable(&'static str),
}

pub(in crate::load) type ProbedKey = (&'static str, Option<ValueType>, bool);

/// What the getters were asked for while the readers ran over empty records.
#[derive(Default)]
pub(in crate::load) struct Probe {
    pub(in crate::load) records: Vec<(&'static str, Vec<ProbedKey>)>,
    /// Keys of all records, counting repeats: see [`super::MAX_KEYS`].
    pub(in crate::load) most_asks: usize,
    /// Records that take the lists no getter asked for (see [`super::Record::other_lists`]),
    /// and the key those lists are written before.
    pub(in crate::load) others_before: Vec<(&'static str, &'static str)>,
}

impl Probe {
    pub(in crate::load) fn keys_of(&mut self, kind: &'static str) -> &mut Vec<ProbedKey> {
        let i = match self.records.iter().position(|(k, _)| *k == kind) {
            Some(i) => i,
            None => {
                self.records.push((kind, Vec::new()));
                self.records.len() - 1
            }
        };
        &mut self.records[i].1
    }

    pub(in crate::load) fn record(&mut self, kind: &'static str) {
        self.keys_of(kind);
    }

    pub(in crate::load) fn key(
        &mut self,
        kind: &'static str,
        key: &'static str,
        ty: Option<ValueType>,
        required: bool,
    ) {
        let keys = self.keys_of(kind);
        match keys.iter_mut().find(|(k, _, _)| *k == key) {
            Some(known) => {
                known.1 = ty.or(known.1);
                known.2 |= required;
            }
            None => keys.push((key, ty, required)),
        }
    }
}
