//! The candidate's side of an assessment, reached only through the invitation link's token:
//! the instructions and practice problem, Start, the problems with the same run, submit and
//! draft endpoints as practice mode, and Finish. Time is the server's: the deadline is fixed at
//! Start, every write checks it in the same transaction that stores it, and a sweep finishes
//! (and grades the last drafts of) attempts whose deadline passed while nobody was looking.

use crate::api::{event_stream, problem_detail, run_code, AppState};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{check_code, is_random_id, path_value, random_id, ApiJson};
use crate::store_call::blocking;
use crate::team::practice_problem;
use crate::views::*;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio::sync::watch;
use utoipa::ToSchema;
use verdict_accounts::{is_token, token_hash, TokenKind};
use verdict_store::{attempt_candidate, AssessmentRecord, InvitationRecord, InvitationStatus, NewSubmission};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/attempts/{token}", get(attempt))
        .route("/attempts/{token}/start", post(start))
        .route("/attempts/{token}/finish", post(finish))
        .route("/attempts/{token}/problems/{slug}", get(problem))
        .route("/attempts/{token}/problems/{slug}/run", post(run))
        .route("/attempts/{token}/problems/{slug}/submissions", get(problem_submissions))
        .route("/attempts/{token}/drafts/{slug}", get(draft).put(save_draft))
        .route("/attempts/{token}/submissions", post(submit))
        .route("/attempts/{token}/submissions/{id}", get(submission))
        .route("/attempts/{token}/submissions/{id}/events", get(events))
}

#[derive(Debug, utoipa::OpenApi)]
#[openapi(
    paths(attempt, start, finish, problem, run, problem_submissions, draft, save_draft, submit, submission, events),
    components(schemas(AttemptView))
)]
pub struct AttemptApi;

/// How often the sweep looks for attempts past their deadline.
pub const SWEEP_INTERVAL: Duration = Duration::from_secs(1);

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AttemptAssessmentView {
    pub title: String,
    pub instructions_html: String,
    pub duration_minutes: u32,
    pub opens_at: String,
    pub closes_at: String,
    pub problem_count: usize,
    pub total_points: u32,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AttemptProblemView {
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub points: u32,
    pub draft_saved_at: Option<String>,
    pub last_verdict: Option<VerdictView>,
    /// The last submission's share of tests passed, 0 to 1.
    pub last_score: Option<f64>,
    /// The verdict of the submission that counts: the best graded one.
    pub best_verdict: Option<VerdictView>,
    /// The best graded submission's share of tests passed, 0 to 1: what the problem scores
    /// unless a later submission does better (an automatic one never lowers it).
    pub best_score: Option<f64>,
    /// Whether the saved draft differs from the last submission, so Finish (or the deadline)
    /// will submit and grade it.
    pub draft_pending: bool,
}

/// The candidate's attempt as they see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AttemptView {
    pub assessment: AttemptAssessmentView,
    /// The candidate's name, as the team entered it.
    pub name: String,
    /// `not_open` (the window has not opened), `open` (Start is possible), `started`,
    /// `finished`, or `expired` (the window closed before Start).
    pub status: String,
    pub started_at: Option<String>,
    pub deadline: Option<String>,
    /// Milliseconds left, by the server's clock; null before Start.
    pub remaining_ms: Option<i64>,
    /// The server's time now (RFC 3339), to correct a wrong local clock.
    pub server_time: String,
    /// The problem to try before starting; it does not count.
    pub practice_problem: Option<String>,
    /// Empty before Start.
    pub problems: Vec<AttemptProblemView>,
}

/// The attempt a link opens, or 404 (unknown or malformed token) / 410 (revoked). An attempt
/// past its deadline is finished on the way.
async fn open(app: &AppState, token: &str) -> Result<(InvitationRecord, AssessmentRecord), ApiError> {
    if !is_token(TokenKind::Invitation, token) {
        return Err(ApiError::not_found("no assessment at this link: check that it was copied whole"));
    }
    let hash = token_hash(token);
    let (invitation, assessment) = blocking(&app.store, move |s| s.invitation_by_link(&hash))
        .await?
        .ok_or_else(|| ApiError::not_found("no assessment at this link: check that it was copied whole"))?;
    if invitation.revoked_at.is_some() {
        return Err(ApiError::new(
            StatusCode::GONE,
            "link_revoked",
            "this link was revoked by the hiring team; contact them if you think this is a mistake",
        ));
    }
    let invitation = finish_if_due(app, invitation).await?;
    Ok((invitation, assessment))
}

