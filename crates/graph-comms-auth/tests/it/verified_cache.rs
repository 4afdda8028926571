//! The verified-token cache: whatever the order of calls, a validator with
//! its cache answers exactly as one without (so it never accepts an expired
//! token, another audience or a signature it never verified), a key-set
//! change empties it, and threads share it.

use crate::common;

use common::*;
use graph_comms_auth::{AuthErrorKind, BearerToken, CallbackClaims, CallbackValidator, KeySet};
use graph_comms_auth::{NationalCloud, testing};
use proptest::prelude::*;
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, SystemTime};

/// The tokens calls are made with.
static TOKENS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let genuine_token = genuine(&claims());
    let mut tampered = genuine_token.clone().into_bytes();
    let last = tampered.len() - 2; // a signature byte (not the last, whose low bits may be unused)
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    vec![
        // 0: genuine, valid from now() for an hour
        genuine_token,
        // 1: genuine, for another bot
        genuine(&claims_with("aud", json!("another-app"))),
        // 2: genuine, expired an hour ago
        genuine(&claims_with("exp", json!(secs(now()) - 3600))),
        // 3: the claims of 0 signed by an attacker under the trusted kid
        signed(
            &rs256_header(Some(testing::KEY_ID)),
            &claims(),
            &attacker_key(),
        ),
        // 4: token 0 with a signature byte changed
        String::from_utf8(tampered).unwrap(),
        // 5: genuine, another token (another iat) valid for two hours
        genuine(&claims_with("exp", json!(secs(now()) + 7200))),
        // 6: signed by the attacker's key under a kid of its own
        signed(
            &rs256_header(Some("rotated-key")),
            &claims(),
            &attacker_key(),
        ),
    ]
});

fn secs(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs()
}

/// The key sets the validator is given.
fn key_set(which: usize) -> KeySet {
    match which {
        0 => testing::key_set(),
        1 => {
            let mut keys = testing::key_set();
            keys.insert_jwk(&attacker_jwk("rotated-key"));
            keys
        }
        // The attacker's key under the service's kid: what a wrong fetch
        // would bring. Tokens verified with the real key must now fail.
        _ => KeySet::from_jwk_set(&graph_comms_auth::JwkSet {
            keys: vec![attacker_jwk(testing::KEY_ID)],
        }),
    }
}

/// The times calls are made at.
fn time(which: usize) -> SystemTime {
    let offsets: [i64; 6] = [-600, 0, 1800, 3600 + 299, 3600 + 301, 7200 + 400];
    let offset = offsets[which];
    if offset < 0 {
        now() - Duration::from_secs(offset.unsigned_abs())
    } else {
        now() + Duration::from_secs(offset as u64)
    }
}

type Outcome = Result<CallbackClaims, AuthErrorKind>;
/// Outcomes by (token, key set, time).
type Memo = HashMap<(usize, usize, usize), Outcome>;

/// What a validator without a cache answers, computed once per input.
fn oracle(token: usize, keys: usize, at: usize) -> Outcome {
    static MEMO: LazyLock<Mutex<Memo>> = LazyLock::new(Default::default);
    if let Some(known) = MEMO.lock().unwrap().get(&(token, keys, at)) {
        return known.clone();
    }
    let uncached = CallbackValidator::new(
        testing::APP_ID,
        NationalCloud::Global.callback_issuers(),
        key_set(keys),
    )
    .without_verified_token_cache();
    let outcome = uncached
        .validate(BearerToken::new(&TOKENS[token]), time(at))
        .map_err(|e| e.kind());
    MEMO.lock()
        .unwrap()
        .insert((token, keys, at), outcome.clone());
    outcome
}

#[derive(Clone, Debug)]
enum Call {
    Validate { token: usize, at: usize },
    SetKeys(usize),
}

