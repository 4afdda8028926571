//! `GET recordingLocation`: downloading what recordResponse recorded.

use crate::error::{RequestError, RequestErrorKind};
use crate::response::check_status;
use crate::{ClientRequestId, ResponseError};
use graph_comms_models::{RecordOperation, RecordingAccessToken};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, Uri};
use std::fmt;

/// `GET {recordingLocation}` with `Authorization: Bearer
/// {recordingAccessToken}`: the download of a finished recordResponse
/// (<https://learn.microsoft.com/graph/api/call-record>: "use the
/// recordingLocation and recordingAccessToken to download the recording").
///
/// The URL is the one the operation names, not an endpoint of yours: it
/// must be an absolute `https` URL without credentials. The token is the
/// recording's own (not your Graph access token); it is a credential, so the
/// header is marked sensitive, [`FetchRecording`]'s `Debug` is redacted and
/// no error quotes it. The docs do not say which content type or format the
/// file has, nor how long it stays (only "shortly after the call ends");
/// download it at once.
///
/// ```
/// use graph_comms_http::FetchRecording;
/// use graph_comms_models::RecordOperation;
///
/// let op: RecordOperation = graph_comms_models::from_slice(br##"{
///   "@odata.type": "#microsoft.graph.recordOperation", "status": "completed",
///   "recordingLocation": "https://file.location/17e3b46c-f61d-4f4d-9635-c626ef18e6ad",
///   "recordingAccessToken": "eyJ0eXAiOiJKV1Qi"}"##)?;
/// let fetch = FetchRecording::from_operation(&op)?.expect("a completed recording");
/// let request = fetch.to_request();
/// assert_eq!(request.method(), "GET");
/// assert_eq!(request.uri(), "https://file.location/17e3b46c-f61d-4f4d-9635-c626ef18e6ad");
/// assert_eq!(request.headers()["authorization"], "Bearer eyJ0eXAiOiJKV1Qi");
/// assert!(request.headers()["authorization"].is_sensitive());
/// assert!(!format!("{fetch:?}").contains("eyJ0eXAiOiJKV1Qi"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct FetchRecording {
    uri: Uri,
    authorization: HeaderValue,
    client_request_id: Option<ClientRequestId>,
}

fn invalid(detail: &str) -> RequestError {
    RequestError::new(RequestErrorKind::InvalidRecording, detail)
}

impl FetchRecording {
    /// The download of `location` with `token`.
    ///
    /// # Errors
    ///
    /// [`RequestErrorKind::InvalidRecording`] when the location is not an
    /// absolute `https` URL without credentials, or the token is empty (a
    /// cancelled recording's) or not one line of visible ASCII. The message
    /// quotes neither.
    pub fn new(location: &str, token: &RecordingAccessToken) -> Result<Self, RequestError> {
        if location.is_empty() {
            return Err(invalid(
                "the recordingLocation is empty: a cancelled or failed recording has none",
            ));
        }
        let uri: Uri = location.parse().map_err(|_| {
            invalid("the recordingLocation is not a URL: use the operation's value as it came")
        })?;
        let Some(authority) = uri.authority() else {
            return Err(invalid("the recordingLocation is not an absolute URL"));
        };
        if uri.scheme_str() != Some("https") {
            return Err(invalid(
                "the recordingLocation is not https: the token would be sent in clear",
            ));
        }
        if authority.as_str().contains('@') {
            return Err(invalid(
                "the recordingLocation has credentials in its authority (`…@host`)",
            ));
        }
        let secret = token.expose_secret();
        if secret.is_empty() {
            return Err(invalid(
                "the recordingAccessToken is empty: a cancelled or failed recording has none",
            ));
        }
        if let Some(index) = secret.bytes().position(|b| !b.is_ascii_graphic()) {
            return Err(invalid(&format!(
                "the recordingAccessToken has a character other than visible ASCII at byte \
                 {index}: use the operation's value as it came"
            )));
        }
        let mut authorization = HeaderValue::from_str(&format!("Bearer {secret}"))
            .map_err(|_| invalid("the recordingAccessToken is not a valid header value"))?;
        authorization.set_sensitive(true);
        Ok(FetchRecording {
            uri,
            authorization,
            client_request_id: None,
        })
    }

