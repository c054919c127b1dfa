//! The command line, and only that: clap's derive types. `app` turns them
//! into plain options; nothing below it sees clap.

use std::path::PathBuf;

use clap::builder::{
    NonEmptyStringValueParser, PossibleValue, PossibleValuesParser, TypedValueParser,
};
use clap::{ArgAction, Args, Parser, Subcommand};

use crate::cloud::Cloud;
use crate::config::edit::KEYS;
use crate::endpoint::Endpoint;
use crate::method::AuthMethod;
use crate::output::Format;

const AFTER_HELP: &str = "\
Examples:
  export PBI_TOKEN=$(pbitoken token)            # the default profile's token
  pbitoken token -p prod -o json                # token with expiry and metadata
  pbitoken token -o header | curl -H @- https://api.powerbi.com/v1.0/myorg/groups
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
const API_HELP: &str = "\
ENDPOINT is a path relative to {api_base}/v1.0/myorg/ (groups), an absolute
path (/v1.0/myorg/admin/groups?$top=100) or a full https:// URL. The token
goes only to the profile's api_base (a Power BI token) or fabric_api_base (a
token for {fabric_api_base}/.default, cached separately); any other host is
refused before any request. Tokens come from the cache like `pbitoken token`.

The body is printed as it came (binary exports intact), pretty JSON on a
terminal. An HTTP error still prints the body on stdout, and says on stderr
what went wrong, a hint and the request id. 429 is retried after Retry-After
for any method; 5xx and connection failures only for GET, HEAD, PUT, DELETE.

Examples:
  pbitoken api groups --jq '.value[] | [.id, .name] | @tsv'
  pbitoken api groups/WORKSPACE/reports --jq '.value[].name'
  pbitoken api groups/WORKSPACE/reports/REPORT/Export --output-file report.pbix
  pbitoken api groups/WORKSPACE/datasets/DATASET/refreshes -X POST
  pbitoken api '/v1.0/myorg/admin/groups?$top=5000' --paginate
  pbitoken api groups -f name='Sales 2025'          # POST {\"name\": ...}
  pbitoken api https://api.fabric.microsoft.com/v1/workspaces --paginate

Exit codes: 0 ok, 1 another 4xx (or --jq failed), 2 usage error or a refused
host, 3 401/403 (or the authority refused), 4 429 or 5xx after retries, or
the network.";

const CONFIG_HELP: &str = "\
The config file holds named profiles ([profiles.NAME] tables); see
`pbitoken config path` for where it is. Every write keeps the rest of the
file (comments, order) as it was and leaves the file with mode 0600.

Examples:
  pbitoken config init -p prod --tenant contoso.onmicrosoft.com \\
      --client-id 11111111-2222-3333-4444-555555555555 --client-secret-env PBI_PROD_SECRET
  pbitoken config list
  pbitoken config show prod
  pbitoken config set prod cloud usgov
  pbitoken config use prod";

const CONFIG_INIT_HELP: &str = "\
Creates the profile named by -p (default `default`) from the flags. On a
terminal it asks for whatever the flags did not give: auth method, tenant,
client id, where the client secret comes from (an env var is recommended;
a secret typed here is stored in the file), the username for password
sign-in. Without a terminal, missing required fields are an error (exit 2)
that names the flags. An existing profile is replaced only with --force.
When the file has no default_profile, the new profile becomes the default.

Examples:
  pbitoken config init                                  # asks for everything
  pbitoken config init -p prod --tenant contoso.onmicrosoft.com \\
      --client-id 11111111-2222-3333-4444-555555555555 --client-secret-env PBI_PROD_SECRET
  pbitoken config init -p me --auth password --tenant contoso.onmicrosoft.com \\
      --client-id 11111111-2222-3333-4444-555555555555 --username alice@contoso.com";

const CONFIG_LIST_HELP: &str = "\
Examples:
  pbitoken config list
  pbitoken --config ./ci.toml config list";

const CONFIG_SHOW_HELP: &str = "\
Prints one line per key: `key = value  (source)`, where the source is flag,
env VAR, profile or default. Secrets show as ****.

Examples:
  pbitoken config show                     # the profile `token` would use
  pbitoken config show prod --cloud usgov  # with an override, shown as (flag)";

const CONFIG_SET_HELP: &str = "\
Keys: tenant, client_id, auth, client_secret, client_secret_env,
client_secret_file, username, password_env, certificate_file,
federated_token_file, cloud, endpoint, resource, scope, authority_host,
token_endpoint, api_base, fabric_api_base, imds_endpoint, redirect_port. Setting one
of client_secret, client_secret_env, client_secret_file removes the other two.

