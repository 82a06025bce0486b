//! `accsm trend`: each KPI for each AMS, baseline against latest, and AMS as a whole.

use std::path::Path;
use std::process::ExitCode;

use accsm::escape::{markdown, terminal_safe};
use accsm::lookup::Catalog;
use accsm::model::{Kpi, Plan};
use accsm::query::{kpi_plan, select_countries, select_kpis};
use accsm::report::Grid;
use accsm::trend::{self, EXPLAIN_HEADER, Figure, Regional, Trend, Window};

use crate::cli::{ListFormat, TrendArgs};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: TrendArgs) -> Result<ExitCode, Error> {
    let loaded = super::load_kpi_repository(root)?;
    let data = &loaded.dataset;
    let catalog = Catalog::new(data);
    let plan = kpi_plan(data, args.plan.as_deref())?;
    let kpis = select_kpis(data, plan, &args.kpi)?;
    let countries = select_countries(&catalog, &args.country)?;
    let window = window(plan, &args)?;
    let rows = trend::trends(data, &loaded.sources, &kpis, &countries, window);
    let regional = as_a_whole(&kpis, &rows);
    if data.returns.is_empty() {
        output::note(&super::no_returns_hint(root, "trend"));
    }
    let header = Header::new(plan, window, &args);
    let text = match (args.explain, args.format) {
        (_, ListFormat::Json) => json(plan, window, &header, &rows, &regional)?,
        (true, ListFormat::Table) => format!("{}\n{}", header.text(), trend::explain(&rows)),
        (true, format) => render(format, &explain_grid(&rows), &header)?,
        (false, format) => tables(format, &header, &rows, &regional)?,
    };
    output::print(&text)?;
    output::skip_freeing(loaded);
    Ok(ExitCode::SUCCESS)
}

/// The years compared: the plan's (or its mid-term review's), moved by --from and --to.
fn window(plan: &Plan, args: &TrendArgs) -> Result<Window, Error> {
    let mut window = if args.midterm {
        Window::midterm(plan)
    } else {
        Window::of_plan(plan)
    };
    window.from = args.from.unwrap_or(window.from);
    window.to = args.to.unwrap_or(window.to);
    if window.from >= window.to {
        return Err(Error::usage(format!(
            "--from {} must come before --to {}",
            window.from, window.to
        )));
    }
    Ok(window)
}

/// Each KPI for the AMS as a whole, from the rows of its AMS.
fn as_a_whole(kpis: &[&Kpi], rows: &[Trend]) -> Vec<Regional> {
    kpis.iter()
        .map(|k| {
            let of_kpi: Vec<&Trend> = rows
                .iter()
                .filter(|r| r.kpi == k.id.value.as_str())
                .collect();
            trend::regional(k, &of_kpi)
        })
        .collect()
}

/// What the trend is of: the window, which baseline year and why, and the closest-year rule.
struct Header {
    title: String,
    basis: String,
    closest: Option<String>,
}

impl Header {
    fn new(plan: &Plan, window: Window, args: &TrendArgs) -> Header {
        let what = if args.midterm {
            "Mid-term review view of "
        } else {
            ""
        };
        let title = format!(
            "{what}{}: baseline {} to {}",
            plan.id.value, window.from, window.to
        );
        let plan_year = plan.baseline_year.as_ref().map(|y| y.value);
        let basis = match (args.from, plan_year, &plan.baseline_basis) {
            (Some(from), Some(own), _) if from != own => format!(
                "Baseline year {from}: chosen with --from; the plan's baseline year is {own}."
            ),
            (Some(from), None, _) => format!("Baseline year {from}: chosen with --from."),
            (_, Some(own), Some(basis)) => format!("Baseline year {own}: {}.", basis.value),
            (_, Some(own), None) => format!("Baseline year {own}: the plan's baseline year."),
            (_, None, _) => format!(
                "Baseline year {}: the plan gives none, so its first year.",
                window.from
            ),
        };
        let closest = (window.within > 0).then(|| {
            let years = if window.within == 1 { "year" } else { "years" };
            format!(
                "Where an AMS has no figure for {}, the closest year with one, up to {} {years} either side, stands in (guideline ii of the data-collection template), and the row says so.",
                window.from, window.within
            )
        });
        Header {
            title,
            basis,
            closest,
        }
    }

    fn lines(&self) -> Vec<&str> {
        let mut lines = vec![self.title.as_str(), self.basis.as_str()];
        lines.extend(self.closest.as_deref());
        lines
    }

    /// The header for the terminal, escaped.
    fn text(&self) -> String {
        self.lines()
            .iter()
            .map(|l| format!("{}\n", terminal_safe(l)))
            .collect()
    }

    /// The header as Markdown paragraphs.
    fn markdown(&self) -> String {
        self.lines()
            .iter()
            .map(|l| format!("{}\n\n", markdown(l)))
            .collect()
    }
}

