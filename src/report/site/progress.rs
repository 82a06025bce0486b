//! Each programme's progress updates, oldest first, by the programme's place in the data: the
//! history its page shows. They are in the order `load::updates::apply_latest` reads them (by
//! date, then as read), so the latest is the update the programme's status comes from.
//!
//! Kept as positions in two flat lists: at 100,000 programmes and 500,000 updates 2.8 MB, where
//! a map of plans to maps of numbers to lists (`model::Histories`) took 17 MB of the site's peak.

use std::borrow::Cow;

use crate::hash::FastMap;
use crate::load::cache::Updates;
use crate::model::{Dataset, ProgressUpdate};

pub struct Progress<'a> {
    updates: Updates<'a>,
    /// By programme position: its history's place in `starts`. Two programmes of one plan and
    /// number (a finding of `validate`) share one history, as they share one status.
    history_of: Vec<u32>,
    /// Where each history begins in `order`, and where the last ends.
    starts: Vec<u32>,
    /// Positions in `updates`, history by history.
    order: Vec<u32>,
}

impl<'a> Progress<'a> {
    /// The histories of `data`'s programmes, of `updates` (the data set's own, or packed).
    pub fn new(data: &'a Dataset, updates: Updates<'a>) -> Self {
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
        // Each update's history and date, read once; an update that cannot be read back is in
        // none (and `PackedUpdates::intact` says so).
        let none = (
            u32::MAX,
            crate::dates::PartialDate {
                year: 0,
                month: 0,
                day: 0,
            },
        );
        let keyed: Vec<(u32, crate::dates::PartialDate)> = (0..updates.len())
            .map(|i| {
                let Some((plan, number, date)) = updates.key(i) else {
                    return none;
                };
                histories
                    .get(&(plan.as_str(), number))
                    .map_or(none, |&h| (h, date))
            })
            .collect();
        let in_history = |h: u32| (h != u32::MAX).then_some(h as usize);
        // Counted, then placed: each history's updates in the order they were read.
        let mut starts = vec![0u32; histories.len() + 1];
        for h in keyed.iter().filter_map(|&(h, _)| in_history(h)) {
            starts[h + 1] += 1;
        }
        for h in 1..starts.len() {
            starts[h] += starts[h - 1];
        }
        let mut next = starts.clone();
        let mut order = vec![0u32; starts.last().map_or(0, |&n| n as usize)];
        for (i, &(h, _)) in keyed.iter().enumerate() {
            if let Some(h) = in_history(h) {
                order[next[h] as usize] = index(i);
                next[h] += 1;
            }
        }
        // Oldest first; a stable sort keeps updates of one date in the order they were read.
        for h in starts.windows(2) {
            order[h[0] as usize..h[1] as usize].sort_by_key(|&i| keyed[i as usize].1);
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
    updates: Updates<'p>,
    order: &'p [u32],
}

impl<'p> History<'p> {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The date of the latest (the update the programme's status comes from), without reading
    /// the rest of it.
    pub fn last_date(&self) -> Option<crate::dates::PartialDate> {
        let (_, _, date) = self.updates.key(*self.order.last()? as usize)?;
        Some(date)
    }

    /// The updates, oldest first; one that cannot be read back is left out (and
    /// `PackedUpdates::intact` says so).
    pub fn iter(&self) -> impl Iterator<Item = Cow<'p, ProgressUpdate>> + use<'p> {
        let updates = self.updates;
        self.order
            .iter()
            .filter_map(move |&i| updates.get(i as usize))
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
        let data = crate::load::example("progress");
        assert!(data.updates.len() > 20, "{} updates", data.updates.len());
        let histories = Histories::new(&data.updates);
        // Each update by where it was read: the same whole and packed.
        let place = |u: &ProgressUpdate| (u.span.file, u.span.start, u.span.end);
        let packed = crate::load::cache::PackedUpdates::of(&data.updates);
        for updates in [Updates::Whole(&data.updates), Updates::Packed(&packed)] {
            let progress = Progress::new(&data, updates);
            let mut with_updates = 0;
            for (i, p) in data.programmes.iter().enumerate() {
                let got: Vec<_> = progress.of(i).iter().map(|u| place(&u)).collect();
                let want: Vec<_> = (histories.of(&p.plan.value, p.number.value))
                    .iter()
                    .map(|&u| place(u))
                    .collect();
                assert_eq!(got, want, "{}/{}", p.plan.value, p.number.value);
                let latest = histories.of(&p.plan.value, p.number.value).last();
                assert_eq!(progress.of(i).last_date(), latest.map(|u| u.date.value));
                with_updates += usize::from(!got.is_empty());
            }
            assert!(with_updates >= 3, "{with_updates} programmes with updates");
            assert_eq!(progress.of(data.programmes.len()).len(), 0);
        }
        assert!(packed.intact());
    }
}
