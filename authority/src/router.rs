//! Which handler answers which request. New endpoints (device code,
//! managed identity) become new [`Route`] arms.

use crate::context::RequestContext;
use crate::errors::AadError;
use crate::http::{percent_decode, Request, Response};
use crate::server::Shared;
use crate::token::{self, Version};
use crate::{device_code, discovery, github, managed_identity, powerbi};

/// The endpoints this authority serves.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// `/{tenant}/oauth2/token` (v1) or `/{tenant}/oauth2/v2.0/token` (v2).
    Token {
        tenant: String,
        version: Version,
    },
    /// `/{tenant}/oauth2/devicecode` (v1) or `/{tenant}/oauth2/v2.0/devicecode` (v2).
    DeviceCode {
        tenant: String,
        version: Version,
    },
    /// IMDS: `/metadata/identity/oauth2/token`.
    Imds,
    /// App Service managed identity: `/msi/token`.
    AppService,
    /// The GitHub Actions OIDC token endpoint: `/github/oidc/token`.
    GitHubOidc,
    /// `/{tenant}/v2.0/.well-known/openid-configuration` (v2) or
    /// `/{tenant}/.well-known/openid-configuration` (v1).
    Discovery {
        tenant: String,
        version: Version,
    },
    /// `/{tenant}/discovery/v2.0/keys` or `/{tenant}/discovery/keys`.
    Keys,
    /// The Power BI REST API's `/v1.0/myorg/groups`.
    PowerBiGroups,
    NotFound,
}

impl Route {
    /// Matches a request path (percent-encoded, without the query).
    pub fn of(path: &str) -> Route {
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        let segments: Vec<&str> = path.split('/').collect();
        match segments.as_slice() {
            [tenant, "oauth2", "token"] => Route::Token {
                tenant: percent_decode(tenant, false),
                version: Version::V1,
            },
            [tenant, "oauth2", "v2.0", "token"] => Route::Token {
                tenant: percent_decode(tenant, false),
                version: Version::V2,
            },
            ["metadata", "identity", "oauth2", "token"] => Route::Imds,
            ["msi", "token"] => Route::AppService,
            ["github", "oidc", "token"] => Route::GitHubOidc,
            [tenant, "oauth2", "devicecode"] => Route::DeviceCode {
                tenant: percent_decode(tenant, false),
                version: Version::V1,
            },
            [tenant, "oauth2", "v2.0", "devicecode"] => Route::DeviceCode {
                tenant: percent_decode(tenant, false),
                version: Version::V2,
            },
            [tenant, "v2.0", ".well-known", "openid-configuration"] => Route::Discovery {
                tenant: percent_decode(tenant, false),
                version: Version::V2,
            },
            [tenant, ".well-known", "openid-configuration"] => Route::Discovery {
                tenant: percent_decode(tenant, false),
                version: Version::V1,
            },
            [_, "discovery", "v2.0", "keys"] | [_, "discovery", "keys"] => Route::Keys,
            ["v1.0", "myorg", "groups"] => Route::PowerBiGroups,
            _ => Route::NotFound,
        }
    }
}

/// Whether a request counts towards `Authority::token_requests`.
pub(crate) fn is_token_endpoint(path: &str) -> bool {
    matches!(Route::of(path), Route::Token { .. })
}

/// Answers a request that got past the faults.
pub(crate) fn route(shared: &Shared, req: &Request) -> Response {
    let ctx = RequestContext::new(req, &shared.base_url);
    match Route::of(&req.path) {
        Route::Token { tenant, version } => {
            if req.method != "POST" {
                return AadError::post_only(&req.method).response(&ctx);
            }
            token::handle(shared, &ctx, req, &tenant, version)
        }
        Route::DeviceCode { tenant, version } => {
            if req.method != "POST" {
                return AadError::post_only(&req.method).response(&ctx);
            }
            device_code::start(shared, &ctx, req, &tenant, version)
        }
        Route::Imds => managed_identity::imds(shared, &ctx, req),
        Route::AppService => managed_identity::app_service(shared, &ctx, req),
        Route::GitHubOidc => github::token(req),
        Route::Discovery { tenant, version } if req.method == "GET" => {
            discovery::configuration(&shared.dir, &ctx, &tenant, version)
        }
        Route::Keys if req.method == "GET" => discovery::keys(),
        Route::PowerBiGroups => powerbi::groups(shared, req),
        Route::Discovery { .. } | Route::Keys | Route::NotFound => {
            AadError::not_found(&req.method, &req.path).response(&ctx)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_token_paths() {
        assert_eq!(
            Route::of("/contoso.onmicrosoft.com/oauth2/v2.0/token"),
            Route::Token {
                tenant: "contoso.onmicrosoft.com".into(),
                version: Version::V2
            }
        );
        assert_eq!(
            Route::of("/your%20tenant/oauth2/token/"),
            Route::Token {
                tenant: "your tenant".into(),
                version: Version::V1
            }
        );
        assert_eq!(Route::of("/oauth2/token"), Route::NotFound);
        assert_eq!(Route::of("/"), Route::NotFound);
        assert_eq!(
            Route::of("/t/oauth2/v2.0/devicecode"),
            Route::DeviceCode {
                tenant: "t".into(),
                version: Version::V2
            }
        );
        assert_eq!(Route::of("/t/oauth2/v2.0/other"), Route::NotFound);
    }

    #[test]
    fn matches_discovery_and_power_bi_paths() {
        assert_eq!(
            Route::of("/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration"),
            Route::Discovery {
                tenant: "contoso.onmicrosoft.com".into(),
                version: Version::V2
            }
        );
        assert_eq!(
            Route::of("/organizations/.well-known/openid-configuration"),
            Route::Discovery {
                tenant: "organizations".into(),
                version: Version::V1
            }
        );
        assert_eq!(Route::of("/common/discovery/v2.0/keys"), Route::Keys);
        assert_eq!(Route::of("/v1.0/myorg/groups"), Route::PowerBiGroups);
        assert_eq!(Route::of("/v1.0/myorg/reports"), Route::NotFound);
    }
}
