//! The command line, and only that: clap's derive types. `app` turns them
//! into plain options; nothing below it sees clap.

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{ArgAction, Args, Parser, Subcommand};

use crate::cloud::Cloud;
use crate::output::Format;
use crate::profile::AuthMethod;

const AFTER_HELP: &str = "\
Examples:
  export PBI_TOKEN=$(pbitoken token)            # the default profile's token
  pbitoken token -p prod -o json                # token with expiry and metadata
  curl -H \"$(pbitoken token -o header)\" https://api.powerbi.com/v1.0/myorg/groups
  eval \"$(pbitoken token -o env)\"               # sets PBI_TOKEN

Exit codes: 0 ok, 1 check failed or internal error, 2 usage/config error,
3 the authority refused, 4 network or authority unavailable,
5 the authority wants an interaction this sign-in cannot give (MFA, consent).";

const CHECK_HELP: &str = "\
Steps, in order; a failed step skips the steps that need it:
  profile     the profile resolves; tenant, client id and URLs are well-formed
  credential  the secret or password source is there; a literal client_secret
              in a config file others can read fails
  tenant      the tenant exists (OIDC discovery at the authority)
  token       a token is issued (the cache is neither read nor written)
  claims      aud is the resource, tid the tenant, appid/azp the client
  api         with --api: GET {api_base}/v1.0/myorg/groups?$top=1

Examples:
  pbitoken check -p prod --api
  pbitoken check --json | jq '.steps[] | select(.status == \"fail\")'

Exit codes: 0 nothing failed, 1 a step failed (also when the profile cannot be
resolved: the report says why), 2 bad flags.";

/// Fetch Microsoft Entra ID access tokens for the Power BI REST API.
#[derive(Debug, Parser)]
#[command(name = "pbitoken", version, about, after_long_help = AFTER_HELP)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Options accepted before or after the subcommand.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir's pbitoken/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]
    #[arg(short = 'p', long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// More diagnostics on stderr (repeatable); secrets and tokens are always redacted
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,
    /// No warnings on stderr, errors only
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Seconds a request to the authority may take, retries included
    #[arg(long, global = true, value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy's [env: SSL_CERT_FILE]
    #[arg(long, global = true, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print an access token for the Power BI REST API
    #[command(after_long_help = AFTER_HELP)]
    Token(Box<TokenArgs>),
    /// Test an app registration step by step: profile, credential, tenant, token, claims, api
    #[command(after_long_help = CHECK_HELP)]
    Check(Box<CheckArgs>),
    /// Manage profiles and the config file
    #[command(subcommand)]
    Config(ConfigCommand),
    /// List or clear cached tokens
    #[command(subcommand)]
    Cache(CacheCommand),
}

/// `pbitoken cache ...`.
#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// List cached tokens: profile, what they are for, expiry (never a token)
    List,
    /// Remove cached tokens: those of --profile NAME (default: the chosen profile), or --all
    Clear {
        /// Remove every entry, of every profile
        #[arg(long)]
        all: bool,
    },
}

/// PROFILE FLAGS: override one field of the chosen profile for this call.
#[derive(Debug, Args, Default, Clone)]
pub struct ProfileFlags {
    /// Tenant GUID or verified domain (or `organizations` for user sign-in)
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,
    /// Application (client) id
    #[arg(long, value_name = "GUID")]
    pub client_id: Option<String>,
    /// How to sign in
    #[arg(long, value_name = "METHOD", value_parser = PossibleValuesParser::new(AuthMethod::NAMES))]
    pub auth: Option<String>,
    /// Username for the password grant
    #[arg(long, value_name = "UPN")]
    pub username: Option<String>,
    /// National cloud
    #[arg(long, value_name = "CLOUD", value_parser = PossibleValuesParser::new(Cloud::NAMES))]
    pub cloud: Option<String>,
    /// Resource URI the token is for (v1), also the base of the default scope
    #[arg(long, value_name = "URI")]
    pub resource: Option<String>,
    /// Scope (v2)
    #[arg(long, value_name = "SCOPE")]
    pub scope: Option<String>,
    /// Token endpoint version: v2 sends scope, v1 sends resource
    #[arg(long, value_name = "VERSION", value_parser = PossibleValuesParser::new(["v1", "v2"]))]
    pub endpoint: Option<String>,
    /// Authority host, e.g. https://login.microsoftonline.com
    #[arg(long, value_name = "URL")]
    pub authority_host: Option<String>,
}

/// `pbitoken token`.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Profile field overrides.
    #[command(flatten)]
    pub profile: ProfileFlags,
    /// Output format: token, json, header (Authorization: Bearer ...), env (export PBI_TOKEN=...), claims
    #[arg(short, long, value_name = "FORMAT", default_value = "token",
          value_parser = PossibleValuesParser::new(Format::NAMES))]
    pub output: String,
    /// Neither read nor write the token cache
    #[arg(long)]
    pub no_cache: bool,
    /// Ask the authority even if the cache holds a valid token
    #[arg(long)]
    pub force_refresh: bool,
    /// Reuse a cached token only if it has at least this many seconds left
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub min_validity: u64,
    /// Read the password (password grant) from the first line of stdin
    #[arg(long)]
    pub password_stdin: bool,
}

/// `pbitoken check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Profile field overrides.
    #[command(flatten)]
    pub profile: ProfileFlags,
    /// Also call the Power BI REST API with the token (GET /v1.0/myorg/groups?$top=1)
    #[arg(long)]
    pub api: bool,
    /// Print the report as one JSON document
    #[arg(long)]
    pub json: bool,
}

/// `pbitoken config ...`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the config file's path
    Path,
}
