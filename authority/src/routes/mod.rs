//! The endpoints, one file per group, each exposing handlers that the table
//! in `router.rs` maps requests to. A handler reads and changes the
//! [`State`]; what several groups share (the request at hand, the endpoint
//! version, form fields, tenant segments) is here.

pub(crate) mod authorize;
pub(crate) mod device_code;
pub(crate) mod discovery;
pub(crate) mod embed;
pub(crate) mod fabric;
pub(crate) mod github;
pub(crate) mod managed_identity;
pub(crate) mod powerbi;
pub(crate) mod token;

use crate::context::RequestContext;
use crate::directory::{Directory, Tenant};
use crate::errors::AadError;
use crate::http::{Request, Response};
use crate::ids;
use crate::state::State;

/// Answers one request that matched a route.
pub(crate) type Handler = fn(&State, &Call) -> Response;

/// A request that matched a route, with what the route's path captured.
pub(crate) struct Call<'a> {
    pub req: &'a Request,
    pub ctx: RequestContext,
    /// `{name}` placeholders of the route's path and the (percent-decoded)
    /// segments they matched.
    pub params: Vec<(&'static str, String)>,
}

impl Call<'_> {
    /// The segment `{name}` matched; empty when the route has no such placeholder.
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }
}

/// Entra's answer to another method on a POST-only endpoint.
pub(crate) fn post_only(_: &State, call: &Call) -> Response {
    AadError::post_only(&call.req.method).response(&call.ctx)
}

/// Entra's answer to a path (or a method on it) that nothing serves.
pub(crate) fn not_found(_: &State, call: &Call) -> Response {
    AadError::not_found(&call.req.method, &call.req.path).response(&call.ctx)
}

/// Which version of an Entra endpoint was called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    /// `/oauth2/token`: `resource`, numbers as strings.
    V1,
    /// `/oauth2/v2.0/token`: `scope`, numbers as integers.
    V2,
}

/// Form fields; empty values count as absent, as they do for Entra.
pub(crate) struct Form(pub(crate) Vec<(String, String)>);

impl Form {
    pub(crate) fn get(&self, k: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    pub(crate) fn require(&self, k: &str) -> Result<&str, AadError> {
        self.get(k).ok_or_else(|| AadError::missing_parameter(k))
    }
}

pub(crate) enum TenantRef<'a> {
    Known(&'a Tenant),
    /// Resolved from the user (password) or the refresh token.
    Organizations,
    /// `common` / `consumers`: not usable with these grants.
    Unresolvable,
}

/// Whether a tenant segment names a tenant here (errors for malformed or
/// unknown ones, as the token endpoint gives them).
pub(crate) fn tenant_exists(dir: &Directory, segment: &str) -> Result<bool, AadError> {
    resolve_tenant(dir, segment).map(|_| true)
}

pub(crate) fn resolve_tenant<'a>(
    dir: &'a Directory,
    segment: &str,
) -> Result<TenantRef<'a>, AadError> {
    match segment.to_ascii_lowercase().as_str() {
        "organizations" => Ok(TenantRef::Organizations),
        "common" | "consumers" => Ok(TenantRef::Unresolvable),
        _ if !ids::is_guid(segment) && !ids::is_dns_name(segment) => {
            Err(AadError::malformed_tenant(segment))
        }
        _ => dir
            .tenant(segment)
            .map(TenantRef::Known)
            .ok_or_else(|| AadError::tenant_not_found(segment)),
    }
}
