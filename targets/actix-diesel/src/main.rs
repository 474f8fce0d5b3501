//! crudbench target `actix-diesel`: the Task API (spec/openapi.yaml) on Actix Web with the
//! Diesel ORM, on SQLite or PostgreSQL (Diesel's blocking connections in an r2d2 pool, run
//! through `web::block`). Configuration comes from the environment: HOST, PORT,
//! DATABASE_URL (sqlite:///absolute/path.db or postgresql://user@host:port/dbname) and
//! DATABASE_POOL_SIZE (default 4).

mod error;
mod input;
mod models;
mod routes;
mod schema;
mod store;
mod timing;

use std::process::ExitCode;

use actix_web::{middleware, web, App, HttpServer};

/// Actix worker threads (one single-threaded Tokio runtime each). Fixed, not "one per
/// core", so that the benchmark records what it ran; see README.md.
const WORKERS: usize = 2;
/// Database connections per server process when DATABASE_POOL_SIZE is not set (crudbench
/// sets it, to 4, for every target).
const DEFAULT_POOL_SIZE: usize = 4;

fn main() -> ExitCode {
    match actix_web::rt::System::new().block_on(run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("actix-diesel: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let host = std::env::var("HOST").unwrap_or_else(|_| "127.0.0.1".to_owned());
    let port: u16 = match std::env::var("PORT") {
        Ok(raw) => raw
            .parse()
            .map_err(|_| format!("PORT must be a port number, got {raw:?}"))?,
        Err(_) => 8080,
    };
    let database_url = std::env::var("DATABASE_URL").map_err(|_| {
        "DATABASE_URL is required (sqlite:///absolute/path.db or postgresql://...)".to_owned()
    })?;
    let pool_size = match std::env::var("DATABASE_POOL_SIZE") {
        Ok(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|&size| size > 0)
            .ok_or_else(|| format!("DATABASE_POOL_SIZE must be a positive integer, got {raw:?}"))?,
        Err(_) => DEFAULT_POOL_SIZE,
    };
    // Threads of each worker's blocking pool, where `web::block` runs the Diesel calls: one
    // pooled connection for every blocking thread (2 × 2 = 4 with the default pool), so a
    // blocking thread never waits for a connection.
    let blocking_threads_per_worker = pool_size.div_ceil(WORKERS);

    // Blocking (Diesel connects synchronously), once, before the server starts.
    let store = web::Data::new(store::Store::open(&database_url, pool_size)?);

    // No logger middleware: no target writes access logs, so logging cost is not compared.
    // The one middleware wraps the whole app: Server-Timing's `app` starts and ends there.
    HttpServer::new(move || {
        App::new()
            .wrap(middleware::from_fn(timing::server_timing))
            .app_data(store.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(input::BODY_LIMIT_BYTES)
                    .error_handler(error::json_error),
            )
            .app_data(web::QueryConfig::default().error_handler(error::query_error))
            .app_data(web::PathConfig::default().error_handler(error::path_error))
            .configure(routes::configure)
            .default_service(web::to(routes::route_not_found))
    })
    .workers(WORKERS)
    .worker_max_blocking_threads(blocking_threads_per_worker)
    .bind((host.as_str(), port))
    .map_err(|error| format!("cannot listen on {host}:{port}: {error}"))?
    .run()
    .await
    .map_err(|error| format!("server error: {error}"))
}
