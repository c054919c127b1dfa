//! The made-up identities of [`Directory::seeded`](crate::Directory::seeded).
//!
//! Every value here is fake and exists only inside the local authority. The
//! secrets follow the shape of real Entra client secrets (40 characters with
//! `8Q~` at offset 3) so that clients treat them like the real thing, and each
//! contains `FAKE` so a test can grep output and logs for leaks.

/// The main tenant's id.
pub const TENANT_ID: &str = "0d9f4c1e-7a2b-4c3d-8e5f-a1b2c3d4e5f6";
/// The main tenant's verified domain.
pub const TENANT_DOMAIN: &str = "contoso.onmicrosoft.com";
/// A second tenant whose apps and users do not exist in the main one.
pub const OTHER_TENANT_ID: &str = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
/// The second tenant's verified domain.
pub const OTHER_TENANT_DOMAIN: &str = "fabrikam.onmicrosoft.com";

/// A consented confidential app (service principal) with app role `Tenant.Read.All`.
pub const SP_CLIENT_ID: &str = "3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a01";
/// The valid secret of [`SP_CLIENT_ID`].
pub const SP_SECRET: &str = "Sp18Q~FAKE.sp-secret_pbitoken-local-0001";
/// A confidential app whose only secret has expired (AADSTS7000222).
pub const EXPIRED_SECRET_CLIENT_ID: &str = "3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a02";
/// The expired secret of [`EXPIRED_SECRET_CLIENT_ID`].
pub const EXPIRED_SECRET: &str = "Ex18Q~FAKE.expired-sec_pbitoken-loc-0002";
/// A disabled confidential app (AADSTS7000112).
pub const DISABLED_CLIENT_ID: &str = "3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a03";
/// The (otherwise valid) secret of [`DISABLED_CLIENT_ID`].
pub const DISABLED_SECRET: &str = "Ds18Q~FAKE.disabled-se_pbitoken-loc-0003";
/// A consented public client ("Allow public client flows"): ROPC without a secret.
pub const PUBLIC_CLIENT_ID: &str = "3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a04";
/// A public client nobody consented to: user tokens fail with AADSTS65001.
pub const UNCONSENTED_CLIENT_ID: &str = "3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a05";
/// A confidential app that exists only in [`OTHER_TENANT_ID`].
pub const OTHER_CLIENT_ID: &str = "3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a06";
/// The secret of [`OTHER_CLIENT_ID`].
pub const OTHER_SECRET: &str = "Ot18Q~FAKE.other-tenan_pbitoken-loc-0004";

/// A consented confidential app allowed to use Power BI but added to no
/// workspace: the groups API answers 200 with an empty list.
pub const NO_WORKSPACE_CLIENT_ID: &str = "3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a07";
/// The secret of [`NO_WORKSPACE_CLIENT_ID`].
pub const NO_WORKSPACE_SECRET: &str = "Nw18Q~FAKE.no-workspace_pbitoken-lo-0005";
/// A consented confidential app whose tenant does not let service principals
/// use the Power BI APIs: 401 `ServicePrincipalIsNotAllowedByTenantAdminSwitch`.
pub const SP_DISABLED_CLIENT_ID: &str = "3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a08";
/// The secret of [`SP_DISABLED_CLIENT_ID`].
pub const SP_DISABLED_SECRET: &str = "Sw18Q~FAKE.sp-switch-off_pbitoken-l-0006";
/// A consented confidential app the Power BI API refuses: 403
/// `PowerBINotAuthorizedException`.
pub const FORBIDDEN_CLIENT_ID: &str = "3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a09";
/// The secret of [`FORBIDDEN_CLIENT_ID`].
pub const FORBIDDEN_SECRET: &str = "Fb18Q~FAKE.forbidden-sec_pbitoken-l-0007";

/// The workspaces the emulated Power BI API lists for an allowed caller.
pub const WORKSPACE_NAMES: [&str; 2] = ["Sales Analytics", "Finance Reporting"];

/// The Fabric REST API's resource; the local Fabric API also takes tokens
/// whose audience is the authority's own URL (a profile's
/// `fabric_api_base` pointing at it).
pub const FABRIC_RESOURCE: &str = "https://api.fabric.microsoft.com";

/// Workspaces only the admin APIs list (the caller is not a member).
pub const ADMIN_ONLY_WORKSPACE_NAMES: [&str; 3] = ["Marketing", "People Ops", "Archive 2019"];

/// The delegated Power BI permissions consented for [`PUBLIC_CLIENT_ID`].
pub const PUBLIC_CLIENT_SCOPES: [&str; 3] =
    ["Dataset.Read.All", "Report.Read.All", "Workspace.Read.All"];

