//! The bot's side of Graph: app tokens (graph-comms-auth's `AppCredentials`
//! and `AppTokenCache`), the callback keys (`KeyRotation`), and sending the
//! requests that graph-comms-http builds, with reqwest.

use crate::Clock;
use graph_comms_auth::{
    AccessToken, AppCredentials, AppTokenCache, CallbackValidator, KeyRotation, KeySet, KeyUpdate,
    OpenIdConfiguration, RotationStep, TokenResponse, TokenStep,
};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// How long one request to Graph, the token endpoint or the key URLs may
/// take.
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest answer body read from Graph, the token endpoint or the key
/// URLs (the documented ones are a few KiB).
pub(crate) const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

fn too_large() -> String {
    format!(
        "the answer's body is over {} MiB, far more than any documented answer: check the URL",
        MAX_RESPONSE_BYTES / (1024 * 1024)
    )
}

/// Sends `request` and reads the whole answer (at most
/// [`MAX_RESPONSE_BYTES`]), within [`REQUEST_TIMEOUT`].
/// The error says what failed without the URL's query or any header.
pub(crate) async fn send(
    http: &reqwest::Client,
    request: http::Request<Vec<u8>>,
) -> Result<http::Response<Vec<u8>>, String> {
    let request = reqwest::Request::try_from(request)
        .map_err(|_| "the request could not be built for the HTTP client".to_owned())?;
    let response = http.execute(request).await.map_err(|err| describe(&err))?;
    let mut answer = http::Response::builder().status(response.status());
    if let Some(headers) = answer.headers_mut() {
        *headers = response.headers().clone();
    }
    // Read in chunks, up to the cap: an answer past it is refused, not
    // held in memory whole.
    if response
        .content_length()
        .is_some_and(|length| length > MAX_RESPONSE_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut response = response;
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|err| describe(&err))? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    answer
        .body(body)
        .map_err(|_| "the response could not be read".to_owned())
}

fn describe(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        format!("no answer within {} s", REQUEST_TIMEOUT.as_secs())
    } else if err.is_connect() {
        "cannot connect (is it running, and is the URL right?)".to_owned()
    } else {
        "the request failed".to_owned()
    }
}

/// App tokens for the Graph requests: one fetch at a time, refreshed before
/// expiry, as [`AppTokenCache`] decides.
#[derive(Debug)]
pub(crate) struct Tokens {
    credentials: AppCredentials,
    /// Where to ask (`--token-url`), else the cloud's login authority.
    token_url: Option<http::Uri>,
    cache: Mutex<AppTokenCache>,
}

