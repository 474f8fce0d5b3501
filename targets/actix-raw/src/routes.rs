//! The Task API routes. Handlers parse and validate on the async worker, then await the one
//! store call (`Store` decides where the driver runs: through `web::block` for a blocking
//! driver, awaited on the worker for an async one).

use actix_web::http::header;
use actix_web::{guard, web, HttpResponse};
use serde::Serialize;

use crate::error::{method_not_allowed, ApiError};
use crate::input::{parse_task_id, ListQuery, TaskBody};
use crate::store::now;
use crate::timing::DbTime;

type Store = web::Data<crate::store::Store>;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/health")
            .route(get_or_head().to(health))
            .default_service(web::to(|| async { method_not_allowed("GET, HEAD") })),
    )
    .service(
        web::resource("/tasks")
            .route(web::post().to(create_task))
            .route(get_or_head().to(list_tasks))
            .default_service(web::to(|| async { method_not_allowed("GET, HEAD, POST") })),
    )
    .service(
        web::resource("/tasks/{id}")
            .route(get_or_head().to(get_task))
            .route(web::put().to(replace_task))
            .route(web::delete().to(delete_task))
            .default_service(web::to(|| async {
                method_not_allowed("GET, HEAD, PUT, DELETE")
            })),
    );
}

/// The app's `default_service`: any path that is no route.
pub async fn route_not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::route_not_found())
}

fn get_or_head() -> actix_web::Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

async fn health() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

async fn create_task(store: Store, body: TaskBody, db: DbTime) -> Result<HttpResponse, ApiError> {
    let input = body.0.validate()?;
    let task = store.create(input, now(), &db).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/tasks/{}", task.id)))
        .json(task))
}

async fn list_tasks(
    store: Store,
    query: web::Query<ListQuery>,
    db: DbTime,
) -> Result<HttpResponse, ApiError> {
    let page = query.page()?;
    let tasks = store.list(page, &db).await?;
    Ok(HttpResponse::Ok().json(tasks))
}

async fn get_task(
    store: Store,
    id: web::Path<String>,
    db: DbTime,
) -> Result<HttpResponse, ApiError> {
    let id = parse_task_id(&id).ok_or_else(ApiError::task_not_found)?;
    let task = store.get(id, &db).await?;
    task.map(|task| HttpResponse::Ok().json(task))
        .ok_or_else(ApiError::task_not_found)
}

async fn replace_task(
    store: Store,
    id: web::Path<String>,
    body: TaskBody,
    db: DbTime,
) -> Result<HttpResponse, ApiError> {
    // Body first, as the other targets do: a bad body is 400 even on an id that names no task.
    let input = body.0.validate()?;
    let id = parse_task_id(&id).ok_or_else(ApiError::task_not_found)?;
    let task = store.replace(id, input, now(), &db).await?;
    task.map(|task| HttpResponse::Ok().json(task))
        .ok_or_else(ApiError::task_not_found)
}

async fn delete_task(
    store: Store,
    id: web::Path<String>,
    db: DbTime,
) -> Result<HttpResponse, ApiError> {
    let id = parse_task_id(&id).ok_or_else(ApiError::task_not_found)?;
    if store.delete(id, &db).await? {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::task_not_found())
    }
}
