//! The one-command demo: starts the local authority (an emulator of the
//! Entra ID token endpoints) on loopback, then runs the real pbitoken CLI
//! code against it: a token, the same as JSON, its claims, and a refused
//! secret with its hint.
//!
//! Run it with `cargo run --example demo`. Nothing leaves this machine.

use std::path::Path;
use std::process::ExitCode;

use pbitoken::error::ExitCode as Code;
use pbitoken_authority::{fixtures as fx, Authority};

fn main() -> ExitCode {
    match demo() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("demo failed: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn demo() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    // Keep the demo's cache away from the user's.
    std::env::set_var("PBITOKEN_CACHE_DIR", dir.path().join("cache"));

    let authority = Authority::start()?;
    println!(
        "Local authority (Entra ID emulator) listening on {}",
        authority.url()
    );

    let good = write_secret(dir.path(), "good.secret", fx::SP_SECRET)?;
    let wrong = write_secret(
        dir.path(),
        "wrong.secret",
        "Wr18Q~FAKE.this-is-the-secret-id-0000000",
    )?;
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            r#"default_profile = "demo"

# A service principal: the app owns the data (client_credentials grant).
[profiles.demo]
tenant = "{tenant}"
client_id = "{client}"
auth = "client_secret"
client_secret_file = "{good}"
authority_host = "{host}"

# The same app with the Secret ID pasted instead of the secret's Value.
[profiles.wrong-secret]
tenant = "{tenant}"
client_id = "{client}"
client_secret_file = "{wrong}"
authority_host = "{host}"
"#,
            tenant = fx::TENANT_DOMAIN,
            client = fx::SP_CLIENT_ID,
            good = good.display(),
            wrong = wrong.display(),
            host = authority.url(),
        ),
    )?;
    let config = config.to_string_lossy().into_owned();

    run(&config, &["token"], Code::Success)?;
    run(&config, &["token", "-o", "json"], Code::Success)?;
    run(&config, &["token", "-o", "claims"], Code::Success)?;
    run(&config, &["token", "-p", "wrong-secret"], Code::Refused)?;
    println!(
        "\nThe authority saw {} token requests. Try the real thing: see README.md, \"Use it against Azure\".",
        authority.token_requests()
    );
    Ok(())
}

/// Prints the command, runs the real CLI code in this process, and checks
/// the exit code it ends with.
fn run(config: &str, args: &[&str], expect: Code) -> Result<(), Box<dyn std::error::Error>> {
    println!("\n$ pbitoken {}", args.join(" "));
    let mut argv = vec!["pbitoken", "--config", config];
    argv.extend_from_slice(args);
    let code = pbitoken::app::main_with_args(argv);
    println!("(exit {})", i32::from(code));
    if code != expect {
        return Err(format!(
            "expected exit {}, got {}",
            i32::from(expect),
            i32::from(code)
        )
        .into());
    }
    Ok(())
}

fn write_secret(dir: &Path, name: &str, value: &str) -> std::io::Result<std::path::PathBuf> {
    let path = dir.join(name);
    std::fs::write(&path, value)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(path)
}
