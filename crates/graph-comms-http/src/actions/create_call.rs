//! `POST …/communications/calls`: not on a call, so not on `call_action!`,
//! but on the same request assembly, body writing and `Location` checks.

use crate::error::{RequestError, RequestErrorKind};
use crate::request::{JSON, assemble, to_json};
use crate::response::{check_status, header_str};
use crate::{AccessToken, ClientRequestId, Endpoint, ResponseError, ResponseErrorKind, headers};
use graph_comms_core::CallId;
use graph_comms_models::{Call, CreateCallRequest};
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{Method, Request, Response, StatusCode, Uri};

/// `POST {base}/communications/calls`: place an outgoing call
/// (<https://learn.microsoft.com/graph/api/application-post-calls>). The
/// body is a [`CreateCallRequest`]; the answer is `201 Created` with the
/// new call's `Location` and the [`Call`] (`state: "establishing"`), read to
/// a [`CreatedCall`].
///
/// ```
/// use graph_comms_http::CreateCall;
/// use graph_comms_models::{CreateCallRequest, Modality};
///
/// let create = CreateCall::builder()
///     .body(CreateCallRequest::service_hosted("https://bot.contoso.com/callback", [Modality::Audio]))
///     .build()?;
/// let request = create.to_request();
/// assert_eq!(request.method(), "POST");
/// assert_eq!(request.uri(), "https://graph.microsoft.com/v1.0/communications/calls");
/// # Ok::<(), graph_comms_http::RequestError>(())
/// ```
#[derive(Clone, Debug)]
pub struct CreateCall {
    endpoint: Endpoint,
    uri: Uri,
    client_request_id: Option<ClientRequestId>,
    access_token: Option<AccessToken>,
    body: Vec<u8>,
}

impl CreateCall {
    /// A builder; the body is required. The endpoint defaults to the global
    /// service, v1.0.
    pub fn builder() -> CreateCallBuilder {
        CreateCallBuilder {
            inner: Ok(Parts::default()),
        }
    }

    /// The request to send: `POST`, JSON `Content-Type` and `Accept`, then
    /// `client-request-id` and `Authorization` when given.
    pub fn to_request(&self) -> Request<Vec<u8>> {
        assemble(
            Method::POST,
            self.uri.clone(),
            &[(CONTENT_TYPE, JSON), (ACCEPT, JSON)],
            self.body.clone(),
            self.client_request_id.as_ref(),
            self.access_token.as_ref(),
        )
    }

    /// Reads the response: a 2xx (the documented `201 Created`) gives the
    /// [`Call`] of the body and the call id of the `Location`, which must
    /// name a call (`…/communications/calls/{id}`) on this request's host
    /// and, when the body has an `id`, that call.
    ///
    /// # Errors
    ///
    /// A [`ResponseError`]: an error status with its
    /// [`GraphError`](crate::GraphError), a body that is not a call, or a
    /// `Location` that is malformed, on another host or for another call.
    pub fn read_response<B: AsRef<[u8]>>(
        &self,
        response: &Response<B>,
    ) -> Result<CreatedCall, ResponseError> {
        let status = response.status();
        let head = response.headers();
        let body = response.body().as_ref();
        check_status(status, head, body)?;
        let location = crate::location::read_checked_call(&self.endpoint, head, status)?;
        let call: Call = graph_comms_models::from_slice(body).map_err(|err| {
            ResponseError::body(
                status,
                "the body of a created call is not a call",
                Some(err),
            )
        })?;
        if let (Some(location), Some(id)) = (&location, call.id.as_deref())
            && !location.as_str().eq_ignore_ascii_case(id)
        {
            return Err(ResponseError::new(
                ResponseErrorKind::LocationCallIdMismatch,
                Some(status),
                "the Location names another call than the body's `id`",
            ));
        }
        Ok(CreatedCall {
            status,
            call,
            location,
            request_id: header_str(head, &headers::REQUEST_ID).map(str::to_owned),
        })
    }

