//! A team's private problems ("questions"): uploaded as an archive of one problem folder or
//! typed in the browser, then checked as `verdict check` checks the catalogue, off the async
//! threads and one at a time on this node. The answer to an upload is 202 with the new version
//! `checking`; the web app polls the version until it is `accepted` or `rejected`, and a
//! rejected one keeps its findings by file and line. Only an accepted version can be put in an
//! assessment, which keeps that version (`verdict_store::PrivateVersion`).
//!
//! Private means private: these problems are never in the catalogue index, so practice mode
//! answers 404 for them as for any unknown slug; a slug the catalogue has is refused (409
//! `slug_in_catalogue`); every store call names the member's team. This module never runs code
//! itself: the queue's judge does (`JudgeQueue::check`).

use crate::auth::TeamMember;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::hiring::rules::Source;
use crate::state::{AppState, MAX_CHECKS_WAITING};
use crate::store_call::blocking;
use crate::views::timestamp;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};
use verdict_catalog::PackageError;
use verdict_packages::{Package, Upload};
use verdict_store::{NewQuestion, PrivateVersion, QuestionRecord, QuestionStatus, MAX_QUESTION_VERSIONS};

/// The Retry-After of an upload refused for want of room: a check takes tens of seconds.
pub const CHECK_RETRY_SECONDS: u64 = 30;
/// The longest slug (a folder name) of a private problem.
pub const MAX_SLUG_CHARS: usize = 64;
/// Findings kept and shown per version; the rest are counted in the last one.
pub const MAX_FINDINGS: usize = 200;

/// One finding of a check, as `verdict check` prints it: the file, the line where it applies.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FindingView {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

/// One version of a private problem.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct QuestionView {
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub version: u32,
    /// `checking`, `accepted` (usable in the team's assessments) or `rejected` (see findings).
    pub status: String,
    pub findings: Vec<FindingView>,
    /// The newest accepted version of the slug (what a new assessment uses), if any.
    pub accepted_version: Option<u32>,
    pub created_by: String,
    pub created_at: String,
    pub checked_at: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct QuestionList {
    /// The newest version of each of the team's private problems, by slug.
    pub questions: Vec<QuestionView>,
    /// How many versions (of every slug) a team may keep.
    pub max_versions: i64,
}

/// One file of a version, for editing in the browser.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct QuestionFile {
    /// Relative to the problem folder, `/`-separated.
    pub path: String,
    /// The text; null for a file that is not UTF-8 (kept as it is by an edit that names it in
    /// neither `files` nor `removed`).
    pub text: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct QuestionFiles {
    pub slug: String,
    pub version: u32,
    pub files: Vec<QuestionFile>,
}

/// Files typed in the browser: a new version of the slug made of `base_version`'s files (none
/// when absent: a new problem), with `files` written over them and `removed` taken out.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditRequest {
    pub base_version: Option<u32>,
    pub files: BTreeMap<String, String>,
    #[serde(default)]
    pub removed: Vec<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct VersionQuery {
    /// A version; the newest when absent.
    pub version: Option<u32>,
}

fn findings_of(record: &QuestionRecord) -> Vec<FindingView> {
    serde_json::from_str(&record.findings).unwrap_or_else(|error| {
        tracing::error!(slug = %record.slug, %error, "stored findings are not valid JSON");
        Vec::new()
    })
}

fn question_view(record: &QuestionRecord, accepted_version: Option<u32>) -> QuestionView {
    QuestionView {
        slug: record.slug.clone(),
        title: record.title.clone(),
        kind: record.kind.clone(),
        version: record.version,
        status: record.status.as_str().to_owned(),
        findings: findings_of(record),
        accepted_version,
        created_by: record.created_by.clone(),
        created_at: timestamp(record.created_at),
        checked_at: record.checked_at.map(timestamp),
    }
}

fn findings_json(errors: &[PackageError]) -> String {
    let mut findings: Vec<FindingView> = errors
        .iter()
        .take(MAX_FINDINGS)
        .map(|e| FindingView { file: e.file.display().to_string(), line: e.line, message: e.message.clone() })
        .collect();
    if errors.len() > MAX_FINDINGS {
        let more = errors.len() - MAX_FINDINGS;
        findings.push(FindingView { file: String::new(), line: None, message: format!("and {more} more findings") });
    }
    serde_json::to_string(&findings).unwrap_or_else(|_| "[]".to_owned())
}

