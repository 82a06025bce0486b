//! The KPI section: for each KPI, the AMS as a whole and each AMS against its own baseline, with
//! a small chart per AMS. AMS are listed alphabetically and never compared with one another.

use super::doc::{BarRow, Bars, Block, Cell, Chart, Line, Row, Table};
use super::trends::{AmsTrend, KpiTrend, status_keys};

/// A chart and a table of every KPI's "AMS as a whole": how many AMS have each status, and the
/// regional figure where the framework defines one.
pub fn overview(trends: &[KpiTrend], window: (i64, i64), what: &str) -> Vec<Block> {
    let keys = status_keys();
    let mut header = vec![
        "KPI".to_string(),
        "AMS as a whole".to_string(),
        format!("Baseline ({})", window.0),
        "Latest".to_string(),
    ];
    header.extend(keys.iter().map(|k| k.label.to_string()));
    let rows = trends
        .iter()
        .map(|t| {
            let mut cells = vec![
                Cell::text(&t.id),
                Cell::text(&t.whole.measure),
                Cell::text(t.whole.baseline.clone().unwrap_or_else(|| "—".to_string())),
                Cell::text(t.whole.latest.clone().unwrap_or_else(|| "—".to_string())),
            ];
            cells.extend(t.whole.counts.iter().map(Cell::number));
            Row::of(cells)
        })
        .collect();
    vec![
        Block::Chart(Chart::Bars(Bars {
            title: format!(
                "{what}: AMS by trend status, per KPI, {}-{}",
                window.0, window.1
            ),
            desc: format!(
                "One bar per KPI, in the framework's order, split into the number of AMS with \
                 each status; the table below gives the same counts. {}",
                trends
                    .iter()
                    .map(|t| {
                        let parts: Vec<String> = keys
                            .iter()
                            .zip(&t.whole.counts)
                            .filter(|(_, n)| **n > 0)
                            .map(|(k, n)| format!("{n} {}", k.label))
                            .collect();
                        format!("{}: {}", t.id, parts.join(", "))
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            legend: keys.clone(),
            rows: trends
                .iter()
                .map(|t| BarRow {
                    label: t.id.clone(),
                    parts: t.whole.counts.clone(),
                })
                .collect(),
        })),
        Block::Table(Table {
            caption: format!(
                "{what}: AMS as a whole, baseline {} to {}; the counts say how many AMS have each \
                 status",
                window.0, window.1
            ),
            header,
            rows,
        }),
    ]
}

/// Each KPI's trend per AMS: a heading, the regional figure in words, and a row per AMS with a
/// sparkline of its own readings.
pub fn details(trends: &[KpiTrend], window: (i64, i64)) -> Vec<Block> {
    let keys = status_keys();
    let mut blocks = Vec::new();
    for t in trends {
        blocks.push(Block::Heading(format!("{} {}", t.id, t.title)));
        blocks.push(Block::para(match (&t.whole.baseline, &t.whole.latest) {
            (Some(b), Some(l)) => format!(
                "AMS as a whole ({}): {b} at the baseline, {l} at the latest.",
                t.whole.measure
            ),
            _ => format!(
                "AMS as a whole: {}; there is no regional figure for this KPI.",
                t.whole.measure
            ),
        }));
        let rows = t
            .ams
            .iter()
            .map(|a| {
                let key = keys.get(a.status).copied();
                let show = |p: &Option<super::trends::Point>| {
                    p.as_ref()
                        .map_or("—".to_string(), |p| format!("{} ({})", p.text, p.year))
                };
                let mut status = Cell::text(key.map_or("", |k| k.label));
                status.class = key.map(|k| k.class);
                status.chart = line(t, a, window, key.map_or("t-nobase", |k| k.class));
                Row::of(vec![
                    Cell::text(&a.name),
                    Cell::text(show(&a.baseline)),
                    Cell::text(show(&a.latest)),
                    Cell::text(a.change.clone().unwrap_or_default()).class("n"),
                    status,
                    Cell::text(&a.reason),
                ])
            })
            .collect();
        blocks.push(Block::Table(Table {
            caption: format!(
                "{}: each AMS against its own baseline, {} to {} (each chart on its own scale)",
                t.id, window.0, window.1
            ),
            header: ["AMS", "Baseline", "Latest", "Change", "Status", "Why"]
                .map(String::from)
                .to_vec(),
            rows,
        }));
    }
    blocks
}

/// The sparkline of one AMS: its series of counts per year, or its baseline and latest reading.
pub(crate) fn line(
    t: &KpiTrend,
    a: &AmsTrend,
    window: (i64, i64),
    class: &'static str,
) -> Option<Chart> {
    let mut points: Vec<(i64, f64)> = if a.series.is_empty() {
        a.baseline
            .iter()
            .chain(a.latest.iter())
            .map(|p| (p.year, p.value))
            .collect()
    } else {
        a.series.clone()
    };
    points.retain(|(_, v)| v.is_finite());
    if points.is_empty() {
        return None;
    }
    let first = points.iter().map(|p| p.0).min().unwrap_or(window.0);
    let last = points.iter().map(|p| p.0).max().unwrap_or(window.1);
    let said: Vec<String> = if a.series.is_empty() {
        a.baseline
            .iter()
            .chain(a.latest.iter())
            .map(|p| format!("{} in {}", p.text, p.year))
            .collect()
    } else {
        a.series
            .iter()
            .map(|(y, v)| format!("{v} in {y}"))
            .collect()
    };
    Some(Chart::Line(Line {
        title: format!("{}, {}", t.id, a.name),
        desc: format!("{}: {}.", a.name, said.join(", ")),
        points,
        years: (first.min(window.0), last.max(window.1)),
        max: a.max,
        class,
    }))
}
