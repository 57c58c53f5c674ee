//! The hiring team's API: signing in, API tokens, assessments, invitations, and the reports.
//! Every handler takes a [`TeamMember`] and reads only that member's team's data; another
//! team's assessment answers 404, exactly as one that does not exist.

use crate::api::AppState;
use crate::auth::{TeamMember, SESSION_COOKIE, SESSION_MS};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{cookie, path_value, random_id, ApiJson, ClientAddr};
use crate::report::{self, CandidateReport, Report, SimilarityList};
use crate::store_call::blocking;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use verdict_accounts::{is_token, new_token, token_hash, TokenKind};
use verdict_store::{
    AssessmentRecord, AssessmentSpec, InvitationRecord, InvitationStatus, Millis, NewInvitation, ProblemPoints,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/setup", post(setup))
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
        .route("/tokens", get(list_tokens).post(create_token))
        .route("/tokens/{id}", delete(delete_token))
        .route("/assessments", get(list_assessments).post(create_assessment))
        .route("/assessments/{id}", get(get_assessment).put(update_assessment))
        .route("/assessments/{id}/duplicate", post(duplicate_assessment))
        .route("/assessments/{id}/archive", post(archive))
        .route("/assessments/{id}/unarchive", post(unarchive))
        .route("/assessments/{id}/invitations", get(list_invitations).post(invite))
        .route("/assessments/{id}/invitations/bulk", post(invite_bulk))
        .route("/assessments/{id}/invitations/{inv}/extra-time", post(extra_time))
        .route("/assessments/{id}/invitations/{inv}/revoke", post(revoke))
        .route("/assessments/{id}/report", get(report_json))
        .route("/assessments/{id}/report.csv", get(report_csv))
        .route("/assessments/{id}/candidates/{inv}", get(candidate_report))
        .route("/assessments/{id}/similarity", get(similarity))
        .route("/assessments/{id}/audit", get(audit))
}

#[derive(Debug, utoipa::OpenApi)]
#[openapi(
    paths(
        setup,
        login,
        logout,
        me,
        list_tokens,
        create_token,
        delete_token,
        list_assessments,
        create_assessment,
        get_assessment,
        update_assessment,
        duplicate_assessment,
        archive,
        unarchive,
        list_invitations,
        invite,
        invite_bulk,
        extra_time,
        revoke,
        report_json,
        report_csv,
        candidate_report,
        similarity,
        audit
    ),
    components(schemas(
        SetupRequest,
        LoginRequest,
        Me,
        TokenRequest,
        TokenList,
        NewTokenView,
        AssessmentInput,
        AssessmentView,
        AssessmentList,
        InviteRequest,
        InvitationView,
        NewInvitationView,
        NewInvitationList,
        InvitationList,
        ExtraTimeRequest,
        AuditLog,
        Report,
        CandidateReport,
        SimilarityList
    ))
)]
pub struct TeamApi;

