//! Candidates' own accounts over HTTP, under `/api/account`: sign up (email and password; with
//! mail on, usable once the mailed link proves the address; without mail, at once), sign in by
//! password or by a mailed one-time link, reset the password by a mailed link, sign out, and
//! delete the account with everything it owns. Signing in moves the browser's anonymous practice
//! work to the account (`candidate_session`). Throttled as team sign-in is (`logins`: attempts
//! per client, wrong passwords per address and client, the bound on password hashes), and a
//! request for a link always answers the same, so it never tells whether an address has an
//! account. Never logs a token, a link or a password.

use crate::candidate_session::{account_cookie, account_session, fresh_anonymous_cookie, session_token, sign_in};
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, Candidate, ClientAddr};
use crate::state::AppState;
use crate::store_call::blocking;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Extension, Json};
use axum_extra::extract::cookie::CookieJar;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verdict_accounts::{check_email, is_token, new_token, token_hash, AccountError, TokenKind};
use verdict_store::{CandidateAccount, CandidateSession, LinkPurpose, Merged, NewMessage};

/// How recent a sign-in must be to delete the account without typing the password (a sign-in
/// link is such a sign-in).
pub const FRESH_SIGN_IN_MS: verdict_store::Millis = 15 * 60 * 1000;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountCredentials {
    pub email: String,
    /// At least 10 and at most 256 characters.
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountEmail {
    pub email: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountPassword {
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteAccountRequest {
    /// The account's password; may be left out within 15 minutes of signing in.
    pub password: Option<String>,
}

/// What signing in moved from this browser's anonymous practice to the account.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MergedView {
    pub submissions: u64,
    pub drafts: u64,
    /// Drafts of a problem both had: the older is kept in the account's `kept_drafts`.
    pub kept_drafts: u64,
    /// Problems whose revealed hints or asked-for write-up moved (the more revealed is kept).
    pub aids: u64,
}

impl From<Merged> for MergedView {
    fn from(m: Merged) -> Self {
        Self { submissions: m.submissions, drafts: m.drafts, kept_drafts: m.kept_drafts, aids: m.aids }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SignedIn {
    pub email: String,
    pub merged: MergedView,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SignUpAnswer {
    /// Whether this browser is signed in now (without mail), or must follow the mailed link.
    pub signed_in: bool,
    /// Whether the service sends mail.
    pub mail: bool,
    pub message: String,
    /// What moved to the account (when signed in).
    pub merged: Option<MergedView>,
}

/// A draft set aside when signing in met a draft of the same problem: the older of the two.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct KeptDraftView {
    pub problem: String,
    pub code: String,
    pub updated_at: String,
    pub kept_at: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AccountView {
    pub email: String,
    pub verified: bool,
    /// Drafts set aside by merges, newest first (at most 50).
    pub kept_drafts: Vec<KeptDraftView>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AccountStatus {
    /// Whether the service sends mail: without it there are no sign-in or reset links, and a
    /// new account is usable at once.
    pub mail: bool,
    /// The signed-in account; None for an anonymous candidate.
    pub account: Option<AccountView>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DeletedView {
    pub submissions: u64,
    pub drafts: u64,
    pub kept_drafts: u64,
    pub sessions: u64,
    /// Problems whose hints revealed or write-up asked for were remembered.
    pub aids: u64,
}

/// The signed-in account of a request; 401 for an anonymous one.
#[derive(Debug)]
pub struct SignedInAccount(pub CandidateSession);

/// The signed-in account of a request, if any.
#[derive(Debug)]
pub struct MaybeAccount(pub Option<CandidateSession>);

impl FromRequestParts<AppState> for MaybeAccount {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        Ok(MaybeAccount(account_session(parts, app).await?))
    }
}

impl FromRequestParts<AppState> for SignedInAccount {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        account_session(parts, app).await?.map(SignedInAccount).ok_or_else(|| {
            ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "sign in to your practice account first")
        })
    }
}

fn mail_off() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "mail_off",
        "this service sends no mail, so there are no sign-in or reset links: sign in with your password",
    )
}

fn email_of(text: &str) -> Result<String, ApiError> {
    check_email(text).map(str::to_owned).map_err(|e| ApiError::invalid("email", e.to_string()))
}

/// Where a link of `purpose` lands in the web app: the token in the fragment, so it never
/// reaches a server log or a `Referer`.
fn link(app: &AppState, purpose: LinkPurpose, token: &str) -> String {
    let page = match purpose {
        LinkPurpose::Verify => "verify",
        LinkPurpose::SignIn => "link",
        LinkPurpose::Reset => "reset",
    };
    format!("{}/#/account/{page}/{token}", app.hiring.base_url())
}

/// The message mailing `token` to `account` for `purpose` (no team's: the default wording).
fn message(link_template: &str, token: &str, account: &CandidateAccount, purpose: LinkPurpose) -> NewMessage {
    let kind = match purpose {
        LinkPurpose::Verify => verdict_mail::Kind::CandidateVerify,
        LinkPurpose::SignIn => verdict_mail::Kind::CandidateSignIn,
        LinkPurpose::Reset => verdict_mail::Kind::CandidateReset,
    };
    NewMessage {
        kind: kind.as_str().into(),
        team: None,
        recipient: account.email.clone(),
        payload: serde_json::json!({"email": account.email, "expires_minutes": (purpose.valid_ms() / 60_000).to_string()}),
        secret: Some(link_template.replace("{token}", token)),
    }
}

/// The link template for a purpose (`{token}` filled by [`message`]): the purpose can change
/// inside the store (a verified address signing up again gets a sign-in link).
fn link_templates(app: &AppState) -> impl Fn(LinkPurpose) -> String + Send + Sync + 'static {
    let (verify, sign_in, reset) = (
        link(app, LinkPurpose::Verify, "{token}"),
        link(app, LinkPurpose::SignIn, "{token}"),
        link(app, LinkPurpose::Reset, "{token}"),
    );
    move |purpose| match purpose {
        LinkPurpose::Verify => verify.clone(),
        LinkPurpose::SignIn => sign_in.clone(),
        LinkPurpose::Reset => reset.clone(),
    }
}

async fn hash_password(app: &AppState, password: String) -> Result<String, ApiError> {
    let mut permit = app.logins.hash_permit()?;
    tokio::task::spawn_blocking(move || permit.hash_password(&password)).await.map_err(ApiError::internal)?.map_err(
        |e| match e {
            AccountError::PasswordTooShort | AccountError::PasswordTooLong => {
                ApiError::invalid("password", e.to_string())
            }
            other => ApiError::internal(other),
        },
    )
}

/// Whether `password` is the account's (or, with no account, checked against a decoy so the
/// timing tells nothing); wrong ones count against the address and client.
async fn password_matches(
    app: &AppState,
    client: std::net::IpAddr,
    email: &str,
    password: String,
) -> Result<Option<CandidateAccount>, ApiError> {
    let now = app.clock.now();
    app.logins.check_failures(email, client, now)?;
    let mut permit = app.logins.hash_permit()?;
    let lookup = email.to_owned();
    let found = blocking(&app.store, move |s| s.candidate_for_login(&lookup)).await?;
    let (account, hash) = found.map_or((None, None), |(a, h)| (Some(a), Some(h)));
    let matches = tokio::task::spawn_blocking(move || permit.verify_password(&password, hash.as_deref()))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    match account.filter(|_| matches) {
        Some(account) => {
            app.logins.succeeded(email, client);
            Ok(Some(account))
        }
        None => {
            app.logins.failed(email, client, now);
            Ok(None)
        }
    }
}

/// Whether the service sends mail, and the signed-in account (None when anonymous).
#[utoipa::path(get, path = "/account", responses((status = 200, body = AccountStatus)))]
pub(crate) async fn status(
    State(app): State<AppState>,
    MaybeAccount(session): MaybeAccount,
) -> Result<Json<AccountStatus>, ApiError> {
    let account = match session {
        None => None,
        Some(session) => {
            let id = session.account.id.clone();
            let kept = blocking(&app.store, move |s| s.kept_drafts(&id)).await?;
            Some(AccountView {
                email: session.account.email,
                verified: session.account.verified,
                kept_drafts: kept
                    .into_iter()
                    .map(|k| KeptDraftView {
                        problem: k.problem,
                        code: k.code,
                        updated_at: crate::views::timestamp(k.updated_at),
                        kept_at: crate::views::timestamp(k.kept_at),
                    })
                    .collect(),
            })
        }
    };
    Ok(Json(AccountStatus { mail: app.mail.is_some(), account }))
}

/// Signs up. With mail on: 202, and a link to confirm the address is mailed (the same answer
/// whether or not the address had an account: one that had gets a sign-in link instead).
/// Without mail: 201, the account is usable at once and this browser is signed in (its
/// anonymous work moves to the account); 409 `email_taken` for an address with an account.
#[utoipa::path(post, path = "/account/signup", request_body = AccountCredentials,
    responses((status = 201, body = SignUpAnswer), (status = 202, body = SignUpAnswer), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub(crate) async fn sign_up(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    Extension(anonymous): Extension<Candidate>,
    ApiJson(body): ApiJson<AccountCredentials>,
) -> Result<impl IntoResponse, ApiError> {
    let email = email_of(&body.email)?;
    verdict_accounts::check_password(&body.password).map_err(|e| ApiError::invalid("password", e.to_string()))?;
    app.logins.admit(client)?;
    let password_hash = hash_password(&app, body.password).await?;
    let id = crate::extract::random_id();
    if app.mail.is_none() {
        let (stored_id, stored_email) = (id.clone(), email.clone());
        blocking(&app.store, move |s| s.sign_up(&stored_id, &stored_email, &password_hash, None)).await?;
        let (jar, merged) = sign_in(&app, &id, &anonymous).await?;
        let answer = SignUpAnswer {
            signed_in: true,
            mail: false,
            message: "your account is ready: this service sends no mail, so the address is not confirmed".into(),
            merged: Some(merged.into()),
        };
        return Ok((StatusCode::CREATED, jar, Json(answer)));
    }
    let token = new_token(TokenKind::AccountLink);
    let (hash, templates) = (token_hash(&token), link_templates(&app));
    let mailed =
        move |account: &CandidateAccount, purpose: LinkPurpose| message(&templates(purpose), &token, account, purpose);
    let outcome = blocking(&app.store, move |s| s.sign_up(&id, &email, &password_hash, Some((&hash, &mailed)))).await;
    // Whatever became of it (new, unconfirmed again, or confirmed already), the answer is the
    // same; a store error tells nothing about the address either: it is logged.
    if let Err(error) = outcome {
        tracing::warn!(code = error.code, "a sign-up was not stored");
    }
    let answer = SignUpAnswer {
        signed_in: false,
        mail: true,
        message: "check your mail: the link in it confirms your address and signs you in".into(),
        merged: None,
    };
    Ok((StatusCode::ACCEPTED, CookieJar::new(), Json(answer)))
}

/// Uses a link of `purpose` (setting the password, for a reset) and signs this browser in,
/// moving its anonymous work to the account; 404 for a link unknown, used or expired. The link
/// is looked up before any costly hash.
async fn use_link(
    app: &AppState,
    client: std::net::IpAddr,
    anonymous: &Candidate,
    purpose: LinkPurpose,
    token: &str,
    password: Option<String>,
) -> Result<(CookieJar, Json<SignedIn>), ApiError> {
    let unknown = || ApiError::not_found("this link is not valid, used or expired: ask for a new one");
    if !is_token(TokenKind::AccountLink, token) {
        return Err(unknown());
    }
    app.logins.admit(client)?;
    let hash = token_hash(token);
    let lookup = hash.clone();
    blocking(&app.store, move |s| s.candidate_link(purpose, &lookup)).await?.ok_or_else(unknown)?;
    let password_hash = match password {
        Some(password) => Some(hash_password(app, password).await?),
        None => None,
    };
    let account = blocking(&app.store, move |s| s.use_candidate_link(purpose, &hash, password_hash.as_deref()))
        .await?
        .ok_or_else(unknown)?;
    let (jar, merged) = sign_in(app, &account.id, anonymous).await?;
    Ok((jar, Json(SignedIn { email: account.email, merged: merged.into() })))
}

/// Confirms the address with the mailed link and signs this browser in.
#[utoipa::path(post, path = "/account/verify/{token}", params(("token" = String, Path)),
    responses((status = 200, body = SignedIn), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn verify(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    Extension(anonymous): Extension<Candidate>,
    ApiPath(token): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    use_link(&app, client, &anonymous, LinkPurpose::Verify, &token, None).await
}

/// Signs in with email and password; this browser's anonymous work moves to the account.
/// 401 for a wrong email or password, 403 `unverified` until the mailed link was followed.
#[utoipa::path(post, path = "/account/login", request_body = AccountCredentials,
    responses((status = 200, body = SignedIn), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub(crate) async fn login(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    Extension(anonymous): Extension<Candidate>,
    ApiJson(body): ApiJson<AccountCredentials>,
) -> Result<impl IntoResponse, ApiError> {
    let email = body.email.trim().to_owned();
    app.logins.admit(client)?;
    let account = password_matches(&app, client, &email, body.password)
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "bad_credentials", "wrong email or password"))?;
    if !account.verified {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "unverified",
            "confirm your address first with the link mailed to you (sign up again to have it sent again)",
        ));
    }
    let (jar, merged) = sign_in(&app, &account.id, &anonymous).await?;
    Ok((jar, Json(SignedIn { email: account.email, merged: merged.into() })))
}