fn call() -> impl Strategy<Value = Call> {
    prop_oneof![
        4 => (0..7usize, 0..6usize).prop_map(|(token, at)| Call::Validate { token, at }),
        1 => (0..3usize).prop_map(Call::SetKeys),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_cache_answers_as_a_validator_without_one(
        capacity in prop_oneof![Just(1usize), Just(2), Just(1024)],
        calls in prop::collection::vec(call(), 1..24),
    ) {
        let validator = CallbackValidator::new(testing::APP_ID, NationalCloud::Global.callback_issuers(), key_set(0))
            .with_verified_token_cache(capacity);
        let mut keys = 0;
        for call in calls {
            match call {
                Call::Validate { token, at } => {
                    let got = validator
                        .validate(BearerToken::new(&TOKENS[token]), time(at))
                        .map_err(|e| e.kind());
                    let want = oracle(token, keys, at);
                    prop_assert_eq!(&got, &want, "token {} at {} with keys {}", token, at, keys);
                    // Spelled out: what must never be accepted.
                    if got.is_ok() {
                        prop_assert!(![1, 2, 4].contains(&token), "token {token} accepted");
                        prop_assert!(keys == 2 || token != 3, "a forged signature accepted");
                    }
                }
                Call::SetKeys(k) => {
                    let changed = validator.set_keys(key_set(k));
                    prop_assert_eq!(changed, k != keys);
                    if changed {
                        prop_assert_eq!(validator.verified_token_cache_len(), 0);
                    }
                    keys = k;
                }
            }
            prop_assert!(validator.verified_token_cache_len() <= capacity);
        }
    }
}

#[test]
fn a_verified_token_is_remembered_and_still_checked_against_the_time() {
    let validator = validator();
    assert_eq!(
        validator.verified_token_cache_capacity(),
        graph_comms_auth::DEFAULT_VERIFIED_TOKEN_CACHE_ENTRIES
    );
    let token = &TOKENS[0];
    let first = validator.validate(BearerToken::new(token), now()).unwrap();
    assert_eq!(validator.verified_token_cache_len(), 1);
    let again = validator.validate(BearerToken::new(token), now()).unwrap();
    assert_eq!(first, again);
    // Past exp plus the skew, the remembered token is refused.
    let late = time(4);
    assert_eq!(
        validator
            .validate(BearerToken::new(token), late)
            .unwrap_err()
            .kind(),
        AuthErrorKind::Expired
    );
    // Refused tokens are not remembered.
    for refused in [1, 2, 3, 4] {
        assert!(
            validator
                .validate(BearerToken::new(&TOKENS[refused]), now())
                .is_err()
        );
    }
    assert_eq!(validator.verified_token_cache_len(), 1);
}

#[test]
fn headers_of_a_remembered_token_are_read_as_without_a_cache() {
    let cached = validator();
    let uncached = validator().without_verified_token_cache();
    let token = &TOKENS[0];
    cached.validate(BearerToken::new(token), now()).unwrap();
    let values: Vec<Vec<String>> = vec![
        vec![format!("Bearer {token}")],
        vec![format!("bEaReR  \t{token} \t")],
        vec![format!("Bearer {token}"), format!("Bearer {token}")],
        vec![format!("Basic {token}")],
        vec![format!("Bearer{token}")],
        vec![format!("Bearer {token}x")],
    ];
    for value in values {
        let mut headers = http::HeaderMap::new();
        for v in &value {
            headers.append(http::header::AUTHORIZATION, v.parse().unwrap());
        }
        assert_eq!(
            cached
                .validate_headers(&headers, now())
                .map_err(|e| e.kind()),
            uncached
                .validate_headers(&headers, now())
                .map_err(|e| e.kind()),
            "{} header(s)",
            value.len()
        );
    }
}

#[test]
fn a_key_set_change_empties_the_cache_and_the_same_set_does_not() {
    let validator = validator();
    validator
        .validate(BearerToken::new(&TOKENS[0]), now())
        .unwrap();
    assert!(!validator.set_keys(testing::key_set()), "the same keys");
    assert_eq!(validator.verified_token_cache_len(), 1);
    assert!(validator.set_keys(key_set(1)), "a key more");
    assert_eq!(validator.verified_token_cache_len(), 0);
    // The service's key removed: its token is refused, cache or not.
    validator
        .validate(BearerToken::new(&TOKENS[0]), now())
        .unwrap();
    assert!(validator.set_keys(key_set(2)));
    assert_eq!(
        validator
            .validate(BearerToken::new(&TOKENS[0]), now())
            .unwrap_err()
            .kind(),
        AuthErrorKind::InvalidSignature
    );
}

#[test]
fn the_cache_can_be_switched_off() {
    let validator = validator().without_verified_token_cache();
    assert_eq!(validator.verified_token_cache_capacity(), 0);
    validator
        .validate(BearerToken::new(&TOKENS[0]), now())
        .unwrap();
    assert_eq!(validator.verified_token_cache_len(), 0);
}

#[test]
fn threads_share_one_validator_and_its_cache() {
    let validator = Arc::new(validator());
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let validator = Arc::clone(&validator);
            std::thread::spawn(move || {
                for round in 0..5 {
                    let token = &TOKENS[if (i + round) % 2 == 0 { 0 } else { 5 }];
                    validator.validate(BearerToken::new(token), now()).unwrap();
                    assert!(
                        validator
                            .validate(BearerToken::new(&TOKENS[3]), now())
                            .is_err()
                    );
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    assert_eq!(validator.verified_token_cache_len(), 2);
    // A clone has the settings and keys, not the cache.
    let clone = (*validator).clone();
    assert_eq!(clone.verified_token_cache_len(), 0);
    assert!(clone.validate(BearerToken::new(&TOKENS[0]), now()).is_ok());
}
