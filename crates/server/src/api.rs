//! The JSON API under `/api`, and its OpenAPI document.

use crate::error::{ApiError, ErrorBody};
use crate::extract::{check_code, is_random_id, path_value, random_id, ApiJson, Candidate};
use crate::problems::{ProblemEntry, ProblemIndex};
use crate::queue::{blocking, JudgeQueue, Progress};
use crate::views::*;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use std::collections::{BTreeSet, HashSet};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};
use utoipa::{IntoParams, OpenApi};
use verdict_catalog::{Expected, Kind};
use verdict_store::{Store, SubmissionRecord};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub problems: Arc<ProblemIndex>,
    pub store: Arc<dyn Store>,
    pub queue: JudgeQueue,
    /// The one clock every deadline, window and session is measured with.
    pub clock: Arc<dyn verdict_store::Clock>,
    pub hiring: Arc<crate::auth::HiringConfig>,
    pub logins: Arc<crate::auth::LoginLimiter>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("problems", &self.problems.len()).finish_non_exhaustive()
    }
}

/// How many of a candidate's submissions to a problem are listed.
const HISTORY_LIMIT: usize = 50;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .route("/problems", get(list_problems))
        .route("/problems/{slug}", get(problem))
        .route("/problems/{slug}/run", axum::routing::post(run))
        .route("/problems/{slug}/submissions", get(problem_submissions))
        .route("/submissions", axum::routing::post(submit))
        .route("/submissions/{id}", get(submission))
        .route("/submissions/{id}/events", get(events))
        .route("/submissions/{id}/cancel", axum::routing::post(cancel))
        .route("/drafts/{slug}", get(draft).put(save_draft))
        .merge(crate::team::routes())
        .merge(crate::attempt::routes())
        .fallback(|| async { ApiError::not_found("no such API endpoint; see /api/openapi.json") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not take that method",
            )
        })
}

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Verdict",
        description = "Practise Python interview problems: read, run, submit, follow the grading."
    ),
    paths(
        health,
        list_problems,
        problem,
        run,
        problem_submissions,
        submit,
        submission,
        cancel,
        events,
        draft,
        save_draft
    ),
    components(schemas(
        ErrorBody,
        Health,
        ProblemList,
        ProblemDetail,
        RunRequest,
        RunResult,
        SubmitRequest,
        CancelRequest,
        SubmissionView,
        SubmissionList,
        DraftRequest,
        DraftView,
        SchemaView,
        QueryLogView
    ))
)]
pub struct ApiDoc;

async fn openapi() -> impl IntoResponse {
    Json(openapi_document())
}

/// The whole API's document: practice mode, the hiring team's endpoints and the attempt's.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let mut document = ApiDoc::openapi();
    document.merge(crate::team::TeamApi::openapi());
    document.merge(crate::attempt::AttemptApi::openapi());
    document
}

fn entry(app: &AppState, slug: &str) -> Result<Arc<ProblemEntry>, ApiError> {
    app.problems.get(slug).cloned().ok_or_else(|| ApiError::not_found(format!("no problem `{slug}`")))
}

/// Whether the service is up, and how busy the judge is.
#[utoipa::path(get, path = "/api/health", responses((status = 200, body = Health)))]
async fn health(State(app): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        problems: app.problems.len(),
        queue: QueueView {
            capacity: app.queue.capacity(),
            waiting: app.queue.waiting(),
            running: app.queue.running(),
            workers: app.queue.workers(),
        },
    })
}

/// Filters of the problem list; all optional, combined with AND.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// `function`, `stdio`, `sql` or `orm`.
    kind: Option<String>,
    /// One topic, as listed in `topics`.
    topic: Option<String>,
    /// `easy`, `medium` or `hard`.
    difficulty: Option<String>,
    /// Words to find in the title, slug or topics (case-insensitive).
    q: Option<String>,
}

const DIFFICULTIES: [&str; 3] = ["easy", "medium", "hard"];

fn one_of(field: &str, value: &str, allowed: &[&str]) -> Result<(), ApiError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(ApiError::invalid(field, format!("`{value}` is not a {field}; use one of: {}", allowed.join(", "))))
    }
}

