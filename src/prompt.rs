//! Asking a person: only when stdin is a terminal, never a hang in CI.

use std::io::{BufRead, IsTerminal, Write};

use crate::secret::Secret;

/// Whether there is a person to ask: stdin is a terminal.
pub fn has_terminal() -> bool {
    std::io::stdin().is_terminal()
}

/// Asks for a line with echo (a username) on the terminal.
pub fn ask(prompt: &str) -> std::io::Result<String> {
    let mut err = std::io::stderr();
    write!(err, "{prompt}")?;
    err.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_owned())
}

/// Asks for a line with echo; `None` when the input has ended, so that a
/// caller asking again and again cannot loop forever.
pub fn ask_line(prompt: &str) -> std::io::Result<Option<String>> {
    let mut err = std::io::stderr();
    write!(err, "{prompt}")?;
    err.flush()?;
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line)? == 0 {
        return Ok(None);
    }
    Ok(Some(line.trim().to_owned()))
}

/// Asks for a password without echo.
pub fn ask_secret(prompt: &str) -> std::io::Result<Secret> {
    rpassword::prompt_password(prompt).map(Secret::new)
}

/// Reads a password from stdin: everything up to the first newline, kept
/// exactly (passwords may hold spaces).
pub fn read_stdin_secret() -> std::io::Result<Secret> {
    let line = crate::limited::read_line(std::io::stdin().lock())?;
    let value = line
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(&line);
    Ok(Secret::new(value))
}
