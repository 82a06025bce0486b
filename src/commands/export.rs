//! `accsm export --format csv|json|jsonl|datapackage|xlsx --out PATH`: every record as tables that
//! any application opens.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;
use std::process::ExitCode;

use accsm::diag::Tally;
use accsm::load::LoadOptions;
use accsm::load::cache::Updates;
use accsm::load::workspace::Workspace;
use accsm::lookup::Catalog;
use accsm::report::export::{
    self, CsvFolder, Export, ExportError, JsonFolder, JsonLines, Locator, RowCount, Staged, Target,
    Workbook,
};

use crate::cli::{ExportArgs, ExportFormat};
use crate::error::Error;
use crate::output;

pub fn run(root: Option<&Path>, args: ExportArgs) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(root)?;
    let format = args.format;
    let to_stdout = args.out.as_os_str() == "-";
    if to_stdout && format != ExportFormat::Jsonl {
        return Err(Error::usage(
            "only --format jsonl can be written to standard output (--out -)",
        )
        .with_help("name a folder or file with --out PATH"));
    }
    let csv = matches!(format, ExportFormat::Csv | ExportFormat::Datapackage);
    if args.excel && !csv {
        return Err(Error::usage(
            "--excel applies to CSV files: --format csv or datapackage",
        ));
    }
    let bom = csv && (args.excel || workspace.manifest.defaults.excel);
    // The destination is checked before the data is loaded: a refusal costs nothing.
    let staged = if to_stdout {
        None
    } else {
        let target = match format {
            ExportFormat::Jsonl | ExportFormat::Xlsx => Target::File,
            _ => Target::Folder,
        };
        // The rules of every write (no data file replaced, no link out of the repository),
        // then the export's own (only an earlier export is replaced).
        let checked = match target {
            Target::File => {
                accsm::edit::check_destination(&workspace.boundary, &args.out, true).map(|_| ())
            }
            Target::Folder => accsm::edit::check_folder(&workspace.boundary, &args.out).map(|_| ()),
        };
        if let Err(
            e @ (accsm::edit::WriteError::DataFile(_)
            | accsm::edit::WriteError::OutsideRepository { .. }),
        ) = checked
        {
            return Err(Error::from(e));
        }
        Some(Staged::new(&args.out, target, args.force, |path| ours(format, path)).map_err(fail)?)
    };

    let loaded = super::load_workspace(&workspace, LoadOptions::default())?;
    let errors = Tally::of(&loaded.diagnostics).errors;
    let data = &loaded.dataset;
    let catalog = Catalog::new(data);
    let source = Export {
        data,
        updates: Updates::Whole(&data.updates),
        catalog: &catalog,
        locator: Locator::new(&loaded.sources, &workspace.root),
    };
    let title = workspace.manifest.name.as_str();
    let mut notes = Vec::new();
    let counts = match (&staged, format) {
        (None, _) => {
            let out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            let mut sink = JsonLines::new(out, None);
            let counts = export::export(&source, &mut sink).map_err(fail)?;
            sink.finish().map_err(fail)?;
            counts
        }
        (Some(staged), ExportFormat::Jsonl) => {
            let path = staged.path();
            let file = File::create(path).map_err(|e| fail(ExportError::io(path, e)))?;
            let mut sink =
                JsonLines::new(BufWriter::with_capacity(1 << 16, file), Some(path.into()));
            let counts = export::export(&source, &mut sink).map_err(fail)?;
            sink.finish().map_err(fail)?;
            counts
        }
        // A file a table: the tables are written side by side.
        (Some(staged), ExportFormat::Csv) => {
            export::export_each(&source, || CsvFolder::new(staged.path(), bom)).map_err(fail)?
        }
        (Some(staged), ExportFormat::Json) => {
            export::export_each(&source, || JsonFolder::new(staged.path())).map_err(fail)?
        }
        (Some(staged), ExportFormat::Datapackage) => {
            let counts = export::export_each(&source, || CsvFolder::new(staged.path(), bom))
                .map_err(fail)?;
            export::write_descriptor(staged.path(), title).map_err(fail)?;
            counts
        }
        (Some(staged), ExportFormat::Xlsx) => {
            // The sheets wait beside the destination, where the export is written anyway.
            let scratch = match staged.path().parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            // A sheet a table, written side by side (see `Workbook`).
            let book = Workbook::new(scratch).map_err(fail)?;
            let counts = export::export_each(&source, || book.sheets()).map_err(fail)?;
            notes.extend(book.notes());
            book.save(staged.path()).map_err(fail)?;
            counts
        }
    };
    if let Some(staged) = staged {
        staged.commit().map_err(fail)?;
        for note in &notes {
            output::note(note);
        }
        output::note(&summary(&counts, &args.out));
        if errors > 0 && format == ExportFormat::Datapackage {
            output::note(
                "with errors in the data, `frictionless validate` may find keys that do not hold",
            );
        }
    }
    output::skip_freeing(loaded);
    Ok(ExitCode::SUCCESS)
}

/// Whether a file is one an export of this format writes: a file of a folder by its name, a
/// single file by what it holds (an earlier export may be replaced with `--force`; nothing else
/// may).
fn ours(format: ExportFormat, path: &Path) -> bool {
    let tables = export::tables();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match format {
        ExportFormat::Csv => tables.iter().any(|t| CsvFolder::file_name(t.name) == name),
        ExportFormat::Json => tables.iter().any(|t| JsonFolder::file_name(t.name) == name),
        ExportFormat::Datapackage => {
            name == export::DESCRIPTOR
                || tables.iter().any(|t| CsvFolder::file_name(t.name) == name)
        }
        ExportFormat::Jsonl => export::is_json_lines_export(path),
        ExportFormat::Xlsx => export::is_workbook_export(path),
    }
}

fn summary(counts: &[RowCount], out: &Path) -> String {
    let rows: usize = counts.iter().map(|c| c.rows).sum();
    format!(
        "exported {} tables, {rows} row{} in all, to {}",
        counts.len(),
        if rows == 1 { "" } else { "s" },
        out.display()
    )
}

pub(super) fn fail(e: ExportError) -> Error {
    if e.is_closed_pipe() {
        return Error::closed_pipe();
    }
    match e {
        ExportError::Refused { message, help } => Error::usage(message).with_help(help),
        ExportError::Io { .. } | ExportError::Workbook(_) => Error::io(e.to_string()),
    }
}
