//! Closed sets of values written as text in the files (a programme's status, a KPI's answer kind,
//! a return's round…). Each is an enum, read once where the file is read; each value has one
//! spelling, the kebab-case name it is written with, used in files, in messages and in JSON.

/// A closed set of values written by name.
pub trait ClosedSet: Copy + Eq + 'static {
    /// Every value, in the order the documentation lists them.
    const ALL: &'static [Self];
    /// Their names, in the same order.
    const NAMES: &'static [&'static str];

    /// The name a value is written with (kebab-case).
    fn as_str(self) -> &'static str;

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == name)
    }
}

/// Declares a closed set: the enum, its names (one spelling each), [`ClosedSet`], and a
/// `Serialize` that writes the name.
macro_rules! closed_set {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )* ];
            pub const NAMES: &'static [&'static str] = &[ $( $text, )* ];

            /// The name this value is written with, in files and in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text, )* }
            }

            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $( $text => Some($name::$variant), )*
                    _ => None,
                }
            }
        }

        impl $crate::model::ClosedSet for $name {
            const ALL: &'static [Self] = $name::ALL;
            const NAMES: &'static [&'static str] = $name::NAMES;
            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }
            fn from_name(name: &str) -> Option<Self> {
                $name::from_name(name)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

pub(crate) use closed_set;

#[cfg(test)]
mod tests {
    use super::ClosedSet;
    use crate::model::{AnswerKind, AreaKind, CountryKind, Rollup, Round, Status, SurveyKind};

    fn check<E: ClosedSet + std::fmt::Debug>() {
        assert_eq!(E::ALL.len(), E::NAMES.len());
        for (value, name) in E::ALL.iter().zip(E::NAMES) {
            assert_eq!(value.as_str(), *name);
            assert_eq!(E::from_name(name), Some(*value));
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name} is not kebab-case"
            );
        }
        assert_eq!(E::from_name("nothing like it"), None);
    }

    #[test]
    fn every_closed_set_has_one_kebab_case_name_per_value() {
        check::<AnswerKind>();
        check::<AreaKind>();
        check::<CountryKind>();
        check::<Round>();
        check::<Rollup>();
        check::<Status>();
        check::<SurveyKind>();
    }

    #[test]
    fn json_spells_a_value_by_its_name() {
        assert_eq!(
            serde_json::to_string(&Rollup::CountYes).ok().as_deref(),
            Some("\"count-yes\"")
        );
        assert_eq!(
            serde_json::to_string(&SurveyKind::ThirdParty)
                .ok()
                .as_deref(),
            Some("\"third-party\"")
        );
    }
}
