//! The text values of a data set: immutable, cheap to clone, and shared between the records that
//! repeat them. Every programme of a plan names the plan, and most name a handful of the same
//! countries, areas and measures; on a large data set one copy of each saves a third of the memory.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use arcstr::ArcStr;

use crate::hash::FastSet;

/// An immutable string. Clones share one allocation. One pointer wide (an `Arc<str>` is two:
/// here the length is kept in the allocation): a large data set holds millions of these, each
/// beside the 12-byte place it was read from, and 24 bytes a pair instead of 32 took a twelfth
/// off the site's memory at 100,000 programmes (BENCHMARKS.md).
#[derive(Clone, Default)]
pub struct Str(ArcStr);

// Equal, ordered and hashed as the text, so that `Borrow<str>` below is sound.
impl PartialEq for Str {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Str {}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Str {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Str {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

// Lets a set of `Str` be searched with a `&str` (see [`Interner`]); `Hash` and `Eq` agree with
// those of `str` because both are the text's.
impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Self {
        Str(ArcStr::from(s))
    }
}

impl From<String> for Str {
    fn from(s: String) -> Self {
        Str(ArcStr::from(s))
    }
}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl serde::Serialize for Str {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Hands out one [`Str`] for each distinct text it is given. The loader keeps one per file, so
/// files are still read in parallel without a shared lock.
#[derive(Default)]
pub struct Interner {
    seen: FastSet<Str>,
}

impl Interner {
    pub fn intern(&mut self, text: &str) -> Str {
        if let Some(known) = self.seen.get(text) {
            return known.clone();
        }
        let new = Str::from(text);
        self.seen.insert(new.clone());
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interner_shares_one_copy_of_each_text() {
        let mut strings = Interner::default();
        let a = strings.intern("accsm-2021-2025");
        let b = strings.intern(&String::from("accsm-2021-2025"));
        let c = strings.intern("IDN");
        assert!(ArcStr::ptr_eq(&a.0, &b.0));
        assert_eq!((a.as_str(), c.as_str()), ("accsm-2021-2025", "IDN"));
        assert_eq!(a, b);
        assert!(a == "accsm-2021-2025" && a != c);
        // Ordered as the texts are, not as their allocations.
        let (short, long) = (strings.intern("IDN"), strings.intern("IDNA"));
        assert!(a > c && short < long && Str::default().is_empty());
    }

    #[test]
    fn a_text_is_one_pointer_wide() {
        assert_eq!(std::mem::size_of::<Str>(), 8);
        assert_eq!(std::mem::size_of::<Option<Str>>(), 8);
    }
}
