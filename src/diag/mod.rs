//! Findings: what is wrong, where, and how to fix it. The library produces [`Diagnostic`] values
//! and never prints; `render` turns them into human, JSON or GitHub-annotation text.

pub mod accept;
mod codes;
mod details;
pub mod render;
pub mod repeats;

pub use accept::Allow;
pub use codes::Code;
pub use details::details;

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
    /// The change that resolves the finding, when accsm is certain of it (`accsm fix` applies
    /// it): a near-miss spelling of a known id, a name where the id belongs, a typo with one
    /// close match only.
    pub fix: Option<Fix>,
}

/// A change to the data files that resolves a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the change does, in words: "write `A.2.v`".
    pub description: String,
    pub edits: Vec<Edit>,
}

/// One change to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// The text value at `span` (a TOML string, quotes included) becomes `value`.
    ReplaceValue { span: Span, value: String },
    /// The text value at `span`, an item of a list, leaves that list, and `value` joins the list
    /// `list` of the same record: the list is made if the record has none, and gets `value` once.
    MoveToList {
        span: Span,
        value: String,
        list: &'static str,
    },
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
            fix: None,
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
            fix: None,
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

    /// A fix that writes `value` in place of the text value at `span`.
    pub fn with_replacement(mut self, span: Span, value: impl Into<String>) -> Self {
        let value = value.into();
        self.fix = Some(Fix {
            description: format!("write `{value}`"),
            edits: vec![Edit::ReplaceValue { span, value }],
        });
        self
    }
}

/// A finding that the data accepts with a reason (`# accsm: allow(code) reason` beside its line):
/// counted, but not shown as a problem, and it does not fail `--deny warnings`.
#[derive(Clone, Debug)]
pub struct Accepted {
    pub diagnostic: Diagnostic,
    /// Why it is accepted, as the comment says.
    pub reason: String,
    /// The comment that accepts it.
    pub by: Span,
}

impl Diagnostic {
    /// A fix that moves the list item at `span` to the record's list `list`, as `value`.
    pub fn with_move(mut self, span: Span, value: impl Into<String>, list: &'static str) -> Self {
        let value = value.into();
        self.fix = Some(Fix {
            description: format!("move `{value}` to `{list}`"),
            edits: vec![Edit::MoveToList { span, value, list }],
        });
        self
    }
}

/// Counts by severity, for the closing summary and the exit code.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// Findings accepted with a reason (see [`Accepted`]); not among the counts above.
    pub accepted: usize,
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
