//! The shapes of the identifiers a profile holds. `pbitoken token` does not
//! insist on them (other OAuth servers have other ids); `check` and the
//! `config` commands do.

/// A GUID in its 8-4-4-4-12 hex form, with or without braces.
pub fn is_guid(s: &str) -> bool {
    let s = s
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(s);
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Something shaped like a domain name: two or more dot-separated labels of
/// letters, digits and inner hyphens, the last not all digits (an IP
/// address is not a tenant).
pub fn is_domain(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    s.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && !labels[labels.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

/// The tenant value for any work or school account; the token URL's
/// tenant when a profile names none.
pub const ORGANIZATIONS: &str = "organizations";

/// Tenant values that name no one tenant: any work or school tenant, any
/// tenant, personal accounts. Only a user can sign in with them.
pub const MULTI_TENANT: [&str; 3] = [ORGANIZATIONS, "common", "consumers"];

/// One of [`MULTI_TENANT`], in any case.
pub fn is_multi_tenant(s: &str) -> bool {
    MULTI_TENANT.iter().any(|t| t.eq_ignore_ascii_case(s))
}

/// A tenant as Entra ID names one: a GUID, a verified domain, or one of
/// [`MULTI_TENANT`].
pub fn is_tenant(s: &str) -> bool {
    is_multi_tenant(s) || is_guid(s) || is_domain(s)
}

/// `user@domain`.
pub fn is_upn(s: &str) -> bool {
    match s.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty() && !user.contains(char::is_whitespace) && is_domain(domain)
        }
        None => false,
    }
}

/// At most `max` characters of `s`, with `…` and the total length when cut:
/// a hostile or pasted value never makes a message long.
pub fn shorten(s: &str, max: usize) -> String {
    let count = s.chars().count();
    if count <= max {
        return s.to_owned();
    }
    let head: String = s.chars().take(max).collect();
    format!("{head}… ({count} characters)")
}

/// A list of names for a message: the first few, then how many more.
pub fn name_list<I, S>(names: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    const SHOWN: usize = 10;
    let names: Vec<S> = names.into_iter().collect();
    let mut out: Vec<String> = names
        .iter()
        .take(SHOWN)
        .map(|n| shorten(n.as_ref(), 64))
        .collect();
    if names.len() > SHOWN {
        out.push(format!("and {} more", names.len() - SHOWN));
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guid_shapes() {
        assert!(is_guid("0d9f4c1e-7a2b-4c3d-8e5f-a1b2c3d4e5f6"));
        assert!(is_guid("{0D9F4C1E-7A2B-4C3D-8E5F-A1B2C3D4E5F6}"));
        for bad in [
            "",
            "my-app",
            "0d9f4c1e-7a2b-4c3d-8e5f-a1b2c3d4e5f",
            "0d9f4c1e7a2b4c3d8e5fa1b2c3d4e5f6",
            "0d9f4c1e-7a2b-4c3d-8e5f-a1b2c3d4e5fg",
        ] {
            assert!(!is_guid(bad), "{bad}");
        }
    }

    #[test]
    fn domain_shapes() {
        assert!(is_domain("contoso.onmicrosoft.com"));
        assert!(is_domain("contoso.com"));
        for bad in [
            "contoso",
            "your tenant",
            "a..b",
            "-a.b",
            "a.b-",
            "<tenant>.com",
            "10.0.0.1",
        ] {
            assert!(!is_domain(bad), "{bad}");
        }
    }

    #[test]
    fn upn_shapes() {
        assert!(is_upn("alice@contoso.com"));
        for bad in ["alice", "@contoso.com", "a b@contoso.com", "alice@contoso"] {
            assert!(!is_upn(bad), "{bad}");
        }
    }
}
