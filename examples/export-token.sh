# Puts a Power BI access token in PBI_TOKEN for the commands that follow.
# Source it, so the variable stays in your shell:
#
#   . examples/export-token.sh [PROFILE]     # bash, zsh
#   export PBITOKEN_PROFILE=PROFILE; . examples/export-token.sh   # any sh (dash ignores arguments to `.`)
#   printf 'Authorization: Bearer %s\n' "$PBI_TOKEN" | curl -H @- https://api.powerbi.com/v1.0/myorg/groups
#
# Without PROFILE: PBITOKEN_PROFILE, else default_profile, else the AZURE_*
# variables. Tokens come from pbitoken's cache while they have 5 minutes
# left, so sourcing it again and again is cheap.
# shellcheck shell=sh

if PBI_TOKEN=$(pbitoken token ${1:+--profile "$1"}); then
  export PBI_TOKEN
else
  echo "export-token.sh: no token (the error above says why)" >&2
  # `return` when sourced, `exit` when run.
  return 1 2>/dev/null || exit 1
fi
