//! Small inline SVG charts: bars split by status, and sparklines. Each is an image with a title
//! and a description for screen readers (`role="img"`, `aria-labelledby`); the figures are in a
//! table beside it. Sizes are fixed, so the page lays out the same on screen and on paper.

use std::fmt::Write as _;

use super::doc::{Bars, Key, Line, Step};
use crate::escape::html;

/// At most this many characters of a bar's label are drawn; the table beside has it whole.
const LABEL_CHARS: usize = 14;

const WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 92.0;
const BAR_HEIGHT: f64 = 16.0;
const ROW_STEP: f64 = 21.0;
const LEGEND_STEP: f64 = 18.0;

/// Opens an `<svg>` with its title and description. `id` is unique in the page.
fn open(out: &mut String, id: &str, class: &str, (w, h): (f64, f64), title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg class=\"{class}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        html(title),
        html(desc)
    );
}

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
        s.push('…');
        s
    }
}

/// The legend's swatches, wrapped into lines that fit the width. Returns the height used.
fn legend(out: &mut String, keys: &[Key]) -> f64 {
    let (mut x, mut y) = (0.0, 0.0);
    for k in keys {
        // About 6.2 px per character at the chart's type size, plus the swatch.
        let w = 22.0 + 6.2 * k.label.chars().count() as f64;
        if x > 0.0 && x + w > WIDTH {
            x = 0.0;
            y += LEGEND_STEP;
        }
        let _ = write!(
            out,
            "<rect class=\"{}\" x=\"{x:.0}\" y=\"{:.0}\" width=\"11\" height=\"11\"/>\
             <text x=\"{:.0}\" y=\"{:.0}\">{}</text>",
            k.class,
            y + 2.0,
            x + 15.0,
            y + 11.5,
            html(k.label)
        );
        x += w;
    }
    y + LEGEND_STEP + 6.0
}

/// Horizontal bars split by the legend's parts, all on one scale, with each row's total.
pub fn bars(out: &mut String, id: &str, chart: &Bars) {
    let max = chart
        .rows
        .iter()
        .map(|r| r.parts.iter().sum::<usize>())
        .max()
        .unwrap_or(0);
    // Room for the total after the longest bar.
    let span = WIDTH - LABEL_WIDTH - 48.0;
    let mut body = String::new();
    let top = legend(&mut body, &chart.legend);
    for (i, row) in chart.rows.iter().enumerate() {
        let y = top + ROW_STEP * i as f64;
        let _ = write!(
            body,
            "<text x=\"0\" y=\"{:.1}\">{}</text>",
            y + BAR_HEIGHT - 4.0,
            html(&short(&row.label))
        );
        let mut x = LABEL_WIDTH;
        let total: usize = row.parts.iter().sum();
        for (part, key) in row.parts.iter().zip(&chart.legend) {
            if *part == 0 || max == 0 {
                continue;
            }
            let w = span * *part as f64 / max as f64;
            let _ = write!(
                body,
                "<rect class=\"{}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{BAR_HEIGHT}\"/>",
                key.class
            );
            x += w;
        }
        let _ = write!(
            body,
            "<text class=\"total\" x=\"{:.1}\" y=\"{:.1}\">{total}</text>",
            x + 4.0,
            y + BAR_HEIGHT - 4.0
        );
    }
    let height = top + ROW_STEP * chart.rows.len() as f64;
    open(
        out,
        id,
        "chart bars",
        (WIDTH, height.ceil()),
        &chart.title,
        &chart.desc,
    );
    out.push_str(&body);
    out.push_str("</svg>");
}