// ---- views -------------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupRequest {
    /// The token from the setup link.
    pub token: String,
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub email: String,
    pub team: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub name: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenView {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewTokenView {
    pub id: String,
    pub name: String,
    /// Shown this once; only its hash is kept.
    pub token: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenList {
    pub tokens: Vec<TokenView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemPointsInput {
    pub slug: String,
    pub points: u32,
}

/// What a team sets on an assessment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    pub title: String,
    /// Markdown, shown to candidates before they start.
    #[serde(default)]
    pub instructions: String,
    pub duration_minutes: u32,
    /// RFC 3339: when candidates may start.
    pub opens_at: String,
    /// RFC 3339: after this no one can start (an attempt already started runs to its deadline).
    pub closes_at: String,
    pub problems: Vec<ProblemPointsInput>,
    /// The problem to try before starting; the catalogue's default without it.
    #[serde(default)]
    pub practice_problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AssessmentProblemView {
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub points: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AssessmentView {
    pub id: String,
    pub title: String,
    pub instructions: String,
    pub instructions_html: String,
    pub duration_minutes: u32,
    pub opens_at: String,
    pub closes_at: String,
    pub practice_problem: Option<String>,
    pub problems: Vec<AssessmentProblemView>,
    pub total_points: u32,
    pub archived: bool,
    pub created_by: String,
    pub created_at: String,
}

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct StatusCounts {
    pub invited: usize,
    pub started: usize,
    pub finished: usize,
    pub expired: usize,
    pub revoked: usize,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AssessmentSummary {
    pub id: String,
    pub title: String,
    pub duration_minutes: u32,
    pub opens_at: String,
    pub closes_at: String,
    pub archived: bool,
    pub problem_count: usize,
    pub counts: StatusCounts,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AssessmentList {
    pub assessments: Vec<AssessmentSummary>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// Also list archived assessments.
    archived: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InvitationView {
    pub id: String,
    pub name: String,
    pub email: String,
    /// `invited`, `started`, `finished`, `expired` or `revoked`.
    pub status: String,
    pub extra_minutes: i64,
    pub invited_at: String,
    pub started_at: Option<String>,
    pub deadline: Option<String>,
    pub finished_at: Option<String>,
    pub time_used_seconds: Option<i64>,
    /// Points earned so far (the last submission of each problem).
    pub score: f64,
    pub max_score: u32,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewInvitationView {
    pub invitation: InvitationView,
    /// The candidate's link: shown this once; only its hash is kept.
    pub link: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewInvitationList {
    pub invitations: Vec<NewInvitationView>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InvitationList {
    pub invitations: Vec<InvitationView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraTimeRequest {
    /// Minutes to add, 1 to 600; a candidate's extra time adds up to at most the assessment's
    /// duration.
    pub minutes: u32,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEventView {
    pub at: String,
    /// A team member's email, `candidate`, `system` or `judge`.
    pub actor: String,
    pub action: String,
    pub invitation: Option<String>,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditLog {
    pub events: Vec<AuditEventView>,
}

// ---- helpers -----------------------------------------------------------------------------

fn parse_time(field: &str, text: &str) -> Result<Millis, ApiError> {
    let time = humantime::parse_rfc3339_weak(text.trim()).map_err(|e| {
        ApiError::invalid(field, format!("`{field}` is not an RFC 3339 time such as 2026-11-21T09:00:00Z: {e}"))
    })?;
    Ok(time.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as Millis))
}

/// The largest title, name and email accepted, in characters.
const MAX_SHORT_TEXT: usize = 200;
const MAX_INSTRUCTIONS: usize = 20_000;
const MAX_PROBLEMS: usize = 20;
const MAX_POINTS: u32 = 1000;
const MAX_DURATION_MINUTES: u32 = 600;
/// The most invitations one CSV may hold.
const MAX_BULK: usize = 500;

fn short_text(field: &str, text: &str) -> Result<String, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ApiError::invalid(field, format!("`{field}` is empty")));
    }
    if text.chars().count() > MAX_SHORT_TEXT || text.chars().any(char::is_control) {
        return Err(ApiError::invalid(
            field,
            format!("`{field}` must be one line of at most {MAX_SHORT_TEXT} characters"),
        ));
    }
    Ok(text.to_owned())
}

fn email(field: &str, text: &str) -> Result<String, ApiError> {
    let text = short_text(field, text)?;
    verdict_accounts::check_email(&text).map_err(|e| ApiError::invalid(field, e.to_string()))?;
    Ok(text)
}

fn validate_spec(app: &AppState, input: &AssessmentInput) -> Result<AssessmentSpec, ApiError> {
    let title = short_text("title", &input.title)?;
    if input.instructions.chars().count() > MAX_INSTRUCTIONS {
        return Err(ApiError::invalid("instructions", format!("at most {MAX_INSTRUCTIONS} characters")));
    }
    if !(1..=MAX_DURATION_MINUTES).contains(&input.duration_minutes) {
        return Err(ApiError::invalid(
            "duration_minutes",
            format!("the duration must be 1 to {MAX_DURATION_MINUTES} minutes"),
        ));
    }
    let opens_at = parse_time("opens_at", &input.opens_at)?;
    let closes_at = parse_time("closes_at", &input.closes_at)?;
    if closes_at <= opens_at {
        return Err(ApiError::invalid("closes_at", "the window must close after it opens"));
    }
    if input.problems.is_empty() || input.problems.len() > MAX_PROBLEMS {
        return Err(ApiError::invalid("problems", format!("choose 1 to {MAX_PROBLEMS} problems")));
    }
    let mut problems = Vec::with_capacity(input.problems.len());
    for (index, problem) in input.problems.iter().enumerate() {
        if app.problems.get(&problem.slug).is_none() {
            return Err(ApiError::invalid(
                &format!("problems[{index}].slug"),
                format!("no problem `{}` in the catalogue", problem.slug),
            ));
        }
        if problems.iter().any(|p: &ProblemPoints| p.slug == problem.slug) {
            return Err(ApiError::invalid(
                &format!("problems[{index}].slug"),
                format!("`{}` is listed twice", problem.slug),
            ));
        }
        if !(1..=MAX_POINTS).contains(&problem.points) {
            return Err(ApiError::invalid(
                &format!("problems[{index}].points"),
                format!("points must be 1 to {MAX_POINTS}"),
            ));
        }
        problems.push(ProblemPoints { slug: problem.slug.clone(), points: problem.points });
    }
    let practice_problem = match input.practice_problem.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) if app.problems.get(slug).is_none() => {
            return Err(ApiError::invalid("practice_problem", format!("no problem `{slug}` in the catalogue")));
        }
        Some(slug) if problems.iter().any(|p| p.slug == slug) => {
            return Err(ApiError::invalid(
                "practice_problem",
                format!("`{slug}` is one of the assessment's problems: practice must be on another"),
            ));
        }
        Some(slug) => Some(slug.to_owned()),
        None => None,
    };
    Ok(AssessmentSpec {
        title,
        instructions: input.instructions.clone(),
        duration_ms: Millis::from(input.duration_minutes) * 60_000,
        opens_at,
        closes_at,
        practice_problem,
        problems,
    })
}

pub(crate) fn assessment_view(app: &AppState, record: &AssessmentRecord) -> AssessmentView {
    let spec = &record.spec;
    AssessmentView {
        id: record.id.clone(),
        title: spec.title.clone(),
        instructions: spec.instructions.clone(),
        instructions_html: crate::problems::render_statement(&spec.instructions),
        duration_minutes: (spec.duration_ms / 60_000) as u32,
        opens_at: crate::views::timestamp(spec.opens_at),
        closes_at: crate::views::timestamp(spec.closes_at),
        practice_problem: practice_problem(app, record),
        problems: spec
            .problems
            .iter()
            .map(|p| {
                let problem = app.problems.get(&p.slug);
                AssessmentProblemView {
                    slug: p.slug.clone(),
                    title: problem.map_or_else(|| p.slug.clone(), |e| e.problem.manifest.title.clone()),
                    kind: problem.map_or_else(String::new, |e| e.problem.manifest.kind.as_str().to_owned()),
                    points: p.points,
                }
            })
            .collect(),
        total_points: spec.problems.iter().map(|p| p.points).sum(),
        archived: record.archived_at.is_some(),
        created_by: record.created_by.clone(),
        created_at: crate::views::timestamp(record.created_at),
    }
}

/// The problem to practise on: the assessment's, the server's default, or none (never one of
/// the assessment's own problems).
pub(crate) fn practice_problem(app: &AppState, record: &AssessmentRecord) -> Option<String> {
    record
        .spec
        .practice_problem
        .clone()
        .or_else(|| app.hiring.practice_problem.clone())
        .filter(|slug| app.problems.get(slug).is_some())
        .filter(|slug| !record.spec.problems.iter().any(|p| &p.slug == slug))
}

/// One of the member's team's assessments, or 404.
pub(crate) async fn own_assessment(
    app: &AppState,
    member: &TeamMember,
    id: &str,
) -> Result<AssessmentRecord, ApiError> {
    let (team, id_owned) = (member.0.team.clone(), id.to_owned());
    blocking(&app.store, move |s| s.assessment(&team, &id_owned))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no assessment `{id}`")))
}

pub(crate) fn invitation_view(
    app: &AppState,
    assessment: &AssessmentRecord,
    invitation: &InvitationRecord,
    score: f64,
) -> InvitationView {
    let now = app.clock.now();
    InvitationView {
        id: invitation.id.clone(),
        name: invitation.name.clone(),
        email: invitation.email.clone(),
        status: invitation.status(now, assessment.spec.closes_at).as_str().to_owned(),
        extra_minutes: invitation.extra_ms / 60_000,
        invited_at: crate::views::timestamp(invitation.created_at),
        started_at: invitation.started_at.map(crate::views::timestamp),
        deadline: invitation.deadline.map(crate::views::timestamp),
        finished_at: invitation.finished_at.map(crate::views::timestamp),
        time_used_seconds: invitation.time_used_ms(now).map(|ms| ms / 1000),
        score,
        max_score: assessment.spec.problems.iter().map(|p| p.points).sum(),
    }
}

fn candidate_link(app: &AppState, token: &str) -> String {
    format!("{}/#/a/{token}", app.hiring.base_url())
}

// ---- authentication ----------------------------------------------------------------------

/// Uses a setup link: chooses the password and signs in.
#[utoipa::path(post, path = "/api/auth/setup", request_body = SetupRequest,
    responses((status = 204, description = "signed in"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn setup(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<SetupRequest>,
) -> Result<impl IntoResponse, ApiError> {
    verdict_accounts::check_password(&body.password).map_err(|e| ApiError::invalid("password", e.to_string()))?;
    let unknown = || ApiError::not_found("this setup link is not valid, used or expired: ask for a new one");
    if !is_token(TokenKind::Setup, &body.token) {
        return Err(unknown());
    }
    app.logins.admit(client)?;
    // The token is looked up before the costly hash, so a made-up token costs one lookup.
    let setup_hash = token_hash(&body.token);
    let lookup = setup_hash.clone();
    blocking(&app.store, move |s| s.setup_user(&lookup)).await?.ok_or_else(unknown)?;
    let mut permit = app.logins.hash_permit()?;
    let password = body.password;
    let hash = tokio::task::spawn_blocking(move || permit.hash_password(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let user = blocking(&app.store, move |s| s.complete_setup(&setup_hash, &hash)).await?.ok_or_else(unknown)?;
    let cookie = start_session(&app, &user.id).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]))
}

async fn start_session(app: &AppState, user: &str) -> Result<axum::http::HeaderValue, ApiError> {
    let token = new_token(TokenKind::Session);
    let (hash, user, expires) = (token_hash(&token), user.to_owned(), app.clock.now() + SESSION_MS);
    blocking(&app.store, move |s| s.create_session(&user, &hash, expires)).await?;
    Ok(app.hiring.session_cookie(Some(&token)))
}

/// Signs in with email and password.
#[utoipa::path(post, path = "/api/auth/login", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
async fn login(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let email = body.email.trim().to_owned();
    let now = app.clock.now();
    app.logins.admit(client)?;
    app.logins.check_failures(&email, client, now)?;
    let mut permit = app.logins.hash_permit()?;
    let lookup = email.clone();
    let found = blocking(&app.store, move |s| s.user_for_login(&lookup)).await?;
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), hash),
        None => (None, None),
    };
    // Verify even without a user (against a decoy), so the answer's timing does not say which
    // emails exist.
    let password = body.password;
    let matches = tokio::task::spawn_blocking(move || permit.verify_password(&password, hash.as_deref()))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let Some(user) = user.filter(|_| matches) else {
        app.logins.failed(&email, client, now);
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "bad_credentials", "wrong email or password"));
    };
    app.logins.succeeded(&email, client);
    let cookie = start_session(&app, &user.id).await?;
    Ok(([(header::SET_COOKIE, cookie)], Json(Me { email: user.email, team: user.team_name })))
}

/// Signs out: the session is deleted and its cookie cleared.
#[utoipa::path(post, path = "/api/auth/logout", responses((status = 204)))]
async fn logout(State(app): State<AppState>, headers: HeaderMap) -> Result<impl IntoResponse, ApiError> {
    if let Some(token) = cookie(&headers, SESSION_COOKIE).filter(|t| is_token(TokenKind::Session, t)) {
        let hash = token_hash(token);
        blocking(&app.store, move |s| s.delete_session(&hash)).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, app.hiring.session_cookie(None))]))
}

