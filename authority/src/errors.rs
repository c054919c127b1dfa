//! Entra's error answers: the AADSTS codes this authority produces, their
//! HTTP status, `error` value and message, and the JSON body of reference §2.
//!
//! Messages follow the real ones closely because people paste them into
//! search engines; clients must key on `error_codes[0]`, not on the text.

use serde_json::{json, Map, Value};

use crate::context::RequestContext;
use crate::http::Response;

/// A fake Conditional Access policy id for the `claims` challenge of 53003.
const CA_POLICY_ID: &str = "c0ffee00-53e3-4003-8a00-00000000ca01";

/// One refusal by the authority.
#[derive(Debug, Clone)]
pub(crate) struct AadError {
    pub status: u16,
    pub error: &'static str,
    pub code: u32,
    /// The message without the `AADSTS<code>: ` prefix and trace lines.
    pub message: String,
    pub suberror: Option<&'static str>,
    /// The `claims` challenge, already a JSON-encoded string as on the wire.
    pub claims: Option<String>,
}

impl AadError {
    pub(crate) fn new(
        status: u16,
        error: &'static str,
        code: u32,
        message: impl Into<String>,
    ) -> AadError {
        AadError {
            status,
            error,
            code,
            message: message.into(),
            suberror: None,
            claims: None,
        }
    }

    pub(crate) fn bad(error: &'static str, code: u32, message: impl Into<String>) -> AadError {
        AadError::new(400, error, code, message)
    }

    pub(crate) fn client(code: u32, message: impl Into<String>) -> AadError {
        AadError::new(401, "invalid_client", code, message)
    }

    /// The same code and message under another `error` value: Entra's
    /// endpoints disagree on it (90002 is `invalid_tenant` at discovery).
    pub fn with_error(mut self, error: &'static str) -> AadError {
        self.error = error;
        self
    }

    fn suberror(mut self, s: &'static str) -> AadError {
        self.suberror = Some(s);
        self
    }

    /// The JSON body. `base_url` is the host for `error_uri`; without one the
    /// optional field is left out.
    pub fn body(&self, trace_id: &str, correlation_id: &str, base_url: Option<&str>) -> Value {
        let timestamp = chrono::Utc::now().format("%Y-%m-%d %H:%M:%SZ").to_string();
        let mut m = Map::new();
        m.insert("error".into(), json!(self.error));
        m.insert(
            "error_description".into(),
            json!(format!(
                "AADSTS{}: {}\r\nTrace ID: {trace_id}\r\nCorrelation ID: {correlation_id}\r\nTimestamp: {timestamp}",
                self.code, self.message
            )),
        );
        m.insert("error_codes".into(), json!([self.code]));
        m.insert("timestamp".into(), json!(timestamp));
        m.insert("trace_id".into(), json!(trace_id));
        m.insert("correlation_id".into(), json!(correlation_id));
        if let Some(base) = base_url {
            m.insert(
                "error_uri".into(),
                json!(format!("{base}/error?code={}", self.code)),
            );
        }
        if let Some(s) = self.suberror {
            m.insert("suberror".into(), json!(s));
        }
        if let Some(c) = &self.claims {
            m.insert("claims".into(), json!(c));
        }
        Value::Object(m)
    }

    /// The full HTTP answer for this request.
    pub fn response(&self, ctx: &RequestContext) -> Response {
        let body = self.body(&ctx.trace_id, &ctx.correlation_id, Some(&ctx.base_url));
        ctx.json(self.status, &body)
    }

    // ---- request shape ----

    pub fn missing_parameter(name: &str) -> AadError {
        AadError::bad(
            "invalid_request",
            900144,
            format!("The request body must contain the following parameter: '{name}'."),
        )
    }

    pub fn malformed_request() -> AadError {
        AadError::bad(
            "invalid_request",
            9002313,
            "Invalid request. Request is malformed or invalid.",
        )
    }

    pub fn unsupported_grant_type(grant_type: &str) -> AadError {
        AadError::bad(
            "unsupported_grant_type",
            70003,
            format!("The app requested an unsupported grant type '{grant_type}'."),
        )
    }

    pub fn post_only(method: &str) -> AadError {
        AadError::bad(
            "invalid_request",
            900561,
            format!(
                "The endpoint only accepts POST, OPTIONS requests. Received a {method} request."
            ),
        )
    }

    pub fn not_found(method: &str, path: &str) -> AadError {
        AadError::new(
            404,
            "invalid_request",
            90056,
            format!("The request '{method} {path}' is not supported by this authority."),
        )
    }

    // ---- tenant ----

    pub fn malformed_tenant(tenant: &str) -> AadError {
        AadError::bad(
            "invalid_request",
            900023,
            format!("Specified tenant identifier '{tenant}' is neither a valid DNS name, nor a valid external domain."),
        )
    }

