//! The validator: one configured check of a callback's token, with the time
//! given by the caller, and a cache of the tokens whose signature it verified.

use crate::bearer::BearerToken;
use crate::error::{AuthError, AuthErrorKind};
use crate::keys::{KeySet, Lookup};
use crate::verified::{TokenFacts, VerifiedTokens};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::Algorithm;
use serde_json::{Map, Value};
use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The clock skew allowed by default on `exp` and `nbf`: five minutes, the
/// .NET token validator's default and the usual Bot Framework advice.
pub const DEFAULT_CLOCK_SKEW: Duration = Duration::from_secs(5 * 60);

/// The claim the .NET SDK samples read the tenant id from (`tid`, as
/// `System.IdentityModel.Tokens.Jwt` renames it).
pub const TENANT_ID_CLAIM_URI: &str = "http://schemas.microsoft.com/identity/claims/tenantid";

/// How many verified tokens a validator remembers by default. The service
/// signs a token for about an hour and uses it for every callback of that
/// hour, so a bot sees few distinct tokens; the bound keeps the memory at
/// about a megabyte whatever is sent.
pub const DEFAULT_VERIFIED_TOKEN_CACHE_ENTRIES: usize = 1024;

/// Checks the bearer token of an inbound callback.
///
/// Configured once by the caller with the bot's app id (the expected `aud`),
/// the allowed issuers (see [`NationalCloud::callback_issuers`](crate::NationalCloud::callback_issuers)) and the
/// key set the caller fetched; optionally a clock skew (default
/// [`DEFAULT_CLOCK_SKEW`]) and a tenant allow-list. It does no I/O and never
/// reads the clock: the time is an argument of every check.
///
/// A token is accepted when, in this order:
///
/// 1. it is a compact JWS (three base64url parts);
/// 2. its header says `alg: RS256` (nothing else: `none` and `HS*` are
///    refused with their own kinds), has no `crit`, and has a `kid`;
/// 3. the key set has a usable key with that `kid`, and the signature
///    verifies with it (RS256 is fixed by the validator, never taken from the
///    token);
/// 4. its claims are well-formed: `iss`, `aud` and `exp` present, each claim
///    of its type, a tenant id present (`tid` or [`TENANT_ID_CLAIM_URI`]; if
///    both, they agree);
/// 5. `iss` is one of the issuers, exactly;
/// 6. `aud` is the app id, exactly (or, as an array, contains it);
/// 7. `now < exp + skew`, and `now + skew >= nbf` when `nbf` is present;
/// 8. the tenant is in the allow-list when there is one (compared ignoring
///    ASCII case: tenant ids are GUIDs).
///
/// Each failure is its own [`AuthErrorKind`].
///
/// # The verified-token cache
///
/// Verifying an RS256 signature costs hundreds of times more than reading
/// the callback, and the service sends the same token with every callback
/// for about an hour. So a validator remembers, by default, up to
/// [`DEFAULT_VERIFIED_TOKEN_CACHE_ENTRIES`] tokens that passed every check,
/// and does not verify their signature again. Steps 5 to 8 are still
/// checked on every use against the `now` given, so a remembered token
/// stops being accepted when it expires. A token that differs from a
/// remembered one in any byte is verified in full; only tokens that passed
/// are remembered; a change of key set ([`set_keys`](Self::set_keys))
/// empties the cache. Turn it off with
/// [`without_verified_token_cache`](Self::without_verified_token_cache).
///
/// The validator is `Send + Sync`: put it behind an `Arc` and share it among
/// the threads of a server; they share the cache. Cloning it gives a
/// validator with the same settings and keys and an empty cache.
pub struct CallbackValidator {
    app_id: String,
    issuers: Vec<String>,
    tenants: Option<Vec<String>>,
    clock_skew: Duration,
    state: RwLock<State>,
}

/// The keys and the tokens verified with them, under one lock, so that a
/// token verified with replaced keys is never remembered.
struct State {
    keys: Arc<KeySet>,
    /// Counts key-set changes.
    generation: u64,
    verified: VerifiedTokens,
}

