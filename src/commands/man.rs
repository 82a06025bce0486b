//! `accsm man [SUBCOMMAND]` and `accsm man --out-dir DIR`: the manual pages in roff, from the
//! command-line definition itself: accsm(1), and accsm-validate(1) and the others for every
//! subcommand (accsm-new-return(1) for the subcommands' own). clap_mangen writes the name,
//! synopsis, description and options; the end of each `--help` (examples, exit codes) becomes
//! EXAMPLES and EXIT STATUS kept line by line, and the page is dated by the commit it was built
//! from, so that `mandoc -Tlint` finds nothing to warn about (tests/shell.rs runs it).

use std::path::Path;
use std::process::ExitCode;

use clap::{Command, CommandFactory};

use crate::cli::{Cli, ManArgs};
use crate::error::Error;
use crate::output;

pub fn run(args: ManArgs) -> Result<ExitCode, Error> {
    let mut command = Cli::command();
    command.build();
    let pages = pages(&command);
    if let Some(dir) = &args.out_dir {
        return write_pages(dir, &pages);
    }
    // `new return` and `new-return` both name accsm-new-return(1).
    let name = args.subcommand.join("-");
    let wanted = if name.is_empty() {
        "accsm".to_string()
    } else {
        format!("accsm-{name}")
    };
    let Some((_, page)) = pages.iter().find(|(n, _)| *n == wanted) else {
        let names: Vec<&str> = pages
            .iter()
            .filter_map(|(n, _)| n.strip_prefix("accsm-"))
            .collect();
        let help = match accsm::spelling::did_you_mean(&name, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the subcommands are: {}", names.join(", ")),
        };
        return Err(Error::usage(format!("accsm has no subcommand `{name}`")).with_help(help));
    };
    output::print(&render(page, &pages)?)?;
    Ok(ExitCode::SUCCESS)
}

/// Every page: (its name, the command it describes), accsm first, then each subcommand and each
/// subcommand's own subcommands, in the order of `accsm --help`.
fn pages(command: &Command) -> Vec<(String, Command)> {
    let mut out = vec![("accsm".to_string(), command.clone())];
    for sub in command.get_subcommands().filter(|c| c.get_name() != "help") {
        let name = format!("accsm-{}", sub.get_name());
        for nested in sub.get_subcommands().filter(|c| c.get_name() != "help") {
            let nested_name = format!("{name}-{}", nested.get_name());
            out.push((
                nested_name.clone(),
                nested.clone().display_name(nested_name),
            ));
        }
        out.insert(
            out.len()
                - sub
                    .get_subcommands()
                    .filter(|c| c.get_name() != "help")
                    .count(),
            (name.clone(), sub.clone().display_name(name)),
        );
    }
    out
}

fn write_pages(dir: &Path, pages: &[(String, Command)]) -> Result<ExitCode, Error> {
    let shown = accsm::escape::terminal_safe(&dir.display().to_string()).into_owned();
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("cannot make the folder {shown}: {e}")))?;
    let target = |name: &str| {
        let path = dir.join(format!("{name}.1"));
        let shown = accsm::escape::terminal_safe(&path.display().to_string()).into_owned();
        (path, shown)
    };
    // A page of an earlier run is replaced, as `make install` would; anything else (a link, a
    // file accsm did not write) is left alone, and then nothing is written.
    for (name, _) in pages {
        let (path, shown_path) = target(name);
        if let Ok(meta) = std::fs::symlink_metadata(&path) {
            let ours = meta.is_file()
                && std::fs::read_to_string(&path).is_ok_and(|t| t.contains(MANUAL_MARK));
            if !ours {
                return Err(Error::usage(format!(
                    "{shown_path} is there already and is not a page accsm wrote; no page was \
                     written"
                ))
                .with_help("choose an empty folder, or move that file away"));
            }
        }
    }
    for (name, page) in pages {
        let (path, shown_path) = target(name);
        std::fs::write(&path, render(page, pages)?)
            .map_err(|e| Error::io(format!("cannot write {shown_path}: {e}")))?;
    }
    output::print(&format!(
        "wrote {} manual pages to {shown} (accsm.1, accsm-validate.1 …); read one with `man \
         {shown}/accsm.1`\n",
        pages.len()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The manual's name on every page's title line, by which an earlier page is known.
const MANUAL: &str = "accsm manual";
const MANUAL_MARK: &str = "\"accsm manual\"";

/// One page in roff.
fn render(page: &Command, pages: &[(String, Command)]) -> Result<String, Error> {
    let name = page.get_display_name().unwrap_or("accsm").to_string();
    let after = page.get_after_help().map(|h| h.to_string());
    let body = page.clone().after_help(None::<&str>);
    let man = clap_mangen::Man::new(body)
        .title(name.to_uppercase())
        .section("1")
        .date(env!("ACCSM_DATE"))
        .source(format!("accsm {}", env!("CARGO_PKG_VERSION")))
        .manual(MANUAL);
    let mut roff = Vec::new();
    man.render(&mut roff)?;
    let mut text = String::from_utf8_lossy(&roff).into_owned();
    if let Some(after) = after {
        text.push_str(&after_help(&after));
    }
    text.push_str(&see_also(&name, pages));
    Ok(tidy(&text))
}

/// The end of a `--help`: `Examples:` and `Exit codes:` become sections of their own, with
/// their lines kept as lines; any other paragraph goes on under NOTES.
fn after_help(text: &str) -> String {
    let mut out = String::new();
    for block in text.split("\n\n") {
        let mut lines = block.lines();
        let Some(first) = lines.next() else { continue };
        let heading = match first.trim() {
            "Examples:" => "EXAMPLES",
            "Exit codes:" => "EXIT STATUS",
            _ => {
                out.push_str(".SH NOTES\n");
                for line in block.lines() {
                    out.push_str(&roff_line(line.trim()));
                }
                continue;
            }
        };
        out.push_str(&format!(".SH \"{heading}\"\n.nf\n"));
        for line in lines {
            out.push_str(&roff_line(line.strip_prefix("  ").unwrap_or(line)));
        }
        out.push_str(".fi\n");
    }
    out
}

/// SEE ALSO: the main page names every other page; a subcommand's page names the main page.
fn see_also(name: &str, pages: &[(String, Command)]) -> String {
    let others: Vec<&str> = if name == "accsm" {
        pages.iter().skip(1).map(|(n, _)| n.as_str()).collect()
    } else {
        vec!["accsm"]
    };
    let mut out = String::from(".SH \"SEE ALSO\"\n");
    for (i, other) in others.iter().enumerate() {
        let comma = if i + 1 < others.len() { " ," } else { "" };
        out.push_str(&format!(".BR {} (1){comma}\n", escape(other)));
    }
    out
}

/// A line of text: roff's escape character and hyphens escaped, and a leading `.` or `'`
/// (which roff would take for a request) made plain.
fn roff_line(line: &str) -> String {
    let escaped = escape(line);
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}\n")
    } else {
        format!("{escaped}\n")
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// What clap_mangen writes that mandoc warns about: a line break right before or after the
/// blank line between an option's text and its values, and spaces at the end of a line.
fn tidy(text: &str) -> String {
    let text = text.replace(".br\n\n.br\n", ".sp\n");
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
