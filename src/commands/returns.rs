//! `accsm returns`: the reporting-completeness matrix, AMS × year, and the answers missing.

use std::path::Path;
use std::process::ExitCode;

use accsm::report::Grid;
use accsm::returns::by_country_and_year;

use crate::cli::{ListFormat, ReturnsArgs};
use crate::output;

pub fn run(root: Option<&Path>, args: ReturnsArgs) -> anyhow::Result<ExitCode> {
    let loaded = super::load_repository(root)?;
    let data = &loaded.dataset;
    let plan = super::kpi_plan(data, args.plan.as_deref())?;
    let kpis = super::select_kpis(data, plan, &args.kpi)?;
    let years: Vec<i64> = plan.reporting_years().collect();
    let by_country = by_country_and_year(data);
    let ams = data.ams_by_name();

    let mut header = vec!["AMS".to_string()];
    header.extend(years.iter().map(i64::to_string));
    let mut matrix = Grid {
        header,
        rows: Vec::new(),
    };
    let mut missing = Grid {
        header: ["AMS", "Year", "KPIs not answered"]
            .map(String::from)
            .to_vec(),
        rows: Vec::new(),
    };
    for (id, name) in &ams {
        let mut row = vec![name.to_string()];
        for year in &years {
            let ret = by_country.get(id).and_then(|m| m.get(year));
            match ret {
                None => row.push("—".to_string()),
                Some(r) => {
                    let absent: Vec<&str> = kpis
                        .iter()
                        .filter(|k| r.answer(&k.id.value).is_none())
                        .map(|k| k.id.value.as_str())
                        .collect();
                    row.push(format!("{}/{}", kpis.len() - absent.len(), kpis.len()));
                    if !absent.is_empty() {
                        missing.rows.push(vec![
                            name.to_string(),
                            year.to_string(),
                            absent.join(" "),
                        ]);
                    }
                }
            }
        }
        matrix.rows.push(row);
    }
    let text = match args.format {
        ListFormat::Csv => matrix.to_csv()?,
        ListFormat::Json => {
            #[derive(serde::Serialize)]
            struct Cell<'a> {
                country: &'a str,
                year: i64,
                returned: bool,
                missing: Vec<&'a str>,
            }
            let mut cells = Vec::new();
            for (id, _) in &ams {
                for year in &years {
                    let ret = by_country.get(id).and_then(|m| m.get(year));
                    cells.push(Cell {
                        country: id,
                        year: *year,
                        returned: ret.is_some(),
                        missing: ret
                            .map(|r| {
                                kpis.iter()
                                    .filter(|k| r.answer(&k.id.value).is_none())
                                    .map(|k| k.id.value.as_str())
                                    .collect()
                            })
                            .unwrap_or_default(),
                    });
                }
            }
            serde_json::to_string_pretty(&cells)? + "\n"
        }
        ListFormat::Markdown => format!("{}\n{}", matrix.to_markdown(), missing.to_markdown()),
        ListFormat::Table => {
            let mut t = format!(
                "KPIs answered per return ({} KPIs; — = no return)\n{}",
                kpis.len(),
                matrix.to_table(super::table_width())
            );
            if !missing.rows.is_empty() {
                t.push_str("\nAnswers missing from returns\n");
                t.push_str(&missing.to_table(super::table_width()));
            }
            t
        }
    };
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