/// What a valid callback token says.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallbackClaims {
    /// The tenant the callback is for (`tid`).
    pub tenant_id: String,
    /// The issuer (`iss`), one of the allowed ones.
    pub issuer: String,
    /// The audience that matched: the bot's app id.
    pub app_id: String,
    /// The `kid` of the key that verified the signature.
    pub key_id: String,
    /// `exp`.
    pub expires_at: SystemTime,
    /// `nbf`, when present.
    pub not_before: Option<SystemTime>,
    /// `iat`, when present (informative; not checked).
    pub issued_at: Option<SystemTime>,
}

impl CallbackValidator {
    /// A validator for the bot with this app id, accepting these issuers and
    /// trusting these keys, with the default clock skew, no tenant
    /// allow-list, and the verified-token cache on.
    ///
    /// An empty issuer list refuses every token
    /// ([`WrongIssuer`](AuthErrorKind::WrongIssuer)).
    pub fn new<I>(app_id: impl Into<String>, issuers: I, keys: KeySet) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        CallbackValidator {
            app_id: app_id.into(),
            issuers: issuers.into_iter().map(|i| i.as_ref().to_owned()).collect(),
            tenants: None,
            clock_skew: DEFAULT_CLOCK_SKEW,
            state: RwLock::new(State {
                keys: Arc::new(keys),
                generation: 0,
                verified: VerifiedTokens::new(DEFAULT_VERIFIED_TOKEN_CACHE_ENTRIES),
            }),
        }
    }

    /// Sets the clock skew allowed on `exp` and `nbf`.
    #[must_use]
    pub fn with_clock_skew(mut self, skew: Duration) -> Self {
        self.clock_skew = skew;
        self
    }

    /// Accepts callbacks only for these tenants (tenant ids, compared
    /// ignoring ASCII case). An empty list refuses every callback.
    #[must_use]
    pub fn with_allowed_tenants<I>(mut self, tenants: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.tenants = Some(tenants.into_iter().map(|t| t.as_ref().to_owned()).collect());
        self
    }

    /// Remembers up to `max_entries` verified tokens (see the
    /// [cache](Self#the-verified-token-cache)); 0 turns the cache off.
    #[must_use]
    pub fn with_verified_token_cache(self, max_entries: usize) -> Self {
        self.state_mut().verified = VerifiedTokens::new(max_entries);
        self
    }

    /// Verifies every token's signature on every use.
    #[must_use]
    pub fn without_verified_token_cache(self) -> Self {
        self.with_verified_token_cache(0)
    }

    /// How many verified tokens the cache may hold (0: it is off).
    pub fn verified_token_cache_capacity(&self) -> usize {
        self.state().verified.capacity()
    }

    /// How many verified tokens the cache holds now.
    pub fn verified_token_cache_len(&self) -> usize {
        self.state().verified.len()
    }

    /// The bot's app id: the expected audience.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The allowed issuers.
    pub fn issuers(&self) -> &[String] {
        &self.issuers
    }

    /// The tenant allow-list, if there is one.
    pub fn allowed_tenants(&self) -> Option<&[String]> {
        self.tenants.as_deref()
    }

    /// The clock skew allowed on `exp` and `nbf`.
    pub fn clock_skew(&self) -> Duration {
        self.clock_skew
    }

    /// The trusted keys.
    pub fn keys(&self) -> Arc<KeySet> {
        Arc::clone(&self.state().keys)
    }

    /// Replaces the trusted keys, after fetching them again (see
    /// [`KeyRotation`](crate::KeyRotation)). Takes `&self`, so that a
    /// validator shared behind an `Arc` can be given new keys.
    ///
    /// When the new set differs from the one in force, the verified-token
    /// cache is emptied and `true` returned; the same set again changes
    /// nothing.
    pub fn set_keys(&self, keys: KeySet) -> bool {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        if *state.keys == keys {
            return false;
        }
        state.keys = Arc::new(keys);
        state.generation = state.generation.wrapping_add(1);
        state.verified.clear();
        true
    }

    fn state(&self) -> std::sync::RwLockReadGuard<'_, State> {
        // The state is consistent at every await-free point: a panic in
        // another thread cannot leave it half-changed.
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn state_mut(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Checks the `Authorization` header of a request.
    ///
    /// # Errors
    ///
    /// As [`BearerToken::from_headers`] and [`CallbackValidator::validate`].
    pub fn validate_headers(
        &self,
        headers: &http::HeaderMap,
        now: SystemTime,
    ) -> Result<CallbackClaims, AuthError> {
        if let Some(remembered) = self.validate_remembered(headers, now) {
            return remembered;
        }
        self.validate(BearerToken::from_headers(headers)?, now)
    }

    /// The path for a token the cache holds, which skips the character
    /// checks of [`BearerToken::from_headers`]: a hit means the token equals,
    /// byte for byte, one that passed them. `None` sends the request down the
    /// full path (no single `Authorization`, not `Bearer`, or not cached).
    fn validate_remembered(
        &self,
        headers: &http::HeaderMap,
        now: SystemTime,
    ) -> Option<Result<CallbackClaims, AuthError>> {
        let mut values = headers.get_all(http::header::AUTHORIZATION).iter();
        let (Some(value), None) = (values.next(), values.next()) else {
            return None;
        };
        let token = std::str::from_utf8(crate::bearer::token_bytes(value.as_bytes())?).ok()?;
        let state = self.state();
        let facts = state.verified.get(token)?;
        Some(self.check_facts(facts, now))
    }

    /// Checks the `Authorization` header of a request (its body is not read).
    ///
    /// # Errors
    ///
    /// As [`CallbackValidator::validate_headers`].
    pub fn validate_request<B>(
        &self,
        request: &http::Request<B>,
        now: SystemTime,
    ) -> Result<CallbackClaims, AuthError> {
        self.validate_headers(request.headers(), now)
    }

    /// Checks a bearer token at the time `now` (pass `SystemTime::now()` in
    /// production, a fixed time in tests).
    ///
    /// # Errors
    ///
    /// An [`AuthError`] whose [`kind`](AuthError::kind) says which check
    /// failed (see [`CallbackValidator`] for the order).
    pub fn validate(
        &self,
        token: BearerToken<'_>,
        now: SystemTime,
    ) -> Result<CallbackClaims, AuthError> {
        let token = token.expose();
        let (keys, generation) = {
            let state = self.state();
            if let Some(facts) = state.verified.get(token) {
                return self.check_facts(facts, now);
            }
            (Arc::clone(&state.keys), state.generation)
        };
        let facts = verify(token, &keys)?;
        let claims = self.check_facts(&facts, now)?;
        let mut state = self.state_mut();
        if state.generation == generation {
            state.verified.insert(token, facts, now, self.clock_skew);
        }
        Ok(claims)
    }

    /// Steps 5 to 8: what is checked on every use, cached or not.
    fn check_facts(
        &self,
        facts: &TokenFacts,
        now: SystemTime,
    ) -> Result<CallbackClaims, AuthError> {
        if !self.issuers.contains(&facts.issuer) {
            return Err(AuthError::new(
                AuthErrorKind::WrongIssuer,
                "the `iss` claim is not one of the validator's issuers",
            ));
        }
        if !facts.audiences.contains(&self.app_id) {
            return Err(AuthError::new(
                AuthErrorKind::WrongAudience,
                "the `aud` claim is not the validator's app id",
            ));
        }
        // An `exp` or `now` so far ahead that adding the skew overflows is
        // neither expired nor early.
        if facts
            .expires_at
            .checked_add(self.clock_skew)
            .is_some_and(|limit| now >= limit)
        {
            return Err(AuthError::new(
                AuthErrorKind::Expired,
                "`exp` plus the clock skew is not after the given time",
            ));
        }
        if let Some(nbf) = facts.not_before
            && now
                .checked_add(self.clock_skew)
                .is_some_and(|late_now| late_now < nbf)
        {
            return Err(AuthError::new(
                AuthErrorKind::NotYetValid,
                "`nbf` is after the given time plus the clock skew",
            ));
        }
        if let Some(allowed) = &self.tenants
            && !allowed
                .iter()
                .any(|t| t.eq_ignore_ascii_case(&facts.tenant_id))
        {
            return Err(AuthError::new(
                AuthErrorKind::TenantNotAllowed,
                "the token's tenant id is not in the validator's tenant allow-list",
            ));
        }
        Ok(CallbackClaims {
            tenant_id: facts.tenant_id.clone(),
            issuer: facts.issuer.clone(),
            app_id: self.app_id.clone(),
            key_id: facts.key_id.clone(),
            expires_at: facts.expires_at,
            not_before: facts.not_before,
            issued_at: facts.issued_at,
        })
    }
}

