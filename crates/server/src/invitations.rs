//! The candidates of an assessment: invitations one by one or from CSV, extra time, revoking
//! a link.

use crate::auth::TeamMember;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{random_id, ApiJson, ApiPath};
use crate::hiring::rules::{email, parse_candidates_csv, short_text, MAX_DURATION_MINUTES};
use crate::hiring::views::{
    ExtraTimeRequest, InvitationList, InvitationView, InviteRequest, NewInvitationList, NewInvitationView,
};
use crate::report;
use crate::state::AppState;
use crate::store_call::blocking;
use crate::team::{invitation_view, own_assessment, own_invitation};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use verdict_accounts::{new_token, token_hash, TokenKind};
use verdict_store::{AssessmentRecord, Millis, NewInvitation};

/// The assessment's invitations, oldest first.
#[utoipa::path(get, path = "/assessments/{id}/invitations", params(("id" = String, Path)),
    responses((status = 200, body = InvitationList), (status = 404, body = ErrorBody)))]
pub(crate) async fn list_invitations(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<InvitationList>, ApiError> {
    let record = own_assessment(&app, &member, &id).await?;
    let report = report::build(&app, &record).await?;
    Ok(Json(InvitationList { invitations: report.candidates.into_iter().map(|c| c.invitation).collect() }))
}

async fn create_invitations(
    app: &AppState,
    member: &TeamMember,
    assessment: &AssessmentRecord,
    people: Vec<(String, String)>,
) -> Result<Vec<NewInvitationView>, ApiError> {
    if assessment.archived_at.is_some() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "archived",
            "this assessment is archived: unarchive it to invite candidates",
        ));
    }
    let mut tokens = Vec::with_capacity(people.len());
    let mut new = Vec::with_capacity(people.len());
    for (name, email) in people {
        let token = new_token(TokenKind::Invitation);
        new.push(NewInvitation { id: random_id(), name, email, link_hash: token_hash(&token) });
        tokens.push(token);
    }
    let (assessment_id, actor) = (assessment.id.clone(), member.actor());
    let created = blocking(&app.store, move |s| s.create_invitations(&assessment_id, &new, &actor)).await?;
    Ok(created
        .iter()
        .zip(tokens)
        .map(|(invitation, token)| NewInvitationView {
            invitation: invitation_view(app, assessment, invitation, 0.0),
            link: candidate_link(app, &token),
        })
        .collect())
}

/// Invites one candidate; the answer holds their link, shown this once.
#[utoipa::path(post, path = "/assessments/{id}/invitations", params(("id" = String, Path)), request_body = InviteRequest,
    responses((status = 201, body = NewInvitationView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn invite(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<InviteRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let record = own_assessment(&app, &member, &id).await?;
    let person = (short_text("name", &body.name)?, email("email", &body.email)?);
    let mut created = create_invitations(&app, &member, &record, vec![person]).await?;
    let created = created.pop().ok_or_else(|| ApiError::internal("no invitation was created"))?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Invites many candidates from CSV (`name,email` header, then one row each): all or none.
#[utoipa::path(post, path = "/assessments/{id}/invitations/bulk", params(("id" = String, Path)),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = NewInvitationList), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn invite_bulk(
    State(app): State<AppState>,
    member: TeamMember,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    body: axum::body::Bytes,
) -> Result<impl IntoResponse, ApiError> {
    let record = own_assessment(&app, &member, &id).await?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.split(';').next().is_some_and(|e| e.trim().eq_ignore_ascii_case("text/csv")) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("send the candidates as text/csv, not `{content_type}`"),
        ));
    }
    let people = parse_candidates_csv(&body)?;
    let created = create_invitations(&app, &member, &record, people).await?;
    Ok((StatusCode::CREATED, Json(NewInvitationList { invitations: created })))
}

/// Gives one candidate extra time, before or during the attempt.
#[utoipa::path(post, path = "/assessments/{id}/invitations/{inv}/extra-time",
    params(("id" = String, Path), ("inv" = String, Path)), request_body = ExtraTimeRequest,
    responses((status = 200, body = InvitationView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn extra_time(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath((id, inv)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<ExtraTimeRequest>,
) -> Result<Json<InvitationView>, ApiError> {
    let record = own_assessment(&app, &member, &id).await?;
    if !(1..=MAX_DURATION_MINUTES).contains(&body.minutes) {
        return Err(ApiError::invalid("minutes", format!("extra time must be 1 to {MAX_DURATION_MINUTES} minutes")));
    }
    let invitation = own_invitation(&app, &record, &inv).await?;
    let extra = Millis::from(body.minutes) * 60_000;
    let (assessment_id, actor) = (record.id.clone(), member.actor());
    // The store refuses extra time past the assessment's duration in the same transaction that
    // adds it, so two requests at once cannot both slip under the cap.
    let added = blocking(&app.store, move |s| s.add_extra_time(&assessment_id, &inv, extra, &actor)).await;
    let updated = match added {
        Err(error) if error.code == "extra_time_cap" => {
            return Err(ApiError::invalid(
                "minutes",
                format!(
                    "extra time may add up to the assessment's duration, {} minutes; this candidate has {} already, \
                     so at most {} more",
                    record.spec.duration_ms / 60_000,
                    invitation.extra_ms / 60_000,
                    (record.spec.duration_ms - invitation.extra_ms).max(0) / 60_000
                ),
            ))
        }
        other => other?,
    };
    let score = report::score_of(&app, &record, &updated.id).await?;
    Ok(Json(invitation_view(&app, &record, &updated, score)))
}

/// Revokes a candidate's link: it stops working at once.
#[utoipa::path(post, path = "/assessments/{id}/invitations/{inv}/revoke",
    params(("id" = String, Path), ("inv" = String, Path)),
    responses((status = 200, body = InvitationView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn revoke(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath((id, inv)): ApiPath<(String, String)>,
) -> Result<Json<InvitationView>, ApiError> {
    let record = own_assessment(&app, &member, &id).await?;
    own_invitation(&app, &record, &inv).await?;
    let (assessment_id, actor) = (record.id.clone(), member.actor());
    let updated = blocking(&app.store, move |s| s.revoke_invitation(&assessment_id, &inv, &actor)).await?;
    let score = report::score_of(&app, &record, &updated.id).await?;
    Ok(Json(invitation_view(&app, &record, &updated, score)))
}

/// The link a candidate opens: made from the configured address, never a request's Host.
fn candidate_link(app: &AppState, token: &str) -> String {
    format!("{}/#/a/{token}", app.hiring.base_url())
}
