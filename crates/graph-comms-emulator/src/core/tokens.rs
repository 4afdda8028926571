//! The token endpoint (client credentials), and the tokens the Graph side
//! accepts: only the ones this emulator issued, until they expire.
//!
//! The request and answer follow
//! <https://learn.microsoft.com/graph/auth-v2-service>: a form with
//! `client_id`, `scope`, `client_secret` and `grant_type=client_credentials`,
//! answered with `{"token_type":"Bearer","expires_in":3599,…}`. Error
//! answers use the OAuth 2.0 shape (`error`, `error_description`); the
//! AADSTS codes of the real service are not reproduced.

use super::{Core, CoreConfig};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Duration;

/// The lifetime of an issued token, as the service answers (`expires_in`).
const LIFETIME: Duration = Duration::from_secs(3599);

/// The tokens issued, with when each expires. Tokens are credentials: this
/// type's `Debug` shows only how many there are.
#[derive(Default)]
pub(crate) struct TokenStore {
    issued: HashMap<String, Duration>,
}

impl std::fmt::Debug for TokenStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenStore")
            .field("issued", &self.issued.len())
            .finish()
    }
}

impl TokenStore {
    pub(crate) fn accepts(&self, now: Duration, token: &str) -> bool {
        self.issued.get(token).is_some_and(|&expiry| now < expiry)
    }
}

fn oauth_error(status: u16, error: &str, description: &str) -> (u16, Value) {
    (
        status,
        json!({"error": error, "error_description": description}),
    )
}

fn check_form(config: &CoreConfig, form: &HashMap<String, String>) -> Result<(), (u16, Value)> {
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return Err(oauth_error(
            400,
            "unsupported_grant_type",
            "grant_type must be client_credentials (the emulator issues app tokens only)",
        ));
    }
    let Some(client_id) = form.get("client_id") else {
        return Err(oauth_error(
            400,
            "invalid_request",
            "the form has no client_id: send the bot's app id",
        ));
    };
    if *client_id != config.app_id {
        return Err(oauth_error(
            400,
            "unauthorized_client",
            "client_id is not the app id the emulator was started with (--app-id)",
        ));
    }
    if !form.get("scope").is_some_and(|s| s.ends_with("/.default")) {
        return Err(oauth_error(
            400,
            "invalid_scope",
            "scope must be the Graph root followed by /.default, such as https://graph.microsoft.com/.default",
        ));
    }
    let secret = form
        .get("client_secret")
        .or_else(|| form.get("client_assertion"));
    match (&config.app_secret, secret) {
        (_, None) => Err(oauth_error(
            401,
            "invalid_client",
            "the form has no client_secret (or client_assertion)",
        )),
        (Some(expected), Some(given)) if expected.expose() != given => Err(oauth_error(
            401,
            "invalid_client",
            "the client secret is not the one the emulator was started with (--app-secret)",
        )),
        _ => Ok(()),
    }
}

impl Core {
    /// Answers a token request (`POST /{tenant}/oauth2/v2.0/token`, a
    /// form-encoded body): the status and the JSON body.
    pub fn token_request(&mut self, now: Duration, form_body: &[u8]) -> (u16, Value) {
        let form: HashMap<String, String> =
            form_urlencoded::parse(form_body).into_owned().collect();
        if let Err(answer) = check_form(&self.config, &form) {
            self.note(now, json!({"event": "token refused", "status": answer.0}));
            return answer;
        }
        let token = format!(
            "emulator.{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        self.tokens.issued.insert(token.clone(), now + LIFETIME);
        self.note(now, json!({"event": "token issued"}));
        (
            200,
            json!({
                "token_type": "Bearer",
                "expires_in": LIFETIME.as_secs(),
                "ext_expires_in": LIFETIME.as_secs(),
                "access_token": token,
            }),
        )
    }
}