impl Tokens {
    pub(crate) fn new(credentials: AppCredentials, token_url: Option<http::Uri>) -> Self {
        Tokens {
            credentials,
            token_url,
            cache: Mutex::new(AppTokenCache::new()),
        }
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, AppTokenCache> {
        self.cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A token to use now: the one held, or one fetched now. Waits at most
    /// about [`REQUEST_TIMEOUT`] for a fetch another task holds.
    pub(crate) async fn get(
        &self,
        http: &reqwest::Client,
        clock: &Clock,
    ) -> Result<AccessToken, String> {
        for _ in 0..(REQUEST_TIMEOUT.as_millis() / 50) {
            let now = clock();
            let step = self.cache().step(now);
            match step {
                TokenStep::Use(token) => return Ok(token),
                TokenStep::Refresh(token) => {
                    // This task holds the refresh: it fetches before its
                    // request (other tasks use the token held meanwhile),
                    // and uses the held token if the fetch fails.
                    return Ok(self.fetch(http, clock).await.unwrap_or(token));
                }
                TokenStep::Fetch => return self.fetch(http, clock).await,
                TokenStep::Wait { .. } => tokio::time::sleep(Duration::from_millis(50)).await,
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        Err("no app token: the token endpoint did not answer in time".to_owned())
    }

    async fn fetch(&self, http: &reqwest::Client, clock: &Clock) -> Result<AccessToken, String> {
        let now = clock();
        let result = async {
            let request = self
                .credentials
                .token_request(now)
                .map_err(|err| err.to_string())?;
            let (mut parts, body) = request.into_parts();
            if let Some(uri) = &self.token_url {
                parts.uri = uri.clone();
            }
            let response = send(http, http::Request::from_parts(parts, body.into_bytes()))
                .await
                .map_err(|err| format!("the token endpoint: {err}"))?;
            if !response.status().is_success() {
                return Err(format!(
                    "the token endpoint answered {}: check --app-id, --app-secret and --tenant-id",
                    response.status()
                ));
            }
            TokenResponse::from_json(response.body())
                .map(|answer| answer.into_token(now))
                .map_err(|err| format!("the token endpoint's answer: {err}"))
        }
        .await;
        let mut cache = self.cache();
        match result {
            Ok(token) => {
                let access = token.access_token().clone();
                cache.fetched(token, now);
                Ok(access)
            }
            Err(err) => {
                cache.fetch_failed(now, None);
                Err(err)
            }
        }
    }
}

/// The callback keys: fetched from the OpenID configuration's `jwks_uri`
/// when [`KeyRotation`] says (at start, every 2 hours, and when a token
/// names an unknown `kid`, rate-limited), and given to the validator.
#[derive(Debug)]
pub(crate) struct Keys {
    pub(crate) openid_configuration_url: String,
    pub(crate) rotation: Mutex<KeyRotation>,
    pub(crate) wake: tokio::sync::Notify,
}

impl Keys {
    fn rotation(&self) -> std::sync::MutexGuard<'_, KeyRotation> {
        self.rotation
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A callback's token named a `kid` the key set does not have: whether
    /// to fetch now (the caller then runs [`Keys::fetch_now`]); otherwise
    /// the rate limit holds the fetch back and the key task does it later.
    pub(crate) fn unknown_key(&self, now: SystemTime) -> bool {
        let fetch = matches!(self.rotation().unknown_key(now), RotationStep::Fetch(_));
        self.wake.notify_one();
        fetch
    }

    /// One fetch of the configuration and the key set.
    async fn fetch(&self, http: &reqwest::Client) -> Result<KeySet, String> {
        let get = |url: String| async move {
            let request = http::Request::get(url.as_str())
                .body(Vec::new())
                .map_err(|_| "the URL is not valid".to_owned())?;
            let response = send(http, request).await?;
            if !response.status().is_success() {
                return Err(format!("answered {}", response.status()));
            }
            Ok(response.into_body())
        };
        let config = get(self.openid_configuration_url.clone())
            .await
            .map_err(|err| format!("the OpenID configuration: {err}"))?;
        let config = OpenIdConfiguration::from_slice(&config)
            .map_err(|err| format!("the OpenID configuration: {err}"))?;
        let jwks = get(config.jwks_uri)
            .await
            .map_err(|err| format!("the key set (jwks_uri): {err}"))?;
        KeySet::from_jwks_json(&jwks).map_err(|err| format!("the key set (jwks_uri): {err}"))
    }

    /// Runs one step of the rotation: fetches when told. Returns when to
    /// step again.
    pub(crate) async fn step(
        &self,
        http: &reqwest::Client,
        clock: &Clock,
        validator: &CallbackValidator,
        log: &(dyn Fn(String) + Sync),
    ) -> SystemTime {
        let now = clock();
        let step = self.rotation().step(now);
        match step {
            RotationStep::Fetch(_) => {
                self.fetch_now(http, clock, validator, log).await;
                clock()
            }
            RotationStep::Wait { until, .. } => until,
            _ => now + Duration::from_secs(1),
        }
    }

    /// The fetch a step asked for: fetches, reports the outcome to the
    /// rotation and gives a changed key set to the validator.
    pub(crate) async fn fetch_now(
        &self,
        http: &reqwest::Client,
        clock: &Clock,
        validator: &CallbackValidator,
        log: &(dyn Fn(String) + Sync),
    ) {
        match self.fetch(http).await {
            Ok(keys) => {
                let update = self.rotation().fetched(clock(), keys);
                match update {
                    KeyUpdate::Changed => {
                        let keys = self.rotation().keys().clone();
                        let count = keys.len();
                        validator.set_keys(keys);
                        log(format!("callback keys: {count} in force"));
                    }
                    KeyUpdate::Rejected => log(
                        "callback keys: the key set has no usable key; keeping the keys in force"
                            .to_owned(),
                    ),
                    _ => {}
                }
            }
            Err(err) => {
                self.rotation().fetch_failed(clock());
                log(format!(
                    "callback keys: cannot fetch them ({err}); retrying (callbacks are refused until keys are in force)"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_RESPONSE_BYTES, send};
    use axum::Router;
    use axum::routing::get;

    /// A server on 127.0.0.1 whose `/big` answers `size` bytes.
    async fn server(size: usize) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new().route("/big", get(move || async move { vec![b'x'; size] }));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}/big")
    }

    #[tokio::test]
    async fn answers_over_the_cap_are_refused_and_those_under_it_read() {
        let client = reqwest::Client::new();
        let under = server(MAX_RESPONSE_BYTES).await;
        let request = http::Request::get(under).body(Vec::new()).unwrap();
        let answer = send(&client, request).await.unwrap();
        assert_eq!(answer.body().len(), MAX_RESPONSE_BYTES);
        let over = server(MAX_RESPONSE_BYTES + 1).await;
        let request = http::Request::get(over).body(Vec::new()).unwrap();
        let err = send(&client, request).await.unwrap_err();
        assert!(err.contains("over 1 MiB"), "{err}");
    }
}
