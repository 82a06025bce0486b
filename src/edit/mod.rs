//! Writing into a work-plan repository: the KPI return template, built with `toml_edit` so that
//! nothing read from the data can become a live key of the file; the atomic write of a new file,
//! which never overwrites one, and the atomic replacement of an existing file; neither ever
//! leaves the repository.

mod template;
mod write;

pub use template::{YearOutsidePlan, return_template};
pub use write::{WriteError, replace_file, write_new};
