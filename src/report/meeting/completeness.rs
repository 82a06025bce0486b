//! Reporting completeness: which AMS returned which KPI answers for which year, AMS by name.

use super::doc::{Block, Cell, Row, Table};
use crate::model::{Dataset, Kpi, Plan};
use crate::report::coverage::Coverage;

pub fn matrix(data: &Dataset, plan: &Plan, kpis: &[&Kpi]) -> Vec<Block> {
    let coverage = Coverage::new(data, plan, kpis);
    let expected = coverage.cells.len();
    let returned = coverage.cells.iter().filter(|c| c.returned).count();
    let complete = coverage
        .cells
        .iter()
        .filter(|c| c.returned && c.missing.is_empty())
        .count();
    let ams = data.ams_of(plan).len();
    let years = match (coverage.years.first(), coverage.years.last()) {
        (Some(a), Some(b)) => format!("{a}-{b}"),
        _ => "no years".to_string(),
    };
    let mut blocks = vec![Block::para(format!(
        "{returned} of the {expected} returns expected ({ams} AMS × {} reporting years, {years}) \
         are in the repository; {complete} of them answer all {} KPIs.",
        coverage.years.len(),
        kpis.len()
    ))];
    let grid = coverage.matrix();
    let rows = grid
        .rows
        .into_iter()
        .map(|row| {
            Row::of(
                row.into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        if i == 0 {
                            return Cell::text(c);
                        }
                        let class = if c == "—" {
                            "ret-none"
                        } else if c.split_once('/').is_some_and(|(a, b)| a == b) {
                            "ret-full"
                        } else {
                            "ret-part"
                        };
                        Cell::text(c).class(class)
                    })
                    .collect(),
            )
        })
        .collect();
    blocks.push(Block::Table(Table {
        caption: format!(
            "{}: KPIs answered per return, AMS × year (— = no return)",
            plan.title.value
        ),
        header: grid.header,
        rows,
    }));
    let missing = coverage.missing();
    if !missing.rows.is_empty() {
        blocks.push(Block::Table(Table {
            caption: "Returns that leave KPIs unanswered".to_string(),
            header: missing.header,
            rows: missing
                .rows
                .into_iter()
                .map(|r| Row::of(r.into_iter().map(Cell::text).collect()))
                .collect(),
        }));
    }
    blocks
}
