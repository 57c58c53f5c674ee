//! The candidate's side of an assessment, reached only through the invitation link's token:
//! the instructions and practice problem, Start, the problems with the same run, submit and
//! draft endpoints as practice mode (owned by the attempt), and Finish. Time is the server's:
//! the deadline is fixed at Start, every write checks it in the same transaction that stores
//! it, and a sweep finishes (and grades the last drafts of) attempts whose deadline passed
//! while nobody was looking.

use crate::error::{ApiError, ErrorBody};
use crate::extract::{check_code, random_id, ApiJson, ApiPath};
use crate::hiring::rules::start_refusal;
use crate::hiring::views::{self, AttemptView};
use crate::mail::completion_message;
use crate::practice::{problem_detail, run_code};
use crate::problems::ProblemEntry;
use crate::state::AppState;
use crate::store_call::blocking;
use crate::submissions::{self, Drafts};
use crate::team::practice_problem;
use crate::views::*;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use verdict_accounts::{is_token, token_hash, TokenKind};
use verdict_store::{AssessmentRecord, InvitationRecord, Owner, SlotProblem};

/// How often the sweep looks for attempts past their deadline.
pub const SWEEP_INTERVAL: Duration = Duration::from_secs(1);

/// The attempt a link opens, or 404 (unknown or malformed token) / 410 (revoked). An attempt
/// past its deadline is finished on the way.
pub(crate) async fn open(app: &AppState, token: &str) -> Result<(InvitationRecord, AssessmentRecord), ApiError> {
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
    // Each last draft is judged against its problem as this node has it now.
    let problems = std::sync::Arc::clone(&app.problems);
    let package_of = move |slug: &str| problems.get(slug).and_then(|entry| entry.package.clone());
    // The team's completion notice is stored by the transaction that finishes the attempt.
    let (mail_on, base) = (app.mail.is_some(), app.hiring.base_url().to_owned());
    let finished = blocking(&app.store, move |s| {
        let notice = move |i: &InvitationRecord, a: &AssessmentRecord| completion_message(&base, i, a);
        let notice: Option<&verdict_store::NoticeFn<'_>> = if mail_on { Some(&notice) } else { None };
        s.finish_attempt_with_notice(&id, reason, &mut random_id, &package_of, notice)
    })
    .await?;
    // Stored already, so they take no queue slot and a full queue cannot refuse them.
    if !finished.submissions.is_empty() {
        app.queue.wake();
    }
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

async fn attempt_view(
    app: &AppState,
    invitation: &InvitationRecord,
    assessment: &AssessmentRecord,
) -> Result<AttemptView, ApiError> {
    let now = app.clock.now();
    let problems = if invitation.started_at.is_some() {
        let id = invitation.id.clone();
        // The candidate's own problems: in a pool's slot, the one drawn for them, never the pool.
        let (slots, drafts, latest, best) = blocking(&app.store, move |s| {
            let owner = Owner::Attempt(id.clone());
            let slots: Vec<_> =
                s.attempt_slots(&id)?.into_iter().filter_map(|slot| Some((slot.problem?, slot.points))).collect();
            let latest = s.latest_submissions(&owner)?;
            let mut drafts = Vec::new();
            for (problem, _) in &slots {
                let draft = s.attempt_draft(&id, &problem.slug)?;
                let last_code = match latest.iter().find(|l| l.problem == problem.slug) {
                    Some(last) => s.submission(&last.id)?.map(|r| r.code),
                    None => None,
                };
                let pending = draft.as_ref().is_some_and(|d| Some(&d.code) != last_code.as_ref());
                drafts.push((draft, pending));
            }
            Ok((slots, drafts, latest, s.best_submissions(&owner)?))
        })
        .await?;
        slots
            .iter()
            .zip(drafts)
            .map(|((problem, points), (draft, pending))| {
                views::attempt_problem_view(&app.problems, problem, *points, draft, pending, &latest, &best)
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(views::attempt_view(now, invitation, assessment, practice_problem(app, assessment), problems))
}

/// The attempt: instructions, status, the time left, and (after Start) the problems.
#[utoipa::path(get, path = "/attempts/{token}", params(("token" = String, Path)),
    responses((status = 200, body = AttemptView), (status = 404, body = ErrorBody), (status = 410, body = ErrorBody)))]
pub(crate) async fn attempt(
    State(app): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> Result<Json<AttemptView>, ApiError> {
    let (invitation, assessment) = open(&app, &token).await?;
    Ok(Json(attempt_view(&app, &invitation, &assessment).await?))
}

/// Starts the timer. Starting again changes nothing.
#[utoipa::path(post, path = "/attempts/{token}/start", params(("token" = String, Path)),
    responses((status = 200, body = AttemptView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 410, body = ErrorBody)))]
pub(crate) async fn start(
    State(app): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> Result<Json<AttemptView>, ApiError> {
    let (invitation, assessment) = open(&app, &token).await?;
    if invitation.started_at.is_none() {
        if let Some(refusal) = start_refusal(app.clock.now(), &assessment) {
            return Err(refusal.into());
        }
    }
    let variants =
        if invitation.started_at.is_none() { variant_slugs(&app, &assessment).await? } else { HashSet::new() };
    let (id, duration) = (invitation.id.clone(), assessment.spec.duration_ms);
    let has_variants = move |problem: &SlotProblem| variants.contains(&problem.slug);
    let started = blocking(&app.store, move |s| s.start_attempt_with_variants(&id, duration, &has_variants)).await?;
    Ok(Json(attempt_view(&app, &started, &assessment).await?))
}

/// The slugs of the assessment's problems (every pool's members) whose generator makes
/// per-candidate variants; a private one as its kept version says (read off the async threads).
async fn variant_slugs(app: &AppState, assessment: &AssessmentRecord) -> Result<HashSet<String>, ApiError> {
    let (queue, problems) = (app.queue.clone(), Arc::clone(&app.problems));
    let members: Vec<SlotProblem> = assessment.spec.problems.iter().flat_map(|p| p.members.clone()).collect();
    tokio::task::spawn_blocking(move || {
        let mut found = HashSet::new();
        for member in members {
            let entry = match &member.private {
                None => problems.get(&member.slug).cloned(),
                Some(kept) => queue.problem_at(&member.slug, &kept.package).ok(),
            };
            if entry.is_some_and(|e| e.problem.has_variants()) {
                found.insert(member.slug);
            }
        }
        found
    })
    .await
    .map_err(ApiError::internal)
}

/// Ends the attempt now: unsubmitted drafts are graded, and nothing more is accepted.
#[utoipa::path(post, path = "/attempts/{token}/finish", params(("token" = String, Path)),
    responses((status = 200, body = AttemptView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 410, body = ErrorBody)))]
