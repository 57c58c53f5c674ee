//! The Judge0 CE compatible API under `/api/judge0` (a client's base URL is
//! `http://HOST/api/judge0`): thin handlers over `verdict_judge0` (shapes, checks, statuses)
//! and the store's Judge0 submissions; the workers that run them are `judge0_work`. Off unless
//! the operator turns it on (`verdict serve --judge0`): then every route answers 404.
//!
//! Errors are Judge0's own shapes, not this API's: 422 `{"field": ["message"]}` for a bad
//! submission, 400 or 503 `{"error": "..."}` otherwise, so Judge0 clients read them as they
//! read Judge0's. Access is `policy::Access::Judge0`: the operator's `X-Auth-Token` keys when
//! any are set, checked by [`authorize`] in the one policy middleware.

use crate::error::ErrorBody;
use crate::state::{AppState, Judge0Service};
use crate::store_call::blocking;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{request::Parts, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use utoipa::IntoParams;
use verdict_judge0::response::View;
use verdict_judge0::{config, Fields, Outcome, Stored};
use verdict_store::{Enqueued, Judge0Record, Judge0State, NewJudge0};

/// The header Judge0 reads its authentication token from (its `AUTHN_HEADER` default).
pub const AUTH_HEADER: &str = "X-Auth-Token";

/// A refusal in Judge0's shape (`{"error": ...}` or field errors), or the service's own error.
#[derive(Debug)]
pub enum Refusal {
    Judge0(StatusCode, Value),
    Api(crate::error::ApiError),
}

impl From<crate::error::ApiError> for Refusal {
    fn from(error: crate::error::ApiError) -> Self {
        Refusal::Api(error)
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Judge0(status, body) => (status, Json(body)).into_response(),
            Refusal::Api(error) => error.into_response(),
        }
    }
}

fn error(status: StatusCode, message: impl Into<String>) -> Refusal {
    Refusal::Judge0(status, json!({"error": message.into()}))
}

