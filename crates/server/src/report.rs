//! Reports for hiring teams: the candidates of an assessment with their scores, one candidate in
//! detail (test verdicts, final code, the history of their drafts), the CSV export, and the
//! similarity of final code between candidates, as a prompt for a human review.

use crate::api::AppState;
use crate::error::ApiError;
use crate::store_call::blocking;
use crate::team::{assessment_view, invitation_view, AssessmentView, InvitationView};
use crate::views::{timestamp, StateView, SubmissionSummaryView, SubmissionView, VerdictView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verdict_store::{attempt_candidate, AssessmentRecord, InvitationRecord, ProblemPoints, SubmissionSummary};

/// Pairs below this share of common fingerprints are not listed.
pub const SIMILARITY_FLOOR: f64 = 0.5;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProblemScore {
    pub slug: String,
    pub points: u32,
    /// Points earned: the last submission's share of tests passed times the points.
    pub score: f64,
    pub verdict: Option<VerdictView>,
    /// The last submission's state (`queued` or `running` while it is graded).
    pub state: Option<StateView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CandidateRow {
    #[serde(flatten)]
    pub invitation: InvitationView,
    pub problems: Vec<ProblemScore>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Report {
    pub assessment: AssessmentView,
    pub max_score: u32,
    pub candidates: Vec<CandidateRow>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RevisionView {
    pub code: String,
    pub saved_at: String,
    /// `autosave`, `run` or `submit`.
    pub via: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CandidateProblem {
    pub slug: String,
    pub title: String,
    pub points: u32,
    pub score: f64,
    pub verdict: Option<VerdictView>,
    /// The code as last saved (what the last submission or the deadline graded).
    pub final_code: Option<String>,
    /// The last submission with every test's verdict (hidden tests without their data).
    pub final_submission: Option<SubmissionView>,
    pub submissions: Vec<SubmissionSummaryView>,
    /// Every saved draft, oldest first: replay them to see how the solution grew.
    pub history: Vec<RevisionView>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CandidateReport {
    pub invitation: InvitationView,
    pub problems: Vec<CandidateProblem>,
    pub similarity: Vec<SimilarityPair>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PairMember {
    pub invitation: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RegionView {
    /// First and last line (1-based) in a's code.
    pub a_lines: [u32; 2],
    pub b_lines: [u32; 2],
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SimilarityPair {
    pub problem: String,
    pub a: PairMember,
    pub b: PairMember,
    /// Share (0 to 1) of fingerprints of normalised tokens in common, starter code excluded.
    pub share: f64,
    pub regions: Vec<RegionView>,
    pub a_code: String,
    pub b_code: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SimilarityList {
    /// How to read the list.
    pub note: String,
    pub pairs: Vec<SimilarityPair>,
}

fn problem_score(problem: &ProblemPoints, latest: Option<&SubmissionSummary>) -> ProblemScore {
    let finished = latest.filter(|s| s.state.is_final());
    ProblemScore {
        slug: problem.slug.clone(),
        points: problem.points,
        score: finished.and_then(|s| s.score).unwrap_or(0.0) * f64::from(problem.points),
        verdict: finished.and_then(|s| s.verdict.as_deref()).and_then(VerdictView::parse),
        state: latest.map(|s| s.state.into()),
    }
}

fn scores(record: &AssessmentRecord, latest: &[SubmissionSummary]) -> Vec<ProblemScore> {
    record.spec.problems.iter().map(|p| problem_score(p, latest.iter().find(|s| s.problem == p.slug))).collect()
}

/// Points a candidate has earned so far.
pub async fn score_of(app: &AppState, record: &AssessmentRecord, invitation: &str) -> Result<f64, ApiError> {
    let candidate = attempt_candidate(invitation);
    let latest = blocking(&app.store, move |s| s.best_submissions(&candidate)).await?;
    Ok(scores(record, &latest).iter().map(|p| p.score).sum())
}

/// The whole report. Attempts past their deadline are finished first, so their last drafts
/// are graded and the table says `finished`.
pub async fn build(app: &AppState, record: &AssessmentRecord) -> Result<Report, ApiError> {
    let assessment_id = record.id.clone();
    let invitations = blocking(&app.store, move |s| s.invitations(&assessment_id)).await?;
    let mut finished = Vec::with_capacity(invitations.len());
    for invitation in invitations {
        finished.push(crate::attempt::finish_if_due(app, invitation).await?);
    }
    let ids: Vec<String> = finished.iter().map(|i| i.id.clone()).collect();
    let latest = blocking(&app.store, move |s| {
        ids.iter().map(|id| s.best_submissions(&attempt_candidate(id))).collect::<Result<Vec<_>, _>>()
    })
    .await?;
    let candidates = finished
        .iter()
        .zip(latest)
        .map(|(invitation, latest)| {
            let problems = scores(record, &latest);
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

/// One candidate in detail.
pub async fn candidate(
    app: &AppState,
    record: &AssessmentRecord,
    invitation: &InvitationRecord,
) -> Result<CandidateReport, ApiError> {
    let invitation = crate::attempt::finish_if_due(app, invitation.clone()).await?;
    let candidate = attempt_candidate(&invitation.id);
    let slugs: Vec<String> = record.spec.problems.iter().map(|p| p.slug.clone()).collect();
    let (invitation_id, who) = (invitation.id.clone(), candidate.clone());
    let per_problem = blocking(&app.store, move |s| {
        let latest = s.best_submissions(&who)?;
        let mut rows = Vec::new();
        for slug in slugs {
            let last = latest.iter().find(|l| l.problem == slug).cloned();
            let full = match &last {
                Some(summary) => s.submission(&summary.id)?,
                None => None,
            };
            let submissions = s.submissions_of(&who, &slug, 100)?;
            let history = s.draft_history(&invitation_id, &slug)?;
            rows.push((slug, last, full, submissions, history));
        }
        Ok(rows)
    })
    .await?;
    let mut problems = Vec::new();
    let mut total = 0.0;
    for ((slug, last, full, submissions, history), points) in per_problem.into_iter().zip(&record.spec.problems) {
        let score = problem_score(points, last.as_ref());
        total += score.score;
        let final_code = history.last().map(|r| r.code.clone()).or_else(|| full.as_ref().map(|f| f.code.clone()));
        problems.push(CandidateProblem {
            title: app.problems.get(&slug).map_or_else(|| slug.clone(), |e| e.problem.manifest.title.clone()),
            slug,
            points: points.points,
            score: score.score,
            verdict: score.verdict,
            final_code,
            final_submission: full.as_ref().map(SubmissionView::new),
            submissions: submissions.iter().map(SubmissionSummaryView::from).collect(),
            history: history
                .into_iter()
                .map(|r| RevisionView { code: r.code, saved_at: timestamp(r.saved_at), via: r.via })
                .collect(),
        });
    }
    let similarity = similarity(app, record, Some(&invitation.id)).await?.pairs;
    Ok(CandidateReport { invitation: invitation_view(app, record, &invitation, total), problems, similarity })
}

/// Pairs of candidates whose final code for a problem overlaps by at least
/// [`SIMILARITY_FLOOR`], most similar first; with `only`, the pairs that include that invitation.
pub async fn similarity(
    app: &AppState,
    record: &AssessmentRecord,
    only: Option<&str>,
) -> Result<SimilarityList, ApiError> {
    let assessment_id = record.id.clone();
    let slugs: Vec<String> = record.spec.problems.iter().map(|p| p.slug.clone()).collect();
    let codes = blocking(&app.store, move |s| {
        let mut codes = Vec::new();
        for invitation in s.invitations(&assessment_id)? {
            if invitation.started_at.is_none() {
                continue;
            }
            for slug in &slugs {
                if let Some(draft) = s.attempt_draft(&invitation.id, slug)? {
                    codes.push((slug.clone(), invitation.id.clone(), invitation.name.clone(), draft.code));
                }
            }
        }
        Ok(codes)
    })
    .await?;
    let starters: Vec<(String, String)> = record
        .spec
        .problems
        .iter()
        .map(|p| (p.slug.clone(), app.problems.get(&p.slug).map_or_else(String::new, |e| e.problem.starter.clone())))
        .collect();
    let only = only.map(str::to_owned);
    let pairs = tokio::task::spawn_blocking(move || {
        let mut pairs = Vec::new();
        for (i, (slug, a_id, a_name, a_code)) in codes.iter().enumerate() {
            let starter = starters.iter().find(|(s, _)| s == slug).map_or("", |(_, code)| code.as_str());
            for (b_slug, b_id, b_name, b_code) in &codes[i + 1..] {
                if b_slug != slug || a_id == b_id {
                    continue;
                }
                if only.as_ref().is_some_and(|o| o != a_id && o != b_id) {
                    continue;
                }
                let found = verdict_similarity::compare(a_code, b_code, starter, verdict_similarity::Params::default());
                if found.share < SIMILARITY_FLOOR {
                    continue;
                }
                pairs.push(SimilarityPair {
                    problem: slug.clone(),
                    a: PairMember { invitation: a_id.clone(), name: a_name.clone() },
                    b: PairMember { invitation: b_id.clone(), name: b_name.clone() },
                    share: (found.share * 1000.0).round() / 1000.0,
                    regions: found
                        .regions
                        .iter()
                        .map(|r| RegionView {
                            a_lines: [r.a_lines.0, r.a_lines.1],
                            b_lines: [r.b_lines.0, r.b_lines.1],
                        })
                        .collect(),
                    a_code: a_code.clone(),
                    b_code: b_code.clone(),
                });
            }
        }
        pairs.sort_by(|x, y| y.share.total_cmp(&x.share));
        pairs
    })
    .await
    .map_err(ApiError::internal)?;
    Ok(SimilarityList {
        note: "A high share means two candidates' code has much in common once names, comments and layout are \
               set aside. It can also come from a standard solution to a small problem. Read the matching regions \
               side by side before drawing any conclusion: this is a prompt for a human review, not a verdict."
            .into(),
        pairs,
    })
}

/// A cell a spreadsheet would read as a formula gets a leading apostrophe (CSV injection).
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The report as CSV: one row per candidate, one points column per problem.
pub fn to_csv(report: &Report) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> =
        ["name", "email", "status", "score", "max_score", "time_used_seconds", "started_at", "finished_at"]
            .map(str::to_owned)
            .to_vec();
    header.extend(report.assessment.problems.iter().map(|p| format!("points:{}", p.slug)));
    writer.write_record(&header)?;
    for row in &report.candidates {
        let i = &row.invitation;
        let mut record = vec![
            cell(&i.name),
            cell(&i.email),
            i.status.clone(),
            format_points(i.score),
            i.max_score.to_string(),
            i.time_used_seconds.map(|s| s.to_string()).unwrap_or_default(),
            i.started_at.clone().unwrap_or_default(),
            i.finished_at.clone().unwrap_or_default(),
        ];
        record.extend(row.problems.iter().map(|p| format_points(p.score)));
        writer.write_record(&record)?;
    }
    let bytes = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Points with at most two decimals, without trailing zeros.
fn format_points(points: f64) -> String {
    let text = format!("{:.2}", points);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn points_and_cells_are_written_safely() {
        assert_eq!(format_points(7.5), "7.5");
        assert_eq!(format_points(10.0), "10");
        assert_eq!(format_points(3.333_333), "3.33");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("Ada"), "Ada");
    }
}
