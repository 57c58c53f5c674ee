//! The hiring team's reports: every candidate's scores (the exports are `export`'s), one
//! candidate in detail with what explains each score, the similarity of final code, and the
//! audit log. Attempts past their deadline are finished before a report reads them.

use crate::attempt::finish_if_due;
use crate::auth::TeamMember;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{ApiPath, ApiQuery};
use crate::hiring::explain;
use crate::hiring::report::{
    candidate_problem, scores, similar_pairs, total, CandidateReport, CandidateRow, FinalCode, ProblemWork, Report,
    SimilarityList, MAX_OTHER_ATTEMPTS, SIMILARITY_NOTE,
};
use crate::hiring::views::{AuditEventView, AuditLog};
use crate::problems::ProblemEntry;
use crate::state::AppState;
use crate::store_call::blocking;
use crate::submissions::ATTEMPT_HISTORY_LIMIT;
use crate::team::{assessment_view, invitation_view, own_assessment, own_invitation};
use crate::views::timestamp;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use utoipa::IntoParams;
use verdict_catalog::ExpectedVerdict;
use verdict_store::{AssessmentRecord, AttemptSlot, InvitationRecord, Owner, SlotProblem};

/// Points a candidate has earned so far.
pub async fn score_of(app: &AppState, record: &AssessmentRecord, invitation: &str) -> Result<f64, ApiError> {
    let owner = Owner::Attempt(invitation.to_owned());
    let latest = blocking(&app.store, move |s| s.best_submissions(&owner)).await?;
    Ok(total(record, &latest))
}

