//! Mail over HTTP: whether mail is on, the team's message templates (read, set, back to the
//! default; a template naming an unknown placeholder is refused naming it), and password reset
//! by email (the request always answers 202, so it never tells whether an email has an
//! account; it is rate-limited like sign-in; the link is one-time and valid one hour).

use crate::auth::TeamMember;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ClientAddr};
use crate::mail::{reset_message, RESET_VALID_MS};
use crate::sessions::{choose_password, PasswordLink};
use crate::state::AppState;
use crate::store_call::blocking;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verdict_accounts::{new_token, token_hash, TokenKind};
use verdict_mail::{Kind, Template};

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MailStatus {
    /// Whether the service sends mail (it was started with an SMTP URL). When off, invitation
    /// links are only shown, and password reset is unavailable.
    pub enabled: bool,
    /// How long before an assessment's window closes a candidate who has not started is
    /// reminded.
    pub reminder_lead_minutes: Option<u64>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TemplateView {
    /// `invitation`, `reminder`, `completion`, `password_reset` or `team_invitation`.
    pub kind: String,
    /// The placeholders this kind's templates may use, as `{{name}}`.
    pub placeholders: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// False while the team uses the default.
    pub custom: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TemplateList {
    pub templates: Vec<TemplateView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateInput {
    /// One line, at most 200 characters.
    pub subject: String,
    /// The plain-text body, at most 20,000 characters.
    pub text: String,
    /// An optional HTML body (values filled into it are escaped), at most 20,000 characters.
    pub html: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    pub email: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPasswordRequest {
    pub password: String,
}

/// Whether mail is on.
#[utoipa::path(get, path = "/mail", responses((status = 200, body = MailStatus), (status = 401, body = ErrorBody)))]
pub(crate) async fn mail_status(State(app): State<AppState>, _member: TeamMember) -> Json<MailStatus> {
    Json(MailStatus {
        enabled: app.mail.is_some(),
        reminder_lead_minutes: app.mail.as_ref().map(|m| m.reminder_lead.as_secs() / 60),
    })
}

fn kind_of(name: &str) -> Result<Kind, ApiError> {
    // Candidates' mail is no team's to word: only the team kinds are found here.
    Kind::parse(name).filter(|k| Kind::ALL.contains(k)).ok_or_else(|| {
        let known: Vec<_> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        ApiError::not_found(format!("no message kind `{name}` (there are: {})", known.join(", ")))
    })
}

async fn view(app: &AppState, member: &TeamMember, kind: Kind) -> Result<TemplateView, ApiError> {
    let (team, name) = (member.0.team.clone(), kind.as_str());
    let own = blocking(&app.store, move |s| s.mail_template(&team, name)).await?;
    let custom = own.is_some();
    let template =
        own.map_or_else(|| kind.default_template(), |t| Template { subject: t.subject, text: t.text, html: t.html });
    Ok(TemplateView {
        kind: kind.as_str().into(),
        placeholders: kind.placeholders().iter().map(|p| format!("{{{{{p}}}}}")).collect(),
        subject: template.subject,
        text: template.text,
        html: template.html,
        custom,
    })
}

/// The team's template of every kind (its own or the default).
#[utoipa::path(get, path = "/mail/templates", responses((status = 200, body = TemplateList), (status = 401, body = ErrorBody)))]
pub(crate) async fn list_templates(
    State(app): State<AppState>,
    member: TeamMember,
) -> Result<Json<TemplateList>, ApiError> {
    let mut templates = Vec::new();
    for kind in Kind::ALL {
        templates.push(view(&app, &member, kind).await?);
    }
    Ok(Json(TemplateList { templates }))
}

/// The team's template of one kind.
#[utoipa::path(get, path = "/mail/templates/{kind}", params(("kind" = String, Path)),
    responses((status = 200, body = TemplateView), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_template(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(kind): ApiPath<String>,
) -> Result<Json<TemplateView>, ApiError> {
    Ok(Json(view(&app, &member, kind_of(&kind)?).await?))
}

/// Sets the team's template of one kind; 422 naming the field and the placeholder when it uses
/// one the kind does not have.
#[utoipa::path(put, path = "/mail/templates/{kind}", params(("kind" = String, Path)), request_body = TemplateInput,
    responses((status = 200, body = TemplateView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn put_template(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(kind): ApiPath<String>,
    ApiJson(body): ApiJson<TemplateInput>,
) -> Result<Json<TemplateView>, ApiError> {
    let kind = kind_of(&kind)?;
    let template =
        Template { subject: body.subject, text: body.text, html: body.html.filter(|h| !h.trim().is_empty()) };
    template.check(kind).map_err(|e| ApiError::invalid(e.field(), e.to_string()))?;
    let team = member.0.team.clone();
    blocking(&app.store, move |s| {
        s.put_mail_template(&team, kind.as_str(), Some((&template.subject, &template.text, template.html.as_deref())))
    })
    .await?;
    Ok(Json(view(&app, &member, kind).await?))
}

/// Puts the team's template of one kind back to the default.
#[utoipa::path(delete, path = "/mail/templates/{kind}", params(("kind" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub(crate) async fn reset_template(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(kind): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let kind = kind_of(&kind)?;
    let team = member.0.team.clone();
    blocking(&app.store, move |s| s.put_mail_template(&team, kind.as_str(), None)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Asks for a password reset link by mail. Always 202 when mail is on, whether or not the email
/// has an account; 503 `mail_off` without mail; 429 past the client's sign-in attempts.
#[utoipa::path(post, path = "/password-reset", request_body = ResetRequest,
    responses((status = 202), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub(crate) async fn request_reset(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<ResetRequest>,
) -> Result<StatusCode, ApiError> {
    if app.mail.is_none() {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "mail_off",
            "this service sends no mail: ask whoever runs it for a new setup link (`verdict admin create-user`)",
        ));
    }
    app.logins.admit(client)?;
    let email = body.email.trim().to_owned();
    // Not an email: the same 202, and nothing is looked up.
    if verdict_accounts::check_email(&email).is_err() {
        return Ok(StatusCode::ACCEPTED);
    }
    let token = new_token(TokenKind::PasswordReset);
    let link = format!("{}/#/reset/{token}", app.hiring.base_url());
    let (hash, expires) = (token_hash(&token), app.clock.now() + RESET_VALID_MS);
    let message = move |user: &verdict_store::User| reset_message(&user.team, &user.email, &link);
    match blocking(&app.store, move |s| s.start_password_reset(&email, &hash, expires, &message)).await {
        // A full outbox or a store error tells nothing about the email either: it is logged.
        Ok(_) => {}
        Err(error) => tracing::warn!(code = error.code, "a password reset was not stored"),
    }
    Ok(StatusCode::ACCEPTED)
}

/// Uses a reset link: sets the new password, ends every session of the member, and signs this
/// browser in. 404 for an unknown, used or expired link.
#[utoipa::path(post, path = "/password-reset/{token}", params(("token" = String, Path)), request_body = NewPasswordRequest,
    responses((status = 204, description = "signed in"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub(crate) async fn complete_reset(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiPath(token): ApiPath<String>,
    ApiJson(body): ApiJson<NewPasswordRequest>,
) -> Result<impl IntoResponse, ApiError> {
    choose_password(&app, client, &RESET_LINK, &token, body.password).await
}

const RESET_LINK: PasswordLink = PasswordLink {
    kind: TokenKind::PasswordReset,
    unknown: "this reset link is not valid, used or expired: ask for a new one",
    find: |store, hash| store.reset_user(hash),
    use_up: |store, hash, password_hash| store.complete_password_reset(hash, password_hash),
};
