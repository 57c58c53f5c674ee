//! The submission endpoints' work, one set for both surfaces over the [`Owner`] each resolves
//! from its request (practice: the candidate's cookie; an assessment: the attempt's link):
//! submit, read one, follow its events, list a problem's history, read and save drafts. A
//! surface checks what is its own (the problem, the attempt's state) and then calls these.

use crate::error::ApiError;
use crate::events::event_stream;
use crate::extract::{check_code, is_random_id, random_id};
use crate::problems::ProblemEntry;
use crate::state::AppState;
use crate::store_call::blocking;
use crate::views::{timestamp, DraftView, SubmissionList, SubmissionSummaryView, SubmissionView};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use verdict_store::{NewSubmission, Owner, SubmissionRecord};

/// How many of a practising candidate's submissions to a problem are listed.
pub const PRACTICE_HISTORY_LIMIT: usize = 50;
/// How many of an attempt's submissions to a problem are listed (all, in practice).
pub const ATTEMPT_HISTORY_LIMIT: usize = 100;

fn history_limit(owner: &Owner) -> usize {
    match owner {
        Owner::Practice(_) => PRACTICE_HISTORY_LIMIT,
        Owner::Attempt(_) => ATTEMPT_HISTORY_LIMIT,
    }
}

/// Stores a submission and queues it: 202 with its view, and its address under `base` (the
/// surface's prefix) as the Location. An attempt's is refused after its deadline by the store.
/// The surface checks the code and the problem first.
pub async fn submit(
    app: &AppState,
    owner: Owner,
    entry: &ProblemEntry,
    code: String,
    base: &str,
) -> Result<Response, ApiError> {
    if let Some(why) = app.queue.unavailable(&entry.problem) {
        return Err(ApiError::unavailable(why));
    }
    let problem = entry.slug().to_owned();
    // Judged against the problem as it is now (a private one: as the assessment keeps it),
    // wherever and whenever it is judged.
    let package = entry.package.clone();
    let admission = app.queue.admit()?;
    let id = random_id();
    let new_id = id.clone();
    let record = blocking(&app.store, move |s| {
        let package = package.as_deref();
        let new = NewSubmission { id: &new_id, owner: &owner, problem: &problem, code: &code, package };
        match owner.attempt() {
            Some(invitation) => s.create_attempt_submission(invitation, &new),
            None => s.create_submission(&new),
        }
    })
    .await?;
    app.queue.enqueue_submission(admission, &record);
    let location = format!("{base}/submissions/{id}");
    let view = SubmissionView::new(&record, problem_of(app, &record));
    Ok((StatusCode::ACCEPTED, [(header::LOCATION, location)], Json(view)).into_response())
}

/// The problem a submission answers, while the catalogue has it.
pub fn problem_of<'a>(app: &'a AppState, record: &SubmissionRecord) -> Option<&'a verdict_catalog::Problem> {
    app.problems.get(&record.problem).map(|entry| &entry.problem)
}

/// The owner's own submission, or 404 (exactly as one that does not exist).
pub async fn own_submission(app: &AppState, owner: &Owner, id: &str) -> Result<SubmissionRecord, ApiError> {
    let missing = || ApiError::not_found(format!("no submission `{id}`"));
    if !is_random_id(id) {
        return Err(missing());
    }
    let read_id = id.to_owned();
    let record = blocking(&app.store, move |s| s.submission(&read_id)).await?.ok_or_else(missing)?;
    if record.owner != *owner {
        return Err(missing());
    }
    Ok(record)
}

/// The owner's submission and its grading so far.
pub async fn submission(app: &AppState, owner: &Owner, id: &str) -> Result<Json<SubmissionView>, ApiError> {
    let record = own_submission(app, owner, id).await?;
    Ok(Json(SubmissionView::new(&record, problem_of(app, &record))))
}

/// The event stream of the owner's submission.
pub async fn events(app: &AppState, owner: &Owner, id: &str) -> Result<impl IntoResponse, ApiError> {
    // Subscribe before reading, so nothing between the read and the subscription is missed.
    let live = app.queue.subscribe(id);
    let notices = app.queue.progress_notices();
    let record = own_submission(app, owner, id).await?;
    let problem = app.problems.get(&record.problem).cloned();
    Ok(event_stream(&app.store, record, problem, live, notices))
}

/// The owner's submissions to one problem, newest first.
pub async fn history(app: &AppState, owner: Owner, slug: String) -> Result<Json<SubmissionList>, ApiError> {
    let limit = history_limit(&owner);
    let list = blocking(&app.store, move |s| s.submissions_of(&owner, &slug, limit)).await?;
    Ok(Json(SubmissionList { submissions: list.iter().map(SubmissionSummaryView::from).collect() }))
}

/// Where a problem's draft is kept.
#[derive(Debug, Clone)]
pub enum Drafts {
    /// One draft per owner and problem, overwritten: practice mode, and an attempt's practice
    /// problem.
    Latest(Owner),
    /// Every revision with how it was saved, refused after the deadline: an attempt's assessed
    /// problem, by its invitation.
    Revisions(String),
}

/// The saved code of a problem, or 404 `no_draft`.
pub async fn draft(app: &AppState, drafts: Drafts, slug: String) -> Result<Json<DraftView>, ApiError> {
    let draft = blocking(&app.store, move |s| match &drafts {
        Drafts::Latest(owner) => s.draft(owner, &slug),
        Drafts::Revisions(invitation) => s.attempt_draft(invitation, &slug),
    })
    .await?;
    let draft =
        draft.ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "no_draft", "no draft saved for this problem"))?;
    Ok(Json(DraftView { code: draft.code, updated_at: timestamp(draft.updated_at) }))
}

/// Saves a problem's code; `via` (`autosave` or `run`) is kept with a revision.
pub async fn save_draft(
    app: &AppState,
    drafts: Drafts,
    slug: String,
    code: String,
    via: &'static str,
) -> Result<(), ApiError> {
    check_code("code", &code)?;
    blocking(&app.store, move |s| match &drafts {
        Drafts::Latest(owner) => s.save_draft(owner, &slug, &code).map(drop),
        Drafts::Revisions(invitation) => s.save_attempt_draft(invitation, &slug, &code, via).map(drop),
    })
    .await
}
