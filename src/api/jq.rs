//! `--jq FILTER`: jq syntax over a JSON body, through the jaq crates (a
//! maintained jq implementation in Rust with jq's standard library), so
//! `.value[].name`, `map(select(.isReadOnly | not))`, `test("re")` and the
//! rest behave as jq users expect.
//!
//! Output as `gh api --jq` prints it: each result on a line of its own,
//! strings raw (without quotes or escapes), everything else as compact JSON.

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{data, unwrap_valr, Compiler, Ctx, Vars};
use jaq_json::Val;

use crate::error::{one_line, Error, ExitCode};

/// A compiled `--jq` filter.
pub struct Jq {
    filter: jaq_core::Filter<data::JustLut<Val>>,
}

impl std::fmt::Debug for Jq {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Jq(..)")
    }
}

impl Jq {
    /// Parses and compiles a filter. A syntax error or an unknown
    /// function or variable is a usage error (exit 2) with a one-line
    /// message, so it is found before any request.
    pub fn compile(code: &str) -> Result<Jq, Error> {
        let defs = jaq_core::defs()
            .chain(jaq_std::defs())
            .chain(jaq_json::defs());
        let funs = jaq_core::funs()
            .chain(jaq_std::funs())
            .chain(jaq_json::funs());
        let loader = Loader::new(defs);
        let arena = Arena::default();
        let modules = loader
            .load(&arena, File { code, path: () })
            .map_err(|errs| syntax_error(code, errs.into_iter().map(|(_, e)| e).collect()))?;
        let filter = Compiler::default()
            .with_funs(funs)
            .compile(modules)
            .map_err(|errs| {
                let names: Vec<String> = errs
                    .into_iter()
                    .flat_map(|(_, es)| es)
                    .map(|(name, undefined)| format!("{} {name}", undefined.as_str()))
                    .collect();
                usage(format!("--jq: undefined {}", names.join(", ")))
            })?;
        Ok(Jq { filter })
    }

    /// Runs the filter on a JSON body and returns what to print: one line
    /// per result. A body that is not JSON is exit 4 (not the expected
    /// answer); an error the filter raises (`.a` on an array, `error("x")`)
    /// is exit 1, after nothing was printed.
    pub fn run(&self, body: &[u8]) -> Result<Vec<u8>, Error> {
        let body = super::strip_bom(body);
        let not_json = |why: String| {
            Error::unavailable(format!("--jq: the answer is not JSON ({})", one_line(&why)))
                .with_hint("drop --jq to see the answer as it is")
        };
        // The reader and printer below recurse: a hostile answer nested
        // deeper than serde_json's own limit is refused before them.
        if !depth_at_most(body, MAX_DEPTH) {
            return Err(not_json(format!("nested deeper than {MAX_DEPTH} levels")));
        }
        let input = jaq_json::read::parse_single(body).map_err(|e| not_json(e.to_string()))?;
        let ctx = Ctx::<data::JustLut<Val>>::new(&self.filter.lut, Vars::new([]));
        let mut out = Vec::new();
        for result in self.filter.id.run((ctx, input)).map(unwrap_valr) {
            let value = result.map_err(|e| {
                Error::new(
                    ExitCode::Failure,
                    format!("--jq: {}", truncate(&one_line(&e.to_string()), 300)),
                )
            })?;
            write_result(&mut out, &value);
        }
        Ok(out)
    }
}

/// How deep a JSON answer may nest (serde_json's limit too).
const MAX_DEPTH: usize = 128;

/// Whether arrays and objects nest at most `max` deep, counting brackets
/// outside strings; one pass, no allocation.
fn depth_at_most(body: &[u8], max: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in body {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return false;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    true
}

/// A string as its bytes, anything else as compact JSON; then a newline.
fn write_result(out: &mut Vec<u8>, value: &Val) {
    match value {
        Val::TStr(s) | Val::BStr(s) => out.extend_from_slice(s),
        other => {
            let pp = jaq_json::write::Pp::default();
            // Writing to a Vec cannot fail.
            let _ = jaq_json::write::write(out, &pp, 0, other);
        }
    }
    out.push(b'\n');
}

fn syntax_error(code: &str, errs: Vec<jaq_core::load::Error<&str>>) -> Error {
    use jaq_core::load::{lex, Error as E};
    let first = errs.into_iter().next();
    let (expected, found): (String, &str) = match &first {
        Some(E::Lex(es)) => match es.first() {
            Some((lex::Expect::Delim(open), rest)) => {
                (format!("a closing '{}'", closing(open)), rest)
            }
            Some((expect, rest)) => (lex_expect(expect).to_string(), rest),
            None => ("valid syntax".into(), ""),
        },
        Some(E::Parse(es)) => match es.first() {
            Some((expect, found)) => (parse_expect(expect), found),
            None => ("valid syntax".into(), ""),
        },
        Some(E::Io(es)) => match es.first() {
            Some((path, why)) => {
                return usage(format!(
                    "--jq: cannot load module {path}: {}",
                    one_line(why)
                ))
            }
            None => ("valid syntax".into(), ""),
        },
        None => ("valid syntax".into(), ""),
    };
    let at = if found.is_empty() {
        "at the end of the filter".to_string()
    } else {
        let offset = code.len().saturating_sub(found.len().min(code.len()));
        format!(
            "at '{}' (character {})",
            truncate(&one_line(found), 20),
            code[..offset].chars().count() + 1
        )
    };
    usage(format!("--jq: syntax error: expected {expected} {at}"))
}

fn closing(open: &str) -> &str {
    match open {
        "(" => ")",
        "[" => "]",
        "{" => "}",
        other => other,
    }
}

fn lex_expect(e: &jaq_core::load::lex::Expect<&str>) -> &'static str {
    use jaq_core::load::lex::Expect;
    match e {
        Expect::Digit => "a digit",
        Expect::Ident => "an identifier",
        Expect::Escape => "a string escape sequence",
        Expect::Unicode => "a 4-digit hexadecimal code point",
        Expect::Token => "a token",
        // `Delim` is handled by the caller; the enum is non-exhaustive.
        _ => "valid syntax",
    }
}

