//! Practice mode under `/api`: the catalogue, a problem, running code on samples, and the
//! candidate's submissions and drafts, owned by the anonymous candidate of the cookie.

use crate::aids_views::{ProblemList, ProblemSummary};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{check_code, ApiJson, ApiPath, ApiQuery, Candidate};
use crate::problems::ProblemEntry;
use crate::state::AppState;
use crate::store_call::blocking;
use crate::submissions::{self, Drafts};
use crate::views::*;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::sync::Arc;
use utoipa::IntoParams;
use verdict_catalog::{Expected, Kind};

fn entry(app: &AppState, slug: &str) -> Result<Arc<ProblemEntry>, ApiError> {
    app.problems.get(slug).cloned().ok_or_else(|| ApiError::not_found(format!("no problem `{slug}`")))
}

/// Whether the service is up, and how busy the judge is.
#[utoipa::path(get, path = "/health", responses((status = 200, body = Health)))]
pub(crate) async fn health(State(app): State<AppState>) -> Json<Health> {
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
        stored: app.queue.depth().await.ok().map(|(queued, running)| StoredQueueView { queued, running }),
    })
}

/// Filters of the problem list; all optional, combined with AND.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    /// `function`, `stdio`, `sql` or `orm`.
    pub kind: Option<String>,
    /// One topic, as listed in `topics`.
    pub topic: Option<String>,
    /// `easy`, `medium` or `hard`.
    pub difficulty: Option<String>,
    /// Words to find in the title, slug or topics (case-insensitive).
    pub q: Option<String>,
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
#[utoipa::path(get, path = "/problems", params(ListQuery),
    responses((status = 200, body = ProblemList), (status = 422, body = ErrorBody)))]
pub(crate) async fn list_problems(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<ProblemList>, ApiError> {
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
    let who = candidate.owner();
    let statuses = blocking(&app.store, move |s| s.problem_statuses(&who)).await?;
    let figures = app.aids.get(&app.store).await?;
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
            debug: DebugView::of(p),
            difficulty: p.manifest.difficulty.as_str().to_owned(),
            topics: p.manifest.topics.clone(),
            status: statuses.get(p.slug()).map(|&s| s.into()),
            acceptance: crate::acceptance::view(&figures, p.slug()),
        })
        .collect();
    let kinds: BTreeSet<String> = app.problems.iter().map(|e| e.problem.manifest.kind.as_str().to_owned()).collect();
    Ok(Json(ProblemList { problems, kinds: kinds.into_iter().collect(), topics: topics.into_iter().collect() }))
}

/// One problem: statement, starter code and samples. Hidden tests are never part of it.
#[utoipa::path(get, path = "/problems/{slug}", params(("slug" = String, Path)),
    responses((status = 200, body = ProblemDetail), (status = 404, body = ErrorBody)))]