Examples:
  pbitoken config set prod tenant 0d9f4c1e-7a2b-4c3d-8e5f-a1b2c3d4e5f6
  pbitoken config set prod client_secret_env PBI_PROD_SECRET
  pbitoken config set prod client_secret -        # reads the secret from stdin, or asks without echo";

const CONFIG_UNSET_HELP: &str = "\
Examples:
  pbitoken config unset prod cloud
  pbitoken config unset me username   # ask for it (or use AZURE_USERNAME) instead";

const CONFIG_REMOVE_HELP: &str = "\
Removing the default profile also removes default_profile.

Examples:
  pbitoken config remove old-test";

const CONFIG_USE_HELP: &str = "\
Examples:
  pbitoken config use prod
  pbitoken token               # now uses prod";

const CONFIG_PATH_HELP: &str = "\
--config and PBITOKEN_CONFIG name another file.

Examples:
  pbitoken config path
  $EDITOR \"$(pbitoken config path)\"";

const EMBED_HELP: &str = "\
Looks up each report (dataset, embed URL) in the workspace, then asks Power
BI's GenerateToken for one token that opens them all. The workspace must be
on a Premium, Embedded or Fabric capacity, and the principal a member of it.
Embed tokens are cached like access tokens.

Examples:
  pbitoken embed --workspace WS_ID --report REPORT_ID
  pbitoken embed --workspace WS_ID --report REPORT_ID -o config    # for powerbi.embed()
  pbitoken embed --workspace WS_ID --report REPORT_ID --identity alice@contoso.com:Region";

const SERVE_HELP: &str = "\
Endpoints: GET /embed?report=ID answers what `embed -o config` prints, for
a report of --workspace (that --report allows); GET /token the access token
(only with --access-token); GET /healthz {\"ok\": true}. Pages of an
--allow-origin get CORS headers; other origins get 403. On loopback a
foreign Host header gets 421 (DNS rebinding). Errors are JSON
{\"error\", \"hint\"}: 502 when the authority or Power BI refused, 504 on a
timeout. SIGINT/SIGTERM finish the requests in flight and exit 0.

Examples:
  pbitoken serve --workspace WS_ID --report REPORT_ID --allow-origin http://localhost:3000
  pbitoken serve --listen 127.0.0.1:0 --access-token     # a sidecar's token endpoint";

const CACHE_HELP: &str = "\
Examples:
  pbitoken cache list
  pbitoken cache clear -p prod
  pbitoken cache clear --all";

const CACHE_LIST_HELP: &str = "\
Examples:
  pbitoken cache list";

const CACHE_CLEAR_HELP: &str = "\
Examples:
  pbitoken cache clear             # the chosen profile's tokens
  pbitoken cache clear -p prod
  pbitoken cache clear --all";

const COMPLETIONS_HELP: &str = "\
Profile names complete from the config file in bash, zsh and fish.

Examples:
  pbitoken completions bash > ~/.local/share/bash-completion/completions/pbitoken
  pbitoken completions zsh > \"${fpath[1]}/_pbitoken\"
  pbitoken completions fish > ~/.config/fish/completions/pbitoken.fish
  pbitoken completions powershell >> $PROFILE
  pbitoken completions elvish >> ~/.config/elvish/rc.elv";

const ROOT_HELP: &str = "\
Examples:
  pbitoken config init -p prod                  # create a profile (asks on a terminal)
  export PBI_TOKEN=$(pbitoken token)            # the default profile's token
  pbitoken token -p prod -o json                # token with expiry and metadata
  pbitoken token -o header | curl -H @- https://api.powerbi.com/v1.0/myorg/groups
  pbitoken config show                          # which settings apply, and why
  pbitoken completions bash > ~/.local/share/bash-completion/completions/pbitoken

Exit codes: 0 ok, 1 check failed or internal error, 2 usage/config error,
3 the authority refused, 4 network or authority unavailable,
5 the authority wants an interaction this sign-in cannot give (MFA, consent).";

/// Fetch Microsoft Entra ID access tokens for the Power BI REST API.
#[derive(Debug, Parser)]
#[command(name = "pbitoken", version, about, after_long_help = ROOT_HELP)]
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
    /// Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment];
    /// for `config init`, the profile to create [default: default]
    #[arg(short = 'p', long, global = true, value_parser = non_empty(), value_name = "NAME")]
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
    /// Call the Power BI (or Fabric) REST API with the token attached
    #[command(after_long_help = API_HELP)]
    Api(Box<ApiArgs>),
    /// Manage profiles and the config file
    #[command(subcommand, after_long_help = CONFIG_HELP)]
    Config(ConfigCommand),
    /// List or clear cached tokens
    #[command(subcommand, after_long_help = CACHE_HELP)]
    Cache(CacheCommand),
    /// Print an embed token for reports (app owns data), for powerbi-client
    #[command(after_long_help = EMBED_HELP)]
    Embed(Box<EmbedArgs>),
    /// Serve embed (and access) tokens over local HTTP to a web page or a sidecar
    #[command(after_long_help = SERVE_HELP)]
    Serve(Box<ServeArgs>),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    #[command(after_long_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell
        #[arg(value_name = "SHELL", value_enum)]
        shell: clap_complete::Shell,
    },
}

