//! The candidates of an assessment: invitations one by one or from CSV (mailed when mail is
//! on, with a warning before inviting an email that already has a live invitation), sending an
//! invitation again with a new link, extra time, revoking a link.

use crate::auth::TeamMember;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{random_id, ApiJson, ApiPath};
use crate::hiring::rules::{email, parse_candidates_csv, short_text, MAX_DURATION_MINUTES};
use crate::hiring::views::{
    ExtraTimeRequest, InvitationList, InvitationView, InviteRequest, NewInvitationList, NewInvitationView,
};
use crate::mail::invitation_message;
use crate::report;
use crate::state::AppState;
use crate::store_call::blocking;
use crate::team::{invitation_view, own_assessment, own_invitation};
use axum::extract::{Query, State};
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
    confirm_duplicates: bool,
) -> Result<Vec<NewInvitationView>, ApiError> {
    if assessment.archived_at.is_some() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "archived",
            "this assessment is archived: unarchive it to invite candidates",
        ));
    }
    if !confirm_duplicates {
        refuse_duplicates(app, assessment, &people).await?;
    }
    let mut tokens = Vec::with_capacity(people.len());
    let mut new = Vec::with_capacity(people.len());
    let mut outbox = Vec::new();
    for (name, email) in people {
        let token = new_token(TokenKind::Invitation);
        if app.mail.is_some() {
            let link = candidate_link(app, &token);
            outbox.push(invitation_message(assessment, &member.0.team_name, &name, &email, &link));
        }
        new.push(NewInvitation { id: random_id(), name, email, link_hash: token_hash(&token) });
        tokens.push(token);
    }
    let (assessment_id, actor) = (assessment.id.clone(), member.actor());
    // The mail is stored in the transaction that creates the invitations: both or neither.
    let created =
        blocking(&app.store, move |s| s.create_invitations_with_mail(&assessment_id, &new, &outbox, &actor)).await?;
    Ok(created
        .iter()
        .zip(tokens)
        .map(|(invitation, token)| NewInvitationView {
            invitation: invitation_view(app, assessment, invitation, 0.0),
            link: candidate_link(app, &token),
            mail: mail_state(app),
        })
        .collect())
}

/// What became of the mail of an invitation: `queued` (it is in the outbox), or `off` (no
/// SMTP is configured: the link shown is the only way to the candidate).
pub(crate) fn mail_state(app: &AppState) -> String {
    if app.mail.is_some() { "queued" } else { "off" }.to_owned()
}

/// 409 `already_invited` when one of the emails has a live (invited or started) invitation to
/// this assessment: the team confirms to invite again.
async fn refuse_duplicates(
    app: &AppState,
    assessment: &AssessmentRecord,
    people: &[(String, String)],
) -> Result<(), ApiError> {
    let (id, emails) = (assessment.id.clone(), people.iter().map(|(_, e)| e.clone()).collect::<Vec<_>>());
    let live = blocking(&app.store, move |s| {
        let mut live = Vec::new();
        for email in emails {
            if !s.live_invitations_for(&id, &email)?.is_empty() {
                live.push(email);
            }
        }
        Ok(live)
    })
    .await?;
    if live.is_empty() {
        return Ok(());
    }
    Err(ApiError::new(
        StatusCode::CONFLICT,
        "already_invited",
        format!(
            "{} already invited to this assessment and not finished: send the invitation again with resend, or \
             confirm to invite again (`confirm_duplicate`)",
            live.join(", ") + if live.len() == 1 { " is" } else { " are" }
        ),
    )
    .field("email"))
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
    let mut created = create_invitations(&app, &member, &record, vec![person], body.confirm_duplicate).await?;
    let created = created.pop().ok_or_else(|| ApiError::internal("no invitation was created"))?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// The query of a bulk invitation.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BulkQuery {
    /// Invite even emails that already have a live invitation to this assessment.
    #[serde(default)]
    pub confirm_duplicates: bool,
}

/// Invites many candidates from CSV (`name,email` header, then one row each): all or none.
#[utoipa::path(post, path = "/assessments/{id}/invitations/bulk", params(("id" = String, Path), BulkQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = NewInvitationList), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn invite_bulk(
    State(app): State<AppState>,
    member: TeamMember,
    headers: HeaderMap,
    ApiPath(id): ApiPath<String>,
    Query(query): Query<BulkQuery>,
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
    let created = create_invitations(&app, &member, &record, people, query.confirm_duplicates).await?;
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

/// Sends the same invitation again with a new link: the old link stops working at once (only
/// its hash is kept, so the old one cannot be sent again), the new one is mailed when mail is
/// on and shown in this answer, this once.
#[utoipa::path(post, path = "/assessments/{id}/invitations/{inv}/resend",
    params(("id" = String, Path), ("inv" = String, Path)),
    responses((status = 200, body = NewInvitationView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn resend(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath((id, inv)): ApiPath<(String, String)>,
) -> Result<Json<NewInvitationView>, ApiError> {
    let record = own_assessment(&app, &member, &id).await?;
    own_invitation(&app, &record, &inv).await?;
    let token = new_token(TokenKind::Invitation);
    let link = candidate_link(&app, &token);
    let (assessment, team_name, mail_on, sent_link) =
        (record.clone(), member.0.team_name.clone(), app.mail.is_some(), link.clone());
    let (assessment_id, actor, hash) = (record.id.clone(), member.actor(), token_hash(&token));
    let updated = blocking(&app.store, move |s| {
        // Without mail the new link is only shown.
        let message = |i: &verdict_store::InvitationRecord| {
            mail_on.then(|| invitation_message(&assessment, &team_name, &i.name, &i.email, &sent_link))
        };
        s.rotate_link(&assessment_id, &inv, &hash, &message, &actor)
    })
    .await?;
    let score = report::score_of(&app, &record, &updated.id).await?;
    Ok(Json(NewInvitationView {
        invitation: invitation_view(&app, &record, &updated, score),
        link,
        mail: mail_state(&app),
    }))
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
