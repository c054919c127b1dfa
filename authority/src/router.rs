//! Which handler answers which request: one table from path and method to
//! a handler in `routes/`. A new endpoint is a new row here and its handler
//! in the file of its group.

use crate::context::RequestContext;
use crate::http::{percent_decode, Request, Response};
use crate::routes::{
    self, authorize, device_code, discovery, embed, fabric, github, managed_identity, powerbi,
    token, Call, Handler,
};
use crate::state::State;

/// One path the authority serves.
struct Route {
    /// `/`-separated segments; `{name}` matches any one segment, which the
    /// handler gets percent-decoded as `call.param("name")`.
    path: &'static str,
    /// The handler for each method served on this path.
    methods: &'static [(&'static str, Handler)],
    /// The handler for any other method.
    other_methods: Handler,
    /// Whether requests to this path count towards `Authority::token_requests`.
    token_endpoint: bool,
}

impl Route {
    /// `path` served by `methods`, and `other_methods` for the rest.
    const fn by_method(
        path: &'static str,
        methods: &'static [(&'static str, Handler)],
        other_methods: Handler,
    ) -> Route {
        Route {
            path,
            methods,
            other_methods,
            token_endpoint: false,
        }
    }

    /// `path` served by `handler`, whatever the method.
    const fn any(path: &'static str, handler: Handler) -> Route {
        Route::by_method(path, &[], handler)
    }

    /// Counts requests to this path, whatever their method, as token requests.
    const fn counted(self) -> Route {
        Route {
            token_endpoint: true,
            ..self
        }
    }
}

/// Every endpoint, first match wins; anything else is answered [`routes::not_found`].
const ROUTES: &[Route] = &[
    Route::by_method(
        "/{tenant}/oauth2/token",
        &[("POST", token::v1)],
        routes::post_only,
    )
    .counted(),
    Route::by_method(
        "/{tenant}/oauth2/v2.0/token",
        &[("POST", token::v2)],
        routes::post_only,
    )
    .counted(),
    Route::any("/metadata/identity/oauth2/token", managed_identity::imds),
    Route::any("/msi/token", managed_identity::app_service),
    Route::any("/github/oidc/token", github::token),
    Route::by_method(
        "/{tenant}/oauth2/devicecode",
        &[("POST", device_code::start_v1)],
        routes::post_only,
    ),
    Route::by_method(
        "/{tenant}/oauth2/v2.0/devicecode",
        &[("POST", device_code::start_v2)],
        routes::post_only,
    ),
    Route::by_method(
        "/{tenant}/oauth2/authorize",
        &[("GET", authorize::start_v1), ("POST", authorize::submit)],
        routes::not_found,
    ),
    Route::by_method(
        "/{tenant}/oauth2/v2.0/authorize",
        &[("GET", authorize::start_v2), ("POST", authorize::submit)],
        routes::not_found,
    ),
    Route::by_method(
        "/{tenant}/v2.0/.well-known/openid-configuration",
        &[("GET", discovery::configuration_v2)],
        routes::not_found,
    ),
    Route::by_method(
        "/{tenant}/.well-known/openid-configuration",
        &[("GET", discovery::configuration_v1)],
        routes::not_found,
    ),
    Route::by_method(
        "/{tenant}/discovery/v2.0/keys",
        &[("GET", discovery::keys)],
        routes::not_found,
    ),
    Route::by_method(
        "/{tenant}/discovery/keys",
        &[("GET", discovery::keys)],
        routes::not_found,
    ),
    Route::by_method(
        "/v1.0/myorg/groups",
        &[("GET", powerbi::groups), ("POST", powerbi::create_group)],
        powerbi::method_not_allowed,
    ),
    Route::by_method(
        "/v1.0/myorg/groups/{group}",
        &[("DELETE", powerbi::delete_group)],
        powerbi::method_not_allowed,
    ),
    Route::by_method(
        "/v1.0/myorg/groups/{group}/reports",
        &[("GET", powerbi::reports)],
        powerbi::method_not_allowed,
    ),
    Route::by_method(
        "/v1.0/myorg/groups/{group}/reports/{report}",
        &[("GET", embed::report_lookup)],
        powerbi::method_not_allowed,
    ),
    Route::by_method(
        "/v1.0/myorg/groups/{group}/reports/{report}/Export",
        &[("GET", powerbi::export)],
        powerbi::method_not_allowed,
    ),
    Route::by_method(
        "/v1.0/myorg/groups/{group}/datasets",
        &[("GET", powerbi::datasets)],
        powerbi::method_not_allowed,
    ),
    Route::by_method(
        "/v1.0/myorg/groups/{group}/datasets/{dataset}/refreshes",
        &[("POST", powerbi::refresh)],
        powerbi::method_not_allowed,
    ),
    Route::by_method(
        "/v1.0/myorg/admin/groups",
        &[("GET", powerbi::admin_groups)],
        powerbi::method_not_allowed,
    ),
    Route::by_method(
        "/v1.0/myorg/admin/activityevents",
        &[("GET", powerbi::activity_events)],
        powerbi::method_not_allowed,
    ),
    Route::by_method(
        "/v1/workspaces",
        &[("GET", fabric::workspaces)],
        powerbi::method_not_allowed,
    ),
    Route::by_method(
        "/v1.0/myorg/groups/{group}/datasets/{dataset}",
        &[("GET", embed::get_dataset)],
        powerbi::method_not_allowed,
    ),
    Route::by_method(
        "/v1.0/myorg/GenerateToken",
        &[("POST", embed::generate_token)],
        powerbi::method_not_allowed,
    ),
    Route::by_method(
        "/reportEmbed",
        &[("GET", embed::report_page)],
        routes::not_found,
    ),
    Route::by_method(
        "/reportEmbed/accept",
        &[("GET", embed::accept)],
        routes::not_found,
    ),
];

