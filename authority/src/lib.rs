//! `pbitoken-authority`: a local emulator of the Microsoft Entra ID (Azure AD)
//! token endpoints, speaking the real wire format on `127.0.0.1`, so that
//! `pbitoken` can be tested and demonstrated without Azure.
//!
//! ```no_run
//! use pbitoken_authority::{fixtures, Authority};
//!
//! let authority = Authority::start().unwrap();
//! let token_url = format!("{}/{}/oauth2/v2.0/token", authority.url(), fixtures::TENANT_ID);
//! // POST grant_type=client_credentials&client_id=SP_CLIENT_ID&client_secret=SP_SECRET
//! //      &scope=https://analysis.windows.net/powerbi/api/.default to token_url.
//! # let _ = token_url;
//! ```
//!
//! What it answers, and with which AADSTS codes, follows
//! `reference/azure-ad.md`.
//!
//! Layout, bottom up: `http` (the wire), `directory` and `fixtures` (who
//! exists), `state` (what the authority remembers between requests; it
//! knows no route), `routes/` (one file per group of endpoints, each a set
//! of handlers over the state), `router` (one table from path and method
//! to a handler), `server` (the listener, connections, faults, and the
//! [`Authority`] handle). A new endpoint is a handler in `routes/` and a row
//! in the router's table.

mod assertion;
mod context;
mod directory;
pub mod embed_fixtures;
mod errors;
mod faults;
pub mod fixtures;
mod http;
mod ids;
mod jwt;
mod recording;
mod router;
mod routes;
mod server;
mod state;
pub mod testcert;
mod tls;

pub use directory::{
    App, Directory, FederatedCredential, ManagedIdentity, PowerBiAccess, Tenant, User, UserState,
};
pub use faults::Fault;
pub use recording::RecordedRequest;
pub use routes::powerbi::export_bytes;
pub use server::Authority;
pub use state::SignIn;