fn parse_expect(e: &jaq_core::load::parse::Expect<&str>) -> String {
    format!("'{}'", e.as_str())
        .replace("'term'", "a term")
        .replace("'nothing'", "nothing more")
}

fn usage(message: String) -> Error {
    Error::usage(message)
        .with_hint("--jq takes jq syntax, e.g. '.value[].name' or '.value | length'")
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jq(filter: &str, body: &str) -> String {
        String::from_utf8(Jq::compile(filter).unwrap().run(body.as_bytes()).unwrap()).unwrap()
    }

    const GROUPS: &str = r#"{"@odata.context":"x","value":[
        {"id":"g1","name":"Sales","isReadOnly":false,"n":12345678901234567890},
        {"id":"g2","name":"Fin\nance \"Q\"","isReadOnly":true,"n":1.5}]}"#;

    #[test]
    fn strings_raw_one_result_a_line() {
        assert_eq!(jq(".value[].id", GROUPS), "g1\ng2\n");
        assert_eq!(jq(".value[1].name", GROUPS), "Fin\nance \"Q\"\n");
        assert_eq!(jq(".value | length", GROUPS), "2\n");
        assert_eq!(
            jq(".value[0] | {id, isReadOnly}", GROUPS),
            "{\"id\":\"g1\",\"isReadOnly\":false}\n"
        );
        assert_eq!(
            jq(
                "[.value[].name | ascii_downcase]",
                r#"{"value":[{"name":"A"}]}"#
            ),
            "[\"a\"]\n"
        );
        assert_eq!(jq("empty", GROUPS), "");
        assert_eq!(jq(".a", "\u{feff}{\"a\": 1}\r\n"), "1\n");
        assert_eq!(jq(".missing", GROUPS), "null\n");
    }

    #[test]
    fn jq_standard_library() {
        assert_eq!(
            jq(".value | map(select(.isReadOnly | not)) | .[].name", GROUPS),
            "Sales\n"
        );
        assert_eq!(
            jq(".value[] | select(.name | test(\"^S\")) | .id", GROUPS),
            "g1\n"
        );
        assert_eq!(jq("[.value[].id] | join(\",\")", GROUPS), "g1,g2\n");
        assert_eq!(jq(".value[0].id | @base64", GROUPS), "ZzE=\n");
        assert_eq!(jq(".value[0] | {id} | @json", GROUPS), "{\"id\":\"g1\"}\n");
        assert_eq!(jq("[.value[] | .n] | sort | .[0]", GROUPS), "1.5\n");
        assert_eq!(jq(".value | to_entries | .[0].key", GROUPS), "0\n");
    }

    #[test]
    fn large_numbers_survive() {
        assert_eq!(jq(".value[0].n", GROUPS), "12345678901234567890\n");
    }

    #[test]
    fn syntax_errors_are_usage_errors_on_one_line() {
        for bad in [
            ".value[",
            ".a |",
            "{a:}",
            "if . then 1",
            ".[\"a",
            "map(",
            "@",
            "&",
            "foo_undefined_fn",
            "$x",
        ] {
            let e = Jq::compile(bad).expect_err(bad);
            assert_eq!(e.code, ExitCode::Usage, "{bad}");
            assert!(e.message.starts_with("--jq: "), "{}", e.message);
            assert!(!e.message.contains('\n'), "{}", e.message);
        }
        let e = Jq::compile("foo_undefined_fn").unwrap_err();
        assert!(e.message.contains("foo_undefined_fn"), "{}", e.message);
        let e = Jq::compile(".a | .b | ]").unwrap_err();
        assert!(e.message.contains("character 11"), "{}", e.message);
    }

    #[test]
    fn runtime_errors_and_non_json() {
        let f = Jq::compile(".value.name").unwrap();
        let e = f.run(GROUPS.as_bytes()).unwrap_err();
        assert_eq!(e.code, ExitCode::Failure);
        let e = Jq::compile("error(\"boom\\nhint: forged\")")
            .unwrap()
            .run(b"{}")
            .unwrap_err();
        assert!(!e.message.contains('\n'), "{}", e.message);
        let e = Jq::compile(".")
            .unwrap()
            .run(b"PK\x03\x04\x00\xff")
            .unwrap_err();
        assert_eq!(e.code, ExitCode::Unavailable);
        // Deep nesting is refused, not a stack overflow.
        let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
        let e = Jq::compile(".").unwrap().run(deep.as_bytes()).unwrap_err();
        assert_eq!(e.code, ExitCode::Unavailable);
        let deep = format!(
            "{{\"a\":\"[[[\\\"\",\"b\":{}{}}}",
            "{\"c\":".repeat(129),
            "1}".repeat(129)
        );
        assert_eq!(
            Jq::compile(".")
                .unwrap()
                .run(deep.as_bytes())
                .unwrap_err()
                .code,
            ExitCode::Unavailable
        );
        let ok = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(
            Jq::compile(".[0][0][0] | length")
                .unwrap()
                .run(ok.as_bytes())
                .unwrap(),
            b"1\n"
        );
    }
}