/// The team's private problems: the newest version of each.
#[utoipa::path(get, path = "/questions",
    responses((status = 200, body = QuestionList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(crate) async fn list_questions(
    State(app): State<AppState>,
    member: TeamMember,
) -> Result<Json<QuestionList>, ApiError> {
    let team = member.0.team.clone();
    let rows = blocking(&app.store, move |s| {
        let mut rows = Vec::new();
        for record in s.questions(&team)? {
            let accepted = match record.status {
                QuestionStatus::Accepted => Some(record.version),
                _ => s.accepted_question(&team, &record.slug)?.map(|a| a.version),
            };
            rows.push((record, accepted));
        }
        Ok(rows)
    })
    .await?;
    let questions = rows.iter().map(|(record, accepted)| question_view(record, *accepted)).collect();
    Ok(Json(QuestionList { questions, max_versions: MAX_QUESTION_VERSIONS }))
}

async fn own_version(
    app: &AppState,
    member: &TeamMember,
    slug: &str,
    version: Option<u32>,
) -> Result<(QuestionRecord, Option<u32>), ApiError> {
    let (team, owned) = (member.0.team.clone(), slug.to_owned());
    blocking(&app.store, move |s| {
        let Some(record) = s.question(&team, &owned, version)? else { return Ok(None) };
        let accepted = s.accepted_question(&team, &owned)?.map(|a| a.version);
        Ok(Some((record, accepted)))
    })
    .await?
    .ok_or_else(|| ApiError::not_found(format!("no private problem `{slug}`")))
}

/// One version of a private problem (the newest unless `version` says), with its findings: what
/// the web app polls while it is `checking`.
#[utoipa::path(get, path = "/questions/{slug}", params(("slug" = String, Path), VersionQuery),
    responses((status = 200, body = QuestionView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_question(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<VersionQuery>,
) -> Result<Json<QuestionView>, ApiError> {
    let (record, accepted) = own_version(&app, &member, &slug, query.version).await?;
    Ok(Json(question_view(&record, accepted)))
}

/// A version's files as text, to edit in the browser.
#[utoipa::path(get, path = "/questions/{slug}/files", params(("slug" = String, Path), VersionQuery),
    responses((status = 200, body = QuestionFiles), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(crate) async fn question_files(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(query): ApiQuery<VersionQuery>,
) -> Result<Json<QuestionFiles>, ApiError> {
    let (record, _) = own_version(&app, &member, &slug, query.version).await?;
    let upload = package_files(&app, &record.package).await?;
    let files = upload
        .files
        .into_iter()
        .map(|(path, bytes)| QuestionFile { path, text: String::from_utf8(bytes).ok() })
        .collect();
    Ok(Json(QuestionFiles { slug: record.slug, version: record.version, files }))
}

/// A stored version's files, read back from its package under the upload rules.
async fn package_files(app: &AppState, hash: &str) -> Result<Upload, ApiError> {
    let owned = hash.to_owned();
    let bytes = blocking(&app.store, move |s| s.package(&owned))
        .await?
        .ok_or_else(|| ApiError::internal(format!("the package {hash} of a private problem is missing")))?;
    verdict_packages::read_upload(&bytes).map_err(ApiError::internal)
}

/// Uploads a problem folder as a zip, tar or tar.gz (the body, sent as `application/zip`,
/// `application/gzip`, `application/x-tar` or `application/octet-stream`): a new version of its
/// slug (the folder's name), `checking` until the checks end.
#[utoipa::path(post, path = "/questions",
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "a zip, tar or tar.gz of one problem folder"),
    responses((status = 202, body = QuestionView, description = "stored, checking (or rejected: it does not load)"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "the slug is a catalogue problem's (`slug_in_catalogue`)"),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "not an archive of one problem folder within the caps"),
        (status = 503, body = ErrorBody, description = "checks are waiting already: see Retry-After")))]
pub(crate) async fn upload_question(
    State(app): State<AppState>,
    member: TeamMember,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<impl IntoResponse, ApiError> {
    // Past the route's limit, in the API's one error shape rather than axum's plain text.
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            let limit = verdict_packages::MAX_UPLOAD_BYTES / (1024 * 1024);
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                format!("the archive is larger than {limit} MiB"),
            )
        }
        status => ApiError::new(status, "bad_body", rejection.body_text()),
    })?;
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if !crate::auth::ARCHIVE_TYPES.contains(&essence.as_str()) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("send the archive as one of {}", crate::auth::ARCHIVE_TYPES.join(", ")),
        ));
    }
    let upload = verdict_packages::read_upload(&body)
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_archive", e.to_string()))?;
    accept(app, member, upload).await
}

