//! Step 5, `claims`: the token is for this profile. Decodes the JWT (no
//! signature check: pbitoken shows what a token says, the API judges it) and
//! compares `aud` with the resource, `tid` with the tenant and
//! `appid`/`azp` with the client.

use serde_json::Value;

use crate::cloud::Cloud;
use crate::jwt;
use crate::profile::Profile;
use crate::token::Token;

use super::Failure;
use crate::shape::is_guid;

/// The Power BI service's application id: some tokens carry it as `aud`
/// instead of the resource URI, and Power BI takes both.
const POWER_BI_APP_ID: &str = "00000009-0000-0000-c000-000000000000";

/// How the step ended.
pub(crate) enum Outcome {
    Pass(String),
    Skip(String),
    Fail(Failure),
}

/// Checks the token's claims; also returns them for the JSON report.
/// `discovered_tid` is the tenant GUID discovery found, used when the
/// profile names its tenant by domain.
pub(crate) fn check(
    token: &Token,
    profile: &Profile,
    discovered_tid: Option<&str>,
) -> (Outcome, Option<Value>) {
    let decoded =
        match jwt::decode(token.access_token.expose()) {
            Ok(d) => d,
            // Other OAuth servers may issue opaque tokens; Entra never does.
            Err(why) if profile.token_endpoint.is_some() => {
                return (Outcome::Skip(format!("nothing to compare: {why}")), None)
            }
            Err(why) => return (
                Outcome::Fail(Failure::new(
                    format!("the token cannot be decoded: {why}"),
                    "Entra ID access tokens are JWTs: check that authority_host points at Entra ID",
                )),
                None,
            ),
        };
    let outcome = compare(&decoded.claims, profile, discovered_tid);
    (outcome, Some(decoded.claims))
}

fn compare(claims: &Value, profile: &Profile, discovered_tid: Option<&str>) -> Outcome {
    let text = |k: &str| claims.get(k).and_then(Value::as_str);
    let mut problems: Vec<String> = Vec::new();
    let mut hints: Vec<String> = Vec::new();

    let aud = text("aud").unwrap_or("");
    if !audience_matches(aud, &profile.resource) {
        problems.push(format!(
            "aud is '{aud}', not the resource {}",
            profile.resource
        ));
        hints.push(format!(
            "the token is for another API: the scope (v2) must be <resource>/.default and the resource (v1) the Power BI resource of the cloud ({} for {}); check --resource, --scope and --cloud",
            profile.cloud.powerbi_resource(),
            profile.cloud
        ));
    }

    let tid = text("tid");
    let expected_tid = match profile.tenant.as_deref() {
        Some(t) if is_guid(t) => Some(t),
        _ => discovered_tid,
    };
    if let (Some(want), Some(got)) = (expected_tid, tid) {
        if !got.eq_ignore_ascii_case(want) {
            problems.push(format!("tid is {got}, not the tenant {want}"));
            hints.push(
                "the token comes from another tenant: check tenant and authority_host".to_owned(),
            );
        }
    }

    let app = text("appid").or_else(|| text("azp"));
    if let (Some(want), Some(got)) = (profile.client_id.as_deref(), app) {
        if !got.eq_ignore_ascii_case(want) {
            problems.push(format!("appid is {got}, not the client {want}"));
            hints.push("the token was issued to another application: check client_id".to_owned());
        }
    }

    if !problems.is_empty() {
        return Outcome::Fail(Failure {
            detail: problems.join("; "),
            hint: Some(hints.join("; ")),
        });
    }

    let mut parts = vec![format!("aud {aud}")];
    if let Some(t) = tid {
        parts.push(format!("tid {t}"));
    }
    if let Some(a) = app {
        parts.push(format!("appid {a}"));
    }
    if let Some(u) = text("upn").or_else(|| text("unique_name")) {
        parts.push(format!("upn {u}"));
    }
    let roles: Vec<&str> = claims
        .get("roles")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    parts.push(match (roles.is_empty(), text("scp")) {
        (false, _) => format!("roles {}", roles.join(" ")),
        (true, Some(scp)) => format!("scp {scp}"),
        (true, None) => "no roles or scp".to_owned(),
    });
    let mut detail = parts.join(", ");
    let time = |k: &str| claims.get(k).and_then(Value::as_i64).map(when);
    if let Some(iat) = time("iat") {
        detail.push_str(&format!("; issued {iat}"));
    }
    if let Some(exp) = time("exp") {
        detail.push_str(&format!("; expires {exp}"));
    }
    Outcome::Pass(detail)
}

