
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'pbitoken' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'pbitoken'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'pbitoken' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print an access token for the Power BI REST API')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Test an app registration step by step: profile, credential, tenant, token, claims, api')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Call the Power BI (or Fabric) REST API with the token attached')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Manage profiles and the config file')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'List or clear cached tokens')
            [CompletionResult]::new('embed', 'embed', [CompletionResultType]::ParameterValue, 'Print an embed token for reports (app owns data), for powerbi-client')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve embed (and access) tokens over local HTTP to a web page or a sidecar')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pbitoken;token' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant GUID or verified domain (or `organizations` for user sign-in)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Application (client) id')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to sign in')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for the password grant')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'National cloud')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource URI the token is for (v1), also the base of the default scope')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope (v2)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Token endpoint version: v2 sends scope, v1 sends resource')
            [CompletionResult]::new('--authority-host', '--authority-host', [CompletionResultType]::ParameterName, 'Authority host, e.g. https://login.microsoftonline.com')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: token, json, header (Authorization: Bearer ...), env (export PBI_TOKEN=...), claims')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: token, json, header (Authorization: Bearer ...), env (export PBI_TOKEN=...), claims')
            [CompletionResult]::new('--min-validity', '--min-validity', [CompletionResultType]::ParameterName, 'Reuse a cached token only if it has at least this many seconds left')
            [CompletionResult]::new('--login-timeout', '--login-timeout', [CompletionResultType]::ParameterName, 'Browser sign-in: seconds to wait for the sign-in to finish')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Neither read nor write the token cache')
            [CompletionResult]::new('--force-refresh', '--force-refresh', [CompletionResultType]::ParameterName, 'Ask the authority even if the cache holds a valid token')
            [CompletionResult]::new('--password-stdin', '--password-stdin', [CompletionResultType]::ParameterName, 'Read the password (password grant) from the first line of stdin')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Browser sign-in: only print the sign-in URL, open no browser')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;check' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant GUID or verified domain (or `organizations` for user sign-in)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Application (client) id')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to sign in')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for the password grant')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'National cloud')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource URI the token is for (v1), also the base of the default scope')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope (v2)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Token endpoint version: v2 sends scope, v1 sends resource')
            [CompletionResult]::new('--authority-host', '--authority-host', [CompletionResultType]::ParameterName, 'Authority host, e.g. https://login.microsoftonline.com')
            [CompletionResult]::new('--login-timeout', '--login-timeout', [CompletionResultType]::ParameterName, 'Browser sign-in: seconds to wait for the sign-in to finish')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--api', '--api', [CompletionResultType]::ParameterName, 'Also call the Power BI REST API with the token (GET /v1.0/myorg/groups?$top=1)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the report as one JSON document')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Browser sign-in: only print the sign-in URL, open no browser')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;api' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant GUID or verified domain (or `organizations` for user sign-in)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Application (client) id')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to sign in')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for the password grant')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'National cloud')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource URI the token is for (v1), also the base of the default scope')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope (v2)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Token endpoint version: v2 sends scope, v1 sends resource')
            [CompletionResult]::new('--authority-host', '--authority-host', [CompletionResultType]::ParameterName, 'Authority host, e.g. https://login.microsoftonline.com')
            [CompletionResult]::new('--login-timeout', '--login-timeout', [CompletionResultType]::ParameterName, 'Browser sign-in: seconds to wait for the sign-in to finish')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'HTTP method [default: GET, or POST with fields or --input]')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'HTTP method [default: GET, or POST with fields or --input]')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Add a request header ''Name: value'' (repeatable); an Authorization header is refused')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Add a request header ''Name: value'' (repeatable); an Authorization header is refused')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Add a string field (repeatable): query parameter for GET, JSON body otherwise')
            [CompletionResult]::new('--raw-field', '--raw-field', [CompletionResultType]::ParameterName, 'Add a string field (repeatable): query parameter for GET, JSON body otherwise')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'Add a typed field (repeatable): true, false, null, numbers as JSON; @FILE or @- reads text')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Add a typed field (repeatable): true, false, null, numbers as JSON; @FILE or @- reads text')
            [CompletionResult]::new('--input', '--input', [CompletionResultType]::ParameterName, 'Send this file (- for stdin) as the request body, as it is')
            [CompletionResult]::new('--jq', '--jq', [CompletionResultType]::ParameterName, 'Filter a JSON answer with jq syntax (strings raw, one result a line)')
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Write the body to this file instead of stdout (atomically, mode 0644)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Browser sign-in: only print the sign-in URL, open no browser')
            [CompletionResult]::new('--paginate', '--paginate', [CompletionResultType]::ParameterName, 'Follow @odata.nextLink / continuationUri / continuationToken; print one JSON document')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Print the status line and response headers first')
            [CompletionResult]::new('--include', '--include', [CompletionResultType]::ParameterName, 'Print the status line and response headers first')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;config' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a profile (named by -p, default `default`); asks on a terminal for what the flags do not give')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the profiles: name, tenant, client id, auth method; `*` marks the default')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a profile''s effective settings and where each comes from (secrets as ****)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one key of an existing profile, keeping the rest of the file as it is')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one key from a profile, keeping the rest of the file as it is')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a profile')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a profile the default (sets default_profile)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pbitoken;config;init' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant GUID or verified domain (or `organizations` for user sign-in)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Application (client) id')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to sign in [default: client_secret]')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username (UPN) for the password grant')
            [CompletionResult]::new('--client-secret-env', '--client-secret-env', [CompletionResultType]::ParameterName, 'Env var that will hold the client secret (recommended)')
            [CompletionResult]::new('--client-secret-file', '--client-secret-file', [CompletionResultType]::ParameterName, 'File holding the client secret (a relative path is taken from the current folder)')
            [CompletionResult]::new('--certificate-file', '--certificate-file', [CompletionResultType]::ParameterName, 'PEM holding the certificate and its private key')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'National cloud [default: public]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the profile if it exists')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;config;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--names', '--names', [CompletionResultType]::ParameterName, 'Only the names, one a line (for shell completion)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;config;show' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant GUID or verified domain (or `organizations` for user sign-in)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Application (client) id')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to sign in')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for the password grant')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'National cloud')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource URI the token is for (v1), also the base of the default scope')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope (v2)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Token endpoint version: v2 sends scope, v1 sends resource')
            [CompletionResult]::new('--authority-host', '--authority-host', [CompletionResultType]::ParameterName, 'Authority host, e.g. https://login.microsoftonline.com')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;config;set' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;config;unset' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;config;remove' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;config;use' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;config;path' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;config;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a profile (named by -p, default `default`); asks on a terminal for what the flags do not give')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the profiles: name, tenant, client id, auth method; `*` marks the default')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a profile''s effective settings and where each comes from (secrets as ****)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one key of an existing profile, keeping the rest of the file as it is')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one key from a profile, keeping the rest of the file as it is')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a profile')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a profile the default (sets default_profile)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pbitoken;config;help;init' {
            break
        }
        'pbitoken;config;help;list' {
            break
        }
        'pbitoken;config;help;show' {
            break
        }
        'pbitoken;config;help;set' {
            break
        }
        'pbitoken;config;help;unset' {
            break
        }
        'pbitoken;config;help;remove' {
            break
        }
        'pbitoken;config;help;use' {
            break
        }
        'pbitoken;config;help;path' {
            break
        }
        'pbitoken;config;help;help' {
            break
        }
        'pbitoken;cache' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List cached tokens: profile, what they are for, expiry (never a token)')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove cached tokens: those of --profile NAME (default: the chosen profile), or --all')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pbitoken;cache;list' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;cache;clear' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Remove every entry, of every profile')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;cache;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List cached tokens: profile, what they are for, expiry (never a token)')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove cached tokens: those of --profile NAME (default: the chosen profile), or --all')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pbitoken;cache;help;list' {
            break
        }
        'pbitoken;cache;help;clear' {
            break
        }
        'pbitoken;cache;help;help' {
            break
        }
        'pbitoken;embed' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant GUID or verified domain (or `organizations` for user sign-in)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Application (client) id')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to sign in')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for the password grant')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'National cloud')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource URI the token is for (v1), also the base of the default scope')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope (v2)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Token endpoint version: v2 sends scope, v1 sends resource')
            [CompletionResult]::new('--authority-host', '--authority-host', [CompletionResultType]::ParameterName, 'Authority host, e.g. https://login.microsoftonline.com')
            [CompletionResult]::new('--login-timeout', '--login-timeout', [CompletionResultType]::ParameterName, 'Browser sign-in: seconds to wait for the sign-in to finish')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace (group) id the reports are in')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'A report to embed (repeatable)')
            [CompletionResult]::new('--dataset', '--dataset', [CompletionResultType]::ParameterName, 'A dataset to add besides the reports'' own (repeatable)')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An effective identity for row-level security, USER[:ROLE,ROLE] (repeatable)')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Minutes the embed token may live (Power BI caps it at the access token''s expiry)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: token, json, config (what powerbi-client''s powerbi.embed() takes)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: token, json, config (what powerbi-client''s powerbi.embed() takes)')
            [CompletionResult]::new('--min-validity', '--min-validity', [CompletionResultType]::ParameterName, 'Reuse a cached token only if it has at least this many seconds left')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--no-browser', '--no-browser', [CompletionResultType]::ParameterName, 'Browser sign-in: only print the sign-in URL, open no browser')
            [CompletionResult]::new('--edit', '--edit', [CompletionResultType]::ParameterName, 'Allow editing the reports (also sends the workspace as a target workspace)')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Neither read nor write the token cache')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;serve' {
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant GUID or verified domain (or `organizations` for user sign-in)')
            [CompletionResult]::new('--client-id', '--client-id', [CompletionResultType]::ParameterName, 'Application (client) id')
            [CompletionResult]::new('--auth', '--auth', [CompletionResultType]::ParameterName, 'How to sign in')
            [CompletionResult]::new('--username', '--username', [CompletionResultType]::ParameterName, 'Username for the password grant')
            [CompletionResult]::new('--cloud', '--cloud', [CompletionResultType]::ParameterName, 'National cloud')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Resource URI the token is for (v1), also the base of the default scope')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope (v2)')
            [CompletionResult]::new('--endpoint', '--endpoint', [CompletionResultType]::ParameterName, 'Token endpoint version: v2 sends scope, v1 sends resource')
            [CompletionResult]::new('--authority-host', '--authority-host', [CompletionResultType]::ParameterName, 'Authority host, e.g. https://login.microsoftonline.com')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address and port to listen on (port 0 picks a free one)')
            [CompletionResult]::new('--allow-origin', '--allow-origin', [CompletionResultType]::ParameterName, 'A page origin that may ask for tokens, e.g. https://app.contoso.com (repeatable)')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'The workspace whose reports /embed answers for')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'A report /embed may answer for (repeatable) [default: every report of the workspace]')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An effective identity for row-level security, USER[:ROLE,ROLE] (repeatable)')
            [CompletionResult]::new('--min-validity', '--min-validity', [CompletionResultType]::ParameterName, 'Renew a token when it has less than this many seconds left')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('--access-token', '--access-token', [CompletionResultType]::ParameterName, 'Also answer /token with the profile''s access token (it opens the whole API with the profile''s rights)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;completions' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Config file to use [env: PBITOKEN_CONFIG] [default: the platform config dir''s pbitoken/config.toml]')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile to use [env: PBITOKEN_PROFILE] [default: default_profile, else the AZURE_* environment]; for `config init`, the profile to create [default: default]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request to the authority may take, retries included')
            [CompletionResult]::new('--ca-file', '--ca-file', [CompletionResultType]::ParameterName, 'Extra CA certificates (PEM) to trust, e.g. a TLS-inspecting proxy''s [env: SSL_CERT_FILE]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More diagnostics on stderr (repeatable); secrets and tokens are always redacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No warnings on stderr, errors only')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'pbitoken;help' {
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Print an access token for the Power BI REST API')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Test an app registration step by step: profile, credential, tenant, token, claims, api')
            [CompletionResult]::new('api', 'api', [CompletionResultType]::ParameterValue, 'Call the Power BI (or Fabric) REST API with the token attached')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Manage profiles and the config file')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'List or clear cached tokens')
            [CompletionResult]::new('embed', 'embed', [CompletionResultType]::ParameterValue, 'Print an embed token for reports (app owns data), for powerbi-client')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Serve embed (and access) tokens over local HTTP to a web page or a sidecar')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pbitoken;help;token' {
            break
        }
        'pbitoken;help;check' {
            break
        }
        'pbitoken;help;api' {
            break
        }
        'pbitoken;help;config' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a profile (named by -p, default `default`); asks on a terminal for what the flags do not give')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the profiles: name, tenant, client id, auth method; `*` marks the default')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a profile''s effective settings and where each comes from (secrets as ****)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set one key of an existing profile, keeping the rest of the file as it is')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove one key from a profile, keeping the rest of the file as it is')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a profile')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make a profile the default (sets default_profile)')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Print the config file''s path')
            break
        }
        'pbitoken;help;config;init' {
            break
        }
        'pbitoken;help;config;list' {
            break
        }
        'pbitoken;help;config;show' {
            break
        }
        'pbitoken;help;config;set' {
            break
        }
        'pbitoken;help;config;unset' {
            break
        }
        'pbitoken;help;config;remove' {
            break
        }
        'pbitoken;help;config;use' {
            break
        }
        'pbitoken;help;config;path' {
            break
        }
        'pbitoken;help;cache' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List cached tokens: profile, what they are for, expiry (never a token)')
            [CompletionResult]::new('clear', 'clear', [CompletionResultType]::ParameterValue, 'Remove cached tokens: those of --profile NAME (default: the chosen profile), or --all')
            break
        }
        'pbitoken;help;cache;list' {
            break
        }
        'pbitoken;help;cache;clear' {
            break
        }
        'pbitoken;help;embed' {
            break
        }
        'pbitoken;help;serve' {
            break
        }
        'pbitoken;help;completions' {
            break
        }
        'pbitoken;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