/// Makes a new version of `slug` from files typed in the browser (over `base_version`'s), checked
/// as an upload is.
#[utoipa::path(put, path = "/questions/{slug}/files", params(("slug" = String, Path)), request_body = EditRequest,
    responses((status = 202, body = QuestionView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub(crate) async fn edit_question(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<EditRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let mut files: BTreeMap<String, Vec<u8>> = match body.base_version {
        Some(version) => {
            let (record, _) = own_version(&app, &member, &slug, Some(version)).await?;
            package_files(&app, &record.package).await?.files
        }
        None => BTreeMap::new(),
    };
    for path in &body.removed {
        files.remove(path);
    }
    let typed = verdict_packages::from_files(&slug, &body.files)
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", e.to_string()).field("files"))?;
    files.extend(typed.files);
    // The whole folder again under the caps: the base's files count too.
    let text: Option<BTreeMap<String, String>> =
        files.iter().map(|(p, b)| String::from_utf8(b.clone()).ok().map(|t| (p.clone(), t))).collect();
    if let Some(text) = text {
        verdict_packages::from_files(&slug, &text).map_err(|e| {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", e.to_string()).field("files")
        })?;
    }
    accept(app, member, Upload { folder: slug, files }).await
}

fn check_slug(slug: &str) -> Result<(), ApiError> {
    let ok = !slug.is_empty()
        && slug.chars().count() <= MAX_SLUG_CHARS
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "bad_slug",
            format!(
                "the problem folder `{slug}` is its slug: 1 to {MAX_SLUG_CHARS} lowercase letters, digits and inner \
                 dashes"
            ),
        ))
    }
}

/// The common path of an upload and an edit: load, pack, store as `checking` (or `rejected`
/// when it does not load), and start its check.
async fn accept(app: AppState, member: TeamMember, upload: Upload) -> Result<axum::response::Response, ApiError> {
    check_slug(&upload.folder)?;
    if app.problems.get(&upload.folder).is_some() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "slug_in_catalogue",
            format!("`{}` is a problem of the public catalogue: name the folder otherwise", upload.folder),
        ));
    }
    let admission = Arc::clone(&app.checks.admitted).try_acquire_owned().map_err(|_| ApiError {
        retry_after_seconds: Some(CHECK_RETRY_SECONDS),
        ..ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "checks_busy",
            format!("{MAX_CHECKS_WAITING} checks are waiting already; try again in {CHECK_RETRY_SECONDS} s"),
        )
    })?;
    let loaded = tokio::task::spawn_blocking(move || load(&upload)).await.map_err(ApiError::internal)??;
    let (team, actor) = (member.0.team.clone(), member.actor());
    let (slug, hash, bytes) = (loaded.slug.clone(), loaded.package.hash().to_owned(), loaded.package.bytes().to_vec());
    let (title, kind) = loaded.problem.as_ref().map_or_else(
        || (slug.clone(), String::new()),
        |(p, _)| (p.manifest.title.clone(), p.manifest.kind.as_str().to_owned()),
    );
    let (status, findings) = match &loaded.problem {
        Some(_) => (QuestionStatus::Checking, "[]".to_owned()),
        None => (QuestionStatus::Rejected, findings_json(&loaded.errors)),
    };
    let record = blocking(&app.store, move |s| {
        let new = NewQuestion {
            slug: &slug,
            package: &hash,
            bytes: &bytes,
            title: &title,
            kind: &kind,
            status,
            findings: &findings,
        };
        s.add_question(&team, &new, &actor)
    })
    .await?;
    if let Some((problem, folder)) = loaded.problem {
        start_check(app, record.clone(), problem, folder, admission);
    }
    let location = format!("/api/questions/{}?version={}", record.slug, record.version);
    Ok((StatusCode::ACCEPTED, [(header::LOCATION, location)], Json(question_view(&record, None))).into_response())
}

/// An upload written to disk, packed, and loaded (None with the errors when it does not load).
struct Loaded {
    slug: String,
    package: Package,
    problem: Option<(verdict_catalog::Problem, tempfile::TempDir)>,
    errors: Vec<PackageError>,
}

fn load(upload: &Upload) -> Result<Loaded, ApiError> {
    let folder = tempfile::Builder::new().prefix("verdict-question-").tempdir().map_err(ApiError::internal)?;
    let dir = verdict_packages::write_upload(upload, folder.path())
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_archive", e.to_string()))?;
    let package = Package::from_dir(&dir)
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "bad_archive", e.to_string()))?;
    let (problem, errors) = match verdict_catalog::load_problem(&dir) {
        Ok(problem) => (Some((problem, folder)), Vec::new()),
        Err(errors) => (None, errors),
    };
    Ok(Loaded { slug: upload.folder.clone(), package, problem, errors })
}

/// How many checks a restart cut a node takes up when it starts (the rest wait for the next).
const RESUMED_CHECKS: u32 = 100;

