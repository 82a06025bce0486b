//! `accsm site --out DIR`: the repository as a static website, with its downloads (the data
//! package, the workbook, the return templates) written into the same folder.

use std::path::Path;
use std::process::ExitCode;

use accsm::edit::return_template;
use accsm::edit::sheet::return_workbook;
use accsm::load::cache::Updates;
use accsm::lookup::Catalog;
use accsm::report::export::{
    self, Cell, CsvFolder, Export, ExportError, Locator, Sink, Table, Workbook,
};
use accsm::report::site::{self, Downloads, Input, Output};

use super::export::fail;
use crate::cli::SiteArgs;
use crate::error::Error;
use crate::output;

const PACKAGE: &str = "downloads/data-package";
const WORKBOOK: &str = "downloads/accsm.xlsx";

pub fn run(root: Option<&Path>, args: SiteArgs) -> Result<ExitCode, Error> {
    let workspace = super::open_workspace(
        root,
        "; the site is built from a repository (accsm init makes one)",
    )?;
    // The destination is checked before the data is loaded: a refusal costs nothing.
    let out = Output::new(&args.out, args.force).map_err(fail)?;
    // Loaded and checked as `validate` does, file by file where the repository is large, every
    // record kept: the progress updates packed as each file is checked (see
    // `check_keeping_records`), never all of them whole at once.
    let (files, problems) = super::data_files(&workspace)?;
    let (loaded, updates, reading_errors) = accsm::check::check_keeping_records(&files, problems);
    super::announce_error_count(reading_errors);
    let data = &loaded.dataset;
    let catalog = Catalog::new(data);
    let source = Export {
        data,
        updates: Updates::Packed(&updates),
        catalog: &catalog,
        locator: Locator::new(&loaded.sources, &workspace.root),
    };
    let title = workspace.manifest.name.as_str();

    let mut templates = site::templates_to_offer(data);
    for t in &mut templates {
        let Some(plan) = data.plan(&t.plan) else {
            continue;
        };
        let text = return_template(data, plan, &t.country, t.year)
            .map_err(|e| Error::io(format!("cannot make the return template: {e}")))?;
        out.write(&t.toml, text.as_bytes()).map_err(fail)?;
        match (
            &t.xlsx,
            return_workbook(data, plan, &t.country, t.year, None),
        ) {
            (Some(path), Ok(bytes)) => out.write(path, &bytes).map_err(fail)?,
            _ => t.xlsx = None,
        }
    }
    let downloads = Downloads {
        package: Some(format!("{PACKAGE}/{}", export::DESCRIPTOR)),
        workbook: Ok(WORKBOOK.to_string()),
        templates,
    };
    let input = Input {
        data,
        updates: Updates::Packed(&updates),
        sources: &loaded.sources,
        diagnostics: &loaded.diagnostics,
        accepted: loaded.accepted.len(),
        files: loaded.sources.len(),
        locator: &source.locator,
        name: title,
        changes: site::latest_changes(&workspace.root),
        downloads: &downloads,
    };
    // The data package and the workbook are written while the pages are made: both keep the
    // pool's threads busy (`ACCSM_THREADS` sets how many), and neither waits for the other.
    let (written, summary) = accsm::load::parallel(|| {
        rayon::join(
            || write_downloads(&source, &out, title),
            || site::build(&input, &out),
        )
    });
    written.map_err(fail)?;
    let summary = summary.map_err(fail)?;
    // Never published with an update missing: one that could not be read back is left out of
    // its page and table, so the folder is not put in place.
    if !updates.intact() {
        return Err(Error::io(
            "a progress update could not be read back while the site was made; nothing was \
             written to the folder (this is a fault in accsm: please report it)",
        ));
    }
    out.commit().map_err(fail)?;
    output::note(&format!(
        "wrote {} pages ({:.1} MB in all) to {}; open {}",
        summary.pages,
        summary.bytes as f64 / 1e6,
        args.out.display(),
        args.out.join("index.html").display()
    ));
    output::skip_freeing(loaded);
    Ok(ExitCode::SUCCESS)
}

/// The data package and the workbook, in the site's folder. They hold the same tables: each row
/// is made once and given to both. Past Excel's row limit a table continues on numbered sheets
/// (see `Workbook`), so the workbook is always offered; the data package has every table whole.
fn write_downloads(source: &Export<'_>, out: &Output, title: &str) -> Result<(), ExportError> {
    let package_dir = out.path().join(PACKAGE);
    std::fs::create_dir_all(&package_dir).map_err(|e| ExportError::io(&package_dir, e))?;
    let book = Workbook::new(out.path())?;
    export::export_each(source, || {
        Both(CsvFolder::new(&package_dir, false), book.sheets())
    })?;
    export::write_descriptor(&package_dir, title)?;
    book.save(&out.path().join(WORKBOOK))
}

/// Two writers given the same tables, row by row.
struct Both<A, B>(A, B);

impl<A: Sink, B: Sink> Sink for Both<A, B> {
    fn begin(&mut self, table: &Table) -> Result<(), ExportError> {
        self.0.begin(table)?;
        self.1.begin(table)
    }

    fn row(&mut self, table: &Table, cells: &[Cell<'_>]) -> Result<(), ExportError> {
        self.0.row(table, cells)?;
        self.1.row(table, cells)
    }

    fn end(&mut self, table: &Table) -> Result<(), ExportError> {
        self.0.end(table)?;
        self.1.end(table)
    }
}
