//! `accsm man [SUBCOMMAND]`: the manual page in roff, from the command-line definition itself.

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::error::Error;
use crate::output;

pub fn run(args: ManArgs) -> Result<ExitCode, Error> {
    let mut command = Cli::command();
    command.build();
    let page = match &args.subcommand {
        None => command,
        Some(name) => {
            let found = command
                .get_subcommands()
                .find(|c| c.get_name() == name.as_str())
                .cloned();
            let Some(sub) = found else {
                let names: Vec<&str> = command
                    .get_subcommands()
                    .map(|c| c.get_name())
                    .filter(|n| *n != "help")
                    .collect();
                let help = match accsm::text::did_you_mean(name, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the subcommands are: {}", names.join(", ")),
                };
                return Err(
                    Error::usage(format!("accsm has no subcommand `{name}`")).with_help(help)
                );
            };
            // The page is named after the whole command: accsm-list(1).
            let title = format!("accsm-{}", sub.get_name());
            sub.display_name(title)
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff)?;
    output::print(&String::from_utf8_lossy(&roff))?;
    Ok(ExitCode::SUCCESS)
}