/// The policy's check for `Access::Judge0`: 404 while the API is off, 401 without one of the
/// operator's keys when any are set (compared in constant time).
pub fn authorize(app: &AppState, parts: &Parts) -> Result<(), Refusal> {
    let Some(service) = &app.judge0 else {
        return Err(error(StatusCode::NOT_FOUND, "the Judge0 API is off on this server (verdict serve --judge0)"));
    };
    if service.tokens.is_empty() {
        return Ok(());
    }
    let sent = parts.headers.get(AUTH_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
    if service.tokens.iter().any(|token| constant_time_eq(token.as_bytes(), sent)) {
        Ok(())
    } else {
        Err(error(
            StatusCode::UNAUTHORIZED,
            format!("authentication failed: send one of the server's keys in {AUTH_HEADER}"),
        ))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn service(app: &AppState) -> Result<&Arc<Judge0Service>, Refusal> {
    app.judge0.as_ref().ok_or_else(|| error(StatusCode::NOT_FOUND, "the Judge0 API is off on this server"))
}

/// The query a submission's request or answer takes (Judge0's names and defaults: base64 off,
/// no wait, the eight default fields).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SubmissionQuery {
    /// `true`: text fields are base64 in the request and the answer.
    pub base64_encoded: Option<String>,
    /// `true`: answer when the run is done, with the submission (POST only).
    pub wait: Option<String>,
    /// The fields to show, separated by commas; `*` for all.
    pub fields: Option<String>,
    /// The tokens to read, separated by commas (batch read only).
    pub tokens: Option<String>,
}

impl SubmissionQuery {
    fn base64(&self) -> bool {
        self.base64_encoded.as_deref() == Some("true")
    }

    fn fields(&self) -> Result<Fields, Refusal> {
        Fields::parse(self.fields.as_deref())
            .map_err(|bad| error(StatusCode::BAD_REQUEST, format!("invalid fields: [{}]", bad.join(", "))))
    }
}

fn parse_body(body: &Bytes) -> Result<Value, Refusal> {
    serde_json::from_slice(body).map_err(|e| error(StatusCode::BAD_REQUEST, format!("the body is not JSON: {e}")))
}

/// Stores checked submissions, all or none, and wakes the workers; 503 when the queue is full.
async fn enqueue(app: &AppState, service: &Judge0Service, batch: Vec<(String, Stored)>) -> Result<(), Refusal> {
    let rows: Vec<(String, String)> = batch
        .iter()
        .map(|(token, stored)| (token.clone(), serde_json::to_string(stored).unwrap_or_default()))
        .collect();
    let stored = blocking(&app.store, move |s| {
        let new: Vec<NewJudge0<'_>> = rows.iter().map(|(token, request)| NewJudge0 { token, request }).collect();
        s.judge0_enqueue(&new, config::MAX_QUEUE)
    })
    .await
    .map_err(Refusal::from)?;
    if stored == Enqueued::Full {
        return Err(error(StatusCode::SERVICE_UNAVAILABLE, "queue is full"));
    }
    service.wake.notify_waiters();
    service.wake.notify_one();
    Ok(())
}

/// Checks a callback URL against the operator's hosts and the webhook address checks.
fn check_callback(service: &Judge0Service, app: &AppState, stored: &Stored) -> Result<(), String> {
    let Some(url) = &stored.callback_url else { return Ok(()) };
    if service.callback_hosts.is_empty() {
        return Err("callbacks are off on this server (verdict serve --judge0-callback-host HOST)".into());
    }
    let parsed = crate::webhooks::check_url(url, app.webhooks.allow_private)?;
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    if !service.callback_hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(&host)) {
        return Err(format!("the host `{host}` is not one this server sends callbacks to"));
    }
    Ok(())
}

fn read_one(app: &AppState, service: &Judge0Service, body: &Value, base64: bool) -> Result<Stored, Value> {
    let mut stored = verdict_judge0::request::read(body, base64, &service.config).map_err(|e| json!(e))?;
    if let Err(why) = check_callback(service, app, &stored) {
        return Err(json!({"callback_url": [why]}));
    }
    stored.callback_url = stored.callback_url.take();
    Ok(stored)
}

/// A stored submission shown with `fields`; 400 when a field is not UTF-8 without base64.
fn render(record: &Judge0Record, fields: &Fields, base64: bool) -> Result<Value, Refusal> {
    let request: Stored = serde_json::from_str(&record.request)
        .map_err(|e| Refusal::from(crate::error::ApiError::internal(format!("stored Judge0 request: {e}"))))?;
    let outcome: Option<Outcome> = record
        .result
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|e| Refusal::from(crate::error::ApiError::internal(format!("stored Judge0 result: {e}"))))?;
    let view = View {
        token: &record.token,
        created_at: record.created_at,
        finished_at: record.finished_at,
        running: record.state == Judge0State::Running,
        request: &request,
        outcome: outcome.as_ref(),
    };
    view.render(fields, base64).map_err(|e| error(StatusCode::BAD_REQUEST, e.to_string()))
}

async fn read_records(app: &AppState, tokens: Vec<String>) -> Result<Vec<Judge0Record>, Refusal> {
    blocking(&app.store, move |s| {
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        s.judge0_read(&tokens)
    })
    .await
    .map_err(Refusal::from)
}

/// How long a `wait` may hold a request: the longest run the server allows, and room to start.
fn wait_bound(service: &Judge0Service) -> Duration {
    Duration::from_secs_f64(service.config.max_wall_time_limit + 30.0)
}

/// Creates a submission: 201 with its token, or with the submission when `wait=true`.
#[utoipa::path(post, path = "/judge0/submissions", tag = "judge0", params(SubmissionQuery),
    request_body(content = Object, description = "A Judge0 submission: source_code, language_id (71), stdin, expected_output, limits, callback_url"),
    responses((status = 201, description = "The token, or the finished submission with `wait=true`"),
        (status = 400, description = "`{\"error\": ...}`"), (status = 404, body = ErrorBody, description = "The Judge0 API is off"),
        (status = 422, description = "`{\"field\": [\"message\"]}`"), (status = 503, description = "The queue is full")))]
pub(crate) async fn create(State(app): State<AppState>, Query(query): Query<SubmissionQuery>, body: Bytes) -> Response {
    create_inner(app, query, body).await.unwrap_or_else(IntoResponse::into_response)
}

