//! Runs a parsed command line: flags become plain options, then each
//! command is a short pipeline over the library's modules.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Result;
use clap::Parser;

use crate::acquire::{self, CachePolicy, CredentialSource, TransportSource};
use crate::cache::{Cache, Clear, Key};
use crate::cli::{
    ApiArgs, BrowserFlags, CacheCommand, CheckArgs, Cli, Command, ConfigCommand, EmbedArgs,
    GlobalArgs, InitArgs, ProfileFlags, ServeArgs, TokenArgs,
};
use crate::config_cmd::{self, InitOptions};
use crate::credential::{self, CredentialOptions};
use crate::error::{self, Error, ExitCode};
use crate::http::TransportOptions;
use crate::output;
use crate::profile::{self, Overrides};
use crate::{check, config, token};

/// Parses the arguments, runs the command, prints any error; returns the
/// exit code.
pub fn main_with_args<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let help = e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand;
            if e.use_stderr() && !help {
                eprint!("{}", usage_error(&e, &args));
            } else if e.use_stderr() || std::io::stdout().is_terminal() {
                let _ = e.print();
            } else if let Err(err) = write_stdout(&e.render().to_string()) {
                // --help or --version that went nowhere.
                eprint!("{}", error::render(&err));
                return error::exit_code_of(&err);
            }
            return if e.use_stderr() {
                ExitCode::Usage
            } else {
                ExitCode::Success
            };
        }
    };
    crate::log::set_level(cli.global.verbose);
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprint!("{}", error::render(&err));
            error::exit_code_of(&err)
        }
    }
}

/// A command-line mistake in pbitoken's error shape: one `error: ` line,
/// then clap's tips and possible values on one `hint: ` line.
fn usage_error(e: &clap::Error, args: &[OsString]) -> String {
    let text = e.render().to_string();
    let mut message = Vec::new();
    let mut hints = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(tip) = line.strip_prefix("tip: ") {
            hints.push(tip.to_owned());
        } else if let Some(values) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            hints.push(values.to_owned());
        } else if line.starts_with("Usage:") || line.starts_with("For more information") {
            continue;
        } else {
            // "the following required arguments were not provided:" lists them below.
            message.push(line.strip_prefix("error: ").unwrap_or(line).to_owned());
        }
    }
    hints.push(format!("see `{}`", help_command(args)));
    format!("error: {}\nhint: {}\n", message.join(" "), hints.join("; "))
}

/// `pbitoken config init --help` for a mistake in `pbitoken config init
/// ...`: the deepest command the arguments name, whose help lists the flags
/// it takes.
fn help_command(args: &[OsString]) -> String {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let mut words = vec!["pbitoken".to_owned()];
    let mut args = args.iter().skip(1);
    while let Some(arg) = args.next() {
        let Some(arg) = arg.to_str() else { continue };
        if takes_value(&cmd, arg) {
            args.next(); // `-p config` names a profile, not the command
            continue;
        }
        let Some(sub) = cmd.find_subcommand(arg).filter(|s| s.get_name() != "help") else {
            continue;
        };
        words.push(sub.get_name().to_owned());
        let sub = sub.clone();
        cmd = sub;
    }
    words.push("--help".to_owned());
    words.join(" ")
}

/// Whether `arg` is an option of `cmd` (or a global one) whose value is
/// the next argument.
fn takes_value(cmd: &clap::Command, arg: &str) -> bool {
    use clap::CommandFactory;
    let root = Cli::command();
    let found = cmd
        .get_arguments()
        .chain(root.get_arguments())
        .filter(|a| !a.is_positional() && a.get_action().takes_values())
        .any(|a| {
            a.get_long()
                .is_some_and(|l| arg.strip_prefix("--") == Some(l))
                || a.get_short().is_some_and(|s| arg == format!("-{s}"))
        });
    found
}

