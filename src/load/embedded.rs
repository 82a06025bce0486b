//! The shipped data set, compiled into the binary: the ACCSM Work Plan 2021-2025 and its
//! reference lists and KPI framework, exactly as in `data/`. Outside any work-plan repository the
//! read-only commands run on it, so `accsm list --coordinator Indonesia` works from any folder.
//!
//! The list is written out (no build script): `tests::every_data_file_is_embedded` fails when a
//! file under `data/` is missing from it or one listed is gone. Files are listed in the order the
//! loader walks `data/` (sorted by name, folder by folder), so the built-in data loads exactly as
//! the folder does.

use std::path::PathBuf;

use super::{Loaded, load_texts};

/// What the built-in data is called in messages.
pub const NAME: &str = "the built-in ACCSM 2021-2025 data";

/// The folder its files are shown under: not a path on disk, so nobody goes looking for it.
pub const SHOWN_UNDER: &str = "<built-in>";

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../", $path)))),*]
    };
}

const FILES: &[(&str, &str)] = embed![
    "data/kpis.toml",
    "data/plans/accsm-2021-2025.toml",
    "data/plans/accsm-plus-three-2021-2025.toml",
    "data/reference/apsc-blueprint.toml",
    "data/reference/arcs.toml",
    "data/reference/areas.toml",
    "data/reference/ascc-blueprint.toml",
    "data/reference/ascc-strategic-plan.toml",
    "data/reference/chairs.toml",
    "data/reference/declarations.toml",
    "data/reference/funding.toml",
    "data/reference/parties.toml",
    "data/reference/partner-organisations.toml",
];

/// Every shipped data file as (path in the repository, text), in loading order.
pub fn files() -> &'static [(&'static str, &'static str)] {
    FILES
}

/// The text of one shipped file by its path in the repository (`data/kpis.toml`).
pub fn file(path: &str) -> Option<&'static str> {
    FILES.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

/// Loads the built-in data; its files are shown as `<built-in>/data/…`.
pub fn load() -> Loaded {
    let texts: Vec<(PathBuf, &str)> = FILES
        .iter()
        .map(|(path, text)| (PathBuf::from(SHOWN_UNDER).join(path), *text))
        .collect();
    load_texts(&texts)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::workspace::collect_files;

    fn repository() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn every_data_file_is_embedded_in_loading_order() {
        let (on_disk, problems) = collect_files(&[repository().join("data")], None);
        assert!(problems.is_empty(), "{problems:?}");
        let on_disk: Vec<String> = on_disk
            .iter()
            .map(|p| {
                let relative = p.strip_prefix(repository()).unwrap_or(p);
                relative.to_string_lossy().replace('\\', "/")
            })
            .collect();
        let embedded: Vec<&str> = files().iter().map(|(p, _)| *p).collect();
        assert_eq!(
            embedded, on_disk,
            "src/load/embedded.rs must list every file under data/, in this order"
        );
    }

    #[test]
    fn the_built_in_data_loads_as_the_folder_does() {
        let built_in = load();
        let (paths, _) = collect_files(&[repository().join("data")], None);
        let on_disk = crate::load::load_files(&paths);
        // The same findings (the notes loading makes, accepted later by the data's own
        // `# accsm: allow` comments) and the same acceptances.
        let said = |l: &crate::load::Loaded| -> Vec<String> {
            l.diagnostics
                .iter()
                .map(|d| format!("{} {}", d.code.as_str(), d.message))
                .collect()
        };
        assert_eq!(said(&built_in), said(&on_disk));
        assert!(
            built_in
                .diagnostics
                .iter()
                .all(|d| d.severity != crate::diag::Severity::Error),
            "{:?}",
            built_in.diagnostics
        );
        assert_eq!(built_in.allows.len(), on_disk.allows.len());
        assert_eq!(
            format!("{:?}", built_in.dataset),
            format!("{:?}", on_disk.dataset)
        );
        assert_eq!(built_in.sources.len(), FILES.len());
        let first = built_in
            .sources
            .paths()
            .next()
            .map(|(_, p)| p.to_path_buf());
        assert_eq!(first, Some(PathBuf::from("<built-in>/data/kpis.toml")));
        // The text is kept, so a `file:line` can be shown without a file on disk.
        let line = built_in
            .sources
            .get(crate::source::FileId(0))
            .map(|f| f.line_text(1).to_string());
        assert!(line.is_some_and(|l| l.starts_with("# Monitoring and evaluation")));
        assert_eq!(file("data/kpis.toml").map(str::len), Some(FILES[0].1.len()));
    }
}