/// `aud` names the resource: a trailing slash does not matter, and Power BI
/// resources may appear as the Power BI application id.
fn audience_matches(aud: &str, resource: &str) -> bool {
    let norm = |s: &str| s.trim_end_matches('/').to_ascii_lowercase();
    if norm(aud) == norm(resource) {
        return true;
    }
    aud.eq_ignore_ascii_case(POWER_BI_APP_ID)
        && Cloud::NAMES.iter().any(|c| {
            c.parse::<Cloud>()
                .is_ok_and(|c| norm(c.powerbi_resource()) == norm(resource))
        })
}

/// Unix seconds in local time and in UTC: the person reading compares with
/// their clock, the logs they send to support are in UTC.
fn when(secs: i64) -> String {
    let Ok(utc) = jiff::Timestamp::from_second(secs) else {
        return secs.to_string();
    };
    let local = utc.to_zoned(jiff::tz::TimeZone::system());
    format!(
        "{} ({} UTC)",
        local.strftime("%Y-%m-%d %H:%M:%S %:z"),
        utc.strftime("%H:%M:%S")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TENANT: &str = "0d9f4c1e-7a2b-4c3d-8e5f-a1b2c3d4e5f6";
    const CLIENT: &str = "3f2a9c4e-5b6d-4e7f-8a9b-0c1d2e3f4a01";
    const PBI: &str = "https://analysis.windows.net/powerbi/api";

    fn profile(tenant: &str) -> Profile {
        let config = crate::config::parse(&format!(
            "[profiles.t]\ntenant = \"{tenant}\"\nclient_id = \"{CLIENT}\"\n"
        ))
        .unwrap();
        let loaded = crate::config::LoadedConfig {
            path: "config.toml".into(),
            file: config,
        };
        crate::profile::resolve(Some(&loaded), Some("t"), &Default::default()).unwrap()
    }

    fn claims(aud: &str, tid: &str, appid: &str) -> Value {
        json!({"aud": aud, "tid": tid, "appid": appid, "roles": ["Tenant.Read.All"], "iat": 1700000000, "exp": 1700003599})
    }

    fn fail_detail(o: Outcome) -> (String, String) {
        match o {
            Outcome::Fail(f) => (f.detail, f.hint.unwrap()),
            _ => panic!("expected a failure"),
        }
    }

    #[test]
    fn matching_claims_pass_with_roles_and_times() {
        match compare(&claims(PBI, TENANT, CLIENT), &profile(TENANT), None) {
            Outcome::Pass(d) => {
                assert!(d.contains("roles Tenant.Read.All"), "{d}");
                assert!(d.contains("issued 20"), "{d}");
                assert!(d.contains(" UTC)"), "{d}");
            }
            _ => panic!("expected a pass"),
        }
        // A trailing slash and the Power BI app id are the same audience.
        let p = profile(TENANT);
        assert!(matches!(
            compare(&claims(&format!("{PBI}/"), TENANT, CLIENT), &p, None),
            Outcome::Pass(_)
        ));
        assert!(matches!(
            compare(&claims(POWER_BI_APP_ID, TENANT, CLIENT), &p, None),
            Outcome::Pass(_)
        ));
    }

    #[test]
    fn each_mismatch_is_named_with_its_hint() {
        let p = profile(TENANT);
        let (d, h) = fail_detail(compare(
            &claims("https://graph.microsoft.com", TENANT, CLIENT),
            &p,
            None,
        ));
        assert!(d.starts_with("aud is 'https://graph.microsoft.com'"), "{d}");
        assert!(h.contains("another API"), "{h}");
        let other = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
        let (d, h) = fail_detail(compare(&claims(PBI, other, CLIENT), &p, None));
        assert!(d.contains(&format!("tid is {other}")), "{d}");
        assert!(h.contains("another tenant"), "{h}");
        let (d, h) = fail_detail(compare(&claims(PBI, TENANT, other), &p, None));
        assert!(d.contains(&format!("appid is {other}")), "{d}");
        assert!(h.contains("client_id"), "{h}");
    }

    #[test]
    fn a_domain_tenant_is_compared_with_what_discovery_found() {
        let p = profile("contoso.onmicrosoft.com");
        let other = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
        assert!(matches!(
            compare(&claims(PBI, TENANT, CLIENT), &p, Some(TENANT)),
            Outcome::Pass(_)
        ));
        assert!(matches!(
            compare(&claims(PBI, TENANT, CLIENT), &p, Some(other)),
            Outcome::Fail(_)
        ));
        // Without discovery there is nothing to compare a domain with.
        assert!(matches!(
            compare(&claims(PBI, other, CLIENT), &p, None),
            Outcome::Pass(_)
        ));
    }
}
