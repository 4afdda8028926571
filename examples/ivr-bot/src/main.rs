//! The `ivr-bot` command: the PIN-entry bot (see the crate docs), or
//! `ivr-bot demo`.

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};
use graph_comms_auth::{AppCredentials, ClientSecret, NationalCloud};
use graph_comms_dtmf::{CallLimits, MemoryStore};
use graph_comms_dtmf_redis::{RedisStore, StateKey};
use graph_comms_http::GraphRoot;
use ivr_bot::{Bot, BotSettings, FlowConfig, StdSink};
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

const AFTER_HELP: &str = "\
Examples:
  ivr-bot demo
  ivr-bot --listen 127.0.0.1:3978 --callback-url https://bot.contoso.com/api/calls \\
          --app-id APP-ID --app-secret SECRET --tenant-id TENANT-ID

Every flag can also be given as an environment variable: --app-secret as
GRAPH_COMMS_APP_SECRET, and so on. On each finished PIN, one JSON line on
stdout: {\"callId\":…,\"digits\":\"<4 digits>\",\"reason\":\"max-digits\"}.
The log is on stderr; its first line is `ivr-bot: listening on http://ADDR`.";

/// A PIN-entry calling bot on Microsoft Graph: answers, greets, collects a
/// PIN with barge-in, confirms, hangs up.
#[derive(Debug, Parser)]
#[command(
    name = "ivr-bot",
    version,
    after_help = AFTER_HELP,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    bot: BotArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the bot against a local emulator of Graph (graph-comms-emulator)
    /// with one caller typing a PIN, and show what happened. Exit 0 when
    /// every expectation held.
    Demo {
        /// Show the keys and the PIN instead of redacting them.
        #[arg(long)]
        show_digits: bool,
    },
}

#[derive(Debug, clap::Args)]
struct BotArgs {
    /// The address to listen on (port 0: the OS picks; the first log line
    /// says which).
    #[arg(
        long,
        env = "GRAPH_COMMS_LISTEN",
        value_name = "ADDR",
        default_value = "127.0.0.1:3978"
    )]
    listen: String,
    /// The URL Graph posts the calls' notifications to (given as each call's
    /// callbackUri; the bot serves its path). Default: http://ADDR/api/calls.
    #[arg(long, env = "GRAPH_COMMS_CALLBACK_URL", value_name = "URL")]
    callback_url: Option<String>,
    /// Microsoft Graph's root URL (or the emulator's graphUrl).
    #[arg(
        long,
        env = "GRAPH_COMMS_GRAPH_URL",
        value_name = "URL",
        default_value = "https://graph.microsoft.com"
    )]
    graph_url: String,
    /// The token endpoint for app tokens. Default: the Microsoft identity
    /// platform's, for --tenant-id.
    #[arg(long, env = "GRAPH_COMMS_TOKEN_URL", value_name = "URL")]
    token_url: Option<String>,
    /// The OpenID configuration whose jwks_uri has the keys that sign the
    /// callbacks. Default: the global cloud's.
    #[arg(long, env = "GRAPH_COMMS_OPENID_CONFIGURATION_URL", value_name = "URL")]
    openid_configuration_url: Option<String>,
    /// The app registration's application (client) id: the callbacks'
    /// audience.
    #[arg(long, env = "GRAPH_COMMS_APP_ID", value_name = "ID")]
    app_id: Option<String>,
    /// The app's client secret (never printed).
    #[arg(
        long,
        env = "GRAPH_COMMS_APP_SECRET",
        value_name = "SECRET",
        hide_env_values = true,
        value_parser = secret
    )]
    app_secret: Option<ClientSecret>,
    /// The tenant (a GUID or domain) the app tokens are asked from.
    #[arg(long, env = "GRAPH_COMMS_TENANT_ID", value_name = "ID")]
    tenant_id: Option<String>,
    /// How many digits the PIN has (`#` ends it early).
    #[arg(
        long,
        env = "GRAPH_COMMS_PIN_LENGTH",
        value_name = "N",
        default_value = "4"
    )]
    pin_length: String,
    /// Keep the calls' state in this Redis (redis://HOST:PORT), shared by
    /// every worker. Default: in this process's memory.
    #[arg(long, env = "GRAPH_COMMS_REDIS", value_name = "URL")]
    redis: Option<String>,
    /// The key that seals the state in Redis: a file of exactly 32 raw bytes
    /// (`head -c 32 /dev/urandom > state.key`). Required with --redis.
    #[arg(long, env = "GRAPH_COMMS_STATE_KEY_FILE", value_name = "FILE")]
    state_key_file: Option<PathBuf>,
    /// Where the prompts' WAV files are (Graph fetches them): the bot plays
    /// URL/enter-pin.wav, URL/pin-received.wav and URL/pin-not-received.wav.
    /// The default is a placeholder that serves nothing: give your own.
    #[arg(
        long,
        env = "GRAPH_COMMS_PROMPT_BASE_URL",
        value_name = "URL",
        default_value = ivr_bot::DEFAULT_PROMPT_BASE_URL
    )]
    prompt_base_url: String,
    /// Print the digits in the completion lines instead of `<N digits>`.
    #[arg(long, env = "GRAPH_COMMS_SHOW_DIGITS")]
    show_digits: bool,
}

