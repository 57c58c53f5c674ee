//! The team as its admins manage it: members and their roles, inviting a teammate (a one-time
//! setup link, shown once), removing one, every member's API tokens, and the team's audit log.
//! Who may call these is `policy`'s table (admins); the store keeps a team from losing its
//! last admin. A teammate's setup link is stored in the outbox with them when mail is on.

use crate::auth::TeamMember;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath};
use crate::hiring::rules::email;
use crate::policy::RoleName;
use crate::sessions::{token_view, TokenView};
use crate::state::AppState;
use crate::store_call::blocking;
use crate::views::timestamp;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use verdict_accounts::{new_token, setup_link, token_hash, TokenKind, SETUP_LINK_HOURS};
use verdict_mail::Kind;
use verdict_store::{Member, NewMember, NewMessage, Role, MAX_TEAM_MEMBERS};

/// The most entries of the team's audit log one answer holds (the newest).
pub const TEAM_AUDIT_LIMIT: u32 = 500;

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MemberView {
    pub id: String,
    pub email: String,
    pub role: RoleName,
    /// False until they have used their setup link (they cannot sign in before).
    pub set_up: bool,
    pub joined_at: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MemberList {
    pub members: Vec<MemberView>,
    /// How many members a team may have.
    pub max_members: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteMemberRequest {
    pub email: String,
    pub role: RoleName,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewMemberView {
    pub member: MemberView,
    /// Where they choose their password: shown this once (only its hash is kept), valid for
    /// `setup_link_hours`.
    pub setup_link: String,
    pub setup_link_hours: i64,
    /// `queued` (the link is being mailed to them) or `off` (this service sends no mail).
    pub mail: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleRequest {
    pub role: RoleName,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TeamTokenView {
    #[serde(flatten)]
    pub token: TokenView,
    /// The member it belongs to.
    pub owner_id: String,
    pub owner_email: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TeamTokenList {
    pub tokens: Vec<TeamTokenView>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TeamAuditEventView {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: serde_json::Value,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TeamAuditLog {
    pub events: Vec<TeamAuditEventView>,
}

fn member_view(member: Member) -> MemberView {
    MemberView {
        id: member.user.id,
        email: member.user.email,
        role: member.user.role.into(),
        set_up: member.set_up,
        joined_at: timestamp(member.created_at),
    }
}

fn no_member(id: &str) -> ApiError {
    ApiError::not_found(format!("no member `{id}` in your team"))
}

/// The team's members, oldest first.
#[utoipa::path(get, path = "/team/members",
    responses((status = 200, body = MemberList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_members(
    State(app): State<AppState>,
    member: TeamMember,
) -> Result<Json<MemberList>, ApiError> {
    let team = member.0.team.clone();
    let members = blocking(&app.store, move |s| s.members(&team)).await?;
    Ok(Json(MemberList { members: members.into_iter().map(member_view).collect(), max_members: MAX_TEAM_MEMBERS }))
}

/// Invites a teammate with a role: they get a one-time setup link to choose a password.
#[utoipa::path(post, path = "/team/members", request_body = InviteMemberRequest,
    responses((status = 201, body = NewMemberView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn invite_member(
    State(app): State<AppState>,
    member: TeamMember,
    ApiJson(body): ApiJson<InviteMemberRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let address = email("email", &body.email)?;
    let token = new_token(TokenKind::Setup);
    let (team, actor, hash) = (member.0.team.clone(), member.actor(), token_hash(&token));
    let expires = app.clock.now() + SETUP_LINK_HOURS * 3_600_000;
    let (id, role) = (verdict_accounts::random_hex(16), body.role.into());
    let link = setup_link(app.hiring.base_url(), &token);
    let mail = app.mail.is_some().then(|| setup_mail(&member, &address, body.role, &link));
    let invited = blocking(&app.store, move |s| {
        let new = NewMember {
            id: &id,
            email: &address,
            role,
            setup_hash: &hash,
            setup_expires_at: expires,
            mail: mail.as_ref(),
        };
        s.invite_member(&team, &new, &actor)
    })
    .await?;
    let answer = NewMemberView {
        member: member_view(invited),
        setup_link: link,
        setup_link_hours: SETUP_LINK_HOURS,
        mail: crate::invitations::mail_state(&app),
    };
    Ok((StatusCode::CREATED, Json(answer)))
}

/// The mail that carries a new member's setup link; it goes into the outbox with the member.
fn setup_mail(inviter: &TeamMember, email: &str, role: RoleName, link: &str) -> NewMessage {
    NewMessage {
        kind: Kind::TeamInvitation.as_str().into(),
        team: Some(inviter.0.team.clone()),
        recipient: email.to_owned(),
        payload: json!({
            "email": email,
            "team": inviter.0.team_name,
            "role": Role::from(role).as_str(),
            "inviter": inviter.0.email,
            "expires_hours": SETUP_LINK_HOURS.to_string(),
        }),
        secret: Some(link.to_owned()),
    }
}

/// Changes a member's role, at once for their sessions and tokens.
#[utoipa::path(put, path = "/team/members/{id}", params(("id" = String, Path)), request_body = RoleRequest,
    responses((status = 200, body = MemberView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn set_role(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<RoleRequest>,
) -> Result<Json<MemberView>, ApiError> {
    let (team, actor, role, shown) = (member.0.team.clone(), member.actor(), body.role.into(), id.clone());
    let changed = blocking(&app.store, move |s| s.set_role(&team, &id, role, &actor)).await?;
    changed.map(|m| Json(member_view(m))).ok_or_else(|| no_member(&shown))
}

/// Removes a member: their sessions end and their API tokens are revoked.
#[utoipa::path(delete, path = "/team/members/{id}", params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn remove_member(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let (team, actor, shown) = (member.0.team.clone(), member.actor(), id.clone());
    if blocking(&app.store, move |s| s.remove_member(&team, &id, &actor)).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_member(&shown))
    }
}

/// Every member's API tokens (never the tokens themselves), oldest first.
#[utoipa::path(get, path = "/team/tokens",
    responses((status = 200, body = TeamTokenList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_team_tokens(
    State(app): State<AppState>,
    member: TeamMember,
) -> Result<Json<TeamTokenList>, ApiError> {
    let team = member.0.team.clone();
    let tokens = blocking(&app.store, move |s| s.team_tokens(&team)).await?;
    let tokens = tokens
        .into_iter()
        .map(|t| TeamTokenView { token: token_view(t.token), owner_id: t.owner.id, owner_email: t.owner.email })
        .collect();
    Ok(Json(TeamTokenList { tokens }))
}

/// Revokes any member's API token.
#[utoipa::path(delete, path = "/team/tokens/{id}", params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn revoke_team_token(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let (team, actor, shown) = (member.0.team.clone(), member.actor(), id.clone());
    if blocking(&app.store, move |s| s.revoke_team_token(&team, &id, &actor)).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(format!("no API token `{shown}` in your team")))
    }
}

/// The team's own changes (members, roles, API tokens): the newest entries, oldest first.
#[utoipa::path(get, path = "/team/audit",
    responses((status = 200, body = TeamAuditLog), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn team_audit(
    State(app): State<AppState>,
    member: TeamMember,
) -> Result<Json<TeamAuditLog>, ApiError> {
    let team = member.0.team.clone();
    let events = blocking(&app.store, move |s| s.team_audit(&team, TEAM_AUDIT_LIMIT)).await?;
    let events = events
        .into_iter()
        .map(|e| TeamAuditEventView { at: timestamp(e.at), actor: e.actor, action: e.action, detail: e.detail })
        .collect();
    Ok(Json(TeamAuditLog { events }))
}