/// The whole report. Attempts past their deadline are finished first, so their last drafts
/// are graded and the table says `finished`.
pub async fn build(app: &AppState, record: &AssessmentRecord) -> Result<Report, ApiError> {
    let assessment_id = record.id.clone();
    let invitations = blocking(&app.store, move |s| s.invitations(&assessment_id)).await?;
    let mut finished = Vec::with_capacity(invitations.len());
    for invitation in invitations {
        finished.push(finish_if_due(app, invitation).await?);
    }
    let ids: Vec<String> = finished.iter().map(|i| i.id.clone()).collect();
    let latest = blocking(&app.store, move |s| {
        ids.iter()
            .map(|id| Ok((s.attempt_slots(id)?, s.best_submissions(&Owner::Attempt(id.clone()))?)))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    let candidates = finished
        .iter()
        .zip(latest)
        .map(|(invitation, (slots, latest))| {
            let problems = scores(&slots, &latest);
            let score = problems.iter().map(|p| p.score).sum();
            CandidateRow { invitation: invitation_view(app, record, invitation, score), problems }
        })
        .collect();
    Ok(Report {
        assessment: assessment_view(app, record),
        max_score: record.spec.problems.iter().map(|p| p.points).sum(),
        candidates,
    })
}

/// Every problem of the assessment (each pool's members too) as it keeps them, by slug: a
/// private one at its kept version (from the store by its package's hash, off the async
/// threads), else the catalogue's; a problem no longer to be had is missing.
pub(crate) async fn slot_entries(app: &AppState, record: &AssessmentRecord) -> Result<Entries, ApiError> {
    let (queue, problems) = (app.queue.clone(), Arc::clone(&app.problems));
    let members: Vec<SlotProblem> = record.spec.problems.iter().flat_map(|p| p.members.clone()).collect();
    tokio::task::spawn_blocking(move || {
        members
            .into_iter()
            .filter_map(|m| {
                let entry = match &m.private {
                    Some(kept) => queue.problem_at(&m.slug, &kept.package).ok(),
                    None => problems.get(&m.slug).cloned(),
                };
                Some((m.slug, entry?))
            })
            .collect()
    })
    .await
    .map_err(ApiError::internal)
}

/// The problems of an assessment by slug (see [`slot_entries`]).
pub(crate) type Entries = HashMap<String, Arc<ProblemEntry>>;

/// A slot's title as the candidate got it: their problem's, or the pool's before a draw.
pub(crate) fn slot_title(app: &AppState, slot: &AttemptSlot) -> String {
    match &slot.problem {
        Some(problem) => crate::hiring::views::problem_title(&app.problems, problem),
        None => "A problem from a pool (drawn when the candidate starts)".to_owned(),
    }
}

/// One candidate in detail.
pub async fn candidate(
    app: &AppState,
    record: &AssessmentRecord,
    invitation: &InvitationRecord,
) -> Result<CandidateReport, ApiError> {
    let invitation = finish_if_due(app, invitation.clone()).await?;
    let who = Owner::Attempt(invitation.id.clone());
    let invitation_id = invitation.id.clone();
    let (slots, work) = blocking(&app.store, move |s| {
        let slots = s.attempt_slots(&invitation_id)?;
        let latest = s.best_submissions(&who)?;
        let activity = s.activity(&invitation_id)?;
        let mut work = Vec::new();
        for slot in &slots {
            work.push(match slot.slug() {
                Some(slug) => ProblemWork {
                    counted: match latest.iter().find(|l| l.problem == slug) {
                        Some(summary) => Some((summary.clone(), s.submission(&summary.id)?)),
                        None => None,
                    },
                    submissions: s.submissions_of(&who, slug, ATTEMPT_HISTORY_LIMIT)?,
                    history: s.draft_history(&invitation_id, slug)?,
                    activity: activity.iter().find(|a| a.problem == slug).cloned(),
                },
                None => ProblemWork::default(),
            });
        }
        Ok((slots, work))
    })
    .await?;
    let entries = slot_entries(app, record).await?;
    let problems: Vec<_> = work
        .into_iter()
        .zip(&slots)
        .map(|(work, slot)| {
            let entry = slot.slug().and_then(|slug| entries.get(slug)).map(Arc::as_ref);
            let tests = entry.map(|e| explain::tests_of(e, slot.seed));
            candidate_problem(slot, slot_title(app, slot), entry.map(|e| &e.problem), tests.as_deref(), work)
        })
        .collect();
    let total = problems.iter().map(|p| p.score).sum();
    let similarity = similarity_with(app, record, Some(&invitation.id), entries).await?.pairs;
    Ok(CandidateReport { invitation: invitation_view(app, record, &invitation, total), problems, similarity })
}

/// The pairs of candidates whose final code overlaps; with `only`, those of one invitation.
pub async fn similarity_of(
    app: &AppState,
    record: &AssessmentRecord,
    only: Option<&str>,
) -> Result<SimilarityList, ApiError> {
    similarity_with(app, record, only, slot_entries(app, record).await?).await
}

/// [`similarity_of`] with each slot's problem already at hand (see [`slot_entries`]).
async fn similarity_with(
    app: &AppState,
    record: &AssessmentRecord,
    only: Option<&str>,
    entries: Entries,
) -> Result<SimilarityList, ApiError> {
    let (assessment_id, team) = (record.id.clone(), record.team.clone());
    // Every problem a candidate may have got (each pool's members): final code is paired only
    // with code for the same problem, so two candidates who drew different members of a pool
    // are never compared.
    let slugs: Vec<String> =
        record.spec.problems.iter().flat_map(|p| p.members.iter().map(|m| m.slug.clone())).collect();
    let codes = blocking(&app.store, move |s| {
        let mut codes = Vec::new();
        for invitation in s.invitations(&assessment_id)? {
            if invitation.started_at.is_none() {
                continue;
            }
            for slug in &slugs {
                if let Some(draft) = s.attempt_draft(&invitation.id, slug)? {
                    let (problem, name) = (slug.clone(), invitation.name.clone());
                    let id = invitation.id.clone();
                    codes.push(FinalCode { problem, invitation: id, name, code: draft.code, other: None });
                }
            }
        }
        // The same problems in the team's other assessments, the most recent attempts first.
        for slug in &slugs {
            for other in s.team_codes(&team, slug, &assessment_id, MAX_OTHER_ATTEMPTS)? {
                codes.push(FinalCode {
                    problem: slug.clone(),
                    invitation: other.invitation,
                    name: other.name,
                    code: other.code,
                    other: Some((other.assessment, other.assessment_title)),
                });
            }
        }
        Ok(codes)
    })
    .await?;
    let only = only.map(str::to_owned);
    let pairs = tokio::task::spawn_blocking(move || {
        // Given to everyone (the starter) or published with the problem (its accepted
        // solutions): code anyone may have, so never evidence of copying. A private problem's
        // are its kept version's.
        let shared = |slug: &str| -> Vec<&str> {
            entries.get(slug).map_or_else(Vec::new, |e| {
                let accepted = e.problem.submissions.iter().filter(|s| s.expected == ExpectedVerdict::Accepted);
                std::iter::once(e.problem.starter.as_str()).chain(accepted.map(|s| s.source.as_str())).collect()
            })
        };
        similar_pairs(&codes, shared, only.as_deref())
    })
    .await
    .map_err(ApiError::internal)?;
    Ok(SimilarityList { note: SIMILARITY_NOTE.into(), pairs })
}

/// Every candidate's status, score and time used.
#[utoipa::path(get, path = "/assessments/{id}/report", params(("id" = String, Path)),
    responses((status = 200, body = Report), (status = 404, body = ErrorBody)))]
