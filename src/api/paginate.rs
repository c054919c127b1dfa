//! `--paginate`: finding the next page in a JSON page and merging the pages
//! into one document.
//!
//! Three shapes of paging meet in Power BI and Fabric:
//!
//! - OData lists: `@odata.nextLink`, a URL (or a reference relative to the
//!   page's URL) of the next page;
//! - activity events (`GET admin/activityevents`): `continuationUri`,
//!   `continuationToken` and `lastResultSet`; the next page is
//!   `activityevents?continuationToken='TOKEN'`, the token quoted and as
//!   sent (it comes percent-encoded), with no other parameter;
//! - Fabric lists: `continuationUri` and `continuationToken`; the next page
//!   is the same request with `continuationToken=TOKEN`.
//!
//! Paging stops at a page with none of these, or with `lastResultSet: true`.
//! When a page has both a `continuationUri` and a token, the URI is
//! followed, as SPEC says, and like every link it must be on the origin
//! the request went to: one that names another host (where the token must
//! not go) is refused, exit 2, never quietly replaced by the token.

use serde_json::{Map, Value};
use url::Url;

use crate::error::Error;

/// The fields that say where the next page is; none is in the merged document.
pub const PAGING_FIELDS: [&str; 4] = [
    "@odata.nextLink",
    "continuationUri",
    "continuationToken",
    "lastResultSet",
];

/// The arrays that hold a page's items, in the order they are looked for.
pub const ITEM_FIELDS: [&str; 2] = ["value", "activityEventEntities"];

/// How a page points at the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage {
    /// `@odata.nextLink` or `continuationUri`: a URL to follow.
    Link(String),
    /// `continuationToken`: to be put into the request's own URL.
    Token(String),
}

/// Parses a page's body. A page that is not JSON is an answer pbitoken
/// cannot page through (exit 4).
pub fn parse_page(body: &[u8]) -> Result<Value, Error> {
    serde_json::from_slice(super::strip_bom(body)).map_err(|e| {
        Error::unavailable(format!("--paginate: a page is not JSON ({e})"))
            .with_hint("drop --paginate to see the answer as it is")
    })
}

/// Where the page points next, if anywhere: `None` when it has no paging
/// field (or only empty ones) or says `lastResultSet: true`. An
/// `@odata.nextLink` comes first, then `continuationUri`, then
/// `continuationToken` (see the module doc).
pub fn next_page(page: &Value) -> Option<NextPage> {
    let obj = page.as_object()?;
    if obj.get("lastResultSet").and_then(Value::as_bool) == Some(true) {
        return None;
    }
    let text = |k: &str| {
        obj.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    text("@odata.nextLink")
        .or_else(|| text("continuationUri"))
        .map(NextPage::Link)
        .or_else(|| text("continuationToken").map(NextPage::Token))
}

/// The URL that fetches the page after `current` with `token`. For
/// activity events it is `...activityevents?continuationToken='TOKEN'`
/// alone; elsewhere (Fabric) the request's query with `continuationToken`
/// set. The token goes as sent (it arrives percent-encoded); only the bytes
/// that would end or break the query are encoded.
pub fn token_url(token: &str, current: &Url) -> Url {
    let mut next = current.clone();
    let token = encode_token(token);
    if is_activity_events(current) {
        next.set_query(Some(&format!("continuationToken='{token}'")));
        return next;
    }
    let mut query: Vec<String> = current
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let name = p.split('=').next().unwrap_or("");
            !name.eq_ignore_ascii_case("continuationToken")
        })
        .map(str::to_string)
        .collect();
    query.push(format!("continuationToken={token}"));
    next.set_query(Some(&query.join("&")));
    next
}

/// The next page's URL after `page`, fetched from `current`: the stop rule,
/// the choice of field, and the origin check of a link (another origin is
/// a usage error, exit 2: the token goes only to its API). A page that
/// points at itself is an error (exit 4) rather than an endless loop.
pub fn next_url(page: &Value, current: &Url) -> Result<Option<Url>, Error> {
    let next = match next_page(page) {
        None => return Ok(None),
        Some(NextPage::Link(link)) => super::endpoint::next_link(&link, current)?,
        Some(NextPage::Token(token)) => token_url(&token, current),
    };
    if &next == current {
        return Err(Error::unavailable(
            "--paginate: the page points at itself as the next page; stopping",
        ));
    }
    Ok(Some(next))
}

