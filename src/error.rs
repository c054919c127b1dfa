//! The few error kinds that decide the exit code, and the exit codes.
//!
//! Everything else travels as `anyhow::Error`; whatever is not one of these
//! is an internal error (exit 1).

use std::fmt;

/// Process exit codes, as SPEC.md defines them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Success.
    Success = 0,
    /// `check` found a failure, or an internal error.
    Failure = 1,
    /// Usage or configuration error.
    Usage = 2,
    /// The authority refused the credentials or the request.
    Refused = 3,
    /// Network or authority unavailable, or an answer that is not the expected JSON.
    Unavailable = 4,
    /// The authority wants an interaction this grant cannot give (MFA, CA, consent).
    Interaction = 5,
}

impl From<ExitCode> for i32 {
    fn from(code: ExitCode) -> i32 {
        code as i32
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code as u8)
    }
}

/// An error whose kind decides the exit code, with an optional hint and
/// extra lines (trace and correlation ids) shown after the message.
#[derive(Debug)]
pub struct Error {
    /// Which exit code this error ends the process with.
    pub code: ExitCode,
    /// The one-line message, without the `error: ` prefix.
    pub message: String,
    /// What to do about it, shown as `hint: ...`.
    pub hint: Option<String>,
    /// Further lines, e.g. `trace id: ...`.
    pub notes: Vec<String>,
}

impl Error {
    /// An error with the given exit code and message.
    pub fn new(code: ExitCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            hint: None,
            notes: Vec::new(),
        }
    }

    /// A usage or configuration error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ExitCode::Usage, message)
    }

    /// The network or the authority is unavailable (exit 4).
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ExitCode::Unavailable, message)
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// The exit code for any error: the typed one if there is one in the chain,
/// else an internal error.
pub fn exit_code_of(err: &anyhow::Error) -> ExitCode {
    err.chain()
        .find_map(|e| e.downcast_ref::<Error>())
        .map(|e| e.code)
        .unwrap_or(ExitCode::Failure)
}

/// Renders an error as SPEC.md says: one `error: ` line, then an optional
/// `hint: ` line and the notes. Every known secret is scrubbed on the way.
pub fn render(err: &anyhow::Error) -> String {
    let typed = err.chain().find_map(|e| e.downcast_ref::<Error>());
    // `{:#}` joins the context chain on one line: "reading X: permission denied".
    let mut out = format!("error: {}\n", one_line(&format!("{err:#}")));
    if let Some(typed) = typed {
        if let Some(hint) = &typed.hint {
            out.push_str(&format!("hint: {}\n", one_line(hint)));
        }
        // Notes carry the authority's trace and correlation ids, as sent.
        for note in &typed.notes {
            // A list item (`  - name: reason`) keeps its indent.
            if note.starts_with("  - ") {
                out.push_str("  ");
            }
            out.push_str(&one_line(note));
            out.push('\n');
        }
    }
    crate::secret::redact(&out)
}

/// Text on one line: line breaks and every other control character (C0,
/// DEL, C1 such as CSI) and the bidirectional overrides become spaces, and
/// runs of spaces one. Text from elsewhere (an authority's error body, a
/// config or cache file) can then neither forge a line of pbitoken's own
/// (`hint: `), nor send escape sequences to the terminal, nor reorder what
/// it shows. Everything printed for a person passes through here.
pub fn one_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if is_unprintable(c) { ' ' } else { c })
        .collect();
    flat.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Control characters, and the format characters that reorder text
/// (bidi embeddings, overrides and isolates, the direction marks).
fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_error_keeps_its_code_under_context() {
        let err = anyhow::Error::new(Error::usage("bad")).context("while reading");
        assert_eq!(exit_code_of(&err), ExitCode::Usage);
        assert_eq!(render(&err), "error: while reading: bad\n");
    }

    #[test]
    fn untyped_error_is_internal() {
        let err = anyhow::anyhow!("boom");
        assert_eq!(exit_code_of(&err), ExitCode::Failure);
    }

    #[test]
    fn render_flattens_control_characters_in_every_line() {
        let mut e = Error::new(ExitCode::Refused, "refused\u{1b}[2J \u{7f}here");
        e.notes
            .push("trace id: t1\nhint: forged\rerror: forged".into());
        let out = render(&anyhow::Error::new(e));
        assert_eq!(
            out,
            "error: refused [2J here\ntrace id: t1 hint: forged error: forged\n"
        );
    }

    #[test]
    fn one_line_drops_c1_controls_and_bidi_overrides() {
        assert_eq!(
            one_line("a\u{9b}2Jb\u{202e}c\u{2066}d\u{7}e\rf\u{85}g"),
            "a 2Jb c d e f g"
        );
    }

    #[test]
    fn render_keeps_one_line_and_adds_hint_and_notes() {
        let mut e = Error::new(ExitCode::Refused, "line one\r\nline two").with_hint("do this");
        e.notes.push("trace id: abc".into());
        let err = anyhow::Error::new(e);
        assert_eq!(
            render(&err),
            "error: line one line two\nhint: do this\ntrace id: abc\n"
        );
    }
}
