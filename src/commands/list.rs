//! `accsm list`: programmes matching filters, as a table, CSV, JSON or Markdown, or counted.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use accsm::escape;
use accsm::lookup::Catalog;
use accsm::model::{Dataset, Programme};
use accsm::query::{Filters, Query, programme_years, select};
use accsm::report;
use accsm::report::{CsvRows, SourceLines, UTF8_BOM, markdown_header, markdown_row};
use accsm::source::SourceMap;

use crate::cli::{ListArgs, ListFormat};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ListArgs) -> Result<ExitCode, Error> {
    let (loaded, defaults) = super::load_repository_and_defaults(root)?;
    let data = &loaded.dataset;
    let catalog = Catalog::new(data);
    let filters = args.filters();
    let query = Query::new(data, &catalog, &filters)?;
    let found = select(data, &query);
    for note in query
        .year_notes(data)
        .into_iter()
        .chain(query.partner_notes(data))
    {
        output::note(&note);
    }
    if query.filters_by_year() && query.some_year_covered(data) {
        note_undated(data, &catalog, filters);
    }
    if args.excel && args.format != ListFormat::Csv {
        return Err(Error::usage("--excel applies to CSV: --format csv"));
    }
    let bom = args.format == ListFormat::Csv && (args.excel || defaults.excel);
    let groups = args
        .group_by
        .map(|field| report::group_counts(data, &catalog, &found, field.into()));
    match (args.count, &groups, args.format) {
        (true, _, _) => output::print(&format!("{}\n", found.len()))?,
        (false, Some(groups), format) => {
            output::print(&render_groups(format, groups, &found, bom)?)?
        }
        (false, None, format) => {
            let listing = Listing {
                data,
                catalog: &catalog,
                sources: &loaded.sources,
                query: &query,
                bom,
            };
            stream(format, &listing, &found)?
        }
    }
    output::skip_freeing(loaded);
    Ok(ExitCode::SUCCESS)
}

/// Says which programmes a year filter cannot see (a TBC or blank timeline matches no year),
/// rather than drop them silently.
fn note_undated(data: &Dataset, catalog: &Catalog<'_>, filters: Filters) {
    let any_year = Filters {
        years: Vec::new(),
        ..filters
    };
    let Ok(query) = Query::new(data, catalog, &any_year) else {
        return;
    };
    let undated: Vec<String> = select(data, &query)
        .into_iter()
        .filter(|p| programme_years(data, p).is_empty())
        .map(|p| format!("{}/{}", p.plan.value, p.number.value))
        .collect();
    if !undated.is_empty() {
        output::note(&format!(
            "{} programme{} with a TBC or blank timeline match no year: {}",
            undated.len(),
            if undated.len() == 1 { "" } else { "s" },
            undated.join(", ")
        ));
    }
}

/// The column saying how a programme matched `--partner`.
const MATCHED_HEADER: &str = "Matched";

/// What a streamed listing is made from.
struct Listing<'a> {
    data: &'a Dataset,
    catalog: &'a Catalog<'a>,
    sources: &'a SourceMap,
    query: &'a Query,
    /// CSV for a spreadsheet: a UTF-8 byte-order mark, and text kept as text.
    bom: bool,
}

impl Listing<'_> {
    /// A header with the "matched" column when the query filters by partner.
    fn header(&self, columns: &[&str], matched: &str) -> Vec<String> {
        let mut header: Vec<String> = columns.iter().map(|c| c.to_string()).collect();
        if self.query.filters_by_partner() {
            header.push(matched.to_string());
        }
        header
    }

    /// A programme as a row of the table and of Markdown, with how it matched `--partner`.
    fn grid_row(&self, p: &Programme) -> Vec<String> {
        let mut row = report::programme_grid_row(self.data, self.catalog, p);
        if let Some(matched) = self.matched(p) {
            row.push(matched.join("; "));
        }
        row
    }

    /// How a programme matched `--partner`, or `None` without one.
    fn matched(&self, p: &Programme) -> Option<Vec<String>> {
        self.query
            .filters_by_partner()
            .then(|| self.query.partner_matched(p))
    }
}

/// The programmes found, written a row at a time to standard output (the table a chunk of rows
/// at a time): the listing needs memory for one row, not for all of them. The bytes are those
/// the grids and `output::json` give for the whole listing.
fn stream(format: ListFormat, listing: &Listing<'_>, found: &[&Programme]) -> Result<(), Error> {
    let Listing { data, catalog, .. } = *listing;
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match format {
        ListFormat::Csv => {
            if listing.bom {
                out.write_all(UTF8_BOM.as_bytes())?;
            }
            let columns = report::programme_csv_header(data);
            let columns: Vec<&str> = columns.iter().map(String::as_str).collect();
            let header = listing.header(&columns, "matched");
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let mut w = CsvRows::new(&mut out, &header)?.for_spreadsheet(listing.bom);
            for p in found {
                let mut row = report::programme_csv_row(data, catalog, p);
                if let Some(matched) = listing.matched(p) {
                    row.push(escape::csv_list(matched.iter().map(String::as_str)));
                }
                w.row(&row)?;
            }
            w.finish()?;
        }
        ListFormat::Markdown if found.is_empty() => out.write_all(NO_MATCH.as_bytes())?,
        ListFormat::Markdown => {
            let header = listing.header(&report::PROGRAMME_GRID_HEADER, MATCHED_HEADER);
            out.write_all(markdown_header(&header).as_bytes())?;
            for p in found {
                out.write_all(markdown_row(&listing.grid_row(p)).as_bytes())?;
            }
        }
        ListFormat::Json if found.is_empty() => out.write_all(b"[]\n")?,
        ListFormat::Table if found.is_empty() => out.write_all(NO_MATCH.as_bytes())?,
        ListFormat::Table => report::write_table(
            &mut out,
            &listing.header(&report::PROGRAMME_GRID_HEADER, MATCHED_HEADER),
            found.len(),
            |i| listing.grid_row(found[i]),
            super::table_width(),
        )?,
        ListFormat::Json => {
            // `[`, each record pretty-printed and indented one level, `]`: what
            // serde_json's pretty printer writes for the whole array.
            let mut lines = SourceLines::new(listing.sources);
            out.write_all(b"[\n")?;
            for (i, p) in found.iter().enumerate() {
                let mut record = report::programme_json_from(data, catalog, p, lines.line(p));
                record.matched = listing.matched(p);
                let text = escape::json(serde_json::to_string_pretty(&record)?);
                if i > 0 {
                    out.write_all(b",\n")?;
                }
                for (j, line) in text.split('\n').enumerate() {
                    if j > 0 {
                        out.write_all(b"\n")?;
                    }
                    out.write_all(b"  ")?;
                    out.write_all(line.as_bytes())?;
                }
            }
            out.write_all(b"\n]\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

const NO_MATCH: &str = "no programmes match\n";

/// The counts of `--group-by` in the format asked for.
fn render_groups(
    format: ListFormat,
    groups: &report::Groups,
    found: &[&Programme],
    bom: bool,
) -> Result<String, Error> {
    let grid = groups.grid();
    Ok(match format {
        // Labels stay text (`"2022"`, `"+007"`), counts numbers, in the table's order.
        ListFormat::Json => output::json(&groups)?,
        _ if found.is_empty() && format != ListFormat::Csv => NO_MATCH.to_string(),
        ListFormat::Csv if bom => format!("{UTF8_BOM}{}", grid.to_spreadsheet_csv()?),
        ListFormat::Csv => grid.to_csv()?,
        ListFormat::Markdown => grid.to_markdown(),
        ListFormat::Table => grid.to_table(super::table_width()),
    })
}