/// Runs again the checks a restart cut: versions still `checking` that were stored before this
/// node started, which no check of this node will end. Another node may be running one of them
/// too; a check's outcome is stored once, so the cost is a second run, never a second answer.
pub(crate) fn resume_checks(app: AppState) {
    let started = app.clock.now();
    tokio::spawn(async move {
        let cut = blocking(&app.store, move |s| s.unfinished_question_checks(started, RESUMED_CHECKS)).await;
        let cut = match cut {
            Ok(cut) => cut,
            Err(error) => return tracing::error!(error = %error.message, "cannot read the checks a restart cut"),
        };
        for record in cut {
            let (slug, version) = (record.slug.clone(), record.version);
            tracing::info!(%slug, version, "checking again a private problem whose check a restart cut");
            if let Err(error) = resume_check(app.clone(), record).await {
                tracing::error!(%slug, version, error = %error.message, "cannot check again a private problem");
            }
        }
    });
}

async fn resume_check(app: AppState, record: QuestionRecord) -> Result<(), ApiError> {
    let admission = Arc::clone(&app.checks.admitted).acquire_owned().await.map_err(ApiError::internal)?;
    let upload = package_files(&app, &record.package).await?;
    let loaded = tokio::task::spawn_blocking(move || load(&upload)).await.map_err(ApiError::internal)??;
    match loaded.problem {
        Some((problem, folder)) => start_check(app, record, problem, folder, admission),
        // It loaded when it came; it cannot fail to now, but if it does, the team is told why.
        None => {
            let findings = findings_json(&loaded.errors);
            blocking(&app.store, move |s| {
                s.finish_question_check(&record.team, &record.slug, record.version, QuestionStatus::Rejected, &findings)
            })
            .await?;
        }
    }
    Ok(())
}

/// Runs the checks in the background (one at a time on this node) and stores the outcome.
fn start_check(
    app: AppState,
    record: QuestionRecord,
    problem: verdict_catalog::Problem,
    folder: tempfile::TempDir,
    admission: tokio::sync::OwnedSemaphorePermit,
) {
    tokio::spawn(async move {
        let _admission = admission;
        let Ok(_running) = Arc::clone(&app.checks.running).acquire_owned().await else { return };
        let queue = app.queue.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let outcome = queue.check(&problem);
            drop(folder);
            outcome
        })
        .await;
        let (status, findings) = match outcome {
            Ok(Ok(errors)) if errors.is_empty() => (QuestionStatus::Accepted, "[]".to_owned()),
            Ok(Ok(errors)) => (QuestionStatus::Rejected, findings_json(&errors)),
            Ok(Err(cause)) => {
                tracing::error!(slug = %record.slug, %cause, "cannot check a private problem");
                let finding = FindingView { file: String::new(), line: None, message: format!("not checked: {cause}") };
                (QuestionStatus::Rejected, serde_json::to_string(&[finding]).unwrap_or_else(|_| "[]".to_owned()))
            }
            Err(_) => {
                (QuestionStatus::Rejected, r#"[{"file":"","line":null,"message":"the check panicked"}]"#.to_owned())
            }
        };
        let (team, slug, version) = (record.team.clone(), record.slug.clone(), record.version);
        let stored = blocking(&app.store, move |s| s.finish_question_check(&team, &slug, version, status, &findings));
        match stored.await {
            Ok(_) => tracing::info!(slug = %record.slug, version, status = status.as_str(), "private problem checked"),
            Err(error) => {
                tracing::error!(slug = %record.slug, error = %error.message, "cannot store a check's outcome")
            }
        }
    });
}

/// What each slug of `slugs` that the catalogue does not have names in the team: the newest
/// accepted version of its private problem. `keep` are versions an assessment holds already
/// (they stay: its candidates are judged on the version it was made with).
pub(crate) async fn sources(
    app: &AppState,
    team: &str,
    slugs: Vec<String>,
    keep: Vec<verdict_store::ProblemPoints>,
) -> Result<impl Fn(&str) -> Option<Source>, ApiError> {
    // Past the most problems an assessment may have (every slot a full pool), validation
    // refuses it anyway.
    let most = crate::hiring::rules::MAX_PROBLEMS * crate::hiring::rules::MAX_POOL;
    let private: Vec<String> = slugs.into_iter().take(most).filter(|s| app.problems.get(s).is_none()).collect();
    let team = team.to_owned();
    let mut found: HashMap<String, PrivateVersion> = blocking(&app.store, move |s| {
        let mut found = HashMap::new();
        for slug in private {
            if let Some(q) = s.accepted_question(&team, &slug)? {
                let version = PrivateVersion { version: q.version, package: q.package, title: q.title, kind: q.kind };
                found.insert(slug, version);
            }
        }
        Ok(found)
    })
    .await?;
    for member in keep.into_iter().flat_map(|slot| slot.members) {
        if let Some(version) = member.private {
            if found.contains_key(&member.slug) {
                found.insert(member.slug, version);
            }
        }
    }
    let problems = Arc::clone(&app.problems);
    Ok(move |slug: &str| {
        if problems.get(slug).is_some() {
            Some(Source::Catalogue)
        } else {
            found.get(slug).cloned().map(Source::Private)
        }
    })
}
