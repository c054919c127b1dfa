//! The ways of signing in, by name, and the little the layers before the
//! credential (config file, `config set`, profile resolution) must know
//! about each: who signs in and which keys it needs. Each method's facts are
//! one arm of [`AuthMethod::about`]; what a method *does* (its grant, cache
//! key, `check` step, `config init` questions) is in its file under
//! `credential/`.

use std::fmt;
use std::str::FromStr;

/// How a profile signs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AuthMethod {
    /// Service principal with a client secret (`client_credentials`); the
    /// default when a profile names none.
    #[default]
    ClientSecret,
    /// A user's name and password (ROPC).
    Password,
    /// Service principal with a certificate (client assertion).
    Certificate,
    /// A user signs in on another device.
    DeviceCode,
    /// A federated token exchanged for an Entra token.
    WorkloadIdentity,
    /// The managed identity of the Azure resource this runs on.
    ManagedIdentity,
    /// Borrow the signed-in Azure CLI session.
    AzureCli,
    /// A user signs in in the browser: authorization code with PKCE.
    Interactive,
    /// The first of environment, workload identity, managed identity, the
    /// Azure CLI and browser sign-in that is available.
    Auto,
}

/// What the config layers know about a method.
#[derive(Debug, Clone, Copy)]
pub struct About {
    /// The config name (`auth = "..."`).
    pub name: &'static str,
    /// Signs in a user: may get a refresh token, and may use a tenant value
    /// that is no one tenant (`organizations`).
    pub user: bool,
    /// Needs a tenant and a client id; the others know theirs (the
    /// platform's identity, the Azure CLI's session).
    pub needs_ids: bool,
    /// Always sends the client secret (others send it only when the
    /// profile names a secret source: a confidential client).
    pub client_secret: bool,
    /// Signs in with a username (`username`, `--username`,
    /// `AZURE_USERNAME`).
    pub username: bool,
}

impl AuthMethod {
    /// Every method, in the order help and errors list them.
    pub const ALL: [AuthMethod; 9] = [
        AuthMethod::ClientSecret,
        AuthMethod::Password,
        AuthMethod::Certificate,
        AuthMethod::DeviceCode,
        AuthMethod::WorkloadIdentity,
        AuthMethod::ManagedIdentity,
        AuthMethod::AzureCli,
        AuthMethod::Interactive,
        AuthMethod::Auto,
    ];

    /// Every method's config name, in [`AuthMethod::ALL`]'s order.
    pub const NAMES: [&'static str; 9] = {
        let mut names = [""; 9];
        let mut i = 0;
        while i < names.len() {
            names[i] = AuthMethod::ALL[i].about().name;
            i += 1;
        }
        names
    };

    /// The method's facts: the one place each is written.
    pub const fn about(self) -> About {
        match self {
            AuthMethod::ClientSecret => About {
                name: "client_secret",
                user: false,
                needs_ids: true,
                client_secret: true,
                username: false,
            },
            AuthMethod::Password => About {
                name: "password",
                user: true,
                needs_ids: true,
                client_secret: false,
                username: true,
            },
            AuthMethod::Certificate => About {
                name: "certificate",
                user: false,
                needs_ids: true,
                client_secret: false,
                username: false,
            },
            AuthMethod::DeviceCode => About {
                name: "device_code",
                user: true,
                needs_ids: true,
                client_secret: false,
                username: false,
            },
            AuthMethod::WorkloadIdentity => About {
                name: "workload_identity",
                user: false,
                needs_ids: true,
                client_secret: false,
                username: false,
            },
            AuthMethod::ManagedIdentity => About {
                name: "managed_identity",
                user: false,
                needs_ids: false,
                client_secret: false,
                username: false,
            },
            AuthMethod::AzureCli => About {
                name: "azure_cli",
                user: false,
                needs_ids: false,
                client_secret: false,
                username: false,
            },
            AuthMethod::Interactive => About {
                name: "interactive",
                user: true,
                needs_ids: true,
                client_secret: false,
                // The username is the sign-in page's login_hint.
                username: true,
            },
            AuthMethod::Auto => About {
                name: "auto",
                user: false,
                // The environment or the platform may supply them; only the
                // browser sign-in at the end of the chain needs the profile's.
                needs_ids: false,
                client_secret: false,
                username: false,
            },
        }
    }

    /// The config name.
    pub const fn name(self) -> &'static str {
        self.about().name
    }

    /// Whether this method signs in a user (and so may get a refresh token).
    pub const fn is_user(self) -> bool {
        self.about().user
    }

    /// Whether this method always sends the client secret.
    pub const fn always_sends_secret(self) -> bool {
        self.about().client_secret
    }

    /// Whether this method signs in with a username.
    pub const fn takes_username(self) -> bool {
        self.about().username
    }

    /// Whether a profile with this method needs a tenant and a client id.
    pub const fn needs_ids(self) -> bool {
        self.about().needs_ids
    }

    /// Whether this method can use the tenant value: `organizations` and
    /// the other values that name no one tenant only work for user
    /// sign-in. One rule for `config init`, `config set`/`unset` and
    /// resolving a profile.
    pub fn allows_tenant(self, tenant: &str) -> Result<(), String> {
        if crate::shape::is_multi_tenant(tenant) && !self.is_user() {
            let users: Vec<&str> = AuthMethod::ALL
                .iter()
                .filter(|m| m.is_user())
                .map(|m| m.name())
                .collect();
            return Err(format!(
                "'{tenant}' only works for {} sign-in; {self} needs the tenant GUID or domain",
                users.join(" or ")
            ));
        }
        Ok(())
    }
}

impl FromStr for AuthMethod {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        AuthMethod::ALL
            .into_iter()
            .find(|m| m.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown auth method (expected one of: {}; the value is not shown)",
                    AuthMethod::NAMES.join(", ")
                )
            })
    }
}

impl fmt::Display for AuthMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for n in AuthMethod::NAMES {
            assert_eq!(n.parse::<AuthMethod>().unwrap().name(), n);
        }
        for m in AuthMethod::ALL {
            assert_eq!(m.name().parse::<AuthMethod>(), Ok(m));
        }
        assert!("secret".parse::<AuthMethod>().is_err());
    }

    #[test]
    fn organizations_is_for_users_only() {
        assert!(AuthMethod::Password.allows_tenant("organizations").is_ok());
        assert!(AuthMethod::DeviceCode.allows_tenant("Common").is_ok());
        let err = AuthMethod::ClientSecret
            .allows_tenant("organizations")
            .unwrap_err();
        assert_eq!(
            err,
            "'organizations' only works for password or device_code or interactive sign-in; client_secret needs the tenant GUID or domain"
        );
        assert!(AuthMethod::ClientSecret
            .allows_tenant("contoso.com")
            .is_ok());
    }
}