/// The secret, into auth's `ClientSecret` at once (its `Debug` is
/// redacted: the one home of a client secret).
fn secret(text: &str) -> Result<ClientSecret, std::convert::Infallible> {
    Ok(ClientSecret::new(text))
}

/// Whether this build speaks HTTPS (the `tls` feature).
const TLS: bool = cfg!(feature = "tls");

/// A URL for the log: without its user info (`user:pass@`), query and
/// fragment (they may carry a secret), and terminal-safe.
fn terminal_safe_url(url: &str) -> String {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let url = &url[..end];
    let shown = match url.find("://") {
        Some(scheme_end) => {
            let rest = &url[scheme_end + 3..];
            let authority_end = rest.find('/').unwrap_or(rest.len());
            match rest[..authority_end].rfind('@') {
                Some(at) => format!("{}{}", &url[..scheme_end + 3], &rest[at + 1..]),
                None => url.to_owned(),
            }
        }
        None => url.to_owned(),
    };
    graph_comms_core::terminal_safe(&shown).into_owned()
}

/// A usage error: clap's format, exit status 2.
fn usage(message: impl fmt::Display) -> ! {
    Cli::command()
        .error(ErrorKind::ValueValidation, message)
        .exit()
}

/// `text` as an http(s) URL with a host, else a usage error naming `flag`
/// (never quoting the value).
fn http_url(flag: &str, text: &str, example: &str) -> http::Uri {
    match text.parse::<http::Uri>() {
        Ok(uri)
            if matches!(uri.scheme_str(), Some("http" | "https"))
                && uri.host().is_some_and(|h| !h.is_empty()) =>
        {
            uri
        }
        _ => usage(format!(
            "{flag} is not an http:// or https:// URL with a host: give one such as {example}"
        )),
    }
}

/// A usage error for an https URL the bot must fetch when this build has no
/// TLS.
fn needs_tls(flag: &str, uri: &http::Uri) {
    if uri.scheme_str() == Some("https") && !TLS {
        usage(format!(
            "{flag} is an https:// URL, and this build of ivr-bot has no TLS: build it with \
             `cargo build --release -p ivr-bot --features tls` (or give the emulator's http:// URLs)"
        ));
    }
}