/// `-p` is global (SPEC.md), but on a command that names its profile as an
/// argument, or uses none, it would be silently ignored: refuse it.
fn refuse_unused_profile_flag(cli: &Cli) -> Result<()> {
    let (command, own_name) = match &cli.command {
        Command::Config(ConfigCommand::Set { .. }) => ("config set", true),
        Command::Config(ConfigCommand::Unset { .. }) => ("config unset", true),
        Command::Config(ConfigCommand::Remove { .. }) => ("config remove", true),
        Command::Config(ConfigCommand::Use { .. }) => ("config use", true),
        Command::Config(ConfigCommand::List { .. }) => ("config list", false),
        Command::Config(ConfigCommand::Path) => ("config path", false),
        Command::Cache(CacheCommand::List) => ("cache list", false),
        Command::Completions { .. } => ("completions", false),
        Command::Token(_)
        | Command::Check(_)
        | Command::Embed(_)
        | Command::Serve(_)
        | Command::Api(_)
        | Command::Config(ConfigCommand::Init(_) | ConfigCommand::Show { .. })
        | Command::Cache(CacheCommand::Clear { .. }) => return Ok(()),
    };
    if cli.global.profile.is_none() {
        return Ok(());
    }
    let why = if own_name {
        format!("`{command}` takes the profile as its NAME argument")
    } else {
        format!("`{command}` does not use a profile")
    };
    Err(Error::usage(format!("--profile does nothing here: {why}"))
        .with_hint(format!("see `pbitoken {command} --help`"))
        .into())
}

/// Runs one command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    refuse_unused_profile_flag(&cli)?;
    match cli.command {
        Command::Token(args) => token_command(&cli.global, *args),
        Command::Check(args) => check_command(&cli.global, &args),
        Command::Embed(args) => embed_command(&cli.global, *args),
        Command::Serve(args) => serve_command(&cli.global, *args),
        Command::Api(args) => api_command(&cli.global, *args),
        Command::Config(command) => config_command(&cli.global, command),
        Command::Cache(CacheCommand::List) => cache_list(),
        Command::Cache(CacheCommand::Clear { all }) => cache_clear(&cli.global, all),
        Command::Completions { shell } => {
            write_stdout(&crate::completions::script(shell))?;
            Ok(ExitCode::Success)
        }
    }
}

fn config_command(global: &GlobalArgs, command: ConfigCommand) -> Result<ExitCode> {
    let file = global.config.as_deref();
    let quiet = global.quiet;
    match command {
        ConfigCommand::Init(args) => {
            let name = global.profile.as_deref().unwrap_or("default");
            config_cmd::init(file, name, &InitOptions::from(*args), quiet)?;
        }
        ConfigCommand::List { names } => write_stdout(&config_cmd::list(file, names)?)?,
        ConfigCommand::Show { name, profile } => write_stdout(&config_cmd::show(
            file,
            name.as_deref(),
            global.profile.as_deref(),
            &Overrides::from(&*profile),
        )?)?,
        ConfigCommand::Set { name, key, value } => {
            config_cmd::set(file, &name, &key, &value, quiet)?
        }
        ConfigCommand::Unset { name, key } => config_cmd::unset(file, &name, &key, quiet)?,
        ConfigCommand::Remove { name } => config_cmd::remove(file, &name, quiet)?,
        ConfigCommand::Use { name } => config_cmd::use_profile(file, &name, quiet)?,
        ConfigCommand::Path => write_stdout(&format!("{}\n", config_cmd::path(file)?.display()))?,
    }
    Ok(ExitCode::Success)
}

impl From<InitArgs> for InitOptions {
    fn from(a: InitArgs) -> Self {
        InitOptions {
            tenant: a.tenant,
            client_id: a.client_id,
            auth: a.auth,
            username: a.username,
            client_secret_env: a.client_secret_env,
            client_secret_file: a.client_secret_file,
            certificate_file: a.certificate_file,
            cloud: a.cloud,
            force: a.force,
        }
    }
}

impl From<&ProfileFlags> for Overrides {
    fn from(f: &ProfileFlags) -> Self {
        Overrides {
            tenant: f.tenant.clone(),
            client_id: f.client_id.clone(),
            auth: f.auth.clone(),
            username: f.username.clone(),
            cloud: f.cloud.clone(),
            resource: f.resource.clone(),
            scope: f.scope.clone(),
            endpoint: f.endpoint.clone(),
            authority_host: f.authority_host.clone(),
        }
    }
}

