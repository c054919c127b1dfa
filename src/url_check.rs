//! The shape checks for the URLs a profile holds: what they must be before
//! any request is made to them.

/// A URL must parse, be http(s), have a host and no `user:password@`;
/// whether plain http is allowed is the transport's call, made for every
/// request. Only a URL that parsed and holds no userinfo is quoted: a value
/// that is not a URL at all may be a secret pasted into the wrong key.
pub fn check_url(v: &str) -> Result<(), String> {
    let u = url::Url::parse(v).map_err(|e| {
        format!("is not a URL ({e}; expected https://host/...; the value is not shown)")
    })?;
    if crate::http::has_userinfo(&u) {
        return Err(
            "holds a user name or password (user:password@ before the host); credentials never go in a URL: remove them (the value is not shown)"
                .into(),
        );
    }
    match u.scheme() {
        "https" | "http" if u.host_str().is_none_or(str::is_empty) => {
            Err(format!("'{u}' has no host"))
        }
        "https" | "http" => Ok(()),
        other => Err(format!(
            "'{}': unsupported scheme '{other}' (use https)",
            u.as_str()
        )),
    }
}

/// A URL that paths are appended to (`authority_host`, `api_base`): as
/// [`check_url`], and without a query or fragment, which would swallow the
/// tenant and the endpoint's path and send the request somewhere else.
pub fn check_base_url(v: &str) -> Result<(), String> {
    check_url(v)?;
    match url::Url::parse(v) {
        Ok(u) if u.query().is_some() || u.fragment().is_some() => Err(format!(
            "'{}' has a query or fragment ('?' or '#'); give only scheme, host and path",
            crate::http::origin_and_path(&u)
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_for_shape() {
        assert!(check_url("https://login.microsoftonline.com").is_ok());
        assert!(check_url("ftp://x").is_err());
        assert!(check_url("not a url").is_err());
        assert!(check_base_url("https://login.microsoftonline.com/adfs").is_ok());
        for bad in [
            "https://login.microsoftonline.com?x",
            "https://h/p#",
            "https://h?",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
            assert!(check_url(bad).is_ok(), "{bad}");
        }
    }
}