/// Who is signed in.
#[utoipa::path(get, path = "/api/auth/me", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn me(member: TeamMember) -> Json<Me> {
    Json(Me { email: member.0.email, team: member.0.team_name })
}

// ---- API tokens --------------------------------------------------------------------------

/// The member's API tokens (never the tokens themselves).
#[utoipa::path(get, path = "/api/tokens", responses((status = 200, body = TokenList), (status = 401, body = ErrorBody)))]
async fn list_tokens(State(app): State<AppState>, member: TeamMember) -> Result<Json<TokenList>, ApiError> {
    let user = member.0.id.clone();
    let tokens = blocking(&app.store, move |s| s.api_tokens(&user)).await?;
    Ok(Json(TokenList {
        tokens: tokens
            .into_iter()
            .map(|t| TokenView {
                id: t.id,
                name: t.name,
                created_at: crate::views::timestamp(t.created_at),
                last_used_at: t.last_used_at.map(crate::views::timestamp),
            })
            .collect(),
    }))
}

/// Makes an API token; the answer is the only time it is shown.
#[utoipa::path(post, path = "/api/tokens", request_body = TokenRequest,
    responses((status = 201, body = NewTokenView), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_token(
    State(app): State<AppState>,
    member: TeamMember,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let name = short_text("name", &body.name)?;
    let token = new_token(TokenKind::Api);
    let (id, user, hash, stored_name) = (random_id(), member.0.id.clone(), token_hash(&token), name.clone());
    let record = blocking(&app.store, move |s| s.create_api_token(&user, &id, &stored_name, &hash)).await?;
    Ok((StatusCode::CREATED, Json(NewTokenView { id: record.id, name, token })))
}

/// Revokes one of the member's API tokens.
#[utoipa::path(delete, path = "/api/tokens/{id}", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_token(
    State(app): State<AppState>,
    member: TeamMember,
    id: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let id = path_value(id)?;
    let user = member.0.id.clone();
    let shown = id.clone();
    if blocking(&app.store, move |s| s.delete_api_token(&user, &id)).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(format!("no API token `{shown}`")))
    }
}

