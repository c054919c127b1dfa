//! The man page in `man/pbitoken.1` is what clap_mangen makes of the
//! command line now. Regenerate it with
//! `PBITOKEN_WRITE_MAN=1 cargo test --test man`.

use clap::CommandFactory;

/// Renders the top-level page and one page per command.
fn pages() -> Vec<(String, Vec<u8>)> {
    let cmd = pbitoken::cli::Cli::command();
    let mut pages = Vec::new();
    let mut render = |name: String, cmd: clap::Command| {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut out).expect("render");
        pages.push((name, out));
    };
    for sub in cmd.get_subcommands() {
        // clap names are &'static str; a test may leak a few bytes.
        let name: &'static str = Box::leak(format!("pbitoken-{}", sub.get_name()).into_boxed_str());
        render(format!("{name}.1"), sub.clone().name(name));
    }
    render("pbitoken.1".into(), cmd);
    pages
}

#[test]
fn man_pages_are_up_to_date() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    for (name, page) in pages() {
        let path = dir.join(&name);
        if std::env::var_os("PBITOKEN_WRITE_MAN").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &page).unwrap();
        }
        let committed = std::fs::read(&path).unwrap_or_else(|e| {
            panic!("cannot read man/{name}: {e}; run PBITOKEN_WRITE_MAN=1 cargo test --test man")
        });
        assert!(
            committed == page,
            "man/{name} is stale: run PBITOKEN_WRITE_MAN=1 cargo test --test man"
        );
    }
}
