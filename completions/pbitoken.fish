# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_pbitoken_global_optspecs
    string join \n config= p/profile= v/verbose q/quiet timeout= ca-file= h/help V/version
end

function __fish_pbitoken_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_pbitoken_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_pbitoken_using_subcommand
    set -l cmd (__fish_pbitoken_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c pbitoken -n "__fish_pbitoken_needs_command" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_needs_command" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_needs_command" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_needs_command" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_needs_command" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_needs_command" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_needs_command" -s V -l version -d 'Print version'
complete -c pbitoken -n "__fish_pbitoken_needs_command" -f -a "token" -d 'Print an access token for the Power BI REST API'
complete -c pbitoken -n "__fish_pbitoken_needs_command" -f -a "check" -d 'Test an app registration step by step: profile, credential, tenant, token, claims, api'
complete -c pbitoken -n "__fish_pbitoken_needs_command" -f -a "api" -d 'Call the Power BI (or Fabric) REST API with the token attached'
complete -c pbitoken -n "__fish_pbitoken_needs_command" -f -a "config" -d 'Manage profiles and the config file'
complete -c pbitoken -n "__fish_pbitoken_needs_command" -f -a "cache" -d 'List or clear cached tokens'
complete -c pbitoken -n "__fish_pbitoken_needs_command" -f -a "embed" -d 'Print an embed token for reports (app owns data), for powerbi-client'
complete -c pbitoken -n "__fish_pbitoken_needs_command" -f -a "serve" -d 'Serve embed (and access) tokens over local HTTP to a web page or a sidecar'
complete -c pbitoken -n "__fish_pbitoken_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c pbitoken -n "__fish_pbitoken_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l tenant -d 'Tenant GUID or verified domain (or `organizations` for user sign-in)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l client-id -d 'Application (client) id' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l auth -d 'How to sign in' -r -f -a "client_secret\t''
password\t''
certificate\t''
device_code\t''
workload_identity\t''
managed_identity\t''
azure_cli\t''
interactive\t''
auto\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l username -d 'Username for the password grant' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l cloud -d 'National cloud' -r -f -a "public\t''
usgov\t''
usgovhigh\t''
usgovdod\t''
china\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l resource -d 'Resource URI the token is for (v1), also the base of the default scope' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l scope -d 'Scope (v2)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l endpoint -d 'Token endpoint version: v2 sends scope, v1 sends resource' -r -f -a "v1\t''
v2\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l authority-host -d 'Authority host, e.g. https://login.microsoftonline.com' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -s o -l output -d 'Output format: token, json, header (Authorization: Bearer ...), env (export PBI_TOKEN=...), claims' -r -f -a "token\t''
json\t''
header\t''
env\t''
claims\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l min-validity -d 'Reuse a cached token only if it has at least this many seconds left' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l login-timeout -d 'Browser sign-in: seconds to wait for the sign-in to finish' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l no-cache -d 'Neither read nor write the token cache'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l force-refresh -d 'Ask the authority even if the cache holds a valid token'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l password-stdin -d 'Read the password (password grant) from the first line of stdin'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -l no-browser -d 'Browser sign-in: only print the sign-in URL, open no browser'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l tenant -d 'Tenant GUID or verified domain (or `organizations` for user sign-in)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l client-id -d 'Application (client) id' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l auth -d 'How to sign in' -r -f -a "client_secret\t''
password\t''
certificate\t''
device_code\t''
workload_identity\t''
managed_identity\t''
azure_cli\t''
interactive\t''
auto\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l username -d 'Username for the password grant' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l cloud -d 'National cloud' -r -f -a "public\t''
usgov\t''
usgovhigh\t''
usgovdod\t''
china\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l resource -d 'Resource URI the token is for (v1), also the base of the default scope' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l scope -d 'Scope (v2)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l endpoint -d 'Token endpoint version: v2 sends scope, v1 sends resource' -r -f -a "v1\t''
v2\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l authority-host -d 'Authority host, e.g. https://login.microsoftonline.com' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l login-timeout -d 'Browser sign-in: seconds to wait for the sign-in to finish' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l api -d 'Also call the Power BI REST API with the token (GET /v1.0/myorg/groups?$top=1)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l json -d 'Print the report as one JSON document'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -l no-browser -d 'Browser sign-in: only print the sign-in URL, open no browser'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l tenant -d 'Tenant GUID or verified domain (or `organizations` for user sign-in)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l client-id -d 'Application (client) id' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l auth -d 'How to sign in' -r -f -a "client_secret\t''
password\t''
certificate\t''
device_code\t''
workload_identity\t''
managed_identity\t''
azure_cli\t''
interactive\t''
auto\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l username -d 'Username for the password grant' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l cloud -d 'National cloud' -r -f -a "public\t''
usgov\t''
usgovhigh\t''
usgovdod\t''
china\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l resource -d 'Resource URI the token is for (v1), also the base of the default scope' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l scope -d 'Scope (v2)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l endpoint -d 'Token endpoint version: v2 sends scope, v1 sends resource' -r -f -a "v1\t''
v2\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l authority-host -d 'Authority host, e.g. https://login.microsoftonline.com' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l login-timeout -d 'Browser sign-in: seconds to wait for the sign-in to finish' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -s X -l method -d 'HTTP method [default: GET, or POST with fields or --input]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -s H -l header -d 'Add a request header \'Name: value\' (repeatable); an Authorization header is refused' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -s f -l raw-field -d 'Add a string field (repeatable): query parameter for GET, JSON body otherwise' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -s F -l field -d 'Add a typed field (repeatable): true, false, null, numbers as JSON; @FILE or @- reads text' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l input -d 'Send this file (- for stdin) as the request body, as it is' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l jq -d 'Filter a JSON answer with jq syntax (strings raw, one result a line)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l output-file -d 'Write the body to this file instead of stdout (atomically, mode 0644)' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l no-browser -d 'Browser sign-in: only print the sign-in URL, open no browser'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -l paginate -d 'Follow @odata.nextLink / continuationUri / continuationToken; print one JSON document'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -s i -l include -d 'Print the status line and response headers first'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand api" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -f -a "init" -d 'Create a profile (named by -p, default `default`); asks on a terminal for what the flags do not give'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -f -a "list" -d 'List the profiles: name, tenant, client id, auth method; `*` marks the default'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -f -a "show" -d 'Show a profile\'s effective settings and where each comes from (secrets as ****)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -f -a "set" -d 'Set one key of an existing profile, keeping the rest of the file as it is'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -f -a "unset" -d 'Remove one key from a profile, keeping the rest of the file as it is'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -f -a "remove" -d 'Remove a profile'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -f -a "use" -d 'Make a profile the default (sets default_profile)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -f -a "path" -d 'Print the config file\'s path'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and not __fish_seen_subcommand_from init list show set unset remove use path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -l tenant -d 'Tenant GUID or verified domain (or `organizations` for user sign-in)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -l client-id -d 'Application (client) id' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -l auth -d 'How to sign in [default: client_secret]' -r -f -a "client_secret\t''
password\t''
certificate\t''
device_code\t''
workload_identity\t''
managed_identity\t''
azure_cli\t''
interactive\t''
auto\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -l username -d 'Username (UPN) for the password grant' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -l client-secret-env -d 'Env var that will hold the client secret (recommended)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -l client-secret-file -d 'File holding the client secret (a relative path is taken from the current folder)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -l certificate-file -d 'PEM holding the certificate and its private key' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -l cloud -d 'National cloud [default: public]' -r -f -a "public\t''
usgov\t''
usgovhigh\t''
usgovdod\t''
china\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -l force -d 'Replace the profile if it exists'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from list" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from list" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from list" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from list" -l names -d 'Only the names, one a line (for shell completion)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from list" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -l tenant -d 'Tenant GUID or verified domain (or `organizations` for user sign-in)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -l client-id -d 'Application (client) id' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -l auth -d 'How to sign in' -r -f -a "client_secret\t''
password\t''
certificate\t''
device_code\t''
workload_identity\t''
managed_identity\t''
azure_cli\t''
interactive\t''
auto\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -l username -d 'Username for the password grant' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -l cloud -d 'National cloud' -r -f -a "public\t''
usgov\t''
usgovhigh\t''
usgovdod\t''
china\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -l resource -d 'Resource URI the token is for (v1), also the base of the default scope' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -l scope -d 'Scope (v2)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -l endpoint -d 'Token endpoint version: v2 sends scope, v1 sends resource' -r -f -a "v1\t''
v2\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -l authority-host -d 'Authority host, e.g. https://login.microsoftonline.com' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from set" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from set" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from set" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from set" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from set" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from unset" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from unset" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from unset" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from unset" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from unset" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from unset" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from remove" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from remove" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from remove" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from remove" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from use" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from use" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from use" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from use" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from use" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from use" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from path" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from path" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from path" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from path" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Create a profile (named by -p, default `default`); asks on a terminal for what the flags do not give'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the profiles: name, tenant, client id, auth method; `*` marks the default'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a profile\'s effective settings and where each comes from (secrets as ****)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set one key of an existing profile, keeping the rest of the file as it is'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Remove one key from a profile, keeping the rest of the file as it is'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a profile'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "use" -d 'Make a profile the default (sets default_profile)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the config file\'s path'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -f -a "list" -d 'List cached tokens: profile, what they are for, expiry (never a token)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -f -a "clear" -d 'Remove cached tokens: those of --profile NAME (default: the chosen profile), or --all'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and not __fish_seen_subcommand_from list clear help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from list" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from list" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from list" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from list" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from clear" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from clear" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from clear" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from clear" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from clear" -l all -d 'Remove every entry, of every profile'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from clear" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from clear" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "list" -d 'List cached tokens: profile, what they are for, expiry (never a token)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "clear" -d 'Remove cached tokens: those of --profile NAME (default: the chosen profile), or --all'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l tenant -d 'Tenant GUID or verified domain (or `organizations` for user sign-in)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l client-id -d 'Application (client) id' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l auth -d 'How to sign in' -r -f -a "client_secret\t''
password\t''
certificate\t''
device_code\t''
workload_identity\t''
managed_identity\t''
azure_cli\t''
interactive\t''
auto\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l username -d 'Username for the password grant' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l cloud -d 'National cloud' -r -f -a "public\t''
usgov\t''
usgovhigh\t''
usgovdod\t''
china\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l resource -d 'Resource URI the token is for (v1), also the base of the default scope' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l scope -d 'Scope (v2)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l endpoint -d 'Token endpoint version: v2 sends scope, v1 sends resource' -r -f -a "v1\t''
v2\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l authority-host -d 'Authority host, e.g. https://login.microsoftonline.com' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l login-timeout -d 'Browser sign-in: seconds to wait for the sign-in to finish' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l workspace -d 'The workspace (group) id the reports are in' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l report -d 'A report to embed (repeatable)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l dataset -d 'A dataset to add besides the reports\' own (repeatable)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l identity -d 'An effective identity for row-level security, USER[:ROLE,ROLE] (repeatable)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l lifetime -d 'Minutes the embed token may live (Power BI caps it at the access token\'s expiry)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -s o -l output -d 'Output format: token, json, config (what powerbi-client\'s powerbi.embed() takes)' -r -f -a "token\t''
json\t''
config\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l min-validity -d 'Reuse a cached token only if it has at least this many seconds left' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l no-browser -d 'Browser sign-in: only print the sign-in URL, open no browser'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l edit -d 'Allow editing the reports (also sends the workspace as a target workspace)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -l no-cache -d 'Neither read nor write the token cache'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand embed" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l tenant -d 'Tenant GUID or verified domain (or `organizations` for user sign-in)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l client-id -d 'Application (client) id' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l auth -d 'How to sign in' -r -f -a "client_secret\t''
password\t''
certificate\t''
device_code\t''
workload_identity\t''
managed_identity\t''
azure_cli\t''
interactive\t''
auto\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l username -d 'Username for the password grant' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l cloud -d 'National cloud' -r -f -a "public\t''
usgov\t''
usgovhigh\t''
usgovdod\t''
china\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l resource -d 'Resource URI the token is for (v1), also the base of the default scope' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l scope -d 'Scope (v2)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l endpoint -d 'Token endpoint version: v2 sends scope, v1 sends resource' -r -f -a "v1\t''
v2\t''"
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l authority-host -d 'Authority host, e.g. https://login.microsoftonline.com' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l listen -d 'Address and port to listen on (port 0 picks a free one)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l allow-origin -d 'A page origin that may ask for tokens, e.g. https://app.contoso.com (repeatable)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l workspace -d 'The workspace whose reports /embed answers for' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l report -d 'A report /embed may answer for (repeatable) [default: every report of the workspace]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l identity -d 'An effective identity for row-level security, USER[:ROLE,ROLE] (repeatable)' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l min-validity -d 'Renew a token when it has less than this many seconds left' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -l access-token -d 'Also answer /token with the profile\'s access token (it opens the whole API with the profile\'s rights)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand completions" -l config -d 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir\'s pbitoken/config.toml]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand completions" -s p -l profile -d 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand completions" -l timeout -d 'Seconds a request to the authority may take, retries included' -r
complete -c pbitoken -n "__fish_pbitoken_using_subcommand completions" -l ca-file -d 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy\'s [env: SSL_CERT_FILE]' -r -F
complete -c pbitoken -n "__fish_pbitoken_using_subcommand completions" -s v -l verbose -d 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand completions" -s q -l quiet -d 'No warnings on stderr, errors only'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and not __fish_seen_subcommand_from token check api config cache embed serve completions help" -f -a "token" -d 'Print an access token for the Power BI REST API'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and not __fish_seen_subcommand_from token check api config cache embed serve completions help" -f -a "check" -d 'Test an app registration step by step: profile, credential, tenant, token, claims, api'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and not __fish_seen_subcommand_from token check api config cache embed serve completions help" -f -a "api" -d 'Call the Power BI (or Fabric) REST API with the token attached'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and not __fish_seen_subcommand_from token check api config cache embed serve completions help" -f -a "config" -d 'Manage profiles and the config file'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and not __fish_seen_subcommand_from token check api config cache embed serve completions help" -f -a "cache" -d 'List or clear cached tokens'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and not __fish_seen_subcommand_from token check api config cache embed serve completions help" -f -a "embed" -d 'Print an embed token for reports (app owns data), for powerbi-client'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and not __fish_seen_subcommand_from token check api config cache embed serve completions help" -f -a "serve" -d 'Serve embed (and access) tokens over local HTTP to a web page or a sidecar'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and not __fish_seen_subcommand_from token check api config cache embed serve completions help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and not __fish_seen_subcommand_from token check api config cache embed serve completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Create a profile (named by -p, default `default`); asks on a terminal for what the flags do not give'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "list" -d 'List the profiles: name, tenant, client id, auth method; `*` marks the default'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Show a profile\'s effective settings and where each comes from (secrets as ****)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Set one key of an existing profile, keeping the rest of the file as it is'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "unset" -d 'Remove one key from a profile, keeping the rest of the file as it is'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "remove" -d 'Remove a profile'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "use" -d 'Make a profile the default (sets default_profile)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Print the config file\'s path'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "list" -d 'List cached tokens: profile, what they are for, expiry (never a token)'
complete -c pbitoken -n "__fish_pbitoken_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "clear" -d 'Remove cached tokens: those of --profile NAME (default: the chosen profile), or --all'

# Profile names, read from the config file when completing.
complete -c pbitoken -s p -l profile -x -a '(pbitoken config list --names 2>/dev/null)'
complete -c pbitoken -n "__fish_seen_subcommand_from config; and __fish_seen_subcommand_from show set unset remove use; and test (count (commandline -opc)) -le 3" -f -a '(pbitoken config list --names 2>/dev/null)'
