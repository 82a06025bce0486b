//! Indicative budgets by coordinator and by year. Amounts are added up only within one currency;
//! budgets given as a source of funds (cost-sharing, the ASEAN+3 Cooperation Fund), as TBC or not
//! at all are counted, never given a value. Each programme counts in exactly one row, so the rows
//! add up to the plan's total.

use std::collections::BTreeMap;

use super::doc::{Block, Cell, Row, Table};
use crate::lookup::Catalog;
use crate::model::{Budget, Dataset, Programme};
use crate::query::programme_years;
use crate::report::{NO_YEAR, funding_source_names, name_of};

/// The budgets of some programmes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub programmes: usize,
    /// Currency → (total in hundredths, programmes).
    pub amounts: BTreeMap<String, (i128, usize)>,
    /// Amounts that cannot be added: no currency, below zero, or too large.
    pub unusable: usize,
    /// Programmes funded otherwise: given a source of funds, a funder or words only.
    pub otherwise: usize,
    /// Those programmes by source; one of several sources counts under each of them.
    pub by_source: BTreeMap<String, usize>,
    pub tbc: usize,
    pub none: usize,
}

/// Amounts larger than this (a thousand trillion) are not added: no indicative budget is that
/// large, and the total stays exact.
const LARGEST: f64 = 1e15;

impl Totals {
    pub fn add(&mut self, catalog: &Catalog<'_>, budget: Option<&Budget>) {
        self.programmes += 1;
        let Some(b) = budget else {
            self.none += 1;
            return;
        };
        if let Some(amount) = &b.amount {
            let a = amount.value;
            match &b.currency {
                Some(c) if a.is_finite() && (0.0..=LARGEST).contains(&a) => {
                    // Whole hundredths: exact to the cent, whatever the number of programmes.
                    let cents = (a * 100.0).round() as i128;
                    let entry = self.amounts.entry(c.value.to_string()).or_default();
                    entry.0 = entry.0.saturating_add(cents);
                    entry.1 += 1;
                }
                _ => self.unusable += 1,
            }
        } else if b.tbc {
            self.tbc += 1;
        } else {
            self.otherwise += 1;
            for source in sources(catalog, b) {
                *self.by_source.entry(source).or_default() += 1;
            }
        }
    }

    pub fn merge(&mut self, other: &Totals) {
        self.programmes += other.programmes;
        for (c, (sum, n)) in &other.amounts {
            let entry = self.amounts.entry(c.clone()).or_default();
            entry.0 = entry.0.saturating_add(*sum);
            entry.1 += n;
        }
        self.unusable += other.unusable;
        self.otherwise += other.otherwise;
        for (s, n) in &other.by_source {
            *self.by_source.entry(s.clone()).or_default() += n;
        }
        self.tbc += other.tbc;
        self.none += other.none;
    }

    /// "USD 27,000.00 (3)", one per currency; and the amounts that could not be added.
    pub fn amounts_text(&self) -> String {
        let mut parts: Vec<String> = self
            .amounts
            .iter()
            .map(|(c, (sum, n))| format!("{c} {} ({n})", money(*sum)))
            .collect();
        if self.unusable > 0 {
            parts.push(format!(
                "{} amount{} not added (no currency, below zero or too large)",
                self.unusable,
                if self.unusable == 1 { "" } else { "s" }
            ));
        }
        if parts.is_empty() {
            "—".to_string()
        } else {
            parts.join("; ")
        }
    }

    /// "AMS: 2; Cost-sharing: 5", and how many programmes that is when some have several
    /// sources. Bounded by the funding sources of the reference lists, whatever the number of
    /// programmes (one entry per combination of sources made a 1.6 MB table at 100k).
    pub fn otherwise_text(&self) -> String {
        if self.otherwise == 0 {
            return "—".to_string();
        }
        let parts: Vec<String> = self
            .by_source
            .iter()
            .map(|(s, n)| format!("{s}: {n}"))
            .collect();
        if self.by_source.values().sum::<usize>() == self.otherwise {
            parts.join("; ")
        } else {
            format!(
                "{} programme{}; {} (one with several sources counts under each)",
                self.otherwise,
                if self.otherwise == 1 { "" } else { "s" },
                parts.join("; ")
            )
        }
    }
}

/// The sources of a budget by name; its funder when it names no source; "given in words only"
/// when it gives neither.
fn sources(catalog: &Catalog<'_>, b: &Budget) -> Vec<String> {
    let mut names = funding_source_names(catalog, b);
    names.sort();
    names.dedup();
    if names.is_empty() {
        names.push(match &b.funded_by {
            Some(by) => format!("funded by {}", name_of(catalog, &by.value)),
            None => "given in words only".to_string(),
        });
    }
    names
}

