//! Who may call which API endpoint: one table, endpoint → the least role it needs, read by the
//! one check every routed request under `/api` passes ([`enforce`]). A handler never checks a
//! role itself: it takes a [`crate::auth::TeamMember`], which only this check can have put on the request.
//!
//! Jobe's API (`verdict_jobe`, mounted by `router::router_with` outside `/api` when the operator
//! turns it on) is not in this table: it is no team's, and its own `X-API-KEY` keys guard it.
//!
//! An endpoint missing from the table is refused to everyone (fail closed), and the server's
//! tests walk the OpenAPI document so that a new endpoint without an entry fails them. This
//! module never decides *which* assessment a member may see (their team's, in `team`).

use crate::auth::authenticate;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verdict_store::Role;

/// A role as the API reads and writes it: `admin`, `interviewer` or `reviewer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RoleName {
    Admin,
    Interviewer,
    Reviewer,
}

impl From<RoleName> for Role {
    fn from(name: RoleName) -> Role {
        match name {
            RoleName::Admin => Role::Admin,
            RoleName::Interviewer => Role::Interviewer,
            RoleName::Reviewer => Role::Reviewer,
        }
    }
}

impl From<Role> for RoleName {
    fn from(role: Role) -> RoleName {
        match role {
            Role::Admin => RoleName::Admin,
            Role::Interviewer => RoleName::Interviewer,
            Role::Reviewer => RoleName::Reviewer,
        }
    }
}

/// What an endpoint asks of the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: practice mode, signing in, and a candidate's attempt (whose link is its key,
    /// checked by the handler).
    Open,
    /// A team member (session or API token) with at least this role.
    Team(Role),
    /// The Judge0 CE compatible API: not a team's. Refused (404) while the operator has not
    /// turned it on; with the operator's keys set, one of them in `X-Auth-Token` (401 without).
    Judge0,
}

use Access::{Judge0, Open, Team};
use Role::{Admin, Interviewer, Reviewer};

/// Every API endpoint by method and path (as the OpenAPI document writes it, under `/api`).
pub const POLICY: &[(&str, &str, Access)] = &[
    // Practice mode.
    ("GET", "/health", Open),
    ("GET", "/problems", Open),
    ("GET", "/problems/{slug}", Open),
    ("POST", "/problems/{slug}/run", Open),
    ("GET", "/problems/{slug}/submissions", Open),
    ("POST", "/submissions", Open),
    ("GET", "/submissions/{id}", Open),
    ("GET", "/submissions/{id}/events", Open),
    ("POST", "/submissions/{id}/cancel", Open),
    ("GET", "/drafts/{slug}", Open),
    ("PUT", "/drafts/{slug}", Open),
    // A candidate's own account: open (the handlers read the account's session cookie).
    ("GET", "/account", Open),
    ("POST", "/account/signup", Open),
    ("POST", "/account/verify/{token}", Open),
    ("POST", "/account/login", Open),
    ("POST", "/account/sign-in-link", Open),
    ("POST", "/account/sign-in-link/{token}", Open),
    ("POST", "/account/password-reset", Open),
    ("POST", "/account/password-reset/{token}", Open),
    ("POST", "/account/logout", Open),
    ("POST", "/account/delete", Open),
    ("GET", "/problems/{slug}/aids", Open),
    ("POST", "/problems/{slug}/hints", Open),
    ("POST", "/problems/{slug}/writeup", Open),
    ("GET", "/tracks", Open),
    ("GET", "/tracks/{slug}", Open),
    // Signing in; a member's own API tokens (made with at most their own role).
    ("POST", "/auth/setup", Open),
    ("POST", "/auth/login", Open),
    ("POST", "/auth/logout", Open),
    ("GET", "/auth/me", Team(Reviewer)),
    ("GET", "/tokens", Team(Reviewer)),
    ("POST", "/tokens", Team(Reviewer)),
    ("DELETE", "/tokens/{id}", Team(Reviewer)),
    // Assessments: read by every role, changed by interviewers and admins.
    ("GET", "/assessments", Team(Reviewer)),
    ("POST", "/assessments", Team(Interviewer)),
    ("GET", "/assessments/{id}", Team(Reviewer)),
    ("PUT", "/assessments/{id}", Team(Interviewer)),
    ("POST", "/assessments/{id}/duplicate", Team(Interviewer)),
    ("POST", "/assessments/{id}/archive", Team(Interviewer)),
    ("POST", "/assessments/{id}/unarchive", Team(Interviewer)),
    // Invitations.
    ("GET", "/assessments/{id}/invitations", Team(Reviewer)),
    ("POST", "/assessments/{id}/invitations", Team(Interviewer)),
    ("POST", "/assessments/{id}/invitations/bulk", Team(Interviewer)),
    ("POST", "/assessments/{id}/invitations/{inv}/extra-time", Team(Interviewer)),
    ("POST", "/assessments/{id}/invitations/{inv}/revoke", Team(Interviewer)),
    ("POST", "/assessments/{id}/invitations/{inv}/resend", Team(Interviewer)),
    // Reports.
    ("GET", "/assessments/{id}/report", Team(Reviewer)),
    ("GET", "/assessments/{id}/report.csv", Team(Reviewer)),
    ("GET", "/assessments/{id}/candidates/{inv}", Team(Reviewer)),
    ("GET", "/assessments/{id}/candidates/{inv}/activity", Team(Reviewer)),
    ("GET", "/assessments/{id}/similarity", Team(Reviewer)),
    ("GET", "/assessments/{id}/audit", Team(Reviewer)),
    ("GET", "/assessments/{id}/export.json", Team(Reviewer)),
    // The team's review of a candidate: reviewers read reports and add notes (a note is
    // changed or deleted by its author only, which the store checks).
    ("GET", "/assessments/{id}/candidates/{inv}/review", Team(Reviewer)),
    ("POST", "/assessments/{id}/candidates/{inv}/notes", Team(Reviewer)),
    ("PUT", "/assessments/{id}/candidates/{inv}/notes/{note}", Team(Reviewer)),
    ("DELETE", "/assessments/{id}/candidates/{inv}/notes/{note}", Team(Reviewer)),
    ("PUT", "/assessments/{id}/candidates/{inv}/scorecard", Team(Reviewer)),
    // The team's private problems: read by every role, uploaded and edited by interviewers.
    ("GET", "/questions", Team(Reviewer)),
    ("POST", "/questions", Team(Interviewer)),
    ("GET", "/questions/{slug}", Team(Reviewer)),
    ("GET", "/questions/{slug}/files", Team(Reviewer)),
    ("PUT", "/questions/{slug}/files", Team(Interviewer)),
    // The team itself: admins only.
    ("GET", "/team/members", Team(Admin)),
    ("POST", "/team/members", Team(Admin)),
    ("PUT", "/team/members/{id}", Team(Admin)),
    ("DELETE", "/team/members/{id}", Team(Admin)),
    ("GET", "/team/tokens", Team(Admin)),
    ("DELETE", "/team/tokens/{id}", Team(Admin)),
    ("GET", "/team/audit", Team(Admin)),
    ("GET", "/mail", Team(Reviewer)),
    ("GET", "/mail/templates", Team(Reviewer)),
    ("GET", "/mail/templates/{kind}", Team(Reviewer)),
    ("PUT", "/mail/templates/{kind}", Team(Admin)),
    ("DELETE", "/mail/templates/{kind}", Team(Admin)),
    ("GET", "/webhooks", Team(Admin)),
    ("POST", "/webhooks", Team(Admin)),
    ("PUT", "/webhooks/{id}", Team(Admin)),
    ("DELETE", "/webhooks/{id}", Team(Admin)),
    ("POST", "/webhooks/{id}/rotate-secret", Team(Admin)),
    ("GET", "/webhooks/deliveries", Team(Admin)),
    ("POST", "/webhooks/deliveries/{id}/redeliver", Team(Admin)),
    ("POST", "/password-reset", Open),
    ("POST", "/password-reset/{token}", Open),
    // A candidate's attempt, by its link.
    ("GET", "/attempts/{token}", Open),
    ("POST", "/attempts/{token}/start", Open),
    ("POST", "/attempts/{token}/finish", Open),
    ("GET", "/attempts/{token}/problems/{slug}", Open),
    ("POST", "/attempts/{token}/problems/{slug}/run", Open),
    ("GET", "/attempts/{token}/problems/{slug}/submissions", Open),
    ("GET", "/attempts/{token}/drafts/{slug}", Open),
    ("PUT", "/attempts/{token}/drafts/{slug}", Open),
    ("POST", "/attempts/{token}/submissions", Open),
    ("GET", "/attempts/{token}/submissions/{id}", Open),
    ("GET", "/attempts/{token}/submissions/{id}/events", Open),
    ("POST", "/attempts/{token}/activity", Open),
    // The Judge0 CE compatible API (crate::judge0_api): the operator's keys, not a team's roles.
    ("POST", "/judge0/submissions", Judge0),
    ("GET", "/judge0/submissions/{token}", Judge0),
    ("POST", "/judge0/submissions/batch", Judge0),
    ("GET", "/judge0/submissions/batch", Judge0),
    ("GET", "/judge0/languages", Judge0),
    ("GET", "/judge0/languages/{id}", Judge0),
    ("GET", "/judge0/statuses", Judge0),
    ("GET", "/judge0/about", Judge0),
    ("GET", "/judge0/config_info", Judge0),
];