/// The checked settings (every mistake a usage error) and the listen
/// address.
fn settings(args: &BotArgs) -> (SocketAddr, BotSettings) {
    let (Some(app_id), Some(secret), Some(tenant_id)) =
        (&args.app_id, &args.app_secret, &args.tenant_id)
    else {
        let missing: Vec<&str> = [
            (args.app_id.is_none(), "--app-id"),
            (args.app_secret.is_none(), "--app-secret"),
            (args.tenant_id.is_none(), "--tenant-id"),
        ]
        .into_iter()
        .filter_map(|(missing, flag)| missing.then_some(flag))
        .collect();
        usage(format!(
            "the bot needs {} (the app registration that receives the calls; or the \
             GRAPH_COMMS_APP_ID, GRAPH_COMMS_APP_SECRET and GRAPH_COMMS_TENANT_ID variables). \
             To try it without one, run `ivr-bot demo`",
            missing.join(", ")
        ));
    };
    let Ok(listen) = args.listen.parse::<SocketAddr>() else {
        usage("--listen is not an address: give IP:PORT, such as 127.0.0.1:3978 or 0.0.0.0:8080");
    };
    let callback_url = args.callback_url.as_deref().map(|url| {
        http_url("--callback-url", url, "https://bot.contoso.com/api/calls");
        url.to_owned()
    });
    let graph_uri = http_url(
        "--graph-url",
        &args.graph_url,
        "https://graph.microsoft.com",
    );
    // The answer's callbackUri "must be https" (the call: answer docs); an
    // http:// Graph is the emulator, which takes the local default.
    if graph_uri.scheme_str() == Some("https")
        && !callback_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    {
        usage(
            "the Graph service needs an https:// --callback-url (each answer's callbackUri must be https): \
             give the public URL Graph reaches the bot at, such as https://bot.contoso.com/api/calls \
             (an http:// one is only for the emulator's http:// --graph-url)",
        );
    }
    needs_tls("--graph-url", &graph_uri);
    let Ok(graph) = GraphRoot::custom(&args.graph_url) else {
        usage(
            "--graph-url is not a Graph root URL: give one such as https://graph.microsoft.com (no path)",
        );
    };
    let token_url = args.token_url.as_deref().map(|url| {
        let uri = http_url(
            "--token-url",
            url,
            "https://login.microsoftonline.com/TENANT/oauth2/v2.0/token",
        );
        needs_tls("--token-url", &uri);
        uri
    });
    if token_url.is_none() && !TLS {
        usage(
            "the default token endpoint is https://, and this build of ivr-bot has no TLS: build it with \
             `cargo build --release -p ivr-bot --features tls` (or give the emulator's --token-url)",
        );
    }
    let openid = match &args.openid_configuration_url {
        Some(url) => {
            let uri = http_url(
                "--openid-configuration-url",
                url,
                "https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration",
            );
            needs_tls("--openid-configuration-url", &uri);
            url.clone()
        }
        None => {
            let url = NationalCloud::Global
                .callback_openid_configuration_url()
                .unwrap_or_default();
            if let Ok(uri) = url.parse::<http::Uri>() {
                needs_tls("the default --openid-configuration-url", &uri);
            }
            url.to_owned()
        }
    };
    let Ok(pin_length) = args.pin_length.parse::<u16>() else {
        usage(
            "--pin-length is not a whole number: give the PIN's length, from 1 to 1024, such as 4",
        );
    };
    let Ok(flow) = FlowConfig::new(pin_length) else {
        usage("--pin-length must be from 1 to 1024: give the PIN's length, such as 4");
    };
    let credentials = match AppCredentials::with_secret(
        NationalCloud::Global,
        tenant_id,
        app_id,
        secret.clone(),
    ) {
        Ok(credentials) => credentials,
        Err(err) => match err.kind() {
            graph_comms_auth::AppTokenErrorKind::InvalidTenant => usage(
                "--tenant-id is not a tenant: give the tenant id (a GUID) or its domain, such as contoso.onmicrosoft.com",
            ),
            _ => usage(
                "--app-id is not an application id: give the app registration's application (client) id, a GUID",
            ),
        },
    };
    let mut settings = BotSettings::new(credentials, graph, openid, flow);
    settings.callback_url = callback_url;
    settings.token_url = token_url;
    settings.show_digits = args.show_digits;
    http_url(
        "--prompt-base-url",
        &args.prompt_base_url,
        "https://cdn.contoso.com/ivr-bot/",
    );
    // The prompts' file names are appended: a query (a SAS token, say) or a
    // fragment would end up before them.
    if args.prompt_base_url.contains(['?', '#']) {
        usage(
            "--prompt-base-url has a query or a fragment, which the prompt file names would follow: give the folder URL alone, such as https://cdn.contoso.com/ivr-bot/",
        );
    }
    settings.prompt_base_url = args.prompt_base_url.clone();
    (listen, settings)
}

