//! The one mechanism every call action is built on: where the request goes
//! (the call id percent-encoded as one segment), its headers
//! (`client-request-id`, `Authorization`), its JSON body, and how its answer
//! is read. Each action is one small file in `actions/` that names its
//! method, path segment, body type and answer with [`call_action!`].

use crate::error::{RequestError, RequestErrorKind};
use crate::request::{Built, Common, JSON, to_json};
use crate::{AccessToken, ClientRequestId, Endpoint};
use graph_comms_core::{CallAction, CallId};
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{Method, Request, Uri};
use serde::Serialize;

/// A built action request: where it goes and what it carries.
#[derive(Clone, Debug)]
pub(crate) struct Core {
    pub(crate) built: Built,
    method: Method,
    /// The JSON body; `None` for a request without one (hang up).
    body: Option<Vec<u8>>,
}

impl Core {
    /// The request: JSON `Content-Type` and `Accept` with a body, `Accept`
    /// alone without one, then `client-request-id` and `Authorization`
    /// when given.
    pub(crate) fn to_request(&self) -> Request<Vec<u8>> {
        match &self.body {
            Some(body) => self.built.request(
                self.method.clone(),
                &[(CONTENT_TYPE, JSON), (ACCEPT, JSON)],
                body.clone(),
            ),
            None => self
                .built
                .request(self.method.clone(), &[(ACCEPT, JSON)], Vec::new()),
        }
    }

    pub(crate) fn endpoint(&self) -> &Endpoint {
        &self.built.endpoint
    }

    pub(crate) fn call_id(&self) -> &CallId {
        &self.built.call_id
    }

    pub(crate) fn client_request_id(&self) -> Option<&ClientRequestId> {
        self.built.client_request_id.as_ref()
    }

    pub(crate) fn uri(&self) -> &Uri {
        &self.built.uri
    }

    pub(crate) fn body(&self) -> &[u8] {
        self.body.as_deref().unwrap_or_default()
    }
}

/// The builder every action's builder wraps: the first invalid value is kept
/// and returned by `build`, as `http::request::Builder` does.
#[derive(Debug)]
pub(crate) struct CoreBuilder<B> {
    inner: Result<(Common, Option<B>), RequestError>,
}

impl<B> Default for CoreBuilder<B> {
    fn default() -> Self {
        CoreBuilder {
            inner: Ok((Common::default(), None)),
        }
    }
}

impl<B: Serialize> CoreBuilder<B> {
    fn map(self, f: impl FnOnce(&mut Common) -> Result<(), RequestError>) -> Self {
        CoreBuilder {
            inner: self.inner.and_then(|(mut common, body)| {
                f(&mut common)?;
                Ok((common, body))
            }),
        }
    }

    pub(crate) fn endpoint<T>(self, endpoint: T) -> Self
    where
        T: TryInto<Endpoint>,
        T::Error: Into<RequestError>,
    {
        self.map(|common| {
            common.endpoint = endpoint.try_into().map_err(Into::into)?;
            Ok(())
        })
    }

    pub(crate) fn call_id<T>(self, call_id: T) -> Self
    where
        T: TryInto<CallId>,
        T::Error: Into<RequestError>,
    {
        self.map(|common| {
            common.call_id = Some(call_id.try_into().map_err(Into::into)?);
            Ok(())
        })
    }

    pub(crate) fn client_request_id<T>(self, id: T) -> Self
    where
        T: TryInto<ClientRequestId>,
        T::Error: Into<RequestError>,
    {
        self.map(|common| {
            common.client_request_id = Some(id.try_into().map_err(Into::into)?);
            Ok(())
        })
    }

    pub(crate) fn access_token<T>(self, token: T) -> Self
    where
        T: TryInto<AccessToken>,
        T::Error: Into<RequestError>,
    {
        self.map(|common| {
            common.access_token = Some(token.try_into().map_err(Into::into)?);
            Ok(())
        })
    }

    pub(crate) fn body(self, body: B) -> Self {
        CoreBuilder {
            inner: self.inner.map(|(common, _)| (common, Some(body))),
        }
    }