pub(crate) async fn finish(
    State(app): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> Result<Json<AttemptView>, ApiError> {
    let (invitation, assessment) = open(&app, &token).await?;
    if invitation.started_at.is_none() {
        return Err(ApiError::new(StatusCode::CONFLICT, "not_started", "the assessment has not been started"));
    }
    let finished = finish_now(&app, &invitation.id, "candidate").await?;
    Ok(Json(attempt_view(&app, &finished, &assessment).await?))
}

/// What a problem slug is within an attempt.
pub(crate) enum Role {
    /// One of the assessment's problems.
    Assessed,
    /// The practice problem: runs and drafts, never a submission, never counted.
    Practice,
}

/// Checks that the slug belongs to the attempt and may be opened now. A private problem of the
/// team is opened at the version the assessment keeps (from the store by its package's hash).
pub(crate) async fn role(
    app: &AppState,
    invitation: &InvitationRecord,
    assessment: &AssessmentRecord,
    slug: &str,
) -> Result<(Role, Arc<ProblemEntry>), ApiError> {
    let missing = || ApiError::not_found(format!("no problem `{slug}` in this assessment"));
    if practice_problem(app, assessment).as_deref() == Some(slug) {
        let entry = app.problems.get(slug).cloned().ok_or_else(missing)?;
        return Ok((Role::Practice, entry));
    }
    let slot = assessment.spec.problems.iter().find(|p| p.member(slug).is_some()).ok_or_else(missing)?;
    let member = slot.member(slug).ok_or_else(missing)?;
    if slot.is_pool() {
        if invitation.started_at.is_none() {
            return Err(ApiError::new(StatusCode::CONFLICT, "not_started", "the problems open when you press Start"));
        }
        // A pool's other members are not this candidate's: as if they were not in the assessment.
        let id = invitation.id.clone();
        let slots = blocking(&app.store, move |s| s.attempt_slots(&id)).await?;
        if !slots.iter().any(|s| s.slug() == Some(slug)) {
            return Err(missing());
        }
    }
    let entry = match &member.private {
        None => app.problems.get(slug).cloned().ok_or_else(missing)?,
        Some(private) => {
            let (queue, slug, hash) = (app.queue.clone(), slug.to_owned(), private.package.clone());
            tokio::task::spawn_blocking(move || queue.problem_at(&slug, &hash))
                .await
                .map_err(ApiError::internal)?
                .map_err(ApiError::internal)?
        }
    };
    if invitation.started_at.is_none() {
        return Err(ApiError::new(StatusCode::CONFLICT, "not_started", "the problems open when you press Start"));
    }
    Ok((Role::Assessed, entry))
}

impl Role {
    /// Where this problem's drafts are kept for the attempt.
    fn drafts(&self, invitation: &InvitationRecord) -> Drafts {
        match self {
            Role::Practice => Drafts::Latest(Owner::Attempt(invitation.id.clone())),
            Role::Assessed => Drafts::Revisions(invitation.id.clone()),
        }
    }
}

/// One problem of the attempt (or its practice problem), as practice mode shows it; its status is
/// the attempt's own, from the attempt's submissions.
#[utoipa::path(get, path = "/attempts/{token}/problems/{slug}", params(("token" = String, Path), ("slug" = String, Path)),
    responses((status = 200, body = ProblemDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn problem(
    State(app): State<AppState>,
    ApiPath((token, slug)): ApiPath<(String, String)>,
) -> Result<Json<ProblemDetail>, ApiError> {
    let (invitation, assessment) = open(&app, &token).await?;
    let (role, entry) = role(&app, &invitation, &assessment, &slug).await?;
    // The header's status is this attempt's own standing on the problem, from the attempt's
    // submissions; practice mode's record of the same browser never shows here. The practice
    // problem is never submitted, so it has none.
    let status = match role {
        Role::Practice => None,
        Role::Assessed => {
            let owner = Owner::Attempt(invitation.id.clone());
            let statuses = blocking(&app.store, move |s| s.problem_statuses(&owner)).await?;
            statuses.get(entry.slug()).map(|&s| s.into())
        }
    };
    // Difficulty and topics hint at the approach (and a private problem's are the team's own
    // notes): an assessment shows neither.
    let detail = ProblemDetail { difficulty: None, topics: Vec::new(), ..problem_detail(&entry, status) };
    Ok(Json(detail))
}

/// Runs code on the samples or a custom input; the code is saved as a draft first.
#[utoipa::path(post, path = "/attempts/{token}/problems/{slug}/run", params(("token" = String, Path), ("slug" = String, Path)),
    request_body = RunRequest,
    responses((status = 200, body = RunResult), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 429, body = ErrorBody),
        (status = 503, body = ErrorBody, description = "no worker judged the run in time (a server without workers)")))]
