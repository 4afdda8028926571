//! Building the subscribeToTone request, and reading its documented 200
//! response (with `Location`). Run with `cargo bench -p graph-comms-http`.

use criterion::{Criterion, criterion_group, criterion_main};
use graph_comms_http::{SubscribeToTone, uuid::Uuid};
use std::hint::black_box;

const CALL_ID: &str = "57dab8b1-894c-409a-b240-bd8beae78896";
const LOCATION: &str = "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5";
const BODY: &[u8] = br##"{
  "@odata.type": "#microsoft.graph.subscribeToToneOperation",
  "clientContext": "clientContext-value",
  "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
  "status": "completed"
}"##;

fn build(c: &mut Criterion) {
    let request_id = Uuid::from_u128(0xf3c8e0a9_58f6_4d11_8d3e_2b1e5a7c9d01);
    c.bench_function("subscribe_to_tone/build_request", |b| {
        b.iter(|| {
            let op = SubscribeToTone::builder()
                .call_id(black_box(CALL_ID))
                .client_context(black_box("fd1c7836-4d84-4e24-b6aa-23188688cc54"))
                .client_request_id(request_id)
                .bearer_token(black_box("eyJ0eXAiOiJKV1QifQ.e30.c2ln"))
                .build()
                .expect("a valid request");
            op.to_request()
        })
    });
}

fn read(c: &mut Criterion) {
    let op = SubscribeToTone::builder()
        .call_id(CALL_ID)
        .build()
        .expect("a valid request");
    let response = http::Response::builder()
        .status(200)
        .header("Content-Type", "application/json")
        .header("Location", LOCATION)
        .body(BODY.to_vec())
        .expect("a valid response");
    c.bench_function("subscribe_to_tone/read_documented_200", |b| {
        b.iter(|| op.read_response(black_box(&response)).expect("documented"))
    });
}

criterion_group!(benches, build, read);
criterion_main!(benches);
