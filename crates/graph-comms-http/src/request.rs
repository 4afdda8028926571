//! Building the requests: `POST …/calls/{id}/subscribeToTone` and
//! `GET …/calls/{id}/operations/{opId}`.

use crate::error::{RequestError, RequestErrorKind};
use crate::location::OperationLocation;
use crate::response::{self, SubscribeToToneResponse};
use crate::{AccessToken, ClientRequestId, Endpoint, ResponseError, headers};
use graph_comms_core::{CallAction, CallId, ClientContext, OperationId, encode_segment};
use graph_comms_models::{CommsOperation, SubscribeToToneOperation, SubscribeToToneRequest};
use graph_comms_validate::{Diagnostic, analyze_subscribe_to_tone_path};
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderName, HeaderValue, Method, Request, Response, Uri};
use std::fmt::Write as _;

pub(crate) const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// The longest URI the `http` crate accepts.
const MAX_URI_LEN: usize = u16::MAX as usize - 1;

/// What every request shares: where it goes, which call, and the optional
/// headers.
#[derive(Clone, Debug, Default)]
pub(crate) struct Common {
    pub(crate) endpoint: Endpoint,
    pub(crate) call_id: Option<CallId>,
    pub(crate) client_request_id: Option<ClientRequestId>,
    pub(crate) access_token: Option<AccessToken>,
}

/// The parts of a built request that every request has.
#[derive(Clone, Debug)]
pub(crate) struct Built {
    pub(crate) endpoint: Endpoint,
    pub(crate) call_id: CallId,
    pub(crate) client_request_id: Option<ClientRequestId>,
    access_token: Option<AccessToken>,
    pub(crate) uri: Uri,
}

impl Built {
    pub(crate) fn new(common: Common, tail: &[&str]) -> Result<Built, RequestError> {
        let call_id = common.call_id.ok_or_else(|| {
            RequestError::new(
                RequestErrorKind::MissingCallId,
                "the builder was given no call id: call .call_id(id) with the id of the call \
                 (from the call's `id`, or a notification's resourceUrl)",
            )
        })?;
        let uri = build_uri(&common.endpoint, &call_id, tail)?;
        Ok(Built {
            endpoint: common.endpoint,
            call_id,
            client_request_id: common.client_request_id,
            access_token: common.access_token,
            uri,
        })
    }

    /// The request, with the `fixed` headers first, then the optional ones.
    pub(crate) fn request(
        &self,
        method: Method,
        fixed: &[(HeaderName, HeaderValue)],
        body: Vec<u8>,
    ) -> Request<Vec<u8>> {
        assemble(
            method,
            self.uri.clone(),
            fixed,
            body,
            self.client_request_id.as_ref(),
            self.access_token.as_ref(),
        )
    }
}

/// A request with the `fixed` headers first, then `client-request-id` and
/// `Authorization` when given.
pub(crate) fn assemble(
    method: Method,
    uri: Uri,
    fixed: &[(HeaderName, HeaderValue)],
    body: Vec<u8>,
    client_request_id: Option<&ClientRequestId>,
    access_token: Option<&AccessToken>,
) -> Request<Vec<u8>> {
    let mut request = Request::new(body);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    let headers = request.headers_mut();
    for (name, value) in fixed {
        headers.insert(name, value.clone());
    }
    if let Some(id) = client_request_id {
        headers.insert(headers::CLIENT_REQUEST_ID, id.header_value().clone());
    }
    if let Some(token) = access_token {
        token.authorize_headers(headers);
    }
    request
}

/// A request body as JSON bytes.
pub(crate) fn to_json<T: serde::Serialize>(body: &T) -> Result<Vec<u8>, RequestError> {
    serde_json::to_vec(body).map_err(|err| {
        RequestError::new(
            RequestErrorKind::BodyNotWritten,
            format!(
                "the request body could not be written as JSON ({err}): this is a bug of \
                 graph-comms-http, please report it"
            ),
        )
    })
}

