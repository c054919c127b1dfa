//! The Entra ID error shape, the hint for each AADSTS code, and which exit
//! code a refusal gets.

use serde::Deserialize;

use crate::error::{Error, ExitCode};

/// The JSON error body the authority sends with a 4xx.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AadError {
    /// OAuth error value, e.g. `invalid_client`.
    pub error: String,
    /// `AADSTS<code>: <message>\r\nTrace ID: ...`.
    #[serde(default)]
    pub error_description: Option<String>,
    /// The AADSTS codes, first one decisive.
    #[serde(default)]
    pub error_codes: Vec<i64>,
    /// Server trace id.
    #[serde(default)]
    pub trace_id: Option<String>,
    /// Correlation id.
    #[serde(default)]
    pub correlation_id: Option<String>,
    /// e.g. `basic_action`, `message_only`, `consent_required`.
    #[serde(default)]
    pub suberror: Option<String>,
}

impl AadError {
    /// Parses an error body; `None` when it is not the AAD shape.
    pub fn parse(body: &[u8]) -> Option<AadError> {
        let e: AadError = serde_json::from_slice(body).ok()?;
        (!e.error.is_empty()).then_some(e)
    }

    /// The decisive AADSTS code: the first of `error_codes`, else the one
    /// at the start of the description.
    pub fn code(&self) -> Option<i64> {
        self.error_codes.first().copied().or_else(|| {
            let d = self.error_description.as_deref()?;
            let rest = d.strip_prefix("AADSTS")?;
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
    }

    /// The first line of the description (before the Trace ID lines).
    pub fn summary(&self) -> String {
        let d = self.error_description.as_deref().unwrap_or("").trim();
        let first = d
            .split(['\r', '\n'])
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim();
        if first.is_empty() {
            self.error.clone()
        } else {
            first.to_owned()
        }
    }

    /// The exit code for this refusal.
    pub fn exit_code(&self) -> ExitCode {
        match self.code().and_then(exit_code_of_code) {
            Some(code) => code,
            _ if self.error == "interaction_required" => ExitCode::Interaction,
            _ if self.error == "temporarily_unavailable" => ExitCode::Unavailable,
            _ => ExitCode::Refused,
        }
    }

    /// The error pbitoken reports: the code and message on one line, the
    /// hint, then the ids.
    pub fn to_error(&self, status: u16) -> Error {
        let summary = self.summary();
        let mut message = format!("the authority refused the request ({}", self.error);
        if !summary.starts_with("AADSTS") {
            if let Some(code) = self.code() {
                message.push_str(&format!(", AADSTS{code}"));
            }
        }
        message.push_str(&format!(", HTTP {status}): {summary}"));
        let mut err = Error::new(self.exit_code(), message);
        err.hint = self.code().and_then(hint).map(str::to_owned);
        if let Some(id) = self.trace_id.as_deref().filter(|s| !s.is_empty()) {
            err.notes.push(format!("trace id: {id}"));
        }
        if let Some(id) = self.correlation_id.as_deref().filter(|s| !s.is_empty()) {
            err.notes.push(format!("correlation id: {id}"));
        }
        err
    }
}

/// The exit code an AADSTS code decides, wherever it was seen (the
/// authority's answer, the Azure CLI's message); `None` for a plain refusal.
pub fn exit_code_of_code(code: i64) -> Option<ExitCode> {
    match code {
        50076 | 50079 | 50158 | 53003 | 65001 | 65004 | 50055 => Some(ExitCode::Interaction),
        90024 | 90033 | 50033 | 90006 | 50087 | 50196 | 90055 => Some(ExitCode::Unavailable),
        _ => None,
    }
}

/// What to do about an AADSTS code: every code the reference lists.
pub fn hint(code: i64) -> Option<&'static str> {
    Some(match code {
        7000215 => "the client secret is wrong: use the secret's Value (shown once when it was created), not its Secret ID; check for stray whitespace, or create a new secret",
        7000222 => "the client secret has expired: create a new one under Certificates & secrets (or switch to a certificate) and update the profile",
        700016 => "the application (client id) is not in this tenant: check client_id and tenant, the cloud (--cloud), and for a multi-tenant app that it was consented in this tenant",
        90002 => "the tenant was not found: check the tenant GUID or domain, and that --cloud matches the cloud the tenant lives in",
        900023 => "the tenant value is malformed: use the tenant GUID or a verified domain such as contoso.onmicrosoft.com (not a placeholder)",
        50126 => "invalid username or password; federated (AD FS) users cannot use the password grant: use device_code instead",
        50034 => "the user does not exist in this tenant: check the username (UPN) and the tenant",
        50076 => "multi-factor authentication is required, which the password grant cannot do: use auth = \"device_code\", or a service principal (client_secret or certificate)",
        50079 => "the user must register for multi-factor authentication: register security info, then use auth = \"device_code\"",
        50158 => "an external security challenge must be satisfied interactively: use auth = \"device_code\"",
        53003 => "blocked by a Conditional Access policy: ask an admin to check the sign-in logs for the policy, or use device_code from a compliant device",
        65004 => "the user declined to consent to this app: sign in again and accept, or ask an admin to grant consent for the tenant",
        65001 => "no consent for this app: an admin must grant consent for the Power BI Service permissions (or sign in once interactively with device_code)",
        700024 => "the client assertion is outside its valid time range: fix the clock (NTP) and mint a fresh assertion; a GitHub OIDC token is short-lived, fetch it again",
        7000218 => "the request carried no client_secret or client_assertion: give the profile a secret, or for password/device code enable \"Allow public client flows\" on the app (for interactive, register http://localhost under \"Mobile and desktop applications\", not Web)",
        50011 => "the redirect URI is not registered for the app: add http://localhost under Authentication > \"Mobile and desktop applications\" in the app registration (Entra ignores its port)",
        90014 => "a required field is missing from the request or the assertion; check the profile's values",
        900144 => "a required request parameter is missing; check the profile's values",
        50053 => "the account is locked (too many bad attempts) or the sign-in came from a blocked IP: wait, or ask an admin to unblock it",
        50057 => "the user account is disabled: an admin must re-enable it",
        500011 => "the resource is not known in this tenant: use the Power BI resource of the tenant's cloud (--cloud), or fix --resource",
        70011 => "the scope is invalid: use <resource>/.default for a service principal and fix any typo",
        7000112 => "the application or its service principal is disabled: re-enable the enterprise application",
        700027 => "the client assertion's signature did not validate: upload the certificate's public key to the app and check the key pair matches",
        50055 => "the password has expired and must be changed interactively: change it (or sign in with auth = \"device_code\", which asks for a new one), then use the new password",
        50173 => "the grant was revoked (an admin revoked sessions, or sign out everywhere): sign in again",
        70043 => "the refresh token expired (Conditional Access sign-in frequency): sign in again",
        70044 => "the session expired (Conditional Access sign-in frequency): sign in again",
        9002313 => "the request was malformed: check for placeholder values or double URL-encoding",
        1002012 => "a service principal's scope must be <resource>/.default",
        90019 => "no tenant in the request: use a tenant-specific authority (the tenant GUID or domain), not common",
        50059 => "no tenant in the request: use a tenant-specific authority (the tenant GUID or domain), not common",
        700213 => "no federated credential matches the assertion's subject: fix the subject on the app (GitHub may use the immutable repo:owner@id/repo@id form)",
        70021 => "no federated credential matches the assertion's issuer/subject/audience: fix it, or wait a minute after creating it and retry",
        70016 => "the device code sign-in is still pending: finish signing in on the other device",
        70018 => "the device code is not valid: start again",
        70019 => "the device code expired before sign-in finished: start again",
        700082 => "the refresh token expired after inactivity: sign in again",
        50196 => "the client is sending the same request too often (loop detected): slow down and use the token cache",
        90024 | 90033 | 50033 | 90006 | 50087 => "a transient error at the authority: try again in a moment",
        90055 => "the tenant is being throttled: slow down and use the token cache",
        9001023 | 90133 => "this grant is not supported on common/consumers: use the tenant GUID or domain",
        90009 => "the app is asking for a token for itself: set resource/scope to the API, not the client id",
        901002 => "the v2 endpoint takes scope, not resource: use endpoint = \"v2\" with scope, or endpoint = \"v1\" with resource",
        50001 => "the resource is missing or unknown: check resource (v1) or scope (v2)",
        700022 => "a service principal can ask for one resource at a time: use a single <resource>/.default scope",
        70003 => "the authority does not support this grant type for this app",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.\r\nTrace ID: t1\r\nCorrelation ID: c1\r\nTimestamp: 2022-10-31 09:03:41Z","error_codes":[7000215],"timestamp":"2022-10-31 09:03:41Z","trace_id":"t1","correlation_id":"c1"}"#;

    #[test]
    fn parses_the_reference_shape() {
        let e = AadError::parse(BODY.as_bytes()).unwrap();
        assert_eq!(e.code(), Some(7000215));
        assert_eq!(
            e.summary(),
            "AADSTS7000215: Invalid client secret provided."
        );
        let err = e.to_error(401);
        assert_eq!(err.code, ExitCode::Refused);
        assert!(err.message.contains("AADSTS7000215"));
        assert!(err.hint.unwrap().contains("Value"));
        assert_eq!(err.notes, vec!["trace id: t1", "correlation id: c1"]);
    }

    #[test]
    fn interaction_codes_exit_5() {
        for code in [50076, 50079, 53003, 65001, 65004, 50055] {
            let e = AadError {
                error: "invalid_grant".into(),
                error_codes: vec![code],
                ..Default::default()
            };
            assert_eq!(e.exit_code(), ExitCode::Interaction, "{code}");
            assert!(hint(code).is_some());
        }
    }

    #[test]
    fn code_from_description_when_codes_missing() {
        let e = AadError {
            error: "invalid_request".into(),
            error_description: Some("AADSTS90002: Tenant 'x' not found.".into()),
            ..Default::default()
        };
        assert_eq!(e.code(), Some(90002));
    }

    #[test]
    fn not_aad_shape() {
        assert!(AadError::parse(b"<html>").is_none());
        assert!(AadError::parse(b"{}").is_none());
    }

    #[test]
    fn every_reference_code_has_a_hint() {
        for code in [
            7000215, 7000222, 700016, 90002, 900023, 50126, 50034, 50076, 50079, 50158, 53003,
            65001, 700024, 7000218, 90014, 50053, 50057, 500011, 70011, 7000112, 700027, 50055,
            50173, 70043, 70044, 9002313, 1002012, 90019, 50059, 700213, 70021, 70016, 70018,
            70019, 700082, 50196, 90024, 90033, 50033, 90006, 90055, 9001023, 90133, 90009, 50011,
        ] {
            assert!(hint(code).is_some(), "no hint for {code}");
        }
    }
}
