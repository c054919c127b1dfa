//! The pure building blocks of `pbitoken api`: where a request goes
//! ([`endpoint`]), what it carries ([`fields`]), how pages are followed and
//! merged ([`paginate`]), `--jq` ([`jq`]) and what an HTTP error says
//! ([`errors`]). None of them does I/O beyond reading `@FILE` fields;
//! [`run`] puts them together with the token and the Power BI client.

pub mod endpoint;
pub mod errors;
pub mod fields;
pub mod jq;
pub mod paginate;
pub mod run;

/// A body without its UTF-8 byte order mark, which some Power BI answers
/// start with and JSON parsers refuse.
pub fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body)
}
