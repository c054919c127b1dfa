//! The pure building blocks of `pbitoken api`: where a request goes
//! ([`endpoint`]), what it carries ([`fields`]), how pages are followed and
//! merged ([`paginate`]), `--jq` ([`jq`]) and what an HTTP error says
//! ([`errors`]). None of them does I/O beyond reading `@FILE` fields.


pub mod endpoint;
pub mod fields;
pub mod paginate;
pub mod errors;