/// Hundredths as money: `2700000` → `27,000.00`.
pub fn money(cents: i128) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", cents % 100)
}

/// The row of a programme by coordinator: its sole coordinator by name, or a row of its own
/// for joint programmes and for those without one. Named rows come first, alphabetically.
fn coordinator_row(catalog: &Catalog<'_>, p: &Programme) -> (u8, String) {
    match p.coordinators() {
        [] => (2, "No coordinator given".to_string()),
        [one] => (0, name_of(catalog, &one.value).to_string()),
        _ => (1, "Joint programmes (several coordinators)".to_string()),
    }
}

/// Where a row of years sorts: by first year, then last, and "no year" after every year.
type YearKey = (u8, (i64, i64));

/// The row of a programme by year: the year of a one-year timeline, the years of a longer one,
/// or "no year".
fn year_row(data: &Dataset, p: &Programme) -> (YearKey, String) {
    let years = programme_years(data, p);
    match (years.first(), years.last()) {
        (Some(&first), Some(&last)) => {
            let contiguous = i64::try_from(years.len()).ok()
                == last.checked_sub(first).and_then(|d| d.checked_add(1));
            let label = if first == last {
                first.to_string()
            } else if contiguous {
                format!("{first}-{last}")
            } else {
                years
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            ((0, (first, last)), label)
        }
        _ => ((1, (0, 0)), NO_YEAR.to_string()),
    }
}

fn table<K: Ord>(caption: String, first: &str, rows: BTreeMap<(K, String), Totals>) -> Table {
    let cells = |label: String, t: &Totals| {
        vec![
            Cell::text(label),
            Cell::number(t.programmes),
            Cell::text(t.amounts_text()),
            Cell::text(t.otherwise_text()),
            Cell::number(t.tbc),
            Cell::number(t.none),
        ]
    };
    let mut total = Totals::default();
    let mut out: Vec<Row> = Vec::new();
    for ((_, label), t) in rows {
        total.merge(&t);
        out.push(Row::of(cells(label, &t)));
    }
    out.push(Row::total(cells("All programmes".to_string(), &total)));
    Table {
        caption,
        header: [
            first,
            "Programmes",
            "Amounts by currency (programmes)",
            "Funded otherwise (programmes by source)",
            "TBC",
            "No budget given",
        ]
        .map(String::from)
        .to_vec(),
        rows: out,
    }
}

/// Budget totals of a plan's programmes by coordinator and by year.
pub fn totals(
    data: &Dataset,
    catalog: &Catalog<'_>,
    title: &str,
    programmes: &[&Programme],
) -> Vec<Block> {
    let mut by_coordinator: BTreeMap<(u8, String), Totals> = BTreeMap::new();
    let mut by_year: BTreeMap<(YearKey, String), Totals> = BTreeMap::new();
    let mut all = Totals::default();
    for p in programmes {
        let budget = p.budget.as_ref();
        by_coordinator
            .entry(coordinator_row(catalog, p))
            .or_default()
            .add(catalog, budget);
        by_year
            .entry(year_row(data, p))
            .or_default()
            .add(catalog, budget);
        all.add(catalog, budget);
    }
    let with_amount: usize = all.amounts.values().map(|(_, n)| n).sum::<usize>() + all.unusable;
    let verb = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut blocks = vec![Block::para(format!(
        "Of the {} programmes, {} an amount, {} otherwise (counted by source, never valued), {} \
         TBC and {} no budget.",
        all.programmes,
        verb(with_amount, "gives", "give"),
        verb(all.otherwise, "is funded", "are funded"),
        verb(all.tbc, "is", "are"),
        verb(all.none, "gives", "give"),
    ))];
    if all.amounts.len() > 1 {
        blocks.push(Block::para(format!(
            "The amounts are in {} currencies and are never added across currencies.",
            all.amounts.len()
        )));
    }
    blocks.push(Block::Table(table(
        format!(
            "{title}: indicative budgets by coordinator. A joint programme is counted once, in \
             the row of joint programmes, so the rows add up to the total."
        ),
        "Coordinator",
        by_coordinator,
    )));
    blocks.push(Block::Table(table(
        format!(
            "{title}: indicative budgets by year of the timeline. A programme of several years \
             is counted once, under all its years (2022-2023), never split between them."
        ),
        "Year",
        by_year,
    )));
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_and_keeps_cents() {
        assert_eq!(money(0), "0.00");
        assert_eq!(money(5), "0.05");
        assert_eq!(money(2_700_000), "27,000.00");
        assert_eq!(money(20_257_220), "202,572.20");
        assert_eq!(money(-123_456_789), "-1,234,567.89");
    }
}