/// `pbitoken cache ...`.
#[derive(Debug, Subcommand)]
pub enum CacheCommand {
    /// List cached tokens: profile, what they are for, expiry (never a token)
    #[command(after_long_help = CACHE_LIST_HELP)]
    List,
    /// Remove cached tokens: those of --profile NAME (default: the chosen profile), or --all
    #[command(after_long_help = CACHE_CLEAR_HELP)]
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
    #[arg(long, value_parser = non_empty(), value_name = "TENANT")]
    pub tenant: Option<String>,
    /// Application (client) id
    #[arg(long, value_parser = non_empty(), value_name = "GUID")]
    pub client_id: Option<String>,
    /// How to sign in
    #[arg(long, value_name = "METHOD", value_parser = PossibleValuesParser::new(AuthMethod::NAMES))]
    pub auth: Option<String>,
    /// Username for the password grant
    #[arg(long, value_parser = non_empty(), value_name = "UPN")]
    pub username: Option<String>,
    /// National cloud
    #[arg(long, value_name = "CLOUD", value_parser = PossibleValuesParser::new(Cloud::NAMES))]
    pub cloud: Option<String>,
    /// Resource URI the token is for (v1), also the base of the default scope
    #[arg(long, value_parser = non_empty(), value_name = "URI")]
    pub resource: Option<String>,
    /// Scope (v2)
    #[arg(long, value_parser = non_empty(), value_name = "SCOPE")]
    pub scope: Option<String>,
    /// Token endpoint version: v2 sends scope, v1 sends resource
    #[arg(long, value_name = "VERSION", value_parser = PossibleValuesParser::new(Endpoint::NAMES))]
    pub endpoint: Option<String>,
    /// Authority host, e.g. https://login.microsoftonline.com
    #[arg(long, value_parser = non_empty(), value_name = "URL")]
    pub authority_host: Option<String>,
}

/// `pbitoken token`.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Profile field overrides.
    #[command(flatten)]
    pub profile: ProfileFlags,
    /// Output format: token, json, header (Authorization: Bearer ...), env (export PBI_TOKEN=...), claims
    #[arg(short, long, value_name = "FORMAT", value_enum, default_value_t)]
    pub output: Format,
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
    /// Browser sign-in options.
    #[command(flatten)]
    pub browser: BrowserFlags,
}

/// How browser sign-in (`auth = "interactive"`) goes.
#[derive(Debug, Args, Clone, Copy)]
pub struct BrowserFlags {
    /// Browser sign-in: only print the sign-in URL, open no browser
    #[arg(long)]
    pub no_browser: bool,
    /// Browser sign-in: seconds to wait for the sign-in to finish
    #[arg(long, value_name = "SECS", default_value_t = 300,
          value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub login_timeout: u64,
}

/// `pbitoken embed`.
#[derive(Debug, Args)]
pub struct EmbedArgs {
    /// Profile field overrides.
    #[command(flatten)]
    pub profile: ProfileFlags,
    /// Browser sign-in options.
    #[command(flatten)]
    pub browser: BrowserFlags,
    /// The workspace (group) id the reports are in
    #[arg(long, value_parser = non_empty(), value_name = "ID")]
    pub workspace: String,
    /// A report to embed (repeatable)
    #[arg(long = "report", value_parser = non_empty(), value_name = "ID", required = true)]
    pub reports: Vec<String>,
    /// A dataset to add besides the reports' own (repeatable)
    #[arg(long = "dataset", value_parser = non_empty(), value_name = "ID")]
    pub datasets: Vec<String>,
    /// An effective identity for row-level security, USER[:ROLE,ROLE] (repeatable)
    #[arg(long = "identity", value_name = "USER[:ROLE,...]")]
    pub identities: Vec<crate::embed::Identity>,
    /// Minutes the embed token may live (Power BI caps it at the access token's expiry)
    #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(1..))]
    pub lifetime: Option<u32>,
    /// Allow editing the reports (also sends the workspace as a target workspace)
    #[arg(long)]
    pub edit: bool,
    /// Output format: token, json, config (what powerbi-client's powerbi.embed() takes)
    #[arg(short, long, value_name = "FORMAT", value_enum, default_value_t)]
    pub output: crate::embed::Format,
    /// Neither read nor write the token cache
    #[arg(long)]
    pub no_cache: bool,
    /// Reuse a cached token only if it has at least this many seconds left
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub min_validity: u64,
}

