//! The team's assessments: list, create, read, change, copy, archive.

use crate::auth::TeamMember;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{random_id, ApiJson, ApiPath, ApiQuery};
use crate::hiring::rules::{validate_spec, MAX_SHORT_TEXT};
use crate::hiring::views::{AssessmentInput, AssessmentList, AssessmentSummary, AssessmentView, StatusCounts};
use crate::questions;
use crate::state::AppState;
use crate::store_call::blocking;
use crate::team::{assessment_view, own_assessment};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;
use verdict_store::InvitationStatus;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    /// Also list archived assessments.
    pub archived: Option<bool>,
}

/// The team's assessments, newest first; archived ones only when asked.
#[utoipa::path(get, path = "/assessments", params(ListQuery),
    responses((status = 200, body = AssessmentList), (status = 401, body = ErrorBody)))]
pub(crate) async fn list_assessments(
    State(app): State<AppState>,
    member: TeamMember,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<AssessmentList>, ApiError> {
    let team = member.0.team.clone();
    let include_archived = query.archived.unwrap_or(false);
    let rows = blocking(&app.store, move |s| {
        let mut rows = Vec::new();
        for record in s.assessments(&team)? {
            if record.archived_at.is_none() || include_archived {
                let invitations = s.invitations(&record.id)?;
                rows.push((record, invitations));
            }
        }
        Ok(rows)
    })
    .await?;
    let now = app.clock.now();
    let assessments = rows
        .into_iter()
        .map(|(record, invitations)| {
            let mut counts = StatusCounts::default();
            for invitation in &invitations {
                match invitation.status(now, record.spec.closes_at) {
                    InvitationStatus::Invited => counts.invited += 1,
                    InvitationStatus::Started => counts.started += 1,
                    InvitationStatus::Finished => counts.finished += 1,
                    InvitationStatus::Expired => counts.expired += 1,
                    InvitationStatus::Revoked => counts.revoked += 1,
                }
            }
            let view = assessment_view(&app, &record);
            AssessmentSummary {
                id: view.id,
                title: view.title,
                duration_minutes: view.duration_minutes,
                opens_at: view.opens_at,
                closes_at: view.closes_at,
                archived: view.archived,
                problem_count: view.problems.len(),
                counts,
            }
        })
        .collect();
    Ok(Json(AssessmentList { assessments }))
}

/// Every slug an input names, pools' members included.
fn input_slugs(body: &AssessmentInput) -> Vec<String> {
    body.problems.iter().flat_map(|p| p.slug.iter().chain(p.pool.iter().flatten())).cloned().collect()
}

/// Creates an assessment.
#[utoipa::path(post, path = "/assessments", request_body = AssessmentInput,
    responses((status = 201, body = AssessmentView), (status = 403, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn create_assessment(
    State(app): State<AppState>,
    member: TeamMember,
    ApiJson(body): ApiJson<AssessmentInput>,
) -> Result<impl IntoResponse, ApiError> {
    let slugs = input_slugs(&body);
    let resolve = questions::sources(&app, &member.0.team, slugs, Vec::new()).await?;
    let spec = validate_spec(&body, resolve)?;
    let (team, id, actor) = (member.0.team.clone(), random_id(), member.actor());
    let record = blocking(&app.store, move |s| s.create_assessment(&team, &id, &spec, &actor)).await?;
    let location = format!("/api/assessments/{}", record.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(assessment_view(&app, &record))))
}

/// One of the team's assessments.
#[utoipa::path(get, path = "/assessments/{id}", params(("id" = String, Path)),
    responses((status = 200, body = AssessmentView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_assessment(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<AssessmentView>, ApiError> {
    let record = own_assessment(&app, &member, &id).await?;
    Ok(Json(assessment_view(&app, &record)))
}

/// Changes an assessment; its problems and duration are fixed once a candidate started.
#[utoipa::path(put, path = "/assessments/{id}", params(("id" = String, Path)), request_body = AssessmentInput,
    responses((status = 200, body = AssessmentView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn update_assessment(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<AssessmentInput>,
) -> Result<Json<AssessmentView>, ApiError> {
    // A private problem it holds already keeps its version; one added takes the newest accepted.
    let kept = own_assessment(&app, &member, &id).await?.spec.problems;
    let slugs = input_slugs(&body);
    let resolve = questions::sources(&app, &member.0.team, slugs, kept).await?;
    let spec = validate_spec(&body, resolve)?;
    let (team, actor, shown) = (member.0.team.clone(), member.actor(), id.clone());
    let record = blocking(&app.store, move |s| s.update_assessment(&team, &id, &spec, &actor))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no assessment `{shown}`")))?;
    Ok(Json(assessment_view(&app, &record)))
}

/// Copies an assessment (not its invitations) as a new one.
#[utoipa::path(post, path = "/assessments/{id}/duplicate", params(("id" = String, Path)),
    responses((status = 201, body = AssessmentView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn duplicate_assessment(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    let original = own_assessment(&app, &member, &id).await?;
    let mut spec = original.spec.clone();
    let title = format!("Copy of {}", spec.title);
    spec.title = title.chars().take(MAX_SHORT_TEXT).collect();
    let (team, new_id, actor) = (member.0.team.clone(), random_id(), member.actor());
    let record = blocking(&app.store, move |s| {
        let record = s.create_assessment(&team, &new_id, &spec, &actor)?;
        let detail = serde_json::json!({"copy": record.id});
        s.record_audit(&original.id, &actor, "duplicated", None, &detail)?;
        Ok(record)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(assessment_view(&app, &record))))
}

async fn set_archived(
    app: AppState,
    member: TeamMember,
    id: String,
    archived: bool,
) -> Result<Json<AssessmentView>, ApiError> {
    let (team, actor, shown) = (member.0.team.clone(), member.actor(), id.clone());
    let record = blocking(&app.store, move |s| s.set_archived(&team, &id, archived, &actor))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no assessment `{shown}`")))?;
    Ok(Json(assessment_view(&app, &record)))
}

/// Archives an assessment: hidden from the list, no new invitations or starts.
#[utoipa::path(post, path = "/assessments/{id}/archive", params(("id" = String, Path)),
    responses((status = 200, body = AssessmentView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn archive(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<AssessmentView>, ApiError> {
    set_archived(app, member, id, true).await
}

/// Brings an archived assessment back.
#[utoipa::path(post, path = "/assessments/{id}/unarchive", params(("id" = String, Path)),
    responses((status = 200, body = AssessmentView), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub(crate) async fn unarchive(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<AssessmentView>, ApiError> {
    set_archived(app, member, id, false).await
}