    /// The download of a finished [`RecordOperation`]'s recording; `None`
    /// when it has none (not finished, cancelled: empty strings, or failed).
    ///
    /// # Errors
    ///
    /// As [`FetchRecording::new`].
    pub fn from_operation(operation: &RecordOperation) -> Result<Option<Self>, RequestError> {
        operation
            .recording()
            .map(|(location, token)| FetchRecording::new(location, token))
            .transpose()
    }

    /// Adds a `client-request-id` header. Whether the recording's host echoes
    /// it is not documented.
    pub fn with_client_request_id(mut self, id: ClientRequestId) -> Self {
        self.client_request_id = Some(id);
        self
    }

    /// The request to send: `GET`, the recording's bearer token, no body.
    pub fn to_request(&self) -> Request<Vec<u8>> {
        let mut request = Request::new(Vec::new());
        *request.method_mut() = Method::GET;
        *request.uri_mut() = self.uri.clone();
        let headers = request.headers_mut();
        headers.insert(http::header::AUTHORIZATION, self.authorization.clone());
        if let Some(id) = &self.client_request_id {
            headers.insert(crate::headers::CLIENT_REQUEST_ID, id.header_value().clone());
        }
        request
    }

    /// Checks the response: a 2xx gives its status (the body is the
    /// recording, the caller's to store); an error status gives a
    /// [`crate::GraphError`] (whatever its body: the recording's host may
    /// not answer in Graph's error format).
    ///
    /// The error never shows the recording token: when the host quotes it
    /// back (in its error message, an id header or a body that is not a
    /// Graph error), the error is the one of the status and the other
    /// headers alone, or of the status alone.
    ///
    /// # Errors
    ///
    /// A [`ResponseError`]: an error status, or a status that is neither a
    /// success nor an error (a redirect is not followed).
    pub fn read_response<B: AsRef<[u8]>>(
        &self,
        response: &Response<B>,
    ) -> Result<StatusCode, ResponseError> {
        let (status, headers) = (response.status(), response.headers());
        match check_status(status, headers, response.body().as_ref()) {
            Ok(()) => Ok(status),
            Err(err) if !self.shows_token(&err) => Err(err),
            Err(err) => {
                for headers in [headers, &HeaderMap::new()] {
                    if let Err(bare) = check_status(status, headers, b"")
                        && !self.shows_token(&bare)
                    {
                        return Err(bare);
                    }
                }
                // Not reached: the status alone quotes nothing. Kept as a
                // fallback that still answers with an error.
                Err(ResponseError::new(
                    err.kind(),
                    Some(status),
                    "the request failed",
                ))
            }
        }
    }

    /// Whether an error would show the token (its text, its `Debug`, or a
    /// body it keeps).
    fn shows_token(&self, err: &ResponseError) -> bool {
        let Some(token) = self
            .authorization
            .to_str()
            .ok()
            .and_then(|value| value.strip_prefix("Bearer "))
        else {
            return false;
        };
        if token.is_empty() {
            return false;
        }
        let kept = err.graph_error().map_or(&[][..], |graph| graph.body());
        format!("{err} {err:?}").contains(token)
            || kept
                .windows(token.len())
                .any(|window| window == token.as_bytes())
    }

    /// The recording's URL.
    pub fn uri(&self) -> &Uri {
        &self.uri
    }
}

impl fmt::Debug for FetchRecording {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FetchRecording")
            // The path only: a query could carry a signature.
            .field(
                "uri",
                &format_args!(
                    "{}://{}{}",
                    self.uri.scheme_str().unwrap_or_default(),
                    self.uri.authority().map_or("", |a| a.as_str()),
                    self.uri.path()
                ),
            )
            .field("token", &"<redacted>")
            .field("client_request_id", &self.client_request_id)
            .finish()
    }
}
