//! accsm keeps the work plans of the ASEAN Cooperation on Civil Service Matters (ACCSM) as
//! plain-text TOML files, checks them and reports on them.
//!
//! The library never prints. Data flows one way, and no module imports one above it
//! (`tests/architecture.rs` holds the code to this):
//!
//! - foundations: [`source`] (files, spans, lines), [`interned`] (shared strings), [`spelling`]
//!   (near misses, invisible characters), [`escape`] (one escaping layer per output kind),
//!   [`dates`];
//! - [`diag`]: findings and their renderers; [`model`]: the data set's types, nothing more;
//! - [`load`]: the repository, its files, and a reader per record kind;
//! - [`lookup`]: the reference lists as lookup tables, and why a reference does not resolve;
//! - [`check`]: the rules `accsm validate` applies;
//! - views: [`query`] (which programmes, KPIs, AMS), [`trend`], [`report`].

#![forbid(unsafe_code)]

pub mod check;
pub mod dates;
pub mod diag;
pub mod edit;
pub mod escape;
mod hash;
pub mod interned;
pub mod line_index;
pub mod load;
pub mod lookup;
pub mod model;
pub mod query;
pub mod report;
pub mod source;
pub mod spelling;
pub mod trend;