async fn create_inner(app: AppState, query: SubmissionQuery, body: Bytes) -> Result<Response, Refusal> {
    let service = Arc::clone(service(&app)?);
    let fields = query.fields()?;
    let body = parse_body(&body)?;
    let stored = read_one(&app, &service, &body, query.base64())
        .map_err(|errors| Refusal::Judge0(StatusCode::UNPROCESSABLE_ENTITY, errors))?;
    let token = verdict_judge0::new_token();
    let wait = query.wait.as_deref() == Some("true");
    // Subscribed before it is stored, so its end cannot pass unseen.
    let mut finished = service.done.subscribe();
    enqueue(&app, &service, vec![(token.clone(), stored)]).await?;
    if !wait {
        return Ok((StatusCode::CREATED, Json(json!({"token": token}))).into_response());
    }
    let deadline = tokio::time::Instant::now() + wait_bound(&service);
    loop {
        // This node's workers say when they finish it; another node's are seen by the poll.
        let _ =
            tokio::time::timeout_at(deadline.min(tokio::time::Instant::now() + Duration::from_millis(500)), async {
                while let Ok(done) = finished.recv().await {
                    if done == token {
                        return;
                    }
                }
            })
            .await;
        let records = read_records(&app, vec![token.clone()]).await?;
        let Some(record) = records.first() else {
            return Err(error(StatusCode::NOT_FOUND, "the submission is gone"));
        };
        if record.state == Judge0State::Done || tokio::time::Instant::now() >= deadline {
            return match render(record, &fields, query.base64()) {
                Ok(view) => Ok((StatusCode::CREATED, Json(view)).into_response()),
                Err(_) => Ok((
                    StatusCode::CREATED,
                    Json(json!({"error": verdict_judge0::response::NotUtf8.to_string(), "token": token})),
                )
                    .into_response()),
            };
        }
    }
}

/// One submission by its token.
#[utoipa::path(get, path = "/judge0/submissions/{token}", tag = "judge0",
    params(("token" = String, Path), SubmissionQuery),
    responses((status = 200, description = "The submission with the fields asked for"),
        (status = 400, description = "Unknown fields, or text that is not UTF-8 without base64"),
        (status = 404, description = "No such submission")))]
pub(crate) async fn show(
    State(app): State<AppState>,
    Path(token): Path<String>,
    Query(query): Query<SubmissionQuery>,
) -> Response {
    let shown = async {
        let fields = query.fields()?;
        if !verdict_judge0::is_token(&token) {
            return Err(error(StatusCode::NOT_FOUND, "Not Found"));
        }
        let records = read_records(&app, vec![token]).await?;
        let record = records.first().ok_or_else(|| error(StatusCode::NOT_FOUND, "Not Found"))?;
        Ok::<_, Refusal>(Json(render(record, &fields, query.base64())?).into_response())
    };
    shown.await.unwrap_or_else(IntoResponse::into_response)
}

/// The body of a batch: `{"submissions": [...]}`.
fn batch_items(body: &Value) -> Result<&Vec<Value>, Refusal> {
    let items = body.get("submissions").and_then(Value::as_array);
    let Some(items) = items else {
        return Err(error(StatusCode::BAD_REQUEST, "there should be at least one submission in a batch"));
    };
    check_batch_size(items.len())?;
    Ok(items)
}

fn check_batch_size(count: usize) -> Result<(), Refusal> {
    if count == 0 {
        return Err(error(StatusCode::BAD_REQUEST, "there should be at least one submission in a batch"));
    }
    if count > config::MAX_BATCH {
        let message = format!("number of submissions in a batch should be less than or equal to {}", config::MAX_BATCH);
        return Err(error(StatusCode::BAD_REQUEST, message));
    }
    Ok(())
}

/// Creates up to 20 submissions: each answer is its token or its field errors, in order.
#[utoipa::path(post, path = "/judge0/submissions/batch", tag = "judge0", params(SubmissionQuery),
    request_body(content = Object, description = "`{\"submissions\": [...]}`, at most 20"),
    responses((status = 201, description = "`[{\"token\"}, or field errors, ...]`"),
        (status = 400, description = "None, or more than 20"), (status = 422, description = "No submission was valid"),
        (status = 503, description = "The queue is full")))]