// ---- assessments -------------------------------------------------------------------------

/// The team's assessments, newest first; archived ones only when asked.
#[utoipa::path(get, path = "/api/assessments", params(ListQuery),
    responses((status = 200, body = AssessmentList), (status = 401, body = ErrorBody)))]
async fn list_assessments(
    State(app): State<AppState>,
    member: TeamMember,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<AssessmentList>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", e.body_text()))?;
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

/// Creates an assessment.
#[utoipa::path(post, path = "/api/assessments", request_body = AssessmentInput,
    responses((status = 201, body = AssessmentView), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn create_assessment(
    State(app): State<AppState>,
    member: TeamMember,
    ApiJson(body): ApiJson<AssessmentInput>,
) -> Result<impl IntoResponse, ApiError> {
    let spec = validate_spec(&app, &body)?;
    let (team, id, actor) = (member.0.team.clone(), random_id(), member.actor());
    let record = blocking(&app.store, move |s| s.create_assessment(&team, &id, &spec, &actor)).await?;
    let location = format!("/api/assessments/{}", record.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(assessment_view(&app, &record))))
}

/// One of the team's assessments.
#[utoipa::path(get, path = "/api/assessments/{id}", params(("id" = String, Path)),
    responses((status = 200, body = AssessmentView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_assessment(
    State(app): State<AppState>,
    member: TeamMember,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<AssessmentView>, ApiError> {
    let record = own_assessment(&app, &member, &path_value(id)?).await?;
    Ok(Json(assessment_view(&app, &record)))
}

/// Changes an assessment; its problems and duration are fixed once a candidate started.
#[utoipa::path(put, path = "/api/assessments/{id}", params(("id" = String, Path)), request_body = AssessmentInput,
    responses((status = 200, body = AssessmentView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn update_assessment(
    State(app): State<AppState>,
    member: TeamMember,
    id: Result<Path<String>, PathRejection>,
    ApiJson(body): ApiJson<AssessmentInput>,
) -> Result<Json<AssessmentView>, ApiError> {
    let id = path_value(id)?;
    let spec = validate_spec(&app, &body)?;
    let (team, actor, shown) = (member.0.team.clone(), member.actor(), id.clone());
    let record = blocking(&app.store, move |s| s.update_assessment(&team, &id, &spec, &actor))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no assessment `{shown}`")))?;
    Ok(Json(assessment_view(&app, &record)))
}

/// Copies an assessment (not its invitations) as a new one.
#[utoipa::path(post, path = "/api/assessments/{id}/duplicate", params(("id" = String, Path)),
    responses((status = 201, body = AssessmentView), (status = 404, body = ErrorBody)))]
async fn duplicate_assessment(
    State(app): State<AppState>,
    member: TeamMember,
    id: Result<Path<String>, PathRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let original = own_assessment(&app, &member, &path_value(id)?).await?;
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
    id: Result<Path<String>, PathRejection>,
    archived: bool,
) -> Result<Json<AssessmentView>, ApiError> {
    let id = path_value(id)?;
    let (team, actor, shown) = (member.0.team.clone(), member.actor(), id.clone());
    let record = blocking(&app.store, move |s| s.set_archived(&team, &id, archived, &actor))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no assessment `{shown}`")))?;
    Ok(Json(assessment_view(&app, &record)))
}

/// Archives an assessment: hidden from the list, no new invitations or starts.
#[utoipa::path(post, path = "/api/assessments/{id}/archive", params(("id" = String, Path)),
    responses((status = 200, body = AssessmentView), (status = 404, body = ErrorBody)))]
async fn archive(
    State(app): State<AppState>,
    member: TeamMember,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<AssessmentView>, ApiError> {
    set_archived(app, member, id, true).await
}

/// Brings an archived assessment back.
#[utoipa::path(post, path = "/api/assessments/{id}/unarchive", params(("id" = String, Path)),
    responses((status = 200, body = AssessmentView), (status = 404, body = ErrorBody)))]
async fn unarchive(
    State(app): State<AppState>,
    member: TeamMember,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<AssessmentView>, ApiError> {
    set_archived(app, member, id, false).await
}

// ---- invitations -------------------------------------------------------------------------

/// The assessment's invitations, oldest first.
#[utoipa::path(get, path = "/api/assessments/{id}/invitations", params(("id" = String, Path)),
    responses((status = 200, body = InvitationList), (status = 404, body = ErrorBody)))]
