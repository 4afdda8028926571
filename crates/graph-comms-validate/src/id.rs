//! The refusals of the id rule ([`CallId`](crate::CallId),
//! [`OperationId`](crate::OperationId)) as diagnostic codes.

use crate::{Diagnostic, DiagnosticCode, IdError, IdErrorKind};

/// The diagnostic code of an id refusal.
pub(crate) fn id_error_code(err: &IdError) -> DiagnosticCode {
    if err.is_operation_id() {
        return DiagnosticCode::OperationIdInvalid;
    }
    match err.kind() {
        IdErrorKind::Empty => DiagnosticCode::CallIdEmpty,
        IdErrorKind::DotSegment => DiagnosticCode::CallIdDotSegment,
        IdErrorKind::TooLong => DiagnosticCode::CallIdTooLong,
        _ => DiagnosticCode::CallIdInvalidCharacter,
    }
}

impl From<IdError> for Diagnostic {
    /// The refusal as a diagnostic located at `call id` (or `operation id`):
    /// the code of its kind and its message.
    ///
    /// ```
    /// use graph_comms_validate::{CallId, Diagnostic, DiagnosticCode};
    ///
    /// let diagnostic = Diagnostic::from(CallId::new("a/b").unwrap_err());
    /// assert_eq!(diagnostic.code, DiagnosticCode::CallIdInvalidCharacter);
    /// assert_eq!(diagnostic.location.as_deref(), Some("call id"));
    /// ```
    fn from(err: IdError) -> Self {
        let location = if err.is_operation_id() {
            "operation id"
        } else {
            "call id"
        };
        Diagnostic::new(id_error_code(&err), err.to_string()).at(location)
    }
}
