//! Jobe's REST API over HTTP, under both `/jobe/index.php/restapi` (where CodeRunner looks)
//! and `/restapi`: `POST runs`, `PUT`/`HEAD files/{id}`, `GET languages`. Errors are Jobe's:
//! a status and a JSON string saying what was wrong. With API keys configured, every request
//! needs one of them in `X-API-KEY` (403 otherwise, which CodeRunner reports as an
//! authentication error).

use crate::run::RunResult;
use crate::spec::{is_file_id, BadRequest, RunSpec};
use crate::{Jobe, RunError};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;
use std::sync::Arc;

/// Where Jobe's API is mounted: CodeRunner's path and the short one.
pub const PREFIXES: [&str; 2] = ["/jobe/index.php/restapi", "/restapi"];

/// The largest request body: a run's source and input, or a file of
/// [`crate::cache::caps::FILE_BYTES`] in base64, with room for JSON's escapes.
pub const BODY_BYTES: usize = 12 * 1024 * 1024;

/// The header that carries an API key, as Jobe names it.
pub const API_KEY_HEADER: &str = "x-api-key";

/// A Jobe-style answer: a status and a message as a JSON string.
fn say(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(message.into())).into_response()
}

impl IntoResponse for BadRequest {
    fn into_response(self) -> Response {
        say(StatusCode::BAD_REQUEST, self.0)
    }
}

/// The body, or the answer to a body refused (too large, unreadable).
fn body(body: Result<Bytes, BytesRejection>) -> Result<Bytes, Box<Response>> {
    body.map_err(|rejection| {
        let status = rejection.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            say(status, format!("the request body is larger than this server's limit of {BODY_BYTES} bytes"))
        } else {
            say(status, rejection.body_text())
        }
        .into()
    })
}

/// The Jobe API's routes over `jobe`.
pub fn router(jobe: Arc<Jobe>) -> Router {
    let mut api = Router::new();
    for prefix in PREFIXES {
        api = api
            .route(&format!("{prefix}/runs"), post(run))
            .route(&format!("{prefix}/files/{{id}}"), put(put_file).head(head_file))
            .route(&format!("{prefix}/languages"), get(languages));
    }
    api.layer(axum::middleware::from_fn_with_state(Arc::clone(&jobe), require_key))
        .layer(DefaultBodyLimit::max(BODY_BYTES))
        .with_state(jobe)
}

/// Every Jobe path answered 404 saying the API is off: without it they would reach the web
/// app, and a client would read its page as a broken Jobe server.
pub fn disabled_router() -> Router {
    let off = || async {
        say(StatusCode::NOT_FOUND, "the Jobe API is off on this server (the operator enables it with --jobe)")
    };
    let mut router = Router::new();
    for prefix in PREFIXES {
        router = router
            .route(prefix, axum::routing::any(off))
            .route(&format!("{prefix}/{{*rest}}"), axum::routing::any(off));
    }
    router
}

async fn require_key(State(jobe): State<Arc<Jobe>>, request: Request, next: Next) -> Response {
    if jobe.keys.is_empty() {
        return next.run(request).await;
    }
    let given = request.headers().get(API_KEY_HEADER).map(|v| v.as_bytes());
    if given.is_some_and(|key| jobe.accepts(key)) {
        next.run(request).await
    } else {
        say(StatusCode::FORBIDDEN, "Missing or unknown API key: send one of this server's keys in X-API-KEY")
    }
}

/// Runs a program: 200 with Jobe's result object (outcome 21 when every run slot is busy),
/// 400 for a bad run_spec, 404 when a file it names is not kept (upload it and retry).
#[utoipa::path(post, path = "/restapi/runs", tag = "jobe",
    request_body(content = Object, description = "`{\"run_spec\": {language_id, sourcecode, sourcefilename, input, file_list, parameters}}`"),
    responses(
        (status = 200, description = "the run's result (outcome 21: every run slot is busy)", body = RunResult),
        (status = 400, description = "bad run_spec, with a plain message", body = String),
        (status = 403, description = "API key missing or unknown", body = String),
        (status = 404, description = "a file in file_list is not kept here: PUT it and retry", body = String),
    ))]