/// A sparkline: the AMS's readings over the years, on its own scale (zero at the bottom, or the
/// lowest reading when one is below zero; the top is the highest value the answer can take, or
/// the highest reading).
pub fn line(out: &mut String, id: &str, chart: &Line) {
    const W: f64 = 100.0;
    const H: f64 = 28.0;
    const PAD: f64 = 4.0;
    let (first, last) = chart.years;
    let values = chart.points.iter().map(|p| p.1);
    let lo = values.clone().fold(0.0_f64, f64::min);
    let mut hi = values.fold(lo, f64::max);
    if let Some(m) = chart.max.filter(|m| m.is_finite()) {
        hi = hi.max(m);
    }
    let range = if hi - lo > 0.0 && (hi - lo).is_finite() {
        hi - lo
    } else {
        1.0
    };
    let years = (last.saturating_sub(first)) as f64;
    let x = |year: i64| {
        if years <= 0.0 {
            W / 2.0
        } else {
            PAD + (W - 2.0 * PAD) * (year.saturating_sub(first)) as f64 / years
        }
    };
    let y = |v: f64| {
        let t = ((v - lo) / range).clamp(0.0, 1.0);
        H - PAD - (H - 2.0 * PAD) * t
    };
    open(out, id, "chart spark", (W, H), &chart.title, &chart.desc);
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{PAD}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
        H - PAD,
        W - PAD,
        H - PAD
    );
    let coords: Vec<String> = chart
        .points
        .iter()
        .map(|&(yr, v)| format!("{:.1},{:.1}", x(yr), y(v)))
        .collect();
    if coords.len() > 1 {
        let _ = write!(
            out,
            "<polyline class=\"{}\" points=\"{}\"/>",
            chart.class,
            coords.join(" ")
        );
    }
    for &(yr, v) in &chart.points {
        let _ = write!(
            out,
            "<circle class=\"{}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.6\"/>",
            chart.class,
            x(yr),
            y(v)
        );
    }
    out.push_str("</svg>");
}

