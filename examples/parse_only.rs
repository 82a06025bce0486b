//! The benchmark baseline for `accsm validate` (issue 6): read every `*.toml` file under DIR, in
//! the order `accsm` reads them, and parse it into a `toml::Table`, on one thread. Nothing is
//! checked; this is the cost of "just parsing the files".
//!
//! ```text
//! cargo run --release --example parse_only -- DIR
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), None) = (args.next(), args.next()) else {
        bail!("usage: parse_only DIR");
    };
    let start = std::time::Instant::now();
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.with_context(|| format!("cannot walk {dir}"))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "toml") {
            files.push(entry.into_path());
        }
    }
    let (mut bytes, mut tables) = (0usize, 0usize);
    for path in &files {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let table: toml::Table = toml::from_str(&text)
            .with_context(|| format!("{} is not valid TOML", path.display()))?;
        bytes += text.len();
        tables += table.len();
    }
    println!(
        "parsed {} files, {bytes} bytes, {tables} top-level tables in {:.1} ms",
        files.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    Ok(())
}