/// Mails a link of `purpose` to the address if it has an account: always 202 (an invalid
/// address too), so the answer never tells.
async fn request_link(
    app: &AppState,
    client: std::net::IpAddr,
    purpose: LinkPurpose,
    email: &str,
) -> Result<StatusCode, ApiError> {
    if app.mail.is_none() {
        return Err(mail_off());
    }
    app.logins.admit(client)?;
    let Ok(email) = check_email(email).map(str::to_owned) else { return Ok(StatusCode::ACCEPTED) };
    let token = new_token(TokenKind::AccountLink);
    let (hash, templates) = (token_hash(&token), link_templates(app));
    let mailed =
        move |account: &CandidateAccount, purpose: LinkPurpose| message(&templates(purpose), &token, account, purpose);
    if let Err(error) = blocking(&app.store, move |s| s.request_candidate_link(&email, purpose, &hash, &mailed)).await {
        tracing::warn!(code = error.code, "a candidate's link was not stored");
    }
    Ok(StatusCode::ACCEPTED)
}

/// Mails a one-time sign-in link (valid 15 minutes) if the address has a confirmed account.
/// Always 202 with mail on; 503 `mail_off` without.
#[utoipa::path(post, path = "/account/sign-in-link", request_body = AccountEmail,
    responses((status = 202), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub(crate) async fn request_sign_in_link(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<AccountEmail>,
) -> Result<StatusCode, ApiError> {
    request_link(&app, client, LinkPurpose::SignIn, &body.email).await
}

/// Signs in with a mailed sign-in link (once); this browser's anonymous work moves to the account.
#[utoipa::path(post, path = "/account/sign-in-link/{token}", params(("token" = String, Path)),
    responses((status = 200, body = SignedIn), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(crate) async fn use_sign_in_link(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    Extension(anonymous): Extension<Candidate>,
    ApiPath(token): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    use_link(&app, client, &anonymous, LinkPurpose::SignIn, &token, None).await
}

/// Mails a password reset link (valid an hour) if the address has an account. Always 202 with
/// mail on; 503 `mail_off` without.
#[utoipa::path(post, path = "/account/password-reset", request_body = AccountEmail,
    responses((status = 202), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub(crate) async fn request_reset(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<AccountEmail>,
) -> Result<StatusCode, ApiError> {
    request_link(&app, client, LinkPurpose::Reset, &body.email).await
}

/// Sets a new password with a mailed reset link (once; it also confirms the address), ends
/// every other session of the account, and signs this browser in.
#[utoipa::path(post, path = "/account/password-reset/{token}", params(("token" = String, Path)),
    request_body = AccountPassword,
    responses((status = 200, body = SignedIn), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub(crate) async fn complete_reset(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    Extension(anonymous): Extension<Candidate>,
    ApiPath(token): ApiPath<String>,
    ApiJson(body): ApiJson<AccountPassword>,
) -> Result<impl IntoResponse, ApiError> {
    verdict_accounts::check_password(&body.password).map_err(|e| ApiError::invalid("password", e.to_string()))?;
    use_link(&app, client, &anonymous, LinkPurpose::Reset, &token, Some(body.password)).await
}

/// Signs out: the session ends, and the browser gets a fresh anonymous identity (the account's
/// work stays with the account).
#[utoipa::path(post, path = "/account/logout", responses((status = 204)))]
pub(crate) async fn logout(State(app): State<AppState>, jar: CookieJar) -> Result<impl IntoResponse, ApiError> {
    if let Some(token) = session_token(&jar) {
        let hash = token_hash(&token);
        blocking(&app.store, move |s| s.end_candidate_session(&hash)).await?;
    }
    let jar = CookieJar::new().add(account_cookie(&app, None)).add(fresh_anonymous_cookie(&app));
    Ok((StatusCode::NO_CONTENT, jar))
}

/// Deletes the account, its sessions, and its practice submissions and drafts, confirmed by the
/// password or a sign-in under 15 minutes old; answers what was deleted. The browser gets a
/// fresh anonymous identity.
#[utoipa::path(post, path = "/account/delete", request_body = DeleteAccountRequest,
    responses((status = 200, body = DeletedView), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub(crate) async fn delete(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    SignedInAccount(session): SignedInAccount,
    ApiJson(body): ApiJson<DeleteAccountRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let confirmed = match body.password {
        Some(password) => {
            app.logins.admit(client)?;
            let email = session.account.email.clone();
            password_matches(&app, client, &email, password).await?.is_some_and(|a| a.id == session.account.id)
        }
        None => app.clock.now() - session.started_at < FRESH_SIGN_IN_MS,
    };
    if !confirmed {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "confirm",
            "confirm with your password (or sign in again): the account and its work are deleted for good",
        )
        .field("password"));
    }
    let id = session.account.id.clone();
    let deleted = blocking(&app.store, move |s| s.delete_candidate_account(&id))
        .await?
        .ok_or_else(|| ApiError::not_found("the account was already deleted"))?;
    let jar = CookieJar::new().add(account_cookie(&app, None)).add(fresh_anonymous_cookie(&app));
    let view = DeletedView {
        submissions: deleted.submissions,
        drafts: deleted.drafts,
        kept_drafts: deleted.kept_drafts,
        sessions: deleted.sessions,
        aids: deleted.aids,
    };
    Ok((jar, Json(view)))
}
