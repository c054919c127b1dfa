//! Reading the environment: every variable pbitoken reads goes through
//! [`var`].

use crate::error::Error;

/// Reads an environment variable. Set but empty is unset, as for az and gh
/// (`VAR= cmd` is a common way to switch one off); set but not UTF-8 is a
/// configuration error that names the variable, never its value.
pub fn var(name: &str) -> Result<Option<String>, Error> {
    match std::env::var(name) {
        Ok(v) if v.is_empty() => Ok(None),
        Ok(v) => Ok(Some(v)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::usage(format!(
            "environment variable {name} is not valid UTF-8"
        ))
        .with_hint(format!("set {name} to a UTF-8 value, or unset it"))),
    }
}
