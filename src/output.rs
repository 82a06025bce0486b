//! Writing to standard output: colour only for terminals (and never under `NO_COLOR`), and a
//! closed pipe (`accsm list | head`) ends the program quietly instead of failing.

use std::io::{IsTerminal, Write};

/// Whether to colour standard output.
pub fn use_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && std::io::stdout().is_terminal()
}

/// Writes text to standard output.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// True when an error is a write to a pipe whose reader has gone.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Lets go of a command's loaded data without freeing it piece by piece. Call it just before a
/// command returns: the process then exits and the system takes the memory back at once, where
/// freeing the records of a large data set one by one took a tenth of the run.
pub fn skip_freeing<T>(data: T) {
    std::mem::forget(data);
}
