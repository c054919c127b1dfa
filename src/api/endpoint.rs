//! Where `api` sends a request: ENDPOINT (relative path, absolute path or
//! full URL) plus the profile's `api_base` and `fabric_api_base` become one
//! URL and the API it belongs to. A token is attached only for those two
//! origins, so everything else is refused here, before any request (the
//! token request included).

use url::Url;

use crate::error::Error;
use crate::http::{has_userinfo, is_loopback};

/// Which API a URL belongs to, and so which token it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// `api_base`: a token for the profile's Power BI resource or scope.
    PowerBi,
    /// `fabric_api_base`: a token for `{fabric_api_base}/.default`.
    Fabric,
}

/// A resolved ENDPOINT: the URL to call and the API (and token) it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The full URL, query included.
    pub url: Url,
    /// The API whose token goes with it.
    pub api: Api,
}

/// Resolves ENDPOINT against the profile's bases.
///
/// - `groups` or `groups/ID/reports` is relative to `{api_base}/v1.0/myorg/`;
/// - `/v1.0/myorg/admin/groups?$top=100` is appended to `api_base`;
/// - `https://...` must have the origin (scheme, host, port) of `api_base`
///   or of `fabric_api_base`.
///
/// Refused with a usage error (exit 2): another origin, a user name or
/// password in the URL, plain http to a host that is not loopback, a
/// fragment, control characters, and paths with `.`/`..` segments, encoded
/// dots or slashes, or backslashes. Messages show at most the origin and
/// path, never the query (which may hold a secret).
pub fn resolve(
    endpoint: &str,
    api_base: &str,
    fabric_api_base: Option<&str>,
) -> Result<Target, Error> {
    if endpoint.is_empty() {
        return Err(Error::usage("ENDPOINT is empty").with_hint(EXAMPLES));
    }
    if endpoint.chars().any(char::is_control) {
        return Err(
            Error::usage("ENDPOINT has a control character (a line break or tab?)")
                .with_hint(EXAMPLES),
        );
    }
    if endpoint.contains('#') {
        return Err(Error::usage(
            "ENDPOINT has a fragment ('#'), which is never sent; remove it",
        ));
    }
    let pbi = parse_base(api_base, "api_base")?;
    let fabric = fabric_api_base
        .map(|b| parse_base(b, "fabric_api_base"))
        .transpose()?;

    let url = if let Some(path) = endpoint.strip_prefix('/') {
        if path.starts_with('/') {
            return Err(Error::usage(
                "ENDPOINT starts with '//'; give a path with one leading '/' or a full https:// URL",
            ));
        }
        check_path(endpoint)?;
        join(&pbi, endpoint)?
    } else if has_scheme(endpoint) {
        let url = Url::parse(endpoint).map_err(|e| {
            Error::usage(format!("ENDPOINT is not a valid URL ({e})")).with_hint(EXAMPLES)
        })?;
        if has_userinfo(&url) {
            return Err(Error::usage(format!(
                "refusing a URL with a user name or password in it ({}://****@{}): credentials never go in a URL",
                url.scheme(),
                url.host_str().unwrap_or("")
            )));
        }
        check_path(url_path_as_given(endpoint))?;
        url
    } else {
        check_path(endpoint)?;
        join(&pbi, &format!("/v1.0/myorg/{endpoint}"))?
    };
    let api = classify(&url, &pbi, fabric.as_ref())?;
    Ok(Target { url, api })
}

/// The URL of the next page from a link a page gave (`@odata.nextLink`,
/// `continuationUri`), resolved against the page's own URL. The link must
/// keep the page's origin: the token goes with it. Another origin, a user
/// name or password, or a path that escapes with `..` is a usage error
/// (exit 2).
pub fn next_link(link: &str, current: &Url) -> Result<Url, Error> {
    if link.chars().any(char::is_control) {
        return Err(Error::usage(
            "the page's next link has a control character; refusing to follow it",
        ));
    }
    let next = current
        .join(link)
        .map_err(|e| Error::usage(format!("the page's next link is not a valid URL ({e})")))?;
    if has_userinfo(&next) {
        return Err(Error::usage(
            "the page's next link has a user name or password in it; refusing to follow it",
        ));
    }
    if !same_origin(&next, current) {
        return Err(Error::usage(format!(
            "the page's next link goes to {}, not to {}: the token goes only to its API's origin, so paging stops here",
            show_origin(&next),
            show_origin(current)
        )));
    }
    check_path(url_path_as_given(link))?;
    Ok(next)
}

