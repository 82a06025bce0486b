//! The one error of the `accsm` binary: the command cannot do what was asked, because of how it
//! was asked (usage) or because a file or stream failed (I/O). Either way it is shown once, in
//! `main`, as `error: …` and an optional `  help: …`, escaped for the terminal, and the exit
//! code is 2. Findings in the data are not errors of this kind: `validate` reports them itself.

use std::fmt;
use std::process::ExitCode;

use accsm::edit::{WriteError, YearOutsidePlan};
use accsm::escape::terminal_safe_lines;
use accsm::load::workspace::OpenError;
use accsm::query::FilterError;
use accsm::report::CsvError;

/// What went wrong, in the terms of the exit code and of what the user can do about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The command line names something that is not there, or asks for something impossible:
    /// fix the command.
    Usage,
    /// A file, folder or stream could not be read or written: fix the files or the disk.
    Io,
    /// Standard output was closed by its reader (`accsm list | head`). Not a failure: the
    /// program stops writing and ends quietly.
    ClosedPipe,
}

/// A usage or I/O failure, with how to fix it when there is something to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: Kind,
    pub message: String,
    pub help: Option<String>,
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Usage,
            message: message.into(),
            help: None,
        }
    }

    pub fn io(message: impl Into<String>) -> Self {
        Error {
            kind: Kind::Io,
            message: message.into(),
            help: None,
        }
    }

    pub fn closed_pipe() -> Self {
        Error {
            kind: Kind::ClosedPipe,
            message: "the output was closed by the program reading it".to_string(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// 0 for a closed pipe, 2 for everything else.
    pub fn exit_code(&self) -> ExitCode {
        match self.kind {
            Kind::ClosedPipe => ExitCode::SUCCESS,
            Kind::Usage | Kind::Io => ExitCode::from(2),
        }
    }

    /// What standard error shows: `error: …` and `  help: …`, each escaped for the terminal
    /// (messages quote what the user typed, paths and manifest lines). Nothing for a closed pipe.
    pub fn render(&self) -> String {
        if self.kind == Kind::ClosedPipe {
            return String::new();
        }
        let mut out = format!("error: {}\n", terminal_safe_lines(&self.message));
        if let Some(help) = &self.help {
            out.push_str(&format!("  help: {}\n", terminal_safe_lines(help)));
        }
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// A filter, plan, KPI or AMS that names nothing known: a usage error with its suggestion.
impl From<FilterError> for Error {
    fn from(e: FilterError) -> Self {
        Error {
            kind: Kind::Usage,
            message: e.message,
            help: e.help,
        }
    }
}

/// `new return` for a year the plan does not report on.
impl From<YearOutsidePlan> for Error {
    fn from(e: YearOutsidePlan) -> Self {
        let help = format!(
            "choose a year from {} to {}",
            e.years.start(),
            e.years.end()
        );
        Error::usage(e.to_string()).with_help(help)
    }
}

/// A new file that would overwrite one or leave the repository is a usage error: the command
/// asked for it. A file system that refuses is an I/O error.
impl From<WriteError> for Error {
    fn from(e: WriteError) -> Self {
        match &e {
            WriteError::Exists(_) => Error::usage(e.to_string())
                .with_help("fill in the file that is there, or name another with --out FILE"),
            WriteError::OutsideRepository { .. } => Error::usage(e.to_string()).with_help(
                "name a file inside the repository, or a folder outside it that is no link from it",
            ),
            WriteError::Link(_) => Error::usage(e.to_string())
                .with_help("name the file itself, or another file, with --out FILE"),
            WriteError::DataFile(_) => Error::usage(e.to_string())
                .with_help("name another file with --out FILE, e.g. report.html"),
            WriteError::Io { .. }
            | WriteError::Changed(_)
            | WriteError::NotAFile(_)
            | WriteError::ReadOnly(_) => Error::io(e.to_string()),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Error::closed_pipe()
        } else {
            Error::io(e.to_string())
        }
    }
}

/// A repository that cannot be opened: a usage error when `--root` or the working directory is
/// what to change, an I/O error when the manifest or its folders are. The message is the
/// library's, followed by its causes (`outer: inner`).
impl From<OpenError> for Error {
    fn from(e: OpenError) -> Self {
        let message = with_causes(&e);
        if e.is_usage() {
            Error::usage(message)
        } else {
            Error::io(message)
        }
    }
}

/// CSV that could not be written: a closed pipe ends quietly, anything else is an I/O error.
impl From<CsvError> for Error {
    fn from(e: CsvError) -> Self {
        if e.io_kind() == Some(std::io::ErrorKind::BrokenPipe) {
            Error::closed_pipe()
        } else {
            Error::io(with_causes(&e))
        }
    }
}

/// An error's message and those of its sources, joined as `outer: inner`.
fn with_causes(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        message.push_str(": ");
        message.push_str(&c.to_string());
        cause = c.source();
    }
    message
}

/// Code in the binary may still carry context as `anyhow` chains (the library returns typed
/// errors): shown as one line, `outer: inner`.
impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Self {
        let closed = e.chain().any(|cause| {
            cause
                .downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        });
        if closed {
            Error::closed_pipe()
        } else {
            Error::io(format!("{e:#}"))
        }
    }
}

/// JSON output is built from accsm's own records, so this cannot happen in practice; if it
/// ever does, it is a failure to produce the output.
impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::io(format!("cannot write the JSON output: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_error_keeps_its_help_and_is_usage() {
        let e = Error::from(
            FilterError::new("no coordinator `Nowhere` is known")
                .with_help(Some("use a country's id".to_string())),
        );
        assert_eq!(e.kind, Kind::Usage);
        assert_eq!(
            e.render(),
            "error: no coordinator `Nowhere` is known\n  help: use a country's id\n"
        );
    }

    #[test]
    fn rendering_escapes_once_and_keeps_line_breaks() {
        let e = Error::usage("no plan `a\u{1b}[2Jb`").with_help("line one\nline\u{202e} two");
        assert_eq!(
            e.render(),
            "error: no plan `a\\u{1b}[2Jb`\n  help: line one\nline\\u{202e} two\n"
        );
    }

    #[test]
    fn a_broken_pipe_is_a_quiet_success_wherever_it_comes_from() {
        let io = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let direct = Error::from(io);
        assert_eq!(direct.kind, Kind::ClosedPipe);
        assert_eq!(direct.render(), "");
        assert_eq!(direct.exit_code(), ExitCode::SUCCESS);
        let wrapped = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe))
            .context("cannot write");
        assert_eq!(Error::from(wrapped).kind, Kind::ClosedPipe);
    }

    /// A stream that is closed, as standard output is under `accsm list | head`.
    struct Closed;

    impl std::io::Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn csv_into_a_closed_pipe_is_quiet_mid_stream_and_at_the_end() -> Result<(), Error> {
        use accsm::report::CsvRows;
        // A row longer than the CSV writer's buffer is written while the rows go.
        let mut w = CsvRows::new(Closed, &["a"])?;
        let long = "x".repeat(1 << 16);
        assert_eq!(
            w.row(&[long.as_str()])
                .map_err(Error::from)
                .map_err(|e| e.kind),
            Err(Kind::ClosedPipe)
        );
        let mut w = CsvRows::new(Closed, &["a"])?;
        w.row(&["short"])?;
        assert_eq!(
            w.finish().map(|_| ()).map_err(|e| Error::from(e).kind),
            Err(Kind::ClosedPipe)
        );
        Ok(())
    }

    #[test]
    fn a_repository_that_cannot_be_opened_says_why_with_its_cause() {
        let e = Error::from(OpenError::NoManifestIn("somewhere".into()));
        assert_eq!(e.kind, Kind::Usage);
        assert_eq!(e.exit_code(), ExitCode::from(2));
        let Err(toml) = toml::from_str::<accsm::load::workspace::Manifest>("name =") else {
            panic!("`name =` is not TOML");
        };
        let cause = toml.to_string();
        let e = Error::from(OpenError::Manifest {
            path: "accsm.toml".into(),
            source: toml,
        });
        assert_eq!(e.kind, Kind::Io);
        assert_eq!(
            e.message,
            format!("accsm.toml is not a valid manifest: {cause}")
        );
        let e = Error::from(OpenError::Read {
            path: "accsm.toml".into(),
            source: std::io::Error::other("disk full"),
        });
        assert_eq!(e.message, "cannot read accsm.toml: disk full");
    }

    #[test]
    fn other_failures_exit_2_with_their_context() {
        let e = Error::from(
            anyhow::anyhow!("expected `=`").context("accsm.toml is not a valid manifest"),
        );
        assert_eq!(e.kind, Kind::Io);
        assert_eq!(e.exit_code(), ExitCode::from(2));
        assert_eq!(
            e.render(),
            "error: accsm.toml is not a valid manifest: expected `=`\n"
        );
        let e = Error::from(std::io::Error::other("disk full"));
        assert_eq!((e.kind, e.message.as_str()), (Kind::Io, "disk full"));
    }
}