/// `{base}/communications/calls/{call id}/{tail…}`, each id percent-encoded as
/// one segment. Only `/communications/calls` is ever built: never the
/// deprecated `/app/calls`.
fn build_uri(endpoint: &Endpoint, call_id: &CallId, tail: &[&str]) -> Result<Uri, RequestError> {
    let mut text = endpoint.base_url();
    text.push_str("/communications/calls/");
    // Writing to a String cannot fail.
    let _ = write!(text, "{}", encode_segment(call_id.as_str()));
    for segment in tail {
        text.push('/');
        text.push_str(segment);
    }
    if text.len() > MAX_URI_LEN {
        return Err(RequestError::new(
            RequestErrorKind::UriTooLong,
            format!(
                "the request URI would be {} bytes, over the {MAX_URI_LEN} the http crate \
                 allows: the call id is {} bytes, {} once percent-encoded (Graph's ids are \
                 GUIDs, 32 to 36 bytes)",
                text.len(),
                call_id.as_str().len(),
                encode_segment(call_id.as_str())
                    .map(str::len)
                    .sum::<usize>(),
            ),
        ));
    }
    Uri::try_from(text).map_err(|err| {
        RequestError::new(
            RequestErrorKind::InvalidBaseUrl,
            format!("the request URI could not be built from the endpoint ({err})"),
        )
    })
}

/// `POST {base}/communications/calls/{id}/subscribeToTone`: subscribe to the
/// DTMF tones of a call (the call must use service-hosted media).
///
/// Build it once with [`SubscribeToTone::builder`]; then
/// [`SubscribeToTone::to_request`] gives the `http::Request` to send with any
/// client, and [`SubscribeToTone::read_response`] reads what came back.
///
/// The request is what the official SDK sends (the Kiota-generated msgraph-sdk-dotnet, whose URL templates use RFC 6570
/// simple expansion): `POST`,
/// the call id percent-encoded as one path segment (every byte but
/// `A-Z a-z 0-9 - . _ ~`, `%` included), `Content-Type` and `Accept:
/// application/json`, and the body `{"clientContext":"…"}`, or `{}` without
/// one. `client-request-id` and `Authorization` are added when given. The
/// deprecated `/app/calls` path is never built.
///
/// ```
/// use graph_comms_http::{Endpoint, SubscribeToTone};
/// use graph_comms_http::{ApiVersion, NationalCloud};
///
/// let op = SubscribeToTone::builder()
///     .endpoint(Endpoint::new(NationalCloud::Global, ApiVersion::Beta))
///     .call_id("57dab8b1-894c-409a-b240-bd8beae78896")
///     .client_context("fd1c7836-4d84-4e24-b6aa-23188688cc54")
///     .build()?;
/// let request = op.to_request();
/// assert_eq!(request.method(), "POST");
/// assert_eq!(
///     request.uri(),
///     "https://graph.microsoft.com/beta/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/subscribeToTone"
/// );
/// assert_eq!(request.headers()["content-type"], "application/json");
/// assert_eq!(request.headers()["accept"], "application/json");
/// assert_eq!(request.body(), br#"{"clientContext":"fd1c7836-4d84-4e24-b6aa-23188688cc54"}"#);
///
/// // An id is always one path segment.
/// let odd = SubscribeToTone::builder().call_id("e%41é+{}").build()?;
/// assert_eq!(
///     odd.to_request().uri().path(),
///     "/v1.0/communications/calls/e%2541%C3%A9%2B%7B%7D/subscribeToTone"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct SubscribeToTone {
    built: Built,
    client_context: Option<ClientContext>,
    body: Vec<u8>,
}

impl SubscribeToTone {
    /// A builder; only the call id is required. The endpoint defaults to the
    /// global service, v1.0.
    pub fn builder() -> SubscribeToToneBuilder {
        SubscribeToToneBuilder::default()
    }

    /// The request to send. Build it again for a retry (it is cheap): an
    /// `http::Request` is not `Clone`.
    pub fn to_request(&self) -> Request<Vec<u8>> {
        self.built.request(
            Method::POST,
            &[(CONTENT_TYPE, JSON), (ACCEPT, JSON)],
            self.body.clone(),
        )
    }