/// The credential options `--no-browser` and `--login-timeout` give.
/// The profile a command that signs in uses: the config loaded once (with
/// its warning about a literal secret), the profile chosen and resolved
/// with the command's profile flags.
fn command_profile(global: &GlobalArgs, flags: &ProfileFlags) -> Result<profile::Profile, Error> {
    let config = config::load(global.config.as_deref())?;
    if let Some(warning) = config.as_ref().and_then(config::literal_secret_warning) {
        warn(global, &warning);
    }
    profile::resolve(
        config.as_ref(),
        global.profile.as_deref(),
        &Overrides::from(flags),
    )
}

fn browser_options(flags: BrowserFlags) -> CredentialOptions {
    CredentialOptions {
        no_browser: flags.no_browser,
        login_timeout: Duration::from_secs(flags.login_timeout),
        ..CredentialOptions::default()
    }
}

fn transport_options(global: &GlobalArgs) -> TransportOptions {
    TransportOptions {
        timeout: Duration::from_secs(global.timeout),
        ca_file: global.ca_file.clone(),
        no_proxy: false,
    }
}

fn token_command(global: &GlobalArgs, args: TokenArgs) -> Result<ExitCode> {
    let format = args.output;
    let profile = command_profile(global, &args.profile)?;
    let used = acquire::acquire_used(
        &acquire::Request {
            profile: &profile,
            cache: CachePolicy::from_flags(args.no_cache, args.force_refresh, args.min_validity),
            credential: CredentialSource::Build(CredentialOptions {
                password_stdin: args.password_stdin,
                quiet: global.quiet,
                ..browser_options(args.browser)
            }),
            cache_at: None,
            transport: TransportSource::lazy(transport_options(global)),
        },
        &mut |message| warn(global, message),
    )?;
    write_stdout(&output::render(
        format,
        &used.token,
        &used.profile,
        used.cached,
        token::now(),
    )?)?;
    Ok(ExitCode::Success)
}

fn embed_command(global: &GlobalArgs, args: EmbedArgs) -> Result<ExitCode> {
    let request = crate::embed::EmbedRequest {
        workspace: args.workspace,
        reports: args.reports,
        datasets: args.datasets,
        identities: args.identities,
        lifetime: args.lifetime,
        edit: args.edit,
    };
    if args.output == crate::embed::Format::Config && request.reports.len() > 1 {
        return Err(
            Error::usage("-o config is for one report; give one --report")
                .with_hint("use -o json for several reports: one token opens them all")
                .into(),
        );
    }
    crate::embed::validate(&request)?;
    let profile = command_profile(global, &args.profile)?;
    let (embed, cached) = crate::embed::fetch(
        &crate::embed::Fetch {
            profile: &profile,
            cache: CachePolicy::from_flags(args.no_cache, false, args.min_validity),
            cache_at: None,
            credential: CredentialOptions {
                quiet: global.quiet,
                ..browser_options(args.browser)
            },
            transport: TransportSource::lazy(transport_options(global)),
        },
        &request,
        &mut |message| warn(global, message),
    )?;
    write_stdout(&crate::embed::render(
        args.output,
        &embed,
        cached,
        token::now(),
    )?)?;
    Ok(ExitCode::Success)
}

fn serve_command(global: &GlobalArgs, args: ServeArgs) -> Result<ExitCode> {
    if args.workspace.is_none() && !args.access_token {
        warn(
            global,
            "serving /healthz only: give --workspace ID for /embed, --access-token for /token",
        );
    }
    if let Some(ws) = &args.workspace {
        // The embed checks of the ids, with a report to check the rest.
        crate::embed::validate(&crate::embed::EmbedRequest {
            workspace: ws.clone(),
            reports: if args.reports.is_empty() {
                vec!["00000000-0000-0000-0000-000000000000".into()]
            } else {
                args.reports.clone()
            },
            ..Default::default()
        })?;
    } else if !args.reports.is_empty() || !args.identities.is_empty() {
        return Err(Error::usage("--report and --identity need --workspace")
            .with_hint("give --workspace ID, the workspace the reports are in")
            .into());
    }
    let profile = command_profile(global, &args.profile)?;
    let transport = crate::http::Transport::new(&transport_options(global))?;
    let upstream = crate::serve::tokens::Upstream {
        profile,
        transport,
        credential: CredentialOptions {
            quiet: global.quiet,
            ..CredentialOptions::default()
        },
        workspace: args.workspace,
        identities: args.identities,
        min_validity: args.min_validity,
        quiet: global.quiet,
    };
    let opts = crate::serve::Options {
        listen: args.listen,
        allow_origins: args.allow_origins,
        reports: args.reports,
        access_token: args.access_token,
        timeout: Duration::from_secs(global.timeout),
        quiet: global.quiet,
    };
    let code = crate::serve::run(opts, upstream, &mut |line| {
        write_stdout(line).map_err(|e| match e.downcast::<Error>() {
            Ok(e) => e,
            Err(e) => Error::new(ExitCode::Failure, format!("{e:#}")),
        })
    })?;
    Ok(code)
}