/// Finishes an attempt whose deadline has passed (grading its last drafts), once.
pub(crate) async fn finish_if_due(app: &AppState, invitation: InvitationRecord) -> Result<InvitationRecord, ApiError> {
    let due = invitation.finished_at.is_none()
        && invitation.revoked_at.is_none()
        && invitation.deadline.is_some_and(|d| app.clock.now() >= d);
    if !due {
        return Ok(invitation);
    }
    finish_now(app, &invitation.id, "deadline").await
}

async fn finish_now(app: &AppState, invitation: &str, reason: &'static str) -> Result<InvitationRecord, ApiError> {
    let id = invitation.to_owned();
    let finished = blocking(&app.store, move |s| s.finish_attempt(&id, reason, &mut random_id)).await?;
    // Stored already, so they take no queue slot and a full queue cannot refuse them.
    app.queue.recover(finished.submissions).await;
    Ok(finished.invitation)
}

/// Finishes every attempt past its deadline, every [`SWEEP_INTERVAL`], until shutdown.
pub fn start_deadline_sweep(app: AppState, mut shutdown: watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = tokio::time::sleep(SWEEP_INTERVAL) => {}
            }
            let due = match blocking(&app.store, |s| s.due_attempts()).await {
                Ok(due) => due,
                Err(error) => {
                    tracing::error!(error = %error.message, "cannot look for attempts past their deadline");
                    continue;
                }
            };
            for invitation in due {
                match finish_now(&app, &invitation, "deadline").await {
                    Ok(_) => {
                        tracing::info!(%invitation, "time is up: the attempt is finished and its last drafts queued")
                    }
                    Err(error) => tracing::error!(%invitation, error = %error.message, "cannot finish the attempt"),
                }
            }
        }
    })
}

/// The status as the candidate reads it: the team's, with "invited" told apart by whether
/// Start is possible yet.
fn status(app: &AppState, invitation: &InvitationRecord, assessment: &AssessmentRecord) -> &'static str {
    let now = app.clock.now();
    match invitation.status(now, assessment.spec.closes_at) {
        InvitationStatus::Invited if assessment.archived_at.is_some() => "expired",
        InvitationStatus::Invited if now < assessment.spec.opens_at => "not_open",
        InvitationStatus::Invited => "open",
        other => other.as_str(),
    }
}

async fn attempt_view(
    app: &AppState,
    invitation: &InvitationRecord,
    assessment: &AssessmentRecord,
) -> Result<AttemptView, ApiError> {
    let now = app.clock.now();
    let spec = &assessment.spec;
    let problems = if invitation.started_at.is_some() {
        let (id, slugs) = (invitation.id.clone(), spec.problems.iter().map(|p| p.slug.clone()).collect::<Vec<_>>());
        let (drafts, latest, best) = blocking(&app.store, move |s| {
            let candidate = attempt_candidate(&id);
            let latest = s.latest_submissions(&candidate)?;
            let mut drafts = Vec::new();
            for slug in &slugs {
                let draft = s.attempt_draft(&id, slug)?;
                let last_code = match latest.iter().find(|l| &l.problem == slug) {
                    Some(last) => s.submission(&last.id)?.map(|r| r.code),
                    None => None,
                };
                let pending = draft.as_ref().is_some_and(|d| Some(&d.code) != last_code.as_ref());
                drafts.push((draft, pending));
            }
            Ok((drafts, latest, s.best_submissions(&candidate)?))
        })
        .await?;
        spec.problems
            .iter()
            .zip(drafts)
            .map(|(p, (draft, draft_pending))| {
                let entry = app.problems.get(&p.slug);
                let last = latest.iter().find(|l| l.problem == p.slug);
                let best = best.iter().find(|b| b.problem == p.slug && b.state.is_final());
                AttemptProblemView {
                    slug: p.slug.clone(),
                    title: entry.map_or_else(|| p.slug.clone(), |e| e.problem.manifest.title.clone()),
                    kind: entry.map_or_else(String::new, |e| e.problem.manifest.kind.as_str().to_owned()),
                    points: p.points,
                    draft_saved_at: draft.map(|d| timestamp(d.updated_at)),
                    last_verdict: last.and_then(|l| l.verdict.as_deref()).and_then(VerdictView::parse),
                    last_score: last.and_then(|l| l.score),
                    best_verdict: best.and_then(|b| b.verdict.as_deref()).and_then(VerdictView::parse),
                    best_score: best.and_then(|b| b.score),
                    draft_pending,
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(AttemptView {
        assessment: AttemptAssessmentView {
            title: spec.title.clone(),
            instructions_html: crate::problems::render_statement(&spec.instructions),
            duration_minutes: (spec.duration_ms / 60_000) as u32,
            opens_at: timestamp(spec.opens_at),
            closes_at: timestamp(spec.closes_at),
            problem_count: spec.problems.len(),
            total_points: spec.problems.iter().map(|p| p.points).sum(),
        },
        name: invitation.name.clone(),
        status: status(app, invitation, assessment).into(),
        started_at: invitation.started_at.map(timestamp),
        deadline: invitation.deadline.map(timestamp),
        remaining_ms: invitation.remaining_ms(now),
        server_time: timestamp(now),
        practice_problem: practice_problem(app, assessment),
        problems,
    })
}

/// The attempt: instructions, status, the time left, and (after Start) the problems.
#[utoipa::path(get, path = "/api/attempts/{token}", params(("token" = String, Path)),
    responses((status = 200, body = AttemptView), (status = 404, body = ErrorBody), (status = 410, body = ErrorBody)))]
async fn attempt(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
) -> Result<Json<AttemptView>, ApiError> {
    let (invitation, assessment) = open(&app, &path_value(token)?).await?;
    Ok(Json(attempt_view(&app, &invitation, &assessment).await?))
}

/// Starts the timer. Starting again changes nothing.
#[utoipa::path(post, path = "/api/attempts/{token}/start", params(("token" = String, Path)),
    responses((status = 200, body = AttemptView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 410, body = ErrorBody)))]
