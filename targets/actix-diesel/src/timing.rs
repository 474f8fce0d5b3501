//! `Server-Timing: db;dur=<ms>, app;dur=<ms>` on every 2xx response (spec/README.md,
//! "Server-Timing"):
//! - `app`: the [`server_timing`] middleware wraps the whole app service, so it runs first
//!   and last for every request; the clock runs from its start until the inner service has
//!   returned the response (routing, extractors, the handler, the store, JSON serialisation).
//! - `db`: each pooled Diesel connection times its own driver calls (its `DbClock`
//!   instrumentation, `store/db_clock.rs`); the store adds a call's total to the request's
//!   [`DbTime`] accumulator, which the middleware put into the request's extensions.
//!
//! Both come from `Instant` (monotonic). Actix workers are single-threaded, so the
//! accumulator is a plain `Cell`: no lock, no atomic, no allocation beyond the one entry in
//! the request's extensions.

use std::cell::Cell;
use std::convert::Infallible;
use std::future::{ready, Ready};
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest};

const SERVER_TIMING: HeaderName = HeaderName::from_static("server-timing");

/// The request's time inside the database driver so far; lives in the request extensions.
struct DbTotal(Cell<Duration>);

/// The middleware (`App::wrap(middleware::from_fn(server_timing))`).
pub async fn server_timing(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let start = Instant::now();
    req.extensions_mut()
        .insert(DbTotal(Cell::new(Duration::ZERO)));
    let mut res = next.call(req).await?;
    let app = start.elapsed();
    if res.status().is_success() {
        let db = res
            .request()
            .extensions()
            .get::<DbTotal>()
            .map_or(Duration::ZERO, |total| total.0.get());
        let value = format!("db;dur={:.3}, app;dur={:.3}", millis(db), millis(app));
        if let Ok(value) = HeaderValue::try_from(value) {
            res.headers_mut().insert(SERVER_TIMING, value);
        }
    }
    Ok(res)
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// A handler's handle on its request's `db` accumulator (an extractor), passed to the store.
/// Holds the request (a reference count), so it is as cheap to take as `HttpRequest`.
pub struct DbTime(HttpRequest);

impl DbTime {
    /// Adds time spent inside the driver (measured where the driver was called: on a blocking
    /// thread).
    pub fn add(&self, spent: Duration) {
        if let Some(total) = self.0.extensions().get::<DbTotal>() {
            total.0.set(total.0.get() + spent);
        }
    }
}

impl FromRequest for DbTime {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(DbTime(req.clone())))
    }
}
