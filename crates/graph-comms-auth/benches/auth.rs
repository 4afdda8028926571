//! What checking a callback costs next to reading it: the token verified
//! (RS256, no cache), the same token remembered by the verified-token cache,
//! the documented callback read, and the whole inbound path (token, read,
//! tones). One group, so that every ratio compares lines of one run.

use criterion::{Criterion, criterion_group, criterion_main};
use graph_comms_auth::{BearerToken, CallbackValidator, NationalCloud, testing};
use graph_comms_models::CommsNotifications;
use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The documented tone callback, as published (pretty-printed, 513 bytes).
const NOTIFICATION: &[u8] = include_bytes!("../../../fixtures/notifications/documented-tone.json");

/// The whole inbound path: the token, then the body, then its tones.
fn inbound(
    validator: &CallbackValidator,
    request: &http::Request<Vec<u8>>,
    now: SystemTime,
) -> usize {
    let claims = validator
        .validate_request(request, now)
        .expect("a genuine callback");
    let batch = CommsNotifications::from_slice(request.body()).expect("the documented callback");
    let tones = batch.tone_events().flatten().count();
    black_box(claims);
    tones
}

fn auth(c: &mut Criterion) {
    let mut g = c.benchmark_group("auth");
    let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let token = testing::sign(&testing::claims(testing::APP_ID, testing::TENANT_ID, now));
    eprintln!(
        "token: {} bytes; callback: {} bytes",
        token.len(),
        NOTIFICATION.len()
    );
    let request = http::Request::post("/api/calls")
        .header("Authorization", format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .body(NOTIFICATION.to_vec())
        .expect("a valid request");

    let uncached = CallbackValidator::new(
        testing::APP_ID,
        NationalCloud::Global.callback_issuers(),
        testing::key_set(),
    )
    .without_verified_token_cache();
    let cached = CallbackValidator::new(
        testing::APP_ID,
        NationalCloud::Global.callback_issuers(),
        testing::key_set(),
    );
    assert!(cached.validate_request(&request, now).is_ok());
    assert_eq!(cached.verified_token_cache_len(), 1);

    g.bench_function("validate_uncached", |b| {
        b.iter(|| uncached.validate(BearerToken::new(black_box(&token)), now))
    });
    g.bench_function("validate_cached", |b| {
        b.iter(|| cached.validate(BearerToken::new(black_box(&token)), now))
    });
    g.bench_function("validate_request_cached", |b| {
        b.iter(|| cached.validate_request(black_box(&request), now))
    });
    g.bench_function("read_documented_callback", |b| {
        b.iter(|| CommsNotifications::from_slice(black_box(NOTIFICATION)))
    });
    g.bench_function("read_and_tones", |b| {
        b.iter(|| {
            CommsNotifications::from_slice(black_box(NOTIFICATION))
                .expect("the documented callback")
                .tone_events()
                .flatten()
                .count()
        })
    });
    g.bench_function("inbound_cached", |b| {
        b.iter(|| inbound(&cached, black_box(&request), now))
    });
    g.bench_function("inbound_uncached", |b| {
        b.iter(|| inbound(&uncached, black_box(&request), now))
    });
    g.finish();
}

criterion_group!(benches, auth);
criterion_main!(benches);