/// What the endpoint `method path` asks (path as routed, with or without `/api`); None for one
/// the table does not name.
pub fn access(method: &Method, path: &str) -> Option<Access> {
    let path = path.strip_prefix("/api").filter(|p| p.starts_with('/')).unwrap_or(path);
    POLICY.iter().find(|(m, p, _)| *m == method.as_str() && *p == path).map(|(_, _, access)| *access)
}

/// The error code of a refusal for want of `role`: it names the role needed.
pub fn refusal_code(role: Role) -> &'static str {
    match role {
        Admin => "needs_admin",
        Interviewer => "needs_interviewer",
        Reviewer => "needs_reviewer",
    }
}

/// The check: an open endpoint passes; a team endpoint needs a session or API token (401) with
/// at least its role (403 naming the role needed), and hands the member to the handler; an
/// endpoint the table does not name is refused.
pub async fn enforce(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let Some(needed) = access(request.method(), &path) else {
        tracing::error!(method = %request.method(), path, "an API endpoint has no access policy");
        return ApiError::new(StatusCode::FORBIDDEN, "no_policy", "this endpoint has no access policy: refused")
            .into_response();
    };
    let role = match needed {
        Open => return next.run(request).await,
        Judge0 => {
            let (parts, body) = request.into_parts();
            if let Err(refusal) = crate::judge0_api::authorize(&app, &parts) {
                return refusal.into_response();
            }
            return next.run(Request::from_parts(parts, body)).await;
        }
        Team(role) => role,
    };
    let (mut parts, body) = request.into_parts();
    let member = match authenticate(&parts, &app).await {
        Ok(member) => member,
        Err(error) => return error.into_response(),
    };
    if member.0.role < role {
        let message = format!("this needs the {role} role; you act as {}", member.0.role);
        return ApiError::new(StatusCode::FORBIDDEN, refusal_code(role), message).into_response();
    }
    parts.extensions.insert(member);
    next.run(Request::from_parts(parts, body)).await
}
