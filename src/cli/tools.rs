//! The arguments of the commands that print files for other programs: `schema` (for editors),
//! `completions` (for shells), `man` (for the manual).

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// What the schema is for: `data` (any data file, every table), `manifest` (accsm.toml), or
    /// a table (`programme`, `return`, `kpi`…); repeat for a file that holds several tables.
    /// Default: data.
    #[arg(long, value_name = "KIND", value_parser = schema_kinds())]
    pub kind: Vec<String>,
}

/// The kinds `schema --kind` takes: `data`, `manifest` and every table accsm reads.
fn schema_kinds() -> clap::builder::PossibleValuesParser {
    let mut kinds = vec!["data", "manifest"];
    kinds.extend(accsm::load::table_names());
    clap::builder::PossibleValuesParser::new(kinds)
}

pub(super) const SCHEMA_HELP: &str = "\
Save the schema as accsm.schema.json at the root of the repository: the .taplo.toml that
`accsm init` writes (docs/install.md) gives it to every data file, and Even Better TOML then
completes keys and ids and underlines mistakes as you type. Without .taplo.toml, name it on the
first line of each data file, by a path from that file: `#:schema ../../accsm.schema.json` in
data/plans/, `#:schema ../accsm.schema.json` in data/. The ids of the reference lists
(coordinators, areas, framework entries, currencies…) are the allowed values, so print the
schema again after changing those lists.

Examples:
  accsm schema > accsm.schema.json
  accsm schema --kind return > return.schema.json
  accsm schema --kind manifest > manifest.schema.json";

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
    /// The script clap writes from the command line alone: subcommands, options and fixed
    /// values, without asking accsm for the repository's ids as you type.
    #[arg(long = "static")]
    pub r#static: bool,
}

pub(super) const COMPLETIONS_HELP: &str = "\
The script asks accsm what to offer at each TAB, so options that take ids offer the ids of the
repository you are in (`accsm list --coordinator <TAB>` offers BRN, KHM, IDN…), and fixed sets
their values. Put accsm on the PATH first.

Examples:
  accsm completions bash > ~/.local/share/bash-completion/completions/accsm
  accsm completions zsh > ~/.zfunc/_accsm
  accsm completions fish > ~/.config/fish/completions/accsm.fish
  accsm completions bash --static > accsm.bash      without the repository's ids";

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// A subcommand (`list`, `validate`, `new-return`…), for its own page. Default: the page of
    /// accsm.
    #[arg(value_name = "SUBCOMMAND", conflicts_with = "out_dir")]
    pub subcommand: Vec<String>,
    /// Write every page (accsm.1, accsm-validate.1 …) into this folder instead.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<std::path::PathBuf>,
}

pub(super) const MAN_HELP: &str = "\
Examples:
  accsm man > accsm.1 && man ./accsm.1
  accsm man list > accsm-list.1
  accsm man --out-dir ~/.local/share/man/man1      every page, for `man accsm-validate`";