/// Whether two URLs share scheme, host and port (default ports filled in,
/// hosts compared as the URL parser normalised them, so case-insensitively).
pub fn same_origin(a: &Url, b: &Url) -> bool {
    let (oa, ob) = (a.origin(), b.origin());
    oa.is_tuple() && oa == ob
}

/// `scheme://host:port` for messages.
pub fn show_origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

const EXAMPLES: &str = "give a path such as 'groups', '/v1.0/myorg/admin/groups?$top=100', or a full https:// URL on the profile's api_base or fabric_api_base";

fn parse_base(base: &str, key: &str) -> Result<Url, Error> {
    let url =
        Url::parse(base).map_err(|e| Error::usage(format!("{key} is not a valid URL ({e})")))?;
    if has_userinfo(&url) || url.query().is_some() || url.fragment().is_some() {
        return Err(Error::usage(format!(
            "{key} must be scheme, host and path only (no user name, password, query or fragment)"
        )));
    }
    check_scheme(&url)?;
    Ok(url)
}

/// Plain http only to loopback: elsewhere the token would travel in clear.
fn check_scheme(url: &Url) -> Result<(), Error> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(Error::usage(format!(
            "refusing plain http to {}: tokens travel only over https (http is allowed for loopback only)",
            url.host_str().unwrap_or("")
        ))
        .with_hint("use an https:// URL")),
        other => Err(Error::usage(format!("unsupported scheme '{other}' (use https)")).with_hint(EXAMPLES)),
    }
}

/// `base` with its trailing '/' dropped, then `path` (which starts with '/').
fn join(base: &Url, path: &str) -> Result<Url, Error> {
    let mut s = base.as_str().trim_end_matches('/').to_string();
    s.push_str(path);
    Url::parse(&s).map_err(|e| {
        Error::usage(format!("ENDPOINT does not make a valid URL ({e})")).with_hint(EXAMPLES)
    })
}

/// A scheme as RFC 3986 spells it (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`)
/// before any '/', '?' or '#'. `groups/x:y` and `groups?$filter=a:b` are paths.
fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s[..colon];
    let mut chars = scheme.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The path of a URL as the user typed it, before the parser resolved any
/// dot segments: what follows `scheme://authority` (or `//authority`), or
/// the whole of a relative reference. The query is cut by [`check_path`].
fn url_path_as_given(s: &str) -> &str {
    let rest = if has_scheme(s) {
        match s.find("://") {
            Some(i) => &s[i + 3..],
            None => return "",
        }
    } else if let Some(rest) = s.strip_prefix("//") {
        rest
    } else {
        return s;
    };
    rest.find('/').map_or("", |i| &rest[i..])
}

/// Refuses a path that could leave the API's prefix once a parser or a
/// server decodes and normalises it: `.` and `..` segments (also spelt
/// `%2e`), encoded slashes and backslashes, and backslashes (which URL
/// parsers read as '/').
fn check_path(s: &str) -> Result<(), Error> {
    let path = s.split('?').next().unwrap_or("");
    if path.contains('\\') {
        return Err(Error::usage("ENDPOINT's path has a backslash; use '/'"));
    }
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Err(Error::usage(
            "ENDPOINT's path has an encoded slash (%2F or %5C); refusing it",
        ));
    }
    for segment in lower.split('/') {
        let decoded = segment.replace("%2e", ".");
        if decoded == "." || decoded == ".." {
            return Err(Error::usage(
                "ENDPOINT's path has a '.' or '..' segment (perhaps percent-encoded); give the path without it",
            ));
        }
    }
    Ok(())
}

/// Which base a URL is on. When both bases share an origin (a local test
/// server), the longer base path that prefixes the URL's path wins, and on
/// a tie `/v1.0/` is Power BI's and anything else Fabric's.
fn classify(url: &Url, pbi: &Url, fabric: Option<&Url>) -> Result<Api, Error> {
    check_scheme(url)?;
    let on_pbi = same_origin(url, pbi);
    let on_fabric = fabric.is_some_and(|f| same_origin(url, f));
    match (on_pbi, on_fabric, fabric) {
        (true, false, _) => Ok(Api::PowerBi),
        (false, true, _) => Ok(Api::Fabric),
        (true, true, Some(fabric)) => {
            let p = prefix_len(url, pbi);
            let f = prefix_len(url, fabric);
            Ok(match p.cmp(&f) {
                std::cmp::Ordering::Greater => Api::PowerBi,
                std::cmp::Ordering::Less => Api::Fabric,
                std::cmp::Ordering::Equal => {
                    let rest = &url.path()[p.unwrap_or(0)..];
                    if rest.starts_with("/v1.0/") || p.is_none() {
                        Api::PowerBi
                    } else {
                        Api::Fabric
                    }
                }
            })
        }
        _ => Err(Error::usage(format!(
            "refusing to send a token to {}: it goes only to api_base ({}){}",
            show_origin(url),
            show_origin(pbi),
            match fabric {
                Some(f) => format!(" or fabric_api_base ({})", show_origin(f)),
                None => String::new(),
            }
        ))
        .with_hint("call a path on api_base, or set fabric_api_base for the Fabric API")),
    }
}