pub(crate) async fn run(
    State(app): State<AppState>,
    ApiPath((token, slug)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<RunRequest>,
) -> Result<Json<RunResult>, ApiError> {
    let (invitation, assessment) = open(&app, &token).await?;
    let (role, entry) = role(&app, &invitation, &assessment, &slug).await?;
    check_code("code", &body.code)?;
    // For an assessed problem, the store also counts the run and puts it on the team's timeline.
    submissions::save_draft(&app, role.drafts(&invitation), slug.clone(), body.code.clone(), "run").await?;
    Ok(Json(run_code(&app, entry, body).await?))
}

/// The saved code of a problem.
#[utoipa::path(get, path = "/attempts/{token}/drafts/{slug}", params(("token" = String, Path), ("slug" = String, Path)),
    responses((status = 200, body = DraftView), (status = 404, body = ErrorBody)))]
pub(crate) async fn draft(
    State(app): State<AppState>,
    ApiPath((token, slug)): ApiPath<(String, String)>,
) -> Result<Json<DraftView>, ApiError> {
    let (invitation, assessment) = open(&app, &token).await?;
    let (role, _) = role(&app, &invitation, &assessment, &slug).await?;
    submissions::draft(&app, role.drafts(&invitation), slug).await
}

/// Saves the code of a problem (autosave); refused with 409 `time_over` after the deadline.
#[utoipa::path(put, path = "/attempts/{token}/drafts/{slug}", params(("token" = String, Path), ("slug" = String, Path)),
    request_body = DraftRequest,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody)))]