/// The pages of one `--paginate`, merged as they arrive: the first page's
/// object, its item array holding every page's items, without paging fields.
#[derive(Debug, Default)]
pub struct Pages {
    doc: Option<Map<String, Value>>,
    key: &'static str,
}

impl Pages {
    /// No page yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a page. The first must be an object with a `value` or
    /// `activityEventEntities` array; later pages add their items from the
    /// same field (a page without it adds none). Else exit 4.
    pub fn push(&mut self, page: Value) -> Result<(), Error> {
        let Value::Object(mut obj) = page else {
            return Err(not_a_list("a page is not a JSON object"));
        };
        match &mut self.doc {
            None => {
                let key = ITEM_FIELDS
                    .into_iter()
                    .find(|k| obj.get(*k).is_some_and(Value::is_array))
                    .ok_or_else(|| {
                        not_a_list("the first page has no 'value' or 'activityEventEntities' array")
                    })?;
                for f in PAGING_FIELDS {
                    obj.remove(f);
                }
                self.key = key;
                self.doc = Some(obj);
            }
            Some(doc) => {
                let items = match obj.remove(self.key) {
                    None | Some(Value::Null) => Vec::new(),
                    Some(Value::Array(items)) => items,
                    Some(_) => {
                        return Err(not_a_list(&format!(
                            "a page's '{}' is not an array",
                            self.key
                        )))
                    }
                };
                if let Some(Value::Array(all)) = doc.get_mut(self.key) {
                    all.extend(items);
                }
            }
        }
        Ok(())
    }

    /// The merged document (`null` if no page was pushed).
    pub fn finish(self) -> Value {
        self.doc.map(Value::Object).unwrap_or(Value::Null)
    }
}

fn not_a_list(what: &str) -> Error {
    Error::unavailable(format!("--paginate: {what}"))
        .with_hint("drop --paginate for an answer that is not a list")
}

fn is_activity_events(url: &Url) -> bool {
    url.path()
        .trim_end_matches('/')
        .to_ascii_lowercase()
        .ends_with("/activityevents")
}