pub(crate) async fn problem(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<ProblemDetail>, ApiError> {
    let entry = entry(&app, &slug)?;
    let who = candidate.owner();
    let statuses = blocking(&app.store, move |s| s.problem_statuses(&who)).await?;
    Ok(Json(problem_detail(&entry, statuses.get(entry.slug()).map(|&s| s.into()))))
}

/// A problem as a candidate sees it: never a hidden test.
pub fn problem_detail(entry: &ProblemEntry, status: Option<StatusView>) -> ProblemDetail {
    let p = &entry.problem;
    // A pandas or web problem's samples leave their expected frame or responses to the
    // reference; the page shows the reference's once the problem is prepared.
    let prepared = matches!(p.manifest.kind, Kind::Pandas | Kind::Web).then(|| entry.prepared_if_ready()).flatten();
    ProblemDetail {
        slug: p.slug().to_owned(),
        title: p.manifest.title.clone(),
        kind: p.manifest.kind.as_str().to_owned(),
        debug: DebugView::of(p),
        difficulty: Some(p.manifest.difficulty.as_str().to_owned()),
        topics: p.manifest.topics.clone(),
        language: if p.manifest.kind == Kind::Sql { "sql" } else { "python" }.into(),
        entry: p.manifest.entry.clone(),
        parameters: p
            .manifest
            .entry
            .as_deref()
            .filter(|_| p.manifest.kind == Kind::Function)
            .and_then(|entry| verdict_catalog::signature::parameters(&p.starter, entry))
            .map(|params| {
                let view = |p: verdict_catalog::signature::Parameter| ParameterView {
                    name: p.name,
                    kind: p.kind,
                    default: p.default,
                };
                params.into_iter().map(view).collect()
            }),
        module: p.manifest.tests.as_ref().map(|t| t.module.clone()),
        statement_html: entry.statement_html.clone(),
        starter_code: p.starter.clone(),
        time_limit_seconds: p.manifest.limits.time,
        wall_time_limit_seconds: p.manifest.limits.wall_ms() as f64 / 1000.0,
        memory_limit_mib: p.manifest.limits.memory,
        samples: p
            .samples
            .iter()
            .enumerate()
            .map(|(i, case)| {
                let input = verdict_judge::input_json(&case.input);
                let expected = match &case.expected {
                    // The reference's answer once the problem is prepared (samples come first).
                    Expected::FromReference => prepared
                        .as_ref()
                        .and_then(|p| p.tests.get(i))
                        .map_or(serde_json::Value::Null, |t| verdict_judge::expected_json(&t.case.expected)),
                    expected => verdict_judge::expected_json(expected),
                };
                SampleView {
                    number: i as u32 + 1,
                    name: case.name.clone(),
                    input_repr: verdict_catalog::repr::input_repr(&input),
                    literals: verdict_catalog::repr::literals_of(&input),
                    expected_repr: verdict_catalog::repr::value_repr(&input, &expected),
                    input,
                    expected,
                }
            })
            .collect(),
        status,
        schema: schema_view(p),
        framework: p.manifest.orm.as_ref().map(|o| o.framework.as_str().to_owned()),
        max_queries: p.manifest.orm.as_ref().and_then(|o| o.max_queries),
        ordered: match p.manifest.kind {
            Kind::Sql => Some(p.manifest.sql_spec().ordered),
            Kind::Pandas => Some(p.manifest.pandas_spec().ordered),
            _ => None,
        },
        frames: (p.manifest.kind == Kind::Pandas).then(|| p.manifest.pandas_spec().frames),
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
#[utoipa::path(post, path = "/problems/{slug}/run", params(("slug" = String, Path)), request_body = RunRequest,
    responses((status = 200, body = RunResult), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody),
        (status = 503, body = ErrorBody, description = "no worker judged the run in time (a server without workers)")))]
pub(crate) async fn run(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<RunRequest>,
) -> Result<Json<RunResult>, ApiError> {
    let entry = entry(&app, &slug)?;
    run_code(&app, entry, body).await.map(Json)
}

/// Runs code on the samples or one custom input: every test's data is shown.
pub async fn run_code(app: &AppState, entry: Arc<ProblemEntry>, body: RunRequest) -> Result<RunResult, ApiError> {
    check_code("code", &body.code)?;
    let input = body
        .input
        .as_ref()
        .map(|value| entry.problem.parse_custom_input(value))
        .transpose()
        .map_err(|error| ApiError::invalid(&error.field, error.message))?;
    if let Some(why) = app.queue.unavailable(&entry.problem) {
        return Err(ApiError::unavailable(why));
    }
    let admission = app.queue.admit()?;
    let changes = ChangesView::of(Some(&entry.problem), &body.code);
    let report = app.queue.run(admission, entry, body.code, input).await?;
    // A literal of the input that is not one, as Python (in the box) said: the input's fault.
    if let Some(error) = &report.bad_input {
        return Err(ApiError::invalid(&error.field, error.message.clone()));
    }
    Ok(RunResult {
        verdict: report.verdict.into(),
        compile_error: report.compile_error.as_ref().map(CompileErrorView::from),
        refusal: report.refusal.clone(),
        tests: report.tests.iter().map(|t| TestView::new(t, true)).collect(),
        changes,
    })
}

