
use builtin;
use str;

set edit:completion:arg-completer[pbitoken] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'pbitoken'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'pbitoken'= {
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand token 'Print an access token for the Power BI REST API'
            cand check 'Test an app registration step by step: profile, credential, tenant, token, claims, api'
            cand api 'Call the Power BI (or Fabric) REST API with the token attached'
            cand config 'Manage profiles and the config file'
            cand cache 'List or clear cached tokens'
            cand embed 'Print an embed token for reports (app owns data), for powerbi-client'
            cand serve 'Serve embed (and access) tokens over local HTTP to a web page or a sidecar'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pbitoken;token'= {
            cand --tenant 'Tenant GUID or verified domain (or `organizations` for user sign-in)'
            cand --client-id 'Application (client) id'
            cand --auth 'How to sign in'
            cand --username 'Username for the password grant'
            cand --cloud 'National cloud'
            cand --resource 'Resource URI the token is for (v1), also the base of the default scope'
            cand --scope 'Scope (v2)'
            cand --endpoint 'Token endpoint version: v2 sends scope, v1 sends resource'
            cand --authority-host 'Authority host, e.g. https://login.microsoftonline.com'
            cand -o 'Output format: token, json, header (Authorization: Bearer ...), env (export PBI_TOKEN=...), claims'
            cand --output 'Output format: token, json, header (Authorization: Bearer ...), env (export PBI_TOKEN=...), claims'
            cand --min-validity 'Reuse a cached token only if it has at least this many seconds left'
            cand --login-timeout 'Browser sign-in: seconds to wait for the sign-in to finish'
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand --no-cache 'Neither read nor write the token cache'
            cand --force-refresh 'Ask the authority even if the cache holds a valid token'
            cand --password-stdin 'Read the password (password grant) from the first line of stdin'
            cand --no-browser 'Browser sign-in: only print the sign-in URL, open no browser'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;check'= {
            cand --tenant 'Tenant GUID or verified domain (or `organizations` for user sign-in)'
            cand --client-id 'Application (client) id'
            cand --auth 'How to sign in'
            cand --username 'Username for the password grant'
            cand --cloud 'National cloud'
            cand --resource 'Resource URI the token is for (v1), also the base of the default scope'
            cand --scope 'Scope (v2)'
            cand --endpoint 'Token endpoint version: v2 sends scope, v1 sends resource'
            cand --authority-host 'Authority host, e.g. https://login.microsoftonline.com'
            cand --login-timeout 'Browser sign-in: seconds to wait for the sign-in to finish'
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand --api 'Also call the Power BI REST API with the token (GET /v1.0/myorg/groups?$top=1)'
            cand --json 'Print the report as one JSON document'
            cand --no-browser 'Browser sign-in: only print the sign-in URL, open no browser'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;api'= {
            cand --tenant 'Tenant GUID or verified domain (or `organizations` for user sign-in)'
            cand --client-id 'Application (client) id'
            cand --auth 'How to sign in'
            cand --username 'Username for the password grant'
            cand --cloud 'National cloud'
            cand --resource 'Resource URI the token is for (v1), also the base of the default scope'
            cand --scope 'Scope (v2)'
            cand --endpoint 'Token endpoint version: v2 sends scope, v1 sends resource'
            cand --authority-host 'Authority host, e.g. https://login.microsoftonline.com'
            cand --login-timeout 'Browser sign-in: seconds to wait for the sign-in to finish'
            cand -X 'HTTP method [default: GET, or POST with fields or --input]'
            cand --method 'HTTP method [default: GET, or POST with fields or --input]'
            cand -H 'Add a request header ''Name: value'' (repeatable); an Authorization header is refused'
            cand --header 'Add a request header ''Name: value'' (repeatable); an Authorization header is refused'
            cand -f 'Add a string field (repeatable): query parameter for GET, JSON body otherwise'
            cand --raw-field 'Add a string field (repeatable): query parameter for GET, JSON body otherwise'
            cand -F 'Add a typed field (repeatable): true, false, null, numbers as JSON; @FILE or @- reads text'
            cand --field 'Add a typed field (repeatable): true, false, null, numbers as JSON; @FILE or @- reads text'
            cand --input 'Send this file (- for stdin) as the request body, as it is'
            cand --jq 'Filter a JSON answer with jq syntax (strings raw, one result a line)'
            cand --output-file 'Write the body to this file instead of stdout (atomically, mode 0644)'
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand --no-browser 'Browser sign-in: only print the sign-in URL, open no browser'
            cand --paginate 'Follow @odata.nextLink / continuationUri / continuationToken; print one JSON document'
            cand -i 'Print the status line and response headers first'
            cand --include 'Print the status line and response headers first'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;config'= {
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand init 'Create a profile (named by -p, default `default`); asks on a terminal for what the flags do not give'
            cand list 'List the profiles: name, tenant, client id, auth method; `*` marks the default'
            cand show 'Show a profile''s effective settings and where each comes from (secrets as ****)'
            cand set 'Set one key of an existing profile, keeping the rest of the file as it is'
            cand unset 'Remove one key from a profile, keeping the rest of the file as it is'
            cand remove 'Remove a profile'
            cand use 'Make a profile the default (sets default_profile)'
            cand path 'Print the config file''s path'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pbitoken;config;init'= {
            cand --tenant 'Tenant GUID or verified domain (or `organizations` for user sign-in)'
            cand --client-id 'Application (client) id'
            cand --auth 'How to sign in [default: client_secret]'
            cand --username 'Username (UPN) for the password grant'
            cand --client-secret-env 'Env var that will hold the client secret (recommended)'
            cand --client-secret-file 'File holding the client secret (a relative path is taken from the current folder)'
            cand --certificate-file 'PEM holding the certificate and its private key'
            cand --cloud 'National cloud [default: public]'
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand --force 'Replace the profile if it exists'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;config;list'= {
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand --names 'Only the names, one a line (for shell completion)'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;config;show'= {
            cand --tenant 'Tenant GUID or verified domain (or `organizations` for user sign-in)'
            cand --client-id 'Application (client) id'
            cand --auth 'How to sign in'
            cand --username 'Username for the password grant'
            cand --cloud 'National cloud'
            cand --resource 'Resource URI the token is for (v1), also the base of the default scope'
            cand --scope 'Scope (v2)'
            cand --endpoint 'Token endpoint version: v2 sends scope, v1 sends resource'
            cand --authority-host 'Authority host, e.g. https://login.microsoftonline.com'
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;config;set'= {
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;config;unset'= {
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;config;remove'= {
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;config;use'= {
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;config;path'= {
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;config;help'= {
            cand init 'Create a profile (named by -p, default `default`); asks on a terminal for what the flags do not give'
            cand list 'List the profiles: name, tenant, client id, auth method; `*` marks the default'
            cand show 'Show a profile''s effective settings and where each comes from (secrets as ****)'
            cand set 'Set one key of an existing profile, keeping the rest of the file as it is'
            cand unset 'Remove one key from a profile, keeping the rest of the file as it is'
            cand remove 'Remove a profile'
            cand use 'Make a profile the default (sets default_profile)'
            cand path 'Print the config file''s path'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pbitoken;config;help;init'= {
        }
        &'pbitoken;config;help;list'= {
        }
        &'pbitoken;config;help;show'= {
        }
        &'pbitoken;config;help;set'= {
        }
        &'pbitoken;config;help;unset'= {
        }
        &'pbitoken;config;help;remove'= {
        }
        &'pbitoken;config;help;use'= {
        }
        &'pbitoken;config;help;path'= {
        }
        &'pbitoken;config;help;help'= {
        }
        &'pbitoken;cache'= {
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List cached tokens: profile, what they are for, expiry (never a token)'
            cand clear 'Remove cached tokens: those of --profile NAME (default: the chosen profile), or --all'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pbitoken;cache;list'= {
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;cache;clear'= {
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand --all 'Remove every entry, of every profile'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;cache;help'= {
            cand list 'List cached tokens: profile, what they are for, expiry (never a token)'
            cand clear 'Remove cached tokens: those of --profile NAME (default: the chosen profile), or --all'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pbitoken;cache;help;list'= {
        }
        &'pbitoken;cache;help;clear'= {
        }
        &'pbitoken;cache;help;help'= {
        }
        &'pbitoken;embed'= {
            cand --tenant 'Tenant GUID or verified domain (or `organizations` for user sign-in)'
            cand --client-id 'Application (client) id'
            cand --auth 'How to sign in'
            cand --username 'Username for the password grant'
            cand --cloud 'National cloud'
            cand --resource 'Resource URI the token is for (v1), also the base of the default scope'
            cand --scope 'Scope (v2)'
            cand --endpoint 'Token endpoint version: v2 sends scope, v1 sends resource'
            cand --authority-host 'Authority host, e.g. https://login.microsoftonline.com'
            cand --login-timeout 'Browser sign-in: seconds to wait for the sign-in to finish'
            cand --workspace 'The workspace (group) id the reports are in'
            cand --report 'A report to embed (repeatable)'
            cand --dataset 'A dataset to add besides the reports'' own (repeatable)'
            cand --identity 'An effective identity for row-level security, USER[:ROLE,ROLE] (repeatable)'
            cand --lifetime 'Minutes the embed token may live (Power BI caps it at the access token''s expiry)'
            cand -o 'Output format: token, json, config (what powerbi-client''s powerbi.embed() takes)'
            cand --output 'Output format: token, json, config (what powerbi-client''s powerbi.embed() takes)'
            cand --min-validity 'Reuse a cached token only if it has at least this many seconds left'
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand --no-browser 'Browser sign-in: only print the sign-in URL, open no browser'
            cand --edit 'Allow editing the reports (also sends the workspace as a target workspace)'
            cand --no-cache 'Neither read nor write the token cache'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;serve'= {
            cand --tenant 'Tenant GUID or verified domain (or `organizations` for user sign-in)'
            cand --client-id 'Application (client) id'
            cand --auth 'How to sign in'
            cand --username 'Username for the password grant'
            cand --cloud 'National cloud'
            cand --resource 'Resource URI the token is for (v1), also the base of the default scope'
            cand --scope 'Scope (v2)'
            cand --endpoint 'Token endpoint version: v2 sends scope, v1 sends resource'
            cand --authority-host 'Authority host, e.g. https://login.microsoftonline.com'
            cand --listen 'Address and port to listen on (port 0 picks a free one)'
            cand --allow-origin 'A page origin that may ask for tokens, e.g. https://app.contoso.com (repeatable)'
            cand --workspace 'The workspace whose reports /embed answers for'
            cand --report 'A report /embed may answer for (repeatable) [default: every report of the workspace]'
            cand --identity 'An effective identity for row-level security, USER[:ROLE,ROLE] (repeatable)'
            cand --min-validity 'Renew a token when it has less than this many seconds left'
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand --access-token 'Also answer /token with the profile''s access token (it opens the whole API with the profile''s rights)'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;completions'= {
            cand --config 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]'
            cand -p 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --profile 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]'
            cand --timeout 'Seconds a request to the authority may take, retries included'
            cand --ca-file 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]'
            cand -v 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand --verbose 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted'
            cand -q 'No warnings on stderr, errors only'
            cand --quiet 'No warnings on stderr, errors only'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'pbitoken;help'= {
            cand token 'Print an access token for the Power BI REST API'
            cand check 'Test an app registration step by step: profile, credential, tenant, token, claims, api'
            cand api 'Call the Power BI (or Fabric) REST API with the token attached'
            cand config 'Manage profiles and the config file'
            cand cache 'List or clear cached tokens'
            cand embed 'Print an embed token for reports (app owns data), for powerbi-client'
            cand serve 'Serve embed (and access) tokens over local HTTP to a web page or a sidecar'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pbitoken;help;token'= {
        }
        &'pbitoken;help;check'= {
        }
        &'pbitoken;help;api'= {
        }
        &'pbitoken;help;config'= {
            cand init 'Create a profile (named by -p, default `default`); asks on a terminal for what the flags do not give'
            cand list 'List the profiles: name, tenant, client id, auth method; `*` marks the default'
            cand show 'Show a profile''s effective settings and where each comes from (secrets as ****)'
            cand set 'Set one key of an existing profile, keeping the rest of the file as it is'
            cand unset 'Remove one key from a profile, keeping the rest of the file as it is'
            cand remove 'Remove a profile'
            cand use 'Make a profile the default (sets default_profile)'
            cand path 'Print the config file''s path'
        }
        &'pbitoken;help;config;init'= {
        }
        &'pbitoken;help;config;list'= {
        }
        &'pbitoken;help;config;show'= {
        }
        &'pbitoken;help;config;set'= {
        }
        &'pbitoken;help;config;unset'= {
        }
        &'pbitoken;help;config;remove'= {
        }
        &'pbitoken;help;config;use'= {
        }
        &'pbitoken;help;config;path'= {
        }
        &'pbitoken;help;cache'= {
            cand list 'List cached tokens: profile, what they are for, expiry (never a token)'
            cand clear 'Remove cached tokens: those of --profile NAME (default: the chosen profile), or --all'
        }
        &'pbitoken;help;cache;list'= {
        }
        &'pbitoken;help;cache;clear'= {
        }
        &'pbitoken;help;embed'= {
        }
        &'pbitoken;help;serve'= {
        }
        &'pbitoken;help;completions'= {
        }
        &'pbitoken;help;help'= {
        }
    ]
    $completions[$command]
}