    /// Reads the response to this request: a success gives the operation and
    /// the `Location` header, read and checked against this request; an
    /// error status gives a [`crate::GraphError`].
    ///
    /// A success is any 2xx: the documented `200 OK` with the
    /// `subscribeToToneOperation` body, or an empty body (the old beta answered
    /// `202 Accepted` without one), which gives no operation.
    ///
    /// The `Location` is optional; when present it must point at
    /// `…/communications/calls/{id}/operations/{opId}` of *this* call (the ids
    /// compared ASCII case-insensitively: Graph writes GUIDs in either case),
    /// either relative (starting with `/`) or absolute on this request's host.
    /// When the request went to a custom endpoint (a proxy, a test server), an
    /// absolute `Location` on a Microsoft Graph host is accepted too, as the
    /// service writes it. `https` may not become `http`.
    ///
    /// # Errors
    ///
    /// A [`ResponseError`] whose kind says what: an error status, a body that
    /// is not an operation, a `Location` that is malformed, on another host
    /// or for another call.
    pub fn read_response<B: AsRef<[u8]>>(
        &self,
        response: &Response<B>,
    ) -> Result<SubscribeToToneResponse, ResponseError> {
        response::read_action(
            &response::OperationShape {
                action: CallAction::SubscribeToTone.as_str(),
                operation_type: CallAction::SubscribeToTone
                    .operation_type()
                    .unwrap_or_default(),
                id: |op: &SubscribeToToneOperation| op.id.as_deref(),
            },
            &self.built.endpoint,
            &self.built.call_id,
            response,
        )
    }

    /// Warnings about the request from graph-comms-validate: the path (a
    /// cloud or version where the docs do not offer subscribeToTone, a host
    /// that is not Microsoft Graph) and the clientContext (over 256 UTF-16
    /// units). Empty for an ordinary request to a national cloud.
    ///
    /// ```
    /// use graph_comms_http::{Endpoint, SubscribeToTone};
    /// use graph_comms_http::{ApiVersion, NationalCloud};
    /// use graph_comms_validate::DiagnosticCode;
    ///
    /// let op = SubscribeToTone::builder()
    ///     .endpoint(Endpoint::new(NationalCloud::China21Vianet, ApiVersion::V1_0))
    ///     .call_id("57dab8b1-894c-409a-b240-bd8beae78896")
    ///     .build()?;
    /// assert_eq!(op.diagnostics()[0].code, DiagnosticCode::NotOfferedInCloud);
    /// # Ok::<(), graph_comms_http::RequestError>(())
    /// ```
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let uri = self.built.uri.to_string();
        let mut diagnostics = analyze_subscribe_to_tone_path(&uri).into_diagnostics();
        if let Some(context) = &self.client_context {
            diagnostics.extend(graph_comms_validate::client_context_utf16_warning(context));
        }
        diagnostics
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.built.endpoint
    }

    /// The call id.
    pub fn call_id(&self) -> &CallId {
        &self.built.call_id
    }

    /// The clientContext, if one was given.
    pub fn client_context(&self) -> Option<&ClientContext> {
        self.client_context.as_ref()
    }

    /// The client-request-id, if one was given.
    pub fn client_request_id(&self) -> Option<&ClientRequestId> {
        self.built.client_request_id.as_ref()
    }

    /// The request URI.
    pub fn uri(&self) -> &Uri {
        &self.built.uri
    }

    /// The request body: `{"clientContext":"…"}` or `{}`.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// Builds a [`SubscribeToTone`]. Setters take strings or already-validated
/// values; the first invalid one is kept and returned by
/// [`SubscribeToToneBuilder::build`], as `http::request::Builder` does.
#[derive(Debug)]
#[must_use = "a builder does nothing until .build() is called"]
pub struct SubscribeToToneBuilder {
    inner: Result<(Common, Option<ClientContext>), RequestError>,
}

impl Default for SubscribeToToneBuilder {
    fn default() -> Self {
        SubscribeToToneBuilder {
            inner: Ok((Common::default(), None)),
        }
    }
}

impl SubscribeToToneBuilder {
    fn map(
        self,
        f: impl FnOnce(
            (Common, Option<ClientContext>),
        ) -> Result<(Common, Option<ClientContext>), RequestError>,
    ) -> Self {
        SubscribeToToneBuilder {
            inner: self.inner.and_then(f),
        }
    }