async fn start(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
) -> Result<Json<AttemptView>, ApiError> {
    let (invitation, assessment) = open(&app, &path_value(token)?).await?;
    if invitation.started_at.is_none() {
        let refuse = |code, message: String| Err(ApiError::new(StatusCode::CONFLICT, code, message));
        let now = app.clock.now();
        if assessment.archived_at.is_some() {
            return refuse("archived", "this assessment has been closed by the hiring team".into());
        }
        if now < assessment.spec.opens_at {
            return refuse(
                "not_open",
                format!("this assessment opens at {}; come back then", timestamp(assessment.spec.opens_at)),
            );
        }
        if now >= assessment.spec.closes_at {
            return refuse(
                "window_closed",
                format!(
                    "this assessment could be started until {}; that time has passed",
                    timestamp(assessment.spec.closes_at)
                ),
            );
        }
    }
    let (id, duration) = (invitation.id.clone(), assessment.spec.duration_ms);
    let started = blocking(&app.store, move |s| s.start_attempt(&id, duration)).await?;
    Ok(Json(attempt_view(&app, &started, &assessment).await?))
}

/// Ends the attempt now: unsubmitted drafts are graded, and nothing more is accepted.
#[utoipa::path(post, path = "/api/attempts/{token}/finish", params(("token" = String, Path)),
    responses((status = 200, body = AttemptView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 410, body = ErrorBody)))]
async fn finish(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
) -> Result<Json<AttemptView>, ApiError> {
    let (invitation, assessment) = open(&app, &path_value(token)?).await?;
    if invitation.started_at.is_none() {
        return Err(ApiError::new(StatusCode::CONFLICT, "not_started", "the assessment has not been started"));
    }
    let finished = finish_now(&app, &invitation.id, "candidate").await?;
    Ok(Json(attempt_view(&app, &finished, &assessment).await?))
}

/// What a problem slug is within an attempt.
enum Role {
    /// One of the assessment's problems.
    Assessed,
    /// The practice problem: runs and drafts, never a submission, never counted.
    Practice,
}

/// Checks that the slug belongs to the attempt and may be opened now.
fn role(
    app: &AppState,
    invitation: &InvitationRecord,
    assessment: &AssessmentRecord,
    slug: &str,
) -> Result<(Role, std::sync::Arc<crate::problems::ProblemEntry>), ApiError> {
    let missing = || ApiError::not_found(format!("no problem `{slug}` in this assessment"));
    let entry = app.problems.get(slug).cloned().ok_or_else(missing)?;
    if practice_problem(app, assessment).as_deref() == Some(slug) {
        return Ok((Role::Practice, entry));
    }
    if !assessment.spec.problems.iter().any(|p| p.slug == slug) {
        return Err(missing());
    }
    if invitation.started_at.is_none() {
        return Err(ApiError::new(StatusCode::CONFLICT, "not_started", "the problems open when you press Start"));
    }
    Ok((Role::Assessed, entry))
}