async fn list_invitations(
    State(app): State<AppState>,
    member: TeamMember,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<InvitationList>, ApiError> {
    let record = own_assessment(&app, &member, &path_value(id)?).await?;
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
#[utoipa::path(post, path = "/api/assessments/{id}/invitations", params(("id" = String, Path)), request_body = InviteRequest,
    responses((status = 201, body = NewInvitationView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn invite(
    State(app): State<AppState>,
    member: TeamMember,
    id: Result<Path<String>, PathRejection>,
    ApiJson(body): ApiJson<InviteRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let record = own_assessment(&app, &member, &path_value(id)?).await?;
    let person = (short_text("name", &body.name)?, email("email", &body.email)?);
    let mut created = create_invitations(&app, &member, &record, vec![person]).await?;
    let created = created.pop().ok_or_else(|| ApiError::internal("no invitation was created"))?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Invites many candidates from CSV (`name,email` header, then one row each): all or none.
#[utoipa::path(post, path = "/api/assessments/{id}/invitations/bulk", params(("id" = String, Path)),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = NewInvitationList), (status = 404, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn invite_bulk(
    State(app): State<AppState>,
    member: TeamMember,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: axum::body::Bytes,
) -> Result<impl IntoResponse, ApiError> {
    let record = own_assessment(&app, &member, &path_value(id)?).await?;
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

/// Reads `name,email` rows; a bad row is refused with its line number, and nothing is created.
fn parse_candidates_csv(bytes: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        ApiError::invalid("csv", format!("line {line}: the CSV is not UTF-8"))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(false).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| ApiError::invalid("csv", format!("line 1: {e}")))?.clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(name_at), Some(email_at)) = (column("name"), column("email")) else {
        return Err(ApiError::invalid("csv", "line 1: the header must name the columns `name` and `email`"));
    };
    let mut people: Vec<(String, String)> = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            ApiError::invalid("csv", format!("line {line}: {e}"))
        })?;
        let line = row.position().map_or(0, |p| p.line());
        if row.iter().all(str::is_empty) {
            continue;
        }
        let at_line = |error: ApiError| ApiError::invalid("csv", format!("line {line}: {}", error.message));
        let name = short_text("name", row.get(name_at).unwrap_or("")).map_err(at_line)?;
        let address = email("email", row.get(email_at).unwrap_or("")).map_err(at_line)?;
        if people.iter().any(|(_, e)| e.eq_ignore_ascii_case(&address)) {
            return Err(ApiError::invalid("csv", format!("line {line}: {address} is listed twice")));
        }
        people.push((name, address));
    }
    if people.is_empty() {
        return Err(ApiError::invalid("csv", "the CSV has no candidates after its header"));
    }
    if people.len() > MAX_BULK {
        return Err(ApiError::invalid("csv", format!("at most {MAX_BULK} candidates at once")));
    }
    Ok(people)
}

