//! `pbitoken api`: the plain options of one call, then one run. Everything
//! that can be refused (the filter, the headers, the fields, the URL's
//! origin) is refused before the token is asked for; the token comes
//! through [`crate::acquire`] (so the cache answers repeated calls), and the
//! request goes through the one Power BI client.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use url::Url;

use super::endpoint::{self, Api, Target};
use super::fields::{self, FieldArg, FieldKind, Placement};
use super::jq::Jq;
use super::paginate::{self, Pages};
use crate::acquire::{self, CachePolicy, CredentialSource, TransportSource};
use crate::credential::CredentialOptions;
use anyhow::Result;

use crate::error::{Error, ExitCode};
use crate::http::{Response, Transport, TransportOptions};
use crate::powerbi::{Call, Client};
use crate::profile::Profile;
use crate::token::Token;

/// What the flags of `api` ask for.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// ENDPOINT: a relative path, an absolute path or a full URL.
    pub endpoint: String,
    /// `-X`.
    pub method: Option<String>,
    /// `-H 'Name: value'`, as given.
    pub headers: Vec<String>,
    /// `-f` and `-F`.
    pub fields: Vec<FieldArg>,
    /// `--input FILE` (`-` for standard input).
    pub input: Option<PathBuf>,
    /// `--paginate`.
    pub paginate: bool,
    /// `--jq FILTER`.
    pub jq: Option<String>,
    /// `-i`: the status line and headers first.
    pub include: bool,
    /// `--output-file PATH`.
    pub output_file: Option<PathBuf>,
    /// `-q`: no warnings.
    pub quiet: bool,
    /// How a credential that needs the user signs in (`--no-browser`,
    /// `--login-timeout`).
    pub credential: CredentialOptions,
}

/// A cached token is reused while it has this many seconds left, as for
/// `pbitoken token`.
const MIN_VALIDITY: u64 = 300;

/// Runs one `api` call for `profile`; the exit code of a success, or the
/// error (an HTTP error's body is on stdout by then).
pub fn run(
    profile: &Profile,
    opts: &Options,
    transport: TransportOptions,
    warn: &mut dyn FnMut(&str),
) -> Result<ExitCode> {
    // Everything that can be refused is refused before any request.
    let jq = opts.jq.as_deref().map(Jq::compile).transpose()?;
    let headers = opts
        .headers
        .iter()
        .map(|h| fields::parse_header(h))
        .collect::<Result<Vec<_>, _>>()?;
    let mut target = endpoint::resolve(
        &opts.endpoint,
        &profile.api_base,
        profile.fabric_api_base.as_deref(),
    )?;
    let stdin_for_fields = opts.fields.iter().any(|f| {
        f.kind == FieldKind::Typed && f.text.split_once('=').is_some_and(|(_, v)| v == "@-")
    });
    let input_is_stdin = opts.input.as_deref() == Some(Path::new("-"));
    if stdin_for_fields && input_is_stdin {
        return Err(Error::usage(
            "standard input can be read once: give either --input - or a -F key=@- field",
        )
        .into());
    }
    let method = fields::method(
        opts.method.as_deref(),
        !opts.fields.is_empty(),
        opts.input.is_some(),
    )?;
    let values = fields::parse_fields(&opts.fields, &mut std::io::stdin().lock())?;
    let mut body = match &opts.input {
        Some(path) => Some(read_input(path)?),
        None => None,
    };
    if !values.is_empty() {
        match fields::placement(&method, opts.input.is_some()) {
            Placement::Query => fields::append_query(&mut target.url, &values),
            Placement::Body => body = Some(fields::json_body(&values)),
        }
    }

    // The token for the URL's API, through the cache.
    let token_profile = token_profile(profile, target.api);
    let transport = Transport::new(&transport)?;
    let (token, cached) = acquire::acquire(
        &acquire::Request {
            profile: &token_profile,
            cache: CachePolicy::Use {
                force_refresh: false,
                min_validity: MIN_VALIDITY,
            },
            cache_at: None,
            credential: CredentialSource::Build(CredentialOptions {
                quiet: opts.quiet,
                ..opts.credential.clone()
            }),
            transport: TransportSource::ready(&transport),
        },
        warn,
    )?;
    crate::log::log(
        1,
        format!(
            "token: for {} ({})",
            token_profile.target(),
            if cached { "cached" } else { "new" }
        ),
    );

    let call = Caller {
        client: Client::new(&transport, profile, &token),
        token: &token,
        expected_audience: token_profile.resource.clone(),
        what: match target.api {
            Api::PowerBi => "Power BI API",
            Api::Fabric => "Fabric API",
        },
        method: &method,
        headers: &headers,
        body: body.as_deref(),
    };
    let out = Output {
        include: opts.include,
        terminal: opts.output_file.is_none() && std::io::stdout().is_terminal(),
    };
    if opts.paginate {
        paginated(
            &call,
            target,
            jq.as_ref(),
            &out,
            opts.output_file.as_deref(),
        )
    } else {
        single(
            &call,
            &target,
            jq.as_ref(),
            &out,
            opts.output_file.as_deref(),
        )
    }
}

/// The profile whose token the API takes: the profile itself for Power
/// BI; for Fabric, the same sign-in for `{fabric_api_base}/.default` (v2)
/// or resource `{fabric_api_base}` (v1), which is its own cache entry.
fn token_profile(profile: &Profile, api: Api) -> Profile {
    match (api, &profile.fabric_api_base) {
        (Api::Fabric, Some(base)) => {
            let mut p = profile.clone();
            let base = base.trim_end_matches('/');
            p.resource = base.to_owned();
            p.scope = format!("{base}/.default");
            p
        }
        (Api::Fabric, None) | (Api::PowerBi, _) => profile.clone(),
    }
}