    /// The request to `…/calls/{id}[/{segment}]`. `action` names the action
    /// in the error when a required body is missing; `needs_body` is false
    /// for a request that has none.
    pub(crate) fn build(
        self,
        method: Method,
        segment: Option<&str>,
        action: &str,
        needs_body: bool,
    ) -> Result<Core, RequestError> {
        let (common, body) = self.inner?;
        let built = Built::new(common, segment.as_slice())?;
        let body = match (body, needs_body) {
            (Some(body), true) => Some(to_json(&body)?),
            (None, true) => {
                return Err(RequestError::new(
                    RequestErrorKind::MissingBody,
                    format!(
                        "the builder was given no body: call .body(…) with the {action} \
                         request body from graph-comms-models"
                    ),
                ));
            }
            (_, false) => None,
        };
        Ok(Core {
            built,
            method,
            body,
        })
    }
}

/// Declares one call action: its public request type and builder, on
/// [`Core`] and [`CoreBuilder`].
///
/// ```text
/// call_action! {
///     /// docs
///     PlayPrompt, PlayPromptBuilder: PlayPrompt, body PlayPromptRequest,
///     answer operation PlayPromptOperation;
/// }
/// ```
///
/// The third name is the [`CallAction`] variant: its method, segment and
/// operation type come from there, the one home of what each action is.
/// `answer operation T` reads `200 OK` + `Location` + the typed operation;
/// `answer acknowledged` reads `202`/`204` without one. `body none` (hang
/// up) has no `.body()` setter and sends no body.
macro_rules! call_action {
    (
        $(#[$meta:meta])*
        $name:ident, $builder:ident: $action:ident,
        body $body:ident, answer $($answer:tt)+
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug)]
        pub struct $name {
            core: $crate::action::Core,
        }

        impl $name {
            /// A builder; the call id is required, and the body where the
            /// action has one. The endpoint defaults to the global service,
            /// v1.0.
            pub fn builder() -> $builder {
                $builder { inner: $crate::action::CoreBuilder::default() }
            }

            /// The request to send. Build it again for a retry (it is
            /// cheap): an `http::Request` is not `Clone`.
            pub fn to_request(&self) -> ::http::Request<Vec<u8>> {
                self.core.to_request()
            }

            $crate::action::call_action!(@read $action $($answer)+);

            /// The endpoint.
            pub fn endpoint(&self) -> &$crate::Endpoint {
                self.core.endpoint()
            }

            /// The call id.
            pub fn call_id(&self) -> &graph_comms_core::CallId {
                self.core.call_id()
            }

            /// The client-request-id, if one was given.
            pub fn client_request_id(&self) -> Option<&$crate::ClientRequestId> {
                self.core.client_request_id()
            }

            /// The request URI.
            pub fn uri(&self) -> &::http::Uri {
                self.core.uri()
            }

            /// The request body, as sent (empty when the action has none).
            pub fn body(&self) -> &[u8] {
                self.core.body()
            }
        }

        #[doc = concat!("Builds a [`", stringify!($name), "`]. Setters take strings or \
            already-validated values; the first invalid one is kept and returned by `build`.")]
        #[derive(Debug)]
        #[must_use = "a builder does nothing until .build() is called"]
        pub struct $builder {
            inner: $crate::action::CoreBuilder<$crate::action::call_action!(@body_type $body)>,
        }

        impl $builder {
            /// Where the request goes: an [`Endpoint`](crate::Endpoint), a
            /// [`NationalCloud`](crate::NationalCloud) (v1.0), or a base URL
            /// such as `"https://graph.microsoft.us/v1.0"`. Default: global,
            /// v1.0.
            pub fn endpoint<T>(self, endpoint: T) -> Self
            where
                T: TryInto<$crate::Endpoint>,
                T::Error: Into<$crate::RequestError>,
            {
                $builder { inner: self.inner.endpoint(endpoint) }
            }

            /// The call: a [`CallId`](crate::CallId) or a string (validated
            /// as one; percent-encoded as one path segment).
            pub fn call_id<T>(self, call_id: T) -> Self
            where
                T: TryInto<graph_comms_core::CallId>,
                T::Error: Into<$crate::RequestError>,
            {
                $builder { inner: self.inner.call_id(call_id) }
            }

            /// The `client-request-id` header: a UUID you generated, or a
            /// string.
            pub fn client_request_id<T>(self, id: T) -> Self
            where
                T: TryInto<$crate::ClientRequestId>,
                T::Error: Into<$crate::RequestError>,
            {
                $builder { inner: self.inner.client_request_id(id) }
            }

            /// The access token for the `Authorization` header. Leave it out
            /// to authorize the request later
            /// ([`AccessToken::authorize`](crate::AccessToken::authorize)).
            pub fn access_token<T>(self, token: T) -> Self
            where
                T: TryInto<$crate::AccessToken>,
                T::Error: Into<$crate::RequestError>,
            {
                $builder { inner: self.inner.access_token(token) }
            }

            $crate::action::call_action!(@body_setter $body);

            /// The request, or the first error a setter met.
            ///
            /// # Errors
            ///
            /// A [`RequestError`](crate::RequestError): an invalid value
            /// given to a setter, no call id, no body (where the action has
            /// one), or a URI too long for the `http` crate.
            pub fn build(self) -> Result<$name, $crate::RequestError> {
                let action = graph_comms_core::CallAction::$action;
                let core = self.inner.build(
                    $crate::action::method(action),
                    action.segment(),
                    stringify!($name),
                    $crate::action::call_action!(@needs_body $body),
                )?;
                Ok($name { core })
            }
        }
    };

    (@body_type none) => { () };
    (@body_type $body:ident) => { graph_comms_models::$body };
    (@needs_body none) => { false };
    (@needs_body $body:ident) => { true };
    (@body_setter none) => {};
    (@body_setter $body:ident) => {
        #[doc = concat!("The request body: a [`", stringify!($body), "`](graph_comms_models::",
            stringify!($body), "). Required.")]
        pub fn body(self, body: graph_comms_models::$body) -> Self {
            Self { inner: self.inner.body(body) }
        }
    };

    (@read $action:ident operation $operation:ident) => {
        #[doc = concat!("Reads the response to this request: a 2xx (the documented `200 OK`) \
            gives the [`", stringify!($operation), "`](graph_comms_models::", stringify!($operation),
            ") of the body (none for an empty body) and the `Location` header, checked: it must \
            name an operation of *this* call on this request's host (as \
            [`SubscribeToTone::read_response`](crate::SubscribeToTone::read_response)).")]
        ///
        /// # Errors
        ///
        /// A [`ResponseError`](crate::ResponseError) whose kind says what: an
        /// error status (with its [`GraphError`](crate::GraphError)), a body
        /// that is not the operation, a `Location` that is malformed, on
        /// another host or for another call.
        pub fn read_response<B: AsRef<[u8]>>(
            &self,
            response: &::http::Response<B>,
        ) -> Result<$crate::ActionResponse<graph_comms_models::$operation>, $crate::ResponseError> {
            $crate::response::read_action(
                &$crate::response::OperationShape {
                    action: graph_comms_core::CallAction::$action.as_str(),
                    operation_type: graph_comms_core::CallAction::$action
                        .operation_type()
                        .unwrap_or_default(),
                    id: |op: &graph_comms_models::$operation| op.id.as_deref(),
                },
                self.core.endpoint(),
                self.core.call_id(),
                response,
            )
        }
    };
    (@read $action:ident acknowledged) => {
        /// Reads the response to this request: any 2xx (the documented
        /// `202 Accepted`, or `204 No Content` for a hang up) is an
        /// [`Acknowledged`](crate::Acknowledged); the outcome comes later as
        /// a callback.
        ///
        /// # Errors
        ///
        /// A [`ResponseError`](crate::ResponseError): an error status with
        /// its [`GraphError`](crate::GraphError), or a status that is neither
        /// a success nor an error.
        pub fn read_response<B: AsRef<[u8]>>(
            &self,
            response: &::http::Response<B>,
        ) -> Result<$crate::Acknowledged, $crate::ResponseError> {
            $crate::response::read_acknowledged(response)
        }
    };
}

pub(crate) use call_action;

/// The `http` method of `action` ([`CallAction::method`] is text, as the
/// vocabulary crate has no `http` dependency).
pub(crate) fn method(action: CallAction) -> Method {
    match action.method() {
        "DELETE" => Method::DELETE,
        _ => Method::POST,
    }
}
