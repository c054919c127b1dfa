//! `pbitoken-authority [--port N] [--tls] [--keep-alive] [--count-file PATH]`: serves the seeded directory on
//! 127.0.0.1 until killed, for trying pbitoken by hand and for benchmarks.

use std::process::ExitCode;

use pbitoken_authority::{fixtures as fx, Authority, Directory};

const USAGE: &str =
    "usage: pbitoken-authority [--port N] [--tls] [--keep-alive] [--count-file PATH]

Serves a local emulation of the Entra ID token and discovery endpoints, and
of the Power BI and Fabric APIs (reference §10), on 127.0.0.1 with
a seeded, entirely fake directory, and prints its URL and the fixture ids and
secrets. Runs until killed.

  --port N      listen on port N (default: any free port)
  --tls         serve HTTPS with a fresh test CA (its PEM is written to a file)
  --keep-alive  answer like a typical keep-alive server: no TCP_NODELAY, the
                head and the body in two writes, the connection kept open
                unless the request says `Connection: close`
  --count-file PATH  keep the number of token requests received so far in
                PATH (for benchmarks)";

fn main() -> ExitCode {
    let mut port = 0u16;
    let mut tls = false;
    let mut keep_alive = false;
    let mut count_file: Option<std::path::PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--tls" => tls = true,
            "--keep-alive" => keep_alive = true,
            "--count-file" => match args.next() {
                Some(p) => count_file = Some(p.into()),
                None => return usage_error("--count-file needs a path"),
            },
            "--port" => match args.next().and_then(|p| p.parse().ok()) {
                Some(p) => port = p,
                None => return usage_error("--port needs a number from 0 to 65535"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => return usage_error(&format!("unexpected argument '{other}'")),
        }
    }
    let authority = match Authority::bind(Directory::seeded(), port, tls) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: cannot start the authority on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    authority.set_keep_alive(keep_alive);
    println!("authority: {}", authority.url());
    if let Some(pem) = authority.ca_pem() {
        let path =
            std::env::temp_dir().join(format!("pbitoken-authority-{}-ca.pem", authority.port()));
        match std::fs::write(&path, pem) {
            Ok(()) => println!("ca_file: {}", path.display()),
            Err(e) => eprintln!(
                "warning: cannot write the CA certificate to {}: {e}",
                path.display()
            ),
        }
    }
    for (name, value) in [
        ("TENANT_ID", fx::TENANT_ID),
        ("TENANT_DOMAIN", fx::TENANT_DOMAIN),
        ("OTHER_TENANT_ID", fx::OTHER_TENANT_ID),
        ("SP_CLIENT_ID", fx::SP_CLIENT_ID),
        ("SP_SECRET", fx::SP_SECRET),
        ("EXPIRED_SECRET_CLIENT_ID", fx::EXPIRED_SECRET_CLIENT_ID),
        ("EXPIRED_SECRET", fx::EXPIRED_SECRET),
        ("DISABLED_CLIENT_ID", fx::DISABLED_CLIENT_ID),
        ("DISABLED_SECRET", fx::DISABLED_SECRET),
        ("PUBLIC_CLIENT_ID", fx::PUBLIC_CLIENT_ID),
        ("UNCONSENTED_CLIENT_ID", fx::UNCONSENTED_CLIENT_ID),
        ("OTHER_CLIENT_ID", fx::OTHER_CLIENT_ID),
        ("OTHER_SECRET", fx::OTHER_SECRET),
        ("NO_WORKSPACE_CLIENT_ID", fx::NO_WORKSPACE_CLIENT_ID),
        ("NO_WORKSPACE_SECRET", fx::NO_WORKSPACE_SECRET),
        ("SP_DISABLED_CLIENT_ID", fx::SP_DISABLED_CLIENT_ID),
        ("SP_DISABLED_SECRET", fx::SP_DISABLED_SECRET),
        ("FORBIDDEN_CLIENT_ID", fx::FORBIDDEN_CLIENT_ID),
        ("FORBIDDEN_SECRET", fx::FORBIDDEN_SECRET),
        ("USER_UPN", fx::USER_UPN),
        ("USER_PASSWORD", fx::USER_PASSWORD),
        ("MFA_UPN", fx::MFA_UPN),
        ("MFA_REGISTRATION_UPN", fx::MFA_REGISTRATION_UPN),
        ("CA_UPN", fx::CA_UPN),
        ("PASSWORD_EXPIRED_UPN", fx::PASSWORD_EXPIRED_UPN),
        ("LOCKED_UPN", fx::LOCKED_UPN),
        ("DISABLED_UPN", fx::DISABLED_UPN),
        ("OTHER_USER_UPN", fx::OTHER_USER_UPN),
        ("POWERBI_RESOURCE", fx::POWERBI_RESOURCE),
    ] {
        println!("{name}={value}");
    }
    println!(
        "example: curl -s {}/{}/oauth2/v2.0/token -d grant_type=client_credentials -d client_id={} --data-urlencode client_secret={} --data-urlencode scope={}",
        authority.url(),
        fx::TENANT_ID,
        fx::SP_CLIENT_ID,
        fx::SP_SECRET,
        fx::POWERBI_DEFAULT_SCOPE
    );
    let Some(count_file) = count_file else {
        loop {
            std::thread::park();
        }
    };
    let mut written = None;
    loop {
        let count = authority.token_requests();
        if written != Some(count) {
            let tmp = count_file.with_extension("tmp");
            if std::fs::write(&tmp, format!("{count}\n")).is_ok()
                && std::fs::rename(&tmp, &count_file).is_ok()
            {
                written = Some(count);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("error: {msg}\n\n{USAGE}");
    ExitCode::from(2)
}