/// The catalogue, filtered, with the candidate's standing on each problem.
#[utoipa::path(get, path = "/api/problems", params(ListQuery),
    responses((status = 200, body = ProblemList), (status = 422, body = ErrorBody)))]
async fn list_problems(
    State(app): State<AppState>,
    candidate: Candidate,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<ProblemList>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", e.body_text()))?;
    let topics: BTreeSet<String> = app.problems.iter().flat_map(|e| e.problem.manifest.topics.clone()).collect();
    if let Some(kind) = &query.kind {
        // The catalogue's own parser decides what a kind is, so new kinds need no change here.
        serde_json::from_value::<Kind>(serde_json::Value::String(kind.clone()))
            .map_err(|e| ApiError::invalid("kind", format!("`{kind}` is not a kind: {e}")))?;
    }
    if let Some(difficulty) = &query.difficulty {
        one_of("difficulty", difficulty, &DIFFICULTIES)?;
    }
    if let Some(topic) = &query.topic {
        one_of("topic", topic, verdict_catalog::manifest::TOPICS)?;
    }
    let words: Vec<String> = query.q.as_deref().unwrap_or("").split_whitespace().map(str::to_lowercase).collect();
    let who = candidate.0.clone();
    let statuses = blocking(&app.store, move |s| s.problem_statuses(&who)).await?;
    let problems = app
        .problems
        .iter()
        .map(|e| &e.problem)
        .filter(|p| query.kind.as_deref().is_none_or(|k| p.manifest.kind.as_str() == k))
        .filter(|p| query.difficulty.as_deref().is_none_or(|d| p.manifest.difficulty.as_str() == d))
        .filter(|p| query.topic.as_ref().is_none_or(|t| p.manifest.topics.contains(t)))
        .filter(|p| {
            let haystack = format!("{} {} {}", p.manifest.title, p.slug(), p.manifest.topics.join(" ")).to_lowercase();
            words.iter().all(|w| haystack.contains(w))
        })
        .map(|p| ProblemSummary {
            slug: p.slug().to_owned(),
            title: p.manifest.title.clone(),
            kind: p.manifest.kind.as_str().to_owned(),
            difficulty: p.manifest.difficulty.as_str().to_owned(),
            topics: p.manifest.topics.clone(),
            status: statuses.get(p.slug()).map(|&s| s.into()),
        })
        .collect();
    let kinds: BTreeSet<String> = app.problems.iter().map(|e| e.problem.manifest.kind.as_str().to_owned()).collect();
    Ok(Json(ProblemList { problems, kinds: kinds.into_iter().collect(), topics: topics.into_iter().collect() }))
}

/// One problem: statement, starter code and samples. Hidden tests are never part of it.
#[utoipa::path(get, path = "/api/problems/{slug}", params(("slug" = String, Path)),
    responses((status = 200, body = ProblemDetail), (status = 404, body = ErrorBody)))]