/// What every request of one run shares.
struct Caller<'a> {
    client: Client<'a>,
    token: &'a Token,
    expected_audience: String,
    what: &'static str,
    method: &'a str,
    headers: &'a [(String, String)],
    body: Option<&'a [u8]>,
}

impl Caller<'_> {
    /// Sends to `url`; a status that is not a success prints the body on
    /// stdout and becomes the error with its hint.
    fn call(&self, url: &Url, body: Option<&[u8]>, out: &Output) -> Result<Response> {
        let reply = self.client.send(&Call {
            method: self.method,
            url: url.as_str(),
            headers: self.headers,
            body,
            what: self.what,
        })?;
        let resp = reply.response;
        if out.include {
            write_stdout(&status_and_headers(&resp))?;
        }
        if (200..300).contains(&resp.status) {
            return Ok(resp);
        }
        write_stdout(&out.body(&resp.body))?;
        let aud = crate::jwt::decode(self.token.access_token.expose())
            .ok()
            .and_then(|d| {
                d.claims
                    .get("aud")
                    .and_then(|a| a.as_str())
                    .map(str::to_owned)
            });
        let mut err = super::errors::http_error(
            resp.status,
            &resp.headers,
            &resp.body,
            &super::errors::Context {
                path: url.path(),
                token_audience: aud.as_deref(),
                expected_audience: Some(&self.expected_audience),
            },
        );
        if !err.notes.iter().any(|n| n.starts_with("request id:")) {
            err.notes.push(format!("request id: {}", reply.request_id));
        }
        Err(err.into())
    }
}

/// How the answer is shown.
struct Output {
    include: bool,
    /// Stdout is a terminal (and is where the body goes): JSON is pretty.
    terminal: bool,
}

impl Output {
    /// The body as shown: as it came, or pretty JSON on a terminal.
    fn body(&self, body: &[u8]) -> Vec<u8> {
        if self.terminal {
            if let Ok(v) = serde_json::from_slice::<serde_json::Value>(super::strip_bom(body)) {
                return pretty(&v);
            }
        }
        body.to_vec()
    }
}

fn pretty(v: &serde_json::Value) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

fn single(
    caller: &Caller<'_>,
    target: &Target,
    jq: Option<&Jq>,
    out: &Output,
    file: Option<&Path>,
) -> Result<ExitCode> {
    let resp = caller.call(&target.url, caller.body, out)?;
    let bytes = match jq {
        // 204 No Content and the like: nothing to filter.
        Some(_) if resp.body.is_empty() => Vec::new(),
        Some(jq) => jq.run(&resp.body)?,
        None if file.is_some() => resp.body,
        None => out.body(&resp.body),
    };
    deliver(&bytes, file)
}

fn paginated(
    caller: &Caller<'_>,
    target: Target,
    jq: Option<&Jq>,
    out: &Output,
    file: Option<&Path>,
) -> Result<ExitCode> {
    let mut pages = Pages::new();
    let mut url = target.url;
    // The body goes with the first request only: next pages are links.
    let mut body = caller.body;
    loop {
        let resp = caller.call(&url, body, out)?;
        body = None;
        let page = paginate::parse_page(&resp.body)?;
        let next = paginate::next_url(&page, &url)?;
        pages.push(page)?;
        match next {
            Some(n) => {
                crate::log::log(1, "--paginate: following the next page");
                url = n;
            }
            None => break,
        }
    }
    let doc = pages.finish();
    let bytes = match jq {
        Some(jq) => jq.run(&serde_json::to_vec(&doc).unwrap_or_default())?,
        None if out.terminal => pretty(&doc),
        None => {
            let mut v = serde_json::to_vec(&doc).unwrap_or_default();
            v.push(b'\n');
            v
        }
    };
    deliver(&bytes, file)
}

/// The result on stdout, or in `--output-file` (written atomically, 0644).
fn deliver(bytes: &[u8], file: Option<&Path>) -> Result<ExitCode> {
    match file {
        Some(path) => write_output_file(path, bytes)?,
        None => write_stdout(bytes)?,
    }
    Ok(ExitCode::Success)
}

fn write_output_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    crate::private::write_atomic_mode(&dir, path, bytes, 0o644).map_err(|e| {
        Error::new(
            ExitCode::Failure,
            format!("--output-file {}: {e}", path.display()),
        )
    })
}

/// `HTTP/1.1 200 OK`, the headers, a blank line; scrubbed of any secret
/// this process knows (a server may echo what it was sent).
fn status_and_headers(resp: &Response) -> Vec<u8> {
    let reason = reqwest::StatusCode::from_u16(resp.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let mut text = format!("HTTP/1.1 {} {reason}", resp.status)
        .trim_end()
        .to_owned();
    text.push_str("\r\n");
    for (name, value) in &resp.headers {
        let value = String::from_utf8_lossy(value.as_bytes());
        text.push_str(&format!("{name}: {}\r\n", crate::error::one_line(&value)));
    }
    text.push_str("\r\n");
    crate::http::scrub_tokens(&crate::secret::redact(&text)).into_bytes()
}

/// `--input FILE` or `-`: the body as it is.
fn read_input(path: &Path) -> Result<Vec<u8>, Error> {
    let limit = crate::http::MAX_API_BODY;
    let mut bytes = Vec::new();
    let result = if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
    };
    let shown = if path == Path::new("-") {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    };
    result.map_err(|e| Error::usage(format!("--input {shown}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(Error::usage(format!(
            "--input {shown}: larger than {} MiB",
            limit >> 20
        )));
    }
    Ok(bytes)
}

/// Writes to stdout; a closed pipe (`| head`) ends quietly.
fn write_stdout(bytes: &[u8]) -> Result<()> {
    crate::app::write_stdout_bytes(bytes)
}
