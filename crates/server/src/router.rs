//! The one place the application is put together: every API route registered once with its
//! OpenAPI entry (utoipa-axum), the document served at `/api/openapi.json`, the web app for
//! every other path, and the layers every answer passes through.

use crate::aids_views::ProblemList;
use crate::error::{ApiError, ErrorBody};
use crate::hiring::report::{CandidateReport, Report, SimilarityList};
use crate::hiring::views::*;
use crate::state::AppState;
use crate::views::*;
use crate::web::WebApp;
use crate::{
    activity, aids, assessments, attempt, candidate_accounts, export, extract, invitations, judge0_api, layers,
    mail_api, members, policy, practice, questions, report, reviews, sessions, tracks, webhooks_api,
};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "Verdict",
        description = "Practise Python interview problems: read, run, submit, follow the grading."
    ),
    components(schemas(
        ErrorBody,
        Health,
        ProblemList,
        ProblemDetail,
        RunRequest,
        RunResult,
        SubmitRequest,
        CancelRequest,
        SubmissionView,
        SubmissionList,
        DraftRequest,
        DraftView,
        SchemaView,
        QueryLogView,
        candidate_accounts::AccountCredentials,
        candidate_accounts::AccountEmail,
        candidate_accounts::AccountPassword,
        candidate_accounts::DeleteAccountRequest,
        candidate_accounts::MergedView,
        candidate_accounts::SignedIn,
        candidate_accounts::SignUpAnswer,
        candidate_accounts::KeptDraftView,
        candidate_accounts::AccountView,
        candidate_accounts::AccountStatus,
        candidate_accounts::DeletedView,
        sessions::SetupRequest,
        sessions::LoginRequest,
        sessions::Me,
        sessions::TokenRequest,
        sessions::TokenList,
        sessions::NewTokenView,
        policy::RoleName,
        members::MemberView,
        members::MemberList,
        members::InviteMemberRequest,
        members::NewMemberView,
        members::RoleRequest,
        members::TeamTokenView,
        members::TeamTokenList,
        members::TeamAuditLog,
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
        SimilarityList,
        crate::hiring::export::ReportExport,
        crate::hiring::review::ReviewView,
        crate::hiring::review::NoteInput,
        crate::hiring::review::NoteView,
        crate::hiring::review::ScorecardInput,
        crate::hiring::review::ScorecardView,
        crate::hiring::timeline::ActivityReport,
        activity::ActivityRequest,
        activity::ActivityReceipt,
        AttemptView,
        mail_api::MailStatus,
        mail_api::TemplateView,
        mail_api::TemplateList,
        mail_api::TemplateInput,
        mail_api::ResetRequest,
        mail_api::NewPasswordRequest,
        webhooks_api::EndpointView,
        webhooks_api::EndpointList,
        webhooks_api::NewSecretView,
        webhooks_api::EndpointInput,
        webhooks_api::TryView,
        webhooks_api::DeliveryView,
        webhooks_api::DeliveryList,
        webhooks_api::RedeliveryView,
        questions::FindingView,
        questions::QuestionView,
        questions::QuestionList,
        questions::QuestionFile,
        questions::QuestionFiles,
        questions::EditRequest
    ))
)]
struct ApiDoc;

