//! Reports for hiring teams as data: a candidate's points per problem, the CSV export, and the
//! pairs of candidates whose final code overlaps, as a prompt for a human review.

use super::views::{AssessmentView, InvitationView};
use crate::views::timestamp;
use crate::views::{StateView, SubmissionSummaryView, SubmissionView, VerdictView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verdict_store::{AssessmentRecord, DraftRevision, ProblemPoints, SubmissionRecord, SubmissionSummary};

/// Pairs below this share of common fingerprints are not listed.
pub const SIMILARITY_FLOOR: f64 = 0.5;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProblemScore {
    pub slug: String,
    pub points: u32,
    /// Points earned: the best graded submission's share of tests passed times the points.
    pub score: f64,
    pub verdict: Option<VerdictView>,
    /// The counted submission's state (`queued` or `running` while it is graded).
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

pub fn problem_score(problem: &ProblemPoints, best: Option<&SubmissionSummary>) -> ProblemScore {
    let finished = best.filter(|s| s.state.is_final());
    ProblemScore {
        slug: problem.slug.clone(),
        points: problem.points,
        score: verdict_store::points_scored(problem.points, best),
        verdict: finished.and_then(|s| s.verdict.as_deref()).and_then(VerdictView::parse),
        state: best.map(|s| s.state.into()),
    }
}

/// Each problem's points, from the submission that counts for it.
pub fn scores(record: &AssessmentRecord, best: &[SubmissionSummary]) -> Vec<ProblemScore> {
    record.spec.problems.iter().map(|p| problem_score(p, best.iter().find(|s| s.problem == p.slug))).collect()
}

/// What the store holds of one candidate's work on one problem.
#[derive(Debug)]
pub struct ProblemWork {
    /// The submission that counts for the score, if any, and the same in full.
    pub counted: Option<(SubmissionSummary, Option<SubmissionRecord>)>,
    /// The candidate's submissions to the problem, newest first.
    pub submissions: Vec<SubmissionSummary>,
    /// Every saved draft, oldest first.
    pub history: Vec<DraftRevision>,
}

/// One problem of a candidate's detailed report: the points the counted submission earns, and
/// the code as last saved (the last draft, else the counted submission's).
pub fn candidate_problem(
    points: &ProblemPoints,
    title: String,
    problem: Option<&verdict_catalog::Problem>,
    work: ProblemWork,
) -> CandidateProblem {
    let (last, full) = match work.counted {
        Some((summary, full)) => (Some(summary), full),
        None => (None, None),
    };
    let score = problem_score(points, last.as_ref());
    let final_code = work.history.last().map(|r| r.code.clone()).or_else(|| full.as_ref().map(|f| f.code.clone()));
    CandidateProblem {
        title,
        slug: points.slug.clone(),
        points: points.points,
        score: score.score,
        verdict: score.verdict,
        final_code,
        final_submission: full.as_ref().map(|record| SubmissionView::new(record, problem)),
        submissions: work.submissions.iter().map(SubmissionSummaryView::from).collect(),
        history: work
            .history
            .into_iter()
            .map(|r| RevisionView { code: r.code, saved_at: timestamp(r.saved_at), via: r.via })
            .collect(),
    }
}

/// How to read the similarity list.
pub const SIMILARITY_NOTE: &str = "A high share means two candidates' code has much in common once names, comments and \
     layout are set aside. It can also come from a standard solution to a small problem. Read the matching regions side \
     by side before drawing any conclusion: this is a prompt for a human review, not a verdict.";

/// One candidate's final code for one problem.
#[derive(Debug, Clone)]
pub struct FinalCode {
    pub problem: String,
    pub invitation: String,
    pub name: String,
    pub code: String,
}

/// Pairs of candidates whose final code for a problem overlaps by at least
/// [`SIMILARITY_FLOOR`], most similar first; with `only`, the pairs that include that
/// invitation. `starter` gives a problem's starter code, which does not count.
pub fn similar_pairs<'a>(
    codes: &[FinalCode],
    starter: impl Fn(&str) -> &'a str,
    only: Option<&str>,
) -> Vec<SimilarityPair> {
    let mut pairs = Vec::new();
    for (i, a) in codes.iter().enumerate() {
        for b in &codes[i + 1..] {
            if b.problem != a.problem || a.invitation == b.invitation {
                continue;
            }
            if only.is_some_and(|o| o != a.invitation && o != b.invitation) {
                continue;
            }
            let found = verdict_similarity::compare(
                &a.code,
                &b.code,
                starter(&a.problem),
                verdict_similarity::Params::default(),
            );
            if found.share < SIMILARITY_FLOOR {
                continue;
            }
            pairs.push(SimilarityPair {
                problem: a.problem.clone(),
                a: PairMember { invitation: a.invitation.clone(), name: a.name.clone() },
                b: PairMember { invitation: b.invitation.clone(), name: b.name.clone() },
                share: (found.share * 1000.0).round() / 1000.0,
                regions: found
                    .regions
                    .iter()
                    .map(|r| RegionView { a_lines: [r.a_lines.0, r.a_lines.1], b_lines: [r.b_lines.0, r.b_lines.1] })
                    .collect(),
                a_code: a.code.clone(),
                b_code: b.code.clone(),
            });
        }
    }
    pairs.sort_by(|x, y| y.share.total_cmp(&x.share));
    pairs
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