/// The length of `base`'s path (without a trailing '/') when it is a
/// whole-segment prefix of `url`'s path.
fn prefix_len(url: &Url, base: &Url) -> Option<usize> {
    let b = base.path().trim_end_matches('/');
    let p = url.path();
    (p.starts_with(b) && (p.len() == b.len() || p[b.len()..].starts_with('/'))).then_some(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ExitCode;

    const PBI: &str = "https://api.powerbi.com";
    const FAB: &str = "https://api.fabric.microsoft.com";

    fn ok(ep: &str) -> (String, Api) {
        let t = resolve(ep, PBI, Some(FAB)).unwrap_or_else(|e| panic!("{ep}: {e}"));
        (t.url.to_string(), t.api)
    }

    fn refused(ep: &str) -> String {
        let e = resolve(ep, PBI, Some(FAB)).expect_err(ep);
        assert_eq!(e.code, ExitCode::Usage, "{ep}");
        e.message
    }

    #[test]
    fn relative_absolute_and_full_urls() {
        assert_eq!(
            ok("groups"),
            (
                "https://api.powerbi.com/v1.0/myorg/groups".into(),
                Api::PowerBi
            )
        );
        assert_eq!(
            ok("groups/G1/reports?$top=5").0,
            "https://api.powerbi.com/v1.0/myorg/groups/G1/reports?$top=5"
        );
        assert_eq!(
            ok("/v1.0/myorg/admin/groups?$top=100").0,
            "https://api.powerbi.com/v1.0/myorg/admin/groups?$top=100"
        );
        assert_eq!(
            ok("https://API.PowerBI.com:443/v1.0/myorg/groups"),
            (
                "https://api.powerbi.com/v1.0/myorg/groups".into(),
                Api::PowerBi
            )
        );
        assert_eq!(
            ok("https://api.fabric.microsoft.com/v1/workspaces"),
            (
                "https://api.fabric.microsoft.com/v1/workspaces".into(),
                Api::Fabric
            )
        );
        // A path with ':' in it is not a scheme.
        assert_eq!(
            ok("groups/a:b").0,
            "https://api.powerbi.com/v1.0/myorg/groups/a:b"
        );
        assert_eq!(
            ok("groups?$filter=name eq 'a:b'").0,
            "https://api.powerbi.com/v1.0/myorg/groups?$filter=name%20eq%20%27a:b%27"
        );
    }

    #[test]
    fn base_with_a_path_and_a_loopback_http_base() {
        let t = resolve("groups", "http://127.0.0.1:8080/pbi/", None).unwrap();
        assert_eq!(
            t.url.as_str(),
            "http://127.0.0.1:8080/pbi/v1.0/myorg/groups"
        );
        let t = resolve("/v1.0/myorg/groups", "http://127.0.0.1:8080/pbi", None).unwrap();
        assert_eq!(
            t.url.as_str(),
            "http://127.0.0.1:8080/pbi/v1.0/myorg/groups"
        );
        assert_eq!(t.api, Api::PowerBi);
    }

    #[test]
    fn one_local_server_for_both_apis() {
        let base = "http://127.0.0.1:9000";
        let r = |ep| resolve(ep, base, Some(base)).unwrap().api;
        assert_eq!(r("groups"), Api::PowerBi);
        assert_eq!(r("/v1.0/myorg/groups"), Api::PowerBi);
        assert_eq!(r("http://127.0.0.1:9000/v1/workspaces"), Api::Fabric);
        // localhost is not 127.0.0.1: another origin.
        assert!(resolve("http://localhost:9000/v1/workspaces", base, Some(base)).is_err());
        let r2 = |ep| {
            resolve(ep, base, Some("http://127.0.0.1:9000/fabric"))
                .unwrap()
                .api
        };
        assert_eq!(
            r2("http://127.0.0.1:9000/fabric/v1/workspaces"),
            Api::Fabric
        );
        assert_eq!(r2("http://127.0.0.1:9000/v1.0/myorg/groups"), Api::PowerBi);
    }

    #[test]
    fn other_origins_are_refused() {
        for ep in [
            "https://evil.example/v1.0/myorg/groups",
            "https://api.powerbi.com.evil.example/x",
            "https://api.powerbi.com:8443/v1.0/myorg/groups",
            "http://api.powerbi.com/v1.0/myorg/groups",
            "https://api.fabric.microsoft.com:444/v1/workspaces",
            "ftp://api.powerbi.com/x",
            "localhost:8080/x",
            "mailto:a@b",
        ] {
            let m = refused(ep);
            assert!(!m.contains("/x?"), "{m}");
        }
        // No fabric_api_base: Fabric URLs are another origin.
        assert!(resolve("https://api.fabric.microsoft.com/v1/workspaces", PBI, None).is_err());
    }

    #[test]
    fn userinfo_is_refused_without_echoing_it() {
        let m = refused("https://user:s3cret@api.powerbi.com/v1.0/myorg/groups");
        assert!(!m.contains("s3cret") && !m.contains("user:"), "{m}");
        let m = refused("https://eyJtoken@api.powerbi.com/v1.0/myorg/groups");
        assert!(!m.contains("eyJtoken"), "{m}");
    }

    #[test]
    fn refusals_never_show_the_query() {
        let m = refused("https://evil.example/p?sig=SECRETSIG");
        assert!(!m.contains("SECRETSIG"), "{m}");
        assert!(m.contains("https://evil.example"), "{m}");
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(resolve("groups", "http://127.0.0.1:1/", None).is_ok());
        assert!(resolve("groups", "http://[::1]:1/", None).is_ok());
        let e = resolve("groups", "http://powerbi.internal/", None).unwrap_err();
        assert_eq!(e.code, ExitCode::Usage);
        assert!(e.message.contains("plain http"), "{}", e.message);
    }

    #[test]
    fn escapes_are_refused() {
        for ep in [
            "../admin/groups",
            "groups/../../v2",
            "groups/%2e%2e/admin",
            "groups/.%2E/admin",
            "groups/%2E./x",
            "./groups",
            "groups/%2fadmin",
            "groups/%5C..",
            "groups\\..\\admin",
            "/v1.0/myorg/../../x",
            "//evil.example/x",
            "https://api.powerbi.com/v1.0/myorg/../../x",
            "https://api.powerbi.com/v1.0/%2e%2e/x",
            "groups#frag",
            "groups\n.evil",
            "",
        ] {
            refused(ep);
        }
        // Dots inside a segment and in the query are fine.
        assert!(ok("groups/a..b/x?$filter=x eq '../'").0.contains("a..b"));
    }

    #[test]
    fn bad_bases_are_usage_errors() {
        assert!(resolve("groups", "not a url", None).is_err());
        assert!(resolve("groups", "https://u:p@h/", None).is_err());
        assert!(resolve("groups", PBI, Some("http://fabric.example")).is_err());
    }

    #[test]
    fn next_links_stay_on_the_origin() {
        let cur = Url::parse("https://api.powerbi.com/v1.0/myorg/admin/groups?$top=100").unwrap();
        assert_eq!(
            next_link(
                "https://API.powerbi.com:443/v1.0/myorg/admin/groups?$skip=100",
                &cur
            )
            .unwrap()
            .as_str(),
            "https://api.powerbi.com/v1.0/myorg/admin/groups?$skip=100"
        );
        assert_eq!(
            next_link("/v1.0/myorg/admin/groups?$skip=5", &cur)
                .unwrap()
                .as_str(),
            "https://api.powerbi.com/v1.0/myorg/admin/groups?$skip=5"
        );
        for bad in [
            "https://evil.example/v1.0/myorg/admin/groups",
            "http://api.powerbi.com/v1.0/myorg/admin/groups",
            "//evil.example/x",
            "https://a:b@api.powerbi.com/x",
            "https://api.powerbi.com/v1.0/myorg/%2e%2e/x",
            "https://api.powerbi.com:8443/x",
        ] {
            let e = next_link(bad, &cur).expect_err(bad);
            assert_eq!(e.code, ExitCode::Usage);
            assert!(!e.message.contains("a:b"));
        }
    }
}
