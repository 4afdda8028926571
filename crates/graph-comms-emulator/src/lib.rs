//! A local emulator of the Microsoft Graph calling service, so that a
//! calling bot can be tested without a tenant, a phone or a tunnel: a
//! faithful local service in the way Azurite emulates Azure Storage.
//!
//! - **The Graph side** on 127.0.0.1: `/{v1.0|beta}/communications/calls`
//!   (create) and per call `answer`, `reject`, `DELETE`, `subscribeToTone`,
//!   `playPrompt`, `recordResponse`, `cancelMediaProcessing`,
//!   `sendDtmfTones`, `updateRecordingStatus`, `keepAlive`, `GET` of the call
//!   and of `…/operations/{id}`; the deprecated `/app/calls/…` and
//!   `/applications/{id}/calls/…` forms too (flagged in the transcript).
//!   Every request is checked (graph-comms-validate, the models) and answered
//!   as the service answers, errors as real `ODataError` bodies.
//! - **A token endpoint** (`POST /{tenant}/oauth2/v2.0/token`, client
//!   credentials); the Graph side accepts only the tokens it issued.
//! - **Callbacks**: notifications POSTed to the bot with the headers real
//!   traffic carries and an RS256 bearer token signed by the emulator's own
//!   key, published as an OpenID configuration and a JWK set, so a bot
//!   verifies them as in production with its key URL pointed here.
//! - **The caller**: keys pressed reach the bot only once it subscribed and
//!   while the call is established; earlier ones are counted as lost.
//! - **Faults** ([`Faults`]): duplicates, reordering, batching, delay,
//!   PascalCase enums, the legacy `resource`-only shape.
//! - **Time**: [`Clock::real`] for people; [`Clock::virtual_clock`] for
//!   tests, which jumps to the next event whenever the system is quiescent.
//!
//! The service's behaviour comes from the Graph docs and, where they are
//! silent, from issues that observed it; where neither says, the code says
//! what the emulator chose.
//!
//! # A test against the emulator
//!
//! ```
//! use graph_comms_emulator::{Clock, Emulator};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::builder()
//!     .app_id("3b0c4f47-5c44-4b63-9b0e-7d3c1f0e0a11")
//!     .clock(Clock::virtual_clock())
//!     .start()
//!     .await?;
//! let urls = emulator.urls();
//! let http = reqwest::Client::new();
//!
//! // The bot's app token, from the emulator's token endpoint.
//! let form = "client_id=3b0c4f47-5c44-4b63-9b0e-7d3c1f0e0a11&client_secret=any\
//!     &scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&grant_type=client_credentials";
//! let token: serde_json::Value = serde_json::from_slice(
//!     &http.post(&urls.token_url).body(form).send().await?.bytes().await?)?;
//! let bearer = format!("Bearer {}", token["access_token"].as_str().unwrap());
//!
//! // A call (its notifications would go to the callbackUri), then a prompt.
//! let create = r##"{"callbackUri": "http://127.0.0.1:9/callback",
//!     "mediaConfig": {"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}}"##;
//! let created = http.post(format!("{}/v1.0/communications/calls", urls.graph_url))
//!     .header("Authorization", &bearer).body(create).send().await?;
//! assert_eq!(created.status(), 201);
//! let call: serde_json::Value = serde_json::from_slice(&created.bytes().await?)?;
//! let call_id = call["id"].as_str().unwrap();
//!
//! let prompt = r##"{"prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt",
//!     "mediaInfo": {"uri": "https://cdn.contoso.com/welcome.wav"}}]}"##;
//! let played = http
//!     .post(format!("{}/v1.0/communications/calls/{call_id}/playPrompt", urls.graph_url))
//!     .header("Authorization", &bearer).body(prompt).send().await?;
//! assert_eq!(played.status(), 200);
//! assert!(played.headers().contains_key("location"));
//!
//! // Without a token the emulator issued: 401, an ODataError.
//! let refused = http.get(format!("{}/v1.0/communications/calls/{call_id}", urls.graph_url))
//!     .send().await?;
//! assert_eq!(refused.status(), 401);
//!
//! // What the control API shows of the call.
//! let view = emulator.call(call_id).unwrap();
//! assert!(view.played_prompt);
//! assert_eq!(view.requests.len(), 2);
//! # Ok(())
//! # }
//! ```
//!
//! A bot under test verifies the callbacks with graph-comms-auth as in
//! production: fetch [`EmulatorUrls::open_id_configuration_url`], then its
//! `jwks_uri`, and build the `CallbackValidator` with the bot's app id and
//! `NationalCloud::Global.callback_issuers()` (the emulator signs as
//! [`ISSUER`]). Under the virtual clock, pass [`Clock::system_time`] as the
//! validator's `now`.
//!
//! # The control API
//!
//! For tests in any language, JSON in and out, under
//! [`EmulatorUrls::control_url`]:
//!
//! - `POST {control}/calls` `{"botUrl"?: URL, "from"?: {"phone": "+1…"}}` →
//!   `201 {"callId"}`: an incoming call; its `created` notification goes to
//!   the bot.
//! - `POST {control}/calls/{id}/press` `{"tones": "12#", "intervalMs": 200}`
//!   → `204`.
//! - `POST {control}/calls/{id}/hangup` → `204`.
//! - `GET {control}/calls/{id}` → `{"state", "subscribedToTone", "requests":
//!   [{"method", "path", "status"}], "lostTones", …}`.
//! - `GET {control}/transcript` → the transcript, JSON lines (tones only
//!   with [`EmulatorBuilder::show_tones`]): the last
//!   [`EmulatorBuilder::transcript_limit`] entries (10,000 by default), with
//!   the count of the older ones dropped in the `X-Transcript-Dropped`
//!   header.
//!
//! The same operations are methods of [`Emulator`], and the sans-IO
//! [`core`] can be driven directly, time passed in.

pub mod clock;
pub mod core;
mod keys;
mod runtime;
pub mod scenario;

pub use clock::Clock;
pub use keys::{ISSUER, TOKEN_LIFETIME_SECS};
pub use runtime::{Emulator, EmulatorBuilder, EmulatorUrls, ScenarioReport};
pub use scenario::Faults;

/// The README shown on crates.io: its examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
