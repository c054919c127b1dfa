//! `-v` diagnostics on stderr. Every line passes through the secret
//! redaction, so a log line can never show a secret or a token.

use std::sync::atomic::{AtomicU8, Ordering};

static LEVEL: AtomicU8 = AtomicU8::new(0);

/// Sets the verbosity (the number of `-v` flags).
pub fn set_level(level: u8) {
    LEVEL.store(level, Ordering::Relaxed);
}

/// Whether messages of this level are shown.
pub fn enabled(level: u8) -> bool {
    LEVEL.load(Ordering::Relaxed) >= level
}

/// Writes one diagnostic line when `-v` was given at least `level` times.
pub fn log(level: u8, message: impl AsRef<str>) {
    if enabled(level) {
        // One line, no escape sequences: log lines quote URLs, paths and
        // answers from elsewhere.
        let line = crate::error::one_line(message.as_ref());
        eprintln!("pbitoken: {}", crate::secret::redact(&line));
    }
}
