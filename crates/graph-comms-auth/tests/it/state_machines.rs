//! The two schedules, over arbitrary orders of events: key rotation (when
//! to fetch the keys again) and the app-token cache (when to fetch a token).

use graph_comms_auth::{
    AccessToken, AppToken, AppTokenCache, FetchReason, KeyRotation, KeySet, KeyUpdate,
    RotationPolicy, RotationStep, RotationWait, TokenResponse, TokenStep, TokenWait, testing,
};
use proptest::prelude::*;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn t0() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_700_000_000)
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

fn keys(which: u8) -> KeySet {
    match which {
        0 => KeySet::new(), // a fetch that brought no usable key
        1 => testing::key_set(),
        _ => KeySet::from_jwks_json(
            br#"{"keys":[{"kty":"RSA","kid":"other","use":"sig","e":"AQAB","n":"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw"}]}"#,
        )
        .unwrap(),
    }
}

#[derive(Clone, Debug)]
enum KeyEvent {
    Step(u64),
    UnknownKey(u64),
    Fetched(u64, u8),
    Failed(u64),
}

fn key_event() -> impl Strategy<Value = KeyEvent> {
    // Time steps from a second to three hours, small ones more often.
    let dt = prop_oneof![0..5u64, 0..400u64, 0..11_000u64];
    prop_oneof![
        3 => dt.clone().prop_map(KeyEvent::Step),
        3 => dt.clone().prop_map(KeyEvent::UnknownKey),
        2 => (dt.clone(), 0..3u8).prop_map(|(d, k)| KeyEvent::Fetched(d, k)),
        1 => dt.prop_map(KeyEvent::Failed),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn key_rotation_keeps_its_promises(events in prop::collection::vec(key_event(), 1..60)) {
        let policy = RotationPolicy::default();
        let mut rotation = KeyRotation::new(policy);
        let mut now = t0();
        // Our model: the fetch under way (its start), the last fetch for an
        // unknown kid, the last success.
        let mut under_way: Option<SystemTime> = None;
        let mut last_unknown_fetch: Option<SystemTime> = None;
        let mut last_success: Option<SystemTime> = None;
        let mut ever_had_keys = false;

        let check = |step: RotationStep, now: SystemTime,
                         under_way: &mut Option<SystemTime>,
                         last_unknown_fetch: &mut Option<SystemTime>,
                         last_success: Option<SystemTime>| -> Result<(), TestCaseError> {
            if under_way.is_some_and(|s| now >= s + policy.fetch_timeout) {
                *under_way = None; // lost
            }
            match step {
                RotationStep::Fetch(reason) => {
                    prop_assert!(under_way.is_none(), "two fetches at once");
                    *under_way = Some(now);
                    match reason {
                        FetchReason::UnknownKey => {
                            if let Some(last) = *last_unknown_fetch {
                                prop_assert!(now >= last + policy.unknown_key_interval,
                                    "unknown-kid fetches closer than the rate limit");
                            }
                            *last_unknown_fetch = Some(now);
                        }
                        FetchReason::Timer => {
                            let last = last_success.expect("a timer needs a success");
                            prop_assert!(now >= last + policy.refresh_interval);
                        }
                        FetchReason::Initial => prop_assert!(last_success.is_none()),
                        _ => {}
                    }
                }
                RotationStep::Wait { reason, until } => {
                    prop_assert!(until > now, "{reason:?} until {until:?} is not ahead");
                    if reason == RotationWait::FetchUnderWay {
                        prop_assert!(under_way.is_some());
                    }
                }
                _ => {}
            }
            Ok(())
        };

        for event in events {
            match event {
                KeyEvent::Step(dt) => {
                    now += secs(dt);
                    let step = rotation.step(now);
                    check(step, now, &mut under_way, &mut last_unknown_fetch, last_success)?;
                }
                KeyEvent::UnknownKey(dt) => {
                    now += secs(dt);
                    let step = rotation.unknown_key(now);
                    check(step, now, &mut under_way, &mut last_unknown_fetch, last_success)?;
                }
                KeyEvent::Fetched(dt, which) => {
                    now += secs(dt);
                    let before = rotation.keys().clone();
                    let update = rotation.fetched(now, keys(which));
                    under_way = None;
                    match update {
                        KeyUpdate::Rejected => {
                            prop_assert_eq!(which, 0);
                            prop_assert!(rotation.keys() == &before, "the previous keys are kept");
                        }
                        KeyUpdate::Unchanged => {
                            prop_assert!(rotation.keys() == &before);
                            last_success = Some(now);
                        }
                        KeyUpdate::Changed => {
                            prop_assert!(rotation.keys() != &before);
                            last_success = Some(now);
                        }
                        _ => {}
                    }
                }
                KeyEvent::Failed(dt) => {
                    now += secs(dt);
                    let before = rotation.keys().clone();
                    rotation.fetch_failed(now);
                    under_way = None;
                    prop_assert!(rotation.keys() == &before);
                }
            }
            ever_had_keys |= !rotation.keys().is_empty();
            prop_assert!(!ever_had_keys || !rotation.keys().is_empty(), "keys lost");
        }

        // Whatever happened, stepping when told to leads to a fetch.
        let mut fetched = false;
        for _ in 0..8 {
            match rotation.step(now) {
                RotationStep::Fetch(_) => { fetched = true; break; }
                RotationStep::Wait { until, .. } => now = until,
                _ => {}
            }
        }
        prop_assert!(fetched, "no fetch after eight waits");
    }
}

#[test]
fn the_timer_and_the_rate_limit() {
    let policy = RotationPolicy::default();
    let mut rotation = KeyRotation::new(policy);
    assert_eq!(
        rotation.step(t0()),
        RotationStep::Fetch(FetchReason::Initial)
    );
    // While it is under way, everyone waits, unknown kids included.
    assert_eq!(
        rotation.unknown_key(t0() + secs(1)),
        RotationStep::Wait {
            reason: RotationWait::FetchUnderWay,
            until: t0() + policy.fetch_timeout
        }
    );
    assert_eq!(
        rotation.fetched(t0() + secs(2), keys(1)),
        KeyUpdate::Changed
    );
    // The unknown kid reported during the fetch gets a fetch of its own.
    let t = t0() + secs(3);
    assert_eq!(
        rotation.step(t),
        RotationStep::Fetch(FetchReason::UnknownKey)
    );
    assert_eq!(rotation.fetched(t, keys(1)), KeyUpdate::Unchanged);
    // A flood of made-up kids: one fetch per five minutes.
    let mut fetches = 0;
    for second in 0..3600 {
        if let RotationStep::Fetch(reason) = rotation.unknown_key(t + secs(second)) {
            assert_eq!(reason, FetchReason::UnknownKey);
            fetches += 1;
            assert_eq!(
                rotation.fetched(t + secs(second), keys(1)),
                KeyUpdate::Unchanged
            );
        }
    }
    // The fetch at `t` used the first interval: one at each of 300 s, 600 s,
    // …, 3300 s.
    assert_eq!(fetches, 11, "one fetch an interval");
    // Without unknown kids, the timer: two hours after the last success.
    let mut quiet = KeyRotation::new(policy);
    quiet.step(t0());
    quiet.fetched(t0(), keys(1));
    assert_eq!(
        quiet.step(t0() + secs(60)),
        RotationStep::Wait {
            reason: RotationWait::Timer,
            until: t0() + policy.refresh_interval
        }
    );
    assert_eq!(
        quiet.step(t0() + policy.refresh_interval),
        RotationStep::Fetch(FetchReason::Timer)
    );
}

#[test]
fn failures_wait_longer_and_keep_the_keys() {
    let mut rotation = KeyRotation::new(RotationPolicy::default());
    rotation.step(t0());
    rotation.fetched(t0(), keys(1));
    let t = t0() + secs(7200);
    assert_eq!(rotation.step(t), RotationStep::Fetch(FetchReason::Timer));
    rotation.fetch_failed(t);
    assert_eq!(
        rotation.step(t),
        RotationStep::Wait {
            reason: RotationWait::RetryDelay,
            until: t + secs(10)
        }
    );
    assert_eq!(
        rotation.step(t + secs(10)),
        RotationStep::Fetch(FetchReason::Timer)
    );
    // A document without a usable key is a failure too: 20 s now.
    assert_eq!(rotation.fetched(t + secs(10), keys(0)), KeyUpdate::Rejected);
    assert_eq!(rotation.keys(), &keys(1));
    assert_eq!(
        rotation.step(t + secs(10)),
        RotationStep::Wait {
            reason: RotationWait::RetryDelay,
            until: t + secs(30)
        }
    );
    // A fetch never reported counts as failed at its timeout.
    assert!(matches!(
        rotation.step(t + secs(30)),
        RotationStep::Fetch(_)
    ));
    assert!(matches!(
        rotation.step(t + secs(60)),
        RotationStep::Wait {
            reason: RotationWait::RetryDelay,
            ..
        }
    ));
}

// --- the app-token cache ---

fn token(lifetime: u64, at: SystemTime) -> AppToken {
    TokenResponse::from_json(
        format!(
            r#"{{"token_type":"Bearer","expires_in":{lifetime},"access_token":"tok{lifetime}"}}"#
        )
        .as_bytes(),
    )
    .unwrap()
    .into_token(at)
}

#[derive(Clone, Debug)]
enum TokenEvent {
    Step(u64),
    Fetched(u64, u64),
    Failed(u64, Option<u64>),
}

fn token_event() -> impl Strategy<Value = TokenEvent> {
    let dt = prop_oneof![0..5u64, 0..120u64, 0..4_000u64];
    prop_oneof![
        4 => dt.clone().prop_map(TokenEvent::Step),
        2 => (dt.clone(), prop_oneof![0..10u64, 3000..4000u64]).prop_map(|(d, l)| TokenEvent::Fetched(d, l)),
        1 => (dt, proptest::option::of(0..300u64)).prop_map(|(d, r)| TokenEvent::Failed(d, r)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_token_cache_keeps_its_promises(events in prop::collection::vec(token_event(), 1..60)) {
        let mut cache = AppTokenCache::new();
        let mut now = t0();
        let mut under_way: Option<SystemTime> = None;
        let mut held: Option<AppToken> = None;
        for event in events {
            match event {
                TokenEvent::Step(dt) => {
                    now += secs(dt);
                    if under_way.is_some_and(|s| now >= s + graph_comms_auth::DEFAULT_FETCH_TIMEOUT) {
                        under_way = None;
                    }
                    let usable = |t: &AccessToken| {
                        let held = held.as_ref().expect("a token was fetched");
                        held.access_token() == t && now < held.expires_at()
                    };
                    match cache.step(now) {
                        TokenStep::Use(t) => prop_assert!(usable(&t), "an expired token used"),
                        TokenStep::Refresh(t) => {
                            prop_assert!(usable(&t));
                            prop_assert!(under_way.is_none(), "two fetches at once");
                            under_way = Some(now);
                        }
                        TokenStep::Fetch => {
                            prop_assert!(held.as_ref().is_none_or(|h| now >= h.expires_at()));
                            prop_assert!(under_way.is_none(), "two fetches at once");
                            under_way = Some(now);
                        }
                        TokenStep::Wait { reason, until } => {
                            prop_assert!(until > now);
                            prop_assert!(held.as_ref().is_none_or(|h| now >= h.expires_at()));
                            prop_assert_eq!(reason == TokenWait::FetchUnderWay, under_way.is_some());
                        }
                        _ => {}
                    }
                }
                TokenEvent::Fetched(dt, lifetime) => {
                    now += secs(dt);
                    let fresh = token(lifetime, now);
                    cache.fetched(fresh.clone(), now);
                    held = Some(fresh);
                    under_way = None;
                    if lifetime > 0 {
                        prop_assert!(matches!(cache.step(now), TokenStep::Use(_)),
                            "a fresh token is not refreshed at once");
                    }
                }
                TokenEvent::Failed(dt, retry_after) => {
                    now += secs(dt);
                    cache.fetch_failed(now, retry_after.map(secs));
                    under_way = None;
                }
            }
        }
    }
}

#[test]
fn the_token_cache_refreshes_ahead_and_backs_off() {
    let mut cache = AppTokenCache::new();
    assert_eq!(cache.step(t0()), TokenStep::Fetch);
    assert_eq!(
        cache.step(t0()),
        TokenStep::Wait {
            reason: TokenWait::FetchUnderWay,
            until: t0() + graph_comms_auth::DEFAULT_FETCH_TIMEOUT
        }
    );
    cache.fetch_failed(t0() + secs(1), Some(secs(5)));
    assert_eq!(
        cache.step(t0() + secs(2)),
        TokenStep::Wait {
            reason: TokenWait::RetryDelay,
            until: t0() + secs(6)
        }
    );
    assert_eq!(cache.step(t0() + secs(6)), TokenStep::Fetch);
    cache.fetched(token(3599, t0() + secs(6)), t0() + secs(6));
    let expiry = t0() + secs(6 + 3599);
    assert!(matches!(cache.step(expiry - secs(301)), TokenStep::Use(_)));
    assert!(matches!(
        cache.step(expiry - secs(300)),
        TokenStep::Refresh(_)
    ));
    // The refresh fails: the token is used to its end, the retry waits.
    cache.fetch_failed(expiry - secs(299), None);
    assert!(matches!(cache.step(expiry - secs(299)), TokenStep::Use(_)));
    assert!(matches!(
        cache.step(expiry - secs(298)),
        TokenStep::Refresh(_)
    ));
    cache.fetch_failed(expiry - secs(298), None);
    assert!(matches!(cache.step(expiry - secs(297)), TokenStep::Use(_)));
    assert!(matches!(
        cache.step(expiry - secs(296)),
        TokenStep::Refresh(_)
    ));
    // At expiry the refresh asked for 296 s ago counts as lost (30 s
    // timeout): with no token left, a fetch; the next caller waits for it.
    assert_eq!(cache.step(expiry), TokenStep::Fetch);
    assert!(matches!(
        cache.step(expiry),
        TokenStep::Wait {
            reason: TokenWait::FetchUnderWay,
            ..
        }
    ));
    // A Graph 401: forget the token.
    cache.fetched(token(3599, expiry), expiry);
    cache.clear();
    assert_eq!(cache.step(expiry), TokenStep::Fetch);
}
