//! Every error leaves the server as `{"error": "<message>"}` with `Content-Type:
//! application/json`, never as Actix's default plain-text body. `ApiError` is the one error
//! type of the handlers; the extractor configs below map Actix's own extractor errors to it.

use std::borrow::Cow;
use std::fmt;

use actix_web::error::{JsonPayloadError, PayloadError, QueryPayloadError};
use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;

use crate::store::StoreError;

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: Cow<'static, str>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<Cow<'static, str>>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn task_not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "task not found")
    }

    pub fn route_not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "route not found")
    }

    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal server error")
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(ErrorBody {
            error: &self.message,
        })
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            // A value the database refused (which errors count is the store's mapping) that
            // the input rules did not catch: the input is bad, not the server.
            StoreError::Rejected => Self::bad_request("task violates a database constraint"),
            StoreError::Unavailable(message) => {
                // Errors may be logged (spec/README.md); requests are not.
                eprintln!("{}: database error: {message}", env!("CARGO_PKG_NAME"));
                Self::internal()
            }
        }
    }
}

/// `405` for a known route, with the `Allow` header listing what the route supports.
pub fn method_not_allowed(allow: &'static str) -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header((header::ALLOW, allow))
        .json(ErrorBody {
            error: "method not allowed",
        })
}

/// `JsonConfig::error_handler`: body too large → 413, wrong content type → 415, anything
/// else (malformed JSON, not an object, wrong field type, unreadable body) → 400.
pub fn json_error(error: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &error {
        JsonPayloadError::OverflowKnownLength { .. }
        | JsonPayloadError::Overflow { .. }
        | JsonPayloadError::Payload(PayloadError::Overflow) => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request body is larger than 65536 bytes",
        ),
        JsonPayloadError::ContentType => unsupported_media_type(),
        JsonPayloadError::Deserialize(inner) => {
            ApiError::bad_request(format!("invalid JSON body: {inner}"))
        }
        _ => ApiError::bad_request("invalid request body"),
    };
    api.into()
}

pub fn unsupported_media_type() -> ApiError {
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "Content-Type must be application/json",
    )
}

/// `QueryConfig::error_handler`: a query string that cannot be decoded → 400.
pub fn query_error(error: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::bad_request(format!("invalid query string: {error}")).into()
}

/// `PathConfig::error_handler`: a path segment that cannot be extracted names no task → 404.
pub fn path_error(_error: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::task_not_found().into()
}