impl Clone for CallbackValidator {
    /// The same settings and keys, with an empty cache of the same capacity.
    fn clone(&self) -> Self {
        let state = self.state();
        CallbackValidator {
            app_id: self.app_id.clone(),
            issuers: self.issuers.clone(),
            tenants: self.tenants.clone(),
            clock_skew: self.clock_skew,
            state: RwLock::new(State {
                keys: Arc::clone(&state.keys),
                generation: state.generation,
                verified: VerifiedTokens::new(state.verified.capacity()),
            }),
        }
    }
}

impl fmt::Debug for CallbackValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("CallbackValidator")
            .field("app_id", &self.app_id)
            .field("issuers", &self.issuers)
            .field("tenants", &self.tenants)
            .field("clock_skew", &self.clock_skew)
            .field("keys", &state.keys)
            .field("verified_tokens", &state.verified.len())
            .field("verified_token_capacity", &state.verified.capacity())
            .finish()
    }
}

/// Steps 1 to 4: the token's form, its signature, and its claims read, with
/// no policy applied.
fn verify(token: &str, keys: &KeySet) -> Result<TokenFacts, AuthError> {
    let (header_b64, payload_b64, signature_b64) = split_compact(token)?;

    let header = read_header(header_b64)?;
    let kid = check_header(&header)?;

    let keys = match keys.lookup(kid) {
        Lookup::Unknown => {
            return Err(AuthError::new(
                AuthErrorKind::UnknownKeyId,
                "no key in the key set has the token's kid; the service may have rotated its keys",
            ));
        }
        Lookup::Unusable => {
            return Err(AuthError::new(
                AuthErrorKind::UnusableKey,
                "the key set has the token's kid only for a key that cannot verify RS256",
            ));
        }
        Lookup::Usable(keys) => keys,
    };
    if signature_b64.is_empty() {
        return Err(AuthError::new(
            AuthErrorKind::InvalidSignature,
            "the token's signature part is empty",
        ));
    }
    // The signing input is the header and payload parts as sent.
    let message = &token.as_bytes()[..header_b64.len() + 1 + payload_b64.len()];
    verify_signature(signature_b64, message, &keys)?;

    let claims = read_claims(payload_b64)?;
    read_facts(&claims, kid)
}