    /// Where the request goes: an [`Endpoint`], a
    /// [`NationalCloud`](crate::NationalCloud) (v1.0), or a base URL such as
    /// `"https://graph.microsoft.us/v1.0"`. Default: global, v1.0.
    pub fn endpoint<T>(self, endpoint: T) -> Self
    where
        T: TryInto<Endpoint>,
        T::Error: Into<RequestError>,
    {
        self.map(|(mut common, context)| {
            common.endpoint = endpoint.try_into().map_err(Into::into)?;
            Ok((common, context))
        })
    }

    /// The call: a [`CallId`] or a string (validated as one).
    pub fn call_id<T>(self, call_id: T) -> Self
    where
        T: TryInto<CallId>,
        T::Error: Into<RequestError>,
    {
        self.map(|(mut common, context)| {
            common.call_id = Some(call_id.try_into().map_err(Into::into)?);
            Ok((common, context))
        })
    }

    /// The clientContext: a [`ClientContext`] or a string (validated: 1 to
    /// 256 characters). It comes back in the operation and in the
    /// notifications, to correlate them with this request.
    pub fn client_context<T>(self, client_context: T) -> Self
    where
        T: TryInto<ClientContext>,
        T::Error: Into<RequestError>,
    {
        self.map(|(common, _)| {
            let context = client_context.try_into().map_err(Into::into)?;
            Ok((common, Some(context)))
        })
    }

    /// The `client-request-id` header: a UUID you generated, or a string.
    pub fn client_request_id<T>(self, id: T) -> Self
    where
        T: TryInto<ClientRequestId>,
        T::Error: Into<RequestError>,
    {
        self.map(|(mut common, context)| {
            common.client_request_id = Some(id.try_into().map_err(Into::into)?);
            Ok((common, context))
        })
    }

    /// The access token for the `Authorization` header: an [`AccessToken`] or
    /// a string. Leave it out to authorize the request later
    /// ([`AccessToken::authorize`]).
    pub fn access_token<T>(self, token: T) -> Self
    where
        T: TryInto<AccessToken>,
        T::Error: Into<RequestError>,
    {
        self.map(|(mut common, context)| {
            common.access_token = Some(token.try_into().map_err(Into::into)?);
            Ok((common, context))
        })
    }

    /// The request, or the first error a setter met.
    ///
    /// # Errors
    ///
    /// A [`RequestError`]: an invalid value given to a setter, no call id,
    /// or a URI too long for the `http` crate.
    pub fn build(self) -> Result<SubscribeToTone, RequestError> {
        let (common, client_context) = self.inner?;
        let built = Built::new(common, CallAction::SubscribeToTone.segment().as_slice())?;
        let body = match &client_context {
            Some(context) => SubscribeToToneRequest::new(context.as_str()),
            None => SubscribeToToneRequest::default(),
        };
        let body = to_json(&body)?;
        Ok(SubscribeToTone {
            built,
            client_context,
            body,
        })
    }
}

/// `GET {base}/communications/calls/{id}/operations/{opId}`: read an
/// operation of a call, such as the one a subscribeToTone `Location` names.
///
/// ```
/// use graph_comms_http::{GetOperation, OperationLocation};
///
/// let location = OperationLocation::parse(
///     "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5",
/// )?;
/// let get = GetOperation::builder().location(&location).build()?;
/// let request = get.to_request();
/// assert_eq!(request.method(), "GET");
/// assert_eq!(
///     request.uri().path(),
///     "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5"
/// );
/// assert!(request.body().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct GetOperation {
    built: Built,
    operation_id: OperationId,
}

impl GetOperation {
    /// A builder; the call id and the operation id are required. The
    /// endpoint defaults to the global service, v1.0.
    pub fn builder() -> GetOperationBuilder {
        GetOperationBuilder::default()
    }

    /// The request to send: `GET` with `Accept: application/json` and an
    /// empty body.
    pub fn to_request(&self) -> Request<Vec<u8>> {
        self.built
            .request(Method::GET, &[(ACCEPT, JSON)], Vec::new())
    }

    /// Reads the response: `200 OK` with the operation (a
    /// `subscribeToToneOperation` reads as a [`CommsOperation`] whose
    /// `odata_type` says so).
    ///
    /// # Errors
    ///
    /// A [`ResponseError`]: an error status with its [`crate::GraphError`],
    /// an unexpected status, or a body that is empty or not an operation.
    pub fn read_response<B: AsRef<[u8]>>(
        &self,
        response: &Response<B>,
    ) -> Result<CommsOperation, ResponseError> {
        response::read_operation(response)
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.built.endpoint
    }