async fn problem(
    State(app): State<AppState>,
    candidate: Candidate,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Json<ProblemDetail>, ApiError> {
    let entry = entry(&app, &path_value(slug)?)?;
    let who = candidate.0.clone();
    let statuses = blocking(&app.store, move |s| s.problem_statuses(&who)).await?;
    Ok(Json(problem_detail(&entry, statuses.get(entry.slug()).map(|&s| s.into()))))
}

/// A problem as a candidate sees it: never a hidden test.
pub(crate) fn problem_detail(entry: &ProblemEntry, status: Option<StatusView>) -> ProblemDetail {
    let p = &entry.problem;
    ProblemDetail {
        slug: p.slug().to_owned(),
        title: p.manifest.title.clone(),
        kind: p.manifest.kind.as_str().to_owned(),
        difficulty: p.manifest.difficulty.as_str().to_owned(),
        topics: p.manifest.topics.clone(),
        language: if p.manifest.kind == Kind::Sql { "sql" } else { "python" }.into(),
        entry: p.manifest.entry.clone(),
        statement_html: entry.statement_html.clone(),
        starter_code: p.starter.clone(),
        time_limit_seconds: p.manifest.limits.time,
        wall_time_limit_seconds: p.manifest.limits.wall_ms() as f64 / 1000.0,
        memory_limit_mib: p.manifest.limits.memory,
        samples: p
            .samples
            .iter()
            .enumerate()
            .map(|(i, case)| SampleView {
                number: i as u32 + 1,
                name: case.name.clone(),
                input: verdict_judge::input_json(&case.input),
                expected: match &case.expected {
                    Expected::FromReference => serde_json::Value::Null,
                    expected => verdict_judge::expected_json(expected),
                },
            })
            .collect(),
        status,
        schema: schema_view(p),
        framework: p.manifest.orm.as_ref().map(|o| o.framework.as_str().to_owned()),
        max_queries: p.manifest.orm.as_ref().and_then(|o| o.max_queries),
        ordered: (p.manifest.kind == Kind::Sql).then(|| p.manifest.sql_spec().ordered),
    }
}

/// The schema an sql or orm answer runs on, as source to read.
fn schema_view(problem: &verdict_catalog::Problem) -> Option<SchemaView> {
    if let Some(source) = &problem.schema {
        return Some(SchemaView { file: "schema.sql".into(), language: "sql".into(), source: source.clone() });
    }
    let orm = problem.manifest.orm.as_ref()?;
    let source = verdict_judge::orm_schema_source(&orm.schema, orm.framework.as_str())?;
    Some(SchemaView { file: "models.py".into(), language: "python".into(), source: source.to_owned() })
}

/// Runs code on the samples, or on one input of the candidate's own, and answers when done.
/// Nothing is stored.
#[utoipa::path(post, path = "/api/problems/{slug}/run", params(("slug" = String, Path)), request_body = RunRequest,
    responses((status = 200, body = RunResult), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn run(
    State(app): State<AppState>,
    slug: Result<Path<String>, PathRejection>,
    ApiJson(body): ApiJson<RunRequest>,
) -> Result<Json<RunResult>, ApiError> {
    let entry = entry(&app, &path_value(slug)?)?;
    run_code(&app, entry, body).await.map(Json)
}

/// Runs code on the samples or one custom input: every test's data is shown.
pub(crate) async fn run_code(
    app: &AppState,
    entry: Arc<ProblemEntry>,
    body: RunRequest,
) -> Result<RunResult, ApiError> {
    check_code("code", &body.code)?;
    let input = body
        .input
        .as_ref()
        .map(|value| verdict_catalog::tests::parse_input(value, entry.problem.manifest.kind))
        .transpose()
        .map_err(|message| ApiError::invalid("input", message))?;
    let admission = app.queue.admit()?;
    let report = app.queue.run(admission, entry, body.code, input).await?;
    Ok(RunResult {
        verdict: report.verdict.into(),
        compile_error: report.compile_error.as_ref().map(CompileErrorView::from),
        tests: report.tests.iter().map(|t| TestView::new(t, true)).collect(),
    })
}

/// Submits code for grading on every test. The submission is stored before this answers, and
/// graded in order; follow it with `/api/submissions/{id}/events`.
#[utoipa::path(post, path = "/api/submissions", request_body = SubmitRequest,
    responses((status = 202, body = SubmissionView), (status = 400, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody, description = "the queue is full: see Retry-After")))]
async fn submit(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiJson(body): ApiJson<SubmitRequest>,
) -> Result<impl IntoResponse, ApiError> {
    check_code("code", &body.code)?;
    if app.problems.get(&body.problem).is_none() {
        return Err(ApiError::invalid("problem", format!("no problem `{}`", body.problem)));
    }
    let admission = app.queue.admit()?;
    let id = random_id();
    let (new_id, problem, code) = (id.clone(), body.problem, body.code);
    let record = blocking(&app.store, move |s| {
        s.create_submission(&verdict_store::NewSubmission {
            id: &new_id,
            candidate: &candidate.0,
            problem: &problem,
            code: &code,
        })
    })
    .await?;
    app.queue.enqueue_submission(admission, id.clone());
    let location = format!("/api/submissions/{id}");
    Ok((StatusCode::ACCEPTED, [(header::LOCATION, location)], Json(SubmissionView::new(&record))))
}