/// One problem of the attempt (or its practice problem), as practice mode shows it.
#[utoipa::path(get, path = "/api/attempts/{token}/problems/{slug}", params(("token" = String, Path), ("slug" = String, Path)),
    responses((status = 200, body = ProblemDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn problem(
    State(app): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<ProblemDetail>, ApiError> {
    let (token, slug) = path_value(path)?;
    let (invitation, assessment) = open(&app, &token).await?;
    let (_, entry) = role(&app, &invitation, &assessment, &slug)?;
    Ok(Json(problem_detail(&entry, None)))
}

/// Runs code on the samples or a custom input; the code is saved as a draft first.
#[utoipa::path(post, path = "/api/attempts/{token}/problems/{slug}/run", params(("token" = String, Path), ("slug" = String, Path)),
    request_body = RunRequest,
    responses((status = 200, body = RunResult), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
async fn run(
    State(app): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    ApiJson(body): ApiJson<RunRequest>,
) -> Result<Json<RunResult>, ApiError> {
    let (token, slug) = path_value(path)?;
    let (invitation, assessment) = open(&app, &token).await?;
    let (role, entry) = role(&app, &invitation, &assessment, &slug)?;
    check_code("code", &body.code)?;
    store_draft(&app, &invitation, role, &slug, &body.code, "run").await?;
    Ok(Json(run_code(&app, entry, body).await?))
}

async fn store_draft(
    app: &AppState,
    invitation: &InvitationRecord,
    role: Role,
    slug: &str,
    code: &str,
    via: &'static str,
) -> Result<(), ApiError> {
    let (id, slug, code) = (invitation.id.clone(), slug.to_owned(), code.to_owned());
    match role {
        Role::Practice => {
            blocking(&app.store, move |s| s.save_draft(&attempt_candidate(&id), &slug, &code)).await?;
        }
        Role::Assessed => {
            blocking(&app.store, move |s| s.save_attempt_draft(&id, &slug, &code, via)).await?;
        }
    }
    Ok(())
}

/// The saved code of a problem.
#[utoipa::path(get, path = "/api/attempts/{token}/drafts/{slug}", params(("token" = String, Path), ("slug" = String, Path)),
    responses((status = 200, body = DraftView), (status = 404, body = ErrorBody)))]
async fn draft(
    State(app): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<DraftView>, ApiError> {
    let (token, slug) = path_value(path)?;
    let (invitation, assessment) = open(&app, &token).await?;
    let (role, _) = role(&app, &invitation, &assessment, &slug)?;
    let (id, key) = (invitation.id.clone(), slug.clone());
    let draft = match role {
        Role::Practice => blocking(&app.store, move |s| s.draft(&attempt_candidate(&id), &key)).await?,
        Role::Assessed => blocking(&app.store, move |s| s.attempt_draft(&id, &key)).await?,
    };
    let draft =
        draft.ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no_draft", "no draft saved for this problem"))?;
    Ok(Json(DraftView { code: draft.code, updated_at: timestamp(draft.updated_at) }))
}

/// Saves the code of a problem (autosave); refused with 409 `time_over` after the deadline.
#[utoipa::path(put, path = "/api/attempts/{token}/drafts/{slug}", params(("token" = String, Path), ("slug" = String, Path)),
    request_body = DraftRequest,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn save_draft(
    State(app): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
    ApiJson(body): ApiJson<DraftRequest>,
) -> Result<StatusCode, ApiError> {
    let (token, slug) = path_value(path)?;
    let (invitation, assessment) = open(&app, &token).await?;
    let (role, _) = role(&app, &invitation, &assessment, &slug)?;
    check_code("code", &body.code)?;
    store_draft(&app, &invitation, role, &slug, &body.code, "autosave").await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Submits code for grading on every test; the last submission of a problem is its score.
#[utoipa::path(post, path = "/api/attempts/{token}/submissions", params(("token" = String, Path)), request_body = SubmitRequest,
    responses((status = 202, body = SubmissionView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn submit(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
    ApiJson(body): ApiJson<SubmitRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let token = path_value(token)?;
    let (invitation, assessment) = open(&app, &token).await?;
    check_code("code", &body.code)?;
    let (role, _) = role(&app, &invitation, &assessment, &body.problem).map_err(|e| {
        if e.status == StatusCode::NOT_FOUND {
            e.field("problem")
        } else {
            e
        }
    })?;
    if let Role::Practice = role {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "practice_only",
            "the practice problem is not graded: use Run to try it",
        ));
    }
    let admission = app.queue.admit()?;
    let id = random_id();
    let (new_id, invitation_id, problem, code) = (id.clone(), invitation.id.clone(), body.problem, body.code);
    let record = blocking(&app.store, move |s| {
        let candidate = attempt_candidate(&invitation_id);
        let new = NewSubmission { id: &new_id, candidate: &candidate, problem: &problem, code: &code };
        s.create_attempt_submission(&invitation_id, &new)
    })
    .await?;
    app.queue.enqueue_submission(admission, &record);
    let location = format!("/api/attempts/{token}/submissions/{id}");
    Ok((StatusCode::ACCEPTED, [(header::LOCATION, location)], Json(SubmissionView::new(&record))))
}

/// This attempt's own submission, or 404.
async fn own_submission(
    app: &AppState,
    invitation: &InvitationRecord,
    id: &str,
) -> Result<verdict_store::SubmissionRecord, ApiError> {
    let missing = || ApiError::not_found(format!("no submission `{id}`"));
    if !is_random_id(id) {
        return Err(missing());
    }
    let read_id = id.to_owned();
    let record = blocking(&app.store, move |s| s.submission(&read_id)).await?.ok_or_else(missing)?;
    if record.candidate != attempt_candidate(&invitation.id) {
        return Err(missing());
    }
    Ok(record)
}

/// One of this attempt's submissions.
#[utoipa::path(get, path = "/api/attempts/{token}/submissions/{id}", params(("token" = String, Path), ("id" = String, Path)),
    responses((status = 200, body = SubmissionView), (status = 404, body = ErrorBody)))]
async fn submission(
    State(app): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<SubmissionView>, ApiError> {
    let (token, id) = path_value(path)?;
    let (invitation, _) = open(&app, &token).await?;
    Ok(Json(SubmissionView::new(&own_submission(&app, &invitation, &id).await?)))
}

/// Server-sent events of one of this attempt's submissions, as in practice mode.
#[utoipa::path(get, path = "/api/attempts/{token}/submissions/{id}/events", params(("token" = String, Path), ("id" = String, Path)),
    responses((status = 200, content_type = "text/event-stream", description = "events: state, test, done"),
        (status = 404, body = ErrorBody)))]
async fn events(
    State(app): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let (token, id) = path_value(path)?;
    let (invitation, _) = open(&app, &token).await?;
    let live = app.queue.subscribe(&id);
    let record = own_submission(&app, &invitation, &id).await?;
    Ok(event_stream(&app, record, live))
}

/// This attempt's submissions to one problem, newest first.
#[utoipa::path(get, path = "/api/attempts/{token}/problems/{slug}/submissions",
    params(("token" = String, Path), ("slug" = String, Path)),
    responses((status = 200, body = SubmissionList), (status = 404, body = ErrorBody)))]