/// Submits code for grading on every test. The submission is stored before this answers, and
/// graded in order; follow it with `/api/submissions/{id}/events`.
#[utoipa::path(post, path = "/submissions", request_body = SubmitRequest,
    responses((status = 202, body = SubmissionView), (status = 400, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody, description = "the queue is full: see Retry-After")))]
pub(crate) async fn submit(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiJson(body): ApiJson<SubmitRequest>,
) -> Result<impl IntoResponse, ApiError> {
    check_code("code", &body.code)?;
    let Some(entry) = app.problems.get(&body.problem).cloned() else {
        return Err(ApiError::invalid("problem", format!("no problem `{}`", body.problem)));
    };
    submissions::submit(&app, candidate.owner(), &entry, body.code, "/api").await
}

/// A submission and its grading so far.
#[utoipa::path(get, path = "/submissions/{id}", params(("id" = String, Path)),
    responses((status = 200, body = SubmissionView), (status = 404, body = ErrorBody)))]
pub(crate) async fn submission(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<SubmissionView>, ApiError> {
    submissions::submission(&app, &candidate.owner(), &id).await
}

/// Stops judging a queued or running submission: no further test starts, and it ends
/// `cancelled` with the tests that ran (follow `/events` for the end). The body is `{}`.
#[utoipa::path(post, path = "/submissions/{id}/cancel", params(("id" = String, Path)), request_body = CancelRequest,
    responses((status = 202, body = SubmissionView), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already graded")))]
pub(crate) async fn cancel(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiPath(id): ApiPath<String>,
    ApiJson(_): ApiJson<CancelRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let record = submissions::own_submission(&app, &candidate.owner(), &id).await?;
    if record.state.is_final() || !app.queue.cancel(&record.id).await? {
        return Err(ApiError::new(StatusCode::CONFLICT, "already_graded", "this submission is no longer being judged"));
    }
    Ok((StatusCode::ACCEPTED, Json(SubmissionView::new(&record, submissions::problem_of(&app, &record)))))
}

/// The candidate's submissions to one problem, newest first.
#[utoipa::path(get, path = "/problems/{slug}/submissions", params(("slug" = String, Path)),
    responses((status = 200, body = SubmissionList), (status = 404, body = ErrorBody)))]
pub(crate) async fn problem_submissions(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<SubmissionList>, ApiError> {
    let entry = entry(&app, &slug)?;
    submissions::history(&app, candidate.owner(), entry.slug().to_owned()).await
}

/// Server-sent events: `state` (`{"state": ...}`), one `test` per finished test (a TestView),
/// then `done` with the whole submission; the stream then ends. Connecting late replays what
/// already happened.
#[utoipa::path(get, path = "/submissions/{id}/events", params(("id" = String, Path)),
    responses((status = 200, content_type = "text/event-stream", description = "events: state, test, done"),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn events(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiPath(id): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    submissions::events(&app, &candidate.owner(), &id).await
}

/// The candidate's saved code for a problem.
#[utoipa::path(get, path = "/drafts/{slug}", params(("slug" = String, Path)),
    responses((status = 200, body = DraftView), (status = 404, body = ErrorBody, description = "no draft saved")))]
pub(crate) async fn draft(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<DraftView>, ApiError> {
    let entry = entry(&app, &slug)?;
    submissions::draft(&app, Drafts::Latest(candidate.owner()), entry.slug().to_owned()).await
}

/// Saves the candidate's code for a problem, replacing the last draft.
#[utoipa::path(put, path = "/drafts/{slug}", params(("slug" = String, Path)), request_body = DraftRequest,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn save_draft(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<DraftRequest>,
) -> Result<StatusCode, ApiError> {
    let entry = entry(&app, &slug)?;
    let drafts = Drafts::Latest(candidate.owner());
    submissions::save_draft(&app, drafts, entry.slug().to_owned(), body.code, "autosave").await?;
    Ok(StatusCode::NO_CONTENT)
}