/// The candidate's own submission, or 404.
async fn own_submission(app: &AppState, candidate: &Candidate, id: &str) -> Result<SubmissionRecord, ApiError> {
    let missing = || ApiError::not_found(format!("no submission `{id}`"));
    if !is_random_id(id) {
        return Err(missing());
    }
    let read_id = id.to_owned();
    let record = blocking(&app.store, move |s| s.submission(&read_id)).await?.ok_or_else(missing)?;
    if record.candidate != candidate.0 {
        return Err(missing());
    }
    Ok(record)
}

/// A submission and its grading so far.
#[utoipa::path(get, path = "/api/submissions/{id}", params(("id" = String, Path)),
    responses((status = 200, body = SubmissionView), (status = 404, body = ErrorBody)))]
async fn submission(
    State(app): State<AppState>,
    candidate: Candidate,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<SubmissionView>, ApiError> {
    let record = own_submission(&app, &candidate, &path_value(id)?).await?;
    Ok(Json(SubmissionView::new(&record)))
}

/// Stops judging a queued or running submission: no further test starts, and it ends
/// `cancelled` with the tests that ran (follow `/events` for the end). The body is `{}`.
#[utoipa::path(post, path = "/api/submissions/{id}/cancel", params(("id" = String, Path)), request_body = CancelRequest,
    responses((status = 202, body = SubmissionView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already graded")))]
async fn cancel(
    State(app): State<AppState>,
    candidate: Candidate,
    id: Result<Path<String>, PathRejection>,
    ApiJson(_): ApiJson<CancelRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let record = own_submission(&app, &candidate, &path_value(id)?).await?;
    if record.state.is_final() || !app.queue.cancel(&record.id) {
        return Err(ApiError::new(StatusCode::CONFLICT, "already_graded", "this submission is no longer being judged"));
    }
    Ok((StatusCode::ACCEPTED, Json(SubmissionView::new(&record))))
}

/// The candidate's submissions to one problem, newest first.
#[utoipa::path(get, path = "/api/problems/{slug}/submissions", params(("slug" = String, Path)),
    responses((status = 200, body = SubmissionList), (status = 404, body = ErrorBody)))]
async fn problem_submissions(
    State(app): State<AppState>,
    candidate: Candidate,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Json<SubmissionList>, ApiError> {
    let entry = entry(&app, &path_value(slug)?)?;
    let slug = entry.slug().to_owned();
    let list = blocking(&app.store, move |s| s.submissions_of(&candidate.0, &slug, HISTORY_LIMIT)).await?;
    Ok(Json(SubmissionList { submissions: list.iter().map(SubmissionSummaryView::from).collect() }))
}

/// Server-sent events: `state` (`{"state": ...}`), one `test` per finished test (a TestView),
/// then `done` with the whole submission; the stream then ends. Connecting late replays what
/// already happened.
#[utoipa::path(get, path = "/api/submissions/{id}/events", params(("id" = String, Path)),
    responses((status = 200, content_type = "text/event-stream", description = "events: state, test, done"),
        (status = 404, body = ErrorBody)))]
async fn events(
    State(app): State<AppState>,
    candidate: Candidate,
    id: Result<Path<String>, PathRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let id = path_value(id)?;
    // Subscribe before reading, so nothing between the read and the subscription is missed.
    let live = app.queue.subscribe(&id);
    let record = own_submission(&app, &candidate, &id).await?;
    Ok(event_stream(&app, record, live))
}

