//! Changing the files of a work-plan repository: the canonical layout (`accsm fmt`), the fixes
//! findings carry (`accsm fix`), new programmes, KPI return templates and repositories (`accsm
//! new`, `accsm init`), each built with `toml_edit` so that nothing read from the data or the
//! command line can become a live key of a file; every rewrite is checked to keep the values
//! and the comments, and written atomically, never out of the repository.

mod files;
mod fix;
mod format;
mod next_plan;
mod out;
mod programme;
mod repository;
mod shape;
pub mod sheet;
mod staged;
mod strict;
mod template;
mod update;
mod verify;
mod write;

pub use files::{FileFormat, Left, format_file, format_files, unified_diff};
pub use fix::{FixedFile, apply_fixes};
pub use format::{FormatError, format_toml};
pub use next_plan::{
    NextPlan, NextPlanError, NextPlanFiles, next_kpis_file, next_plan_file, next_title,
    retire_allows, to_carry,
};
pub use out::{check_destination, check_folder, write_out};
pub use programme::{NewProgramme, programme_block};
pub use repository::{
    NewPlan, SCHEMA_FILE, TAPLO, VSCODE_EXTENSIONS, action_repository, repository_files,
};
pub use staged::{check_with_new_files, check_with_text};
pub use template::{HOW_TO_FILL_IN, YearOutsidePlan, return_template};
pub use update::{NewUpdate, update_text};
pub use verify::{comments, same_comments_in_order, same_document};
pub use write::{WriteError, Written, new_folder, replace_file, write_new, write_new_bytes};
