//! Changing the config file the way a person would: one key, one profile,
//! one line at a time, keeping every other byte (comments, blank lines, key
//! order, quoting) as it was. `toml_edit` keeps the formatting of what is
//! not touched; the code here keeps the comments of what is removed.
//!
//! Every write goes through [`Editor::save`]: re-checked against the schema,
//! then written atomically with mode 0600.

use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, Item, Table, Value};

use crate::cloud::Cloud;
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::method::AuthMethod;
use crate::shape::{is_guid, is_tenant, is_upn};
use crate::url_check::{check_base_url, check_url};

/// Every key a profile may hold, in the order `config show` and the docs
/// list them.
pub const KEYS: [&str; 20] = [
    "tenant",
    "client_id",
    "auth",
    "client_secret",
    "client_secret_env",
    "client_secret_file",
    "username",
    "password_env",
    "certificate_file",
    "federated_token_file",
    "cloud",
    "endpoint",
    "resource",
    "scope",
    "authority_host",
    "token_endpoint",
    "api_base",
    "fabric_api_base",
    "imds_endpoint",
    "redirect_port",
];

/// The three places a client secret can come from; a profile names one.
pub const SECRET_SOURCES: [&str; 3] = ["client_secret", "client_secret_env", "client_secret_file"];

/// Checks that `key` is a profile key; the error lists the keys there are.
pub fn check_key(key: &str) -> Result<(), Error> {
    if KEYS.contains(&key) {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "unknown key '{key}'; a profile's keys are: {}",
            KEYS.join(", ")
        )))
    }
}

/// Checks a value for its key's shape. The message quotes the value only
/// for keys that can never hold a secret (someone may paste a secret where
/// an env var name belongs).
pub fn check_value(key: &str, value: &str) -> Result<(), Error> {
    let bad = |why: String| Error::usage(format!("bad value for {key}: {why}"));
    if value.len() > 4096 {
        return Err(bad(format!("{} bytes is too long", value.len())));
    }
    if value.trim().is_empty() {
        return Err(bad(
            "empty (use `pbitoken config unset` to remove a key)".into()
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(bad("it holds a control character (a newline?)".into()));
    }
    match key {
        "tenant" => check_tenant(value).map_err(bad),
        "client_id" if !is_guid(value) => Err(bad(
            "not a GUID (the application (client) id, like 11111111-2222-3333-4444-555555555555; the value is not shown, in case it is a secret)".into()
        )),
        "auth" => value.parse::<AuthMethod>().map(drop).map_err(bad),
        "cloud" => value.parse::<Cloud>().map(drop).map_err(bad),
        "endpoint" => value.parse::<Endpoint>().map(drop).map_err(bad),
        "client_secret_env" | "password_env" if !is_env_name(value) => Err(bad(
            "not an environment variable name (letters, digits and _; not the secret itself)"
                .into(),
        )),
        "username" if !is_upn(value) => Err(bad(
            "not a user principal name like alice@contoso.com (the value is not shown, in case it is a password)".into()
        )),
        "authority_host" | "api_base" | "fabric_api_base" => {
            check_base_url(value).map_err(bad)?;
            crate::http::check_url_allowed(value, false).map_err(|e| bad(e.message))
        }
        "token_endpoint" => {
            check_url(value).map_err(bad)?;
            crate::http::check_url_allowed(value, false).map_err(|e| bad(e.message))
        }
        "imds_endpoint" => {
            check_url(value).map_err(bad)?;
            // IMDS itself is plain http at its link-local address.
            if !value.starts_with("http://169.254.169.254/") {
                crate::http::check_url_allowed(value, false).map_err(|e| bad(e.message))?;
            }
            Ok(())
        }
        "redirect_port" => parse_port(value).map(drop).map_err(bad),
        "resource" | "scope" if value.split(' ').any(|part| url::Url::parse(part).is_err()) => {
            Err(bad("not a URI (the value is not shown)".into()))
        }
        _ => Ok(()),
    }
}

/// A `redirect_port`: a TCP port, 1 to 65535.
pub fn parse_port(value: &str) -> Result<u16, String> {
    value
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|p| *p != 0)
        .ok_or_else(|| "not a TCP port (1 to 65535)".to_owned())
}

/// A tenant: a GUID, a verified domain, or `organizations`/`common`.
pub fn check_tenant(value: &str) -> Result<(), String> {
    if is_tenant(value) {
        Ok(())
    } else {
        Err(
            "neither a tenant GUID nor a domain like contoso.onmicrosoft.com (the value is not shown, in case it is a secret)".into()
        )
    }
}

/// A portable environment variable name.
pub fn is_env_name(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Profile names: letters, digits, `-`, `_` and `.`, so they need no
/// quoting on a command line and read the same in `[profiles.NAME]`.
pub fn check_profile_name(name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        && !name.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "bad profile name '{}': use letters, digits, '-', '_' and '.' (at most 64)",
            crate::shape::shorten(name, 64)
        )))
    }
}

