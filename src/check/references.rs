//! The reference lookup moved below the rules, to [`crate::lookup`], for the filters, reports
//! and commands use it as much as the rules do. Its names stay here for code written against
//! them.

pub use crate::lookup::{Catalog, Unsure, near_miss_forms};