/// `pbitoken api`: the profile as `token` resolves it, then one call.
fn api_command(global: &GlobalArgs, args: ApiArgs) -> Result<ExitCode> {
    let profile = command_profile(global, &args.profile)?;
    let fields = args
        .raw_fields
        .into_iter()
        .map(crate::api::fields::FieldArg::raw)
        .chain(
            args.fields
                .into_iter()
                .map(crate::api::fields::FieldArg::typed),
        )
        .collect();
    let opts = crate::api::run::Options {
        endpoint: args.endpoint,
        method: args.method,
        headers: args.headers,
        fields,
        input: args.input,
        paginate: args.paginate,
        jq: args.jq,
        include: args.include,
        output_file: args.output_file,
        quiet: global.quiet,
        credential: browser_options(args.browser),
    };
    crate::api::run::run(&profile, &opts, transport_options(global), &mut |m| {
        warn(global, m)
    })
}

/// Runs the checks and prints the report; exit 1 when a step failed.
fn check_command(global: &GlobalArgs, args: &CheckArgs) -> Result<ExitCode> {
    // A config file or profile that does not load is the report's failed
    // `profile` step, not an error: keep the error for it.
    let overrides = Overrides::from(&args.profile);
    let (chosen_name, profile) = match config::load(global.config.as_deref()) {
        Ok(config) => match profile::choose(config.as_ref(), global.profile.as_deref(), &overrides)
        {
            Ok(choice) => (
                choice.as_ref().map(|c| c.name().to_owned()),
                profile::resolve_choice(config.as_ref(), choice, &overrides),
            ),
            Err(e) => (None, Err(e)),
        },
        Err(e) => (None, Err(e)),
    };
    let report = check::run(check::Options {
        chosen_name,
        profile,
        api: args.api,
        transport: transport_options(global),
        credential: browser_options(args.browser),
    })?;
    let text = if args.json {
        report.to_json()
    } else {
        // https://no-color.org: present and not empty turns colour off.
        let no_color = profile::env_var("NO_COLOR")?.is_some();
        report.render(std::io::stdout().is_terminal() && !no_color)
    };
    write_stdout(&text)?;
    Ok(if report.ok() {
        ExitCode::Success
    } else {
        ExitCode::Failure
    })
}

fn cache_list() -> Result<ExitCode> {
    let Some(cache) = Cache::locate() else {
        return Err(Error::usage(
            "cannot tell the cache dir: no home folder; set PBITOKEN_CACHE_DIR",
        )
        .into());
    };
    cache.check_dir_owned().map_err(|e| {
        Error::new(
            ExitCode::Failure,
            format!("not listing the token cache: {e}"),
        )
    })?;
    let entries = cache.list();
    if entries.is_empty() {
        eprintln!(
            "{}",
            crate::error::one_line(&format!("no cached tokens in {}", cache.dir().display()))
        );
        return Ok(ExitCode::Success);
    }
    let now = token::now();
    let rows: Vec<[String; 6]> = entries
        .iter()
        .map(|(_, e)| {
            let until = e.valid_until();
            let left = until.saturating_sub(now);
            let expiry = if left > 0 {
                format!("{} (in {}m)", output::rfc3339(until), left / 60)
            } else {
                format!("{} (expired)", output::rfc3339(until))
            };
            [
                e.profile.clone(),
                e.key.auth.clone(),
                e.key.tenant.clone().unwrap_or_else(|| "-".into()),
                e.key.client_id.clone().unwrap_or_else(|| "-".into()),
                e.key.target.clone(),
                format!(
                    "{expiry}{}",
                    if e.refresh_token.is_some() {
                        " +refresh"
                    } else {
                        ""
                    }
                ),
            ]
        })
        .collect();
    let header = ["PROFILE", "AUTH", "TENANT", "CLIENT", "FOR", "EXPIRES"].map(String::from);
    write_stdout(&config_cmd::table(&header, &rows))?;
    Ok(ExitCode::Success)
}