pub(crate) async fn create_batch(
    State(app): State<AppState>,
    Query(query): Query<SubmissionQuery>,
    body: Bytes,
) -> Response {
    let created = async {
        let service = Arc::clone(service(&app)?);
        let body = parse_body(&body)?;
        let items = batch_items(&body)?;
        let mut answers = Vec::with_capacity(items.len());
        let mut valid = Vec::new();
        for item in items {
            match read_one(&app, &service, item, query.base64()) {
                Ok(stored) => {
                    let token = verdict_judge0::new_token();
                    answers.push(json!({"token": token}));
                    valid.push((token, stored));
                }
                Err(errors) => answers.push(errors),
            }
        }
        let status = if valid.is_empty() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::CREATED };
        if !valid.is_empty() {
            enqueue(&app, &service, valid).await?;
        }
        Ok::<_, Refusal>((status, Json(Value::Array(answers))).into_response())
    };
    created.await.unwrap_or_else(IntoResponse::into_response)
}

/// Up to 20 submissions by token, in the order asked (`null` for an unknown one).
#[utoipa::path(get, path = "/judge0/submissions/batch", tag = "judge0", params(SubmissionQuery),
    responses((status = 200, description = "`{\"submissions\": [...]}`"),
        (status = 400, description = "No tokens, more than 20, unknown fields, or text not UTF-8 without base64")))]
pub(crate) async fn show_batch(State(app): State<AppState>, Query(query): Query<SubmissionQuery>) -> Response {
    let shown = async {
        let fields = query.fields()?;
        let tokens: Vec<String> = query
            .tokens
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        check_batch_size(tokens.len())?;
        let known: Vec<String> = tokens.iter().filter(|t| verdict_judge0::is_token(t)).cloned().collect();
        let records = read_records(&app, known).await?;
        let mut submissions = Vec::with_capacity(tokens.len());
        for token in &tokens {
            match records.iter().find(|r| &r.token == token) {
                Some(record) => submissions.push(render(record, &fields, query.base64()).map_err(|_| {
                    error(
                        StatusCode::BAD_REQUEST,
                        "some attributes for one or more submissions cannot be converted to UTF-8, use \
                         base64_encoded=true query parameter",
                    )
                })?),
                None => submissions.push(Value::Null),
            }
        }
        Ok::<_, Refusal>(Json(json!({"submissions": submissions})).into_response())
    };
    shown.await.unwrap_or_else(IntoResponse::into_response)
}

/// The languages: Python 3 only.
#[utoipa::path(get, path = "/judge0/languages", tag = "judge0",
    responses((status = 200, description = "`[{\"id\": 71, \"name\"}]`")))]
pub(crate) async fn languages() -> Json<Value> {
    Json(config::languages())
}

/// One language in full.
#[utoipa::path(get, path = "/judge0/languages/{id}", tag = "judge0", params(("id" = String, Path)),
    responses((status = 200, description = "The language"), (status = 404, description = "Not this server's")))]
pub(crate) async fn language(Path(id): Path<String>) -> Response {
    if id.trim() == config::PYTHON_ID.to_string() {
        Json(config::language()).into_response()
    } else {
        error(StatusCode::NOT_FOUND, "Not Found").into_response()
    }
}

/// The statuses, ids 1 to 14.
#[utoipa::path(get, path = "/judge0/statuses", tag = "judge0", responses((status = 200, description = "`[{\"id\", \"description\"}]`")))]
pub(crate) async fn statuses() -> Json<Value> {
    Json(json!(verdict_judge0::status::ALL.iter().map(|s| s.view()).collect::<Vec<_>>()))
}

/// What this server is, as Judge0's `/about` says.
#[utoipa::path(get, path = "/judge0/about", tag = "judge0", responses((status = 200, description = "The version Judge0 clients read")))]
pub(crate) async fn about() -> Json<Value> {
    Json(config::about())
}

/// The limits and switches, as Judge0's `/config_info` says them.
#[utoipa::path(get, path = "/judge0/config_info", tag = "judge0", responses((status = 200, description = "Judge0's configuration keys")))]
pub(crate) async fn config_info(State(app): State<AppState>) -> Response {
    match service(&app) {
        Ok(service) => Json(service.config.info(!service.callback_hosts.is_empty(), crate::webhooks::DELIVERY_TIMEOUT))
            .into_response(),
        Err(refusal) => refusal.into_response(),
    }
}
