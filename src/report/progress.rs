//! The Senior Officials Meeting's review of progress (`accsm progress`, and the first section of
//! the report): programmes by where they stand, per plan, coordinator or area; what changed
//! since a date; completions over time; and the overdue list. Counts only: member states are
//! listed by name, never ranked.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Grid, coordinator_names, name_of, timeline_text};
use crate::dates::PartialDate;
use crate::lookup::Catalog;
use crate::model::{Dataset, Programme, RefKind};
use crate::query::progress::{Progress, Standing};

/// What the counts are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProgressBy {
    Plan,
    Coordinator,
    Area,
}

impl ProgressBy {
    pub fn heading(self) -> &'static str {
        match self {
            ProgressBy::Plan => "Plan",
            ProgressBy::Coordinator => "Coordinator",
            ProgressBy::Area => "Area",
        }
    }
}

/// One row of counts: a plan, coordinator or area, and its programmes by where they stand.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProgressRow {
    /// The id (plan id, AMS id, area id); empty for the total and for "no area given".
    pub id: String,
    pub name: String,
    pub planned: usize,
    pub overdue: usize,
    pub ongoing: usize,
    pub postponed: usize,
    pub cancelled: usize,
    pub completed: usize,
    #[serde(rename = "not-reported")]
    pub not_reported: usize,
    pub programmes: usize,
}

impl ProgressRow {
    fn new(id: &str, name: String) -> Self {
        ProgressRow {
            id: id.to_string(),
            name,
            ..ProgressRow::default()
        }
    }

    fn add(&mut self, s: Standing) {
        *self.slot(s) += 1;
        self.programmes += 1;
    }

    fn slot(&mut self, s: Standing) -> &mut usize {
        match s {
            Standing::Planned => &mut self.planned,
            Standing::Overdue => &mut self.overdue,
            Standing::Ongoing => &mut self.ongoing,
            Standing::Postponed => &mut self.postponed,
            Standing::Cancelled => &mut self.cancelled,
            Standing::Completed => &mut self.completed,
            Standing::NotReported => &mut self.not_reported,
        }
    }

    /// The counts in [`Standing::ALL`] order.
    pub fn counts(&self) -> [usize; 7] {
        [
            self.planned,
            self.overdue,
            self.ongoing,
            self.postponed,
            self.cancelled,
            self.completed,
            self.not_reported,
        ]
    }
}

/// The review table.
#[derive(Clone, Debug, Serialize)]
pub struct ProgressTable {
    /// The date the counts are as of; `None` for the latest update of each programme.
    pub as_of: Option<String>,
    pub by: ProgressBy,
    pub rows: Vec<ProgressRow>,
    /// Every programme once (a joint programme counts in each coordinator's row).
    pub total: ProgressRow,
}

/// The label of programmes tagged with no area.
const NO_AREA: &str = "(no area given)";

/// Programmes by where they stand, grouped by `by`. Plans in the order of the data, coordinators
/// by name, areas in the order of the reference lists.
pub fn progress_table(
    data: &Dataset,
    catalog: &Catalog<'_>,
    progress: &Progress<'_>,
    programmes: &[&Programme],
    by: ProgressBy,
) -> ProgressTable {
    let mut total = ProgressRow::new("", "All programmes, each once".to_string());
    let mut rows: Vec<ProgressRow> = match by {
        ProgressBy::Plan => data
            .plans
            .iter()
            .map(|p| ProgressRow::new(&p.id.value, p.title.value.to_string()))
            .collect(),
        ProgressBy::Area => [RefKind::PriorityArea, RefKind::ThematicArea]
            .iter()
            .flat_map(|k| data.references_of(*k))
            .map(|a| ProgressRow::new(&a.id.value, a.display_name().to_string()))
            .collect(),
        ProgressBy::Coordinator => Vec::new(),
    };
    let mut coordinators: BTreeMap<(String, String), ProgressRow> = BTreeMap::new();
    let mut others: BTreeMap<String, ProgressRow> = BTreeMap::new();
    let find =
        |rows: &[ProgressRow], id: &str| -> Option<usize> { rows.iter().position(|r| r.id == id) };
    for p in programmes {
        let s = progress.standing(p);
        total.add(s);
        match by {
            ProgressBy::Plan => match find(&rows, &p.plan.value) {
                Some(i) => rows[i].add(s),
                None => others
                    .entry(p.plan.value.to_string())
                    .or_insert_with(|| {
                        ProgressRow::new(&p.plan.value, format!("{} (not loaded)", p.plan.value))
                    })
                    .add(s),
            },
            ProgressBy::Coordinator => {
                for c in p.coordinators() {
                    let name = name_of(catalog, &c.value);
                    coordinators
                        .entry((name.to_string(), c.value.to_string()))
                        .or_insert_with(|| ProgressRow::new(&c.value, name.to_string()))
                        .add(s);
                }
            }
            ProgressBy::Area => {
                if p.areas().is_empty() {
                    others
                        .entry(NO_AREA.to_string())
                        .or_insert_with(|| ProgressRow::new("", NO_AREA.to_string()))
                        .add(s);
                }
                for a in p.areas() {
                    match find(&rows, &a.value) {
                        Some(i) => rows[i].add(s),
                        None => others
                            .entry(a.value.to_string())
                            .or_insert_with(|| {
                                ProgressRow::new(&a.value, "(not in the reference lists)".into())
                            })
                            .add(s),
                    }
                }
            }
        }
    }
    // Areas of the other kind and plans with no programme here say nothing: left out.
    if by != ProgressBy::Coordinator {
        rows.retain(|r| r.programmes > 0);
    }
    rows.extend(coordinators.into_values());
    // "(no area given)" last, after any id the lists lack.
    let no_area = others.remove(NO_AREA);
    rows.extend(others.into_values());
    rows.extend(no_area);
    ProgressTable {
        as_of: progress.as_of.map(|d| d.to_string()),
        by,
        rows,
        total,
    }
}