/// The claims the checks need, each of its type and the required ones
/// present.
fn read_facts(claims: &Map<String, Value>, kid: &str) -> Result<TokenFacts, AuthError> {
    let issuer = match claims.get("iss") {
        None | Some(Value::Null) => {
            return Err(AuthError::new(
                AuthErrorKind::MissingClaim,
                "the token has no `iss` claim",
            ));
        }
        Some(Value::String(iss)) => iss.clone(),
        Some(_) => {
            return Err(AuthError::new(
                AuthErrorKind::MalformedClaims,
                "the `iss` claim is not a string",
            ));
        }
    };

    let audiences = match claims.get("aud") {
        None | Some(Value::Null) => {
            return Err(AuthError::new(
                AuthErrorKind::MissingClaim,
                "the token has no `aud` claim",
            ));
        }
        Some(Value::String(aud)) => vec![aud.clone()],
        Some(Value::Array(items)) => {
            let mut audiences = Vec::with_capacity(items.len());
            for item in items {
                let Value::String(aud) = item else {
                    return Err(AuthError::new(
                        AuthErrorKind::MalformedClaims,
                        "the `aud` claim is an array with a member that is not a string",
                    ));
                };
                audiences.push(aud.clone());
            }
            audiences
        }
        Some(_) => {
            return Err(AuthError::new(
                AuthErrorKind::MalformedClaims,
                "the `aud` claim is neither a string nor an array of strings",
            ));
        }
    };

    let expires_at = numeric_date(
        claims,
        "exp",
        "the `exp` claim is not a non-negative number of seconds",
    )?
    .ok_or(AuthError::new(
        AuthErrorKind::MissingClaim,
        "the token has no `exp` claim",
    ))?;
    let not_before = numeric_date(
        claims,
        "nbf",
        "the `nbf` claim is not a non-negative number of seconds",
    )?;
    let issued_at = numeric_date(
        claims,
        "iat",
        "the `iat` claim is not a non-negative number of seconds",
    )?;
    let tenant_id = tenant_id(claims)?.to_owned();

    Ok(TokenFacts {
        issuer,
        audiences,
        tenant_id,
        key_id: kid.to_owned(),
        expires_at,
        not_before,
        issued_at,
    })
}