async fn problem_submissions(
    State(app): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<SubmissionList>, ApiError> {
    let (token, slug) = path_value(path)?;
    let (invitation, assessment) = open(&app, &token).await?;
    role(&app, &invitation, &assessment, &slug)?;
    let candidate = attempt_candidate(&invitation.id);
    let list = blocking(&app.store, move |s| s.submissions_of(&candidate, &slug, 100)).await?;
    Ok(Json(SubmissionList { submissions: list.iter().map(SubmissionSummaryView::from).collect() }))
}

/// The request path with any attempt token replaced, for logs: a token is a credential.
pub fn redact_path(path: &str) -> std::borrow::Cow<'_, str> {
    let Some(rest) = path.strip_prefix("/api/attempts/") else { return path.into() };
    let end = rest.find('/').unwrap_or(rest.len());
    format!("/api/attempts/<token>{}", &rest[end..]).into()
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn attempt_tokens_never_reach_the_log() {
        let token = "ab".repeat(32);
        assert_eq!(redact_path(&format!("/api/attempts/{token}/drafts/x")), "/api/attempts/<token>/drafts/x");
        assert_eq!(redact_path(&format!("/api/attempts/{token}")), "/api/attempts/<token>");
        assert_eq!(redact_path("/api/problems/x"), "/api/problems/x");
    }
}
