//! Practice's learning aids under `/api/problems/{slug}`: hints revealed one at a time, the
//! write-up (open once solved, or asked for after a submission), acceptance and related
//! problems. Practice only, owned by the
//! candidate of the cookie: the attempt surface never calls this module.

use crate::aids_views::*;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, Candidate};
use crate::problems::{render_statement, ProblemEntry};
use crate::state::AppState;
use crate::store_call::blocking;
use crate::views::StatusView;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use std::collections::HashMap;
use std::sync::Arc;
use verdict_catalog::Kind;
use verdict_store::{AidState, Owner, ProblemStatus};

fn entry(app: &AppState, slug: &str) -> Result<Arc<ProblemEntry>, ApiError> {
    app.problems.get(slug).cloned().ok_or_else(|| ApiError::not_found(format!("no problem `{slug}`")))
}

/// The candidate's standing on every problem, as views.
pub async fn statuses(app: &AppState, owner: Owner) -> Result<HashMap<String, StatusView>, ApiError> {
    let statuses = blocking(&app.store, move |s| s.problem_statuses(&owner)).await?;
    Ok(statuses.into_iter().map(|(slug, status)| (slug, status.into())).collect())
}

/// Who may read the write-up, from what they did.
fn writeup_access(entry: &ProblemEntry, status: Option<ProblemStatus>, state: AidState) -> WriteupAccess {
    match (&entry.problem.writeup, status) {
        (None, _) => WriteupAccess::None,
        (Some(_), Some(ProblemStatus::Solved)) => WriteupAccess::Open,
        (Some(_), Some(ProblemStatus::Tried)) if state.writeup_asked => WriteupAccess::Open,
        (Some(_), Some(ProblemStatus::Tried)) => WriteupAccess::OnRequest,
        (Some(_), None) => WriteupAccess::Locked,
    }
}

/// The aids of `entry` for `owner`, read from the store in one look.
async fn aids_view(app: &AppState, owner: Owner, entry: &ProblemEntry) -> Result<AidsView, ApiError> {
    let slug = entry.slug().to_owned();
    let (state, statuses) =
        blocking(&app.store, move |s| Ok((s.aid_state(&owner, &slug)?, s.problem_statuses(&owner)?))).await?;
    let figures = app.aids.get(&app.store).await?;
    let problem = &entry.problem;
    let access = writeup_access(entry, statuses.get(entry.slug()).copied(), state);
    let hints = problem
        .hints
        .iter()
        .take(state.hints_revealed as usize)
        .enumerate()
        .map(|(i, h)| HintView { number: i as u32 + 1, title: h.title.clone(), html: render_statement(&h.markdown) })
        .collect();
    let writeup = problem.writeup.as_ref().filter(|_| access == WriteupAccess::Open).map(|w| WriteupView {
        html: render_statement(&w.markdown),
        time: w.time.clone(),
        space: w.space.clone(),
        reference: problem.reference().map(|r| r.source.clone()).unwrap_or_default(),
        language: if problem.manifest.kind == Kind::Sql { "sql" } else { "python" }.into(),
    });
    let all = app.problems.iter().map(|e| &e.problem);
    let related = verdict_catalog::aids::related(problem, all)
        .into_iter()
        .filter_map(|slug| app.problems.get(&slug))
        .map(|other| RelatedView {
            slug: other.slug().to_owned(),
            title: other.problem.manifest.title.clone(),
            difficulty: other.problem.manifest.difficulty.as_str().to_owned(),
            status: statuses.get(other.slug()).map(|&s| s.into()),
        })
        .collect();
    Ok(AidsView {
        hints_total: problem.hints.len() as u32,
        hints,
        writeup_access: access,
        writeup,
        acceptance: crate::acceptance::view(&figures, entry.slug()),
        related,
    })
}

/// A practice problem's learning aids as this candidate stands: hints revealed so far, the
/// write-up when open to them, acceptance and related problems. Never part of an assessment.
#[utoipa::path(get, path = "/problems/{slug}/aids", params(("slug" = String, Path)),
    responses((status = 200, body = AidsView), (status = 404, body = ErrorBody)))]
pub(crate) async fn aids(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<AidsView>, ApiError> {
    let entry = entry(&app, &slug)?;
    aids_view(&app, candidate.owner(), &entry).await.map(Json)
}

/// Reveals the next hint (remembered for this candidate) and answers with the aids. 409
/// `no_more_hints` once every hint is revealed (or the problem has none).
#[utoipa::path(post, path = "/problems/{slug}/hints", params(("slug" = String, Path)), request_body = AidRequest,
    responses((status = 200, body = AidsView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn reveal_hint(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiPath(slug): ApiPath<String>,
    ApiJson(_): ApiJson<AidRequest>,
) -> Result<Json<AidsView>, ApiError> {
    let entry = entry(&app, &slug)?;
    let (owner, slug, available) = (candidate.owner(), entry.slug().to_owned(), entry.problem.hints.len() as u32);
    let revealed = blocking(&app.store, move |s| s.reveal_hint(&owner, &slug, available)).await?;
    if revealed.is_none() {
        let message = format!("all {available} hints of this problem are revealed");
        return Err(ApiError::new(StatusCode::CONFLICT, "no_more_hints", message));
    }
    aids_view(&app, candidate.owner(), &entry).await.map(Json)
}

/// Asks for the write-up after trying the problem (remembered for this candidate): 409
/// `not_tried` before a first submission, 404 when the problem has no write-up.
#[utoipa::path(post, path = "/problems/{slug}/writeup", params(("slug" = String, Path)), request_body = AidRequest,
    responses((status = 200, body = AidsView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn ask_writeup(
    State(app): State<AppState>,
    candidate: Candidate,
    ApiPath(slug): ApiPath<String>,
    ApiJson(_): ApiJson<AidRequest>,
) -> Result<Json<AidsView>, ApiError> {
    let entry = entry(&app, &slug)?;
    if entry.problem.writeup.is_none() {
        return Err(ApiError::not_found(format!("problem `{slug}` has no write-up")));
    }
    let (owner, slug) = (candidate.owner(), entry.slug().to_owned());
    let tried = blocking(&app.store, move |s| {
        let tried = s.problem_statuses(&owner)?.contains_key(&slug);
        if tried {
            s.ask_writeup(&owner, &slug)?;
        }
        Ok(tried)
    })
    .await?;
    if !tried {
        let message = "submit an answer first: the write-up opens once you have tried the problem";
        return Err(ApiError::new(StatusCode::CONFLICT, "not_tried", message));
    }
    aids_view(&app, candidate.owner(), &entry).await.map(Json)
}
