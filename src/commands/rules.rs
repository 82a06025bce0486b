//! `accsm rules`: the finding codes, for people reading CI output (as docs/reference/findings.md).

use std::process::ExitCode;

use accsm::diag::Code;

use crate::error::Error;
use crate::output;

pub fn run() -> Result<ExitCode, Error> {
    let mut text = String::new();
    for code in Code::ALL {
        text.push_str(&format!(
            "{:<30} {:<8} {}\n",
            code.as_str(),
            code.severity().as_str(),
            code.description()
        ));
    }
    output::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