fn cache_clear(global: &GlobalArgs, all: bool) -> Result<ExitCode> {
    let Some(cache) = Cache::locate() else {
        return Err(Error::usage(
            "cannot tell the cache dir: no home folder; set PBITOKEN_CACHE_DIR",
        )
        .into());
    };
    let profile = if all {
        if global.profile.is_some() {
            return Err(Error::usage("give --profile NAME or --all, not both").into());
        }
        None
    } else {
        // The profile resolved as `token` resolves it, and its cache key:
        // profiles with the same settings share an entry, whichever of
        // them wrote it last.
        let loaded = config::load(global.config.as_deref())?;
        let overrides = Overrides::default();
        let Some(choice) = profile::choose(loaded.as_ref(), global.profile.as_deref(), &overrides)?
        else {
            return Err(Error::usage(
                "no profile chosen: give --profile NAME, or --all to clear every entry",
            )
            .into());
        };
        let profile = profile::resolve_choice(loaded.as_ref(), Some(choice), &overrides)?;
        // Without the credential (its env var unset, say) the key's
        // settings still find its entries.
        let credential = credential::cache_identity(&profile).ok().flatten();
        let key = Key::new(&profile, credential.as_deref());
        Some((profile.name, key))
    };
    // Clearing through a symlink would delete whatever it points at.
    cache.check_dir_owned().map_err(|e| {
        Error::new(
            ExitCode::Failure,
            format!("not clearing the token cache: {e}"),
        )
    })?;
    let which = match &profile {
        Some((_, key)) => Clear::Key(key),
        None => Clear::All,
    };
    let removed = cache.clear(which).map_err(|e| {
        Error::new(
            ExitCode::Failure,
            format!("cannot clear {}: {e}", cache.dir().display()),
        )
    })?;
    if !global.quiet {
        let whose = profile
            .map(|(name, _)| format!(" of profile '{name}'"))
            .unwrap_or_default();
        eprintln!(
            "{}",
            crate::error::one_line(&format!(
                "removed {removed} cached token(s){whose} from {}",
                cache.dir().display()
            ))
        );
    }
    Ok(ExitCode::Success)
}

/// A warning on stderr, unless `-q`.
fn warn(global: &GlobalArgs, message: &str) {
    if !global.quiet {
        let line = crate::error::one_line(&format!("warning: {message}"));
        eprintln!("{}", crate::secret::redact(&line));
    }
}

/// Set when pbitoken started with stdout closed (`>&-`).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// A standard stream started closed: hold its number with /dev/null, so
/// that no file pbitoken opens (a cache entry, a lock) gets it and receives
/// a token or a message, and remember that stdout cannot take the result.
/// Rust's own stdout quietly drops writes to a closed descriptor. Called
/// first thing by the binary's entry point, before Rust's runtime would
/// have hidden a closed stdout.
pub fn guard_standard_fds() {
    #[cfg(unix)]
    for fd in 0..=2 {
        // SAFETY: F_GETFD only asks whether the descriptor is open.
        let closed = unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::EBADF);
        if !closed {
            continue;
        }
        if fd == 1 {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
        }
        // open(2) returns the lowest free descriptor: this one.
        let _ = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/null")
            .map(std::os::fd::IntoRawFd::into_raw_fd);
    }
}

/// Writes the result; a closed pipe (`| head`) is not an error worth a
/// word, but a result that went nowhere is.
fn write_stdout(text: &str) -> Result<()> {
    write_stdout_bytes(text.as_bytes())
}

/// [`write_stdout`] for bytes that need not be text (`api`'s answers).
pub fn write_stdout_bytes(bytes: &[u8]) -> Result<()> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Err(
            Error::new(ExitCode::Failure, "cannot write to stdout: it is closed")
                .with_hint("run it with stdout open, e.g. redirected to a file or a pipe")
                .into(),
        );
    }
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| {
            Error::new(ExitCode::Failure, format!("cannot write to stdout: {e}")).into()
        }),
    }
}
