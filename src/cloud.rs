//! The national clouds: where to sign in, which resource is Power BI, where
//! its REST API lives.

use std::fmt;
use std::str::FromStr;

/// One of the clouds Power BI runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cloud {
    /// Commercial cloud.
    #[default]
    Public,
    /// US Government Community Cloud (GCC); signs in at the commercial authority.
    UsGov,
    /// US Government GCC High.
    UsGovHigh,
    /// US Department of Defense.
    UsGovDod,
    /// China, operated by 21Vianet.
    China,
}

impl Cloud {
    /// Every cloud's config name, in the order SPEC.md lists them.
    pub const NAMES: [&'static str; 5] = ["public", "usgov", "usgovhigh", "usgovdod", "china"];

    /// The name used in the config file and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Public => "public",
            Cloud::UsGov => "usgov",
            Cloud::UsGovHigh => "usgovhigh",
            Cloud::UsGovDod => "usgovdod",
            Cloud::China => "china",
        }
    }

    /// The Entra ID authority host.
    pub fn authority_host(self) -> &'static str {
        match self {
            Cloud::Public | Cloud::UsGov => "https://login.microsoftonline.com",
            Cloud::UsGovHigh | Cloud::UsGovDod => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }

    /// The Power BI resource URI (v1 `resource`; v2 scope is this + `/.default`).
    pub fn powerbi_resource(self) -> &'static str {
        match self {
            Cloud::Public => "https://analysis.windows.net/powerbi/api",
            Cloud::UsGov => "https://analysis.usgovcloudapi.net/powerbi/api",
            Cloud::UsGovHigh => "https://high.analysis.usgovcloudapi.net/powerbi/api",
            Cloud::UsGovDod => "https://mil.analysis.usgovcloudapi.net/powerbi/api",
            Cloud::China => "https://analysis.chinacloudapi.cn/powerbi/api",
        }
    }

    /// The Power BI REST API base URL.
    pub fn api_base(self) -> &'static str {
        match self {
            Cloud::Public => "https://api.powerbi.com",
            Cloud::UsGov => "https://api.powerbigov.us",
            Cloud::UsGovHigh => "https://api.high.powerbigov.us",
            Cloud::UsGovDod => "https://api.mil.powerbigov.us",
            Cloud::China => "https://api.powerbi.cn",
        }
    }

    /// The Fabric REST API base URL, where there is one (`api` sends a
    /// Fabric-scoped token there).
    pub fn fabric_api_base(self) -> Option<&'static str> {
        match self {
            Cloud::Public => Some("https://api.fabric.microsoft.com"),
            Cloud::UsGov | Cloud::UsGovHigh | Cloud::UsGovDod | Cloud::China => None,
        }
    }

    /// The audience of a federated (workload identity) assertion.
    pub fn federated_audience(self) -> &'static str {
        match self {
            Cloud::Public | Cloud::UsGov => "api://AzureADTokenExchange",
            Cloud::UsGovHigh | Cloud::UsGovDod => "api://AzureADTokenExchangeUSGov",
            Cloud::China => "api://AzureADTokenExchangeChina",
        }
    }
}

impl FromStr for Cloud {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "public" => Ok(Cloud::Public),
            "usgov" => Ok(Cloud::UsGov),
            "usgovhigh" => Ok(Cloud::UsGovHigh),
            "usgovdod" => Ok(Cloud::UsGovDod),
            "china" => Ok(Cloud::China),
            _ => Err(format!(
                "unknown cloud (expected one of: {}; the value is not shown)",
                Cloud::NAMES.join(", ")
            )),
        }
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in Cloud::NAMES {
            assert_eq!(name.parse::<Cloud>().unwrap().name(), name);
        }
        assert!("germany".parse::<Cloud>().is_err());
    }

    #[test]
    fn gcc_signs_in_at_the_commercial_authority() {
        assert_eq!(
            Cloud::UsGov.authority_host(),
            Cloud::Public.authority_host()
        );
        assert_ne!(
            Cloud::UsGov.powerbi_resource(),
            Cloud::Public.powerbi_resource()
        );
    }
}
