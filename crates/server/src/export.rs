//! The report's exports: JSON with everything that explains each candidate's scores, and CSV
//! with a summary row per candidate (see `hiring::export` for what each holds and why).
//! Attempts past their deadline are finished first, as for the report.

use crate::attempt::finish_if_due;
use crate::auth::TeamMember;
use crate::error::{ApiError, ErrorBody};
use crate::extract::ApiPath;
use crate::hiring::explain::tests_of;
use crate::hiring::export::{to_csv, ExportCandidate, ExportProblem, ReportExport};
use crate::hiring::report::{counted_in, explanation, problem_score, ProblemWork};
use crate::hiring::review::{note_view, scorecard_view};
use crate::state::AppState;
use crate::store_call::blocking;
use crate::submissions::ATTEMPT_HISTORY_LIMIT;
use crate::team::{assessment_view, invitation_view, own_assessment};
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::Json;
use verdict_store::{AssessmentRecord, AttemptSlot, NoteRecord, Owner, ScorecardRecord, SubmissionSummary};

/// What the store holds of one candidate for the export.
struct Stored {
    slots: Vec<AttemptSlot>,
    best: Vec<SubmissionSummary>,
    work: Vec<ProblemWork>,
    notes: Vec<NoteRecord>,
    scorecards: Vec<ScorecardRecord>,
}

/// The export of an assessment as `asker` (a user id) reads it.
pub async fn build(app: &AppState, record: &AssessmentRecord, asker: &str) -> Result<ReportExport, ApiError> {
    let assessment_id = record.id.clone();
    let invitations = blocking(&app.store, move |s| s.invitations(&assessment_id)).await?;
    let mut candidates = Vec::with_capacity(invitations.len());
    // Every problem of the assessment as it keeps them (a private one at its kept version).
    let entries = crate::report::slot_entries(app, record).await?;
    for invitation in invitations {
        let invitation = finish_if_due(app, invitation).await?;
        let id = invitation.id.clone();
        let stored = blocking(&app.store, move |s| {
            let who = Owner::Attempt(id.clone());
            // Each slot's problem as the candidate got it (a pool's: the one drawn for them).
            let slots = s.attempt_slots(&id)?;
            let best = s.best_submissions(&who)?;
            let activity = s.activity(&id)?;
            let mut work = Vec::with_capacity(slots.len());
            for slot in &slots {
                let Some(slug) = slot.slug() else {
                    work.push(ProblemWork::default());
                    continue;
                };
                let counted = match best.iter().find(|b| b.problem == slug) {
                    Some(summary) => Some((summary.clone(), s.submission(&summary.id)?)),
                    None => None,
                };
                work.push(ProblemWork {
                    counted,
                    submissions: s.submissions_of(&who, slug, ATTEMPT_HISTORY_LIMIT)?,
                    // The code and its history are in the candidate report, not the export.
                    history: Vec::new(),
                    activity: activity.iter().find(|a| a.problem == slug).cloned(),
                });
            }
            Ok(Stored { slots, best, work, notes: s.notes(&id)?, scorecards: s.scorecards(&id)? })
        })
        .await?;
        let problems: Vec<ExportProblem> = stored
            .slots
            .iter()
            .zip(&stored.work)
            .map(|(slot, work)| {
                let entry = slot.slug().and_then(|slug| entries.get(slug));
                let tests = entry.map(|e| tests_of(e, slot.seed));
                let (counted, full) = match &work.counted {
                    Some((summary, full)) => (Some(summary), full.as_ref()),
                    None => (None, None),
                };
                ExportProblem {
                    score: problem_score(slot, counted_in(slot, &stored.best)),
                    explained: explanation(slot.points, tests.as_deref(), counted, full, work),
                }
            })
            .collect();
        let total = problems.iter().map(|p| p.score.score).sum();
        candidates.push(ExportCandidate {
            invitation: invitation_view(app, record, &invitation, total),
            problems,
            notes: stored.notes.into_iter().map(|n| note_view(n, asker)).collect(),
            scorecards: stored.scorecards.into_iter().map(|c| scorecard_view(c, asker)).collect(),
        });
    }
    let max_score = record.spec.problems.iter().map(|p| p.points).sum();
    Ok(ReportExport::new(assessment_view(app, record), max_score, candidates))
}

/// Everything that explains every candidate's scores: per-test results with points lost, work
/// figures, the counted submission and why, notes and scorecards.
#[utoipa::path(get, path = "/assessments/{id}/export.json", params(("id" = String, Path)),
    responses((status = 200, body = ReportExport), (status = 404, body = ErrorBody)))]
pub(crate) async fn export_json(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    let record = own_assessment(&app, &member, &id).await?;
    let export = build(&app, &record, &member.0.id).await?;
    let file = format!("attachment; filename=\"assessment-{}.json\"", record.id);
    Ok(([(header::CONTENT_DISPOSITION, file)], Json(export)))
}

/// The report as CSV, one summary row per candidate.
#[utoipa::path(get, path = "/assessments/{id}/report.csv", params(("id" = String, Path)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ErrorBody)))]
pub(crate) async fn report_csv(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<impl IntoResponse, ApiError> {
    let record = own_assessment(&app, &member, &id).await?;
    let export = build(&app, &record, &member.0.id).await?;
    let csv = to_csv(&export).map_err(ApiError::internal)?;
    let file = format!("attachment; filename=\"assessment-{}.csv\"", record.id);
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, file)], csv))
}
