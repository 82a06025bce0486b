//! Findings: what is wrong, where, and how to fix it. The library produces [`Diagnostic`] values
//! and never prints; `render` turns them into human, JSON or GitHub-annotation text.

mod codes;
pub mod render;

pub use codes::Code;

use std::path::PathBuf;

use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One finding. `span` locates it in a loaded file; `path` names a file that could not be loaded.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    pub path: Option<PathBuf>,
    /// A few words printed under the underlined span.
    pub label: Option<String>,
    /// How to fix it, e.g. "did you mean `E.1.vii`?".
    pub help: Option<String>,
    /// Other places that explain this one ("first defined here").
    pub related: Vec<(Span, String)>,
}

impl Diagnostic {
    /// A finding at its code's usual severity.
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            span: Some(span),
            path: None,
            label: None,
            help: None,
            related: Vec::new(),
        }
    }

    /// A finding about a whole file (or folder) that has no loaded text to point into.
    pub fn for_path(code: Code, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            span: None,
            path: Some(path.into()),
            label: None,
            help: None,
            related: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_related(mut self, span: Span, note: impl Into<String>) -> Self {
        self.related.push((span, note.into()));
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }
}

/// Counts by severity, for the closing summary and the exit code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Tally {
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut t = Tally::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Note => t.notes += 1,
            }
        }
        t
    }
}