pub(crate) async fn save_draft(
    State(app): State<AppState>,
    ApiPath((token, slug)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<DraftRequest>,
) -> Result<StatusCode, ApiError> {
    let (invitation, assessment) = open(&app, &token).await?;
    let (role, _) = role(&app, &invitation, &assessment, &slug).await?;
    submissions::save_draft(&app, role.drafts(&invitation), slug, body.code, "autosave").await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Submits code for grading on every test; the last submission of a problem is its score.
#[utoipa::path(post, path = "/attempts/{token}/submissions", params(("token" = String, Path)), request_body = SubmitRequest,
    responses((status = 202, body = SubmissionView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn submit(
    State(app): State<AppState>,
    ApiPath(token): ApiPath<String>,
    ApiJson(body): ApiJson<SubmitRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let (invitation, assessment) = open(&app, &token).await?;
    check_code("code", &body.code)?;
    let (role, entry) = role(&app, &invitation, &assessment, &body.problem).await.map_err(|e| {
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
    let owner = Owner::Attempt(invitation.id);
    submissions::submit(&app, owner, &entry, body.code, &format!("/api/attempts/{token}")).await
}

/// One of this attempt's submissions.
#[utoipa::path(get, path = "/attempts/{token}/submissions/{id}", params(("token" = String, Path), ("id" = String, Path)),
    responses((status = 200, body = SubmissionView), (status = 404, body = ErrorBody)))]
pub(crate) async fn submission(
    State(app): State<AppState>,
    ApiPath((token, id)): ApiPath<(String, String)>,
) -> Result<Json<SubmissionView>, ApiError> {
    let (invitation, _) = open(&app, &token).await?;
    submissions::submission(&app, &Owner::Attempt(invitation.id), &id).await
}

/// Server-sent events of one of this attempt's submissions, as in practice mode.
#[utoipa::path(get, path = "/attempts/{token}/submissions/{id}/events", params(("token" = String, Path), ("id" = String, Path)),
    responses((status = 200, content_type = "text/event-stream", description = "events: state, test, done"),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn events(
    State(app): State<AppState>,
    ApiPath((token, id)): ApiPath<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    let (invitation, _) = open(&app, &token).await?;
    submissions::events(&app, &Owner::Attempt(invitation.id), &id).await
}

/// This attempt's submissions to one problem, newest first.
#[utoipa::path(get, path = "/attempts/{token}/problems/{slug}/submissions",
    params(("token" = String, Path), ("slug" = String, Path)),
    responses((status = 200, body = SubmissionList), (status = 404, body = ErrorBody)))]
pub(crate) async fn problem_submissions(
    State(app): State<AppState>,
    ApiPath((token, slug)): ApiPath<(String, String)>,
) -> Result<Json<SubmissionList>, ApiError> {
    let (invitation, assessment) = open(&app, &token).await?;
    role(&app, &invitation, &assessment, &slug).await?;
    submissions::history(&app, Owner::Attempt(invitation.id), slug).await
}
