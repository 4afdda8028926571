//! The error answers of the Graph side, each body a real `ODataError`
//! (<https://learn.microsoft.com/graph/errors>). Messages never quote a value
//! from the request.

use super::graph::GraphResponse;
use graph_comms_models::{InnerError, MainError, ODataError};

pub(crate) fn odata_error(
    status: u16,
    code: &str,
    message: &str,
    client_request_id: Option<&str>,
) -> GraphResponse {
    let mut inner = InnerError::default();
    inner.request_id = Some(uuid::Uuid::new_v4().to_string());
    inner.client_request_id = client_request_id.map(str::to_owned);
    let mut main = MainError::default();
    main.code = Some(code.to_owned());
    main.message = Some(message.to_owned());
    main.inner_error = Some(inner);
    let mut error = ODataError::default();
    error.error = Some(main);
    GraphResponse::json(status, serde_json::to_value(&error).unwrap_or_default())
}

/// `401`: no bearer token, or one this emulator did not issue (or that expired).
pub(crate) fn unauthorized(client_request_id: Option<&str>) -> GraphResponse {
    let mut answer = odata_error(
        401,
        "InvalidAuthenticationToken",
        "Access token validation failure: send `Authorization: Bearer` with a token from the \
         emulator's token endpoint (tokenUrl)",
        client_request_id,
    );
    answer.headers.push((
        "WWW-Authenticate".into(),
        "Bearer realm=\"graph-comms-emulator\"".into(),
    ));
    answer
}

/// `404` with code `8522`, "Call not found.": as observed for a call that
/// ended (microsoftgraph/microsoft-graph-comms-samples#173).
pub(crate) fn call_not_found(client_request_id: Option<&str>) -> GraphResponse {
    odata_error(404, "8522", "Call not found.", client_request_id)
}

/// `400` for a request the rules refuse.
pub(crate) fn bad_request(message: &str, client_request_id: Option<&str>) -> GraphResponse {
    odata_error(400, "BadRequest", message, client_request_id)
}

/// `500` with code `9999`, "Encountered Exception during ToneSubscription":
/// subscribeToTone on a call with app-hosted media, as observed in
/// microsoftgraph/microsoft-graph-comms-samples#325.
pub(crate) fn tone_subscription_failed(client_request_id: Option<&str>) -> GraphResponse {
    odata_error(
        500,
        "9999",
        "Encountered Exception during ToneSubscription",
        client_request_id,
    )
}
