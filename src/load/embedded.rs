//! The shipped data compiled into the binary, so that commands run outside this repository can
//! use it: `accsm init` copies the reference lists and the KPI groups from here. The files are
//! exactly those of `data/` (a test holds them to it).

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../", $path)))),*]
    };
}

const FILES: &[(&str, &str)] = embed![
    "data/kpis.toml",
    "data/reference/apsc-blueprint.toml",
    "data/reference/arcs.toml",
    "data/reference/areas.toml",
    "data/reference/ascc-blueprint.toml",
    "data/reference/chairs.toml",
    "data/reference/declarations.toml",
    "data/reference/funding.toml",
    "data/reference/parties.toml",
];

/// Every built-in file as (path in this repository, text).
pub fn files() -> &'static [(&'static str, &'static str)] {
    FILES
}

/// The text of one built-in file by its path in this repository (`data/kpis.toml`).
pub fn file(path: &str) -> Option<&'static str> {
    FILES.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reference list added to `data/reference` must be built in too, and what is built in is
    /// what is on disk.
    #[test]
    fn every_reference_list_and_the_kpis_are_built_in_as_they_are_on_disk() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut on_disk: Vec<String> = std::fs::read_dir(root.join("data/reference"))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
            .map(|e| format!("data/reference/{}", e.file_name().to_string_lossy()))
            .collect();
        on_disk.push("data/kpis.toml".to_string());
        on_disk.sort();
        let mut built_in: Vec<String> = files().iter().map(|(p, _)| p.to_string()).collect();
        built_in.sort();
        assert_eq!(built_in, on_disk);
        for (path, text) in files() {
            let disk = std::fs::read_to_string(root.join(path)).ok();
            assert_eq!(disk.as_deref(), Some(*text), "{path}");
        }
        assert!(file("data/kpis.toml").is_some_and(|t| t.contains("[[kpi_group]]")));
    }
}