/// The config file open for editing.
pub struct Editor {
    path: PathBuf,
    doc: DocumentMut,
    existed: bool,
    /// The file's lines end in CRLF: written back the same way.
    crlf: bool,
}

impl Editor {
    /// Reads and parses the file; a file that does not exist is an empty one.
    /// A file that does not parse, or does not fit the schema, is not edited.
    pub fn open(path: &Path) -> Result<Editor, Error> {
        let (text, existed) = match crate::limited::read_to_string(path) {
            Ok(t) => (t, true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (String::new(), false),
            Err(e) => {
                return Err(Error::usage(format!(
                    "cannot read config file {}: {e}",
                    path.display()
                )))
            }
        };
        let malformed =
            |msg: String| Error::usage(format!("malformed config file {}: {msg}", path.display()));
        super::parse(&text).map_err(malformed)?;
        // `parse` above already named the line of any syntax error without
        // quoting it; this cannot fail where that succeeded.
        let doc = text
            .parse::<DocumentMut>()
            .map_err(|_| malformed("not TOML".into()))?;
        // The first line ending decides; toml_edit writes LF throughout.
        let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
        Ok(Editor {
            path: path.to_path_buf(),
            doc,
            existed,
            crlf,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file existed when it was opened.
    pub fn existed(&self) -> bool {
        self.existed
    }

    /// The document as it would be written.
    pub fn text(&self) -> String {
        let text = self.doc.to_string();
        if self.crlf {
            text.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            text
        }
    }

    /// After `key` of profile `name` changed: the rules that key is in.
    fn check_rules_after(&self, name: &str, key: &str) -> Result<(), Error> {
        if key == "auth" || key == "tenant" {
            self.check_profile(name)?;
        }
        Ok(())
    }

    /// Checks the rules between a profile's keys
    /// ([`AuthMethod::allows_tenant`]) as the profile stands after an edit.
    fn check_profile(&self, name: &str) -> Result<(), Error> {
        let Some(table) = self
            .doc
            .get("profiles")
            .and_then(|p| p.get(name))
            .and_then(Item::as_table_like)
        else {
            return Ok(());
        };
        let get = |k: &str| table.get(k).and_then(Item::as_str);
        let auth: AuthMethod = get("auth").and_then(|a| a.parse().ok()).unwrap_or_default();
        get("tenant").map_or(Ok(()), |t| auth.allows_tenant(t)).map_err(|e| {
            Error::usage(format!("profile '{name}': {e}"))
                .with_hint("set auth and tenant so that they fit, e.g. the tenant GUID or domain for a service principal")
        })
    }

    /// The names of the profiles, in file order.
    pub fn profile_names(&self) -> Vec<String> {
        self.doc
            .get("profiles")
            .and_then(Item::as_table_like)
            .map(|t| t.iter().map(|(k, _)| k.to_owned()).collect())
            .unwrap_or_default()
    }

    /// Whether the profile exists.
    pub fn has_profile(&self, name: &str) -> bool {
        self.profile_names().iter().any(|n| n == name)
    }

    /// `default_profile`, if set.
    pub fn default_profile(&self) -> Option<String> {
        self.doc
            .get("default_profile")
            .and_then(Item::as_str)
            .map(str::to_owned)
    }

    /// The error for a profile that is not in the file, listing those that are.
    pub fn unknown_profile(&self, name: &str) -> Error {
        let names = self.profile_names();
        if names.is_empty() {
            Error::usage(format!(
                "unknown profile '{name}': {} has no profiles",
                self.path.display()
            ))
            .with_hint(format!("create it with `pbitoken config init -p {name}`"))
        } else {
            Error::usage(format!(
                "unknown profile '{}'; profiles in {}: {}",
                crate::shape::shorten(name, 64),
                self.path.display(),
                crate::shape::name_list(&names)
            ))
            .with_hint(format!("create it with `pbitoken config init -p {name}`"))
        }
    }

    fn profile_mut(&mut self, name: &str) -> Result<&mut dyn toml_edit::TableLike, Error> {
        if !self.has_profile(name) {
            return Err(self.unknown_profile(name));
        }
        Ok(self.doc["profiles"][name]
            .as_table_like_mut()
            .expect("profiles are tables: the schema was checked on open"))
    }

    /// Sets `key` of an existing profile. The value keeps the old one's
    /// spacing and trailing comment. Naming one secret source removes the
    /// other two (a profile names one); their keys are returned.
    pub fn set(&mut self, name: &str, key: &str, value: &str) -> Result<Vec<String>, Error> {
        check_key(key)?;
        check_value(key, value)?;
        let mut removed = Vec::new();
        if SECRET_SOURCES.contains(&key) {
            let table = self.profile_mut(name)?;
            let replaced = if table.contains_key(key) {
                None
            } else {
                SECRET_SOURCES
                    .into_iter()
                    .find(|k| *k != key && table.contains_key(k))
            };
            if let Some(old) = replaced {
                // The new source takes the old one's line, comment and all.
                replace_key(table, old, key, value);
                removed.push(old.to_owned());
            }
            for other in SECRET_SOURCES.iter().filter(|k| **k != key) {
                if self.unset(name, other)? {
                    removed.push((*other).to_owned());
                }
            }
            if replaced.is_some() {
                return Ok(removed);
            }
        }
        let table = self.profile_mut(name)?;
        match table.get_mut(key) {
            Some(Item::Value(old)) => {
                let decor = old.decor().clone();
                let mut new = Value::from(value);
                *new.decor_mut() = decor;
                *old = new;
            }
            _ => {
                table.insert(key, toml_edit::value(value));
            }
        }
        self.check_rules_after(name, key)?;
        Ok(removed)
    }

    /// Removes `key` from an existing profile; whether it was there. Comment
    /// lines above the key stay in the file.
    pub fn unset(&mut self, name: &str, key: &str) -> Result<bool, Error> {
        check_key(key)?;
        let position = self.table_position(name);
        let table = self.profile_mut(name)?;
        let Some(index) = table.iter().position(|(k, _)| k == key) else {
            return Ok(false);
        };
        let prefix = table
            .key(key)
            .and_then(|k| k.leaf_decor().prefix())
            .and_then(|p| p.as_str())
            .unwrap_or("")
            .to_owned();
        table.remove(key);
        if prefix.contains('#') {
            self.keep_comments(name, index, position, prefix);
        }
        self.check_rules_after(name, key)?;
        Ok(true)
    }

    /// Puts the comment lines that sat above a removed key in front of
    /// whatever now follows it: the next key, else the next table header,
    /// else the end of the file.
    fn keep_comments(
        &mut self,
        name: &str,
        index: usize,
        position: Option<isize>,
        comments: String,
    ) {
        let prepend = |decor: &mut toml_edit::Decor| {
            let old = decor
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_owned();
            decor.set_prefix(format!("{comments}{old}"));
        };
        if let Some(table) = self.doc["profiles"][name].as_table_mut() {
            if let Some((mut key, _)) = table.iter_mut().nth(index) {
                prepend(key.leaf_decor_mut());
                return;
            }
        }
        if let Some(next) = position.and_then(|p| next_table(&mut self.doc, p)) {
            prepend(next.decor_mut());
            return;
        }
        let trailing = self.doc.trailing().as_str().unwrap_or("").to_owned();
        self.doc.set_trailing(format!("{comments}{trailing}"));
    }

    fn table_position(&self, name: &str) -> Option<isize> {
        self.doc
            .get("profiles")
            .and_then(|p| p.get(name))
            .and_then(Item::as_table)
            .and_then(Table::position)
    }

    /// Adds a profile with these keys (in this order), or with `replace`
    /// replaces the keys of an existing one in place.
    pub fn put_profile(
        &mut self,
        name: &str,
        fields: &[(&str, String)],
        replace: bool,
    ) -> Result<(), Error> {
        check_profile_name(name)?;
        for (key, value) in fields {
            check_key(key)?;
            check_value(key, value)?;
        }
        if self.has_profile(name) {
            if !replace {
                return Err(Error::usage(format!(
                    "profile '{name}' already exists in {}",
                    self.path.display()
                ))
                .with_hint(
                    "pass --force to replace it, or change single keys with `pbitoken config set`",
                ));
            }
            let table = self.profile_mut(name)?;
            table.clear();
            for (key, value) in fields {
                table.insert(key, toml_edit::value(value.as_str()));
            }
            return self.check_profile(name);
        }
        let next_position = max_position(self.doc.as_table()).map_or(1, |p| p + 1);
        let had_content = !self.doc.to_string().trim().is_empty();
        let profiles = self
            .doc
            .entry("profiles")
            .or_insert_with(|| {
                let mut t = Table::new();
                t.set_implicit(true);
                Item::Table(t)
            })
            .as_table_mut()
            .ok_or_else(|| Error::usage("`profiles` in the config file is not a table"))?;
        let mut table = Table::new();
        for (key, value) in fields {
            table.insert(key, toml_edit::value(value.as_str()));
        }
        table.set_position(Some(next_position));
        if had_content {
            table.decor_mut().set_prefix("\n");
        }
        profiles.insert(name, Item::Table(table));
        self.check_profile(name)
    }

    /// Removes a profile (its header's comments go with it); clears
    /// `default_profile` if it named this one, and says so by returning true.
    pub fn remove_profile(&mut self, name: &str) -> Result<bool, Error> {
        if !self.has_profile(name) {
            return Err(self.unknown_profile(name));
        }
        if let Some(profiles) = self.doc["profiles"].as_table_like_mut() {
            profiles.remove(name);
        }
        let was_default = self.default_profile().as_deref() == Some(name);
        if was_default {
            self.doc.remove("default_profile");
        }
        Ok(was_default)
    }

    /// Sets `default_profile` to an existing profile.
    pub fn set_default(&mut self, name: &str) -> Result<(), Error> {
        if !self.has_profile(name) {
            return Err(self.unknown_profile(name));
        }
        match self.doc.get_mut("default_profile") {
            Some(Item::Value(old)) => {
                let decor = old.decor().clone();
                let mut new = Value::from(name);
                *new.decor_mut() = decor;
                *old = new;
            }
            _ => {
                self.doc.insert("default_profile", toml_edit::value(name));
            }
        }
        Ok(())
    }

    /// Writes the file: checked against the schema once more, then
    /// atomically with mode 0600, its folder created 0700 if missing. A
    /// symlinked config file is followed, so the link stays a link.
    pub fn save(&self) -> Result<(), Error> {
        let text = self.text();
        super::parse(&text).map_err(|msg| {
            Error::new(
                crate::error::ExitCode::Failure,
                format!("internal error: the edited config would not parse ({msg}); nothing was written"),
            )
        })?;
        write_config(&self.path, text.as_bytes()).map_err(|e| {
            Error::usage(format!(
                "cannot write config file {}: {e}",
                self.path.display()
            ))
        })
    }
}

/// Replaces key `old` by `new` = `value` at the same place, keeping the
/// old line's comments and spacing. Tables keep insertion order, so the
/// keys after it are taken out and put back.
fn replace_key(table: &mut dyn toml_edit::TableLike, old: &str, new: &str, value: &str) {
    let names: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    let Some(at) = names.iter().position(|n| n == old) else {
        return;
    };
    let mut tail = Vec::new();
    for n in &names[at..] {
        if let (Some(key), Some(item)) = (table.key(n).cloned(), table.remove(n)) {
            tail.push((key, item));
        }
    }
    let (old_key, old_item) = tail.remove(0);
    let mut key = toml_edit::Key::new(new);
    *key.leaf_decor_mut() = old_key.leaf_decor().clone();
    let mut item = Value::from(value);
    if let Some(old_value) = old_item.as_value() {
        *item.decor_mut() = old_value.decor().clone();
    }
    table.entry_format(&key).or_insert(Item::Value(item));
    for (key, item) in tail {
        table.entry_format(&key).or_insert(item);
    }
}

/// The largest table position in the document.
fn max_position(table: &Table) -> Option<isize> {
    let mut max = table.position();
    for (_, item) in table.iter() {
        if let Some(t) = item.as_table() {
            max = max.max(max_position(t));
        }
    }
    max
}

/// The table whose header comes first after the one at `after`.
fn next_table(doc: &mut DocumentMut, after: isize) -> Option<&mut Table> {
    // Find its path first, then walk down to it mutably.
    fn find(
        table: &Table,
        after: isize,
        path: &mut Vec<String>,
        best: &mut Option<(isize, Vec<String>)>,
    ) {
        for (key, item) in table.iter() {
            if let Some(t) = item.as_table() {
                path.push(key.to_owned());
                if let Some(p) = t.position().filter(|p| *p > after) {
                    if best.as_ref().is_none_or(|(b, _)| p < *b) {
                        *best = Some((p, path.clone()));
                    }
                }
                find(t, after, path, best);
                path.pop();
            }
        }
    }
    let mut best = None;
    find(doc.as_table(), after, &mut Vec::new(), &mut best);
    let (_, path) = best?;
    let mut table = doc.as_table_mut();
    for key in path {
        table = table.get_mut(&key)?.as_table_mut()?;
    }
    Some(table)
}

/// Writes the config file atomically, mode 0600.
pub fn write_config(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Follow a symlink (dotfile managers link the config), so the rename
    // replaces the file it points at, not the link.
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // Missing folders are made 0700; one that is there is used as it is:
    // `--config` may point into a folder that is not ours to chmod.
    crate::private::create_missing_dirs(&dir)?;
    crate::private::write_atomic(&dir, &path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"# my pbitoken profiles
default_profile = "prod"   # the usual one

[profiles.prod]                       # app owns data
tenant = "contoso.onmicrosoft.com"    # verified domain
client_id = "11111111-2222-3333-4444-555555555555"
# where the secret lives
client_secret_env = "PBI_PROD_SECRET"

# a user
[profiles.me]
tenant = 'contoso.onmicrosoft.com'
auth = "password"
# the UPN
username = "alice@contoso.com"
"#;

    fn editor(text: &str) -> Editor {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        Editor::open(&path).unwrap()
    }

    #[test]
    fn untouched_document_round_trips() {
        assert_eq!(editor(FILE).text(), FILE);
    }

    #[test]
    fn set_existing_keeps_spacing_and_comment() {
        let mut e = editor(FILE);
        e.set("prod", "tenant", "fabrikam.onmicrosoft.com").unwrap();
        assert_eq!(
            e.text(),
            FILE.replace(
                "tenant = \"contoso.onmicrosoft.com\"    # verified domain",
                "tenant = \"fabrikam.onmicrosoft.com\"    # verified domain"
            )
        );
    }

    #[test]
    fn set_new_key_goes_after_the_profiles_last_key() {
        let mut e = editor(FILE);
        e.set("prod", "cloud", "usgov").unwrap();
        assert_eq!(
            e.text(),
            FILE.replace(
                "client_secret_env = \"PBI_PROD_SECRET\"\n",
                "client_secret_env = \"PBI_PROD_SECRET\"\ncloud = \"usgov\"\n"
            )
        );
    }

    #[test]
    fn unset_keeps_the_comment_above_the_key() {
        let mut e = editor(FILE);
        assert!(e.unset("prod", "client_secret_env").unwrap());
        assert_eq!(
            e.text(),
            FILE.replace("client_secret_env = \"PBI_PROD_SECRET\"\n", "")
        );
        let mut e = editor(FILE);
        assert!(e.unset("me", "username").unwrap());
        assert_eq!(
            e.text(),
            FILE.replace("username = \"alice@contoso.com\"\n", "")
        );
        let mut e = editor(FILE);
        assert!(e.unset("me", "tenant").unwrap());
        assert_eq!(
            e.text(),
            FILE.replace("tenant = 'contoso.onmicrosoft.com'\n", "")
        );
        assert!(!e.unset("me", "tenant").unwrap());
    }

    #[test]
    fn one_secret_source_replaces_the_others() {
        let mut e = editor(FILE);
        let removed = e.set("prod", "client_secret_file", "prod.secret").unwrap();
        assert_eq!(removed, ["client_secret_env"]);
        assert!(e.text().contains("client_secret_file = \"prod.secret\""));
        assert!(!e.text().contains("client_secret_env"));
    }

    #[test]
    fn put_profile_adds_refuses_and_replaces() {
        let mut e = editor(FILE);
        let fields = [
            ("tenant", "contoso.onmicrosoft.com".to_owned()),
            (
                "client_id",
                "11111111-2222-3333-4444-555555555556".to_owned(),
            ),
        ];
        e.put_profile("ci", &fields, false).unwrap();
        assert_eq!(
            e.text(),
            format!("{FILE}\n[profiles.ci]\ntenant = \"contoso.onmicrosoft.com\"\nclient_id = \"11111111-2222-3333-4444-555555555556\"\n")
        );
        let err = e.put_profile("prod", &fields, false).unwrap_err();
        assert!(err.message.contains("already exists"), "{err}");
        e.put_profile("prod", &fields, true).unwrap();
        let cfg = crate::config::parse(&e.text()).unwrap();
        assert_eq!(cfg.profiles["prod"].client_secret_env, None);
        assert!(e.text().starts_with("# my pbitoken profiles\n"));
    }

    #[test]
    fn put_profile_into_an_empty_file() {
        let mut e = editor("");
        e.put_profile(
            "default",
            &[("tenant", "contoso.onmicrosoft.com".into())],
            false,
        )
        .unwrap();
        e.set_default("default").unwrap();
        assert_eq!(
            e.text(),
            "default_profile = \"default\"\n\n[profiles.default]\ntenant = \"contoso.onmicrosoft.com\"\n"
        );
    }

    #[test]
    fn remove_and_use() {
        let mut e = editor(FILE);
        assert!(e.remove_profile("prod").unwrap());
        assert_eq!(e.default_profile(), None);
        assert_eq!(e.profile_names(), ["me"]);
        assert!(e.remove_profile("prod").is_err());
        e.set_default("me").unwrap();
        assert_eq!(e.default_profile().as_deref(), Some("me"));
        let mut e = editor(FILE);
        e.set_default("me").unwrap();
        assert_eq!(
            e.text(),
            FILE.replace("default_profile = \"prod\"", "default_profile = \"me\"")
        );
        assert!(e.set_default("nope").is_err());
    }

    #[test]
    fn values_are_checked() {
        assert!(check_value("client_id", "11111111-2222-3333-4444-555555555555").is_ok());
        assert!(check_value("client_id", "not-a-guid").is_err());
        assert!(check_value("tenant", "contoso.onmicrosoft.com").is_ok());
        assert!(check_value("tenant", "organizations").is_ok());
        assert!(check_value("tenant", "contoso").is_err());
        assert!(check_value("auth", "password").is_ok());
        assert!(check_value("auth", "secret").is_err());
        assert!(check_value("cloud", "mars").is_err());
        assert!(check_value("endpoint", "v3").is_err());
        assert!(check_value("authority_host", "ftp://x").is_err());
        assert!(check_value("client_secret_env", "MY_SECRET").is_ok());
        let err = check_value("client_secret_env", "Ab8Q~sec.ret").unwrap_err();
        assert!(!err.message.contains("Ab8Q"), "{err}");
        assert!(check_value("username", "alice@contoso.com").is_ok());
        assert!(check_value("username", "alice").is_err());
        assert!(check_value("tenant", "a\nb.com").is_err());
        assert!(check_key("tennant").is_err());
        assert!(check_profile_name("prod-2.eu").is_ok());
        assert!(check_profile_name("a b").is_err());
        assert!(check_profile_name("").is_err());
    }
}