    pub fn tenant_not_found(tenant: &str) -> AadError {
        AadError::bad(
            "invalid_request",
            90002,
            format!("Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant."),
        )
    }

    pub fn no_tenant_information() -> AadError {
        AadError::bad(
            "invalid_request",
            90019,
            "No tenant-identifying information found in either the request or implied by any provided credentials.",
        )
    }

    // ---- application ----

    pub fn app_not_found(client_id: &str, tenant: &str) -> AadError {
        AadError::bad(
            "unauthorized_client",
            700016,
            format!("Application with identifier '{client_id}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."),
        )
    }

    pub fn app_disabled(client_id: &str, name: &str) -> AadError {
        AadError::bad(
            "unauthorized_client",
            7000112,
            format!("Application '{client_id}'({name}) is disabled."),
        )
    }

    pub fn secret_missing() -> AadError {
        AadError::client(
            7000218,
            "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        )
    }

    pub fn secret_invalid(client_id: &str) -> AadError {
        AadError::client(
            7000215,
            format!("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client_id}'."),
        )
    }

    pub fn secret_expired(client_id: &str) -> AadError {
        AadError::client(
            7000222,
            format!("The provided client secret keys for app '{client_id}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds."),
        )
    }

    pub fn public_client_with_credential() -> AadError {
        AadError::client(
            700025,
            "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
        )
    }

    pub fn consent_required(client_id: &str, name: &str) -> AadError {
        AadError::bad(
            "invalid_grant",
            65001,
            format!("The user or administrator has not consented to use the application with ID '{client_id}' named '{name}'. Send an interactive authorization request for this user and resource."),
        )
        .suberror("consent_required")
    }

    // ---- resource and scope ----

    pub fn resource_not_supported() -> AadError {
        AadError::bad(
            "invalid_request",
            901002,
            "The 'resource' request parameter is not supported.",
        )
    }

    pub fn resource_missing() -> AadError {
        AadError::bad(
            "invalid_request",
            50001,
            "Resource identifier is not provided.",
        )
    }

    pub fn scope_not_default(scope: &str) -> AadError {
        AadError::bad(
            "invalid_scope",
            1002012,
            format!("The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."),
        )
    }

    pub fn several_resources(scope: &str) -> AadError {
        AadError::bad(
            "invalid_scope",
            700022,
            format!("The provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid."),
        )
    }

    pub fn invalid_scope(scope: &str) -> AadError {
        AadError::bad(
            "invalid_scope",
            70011,
            format!("The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid."),
        )
    }

    pub fn resource_not_found(resource: &str, tenant: &str) -> AadError {
        AadError::bad(
            "invalid_resource",
            500011,
            format!("The resource principal named {resource} was not found in the tenant named {tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant."),
        )
    }

    // ---- user ----

    pub fn user_not_found(tenant: &str) -> AadError {
        AadError::bad(
            "invalid_grant",
            50034,
            format!("The user account {{EUII Hidden}} does not exist in the {tenant} directory. To sign into this application, the account must be added to the directory."),
        )
    }

    pub fn bad_password() -> AadError {
        AadError::bad(
            "invalid_grant",
            50126,
            "Error validating credentials due to invalid username or password.",
        )
    }

    pub fn mfa_required(resource: &str) -> AadError {
        AadError::bad(
            "invalid_grant",
            50076,
            format!("Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'."),
        )
        .suberror("basic_action")
    }

    pub fn mfa_registration_required(resource: &str) -> AadError {
        AadError::bad(
            "interaction_required",
            50079,
            format!("Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '{resource}'."),
        )
    }

    pub fn conditional_access_blocked() -> AadError {
        let mut e = AadError::bad(
            "invalid_grant",
            53003,
            "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
        )
        .suberror("message_only");
        e.claims = Some(
            json!({"access_token": {"capolids": {"essential": true, "values": [CA_POLICY_ID]}}})
                .to_string(),
        );
        e
    }

    pub fn password_expired() -> AadError {
        AadError::bad("invalid_grant", 50055, "The password is expired.")
    }

    pub fn account_locked() -> AadError {
        AadError::bad(
            "invalid_grant",
            50053,
            "The account is locked because the user tried to sign in too many times with an incorrect user ID or password.",
        )
    }

    pub fn user_disabled() -> AadError {
        AadError::bad("invalid_grant", 50057, "The user account is disabled.")
    }

    // ---- refresh tokens ----

    pub fn refresh_token_invalid() -> AadError {
        AadError::bad(
            "invalid_grant",
            9002313,
            "Invalid request. Request is malformed or invalid.",
        )
    }

    pub fn grant_mismatch() -> AadError {
        AadError::bad(
            "invalid_grant",
            70000,
            "Provided grant is invalid or malformed.",
        )
    }

    // ---- availability ----

    pub fn throttled() -> AadError {
        AadError::new(
            429,
            "temporarily_unavailable",
            90055,
            "There are too many incoming requests. Please try again after some time.",
        )
    }
}