async fn own_invitation(app: &AppState, assessment: &AssessmentRecord, id: &str) -> Result<InvitationRecord, ApiError> {
    let (assessment_id, id_owned) = (assessment.id.clone(), id.to_owned());
    blocking(&app.store, move |s| s.invitation(&assessment_id, &id_owned))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no invitation `{id}`")))
}

/// Gives one candidate extra time, before or during the attempt.
#[utoipa::path(post, path = "/api/assessments/{id}/invitations/{inv}/extra-time",
    params(("id" = String, Path), ("inv" = String, Path)), request_body = ExtraTimeRequest,
    responses((status = 200, body = InvitationView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn extra_time(
    State(app): State<AppState>,
    member: TeamMember,
    ids: Result<Path<(String, String)>, PathRejection>,
    ApiJson(body): ApiJson<ExtraTimeRequest>,
) -> Result<Json<InvitationView>, ApiError> {
    let (id, inv) = path_value(ids)?;
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
#[utoipa::path(post, path = "/api/assessments/{id}/invitations/{inv}/revoke",
    params(("id" = String, Path), ("inv" = String, Path)),
    responses((status = 200, body = InvitationView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn revoke(
    State(app): State<AppState>,
    member: TeamMember,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<InvitationView>, ApiError> {
    let (id, inv) = path_value(ids)?;
    let record = own_assessment(&app, &member, &id).await?;
    own_invitation(&app, &record, &inv).await?;
    let (assessment_id, actor) = (record.id.clone(), member.actor());
    let updated = blocking(&app.store, move |s| s.revoke_invitation(&assessment_id, &inv, &actor)).await?;
    let score = report::score_of(&app, &record, &updated.id).await?;
    Ok(Json(invitation_view(&app, &record, &updated, score)))
}

// ---- reports -----------------------------------------------------------------------------

/// Every candidate's status, score and time used.
#[utoipa::path(get, path = "/api/assessments/{id}/report", params(("id" = String, Path)),
    responses((status = 200, body = Report), (status = 404, body = ErrorBody)))]
async fn report_json(
    State(app): State<AppState>,
    member: TeamMember,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Report>, ApiError> {
    let record = own_assessment(&app, &member, &path_value(id)?).await?;
    Ok(Json(report::build(&app, &record).await?))
}

/// The report as CSV, one row per candidate.
#[utoipa::path(get, path = "/api/assessments/{id}/report.csv", params(("id" = String, Path)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ErrorBody)))]
async fn report_csv(
    State(app): State<AppState>,
    member: TeamMember,
    id: Result<Path<String>, PathRejection>,
) -> Result<impl IntoResponse, ApiError> {
    let record = own_assessment(&app, &member, &path_value(id)?).await?;
    let report = report::build(&app, &record).await?;
    let csv = report::to_csv(&report).map_err(ApiError::internal)?;
    let file = format!("attachment; filename=\"assessment-{}.csv\"", record.id);
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, file)], csv))
}

/// One candidate: per-problem scores, test verdicts, final code and its history.
#[utoipa::path(get, path = "/api/assessments/{id}/candidates/{inv}", params(("id" = String, Path), ("inv" = String, Path)),
    responses((status = 200, body = CandidateReport), (status = 404, body = ErrorBody)))]
