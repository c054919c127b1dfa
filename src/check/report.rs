//! The report as text for people (aligned columns, a `hint:` line under a
//! failure, colour on a terminal) or as one JSON document for scripts.
//! Every string passes through the secret redaction: details quote
//! answers from the network.

use serde_json::{json, Value};

use crate::error::one_line;
use crate::secret::redact;

use super::{Report, Status};

const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";
/// Wide enough for the longest step name, `credential`.
const NAME_WIDTH: usize = 10;

impl Report {
    /// The human report, one line per step, newline included.
    pub fn render(&self, color: bool) -> String {
        let paint = |code: &str, text: &str| {
            if color {
                format!("{code}{text}{RESET}")
            } else {
                text.to_owned()
            }
        };
        let mut out = match &self.profile {
            Some(p) => format!("pbitoken check: profile {}\n", one_line(p)),
            None => "pbitoken check\n".to_owned(),
        };
        for step in &self.steps {
            let (word, code) = match step.status {
                Status::Pass => ("PASS", GREEN),
                Status::Fail => ("FAIL", RED),
                Status::Skip => ("SKIP", YELLOW),
            };
            out.push_str(&format!(
                "  {}  {:<NAME_WIDTH$}  {}\n",
                paint(code, word),
                step.name,
                one_line(&step.detail)
            ));
            if let Some(hint) = &step.hint {
                out.push_str(&format!(
                    "  {:4}  {:NAME_WIDTH$}  {} {}\n",
                    "",
                    "",
                    paint(BOLD, "hint:"),
                    one_line(hint)
                ));
            }
        }
        let count = |s: Status| self.steps.iter().filter(|x| x.status == s).count();
        let failed: Vec<&str> = self
            .steps
            .iter()
            .filter(|s| s.status == Status::Fail)
            .map(|s| s.name)
            .collect();
        let tally = format!(
            "{} passed, {} failed, {} skipped",
            count(Status::Pass),
            count(Status::Fail),
            count(Status::Skip)
        );
        if failed.is_empty() {
            out.push_str(&format!("{} {tally}\n", paint(GREEN, "ok:")));
        } else {
            out.push_str(&format!(
                "{} {tally} (failed: {})\n",
                paint(RED, "FAILED:"),
                failed.join(", ")
            ));
        }
        redact(&out)
    }

    /// The `--json` document (SPEC.md), newline included.
    pub fn to_json(&self) -> String {
        let steps: Vec<Value> = self
            .steps
            .iter()
            .map(|s| {
                json!({
                    "name": s.name,
                    "status": s.status.name(),
                    "detail": redact(&one_line(&s.detail)),
                    "hint": s.hint.as_deref().map(|h| redact(&one_line(h))),
                })
            })
            .collect();
        let doc = json!({
            "profile": self.profile,
            "ok": self.ok(),
            "steps": steps,
            "claims": self.claims,
        });
        let mut text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "null".into());
        text.push('\n');
        // Claims are no secret, but a redaction pass costs nothing and
        // guards against a server that echoes one into a claim.
        redact(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Failure, Report};
    use super::*;

    fn sample() -> Report {
        let mut r = Report {
            profile: Some("prod".into()),
            ..Report::default()
        };
        r.pass("profile", "prod: fine");
        r.fail(
            "credential",
            Failure::new("no secret\r\n\x1b[2J", "export IT"),
        );
        r.skip("tenant", "skipped");
        r
    }

    #[test]
    fn columns_line_up_and_the_hint_sits_under_the_failure() {
        let text = sample().render(false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "pbitoken check: profile prod");
        assert_eq!(lines[1], "  PASS  profile     prod: fine");
        assert_eq!(lines[2], "  FAIL  credential  no secret [2J");
        assert_eq!(lines[3], "                    hint: export IT");
        assert_eq!(lines[4], "  SKIP  tenant      skipped");
        assert_eq!(
            lines[5],
            "FAILED: 1 passed, 1 failed, 1 skipped (failed: credential)"
        );
        assert!(!text.contains('\x1b'));
        assert!(sample().render(true).contains("\x1b[31mFAIL\x1b[0m"));
    }

    #[test]
    fn json_has_the_spec_shape() {
        let v: Value = serde_json::from_str(&sample().to_json()).unwrap();
        assert_eq!(v["profile"], "prod");
        assert_eq!(v["ok"], false);
        assert_eq!(v["steps"][0]["hint"], Value::Null);
        assert_eq!(v["steps"][1]["status"], "fail");
        assert_eq!(v["steps"][1]["hint"], "export IT");
        assert_eq!(v["claims"], Value::Null);
    }
}