/// Keeps the unreserved characters and existing `%XX` escapes; encodes the
/// rest (`&`, `#`, `+`, `'`, spaces, non-ASCII, a lone `%`).
fn encode_token(token: &str) -> String {
    let b = token.as_bytes();
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let escape = c == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit();
        if c.is_ascii_alphanumeric() || b"-._~".contains(&c) || escape {
            out.push(char::from(c));
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ExitCode;
    use serde_json::json;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn finds_each_kind_of_next_page() {
        assert_eq!(
            next_page(&json!({"value": [], "@odata.nextLink": "https://h/x?$skip=1"})),
            Some(NextPage::Link("https://h/x?$skip=1".into()))
        );
        assert_eq!(
            next_page(
                &json!({"value": [], "continuationUri": "https://h/y", "continuationToken": "T%3D"})
            ),
            Some(NextPage::Link("https://h/y".into()))
        );
        assert_eq!(
            next_page(&json!({"value": [], "continuationUri": "https://h/y"})),
            Some(NextPage::Link("https://h/y".into()))
        );
        assert_eq!(next_page(&json!({"value": [1]})), None);
        assert_eq!(
            next_page(&json!({"value": [], "continuationToken": null, "continuationUri": ""})),
            None
        );
        assert_eq!(
            next_page(
                &json!({"activityEventEntities": [], "continuationToken": "T", "lastResultSet": true})
            ),
            None
        );
        assert_eq!(
            next_page(
                &json!({"activityEventEntities": [], "continuationToken": "T", "lastResultSet": false})
            ),
            Some(NextPage::Token("T".into()))
        );
        assert_eq!(next_page(&json!([1, 2])), None);
    }

    #[test]
    fn activity_events_token_replaces_the_query_quoted() {
        let cur = url("https://api.powerbi.com/v1.0/myorg/admin/activityevents?startDateTime='2024-01-01T00:00:00'&endDateTime='2024-01-01T23:59:59'");
        assert_eq!(
            token_url("%2BRID%3A~abc%3D%3D%23RT%3A1", &cur).as_str(),
            "https://api.powerbi.com/v1.0/myorg/admin/activityevents?continuationToken=%27%2BRID%3A~abc%3D%3D%23RT%3A1%27"
        );
    }

    #[test]
    fn fabric_token_keeps_the_query() {
        let cur = url(
            "https://api.fabric.microsoft.com/v1/workspaces?type=Lakehouse&continuationToken=OLD",
        );
        assert_eq!(
            token_url("ABCsMTAwMDAwLDA%3D", &cur).as_str(),
            "https://api.fabric.microsoft.com/v1/workspaces?type=Lakehouse&continuationToken=ABCsMTAwMDAwLDA%3D"
        );
        // Bytes that would break the query are encoded; escapes are kept.
        assert_eq!(
            token_url("a+b&c=d#e f'%zz%4", &url("https://h/v1/items")).query(),
            Some("continuationToken=a%2Bb%26c%3Dd%23e%20f%27%25zz%254")
        );
    }

    #[test]
    fn next_url_checks_the_origin_of_links() {
        let cur = url("https://api.powerbi.com/v1.0/myorg/groups");
        assert_eq!(
            next_url(
                &json!({"@odata.nextLink": "https://api.powerbi.com/v1.0/myorg/groups?$skip=2"}),
                &cur
            )
            .unwrap()
            .unwrap()
            .as_str(),
            "https://api.powerbi.com/v1.0/myorg/groups?$skip=2"
        );
        let e = next_url(
            &json!({"@odata.nextLink": "https://evil.example/v1.0/myorg/groups"}),
            &cur,
        )
        .unwrap_err();
        assert_eq!(e.code, ExitCode::Usage);
        let e = next_url(
            &json!({"continuationUri": "http://api.powerbi.com/v1.0/myorg/groups"}),
            &cur,
        )
        .unwrap_err();
        assert_eq!(e.code, ExitCode::Usage);
        // A continuationUri on another origin is refused, even with a
        // token beside it: the token never leaves the request's origin.
        let e = next_url(
            &json!({"continuationUri": "https://wabi-region.example/v1.0/myorg/admin/activityevents?continuationToken='T'", "continuationToken": "T"}),
            &url("https://api.powerbi.com/v1.0/myorg/admin/activityevents?startDateTime='a'&endDateTime='b'"),
        )
        .unwrap_err();
        assert_eq!(e.code, ExitCode::Usage);
        assert_eq!(next_url(&json!({"value": []}), &cur).unwrap(), None);
        // A page that points at itself would loop for ever.
        let e = next_url(&json!({"@odata.nextLink": cur.as_str()}), &cur).unwrap_err();
        assert_eq!(e.code, ExitCode::Unavailable);
    }

    #[test]
    fn merges_pages_into_the_first() {
        let mut pages = Pages::new();
        pages
            .push(
                json!({"@odata.context": "ctx", "value": [1, 2], "@odata.nextLink": "https://h/2"}),
            )
            .unwrap();
        pages
            .push(
                json!({"@odata.context": "other", "value": [3], "@odata.nextLink": "https://h/3"}),
            )
            .unwrap();
        pages.push(json!({"value": []})).unwrap();
        pages.push(json!({"value": [4]})).unwrap();
        assert_eq!(
            pages.finish(),
            json!({"@odata.context": "ctx", "value": [1, 2, 3, 4]})
        );

        let mut pages = Pages::new();
        pages
            .push(json!({"activityEventEntities": [{"Id": "a"}], "continuationUri": "u", "continuationToken": "t", "lastResultSet": false}))
            .unwrap();
        pages
            .push(json!({"activityEventEntities": [], "lastResultSet": false}))
            .unwrap();
        pages.push(json!({"lastResultSet": true})).unwrap();
        pages
            .push(json!({"activityEventEntities": [{"Id": "b"}], "lastResultSet": true}))
            .unwrap();
        assert_eq!(
            pages.finish(),
            json!({"activityEventEntities": [{"Id": "a"}, {"Id": "b"}]})
        );

        assert_eq!(Pages::new().finish(), Value::Null);
    }

    #[test]
    fn pages_that_are_not_lists_are_refused() {
        assert_eq!(
            Pages::new().push(json!([1])).unwrap_err().code,
            ExitCode::Unavailable
        );
        assert_eq!(
            Pages::new().push(json!({"id": 1})).unwrap_err().code,
            ExitCode::Unavailable
        );
        let mut pages = Pages::new();
        pages.push(json!({"value": []})).unwrap();
        assert_eq!(
            pages.push(json!({"value": {}})).unwrap_err().code,
            ExitCode::Unavailable
        );
        assert_eq!(
            parse_page(b"\x00\xffPK").unwrap_err().code,
            ExitCode::Unavailable
        );
        assert_eq!(
            parse_page(br#"{"value":[]}"#).unwrap(),
            json!({"value": []})
        );
    }
}
