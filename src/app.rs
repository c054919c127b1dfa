//! Runs a parsed command line: flags become plain options, then each
//! command is a short pipeline over the library's modules.

use std::ffi::OsString;
use std::io::Write;
use std::time::Duration;

use anyhow::Result;
use clap::Parser;

use crate::cli::{Cli, Command, ConfigCommand, GlobalArgs, ProfileFlags, TokenArgs};
use crate::credential::{self, CredentialOptions};
use crate::error::{self, Error, ExitCode};
use crate::http::{Transport, TransportOptions};
use crate::output::{self, Format};
use crate::profile::{self, Overrides};
use crate::{config, token};

/// Parses the arguments, runs the command, prints any error; returns the
/// exit code.
pub fn main_with_args<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
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

/// Runs one command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Token(args) => token_command(&cli.global, *args),
        Command::Config(ConfigCommand::Path) => {
            let path = config::locate(cli.global.config.as_deref())
                .map(|(p, _)| p)
                .ok_or_else(|| Error::usage("cannot tell the config dir: no home folder"))?;
            write_stdout(&format!("{}\n", path.display()))?;
            Ok(ExitCode::Success)
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

fn transport_options(global: &GlobalArgs) -> TransportOptions {
    TransportOptions {
        timeout: Duration::from_secs(global.timeout),
        ca_file: global.ca_file.clone(),
    }
}

fn token_command(global: &GlobalArgs, args: TokenArgs) -> Result<ExitCode> {
    let format: Format = args.output.parse().map_err(Error::usage)?;
    let config = config::load(global.config.as_deref())?;
    let profile = profile::resolve(
        config.as_ref(),
        global.profile.as_deref(),
        &Overrides::from(&args.profile),
    )?;
    let credential = credential::for_profile(
        &profile,
        &CredentialOptions {
            password_stdin: args.password_stdin,
        },
    )?;
    let transport = Transport::new(&transport_options(global))?;
    let token = credential.get_token(&transport)?;
    let out = output::render(format, &token, &profile, false, token::now())?;
    write_stdout(&out)?;
    Ok(ExitCode::Success)
}

/// Writes the result; a closed pipe (`| head`) is not an error worth a word.
fn write_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| {
            Error::new(ExitCode::Failure, format!("cannot write to stdout: {e}")).into()
        }),
    }
}
