//! Writing new files into a work-plan repository: the KPI return template, built with
//! `toml_edit` so that nothing read from the data can become a live key of the file, and the
//! atomic write that never overwrites a file and never leaves the repository.

mod template;
mod write;

pub use template::{HOW_TO_FILL_IN, YearOutsidePlan, return_template};
pub use write::{WriteError, write_new};