fn json(
    plan: &Plan,
    window: Window,
    header: &Header,
    rows: &[Trend],
    regional: &[Regional],
) -> Result<String, Error> {
    #[derive(serde::Serialize)]
    struct Report<'a> {
        plan: &'a str,
        from: i64,
        to: i64,
        /// Which baseline year, and why.
        baseline_basis: &'a str,
        /// How many years either side of `from` may stand in for it (guideline ii).
        closest_within: i64,
        trends: &'a [Trend],
        ams_as_a_whole: &'a [Regional],
    }
    output::json(&Report {
        plan: &plan.id.value,
        from: window.from,
        to: window.to,
        baseline_basis: &header.basis,
        closest_within: window.within,
        trends: rows,
        ams_as_a_whole: regional,
    })
}

/// A grid as the format asks; the header above it, except in CSV (which holds one table).
fn render(format: ListFormat, grid: &Grid, header: &Header) -> Result<String, Error> {
    Ok(match format {
        ListFormat::Csv => grid.to_csv()?,
        ListFormat::Markdown => format!("{}{}", header.markdown(), grid.to_markdown()),
        _ => format!("{}{}", header.text(), grid.to_table(super::table_width())),
    })
}

/// The trends per AMS, then (except in CSV, which holds one table) the AMS as a whole.
fn tables(
    format: ListFormat,
    header: &Header,
    rows: &[Trend],
    regional: &[Regional],
) -> Result<String, Error> {
    if format == ListFormat::Csv {
        return Ok(csv_grid(rows).to_csv()?);
    }
    let per_ams = render(format, &trend_grid(rows), header)?;
    let whole = match format {
        ListFormat::Markdown => regional_grid(regional).to_markdown(),
        _ => regional_grid(regional).to_table(super::table_width()),
    };
    Ok(format!("{per_ams}\nAMS as a whole\n{whole}"))
}

/// Why, with the closest-year note and the per-year series where there are.
fn why(r: &Trend) -> String {
    let mut why = r.reason.clone();
    if let Some(note) = &r.baseline_note {
        why = format!("{note}; {why}");
    }
    if !r.series.is_empty() {
        let series: Vec<String> = r.series.iter().map(|(y, n)| format!("{y}: {n}")).collect();
        why = format!("{why}; series {}", series.join(", "));
    }
    why
}

fn trend_grid(rows: &[Trend]) -> Grid {
    let show = |f: &Option<Figure>| {
        f.as_ref()
            .map(|x| format!("{} ({})", x.text, x.year))
            .unwrap_or_else(|| "—".to_string())
    };
    Grid {
        header: [
            "KPI", "AMS", "Baseline", "Latest", "Change", "Status", "Why",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    r.kpi.clone(),
                    r.country_name.clone(),
                    show(&r.baseline),
                    show(&r.latest),
                    r.change
                        .as_ref()
                        .map(|c| c.text.clone())
                        .unwrap_or_default(),
                    r.status.label().to_string(),
                    why(r),
                ]
            })
            .collect(),
    }
}

/// The trends for a spreadsheet: years, values and changes as plain numbers, each with its unit
/// in a column of its own.
fn csv_grid(rows: &[Trend]) -> Grid {
    let figure = |f: &Option<Figure>| match f {
        Some(f) => [f.year.to_string(), f.plain(), f.unit_label.clone()],
        None => Default::default(),
    };
    Grid {
        header: [
            "KPI",
            "AMS",
            "Baseline year",
            "Baseline",
            "Baseline unit",
            "Latest year",
            "Latest",
            "Latest unit",
            "Change",
            "Change unit",
            "Status",
            "Why",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                let mut row = vec![r.kpi.clone(), r.country_name.clone()];
                row.extend(figure(&r.baseline));
                row.extend(figure(&r.latest));
                match &r.change {
                    Some(c) => row.extend([c.plain(), c.unit.clone()]),
                    None => row.extend([String::new(), String::new()]),
                }
                row.extend([r.status.label().to_string(), why(r)]);
                row
            })
            .collect(),
    }
}

fn explain_grid(rows: &[Trend]) -> Grid {
    Grid {
        header: EXPLAIN_HEADER.map(String::from).to_vec(),
        rows: trend::explain_grid(rows),
    }
}

fn regional_grid(regional: &[Regional]) -> Grid {
    let mut header = vec![
        "KPI".to_string(),
        "Measure".to_string(),
        "Baseline".to_string(),
        "Latest".to_string(),
    ];
    header.extend(
        trend::TrendStatus::ALL
            .iter()
            .map(|s| s.label().to_string()),
    );
    Grid {
        header,
        rows: regional
            .iter()
            .map(|r| {
                let mut row = vec![
                    r.kpi.clone(),
                    r.measure.clone(),
                    r.baseline.clone().unwrap_or_default(),
                    r.latest.clone().unwrap_or_default(),
                ];
                row.extend(
                    trend::TrendStatus::ALL
                        .iter()
                        .map(|s| r.counts.get(s).copied().unwrap_or(0).to_string()),
                );
                row
            })
            .collect(),
    }
}