/// The event stream of one submission the caller may read.
pub(crate) fn event_stream(
    app: &AppState,
    record: SubmissionRecord,
    live: Option<broadcast::Receiver<Progress>>,
) -> impl IntoResponse {
    let (sender, receiver) = mpsc::channel::<Event>(64);
    tokio::spawn(follow(app.store.clone(), record, live, sender));
    let stream = tokio_stream::wrappers::ReceiverStream::new(receiver);
    let stream = futures_util::StreamExt::map(stream, Ok::<Event, Infallible>);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// One follower's stream: each state change and each test is sent once.
struct Follower {
    out: mpsc::Sender<Event>,
    state: Option<StateView>,
    sent: HashSet<u32>,
}

impl Follower {
    /// Sends one event; false once the client has gone.
    async fn send<T: serde::Serialize>(&self, name: &str, data: &T) -> bool {
        match Event::default().event(name).json_data(data) {
            Ok(event) => self.out.send(event).await.is_ok(),
            Err(error) => {
                tracing::warn!(%error, "cannot encode an event");
                true
            }
        }
    }

    async fn state(&mut self, state: StateView) -> bool {
        if self.state == Some(state) {
            return true;
        }
        self.state = Some(state);
        self.send("state", &serde_json::json!({ "state": state })).await
    }

    async fn tests(&mut self, tests: &[TestView]) -> bool {
        for test in tests {
            if self.sent.insert(test.number) && !self.send("test", test).await {
                return false;
            }
        }
        true
    }
}

/// Feeds one follower: what is stored, then live progress, then the final state.
async fn follow(
    store: Arc<dyn Store>,
    mut record: SubmissionRecord,
    mut live: Option<broadcast::Receiver<Progress>>,
    out: mpsc::Sender<Event>,
) {
    let mut follower = Follower { out, state: None, sent: HashSet::new() };
    loop {
        // What the store knows that this follower has not seen.
        let view = SubmissionView::new(&record);
        if !follower.state(view.state).await || !follower.tests(&view.tests).await {
            return;
        }
        if record.state.is_final() {
            follower.send("done", &view).await;
            return;
        }
        // Then news: live progress while the queue publishes it, otherwise a poll of the store.
        match live.as_mut() {
            Some(receiver) => loop {
                let delivered = match receiver.recv().await {
                    Ok(Progress::Test(test)) => follower.tests(std::slice::from_ref(&*test)).await,
                    Ok(Progress::State(state)) => follower.state(state).await,
                    Ok(Progress::Done(view)) => {
                        if follower.tests(&view.tests).await {
                            follower.send("done", &*view).await;
                        }
                        return;
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => break,
                    Err(broadcast::error::RecvError::Closed) => {
                        live = None;
                        break;
                    }
                };
                if !delivered {
                    return;
                }
            },
            None => tokio::time::sleep(Duration::from_millis(250)).await,
        }
        let id = record.id.clone();
        match blocking(&store, move |s| s.submission(&id)).await {
            Ok(Some(fresh)) => record = fresh,
            _ => return,
        }
    }
}

/// The candidate's saved code for a problem.
#[utoipa::path(get, path = "/api/drafts/{slug}", params(("slug" = String, Path)),
    responses((status = 200, body = DraftView), (status = 404, body = ErrorBody, description = "no draft saved")))]
async fn draft(
    State(app): State<AppState>,
    candidate: Candidate,
    slug: Result<Path<String>, PathRejection>,
) -> Result<Json<DraftView>, ApiError> {
    let entry = entry(&app, &path_value(slug)?)?;
    let slug = entry.slug().to_owned();
    let draft = blocking(&app.store, move |s| s.draft(&candidate.0, &slug)).await?;
    let draft =
        draft.ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no_draft", "no draft saved for this problem"))?;
    Ok(Json(DraftView { code: draft.code, updated_at: timestamp(draft.updated_at) }))
}

/// Saves the candidate's code for a problem, replacing the last draft.
#[utoipa::path(put, path = "/api/drafts/{slug}", params(("slug" = String, Path)), request_body = DraftRequest,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn save_draft(
    State(app): State<AppState>,
    candidate: Candidate,
    slug: Result<Path<String>, PathRejection>,
    ApiJson(body): ApiJson<DraftRequest>,
) -> Result<StatusCode, ApiError> {
    let entry = entry(&app, &path_value(slug)?)?;
    check_code("code", &body.code)?;
    let slug = entry.slug().to_owned();
    blocking(&app.store, move |s| s.save_draft(&candidate.0, &slug, &body.code)).await?;
    Ok(StatusCode::NO_CONTENT)
}