pub async fn run(State(jobe): State<Arc<Jobe>>, raw: Result<Bytes, BytesRejection>) -> Response {
    let raw = match body(raw) {
        Ok(raw) => raw,
        Err(response) => return *response,
    };
    let spec = match RunSpec::from_body(&raw) {
        Ok(spec) => spec,
        Err(bad) => return bad.into_response(),
    };
    match jobe.run(&spec).await {
        Ok(result) => (StatusCode::OK, Json(result)).into_response(),
        Err(RunError::MissingFile) => {
            say(StatusCode::NOT_FOUND, "One or more of the specified files is missing/unavailable")
        }
        Err(RunError::TooLarge) => say(
            StatusCode::BAD_REQUEST,
            format!(
                "the files of the run_spec are larger together than this server's limit of {} bytes",
                crate::cache::caps::RUN_BYTES
            ),
        ),
    }
}

#[derive(Deserialize)]
struct PutBody {
    file_contents: Option<String>,
}

/// Keeps a file under the client's id: 204.
#[utoipa::path(put, path = "/restapi/files/{id}", tag = "jobe",
    params(("id" = String, Path, description = "the client's id for the file: 8 to 64 ASCII letters and digits")),
    request_body(content = Object, description = "`{\"file_contents\": BASE64}`"),
    responses(
        (status = 204, description = "kept"),
        (status = 400, description = "bad id, body or base64", body = String),
        (status = 413, description = "the file is larger than this server keeps", body = String),
    ))]
pub async fn put_file(
    State(jobe): State<Arc<Jobe>>,
    Path(id): Path<String>,
    raw: Result<Bytes, BytesRejection>,
) -> Response {
    if !is_file_id(&id) {
        return say(StatusCode::BAD_REQUEST, "put: a file id is 8 to 64 ASCII letters and digits");
    }
    let raw = match body(raw) {
        Ok(raw) => raw,
        Err(response) => return *response,
    };
    let Some(encoded) = serde_json::from_slice::<PutBody>(&raw).ok().and_then(|b| b.file_contents) else {
        return say(StatusCode::BAD_REQUEST, "put: missing file_contents parameter");
    };
    let Ok(contents) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return say(StatusCode::BAD_REQUEST, format!("put: contents of file {id} are not valid base-64"));
    };
    match jobe.cache.put(&id, contents) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(too_large) => say(StatusCode::PAYLOAD_TOO_LARGE, format!("put: {too_large}")),
    }
}

/// Whether a file is kept: 204, or 404.
#[utoipa::path(head, path = "/restapi/files/{id}", tag = "jobe",
    params(("id" = String, Path, description = "the client's id for the file")),
    responses((status = 204, description = "kept"), (status = 404, description = "not kept: PUT it")))]
pub async fn head_file(State(jobe): State<Arc<Jobe>>, Path(id): Path<String>) -> StatusCode {
    if is_file_id(&id) && jobe.cache.contains(&id) {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::NOT_FOUND
    }
}

/// The languages this server runs: python3 only, with the sandbox's Python version.
#[utoipa::path(get, path = "/restapi/languages", tag = "jobe",
    responses((status = 200, description = "`[[\"python3\", VERSION]]`", body = Vec<Vec<String>>)))]
pub async fn languages(State(jobe): State<Arc<Jobe>>) -> Json<Vec<[String; 2]>> {
    Json(vec![[crate::spec::LANGUAGE.to_owned(), jobe.version.clone()]])
}

/// The Jobe API's OpenAPI document (paths under `/restapi`; `/jobe/index.php/restapi` mirrors them).
#[derive(Debug, utoipa::OpenApi)]
#[openapi(
    info(title = "Verdict's Jobe API", description = "Jobe's REST API (python3 only), for Moodle CodeRunner."),
    paths(run, put_file, head_file, languages),
    components(schemas(RunResult))
)]
pub struct JobeDoc;

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::OpenApi;

    #[test]
    fn the_openapi_document_lists_every_route() {
        let document = JobeDoc::openapi();
        let paths: Vec<&String> = document.paths.paths.keys().collect();
        assert_eq!(paths, ["/restapi/files/{id}", "/restapi/languages", "/restapi/runs"]);
        let files = &document.paths.paths["/restapi/files/{id}"];
        assert!(files.put.is_some() && files.head.is_some());
    }

    #[test]
    fn the_api_is_off_on_every_jobe_path_without_it() {
        let router = disabled_router();
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
        for path in ["/jobe/index.php/restapi/runs", "/restapi/files/0123456789abcdef", "/restapi"] {
            let request = axum::http::Request::post(path).body(axum::body::Body::empty()).expect("a request");
            let response = runtime.block_on(tower::ServiceExt::oneshot(router.clone(), request)).expect("an answer");
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        }
    }
}
