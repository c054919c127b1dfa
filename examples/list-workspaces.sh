#!/bin/sh
# Lists the Power BI workspaces the profile's identity can see:
# GET {api}/v1.0/myorg/groups through the Power BI REST API.
#
#   examples/list-workspaces.sh [PROFILE]
#
# The API base is the profile's (`api_base` in `pbitoken config show`, set
# by its cloud), or PBI_API_BASE. The token goes to curl on stdin
# (`-H @-`), so it never shows in the process list.
set -eu

profile=${1:-}
api=${PBI_API_BASE:-$(pbitoken config show ${profile:+"$profile"} | sed -n 's/^api_base = \([^ ]*\) .*/\1/p')}

pbitoken token -o header ${profile:+--profile "$profile"} |
  curl --fail --silent --show-error -H @- "$api/v1.0/myorg/groups?\$top=100"
echo
