//! Each programme's progress updates, oldest first, by the programme's place in the data: the
//! history its page shows. They are in the order `load::updates::apply_latest` reads them (by
//! date, then as read), so the latest is the update the programme's status comes from.
//!
//! Kept as positions in two flat lists: at 100,000 programmes and 500,000 updates 2.8 MB, where
//! a map of plans to maps of numbers to lists (`model::Histories`) took 17 MB of the site's peak.

use crate::hash::FastMap;
use crate::model::{Dataset, ProgressUpdate};

pub struct Progress<'a> {
    updates: &'a [ProgressUpdate],
    /// By programme position: its history's place in `starts`. Two programmes of one plan and
    /// number (a finding of `validate`) share one history, as they share one status.
    history_of: Vec<u32>,
    /// Where each history begins in `order`, and where the last ends.
    starts: Vec<u32>,
    /// Positions in `updates`, history by history.
    order: Vec<u32>,
}

impl<'a> Progress<'a> {
    pub fn new(data: &'a Dataset) -> Self {
        let index = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let mut histories: FastMap<(&str, i64), u32> = FastMap::default();
        histories.reserve(data.programmes.len());
        let history_of: Vec<u32> = (data.programmes.iter())
            .map(|p| {
                let next = index(histories.len());
                *histories
                    .entry((p.plan.value.as_str(), p.number.value))
                    .or_insert(next)
            })
            .collect();
        let updates = data.updates.as_slice();
        let history = |u: &ProgressUpdate| {
            histories
                .get(&(u.plan.value.as_str(), u.number.value))
                .map(|&h| h as usize)
        };
        // Counted, then placed: each history's updates in the order they were read.
        let mut starts = vec![0u32; histories.len() + 1];
        for h in updates.iter().filter_map(history) {
            starts[h + 1] += 1;
        }
        for h in 1..starts.len() {
            starts[h] += starts[h - 1];
        }
        let mut next = starts.clone();
        let mut order = vec![0u32; starts.last().map_or(0, |&n| n as usize)];
        for (i, u) in updates.iter().enumerate() {
            if let Some(h) = history(u) {
                order[next[h] as usize] = index(i);
                next[h] += 1;
            }
        }
        // Oldest first; a stable sort keeps updates of one date in the order they were read.
        for h in starts.windows(2) {
            order[h[0] as usize..h[1] as usize].sort_by_key(|&i| updates[i as usize].date.value);
        }
        Progress {
            updates,
            history_of,
            starts,
            order,
        }
    }

    /// The progress updates of the programme at `programme` in the data, oldest first.
    pub fn of(&self, programme: usize) -> History<'_> {
        // `starts` has an end for every history `history_of` names.
        let order = self.history_of.get(programme).map_or(&[][..], |&h| {
            let h = h as usize;
            &self.order[self.starts[h] as usize..self.starts[h + 1] as usize]
        });
        History {
            updates: self.updates,
            order,
        }
    }
}

/// One programme's progress updates, oldest first.
#[derive(Clone, Copy)]
pub struct History<'p> {
    updates: &'p [ProgressUpdate],
    order: &'p [u32],
}

impl<'p> History<'p> {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The latest: the update the programme's status comes from.
    pub fn last(&self) -> Option<&'p ProgressUpdate> {
        self.iter().next_back()
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &'p ProgressUpdate> + use<'p> {
        let updates = self.updates;
        self.order.iter().map(move |&i| &updates[i as usize])
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::Histories;

    /// The same histories as `model::Histories`, which `apply_latest` reads the status from.
    #[test]
    fn each_programme_has_the_history_its_status_was_taken_from() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/progress");
        let workspace = crate::load::workspace::Workspace::open(Some(&root)).unwrap();
        let (files, _) = workspace.data_files();
        let data = crate::load::load_files(&files).dataset;
        assert!(data.updates.len() > 20, "{} updates", data.updates.len());
        let progress = Progress::new(&data);
        let histories = Histories::new(&data.updates);
        let mut with_updates = 0;
        for (i, p) in data.programmes.iter().enumerate() {
            let got: Vec<*const ProgressUpdate> =
                progress.of(i).iter().map(|u| u as *const _).collect();
            let want: Vec<*const ProgressUpdate> = (histories.of(&p.plan.value, p.number.value))
                .iter()
                .map(|&u| u as *const _)
                .collect();
            assert_eq!(got, want, "{}/{}", p.plan.value, p.number.value);
            with_updates += usize::from(!got.is_empty());
        }
        assert!(with_updates >= 3, "{with_updates} programmes with updates");
        assert_eq!(progress.of(data.programmes.len()).len(), 0);
    }
}