/// A step line of a count over months: flat until the count changes, then straight up (or
/// down), with a dot at each change. Years are marked along the bottom, 0 and the highest
/// count up the side.
pub fn step(out: &mut String, id: &str, chart: &Step) {
    const W: f64 = 420.0;
    const H: f64 = 200.0;
    const LEFT: f64 = 34.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 26.0;
    let month = |(y, m): (i64, u8)| -> i64 {
        y.saturating_sub(chart.from.0)
            .saturating_mul(12)
            .saturating_add(i64::from(m.max(1)) - 1)
    };
    // At most a century of months; a plan of a few years is 60.
    let span = month(chart.to).clamp(1, 1200) as f64 + 1.0;
    let x = |at: (i64, u8)| LEFT + (W - LEFT - RIGHT) * (month(at).clamp(0, 1201) as f64 / span);
    let max = chart.points.iter().map(|p| p.1).max().unwrap_or(0).max(1);
    let y = |n: usize| H - BOTTOM - (H - TOP - BOTTOM) * (n.min(max) as f64 / max as f64);
    open(
        out,
        id,
        "chart step-chart",
        (W, H),
        &chart.title,
        &chart.desc,
    );
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{b:.1}\" x2=\"{:.1}\" y2=\"{b:.1}\"/>\
         <line class=\"axis\" x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{b:.1}\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">0</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{max}</text>",
        W - RIGHT,
        LEFT - 4.0,
        y(0) + 4.0,
        LEFT - 4.0,
        y(max) + 4.0,
        b = H - BOTTOM,
    );
    // A mark for each year, labelled.
    let years = chart.to.0.saturating_sub(chart.from.0).clamp(0, 100);
    for i in 0..=years {
        let year = chart.from.0.saturating_add(i);
        let at = x((year, 1));
        let _ = write!(
            out,
            "<line class=\"axis\" x1=\"{at:.1}\" y1=\"{b:.1}\" x2=\"{at:.1}\" y2=\"{:.1}\"/>\
             <text x=\"{at:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{year}</text>",
            H - BOTTOM + 4.0,
            H - 8.0,
            b = H - BOTTOM,
        );
    }
    let mut coords = vec![format!("{:.1},{:.1}", x(chart.from), y(0))];
    let mut last = 0;
    for &(at, n) in &chart.points {
        coords.push(format!("{:.1},{:.1}", x(at), y(last)));
        coords.push(format!("{:.1},{:.1}", x(at), y(n)));
        last = n;
    }
    coords.push(format!("{:.1},{:.1}", x(chart.to), y(last)));
    let _ = write!(
        out,
        "<polyline class=\"step\" points=\"{}\"/>",
        coords.join(" ")
    );
    for &(at, n) in &chart.points {
        let _ = write!(
            out,
            "<circle class=\"step-dot\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\"/>",
            x(at),
            y(n)
        );
    }
    out.push_str("</svg>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::meeting::doc::BarRow;

    fn spark(points: Vec<(i64, f64)>, years: (i64, i64), max: Option<f64>) -> String {
        let mut out = String::new();
        let chart = Line {
            title: "t".into(),
            desc: "d".into(),
            points,
            years,
            max,
            class: "t-up",
        };
        line(&mut out, "c1", &chart);
        out
    }

    /// Every number drawn is a finite coordinate inside the chart.
    fn coordinates(svg: &str) -> Vec<f64> {
        let mut found = Vec::new();
        for attr in ["cx=\"", "cy=\"", "points=\""] {
            for (i, m) in svg.match_indices(attr) {
                let rest = &svg[i + m.len()..];
                let value = &rest[..rest.find('"').unwrap_or(0)];
                for n in value.split([' ', ',']) {
                    found.push(n.parse::<f64>().unwrap_or(f64::NAN));
                }
            }
        }
        found
    }

    #[test]
    fn a_sparkline_stays_in_its_box_whatever_the_values() {
        let cases = [
            spark(vec![(2021, 0.0), (2025, 1.0)], (2021, 2025), Some(1.0)),
            spark(vec![(2021, 5.0), (2025, 5.0)], (2021, 2025), None),
            spark(vec![(2021, -1e308), (2025, 1e308)], (2021, 2025), None),
            spark(vec![(2021, 3.0)], (2021, 2021), None),
            spark(
                vec![(i64::MIN, 1.0), (i64::MAX, 2.0)],
                (i64::MIN, i64::MAX),
                Some(f64::NAN),
            ),
        ];
        for svg in &cases {
            let numbers = coordinates(svg);
            assert!(!numbers.is_empty(), "{svg}");
            assert!(
                numbers
                    .iter()
                    .all(|n| n.is_finite() && (0.0..=100.0).contains(n)),
                "{numbers:?} in {svg}"
            );
        }
        // Yes at the top, no at the bottom.
        let yes_no = coordinates(&cases[0]);
        assert!(
            yes_no.contains(&24.0) && yes_no.contains(&4.0),
            "{yes_no:?}"
        );
    }

    #[test]
    fn bars_share_one_scale_and_their_labels_are_escaped_and_cut() {
        let keys = vec![
            Key {
                class: "a",
                label: "one",
            },
            Key {
                class: "b",
                label: "two",
            },
        ];
        let chart = Bars {
            title: "<b>".into(),
            desc: "d".into(),
            legend: keys,
            rows: vec![
                BarRow {
                    label: "<script>alert(1)</script>".into(),
                    parts: vec![2, 2],
                },
                BarRow {
                    label: "B".into(),
                    parts: vec![1, 0],
                },
                BarRow {
                    label: "none".into(),
                    parts: vec![0, 0],
                },
            ],
        };
        let mut out = String::new();
        bars(&mut out, "c2", &chart);
        assert!(!out.contains("<script") && !out.contains("<b>"), "{out}");
        assert!(out.contains(">&lt;script&gt;alert…</text>"), "{out}");
        let widths: Vec<f64> = out
            .match_indices(" width=\"")
            .skip(1)
            .filter_map(|(i, m)| {
                let rest = &out[i + m.len()..];
                rest[..rest.find('"')?].parse().ok()
            })
            .filter(|w| *w != 11.0)
            .collect();
        // 2 + 2 of 4 fill the bar; 1 of 4 is a quarter of it; an empty row draws nothing.
        assert_eq!(widths.len(), 3, "{widths:?}");
        assert!(
            (widths[0] + widths[1] - 4.0 * widths[2]).abs() < 0.5,
            "{widths:?}"
        );
        assert!(out.contains(">0</text>"));
    }
}
