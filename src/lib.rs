//! pbitoken: Microsoft Entra ID access tokens for the Power BI REST API.
//!
//! The data flows one way, a module a step: flags + env + config file
//! ([`config`], [`profile`]) -> one resolved [`profile::Profile`] -> a
//! [`credential::Credential`] for its auth method -> one token request
//! through the [`http`] transport ([`token`], [`aad`] for refusals), kept in
//! the [`cache`] -> one [`output`] formatter.
#![warn(missing_docs)]

pub mod aad;
pub mod acquire;
pub mod api;
pub mod app;
pub mod cache;
pub mod check;
pub mod cli;
pub mod cloud;
pub mod completions;
pub mod config;
pub mod config_cmd;
pub mod credential;
pub mod embed;
pub mod endpoint;
pub mod env;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod http;
pub mod jwt;
pub mod limited;
pub mod log;
pub mod method;
pub mod output;
pub mod powerbi;
pub mod private;
pub mod profile;
pub mod prompt;
pub mod secret;
pub mod serve;
pub mod shape;
pub mod time;
pub mod tls;
pub mod token;
pub mod url_check;