/// Splits a compact JWS into its three parts, checking that each is made of
/// base64url characters only.
fn split_compact(token: &str) -> Result<(&str, &str, &str), AuthError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(AuthError::new(
            AuthErrorKind::MalformedToken,
            "a JWT has exactly three parts separated by dots",
        ));
    };
    if header.is_empty() || payload.is_empty() {
        return Err(AuthError::new(
            AuthErrorKind::MalformedToken,
            "the token's header or payload part is empty",
        ));
    }
    let base64url = |part: &str| {
        part.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if !(base64url(header) && base64url(payload) && base64url(signature)) {
        return Err(AuthError::new(
            AuthErrorKind::MalformedToken,
            "a part of the token is not unpadded base64url",
        ));
    }
    Ok((header, payload, signature))
}

fn read_header(header_b64: &str) -> Result<Map<String, Value>, AuthError> {
    let bytes = URL_SAFE_NO_PAD.decode(header_b64).map_err(|_| {
        AuthError::new(
            AuthErrorKind::MalformedHeader,
            "the token's header part is not base64url",
        )
    })?;
    serde_json::from_slice(&bytes).map_err(|_| {
        AuthError::new(
            AuthErrorKind::MalformedHeader,
            "the token's header is not a JSON object",
        )
    })
}

/// Checks `alg`, `crit` and `kid`, and returns the `kid`.
fn check_header(header: &Map<String, Value>) -> Result<&str, AuthError> {
    let alg = match header.get("alg") {
        Some(Value::String(alg)) => alg.as_str(),
        _ => {
            return Err(AuthError::new(
                AuthErrorKind::MalformedHeader,
                "the header's `alg` is missing or not a string",
            ));
        }
    };
    if alg.eq_ignore_ascii_case("none") {
        return Err(AuthError::new(
            AuthErrorKind::UnsignedToken,
            "the header says `alg: none`",
        ));
    }
    if ["HS256", "HS384", "HS512"]
        .iter()
        .any(|hmac| alg.eq_ignore_ascii_case(hmac))
    {
        return Err(AuthError::new(
            AuthErrorKind::SymmetricAlgorithm,
            "the header names an HMAC algorithm",
        ));
    }
    if alg != "RS256" {
        return Err(AuthError::new(
            AuthErrorKind::UnsupportedAlgorithm,
            "the header's `alg` is not RS256",
        ));
    }
    if header.contains_key("crit") {
        return Err(AuthError::new(
            AuthErrorKind::UnsupportedCriticalHeader,
            "the header has a `crit` member",
        ));
    }
    match header.get("kid") {
        None | Some(Value::Null) => Err(AuthError::new(
            AuthErrorKind::MissingKeyId,
            "the header has no `kid`",
        )),
        Some(Value::String(kid)) if kid.is_empty() => Err(AuthError::new(
            AuthErrorKind::MissingKeyId,
            "the header's `kid` is empty",
        )),
        Some(Value::String(kid)) => Ok(kid),
        Some(_) => Err(AuthError::new(
            AuthErrorKind::MalformedHeader,
            "the header's `kid` is not a string",
        )),
    }
}

