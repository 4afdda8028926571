//! The Graph error envelope.

use crate::datetime::parse_graph_datetime;
use crate::macros::wire_struct;
use chrono::{DateTime, Utc};

wire_struct! {
    /// The body of a Graph error response: `{"error": {…}}` (OData v4).
    ///
    /// ```
    /// use graph_comms_models::ODataError;
    ///
    /// let err: ODataError = serde_json::from_str(r#"{"error": {
    ///   "code": "BadRequest", "message": "Resource not found for the segment 'mef'.",
    ///   "innerError": {"date": "2021-07-02T01:40:19",
    ///     "request-id": "1a0ffbc0-086f-4e5f-8c4f-1d5e8cc5ab4c",
    ///     "client-request-id": "225aed2b-a5c2-4aa6-8e6f-4e6e5a1c5f2d"}}}"#).unwrap();
    /// let main = err.error.as_ref().unwrap();
    /// assert_eq!(main.code.as_deref(), Some("BadRequest"));
    /// assert_eq!(err.request_id(), Some("1a0ffbc0-086f-4e5f-8c4f-1d5e8cc5ab4c"));
    /// ```
    pub struct ODataError : "microsoft.graph.ODataErrors.ODataError" {
        /// The error.
        "error" => pub error: Option<MainError>;
    }
}

impl ODataError {
    /// The `request-id` of the inner error, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.inner()?.request_id.as_deref()
    }

    /// The `client-request-id` of the inner error, if any.
    pub fn client_request_id(&self) -> Option<&str> {
        self.inner()?.client_request_id.as_deref()
    }

    /// The inner error, if any.
    pub fn inner(&self) -> Option<&InnerError> {
        self.error.as_ref()?.inner_error.as_ref()
    }
}

wire_struct! {
    /// The error object of an [`ODataError`].
    pub struct MainError : "microsoft.graph.ODataErrors.MainError" {
        /// An error code string, such as `BadRequest`. Code against this.
        "code" => pub code: Option<String>;
        /// A developer-facing message.
        "message" => pub message: Option<String>;
        /// The target of the error.
        "target" => pub target: Option<String>;
        /// More specific errors.
        #[cfg_attr(feature = "schemars", schemars(with = "Option<Vec<ErrorDetails>>"))]
        "details" => pub details: Vec<ErrorDetails>;
        /// Service details: request id, client request id and date. The key is
        /// `innerError`; the docs' `innererror` is read too (and written as
        /// `innerError`).
        "innerError" | "innererror" => pub inner_error: Option<InnerError>;
    }
}

wire_struct! {
    /// One entry of [`MainError::details`].
    pub struct ErrorDetails : "microsoft.graph.ODataErrors.ErrorDetails" {
        /// The error code.
        "code" => pub code: Option<String>;
        /// The message.
        "message" => pub message: Option<String>;
        /// The target.
        "target" => pub target: Option<String>;
    }
}

wire_struct! {
    /// The inner error of a Graph error: the ids to quote to Microsoft support.
    pub struct InnerError : "microsoft.graph.ODataErrors.InnerError" {
        /// The request id the service gave the failed request (`requestId` in
        /// old examples, read too).
        "request-id" | "requestId" => pub request_id: Option<String>;
        /// The client request id the caller sent, echoed.
        "client-request-id" | "clientRequestId" => pub client_request_id: Option<String>;
        /// When the error happened, as sent (kept as text: the docs' own example
        /// says `date-time`, and an error must never fail to read). See
        /// [`InnerError::date_time`].
        "date" => pub date: Option<String>;
    }
}

impl InnerError {
    /// [`InnerError::date`] parsed: RFC 3339, or without an offset (UTC).
    pub fn date_time(&self) -> Option<DateTime<Utc>> {
        parse_graph_datetime(self.date.as_deref()?)
    }
}