/// `pbitoken serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Profile field overrides.
    #[command(flatten)]
    pub profile: ProfileFlags,
    /// Address and port to listen on (port 0 picks a free one)
    #[arg(long, value_parser = non_empty(), value_name = "ADDR:PORT", default_value = "127.0.0.1:8765")]
    pub listen: String,
    /// A page origin that may ask for tokens, e.g. https://app.contoso.com (repeatable)
    #[arg(long = "allow-origin", value_parser = non_empty(), value_name = "ORIGIN")]
    pub allow_origins: Vec<String>,
    /// The workspace whose reports /embed answers for
    #[arg(long, value_parser = non_empty(), value_name = "ID")]
    pub workspace: Option<String>,
    /// A report /embed may answer for (repeatable) [default: every report of the workspace]
    #[arg(long = "report", value_parser = non_empty(), value_name = "ID")]
    pub reports: Vec<String>,
    /// An effective identity for row-level security, USER[:ROLE,ROLE] (repeatable)
    #[arg(long = "identity", value_name = "USER[:ROLE,...]")]
    pub identities: Vec<crate::embed::Identity>,
    /// Also answer /token with the profile's access token (it opens the whole API with the profile's rights)
    #[arg(long)]
    pub access_token: bool,
    /// Renew a token when it has less than this many seconds left
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub min_validity: u64,
}

/// `-o` of `embed`.
impl clap::ValueEnum for crate::embed::Format {
    fn value_variants<'a>() -> &'a [Self] {
        &crate::embed::Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
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
    /// Browser sign-in options.
    #[command(flatten)]
    pub browser: BrowserFlags,
}

/// `pbitoken api`.
#[derive(Debug, Args)]
pub struct ApiArgs {
    /// Path relative to {api_base}/v1.0/myorg/, an absolute path, or a full https:// URL
    #[arg(id = "api_endpoint", value_name = "ENDPOINT", value_parser = non_empty())]
    pub endpoint: String,
    /// Profile field overrides.
    #[command(flatten)]
    pub profile: ProfileFlags,
    /// Browser sign-in options.
    #[command(flatten)]
    pub browser: BrowserFlags,
    /// HTTP method [default: GET, or POST with fields or --input]
    #[arg(short = 'X', long, value_name = "METHOD", value_parser = non_empty())]
    pub method: Option<String>,
    /// Add a request header 'Name: value' (repeatable); an Authorization header is refused
    #[arg(short = 'H', long = "header", value_name = "HEADER", action = ArgAction::Append,
          value_parser = non_empty())]
    pub headers: Vec<String>,
    /// Add a string field (repeatable): query parameter for GET, JSON body otherwise
    #[arg(short = 'f', long = "raw-field", value_name = "KEY=VALUE", action = ArgAction::Append,
          value_parser = non_empty())]
    pub raw_fields: Vec<String>,
    /// Add a typed field (repeatable): true, false, null, numbers as JSON; @FILE or @- reads text
    #[arg(short = 'F', long = "field", value_name = "KEY=VALUE", action = ArgAction::Append,
          value_parser = non_empty())]
    pub fields: Vec<String>,
    /// Send this file (- for stdin) as the request body, as it is
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Follow @odata.nextLink / continuationUri / continuationToken; print one JSON document
    #[arg(long)]
    pub paginate: bool,
    /// Filter a JSON answer with jq syntax (strings raw, one result a line)
    #[arg(long, value_name = "FILTER", value_parser = non_empty())]
    pub jq: Option<String>,
    /// Print the status line and response headers first
    #[arg(short = 'i', long)]
    pub include: bool,
    /// Write the body to this file instead of stdout (atomically, mode 0644)
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,
}