pub(crate) async fn report_json(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Report>, ApiError> {
    let record = own_assessment(&app, &member, &id).await?;
    Ok(Json(build(&app, &record).await?))
}

/// One candidate: per-problem scores, test verdicts, final code and its history.
#[utoipa::path(get, path = "/assessments/{id}/candidates/{inv}", params(("id" = String, Path), ("inv" = String, Path)),
    responses((status = 200, body = CandidateReport), (status = 404, body = ErrorBody)))]
pub(crate) async fn candidate_report(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath((id, inv)): ApiPath<(String, String)>,
) -> Result<Json<CandidateReport>, ApiError> {
    let record = own_assessment(&app, &member, &id).await?;
    let invitation = own_invitation(&app, &record, &inv).await?;
    Ok(Json(candidate(&app, &record, &invitation).await?))
}

/// Pairs of candidates whose final code overlaps: a prompt for a human review.
#[utoipa::path(get, path = "/assessments/{id}/similarity", params(("id" = String, Path)),
    responses((status = 200, body = SimilarityList), (status = 404, body = ErrorBody)))]
pub(crate) async fn similarity(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<SimilarityList>, ApiError> {
    let record = own_assessment(&app, &member, &id).await?;
    Ok(Json(similarity_of(&app, &record, None).await?))
}

/// Which page of an assessment's audit log to read.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct AuditQuery {
    /// Only entries older than this one (an entry's `id`; the `older_before` of the page before).
    pub before: Option<i64>,
    /// Entries in the page: 1 to 1000, 200 by default.
    pub limit: Option<u32>,
}

/// Entries in a page of the audit log when the request does not say.
const AUDIT_PAGE: u32 = 200;

/// Changes to the assessment and its attempts, a page at a time: the newest `limit` entries
/// (before `before`), oldest first, with the cursor for the page before them.
#[utoipa::path(get, path = "/assessments/{id}/audit", params(("id" = String, Path), AuditQuery),
    responses((status = 200, body = AuditLog), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn audit(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditLog>, ApiError> {
    let limit = query.limit.unwrap_or(AUDIT_PAGE);
    if !(1..=verdict_store::MAX_AUDIT_PAGE).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            format!("limit must be from 1 to {}, not {limit}", verdict_store::MAX_AUDIT_PAGE),
        ));
    }
    let record = own_assessment(&app, &member, &id).await?;
    let assessment_id = record.id.clone();
    let (page, invitations) = blocking(&app.store, move |s| {
        Ok((s.audit(&assessment_id, query.before, limit)?, s.invitations(&assessment_id)?))
    })
    .await?;
    let names: std::collections::HashMap<String, String> = invitations.into_iter().map(|i| (i.id, i.name)).collect();
    let older_before = page.events.first().filter(|_| page.older).map(|e| e.id);
    Ok(Json(AuditLog {
        older_before,
        events: page
            .events
            .into_iter()
            .map(|e| AuditEventView {
                id: e.id,
                at: timestamp(e.at),
                actor: e.actor,
                action: e.action,
                candidate: e.invitation.as_ref().and_then(|id| names.get(id).cloned()),
                invitation: e.invitation,
                detail: e.detail,
            })
            .collect(),
    }))
}
