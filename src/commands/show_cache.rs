//! What `show` loads: with the cache (see `accsm::load::cache`), only the files that may hold
//! the programme asked for, the ones it names and the ones that continue it, and every file the
//! cache does not hold (plans, reference lists, frameworks, updates…); without it, everything.

use std::path::Path;

use accsm::load::cache::{self, Cache};
use accsm::load::workspace::{self, Workspace};
use accsm::load::{LoadOptions, Loaded};
use accsm::model::Dataset;

use crate::error::Error;

/// The data `show` needs for `wanted` (PLAN/NUMBER). When the programme is not found in the
/// files read (`found` says), everything is read again, so that what is said of a name not
/// found (the numbers a plan has) is said of the whole repository.
pub fn load(
    root: Option<&Path>,
    wanted: &str,
    no_cache: bool,
    found: impl Fn(&Dataset) -> bool,
) -> Result<Loaded, Error> {
    if !cache::wanted(no_cache) || (root.is_none() && workspace::locate().is_none()) {
        return super::load_repository(root);
    }
    let workspace = Workspace::open(root)?;
    let Some(cache) = Cache::open(&workspace.root) else {
        return super::load_workspace(&workspace, LoadOptions::default());
    };
    let number = wanted
        .rsplit_once('/')
        .and_then(|(_, n)| n.trim().trim_start_matches('#').parse::<i64>().ok());
    if let Some(number) = number {
        let mut left_out = 0;
        let some = super::load_workspace_by(&workspace, |files| {
            let (loaded, errors) = cache::load_for_number(files, &cache, number);
            left_out = errors;
            loaded
        })?;
        if found(&some.dataset) {
            super::announce_errors(&some, left_out);
            return Ok(some);
        }
    }
    let all = super::load_workspace_by(&workspace, |files| cache::load_files(files, &cache))?;
    super::announce_errors(&all, 0);
    Ok(all)
}