/// `pbitoken config ...`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Create a profile (named by -p, default `default`); asks on a terminal for what the flags do not give
    #[command(after_long_help = CONFIG_INIT_HELP)]
    Init(Box<InitArgs>),
    /// List the profiles: name, tenant, client id, auth method; `*` marks the default
    #[command(after_long_help = CONFIG_LIST_HELP)]
    List {
        /// Only the names, one a line (for shell completion)
        #[arg(long, hide = true)]
        names: bool,
    },
    /// Show a profile's effective settings and where each comes from (secrets as ****)
    #[command(after_long_help = CONFIG_SHOW_HELP)]
    Show {
        /// The profile [default: -p, PBITOKEN_PROFILE, default_profile, else the AZURE_* environment]
        #[arg(value_parser = non_empty(), value_name = "NAME")]
        name: Option<String>,
        /// Profile field overrides, shown as `(flag)`.
        #[command(flatten)]
        profile: Box<ProfileFlags>,
    },
    /// Set one key of an existing profile, keeping the rest of the file as it is
    #[command(after_long_help = CONFIG_SET_HELP)]
    Set {
        /// The profile
        #[arg(value_parser = non_empty(), value_name = "NAME")]
        name: String,
        /// The key
        #[arg(value_name = "KEY", value_parser = AnyOf(&KEYS))]
        key: String,
        /// The value; for client_secret, `-` reads it from stdin (or asks without echo on a terminal)
        #[arg(value_parser = non_empty(), value_name = "VALUE", allow_hyphen_values = true)]
        value: String,
    },
    /// Remove one key from a profile, keeping the rest of the file as it is
    #[command(after_long_help = CONFIG_UNSET_HELP)]
    Unset {
        /// The profile
        #[arg(value_parser = non_empty(), value_name = "NAME")]
        name: String,
        /// The key
        #[arg(value_name = "KEY", value_parser = AnyOf(&KEYS))]
        key: String,
    },
    /// Remove a profile
    #[command(after_long_help = CONFIG_REMOVE_HELP)]
    Remove {
        /// The profile
        #[arg(value_parser = non_empty(), value_name = "NAME")]
        name: String,
    },
    /// Make a profile the default (sets default_profile)
    #[command(after_long_help = CONFIG_USE_HELP)]
    Use {
        /// The profile
        #[arg(value_parser = non_empty(), value_name = "NAME")]
        name: String,
    },
    /// Print the config file's path
    #[command(after_long_help = CONFIG_PATH_HELP)]
    Path,
}

/// FIELD FLAGS of `config init`.
#[derive(Debug, Args, Default, Clone)]
pub struct InitArgs {
    /// Tenant GUID or verified domain (or `organizations` for user sign-in)
    #[arg(long, value_parser = non_empty(), value_name = "TENANT")]
    pub tenant: Option<String>,
    /// Application (client) id
    #[arg(long, value_parser = non_empty(), value_name = "GUID")]
    pub client_id: Option<String>,
    /// How to sign in [default: client_secret]
    #[arg(long, value_name = "METHOD", value_parser = PossibleValuesParser::new(AuthMethod::NAMES))]
    pub auth: Option<String>,
    /// Username (UPN) for the password grant
    #[arg(long, value_parser = non_empty(), value_name = "UPN")]
    pub username: Option<String>,
    /// Env var that will hold the client secret (recommended)
    #[arg(long, value_parser = non_empty(), value_name = "VAR", conflicts_with = "client_secret_file")]
    pub client_secret_env: Option<String>,
    /// File holding the client secret (a relative path is taken from the current folder)
    #[arg(long, value_parser = non_empty(), value_name = "PATH")]
    pub client_secret_file: Option<String>,
    /// PEM holding the certificate and its private key
    #[arg(long, value_parser = non_empty(), value_name = "PATH")]
    pub certificate_file: Option<String>,
    /// National cloud [default: public]
    #[arg(long, value_name = "CLOUD", value_parser = PossibleValuesParser::new(Cloud::NAMES))]
    pub cloud: Option<String>,
    /// Replace the profile if it exists
    #[arg(long)]
    pub force: bool,
}

/// `-o`: clap parses it, and lists the names in help, completions and the
/// error for a wrong one.
impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

/// Every free-form string flag and argument: an empty value (`--tenant ""`,
/// `--client-id "$UNSET"`) is a mistake to report, not a value to skip in
/// favour of the profile's or the environment's.
fn non_empty() -> NonEmptyStringValueParser {
    NonEmptyStringValueParser::new()
}

/// A value parser that accepts any string but offers `names` to shell
/// completion: the command checks the value itself, so that a wrong one
/// gets pbitoken's one-line error rather than clap's usage block.
#[derive(Clone, Copy)]
pub struct AnyOf(pub &'static [&'static str]);

impl TypedValueParser for AnyOf {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        if value.is_empty() {
            return non_empty().parse_ref(cmd, arg, value);
        }
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|n| PossibleValue::new(*n))))
    }
}
