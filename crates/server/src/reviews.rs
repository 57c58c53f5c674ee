//! The team's review of a candidate over HTTP: notes (added by any member, changed or deleted
//! by their author only) and one scorecard per member. Who may call these is `policy`'s table
//! (every role: reviewers read reports and add notes); the store caps the notes and writes the
//! audit log. None of it is reachable through a candidate's link.

use crate::auth::TeamMember;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{random_id, ApiJson, ApiPath};
use crate::hiring::review::{
    note_text, note_view, review_view, scorecard, scorecard_view, NoteInput, NoteView, ReviewView, ScorecardInput,
    ScorecardView,
};
use crate::state::AppState;
use crate::store_call::blocking;
use crate::team::{own_assessment, own_invitation};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use verdict_store::{InvitationRecord, Reviewer};

/// The invitation the path names, in one of the member's team's assessments (404 otherwise).
async fn candidate(app: &AppState, member: &TeamMember, id: &str, inv: &str) -> Result<InvitationRecord, ApiError> {
    let record = own_assessment(app, member, id).await?;
    own_invitation(app, &record, inv).await
}

/// Another member's note is theirs to change: 403 rather than the store's conflict.
fn author_only(error: ApiError) -> ApiError {
    if error.code == "not_author" {
        ApiError::new(StatusCode::FORBIDDEN, "not_author", error.message)
    } else {
        error
    }
}

/// Every note and scorecard on one candidate, and the scorecard's terms.
#[utoipa::path(get, path = "/assessments/{id}/candidates/{inv}/review",
    params(("id" = String, Path), ("inv" = String, Path)),
    responses((status = 200, body = ReviewView), (status = 404, body = ErrorBody)))]
pub(crate) async fn review(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath((id, inv)): ApiPath<(String, String)>,
) -> Result<Json<ReviewView>, ApiError> {
    let invitation = candidate(&app, &member, &id, &inv).await?;
    let (notes, cards) =
        blocking(&app.store, move |s| Ok((s.notes(&invitation.id)?, s.scorecards(&invitation.id)?))).await?;
    Ok(Json(review_view(notes, cards, &member.0.id)))
}

/// Adds a note on a candidate; 409 `too_many_notes` past the cap.
#[utoipa::path(post, path = "/assessments/{id}/candidates/{inv}/notes",
    params(("id" = String, Path), ("inv" = String, Path)), request_body = NoteInput,
    responses((status = 201, body = NoteView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn add_note(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath((id, inv)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<NoteInput>,
) -> Result<impl IntoResponse, ApiError> {
    let invitation = candidate(&app, &member, &id, &inv).await?;
    let text = note_text(&body.text)?;
    let user = member.0.clone();
    let note = blocking(&app.store, move |s| {
        s.add_note(&invitation.id, &random_id(), Reviewer { id: &user.id, email: &user.email }, &text)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(note_view(note, &member.0.id))))
}

/// Changes one's own note; 403 `not_author` for another member's.
#[utoipa::path(put, path = "/assessments/{id}/candidates/{inv}/notes/{note}",
    params(("id" = String, Path), ("inv" = String, Path), ("note" = String, Path)), request_body = NoteInput,
    responses((status = 200, body = NoteView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn edit_note(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath((id, inv, note)): ApiPath<(String, String, String)>,
    ApiJson(body): ApiJson<NoteInput>,
) -> Result<Json<NoteView>, ApiError> {
    let invitation = candidate(&app, &member, &id, &inv).await?;
    let text = note_text(&body.text)?;
    let user = member.0.clone();
    let edited = blocking(&app.store, move |s| {
        s.edit_note(&invitation.id, &note, Reviewer { id: &user.id, email: &user.email }, &text)
    })
    .await
    .map_err(author_only)?;
    Ok(Json(note_view(edited, &member.0.id)))
}

/// Deletes one's own note; 403 `not_author` for another member's.
#[utoipa::path(delete, path = "/assessments/{id}/candidates/{inv}/notes/{note}",
    params(("id" = String, Path), ("inv" = String, Path), ("note" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_note(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath((id, inv, note)): ApiPath<(String, String, String)>,
) -> Result<StatusCode, ApiError> {
    let invitation = candidate(&app, &member, &id, &inv).await?;
    let user = member.0.clone();
    blocking(&app.store, move |s| s.delete_note(&invitation.id, &note, Reviewer { id: &user.id, email: &user.email }))
        .await
        .map_err(author_only)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Makes or replaces the member's own scorecard of a candidate.
#[utoipa::path(put, path = "/assessments/{id}/candidates/{inv}/scorecard",
    params(("id" = String, Path), ("inv" = String, Path)), request_body = ScorecardInput,
    responses((status = 200, body = ScorecardView), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn put_scorecard(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath((id, inv)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<ScorecardInput>,
) -> Result<Json<ScorecardView>, ApiError> {
    let invitation = candidate(&app, &member, &id, &inv).await?;
    let (ratings, recommendation) = scorecard(&body)?;
    let user = member.0.clone();
    let card = blocking(&app.store, move |s| {
        s.put_scorecard(&invitation.id, Reviewer { id: &user.id, email: &user.email }, &ratings, &recommendation)
    })
    .await?;
    Ok(Json(scorecard_view(card, &member.0.id)))
}
