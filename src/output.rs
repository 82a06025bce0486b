//! Writing to the terminal: colour only for terminals (and never under `NO_COLOR`), a closed
//! pipe on standard output (`accsm list | head`) ends the program quietly, and nothing written
//! to standard error can crash the program (`eprintln!` panics when standard error is closed).

use std::io::{IsTerminal, Write};

use accsm::escape::terminal_safe_lines;

use crate::error::Error;

/// Whether to colour standard output.
pub fn use_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stdout().is_terminal()
}

/// Writes text to standard output. A reader that has gone is [`crate::error::Kind::ClosedPipe`].
pub fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                Error::closed_pipe()
            } else {
                Error::io(format!("cannot write the output: {e}"))
            }
        })
}

/// [`print`] for a command whose exit code is a verdict (`validate`, `import`): a reader that has
/// gone (`accsm validate | head -1`) ends the output, never the verdict, so the exit code stays
/// the one the findings decide.
pub fn print_verdict(text: &str) -> Result<(), Error> {
    match print(text) {
        Err(e) if e.kind == crate::error::Kind::ClosedPipe => Ok(()),
        other => other,
    }
}

/// Standard output for a command that changes files: once the reader has gone (`accsm fmt |
/// head`), nothing more is printed, but the work goes on to the end and the exit code says how
/// it went, so that no file is left half done and `--check` still fails when it should.
#[derive(Default)]
pub struct WorkLog {
    closed: bool,
}

impl WorkLog {
    /// [`print`], and nothing once the reader has gone.
    pub fn print(&mut self, text: &str) -> Result<(), Error> {
        if self.closed {
            return Ok(());
        }
        match print(text) {
            Err(e) if e.kind == crate::error::Kind::ClosedPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

/// A value as pretty JSON and a closing line break, escaped for the terminal like every JSON
/// output (see `accsm::escape::json`).
pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let text = serde_json::to_string_pretty(value)?;
    Ok(accsm::escape::json(text) + "\n")
}

/// Writes text to standard error as it is. When standard error is closed or full the text is
/// dropped: there is nowhere left to say so, and the exit code still tells what happened.
pub fn eprint(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.flush();
}

/// `warning: …` on standard error, escaped for the terminal.
pub fn warning(message: &str) {
    eprint(&format!("warning: {}\n", terminal_safe_lines(message)));
}

/// `note: …` on standard error, escaped for the terminal.
pub fn note(message: &str) {
    eprint(&format!("note: {}\n", terminal_safe_lines(message)));
}

/// Lets go of a command's loaded data without freeing it piece by piece. Call it just before a
/// command returns: the process then exits and the system takes the memory back at once, where
/// freeing the records of a large data set one by one took a tenth of the run.
pub fn skip_freeing<T>(data: T) {
    std::mem::forget(data);
}
