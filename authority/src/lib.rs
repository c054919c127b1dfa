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

mod assertion;
mod context;
mod device_code;
mod directory;
mod discovery;
mod errors;
mod faults;
pub mod fixtures;
mod github;
mod http;
mod ids;
mod jwt;
mod managed_identity;
mod powerbi;
mod recording;
mod router;
mod server;
pub mod testcert;
mod tls;
mod token;

pub use directory::{
    App, Directory, FederatedCredential, ManagedIdentity, PowerBiAccess, Tenant, User, UserState,
};
pub use faults::Fault;
pub use recording::RecordedRequest;
pub use server::Authority;