    /// The endpoint.
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The request URI.
    pub fn uri(&self) -> &Uri {
        &self.uri
    }

    /// The request body, as sent.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// What a successful create call returned.
#[derive(Clone, Debug)]
pub struct CreatedCall {
    status: StatusCode,
    call: Call,
    location: Option<CallId>,
    request_id: Option<String>,
}

impl CreatedCall {
    /// The status: `201 Created` as documented (any 2xx is read).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The call, as the body gave it.
    pub fn call(&self) -> &Call {
        &self.call
    }

    /// The id of the new call: from the `Location`, else the body's `id`.
    pub fn call_id(&self) -> Option<&str> {
        self.location
            .as_ref()
            .map(CallId::as_str)
            .or(self.call.id.as_deref())
    }

    /// The `request-id` response header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

#[derive(Debug, Default)]
struct Parts {
    endpoint: Endpoint,
    client_request_id: Option<ClientRequestId>,
    access_token: Option<AccessToken>,
    body: Option<CreateCallRequest>,
}

/// Builds a [`CreateCall`]; the first invalid value is kept and returned by
/// [`CreateCallBuilder::build`].
#[derive(Debug)]
#[must_use = "a builder does nothing until .build() is called"]
pub struct CreateCallBuilder {
    inner: Result<Parts, RequestError>,
}

impl CreateCallBuilder {
    fn map(self, f: impl FnOnce(&mut Parts) -> Result<(), RequestError>) -> Self {
        CreateCallBuilder {
            inner: self
                .inner
                .and_then(|mut parts| f(&mut parts).map(|()| parts)),
        }
    }

    /// Where the request goes (as
    /// [`SubscribeToToneBuilder::endpoint`](crate::SubscribeToToneBuilder::endpoint)).
    pub fn endpoint<T>(self, endpoint: T) -> Self
    where
        T: TryInto<Endpoint>,
        T::Error: Into<RequestError>,
    {
        self.map(|parts| {
            parts.endpoint = endpoint.try_into().map_err(Into::into)?;
            Ok(())
        })
    }

    /// The `client-request-id` header.
    pub fn client_request_id<T>(self, id: T) -> Self
    where
        T: TryInto<ClientRequestId>,
        T::Error: Into<RequestError>,
    {
        self.map(|parts| {
            parts.client_request_id = Some(id.try_into().map_err(Into::into)?);
            Ok(())
        })
    }

    /// The access token for the `Authorization` header.
    pub fn access_token<T>(self, token: T) -> Self
    where
        T: TryInto<AccessToken>,
        T::Error: Into<RequestError>,
    {
        self.map(|parts| {
            parts.access_token = Some(token.try_into().map_err(Into::into)?);
            Ok(())
        })
    }

    /// The call to place: a [`CreateCallRequest`]. Required.
    pub fn body(self, body: CreateCallRequest) -> Self {
        self.map(|parts| {
            parts.body = Some(body);
            Ok(())
        })
    }

    /// The request, or the first error a setter met.
    ///
    /// # Errors
    ///
    /// A [`RequestError`]: an invalid value, no body, or a base URL that
    /// does not make a URI.
    pub fn build(self) -> Result<CreateCall, RequestError> {
        let parts = self.inner?;
        let body = parts.body.ok_or_else(|| {
            RequestError::new(
                RequestErrorKind::MissingBody,
                "the builder was given no body: call .body(…) with a CreateCallRequest",
            )
        })?;
        let text = format!("{}/communications/calls", parts.endpoint.base_url());
        let uri = Uri::try_from(text).map_err(|err| {
            RequestError::new(
                RequestErrorKind::InvalidBaseUrl,
                format!("the request URI could not be built from the endpoint ({err})"),
            )
        })?;
        Ok(CreateCall {
            endpoint: parts.endpoint,
            uri,
            client_request_id: parts.client_request_id,
            access_token: parts.access_token,
            body: to_json(&body)?,
        })
    }
}