/// Every route under `/api`, each with its OpenAPI entry, and the document they make. Who may
/// call each is `policy`'s table, applied to every route in [`router`].
fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, paths) = OpenApiRouter::new()
        // Practice mode.
        .routes(routes!(practice::health))
        .routes(routes!(practice::list_problems))
        .routes(routes!(practice::problem))
        .routes(routes!(practice::run))
        .routes(routes!(practice::problem_submissions))
        .routes(routes!(practice::submit))
        .routes(routes!(practice::submission))
        .routes(routes!(practice::events))
        .routes(routes!(practice::cancel))
        .routes(routes!(practice::draft, practice::save_draft))
        // A candidate's own account (optional: practice works without one).
        .routes(routes!(candidate_accounts::status))
        .routes(routes!(candidate_accounts::sign_up))
        .routes(routes!(candidate_accounts::verify))
        .routes(routes!(candidate_accounts::login))
        .routes(routes!(candidate_accounts::request_sign_in_link))
        .routes(routes!(candidate_accounts::use_sign_in_link))
        .routes(routes!(candidate_accounts::request_reset))
        .routes(routes!(candidate_accounts::complete_reset))
        .routes(routes!(candidate_accounts::logout))
        .routes(routes!(candidate_accounts::delete))
        .routes(routes!(aids::aids))
        .routes(routes!(aids::reveal_hint))
        .routes(routes!(aids::ask_writeup))
        .routes(routes!(tracks::tracks))
        .routes(routes!(tracks::track))
        // The hiring team: signing in and API tokens.
        .routes(routes!(sessions::setup))
        .routes(routes!(sessions::login))
        .routes(routes!(sessions::logout))
        .routes(routes!(sessions::me))
        .routes(routes!(sessions::list_tokens, sessions::create_token))
        .routes(routes!(sessions::delete_token))
        // Assessments.
        .routes(routes!(assessments::list_assessments, assessments::create_assessment))
        .routes(routes!(assessments::get_assessment, assessments::update_assessment))
        .routes(routes!(assessments::duplicate_assessment))
        .routes(routes!(assessments::archive))
        .routes(routes!(assessments::unarchive))
        // Invitations.
        .routes(routes!(invitations::list_invitations, invitations::invite))
        .routes(routes!(invitations::invite_bulk))
        .routes(routes!(invitations::extra_time))
        .routes(routes!(invitations::revoke))
        .routes(routes!(invitations::resend))
        .routes(routes!(mail_api::mail_status))
        .routes(routes!(mail_api::list_templates))
        .routes(routes!(mail_api::get_template, mail_api::put_template, mail_api::reset_template))
        .routes(routes!(mail_api::request_reset))
        .routes(routes!(mail_api::complete_reset))
        // Webhooks: the team's endpoints and their deliveries.
        .routes(routes!(webhooks_api::list_endpoints, webhooks_api::create_endpoint))
        .routes(routes!(webhooks_api::update_endpoint, webhooks_api::delete_endpoint))
        .routes(routes!(webhooks_api::rotate_secret))
        .routes(routes!(webhooks_api::list_deliveries))
        .routes(routes!(webhooks_api::redeliver))
        // Reports.
        .routes(routes!(report::report_json))
        .routes(routes!(export::report_csv))
        .routes(routes!(report::candidate_report))
        .routes(routes!(report::similarity))
        .routes(routes!(report::audit))
        .routes(routes!(export::export_json))
        // The team's review of a candidate: notes and scorecards.
        .routes(routes!(reviews::review))
        .routes(routes!(reviews::add_note))
        .routes(routes!(reviews::edit_note, reviews::delete_note))
        .routes(routes!(reviews::put_scorecard))
        .routes(routes!(activity::candidate_activity))
        // The team's private problems; an archive or a folder's files may be larger than JSON.
        .merge(
            OpenApiRouter::new()
                .routes(routes!(questions::list_questions, questions::upload_question))
                .routes(routes!(questions::get_question))
                .routes(routes!(questions::question_files, questions::edit_question))
                .layer(DefaultBodyLimit::max(verdict_packages::MAX_UPLOAD_BYTES)),
        )
        // The team: members, roles and every member's API tokens.
        .routes(routes!(members::list_members, members::invite_member))
        .routes(routes!(members::set_role, members::remove_member))
        .routes(routes!(members::list_team_tokens))
        .routes(routes!(members::revoke_team_token))
        .routes(routes!(members::team_audit))
        // The candidate's attempt, by its link.
        .routes(routes!(attempt::attempt))
        .routes(routes!(attempt::start))
        .routes(routes!(attempt::finish))
        .routes(routes!(attempt::problem))
        .routes(routes!(attempt::run))
        .routes(routes!(attempt::problem_submissions))
        .routes(routes!(attempt::draft, attempt::save_draft))
        .routes(routes!(attempt::submit))
        .routes(routes!(attempt::submission))
        .routes(routes!(attempt::events))
        .routes(routes!(activity::record))
        // The Judge0 CE compatible API (off unless turned on); a batch may pass the JSON limit.
        .merge(
            OpenApiRouter::new()
                .routes(routes!(judge0_api::create))
                .routes(routes!(judge0_api::create_batch, judge0_api::show_batch))
                .routes(routes!(judge0_api::show))
                .routes(routes!(judge0_api::languages))
                .routes(routes!(judge0_api::language))
                .routes(routes!(judge0_api::statuses))
                .routes(routes!(judge0_api::about))
                .routes(routes!(judge0_api::config_info))
                .layer(DefaultBodyLimit::max(verdict_judge0::config::MAX_BODY_BYTES)),
        )
        .split_for_parts();
    (router, ApiDoc::openapi().nest("/api", paths))
}

/// The whole API's OpenAPI document, as `/api/openapi.json` serves it.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    api().1
}

/// The router over a state: `/api/...` and, for every other path, the web app.
pub fn router(state: AppState, web: impl Into<WebApp>) -> Router {
    router_with(state, web, None)
}

/// [`router`] with Jobe's REST API at `/jobe/index.php/restapi` and `/restapi` when `jobe` is
/// set (else those paths answer 404 saying it is off). It is mounted outside `/api`: `policy`'s
/// roles are the hiring team's, and Jobe has its own keys (`X-API-KEY`, checked by
/// `verdict_jobe::http`), its own body limit and no cookie.
pub fn router_with(state: AppState, web: impl Into<WebApp>, jobe: Option<Arc<verdict_jobe::Jobe>>) -> Router {
    let (api, document) = api();
    let document = Arc::new(document);
    let secure_cookies = state.hiring.secure_cookies();
    // Every API answer may hold a session's, an attempt's or a candidate's data (code, drafts,
    // reports, tokens): none is kept by a browser's or a proxy's cache.
    // The one role check, on every routed endpoint (not on the fallbacks, which route nowhere).
    let api = api
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), policy::enforce))
        .route("/openapi.json", get(move || async move { Json(document.as_ref().clone()) }))
        .fallback(|| async { ApiError::not_found("no such API endpoint; see /api/openapi.json") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not take that method",
            )
        })
        .with_state(state)
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
    let routed = Router::new()
        .nest("/api", api)
        .merge(web.into().router())
        .layer(axum::middleware::from_fn(move |request, next| extract::candidate_cookie(secure_cookies, request, next)))
        .layer(DefaultBodyLimit::max(extract::MAX_BODY_BYTES));
    let jobe = jobe.map_or_else(verdict_jobe::http::disabled_router, verdict_jobe::http::router);
    layers::around(jobe.merge(routed))
}