/// The Redis URL and the state key, checked.
fn redis_settings(args: &BotArgs) -> Option<(String, StateKey)> {
    match (&args.redis, &args.state_key_file) {
        (None, None) => None,
        (None, Some(_)) => usage(
            "--state-key-file is only used with --redis: add --redis redis://HOST:PORT, or drop the key file for the in-memory state",
        ),
        (Some(_), None) => usage(
            "--redis needs --state-key-file FILE: the key that seals the calls' state in Redis, 32 raw bytes (head -c 32 /dev/urandom > state.key)",
        ),
        (Some(url), Some(file)) => {
            if !url.starts_with("redis://") {
                usage(
                    "--redis is not a Redis URL: give redis://HOST:PORT, such as redis://127.0.0.1:6379 (TLS, rediss://, is not supported yet)",
                );
            }
            // The store's own reader: exactly 32 bytes, at most 33 read, and
            // a directory or a device (say /dev/urandom) refused, not read.
            let key = match StateKey::from_file(file) {
                Ok(key) => key,
                Err(err) => usage(format!("--state-key-file: {err}")),
            };
            Some((url.clone(), key))
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("ivr-bot: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(Command::Demo { show_digits }) = cli.command {
        let mut stdout = std::io::stdout();
        return match runtime.block_on(ivr_bot::demo::run(show_digits, &mut stdout)) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(err) => {
                eprintln!("ivr-bot demo: {err}");
                ExitCode::FAILURE
            }
        };
    }
    let (listen, settings) = settings(&cli.bot);
    let redis = redis_settings(&cli.bot);
    runtime.block_on(serve(listen, settings, redis))
}

/// Binds, says where (the first stderr line), connects the store, serves
/// until the process is stopped.
async fn serve(
    listen: SocketAddr,
    settings: BotSettings,
    redis: Option<(String, StateKey)>,
) -> ExitCode {
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!(
                "ivr-bot: cannot listen on the --listen address ({}): is another process on that port? Give another, or port 0",
                err.kind()
            );
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(addr) => eprintln!("ivr-bot: listening on http://{addr}"),
        Err(err) => {
            eprintln!("ivr-bot: the bound address is unknown: {}", err.kind());
            return ExitCode::FAILURE;
        }
    }
    let limits = CallLimits::default();
    let sink = Arc::new(StdSink);
    let clock = ivr_bot::system_clock();
    let started = match redis {
        None => {
            let store = match MemoryStore::new(limits) {
                Ok(store) => store,
                Err(err) => {
                    eprintln!("ivr-bot: {err}");
                    return ExitCode::FAILURE;
                }
            };
            eprintln!(
                "ivr-bot: call state in memory (this process only; give --redis to share it)"
            );
            Bot::start(listener, settings, store, clock, sink).await
        }
        Some((url, key)) => {
            let store = match RedisStore::builder(url, key)
                .limits(&limits)
                .connect()
                .await
            {
                Ok(store) => store,
                Err(err) => {
                    eprintln!("ivr-bot: --redis: {err}");
                    return ExitCode::FAILURE;
                }
            };
            eprintln!("ivr-bot: call state in Redis, sealed with the state key");
            eprintln!("ivr-bot: {}", store.persistence());
            Bot::start(listener, settings, store, clock, sink).await
        }
    };
    let bot = match started {
        Ok(bot) => bot,
        Err(err) => {
            eprintln!("ivr-bot: cannot start: {err}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "ivr-bot: serving callbacks at {}",
        terminal_safe_url(bot.callback_url())
    );
    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::terminal_safe_url;

    #[test]
    fn logged_urls_lose_user_info_query_and_controls() {
        assert_eq!(
            terminal_safe_url("https://user:pass@bot.contoso.com/api/calls?code=s#f"),
            "https://bot.contoso.com/api/calls"
        );
        assert_eq!(
            terminal_safe_url("http://127.0.0.1:3978/api/calls"),
            "http://127.0.0.1:3978/api/calls"
        );
        assert_eq!(
            terminal_safe_url("https://bot/a@b\u{202e}x"),
            "https://bot/a@b\\u{202e}x"
        );
    }
}