async fn candidate_report(
    State(app): State<AppState>,
    member: TeamMember,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<CandidateReport>, ApiError> {
    let (id, inv) = path_value(ids)?;
    let record = own_assessment(&app, &member, &id).await?;
    let invitation = own_invitation(&app, &record, &inv).await?;
    Ok(Json(report::candidate(&app, &record, &invitation).await?))
}

/// Pairs of candidates whose final code overlaps: a prompt for a human review.
#[utoipa::path(get, path = "/api/assessments/{id}/similarity", params(("id" = String, Path)),
    responses((status = 200, body = SimilarityList), (status = 404, body = ErrorBody)))]
async fn similarity(
    State(app): State<AppState>,
    member: TeamMember,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<SimilarityList>, ApiError> {
    let record = own_assessment(&app, &member, &path_value(id)?).await?;
    Ok(Json(report::similarity(&app, &record, None).await?))
}

/// Every change to the assessment and its attempts, oldest first.
#[utoipa::path(get, path = "/api/assessments/{id}/audit", params(("id" = String, Path)),
    responses((status = 200, body = AuditLog), (status = 404, body = ErrorBody)))]
async fn audit(
    State(app): State<AppState>,
    member: TeamMember,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<AuditLog>, ApiError> {
    let record = own_assessment(&app, &member, &path_value(id)?).await?;
    let assessment_id = record.id.clone();
    let events = blocking(&app.store, move |s| s.audit(&assessment_id)).await?;
    Ok(Json(AuditLog {
        events: events
            .into_iter()
            .map(|e| AuditEventView {
                at: crate::views::timestamp(e.at),
                actor: e.actor,
                action: e.action,
                invitation: e.invitation,
                detail: e.detail,
            })
            .collect(),
    }))
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn a_csv_of_candidates_is_read_with_its_header_and_bad_rows_name_their_line() {
        let people = parse_candidates_csv(
            b"\xef\xbb\xbfEmail, Name\nada@x.test, Ada Lovelace\n\n\"b@x.test\",\"Hopper, Grace\"\n",
        )
        .expect("valid");
        assert_eq!(
            people,
            vec![("Ada Lovelace".into(), "ada@x.test".into()), ("Hopper, Grace".into(), "b@x.test".into())]
        );
        let error = parse_candidates_csv(b"name,email\nAda,ada@x.test\nBob,not-an-email\n").expect_err("bad email");
        assert!(error.message.starts_with("line 3:"), "{}", error.message);
        let error = parse_candidates_csv(b"name,email\nAda,a@x.test\nAda again,A@x.test\n").expect_err("twice");
        assert!(error.message.contains("line 3") && error.message.contains("twice"), "{}", error.message);
        let error = parse_candidates_csv(b"who,address\nAda,a@x.test\n").expect_err("header");
        assert!(error.message.contains("`name` and `email`"), "{}", error.message);
        let error = parse_candidates_csv(b"name,email\nAda,a@x.test,extra\n").expect_err("ragged");
        assert!(error.message.starts_with("line 2"), "{}", error.message);
    }
}