/// Verifies an RS256 signature with `jsonwebtoken`, trying each key that has
/// the token's `kid`.
fn verify_signature(
    signature_b64: &str,
    message: &[u8],
    keys: &[&jsonwebtoken::DecodingKey],
) -> Result<(), AuthError> {
    let mut error = AuthError::new(
        AuthErrorKind::InvalidSignature,
        "the signature does not verify with the key the token's kid names",
    );
    for key in keys {
        match jsonwebtoken::crypto::verify(signature_b64, message, key, Algorithm::RS256) {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(err) => {
                error = match err.kind() {
                    jsonwebtoken::errors::ErrorKind::Base64(_) => AuthError::new(
                        AuthErrorKind::MalformedToken,
                        "the token's signature part is not base64url",
                    ),
                    jsonwebtoken::errors::ErrorKind::InvalidKeyFormat
                    | jsonwebtoken::errors::ErrorKind::InvalidRsaKey(_)
                    | jsonwebtoken::errors::ErrorKind::InvalidAlgorithm => AuthError::new(
                        AuthErrorKind::UnusableKey,
                        "the key the token's kid names cannot verify RS256",
                    ),
                    _ => error,
                };
            }
        }
    }
    Err(error)
}

fn read_claims(payload_b64: &str) -> Result<Map<String, Value>, AuthError> {
    let bytes = URL_SAFE_NO_PAD.decode(payload_b64).map_err(|_| {
        AuthError::new(
            AuthErrorKind::MalformedClaims,
            "the token's payload part is not base64url",
        )
    })?;
    serde_json::from_slice(&bytes).map_err(|_| {
        AuthError::new(
            AuthErrorKind::MalformedClaims,
            "the token's claims are not a JSON object",
        )
    })
}

/// A NumericDate claim (seconds since the epoch, RFC 7519 §2); `None` when
/// absent or `null`.
fn numeric_date(
    claims: &Map<String, Value>,
    name: &str,
    malformed: &'static str,
) -> Result<Option<SystemTime>, AuthError> {
    let malformed = || AuthError::new(AuthErrorKind::MalformedClaims, malformed);
    let since_epoch = match claims.get(name) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(secs) => Duration::from_secs(secs),
            None => n
                .as_f64()
                .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
                .ok_or_else(malformed)?,
        },
        Some(_) => return Err(malformed()),
    };
    UNIX_EPOCH
        .checked_add(since_epoch)
        .map(Some)
        .ok_or_else(malformed)
}

/// The tenant id: `tid`, or the claim the SDK samples read; both must agree.
fn tenant_id(claims: &Map<String, Value>) -> Result<&str, AuthError> {
    let read = |name: &str, detail: &'static str| match claims.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(AuthError::new(AuthErrorKind::MalformedClaims, detail)),
    };
    let tid = read("tid", "the `tid` claim is not a string")?;
    let uri = read(TENANT_ID_CLAIM_URI, "the tenantid claim is not a string")?;
    match (tid, uri) {
        (Some(a), Some(b)) if !a.eq_ignore_ascii_case(b) => Err(AuthError::new(
            AuthErrorKind::ConflictingTenant,
            "`tid` and the tenantid claim differ",
        )),
        (Some(t), _) | (None, Some(t)) => Ok(t),
        (None, None) => Err(AuthError::new(
            AuthErrorKind::MissingTenant,
            "the token has neither a `tid` nor a tenantid claim",
        )),
    }
}