/// The handler a request goes to, and what the route's path captured.
pub(crate) struct Matched {
    handler: Handler,
    params: Vec<(&'static str, String)>,
    /// Whether the request counts towards `Authority::token_requests`.
    pub token_endpoint: bool,
}

impl Matched {
    /// Runs the handler.
    pub fn answer(self, state: &State, req: &Request) -> Response {
        let call = Call {
            req,
            ctx: RequestContext::new(req, &state.base_url),
            params: self.params,
        };
        (self.handler)(state, &call)
    }
}

/// The handler for `method` on `path` (percent-encoded, without the query).
pub(crate) fn find(method: &str, path: &str) -> Matched {
    match lookup(path) {
        Some((route, params)) => Matched {
            handler: route
                .methods
                .iter()
                .find(|(m, _)| *m == method)
                .map_or(route.other_methods, |(_, h)| *h),
            params,
            token_endpoint: route.token_endpoint,
        },
        None => Matched {
            handler: routes::not_found,
            params: Vec::new(),
            token_endpoint: false,
        },
    }
}

/// The first row whose path matches, with what its placeholders captured.
fn lookup(path: &str) -> Option<(&'static Route, Vec<(&'static str, String)>)> {
    let segments = split(path);
    ROUTES
        .iter()
        .find_map(|route| capture(route.path, &segments).map(|params| (route, params)))
}

/// A path's segments, one leading and one trailing `/` ignored.
fn split(path: &str) -> Vec<&str> {
    let path = path.strip_prefix('/').unwrap_or(path);
    let path = path.strip_suffix('/').unwrap_or(path);
    path.split('/').collect()
}

/// The placeholders of `pattern` if `segments` match it.
fn capture(pattern: &'static str, segments: &[&str]) -> Option<Vec<(&'static str, String)>> {
    let wanted = split(pattern);
    if wanted.len() != segments.len() {
        return None;
    }
    let mut params = Vec::new();
    for (want, got) in wanted.into_iter().zip(segments) {
        match want.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
            Some(name) => params.push((name, percent_decode(got, false))),
            None if want == *got => {}
            None => return None,
        }
    }
    Some(params)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern, the captured tenant and whether it counts.
    fn of(path: &str) -> (&'static str, Option<String>, bool) {
        match lookup(path) {
            Some((route, params)) => {
                let tenant = params
                    .into_iter()
                    .find(|(n, _)| *n == "tenant")
                    .map(|(_, v)| v);
                (route.path, tenant, route.token_endpoint)
            }
            None => ("", None, false),
        }
    }

    #[test]
    fn matches_token_paths() {
        assert_eq!(
            of("/contoso.onmicrosoft.com/oauth2/v2.0/token"),
            (
                "/{tenant}/oauth2/v2.0/token",
                Some("contoso.onmicrosoft.com".into()),
                true
            )
        );
        assert_eq!(
            of("/your%20tenant/oauth2/token/"),
            ("/{tenant}/oauth2/token", Some("your tenant".into()), true)
        );
        assert_eq!(of("/oauth2/token"), ("", None, false));
        assert_eq!(of("/"), ("", None, false));
        assert_eq!(
            of("/t/oauth2/v2.0/devicecode"),
            ("/{tenant}/oauth2/v2.0/devicecode", Some("t".into()), false)
        );
        assert_eq!(of("/t/oauth2/v2.0/other"), ("", None, false));
        assert_eq!(
            of("/metadata/identity/oauth2/token"),
            ("/metadata/identity/oauth2/token", None, false)
        );
    }

    #[test]
    fn matches_discovery_and_power_bi_paths() {
        assert_eq!(
            of("/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration"),
            (
                "/{tenant}/v2.0/.well-known/openid-configuration",
                Some("contoso.onmicrosoft.com".into()),
                false
            )
        );
        assert_eq!(
            of("/organizations/.well-known/openid-configuration").1,
            Some("organizations".into())
        );
        assert_eq!(
            of("/common/discovery/v2.0/keys").0,
            "/{tenant}/discovery/v2.0/keys"
        );
        assert_eq!(of("/v1.0/myorg/groups").0, "/v1.0/myorg/groups");
        assert_eq!(of("/v1.0/myorg/reports").0, "");
        assert_eq!(
            of("/v1.0/myorg/groups/g/reports/r/Export").0,
            "/v1.0/myorg/groups/{group}/reports/{report}/Export"
        );
    }

    #[test]
    fn every_pattern_is_well_formed_and_reachable() {
        for (i, route) in ROUTES.iter().enumerate() {
            assert!(route.path.starts_with('/'), "{}", route.path);
            // A path made of the pattern itself reaches this row, not an earlier one.
            assert_eq!(of(route.path).0, route.path, "row {i}");
        }
    }
}
