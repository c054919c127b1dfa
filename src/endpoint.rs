//! Which token endpoint a profile talks to.

use std::str::FromStr;

/// Which token endpoint: v1 sends `resource`, v2 sends `scope`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Endpoint {
    /// `/oauth2/token`.
    V1,
    /// `/oauth2/v2.0/token`.
    #[default]
    V2,
}

impl Endpoint {
    /// Every endpoint's config name.
    pub const NAMES: [&'static str; 2] = [Endpoint::V1.name(), Endpoint::V2.name()];

    /// The config name.
    pub const fn name(self) -> &'static str {
        match self {
            Endpoint::V1 => "v1",
            Endpoint::V2 => "v2",
        }
    }
}

impl FromStr for Endpoint {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "v1" | "1" | "1.0" => Ok(Endpoint::V1),
            "v2" | "2" | "2.0" => Ok(Endpoint::V2),
            _ => Err("unknown endpoint (expected v1 or v2; the value is not shown)".to_owned()),
        }
    }
}