    /// The call id.
    pub fn call_id(&self) -> &CallId {
        &self.built.call_id
    }

    /// The operation id.
    pub fn operation_id(&self) -> &OperationId {
        &self.operation_id
    }

    /// The request URI.
    pub fn uri(&self) -> &Uri {
        &self.built.uri
    }
}

/// Builds a [`GetOperation`]; errors are deferred to
/// [`GetOperationBuilder::build`].
#[derive(Debug)]
#[must_use = "a builder does nothing until .build() is called"]
pub struct GetOperationBuilder {
    inner: Result<(Common, Option<OperationId>), RequestError>,
}

impl Default for GetOperationBuilder {
    fn default() -> Self {
        GetOperationBuilder {
            inner: Ok((Common::default(), None)),
        }
    }
}

impl GetOperationBuilder {
    fn map(
        self,
        f: impl FnOnce(
            (Common, Option<OperationId>),
        ) -> Result<(Common, Option<OperationId>), RequestError>,
    ) -> Self {
        GetOperationBuilder {
            inner: self.inner.and_then(f),
        }
    }

    /// Where the request goes (as [`SubscribeToToneBuilder::endpoint`]).
    pub fn endpoint<T>(self, endpoint: T) -> Self
    where
        T: TryInto<Endpoint>,
        T::Error: Into<RequestError>,
    {
        self.map(|(mut common, op)| {
            common.endpoint = endpoint.try_into().map_err(Into::into)?;
            Ok((common, op))
        })
    }

    /// The call: a [`CallId`] or a string.
    pub fn call_id<T>(self, call_id: T) -> Self
    where
        T: TryInto<CallId>,
        T::Error: Into<RequestError>,
    {
        self.map(|(mut common, op)| {
            common.call_id = Some(call_id.try_into().map_err(Into::into)?);
            Ok((common, op))
        })
    }

    /// The operation: an [`OperationId`] or a string.
    pub fn operation_id<T>(self, operation_id: T) -> Self
    where
        T: TryInto<OperationId>,
        T::Error: Into<RequestError>,
    {
        self.map(|(common, _)| {
            let op = operation_id.try_into().map_err(Into::into)?;
            Ok((common, Some(op)))
        })
    }

    /// The call id and operation id of a `Location` header. The endpoint is
    /// still the builder's: the `Location`'s host is never used.
    pub fn location(self, location: &OperationLocation) -> Self {
        self.map(|(mut common, _)| {
            common.call_id = Some(location.call_id().clone());
            Ok((common, Some(location.operation_id().clone())))
        })
    }

    /// The `client-request-id` header.
    pub fn client_request_id<T>(self, id: T) -> Self
    where
        T: TryInto<ClientRequestId>,
        T::Error: Into<RequestError>,
    {
        self.map(|(mut common, op)| {
            common.client_request_id = Some(id.try_into().map_err(Into::into)?);
            Ok((common, op))
        })
    }

    /// The access token for the `Authorization` header.
    pub fn access_token<T>(self, token: T) -> Self
    where
        T: TryInto<AccessToken>,
        T::Error: Into<RequestError>,
    {
        self.map(|(mut common, op)| {
            common.access_token = Some(token.try_into().map_err(Into::into)?);
            Ok((common, op))
        })
    }

    /// The request, or the first error a setter met.
    ///
    /// # Errors
    ///
    /// A [`RequestError`]: an invalid value, no call id or operation id, or a
    /// URI too long.
    pub fn build(self) -> Result<GetOperation, RequestError> {
        let (common, operation_id) = self.inner?;
        let operation_id = operation_id.ok_or_else(|| {
            RequestError::new(
                RequestErrorKind::MissingOperationId,
                "the builder was given no operation id: call .operation_id(id), or \
                 .location(&location) with the Location of the subscribeToTone response",
            )
        })?;
        let encoded = encode_segment(operation_id.as_str()).to_string();
        let built = Built::new(common, &["operations", &encoded])?;
        Ok(GetOperation {
            built,
            operation_id,
        })
    }
}