impl ProgressTable {
    /// The table as a grid: one column per standing, then the programmes.
    pub fn grid(&self) -> Grid {
        let mut header = vec![self.by.heading().to_string()];
        header.extend(Standing::ALL.iter().map(|s| s.label().to_string()));
        header.push("programmes".to_string());
        let row = |r: &ProgressRow| {
            let mut cells = vec![if r.id.is_empty() || r.id == r.name {
                r.name.clone()
            } else {
                format!("{} {}", r.id, r.name)
            }];
            cells.extend(r.counts().iter().map(usize::to_string));
            cells.push(r.programmes.to_string());
            cells
        };
        let mut rows: Vec<Vec<String>> = self.rows.iter().map(row).collect();
        rows.push(row(&self.total));
        Grid { header, rows }
    }
}

/// A programme whose standing changed, or which had an update, after a date.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// `accsm-2021-2025/17`.
    pub programme: String,
    pub title: String,
    pub coordinators: Vec<String>,
    /// Its status on the date asked for (`not reported` when none).
    pub was: &'static str,
    /// Where it stands as of the view's date.
    pub now: &'static str,
    /// The latest update after the date: its date and meeting.
    pub date: String,
    pub meeting: String,
}

/// Programmes with at least one update after `since` (and on or before the view's date), in
/// the order given: what the meeting has not heard yet.
pub fn changes_since(
    catalog: &Catalog<'_>,
    progress: &Progress<'_>,
    programmes: &[&Programme],
    since: PartialDate,
) -> Vec<Change> {
    programmes
        .iter()
        .filter_map(|p| {
            let latest = progress.latest(p)?;
            if latest.date.value.on_or_before(since) {
                return None;
            }
            let was = progress
                .status_at(p, Some(since))
                .map_or("not reported", |s| s.as_str());
            Some(Change {
                programme: format!("{}/{}", p.plan.value, p.number.value),
                title: p.title.value.to_string(),
                coordinators: coordinator_names(catalog, p),
                was,
                now: progress.standing(p).label(),
                date: latest.date.value.to_string(),
                meeting: latest.meeting.value.to_string(),
            })
        })
        .collect()
}

/// The changes as a grid.
pub fn changes_grid(changes: &[Change]) -> Grid {
    Grid {
        header: [
            "Programme",
            "Title",
            "Coordinators",
            "Was",
            "Now",
            "Date",
            "Meeting",
        ]
        .map(String::from)
        .to_vec(),
        rows: changes
            .iter()
            .map(|c| {
                vec![
                    c.programme.clone(),
                    c.title.clone(),
                    c.coordinators.join(", "),
                    c.was.to_string(),
                    c.now.to_string(),
                    c.date.clone(),
                    c.meeting.clone(),
                ]
            })
            .collect(),
    }
}

/// How many programmes stood completed at the end of each month in which that changed, months
/// ascending: the steps of the completion line. A programme reopened (completed, then ongoing)
/// steps it down again, so each point is the count on that date, as `progress --as-of` gives it.
pub fn completions(
    progress: &Progress<'_>,
    programmes: &[&Programme],
) -> Vec<(PartialDate, usize)> {
    let mut steps: BTreeMap<(i64, u8), i64> = BTreeMap::new();
    for p in programmes {
        let mut was_completed = false;
        for u in progress.history(p) {
            if progress
                .as_of
                .is_some_and(|d| !u.date.value.on_or_before(d))
            {
                break;
            }
            let completed = u.status.value == crate::model::Status::Completed;
            if completed != was_completed {
                *steps
                    .entry((u.date.value.year, u.date.value.month))
                    .or_default() += if completed { 1 } else { -1 };
                was_completed = completed;
            }
        }
    }
    let mut count: i64 = 0;
    steps
        .into_iter()
        .filter_map(|((year, month), delta)| {
            count += delta;
            (delta != 0).then(|| {
                (
                    PartialDate {
                        year,
                        month,
                        day: 0,
                    },
                    usize::try_from(count).unwrap_or(0),
                )
            })
        })
        .collect()
}

/// One overdue programme: past its timeline, still planned.
#[derive(Clone, Debug, Serialize)]
pub struct Overdue {
    pub programme: String,
    pub title: String,
    pub coordinators: Vec<String>,
    pub timeline: String,
    /// The update that says planned (none when the programme record says so itself).
    pub since: Option<String>,
    pub meeting: Option<String>,
}

/// The overdue programmes, in the order given.
pub fn overdue(
    catalog: &Catalog<'_>,
    progress: &Progress<'_>,
    programmes: &[&Programme],
) -> Vec<Overdue> {
    programmes
        .iter()
        .filter(|p| progress.standing(p) == Standing::Overdue)
        .map(|p| {
            let latest = progress.latest(p);
            Overdue {
                programme: format!("{}/{}", p.plan.value, p.number.value),
                title: p.title.value.to_string(),
                coordinators: coordinator_names(catalog, p),
                timeline: timeline_text(p),
                since: latest.map(|u| u.date.value.to_string()),
                meeting: latest.map(|u| u.meeting.value.to_string()),
            }
        })
        .collect()
}
