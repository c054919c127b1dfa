#!/usr/bin/env bash
# The action's sign-in: exchanges the workflow's OIDC token for a Power BI
# access token (workload identity, no secret), masks it in the log, then
# exports it as PBI_TOKEN for the job's later steps. The token never goes to
# stdout or stderr unmasked: `::add-mask::` is printed before it is exported.
set -euo pipefail

if [ -z "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" ] || [ -z "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-}" ]; then
  echo "::error::no OIDC token for this job: give the job 'permissions: id-token: write'" >&2
  exit 1
fi
: "${GITHUB_ENV:?GITHUB_ENV is not set: run this as a GitHub Actions step}"

# The implicit environment profile, and no config file of the runner's
# that could choose another one.
export AZURE_TENANT_ID="${INPUT_TENANT_ID:?the tenant-id input is required}"
export AZURE_CLIENT_ID="${INPUT_CLIENT_ID:?the client-id input is required}"
if [ -n "${INPUT_AUTHORITY_HOST:-}" ]; then
  export AZURE_AUTHORITY_HOST="$INPUT_AUTHORITY_HOST"
fi
unset PBITOKEN_PROFILE AZURE_CLIENT_SECRET AZURE_CLIENT_CERTIFICATE_PATH AZURE_USERNAME AZURE_FEDERATED_TOKEN_FILE
PBITOKEN_CONFIG=$(mktemp "${RUNNER_TEMP:-/tmp}/pbitoken-action.XXXXXX")
export PBITOKEN_CONFIG
trap 'rm -f "$PBITOKEN_CONFIG"' EXIT
args=(token --no-cache --auth workload_identity --cloud "${INPUT_CLOUD:-public}")

token=$(pbitoken "${args[@]}")
echo "::add-mask::$token"
echo "PBI_TOKEN=$token" >> "$GITHUB_ENV"
echo "PBI_TOKEN is set for the next steps (masked in the log)"
