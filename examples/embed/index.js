// Asks `pbitoken serve` for an embed config and embeds the report with
// powerbi-client, as the WireBootstrap sample's index.js does with its
// TokensController. Open index.html?report=REPORT_ID[&server=URL].
"use strict";

const params = new URLSearchParams(window.location.search);
const server = params.get("server") || "http://127.0.0.1:8765";
const reportId = params.get("report");
const statusEl = document.getElementById("status");
const expiryEl = document.getElementById("expiry");
// Renew this long before the token expires (pbitoken serve renews its own
// copy when less than --min-validity is left).
const RENEW_BEFORE_MS = 2 * 60 * 1000;

function say(text, blocked) {
  statusEl.textContent = text;
  statusEl.className = blocked ? "blocked" : "";
}

// GET /embed?report=ID. The Content-Type header makes this a request the
// browser checks with a CORS preflight first, as the sample's JSON call is.
async function embedConfig() {
  const url = server + "/embed?report=" + encodeURIComponent(reportId);
  let response;
  try {
    response = await fetch(url, { headers: { "Content-Type": "application/json" } });
  } catch (e) {
    throw new Error("no embed config from " + server + ": the browser blocked or lost the request ("
      + e.message + "). If this page's origin, " + window.location.origin
      + ", is not an --allow-origin of pbitoken serve, the browser gets no answer (CORS).");
  }
  const body = await response.json();
  if (!response.ok) {
    throw new Error("pbitoken serve answered " + response.status + ": " + body.error
      + (body.hint ? " (hint: " + body.hint + ")" : ""));
  }
  return body;
}

function showExpiry(answer) {
  expiryEl.textContent = answer.expiration;
}

async function main() {
  if (!reportId) {
    say("add ?report=REPORT_ID to this page's address", true);
    return;
  }
  let answer;
  try {
    answer = await embedConfig();
  } catch (e) {
    say(e.message, true);
    return;
  }
  showExpiry(answer);
  const models = window["powerbi-client"].models;
  const config = Object.assign({}, answer.config, {
    tokenType: models.TokenType.Embed,
    settings: { panes: { filters: { visible: false } } },
  });
  const report = powerbi.embed(document.getElementById("report"), config);
  report.on("loaded", (event) => {
    const d = event.detail || {};
    say("report " + (d.report || reportId) + " loaded; embed token accepted");
  });
  report.on("error", (event) => say("report error: " + JSON.stringify(event.detail), true));

  // Renew the token before it expires, without reloading the report.
  const renew = async () => {
    try {
      const next = await embedConfig();
      await report.setAccessToken(next.config.accessToken);
      showExpiry(next);
      schedule(next);
    } catch (e) {
      say("cannot renew the embed token: " + e.message, true);
    }
  };
  const schedule = (a) => {
    const wait = Math.max(a.expires_on * 1000 - Date.now() - RENEW_BEFORE_MS, 30 * 1000);
    setTimeout(renew, wait);
  };
  schedule(answer);
}

main();
