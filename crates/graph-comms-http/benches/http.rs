//! What a bot does per request and per callback: build the subscribeToTone
//! request, read its documented 200 response (with `Location`), and read
//! the documented tone callback. `cargo xtask bench` prints the table.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use graph_comms_http::{CallbackReader, SubscribeToTone, uuid::Uuid};
use std::hint::black_box;

const CALL_ID: &str = "57dab8b1-894c-409a-b240-bd8beae78896";
const LOCATION: &str = "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5";
const OPERATION: &[u8] = br##"{
  "@odata.type": "#microsoft.graph.subscribeToToneOperation",
  "clientContext": "clientContext-value",
  "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
  "status": "completed"
}"##;
const NOTIFICATION: &[u8] = include_bytes!("../../../fixtures/notifications/documented-tone.json");

fn http(c: &mut Criterion) {
    let mut g = c.benchmark_group("http");

    let request_id = Uuid::from_u128(0xf3c8e0a9_58f6_4d11_8d3e_2b1e5a7c9d01);
    g.bench_function("build_request", |b| {
        b.iter(|| {
            SubscribeToTone::builder()
                .call_id(black_box(CALL_ID))
                .client_context(black_box("fd1c7836-4d84-4e24-b6aa-23188688cc54"))
                .client_request_id(request_id)
                .access_token(black_box("eyJ0eXAiOiJKV1QifQ.e30.c2ln"))
                .build()
                .expect("a valid request")
                .to_request()
        })
    });

    let op = SubscribeToTone::builder()
        .call_id(CALL_ID)
        .build()
        .expect("a valid request");
    let response = http::Response::builder()
        .status(200)
        .header("Content-Type", "application/json")
        .header("Location", LOCATION)
        .body(OPERATION.to_vec())
        .expect("a valid response");
    assert!(op.read_response(&response).is_ok());
    g.bench_function("read_documented_200", |b| {
        b.iter(|| op.read_response(black_box(&response)))
    });

    let reader = CallbackReader::new();
    let callback = http::Request::post("/api/calls")
        .header("Content-Type", "application/json; charset=Windows-1252")
        .body(NOTIFICATION.to_vec())
        .expect("a valid request");
    assert!(reader.read(&callback).is_ok());
    g.throughput(Throughput::Bytes(NOTIFICATION.len() as u64));
    g.bench_function("read_documented_callback", |b| {
        b.iter(|| reader.read(black_box(&callback)))
    });
    g.finish();
}

criterion_group!(benches, http);
criterion_main!(benches);
