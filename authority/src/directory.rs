//! The emulated directory: tenants, their app registrations and users.
//!
//! Plain data with public fields so tests can build whatever situation they
//! need; [`Directory::seeded`] builds the one described in [`crate::fixtures`].

use crate::fixtures as fx;

/// Everything the authority knows about. Fixed once the authority starts.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// The tenants, each with its own apps and users.
    pub tenants: Vec<Tenant>,
    /// The managed identities of the emulated Azure resource.
    pub managed_identities: Vec<ManagedIdentity>,
}

/// One Entra tenant.
#[derive(Debug, Clone, Default)]
pub struct Tenant {
    /// The tenant id, a GUID.
    pub id: String,
    /// Verified domains that resolve to this tenant (e.g. `contoso.onmicrosoft.com`).
    pub domains: Vec<String>,
    /// App registrations (with their service principals) in this tenant.
    pub apps: Vec<App>,
    /// Users who can sign in with the password grant.
    pub users: Vec<User>,
}

/// An app registration.
#[derive(Debug, Clone, Default)]
pub struct App {
    /// The application (client) id, a GUID.
    pub client_id: String,
    /// Display name, quoted in some error messages.
    pub name: String,
    /// Client secrets that are currently valid.
    pub secrets: Vec<String>,
    /// Client secrets that exist but have expired (AADSTS7000222).
    pub expired_secrets: Vec<String>,
    /// "Allow public client flows": the password grant works without a secret.
    pub public_client: bool,
    /// The service principal is disabled (AADSTS7000112).
    pub disabled: bool,
    /// App roles granted to the app itself, put in app-only tokens as `roles`.
    pub roles: Vec<String>,
    /// Delegated permissions, put in user tokens as `scp`.
    pub scopes: Vec<String>,
    /// Whether users (or an admin) consented; `false` fails user tokens with AADSTS65001.
    pub consented: bool,
    /// Certificates (PEM) whose public keys were uploaded to the app; a
    /// client assertion must be signed by one of their keys.
    pub certificates: Vec<String>,
    /// Federated identity credentials: the external tokens the app accepts.
    pub federated: Vec<FederatedCredential>,
    /// How the emulated Power BI REST API treats this app's service principal.
    pub powerbi: PowerBiAccess,
    /// Registered redirect URIs for browser sign-in. `http://localhost`
    /// matches any port, as Entra does for loopback redirects.
    pub redirect_uris: Vec<String>,
    /// The tenant lets this service principal use the read-only admin APIs
    /// (`admin/groups`, `admin/activityevents`); otherwise they answer 401
    /// `PowerBINotAuthorizedException`.
    pub powerbi_admin: bool,
}

/// A federated identity credential (reference §6): an external token with
/// exactly this issuer, subject and audience is accepted as the app.
#[derive(Debug, Clone, Default)]
pub struct FederatedCredential {
    /// `iss` of the external token.
    pub issuer: String,
    /// `sub` of the external token.
    pub subject: String,
    /// `aud` of the external token (one per credential).
    pub audience: String,
}

/// A managed identity the platform endpoints (IMDS, App Service) hand out.
#[derive(Debug, Clone, Default)]
pub struct ManagedIdentity {
    /// Its client id, which user-assigned identities are chosen by.
    pub client_id: String,
    /// Its object id (`oid` in tokens).
    pub object_id: String,
    /// The tenant it lives in.
    pub tenant_id: String,
    /// The resource's system-assigned identity (used when no client id is asked for).
    pub system_assigned: bool,
}

/// What the emulated Power BI REST API (`GET /v1.0/myorg/groups`) answers an
/// app-only token of an app, following the shapes of reference §10. User
/// tokens always get [`PowerBiAccess::Workspaces`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PowerBiAccess {
    /// Allowed to use the APIs and a member of workspaces: 200 with a list.
    /// The default, so that apps built before this field existed still work.
    #[default]
    Workspaces,
    /// Allowed, but added to no workspace: 200 with `"value":[]`.
    NoWorkspaces,
    /// The tenant setting "Service principals can call Fabric public APIs"
    /// is off or the app is not in its security group: 401, empty body,
    /// `X-PowerBI-Error-Info: ServicePrincipalIsNotAllowedByTenantAdminSwitch`.
    TenantSwitchOff,
    /// Refused: 403 with a `PowerBINotAuthorizedException` body.
    Forbidden,
}

/// A user account.
#[derive(Debug, Clone)]
pub struct User {
    /// User principal name, e.g. `alice@contoso.onmicrosoft.com`.
    pub upn: String,
    /// The password the password grant must present.
    pub password: String,
    /// The user's object id (`oid`), a GUID.
    pub object_id: String,
    /// What happens when the user signs in with a correct password.
    pub state: UserState,
}

