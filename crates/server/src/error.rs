//! The one shape of every error the API returns: a status and
//! `{"error": {"code", "message", "field"}}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// An error answer. Bad input is a 4xx naming what was wrong and, for JSON, which field; a
/// 5xx is only ever the service's own fault, and its cause is logged, not shown.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    pub retry_after_seconds: Option<u64>,
}

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable machine-readable code, such as `invalid_field` or `queue_full`.
    pub code: String,
    /// What was wrong, for a person.
    pub message: String,
    /// The JSON field or query parameter at fault, as a path such as `code` or `input.args`.
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), field: None, retry_after_seconds: None }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        let field = field.into();
        self.field = (!field.is_empty()).then_some(field);
        self
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", message).field(field)
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", what)
    }

    pub fn busy(retry_after_seconds: u64) -> Self {
        Self {
            retry_after_seconds: Some(retry_after_seconds),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "queue_full",
                format!("the judge is busy; try again in {retry_after_seconds} s"),
            )
        }
    }

    /// The service's own failure: the cause goes to the log with the request's span, and the
    /// client gets a generic message.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal error; it has been logged")
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
    }

    /// A write to an attempt after its deadline.
    pub fn time_over() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "time_over",
            "the time for this assessment is over: nothing more can be saved or submitted; everything saved before \
             the deadline is kept and graded",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body =
            ErrorBody { error: ErrorDetail { code: self.code.into(), message: self.message, field: self.field } };
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after_seconds {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// The store's refusals are the client's to fix (4xx); anything else is the service's fault.
impl From<verdict_store::StoreError> for ApiError {
    fn from(error: verdict_store::StoreError) -> Self {
        use verdict_store::StoreError;
        match error {
            StoreError::Conflict { code, message } => ApiError::new(StatusCode::CONFLICT, code, message),
            StoreError::TimeOver => ApiError::time_over(),
            StoreError::Missing(what) => ApiError::not_found(format!("no such {what}")),
            error @ StoreError::QuotaExceeded { .. } => {
                ApiError::new(StatusCode::FORBIDDEN, "quota_exceeded", format!("{error}; nothing was stored"))
            }
            StoreError::DuplicateEmail(email) => {
                ApiError::new(StatusCode::CONFLICT, "duplicate_email", format!("a user with the email {email} exists"))
            }
            other => ApiError::internal(other),
        }
    }
}

/// The hiring rules' refusal of a field: 422 naming it.
impl From<crate::hiring::rules::Invalid> for ApiError {
    fn from(error: crate::hiring::rules::Invalid) -> Self {
        ApiError::invalid(&error.field, error.message)
    }
}

/// A request the hiring rules say is not possible now: 409 with the rule's code.
impl From<crate::hiring::rules::Refusal> for ApiError {
    fn from(refusal: crate::hiring::rules::Refusal) -> Self {
        ApiError::new(StatusCode::CONFLICT, refusal.code, refusal.message)
    }
}

/// The queue's answers at the HTTP edge: full is 429 with Retry-After, shutting down is 503, a
/// run no worker judged in time (a node without workers) is 503 `no_worker`, and a judge that
/// failed is the service's fault.
impl From<crate::queue::QueueError> for ApiError {
    fn from(error: crate::queue::QueueError) -> Self {
        use crate::queue::QueueError;
        match error {
            QueueError::Full { retry_after_seconds } => ApiError::busy(retry_after_seconds),
            QueueError::ShuttingDown => ApiError::unavailable("the server is shutting down; run again in a moment"),
            error @ QueueError::NoWorkerAnswered { .. } => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "no_worker", error.to_string())
            }
            QueueError::Store(error) => ApiError::from(error),
            error @ QueueError::Judge(_) => ApiError::internal(error),
        }
    }
}