/// A user who signs in without any interruption.
pub const USER_UPN: &str = "alice@contoso.onmicrosoft.com";
/// The password of every seeded user.
pub const USER_PASSWORD: &str = "FAKE-pw.Alice!Pbitoken#2024";
/// A user who must do MFA (AADSTS50076).
pub const MFA_UPN: &str = "mfa.user@contoso.onmicrosoft.com";
/// A user who must register for MFA (AADSTS50079).
pub const MFA_REGISTRATION_UPN: &str = "mfa.register@contoso.onmicrosoft.com";
/// A user blocked by Conditional Access (AADSTS53003).
pub const CA_UPN: &str = "ca.blocked@contoso.onmicrosoft.com";
/// A user whose password has expired (AADSTS50055).
pub const PASSWORD_EXPIRED_UPN: &str = "expired.password@contoso.onmicrosoft.com";
/// A locked-out user (AADSTS50053).
pub const LOCKED_UPN: &str = "locked@contoso.onmicrosoft.com";
/// A disabled user (AADSTS50057).
pub const DISABLED_UPN: &str = "disabled@contoso.onmicrosoft.com";
/// A user of [`OTHER_TENANT_ID`], for `organizations` resolution.
pub const OTHER_USER_UPN: &str = "bob@fabrikam.onmicrosoft.com";

/// The Power BI resource of the public cloud (v1 `resource`; v2 scope is this + `/.default`).
pub const POWERBI_RESOURCE: &str = "https://analysis.windows.net/powerbi/api";
/// The v2 scope for app-only Power BI tokens in the public cloud.
pub const POWERBI_DEFAULT_SCOPE: &str = "https://analysis.windows.net/powerbi/api/.default";

/// The Power BI resources of the five supported clouds (reference §8), the
/// only resources this authority issues tokens for.
pub const KNOWN_RESOURCES: [&str; 5] = [
    POWERBI_RESOURCE,
    "https://analysis.usgovcloudapi.net/powerbi/api",
    "https://high.analysis.usgovcloudapi.net/powerbi/api",
    "https://mil.analysis.usgovcloudapi.net/powerbi/api",
    "https://analysis.chinacloudapi.cn/powerbi/api",
];

/// A confidential app that signs in with a certificate. The seeded directory
/// registers no certificate for it: tests generate one (see
/// [`crate::testcert`]) and add it to `App::certificates`.
pub const CERT_CLIENT_ID: &str = "3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a10";
/// An app with federated credentials for [`GITHUB_ISSUER`] and [`K8S_ISSUER`].
pub const FEDERATED_CLIENT_ID: &str = "3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a11";
/// The audience every federated credential here expects (public cloud).
pub const FEDERATED_AUDIENCE: &str = "api://AzureADTokenExchange";
/// The GitHub Actions OIDC issuer.
pub const GITHUB_ISSUER: &str = "https://token.actions.githubusercontent.com";
/// The subject of the GitHub job this authority plays.
pub const GITHUB_SUBJECT: &str = "repo:contoso/powerbi-reports:ref:refs/heads/main";
/// The runner's `ACTIONS_ID_TOKEN_REQUEST_TOKEN` the GitHub endpoint accepts.
pub const GITHUB_REQUEST_TOKEN: &str = "ghrt_FAKE.actions-id-token-request-0001";
/// A Kubernetes service account issuer (AKS workload identity).
pub const K8S_ISSUER: &str = "https://oidc.aks.local.pbitoken.test/cluster-1/";
/// The service account subject accepted for [`FEDERATED_CLIENT_ID`].
pub const K8S_SUBJECT: &str = "system:serviceaccount:reports:pbitoken";
/// The system-assigned managed identity of the emulated resource.
pub const MI_SYSTEM_CLIENT_ID: &str = "7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e01";
/// A user-assigned managed identity of the emulated resource.
pub const MI_USER_CLIENT_ID: &str = "7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e02";
/// The `IDENTITY_HEADER` the App Service endpoint expects.
pub const IDENTITY_HEADER: &str = "FAKE-identity-header-0a1b2c3d4e5f";

/// The redirect URI the seeded public clients (and [`SP_CLIENT_ID`], as a
/// web app) register for browser sign-in: any port matches.
pub const LOCALHOST_REDIRECT: &str = "http://localhost";
/// An app that registers no redirect URI: browser sign-in gets AADSTS50011.
pub const NO_REDIRECT_CLIENT_ID: &str = CERT_CLIENT_ID;