/// The outcome of a sign-in with the right password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserState {
    /// Tokens are issued.
    Ok,
    /// MFA required: AADSTS50076 (`invalid_grant`, suberror `basic_action`).
    MfaRequired,
    /// MFA registration required: AADSTS50079 (`interaction_required`).
    MfaRegistrationRequired,
    /// Blocked by Conditional Access: AADSTS53003 (suberror `message_only`, `claims`).
    ConditionalAccessBlocked,
    /// Password expired: AADSTS50055.
    PasswordExpired,
    /// Account locked: AADSTS50053, whatever the password.
    Locked,
    /// Account disabled: AADSTS50057.
    Disabled,
}

impl Directory {
    /// The directory described in [`crate::fixtures`].
    pub fn seeded() -> Directory {
        let power_bi_scopes: Vec<String> = fx::PUBLIC_CLIENT_SCOPES
            .iter()
            .map(|s| s.to_string())
            .collect();
        let user = |upn: &str, object_id: &str, state: UserState| User {
            upn: upn.to_string(),
            password: fx::USER_PASSWORD.to_string(),
            object_id: object_id.to_string(),
            state,
        };
        let contoso = Tenant {
            id: fx::TENANT_ID.to_string(),
            domains: vec![fx::TENANT_DOMAIN.to_string()],
            apps: vec![
                App {
                    client_id: fx::SP_CLIENT_ID.to_string(),
                    redirect_uris: vec![fx::LOCALHOST_REDIRECT.to_string()],
                    name: "pbitoken-ci".to_string(),
                    secrets: vec![fx::SP_SECRET.to_string()],
                    roles: vec!["Tenant.Read.All".to_string()],
                    scopes: power_bi_scopes.clone(),
                    consented: true,
                    powerbi_admin: true,
                    ..App::default()
                },
                App {
                    client_id: fx::EXPIRED_SECRET_CLIENT_ID.to_string(),
                    name: "pbitoken-expired-secret".to_string(),
                    expired_secrets: vec![fx::EXPIRED_SECRET.to_string()],
                    consented: true,
                    ..App::default()
                },
                App {
                    client_id: fx::DISABLED_CLIENT_ID.to_string(),
                    name: "pbitoken-disabled".to_string(),
                    secrets: vec![fx::DISABLED_SECRET.to_string()],
                    disabled: true,
                    consented: true,
                    ..App::default()
                },
                App {
                    client_id: fx::PUBLIC_CLIENT_ID.to_string(),
                    redirect_uris: vec![fx::LOCALHOST_REDIRECT.to_string()],
                    name: "pbitoken-cli".to_string(),
                    public_client: true,
                    scopes: power_bi_scopes.clone(),
                    consented: true,
                    ..App::default()
                },
                App {
                    client_id: fx::CERT_CLIENT_ID.to_string(),
                    name: "pbitoken-certificate".to_string(),
                    roles: vec!["Tenant.Read.All".to_string()],
                    consented: true,
                    ..App::default()
                },
                App {
                    client_id: fx::FEDERATED_CLIENT_ID.to_string(),
                    name: "pbitoken-federated".to_string(),
                    roles: vec!["Tenant.Read.All".to_string()],
                    consented: true,
                    federated: vec![
                        FederatedCredential {
                            issuer: fx::GITHUB_ISSUER.to_string(),
                            subject: fx::GITHUB_SUBJECT.to_string(),
                            audience: fx::FEDERATED_AUDIENCE.to_string(),
                        },
                        FederatedCredential {
                            issuer: fx::K8S_ISSUER.to_string(),
                            subject: fx::K8S_SUBJECT.to_string(),
                            audience: fx::FEDERATED_AUDIENCE.to_string(),
                        },
                    ],
                    ..App::default()
                },
                App {
                    client_id: fx::UNCONSENTED_CLIENT_ID.to_string(),
                    redirect_uris: vec![fx::LOCALHOST_REDIRECT.to_string()],
                    name: "pbitoken-unconsented".to_string(),
                    public_client: true,
                    scopes: power_bi_scopes.clone(),
                    consented: false,
                    ..App::default()
                },
                App {
                    client_id: fx::NO_WORKSPACE_CLIENT_ID.to_string(),
                    name: "pbitoken-no-workspace".to_string(),
                    secrets: vec![fx::NO_WORKSPACE_SECRET.to_string()],
                    consented: true,
                    powerbi: PowerBiAccess::NoWorkspaces,
                    ..App::default()
                },
                App {
                    client_id: fx::SP_DISABLED_CLIENT_ID.to_string(),
                    name: "pbitoken-sp-not-allowed".to_string(),
                    secrets: vec![fx::SP_DISABLED_SECRET.to_string()],
                    consented: true,
                    powerbi: PowerBiAccess::TenantSwitchOff,
                    ..App::default()
                },
                App {
                    client_id: fx::FORBIDDEN_CLIENT_ID.to_string(),
                    name: "pbitoken-forbidden".to_string(),
                    secrets: vec![fx::FORBIDDEN_SECRET.to_string()],
                    consented: true,
                    powerbi: PowerBiAccess::Forbidden,
                    ..App::default()
                },
            ],
            users: vec![
                user(
                    fx::USER_UPN,
                    "6a1d0c3e-2f4b-4a5c-9d6e-7f8091a2b301",
                    UserState::Ok,
                ),
                user(
                    fx::MFA_UPN,
                    "6a1d0c3e-2f4b-4a5c-9d6e-7f8091a2b302",
                    UserState::MfaRequired,
                ),
                user(
                    fx::MFA_REGISTRATION_UPN,
                    "6a1d0c3e-2f4b-4a5c-9d6e-7f8091a2b303",
                    UserState::MfaRegistrationRequired,
                ),
                user(
                    fx::CA_UPN,
                    "6a1d0c3e-2f4b-4a5c-9d6e-7f8091a2b304",
                    UserState::ConditionalAccessBlocked,
                ),
                user(
                    fx::PASSWORD_EXPIRED_UPN,
                    "6a1d0c3e-2f4b-4a5c-9d6e-7f8091a2b305",
                    UserState::PasswordExpired,
                ),
                user(
                    fx::LOCKED_UPN,
                    "6a1d0c3e-2f4b-4a5c-9d6e-7f8091a2b306",
                    UserState::Locked,
                ),
                user(
                    fx::DISABLED_UPN,
                    "6a1d0c3e-2f4b-4a5c-9d6e-7f8091a2b307",
                    UserState::Disabled,
                ),
            ],
        };
        let fabrikam = Tenant {
            id: fx::OTHER_TENANT_ID.to_string(),
            domains: vec![fx::OTHER_TENANT_DOMAIN.to_string()],
            apps: vec![App {
                client_id: fx::OTHER_CLIENT_ID.to_string(),
                redirect_uris: vec![fx::LOCALHOST_REDIRECT.to_string()],
                name: "fabrikam-reporting".to_string(),
                secrets: vec![fx::OTHER_SECRET.to_string()],
                public_client: true,
                scopes: power_bi_scopes,
                consented: true,
                ..App::default()
            }],
            users: vec![user(
                fx::OTHER_USER_UPN,
                "6a1d0c3e-2f4b-4a5c-9d6e-7f8091a2b308",
                UserState::Ok,
            )],
        };
        Directory {
            tenants: vec![contoso, fabrikam],
            managed_identities: vec![
                ManagedIdentity {
                    client_id: fx::MI_SYSTEM_CLIENT_ID.to_string(),
                    object_id: "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c01".to_string(),
                    tenant_id: fx::TENANT_ID.to_string(),
                    system_assigned: true,
                },
                ManagedIdentity {
                    client_id: fx::MI_USER_CLIENT_ID.to_string(),
                    object_id: "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c02".to_string(),
                    tenant_id: fx::TENANT_ID.to_string(),
                    system_assigned: false,
                },
            ],
        }
    }

    /// The tenant with this id (any case) or verified domain.
    pub fn tenant(&self, id_or_domain: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|t| {
            t.id.eq_ignore_ascii_case(id_or_domain)
                || t.domains
                    .iter()
                    .any(|d| d.eq_ignore_ascii_case(id_or_domain))
        })
    }

    /// The tenant holding a user with this UPN, as `organizations` resolves it.
    pub fn tenant_of_user(&self, upn: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|t| t.user(upn).is_some())
    }
}

impl Tenant {
    /// The app registration with this client id (any case).
    pub fn app(&self, client_id: &str) -> Option<&App> {
        self.apps
            .iter()
            .find(|a| a.client_id.eq_ignore_ascii_case(client_id))
    }

    /// The user with this UPN (any case).
    pub fn user(&self, upn: &str) -> Option<&User> {
        self.users.iter().find(|u| u.upn.eq_ignore_ascii_case(upn))
    }
}

impl User {
    /// A display name for the `name` claim, made from the UPN's local part
    /// (`alice@…` -> `Alice`) because the model has no separate name field.
    pub fn display_name(&self) -> String {
        let local = self.upn.split('@').next().unwrap_or_default();
        let mut chars = local.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}
