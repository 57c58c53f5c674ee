//! Reports for hiring teams as data: a candidate's points per problem (with what explains
//! them), and the pairs of candidates whose final code overlaps, as a prompt for a human review.
//! The exports are `export`'s.

use super::explain::{self, Explanation};
use super::views::{AssessmentView, InvitationView};
use crate::views::timestamp;
use crate::views::{StateView, SubmissionSummaryView, SubmissionView, VerdictView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verdict_judge::PreparedProblem;
use verdict_store::{
    AssessmentRecord, AttemptSlot, DraftRevision, ProblemActivity, SubmissionRecord, SubmissionState, SubmissionSummary,
};

/// Pairs below this share of common fingerprints are not listed.
pub const SIMILARITY_FLOOR: f64 = 0.5;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ProblemScore {
    /// The slot of the assessment (0 first).
    pub slot: usize,
    /// The candidate's problem in this slot: its one problem, or the one drawn for them from
    /// the pool; null for a pool before the candidate started.
    pub slug: Option<String>,
    /// Whether the slot is a pool.
    pub pool: bool,
    /// The seed of the candidate's variant, for a problem with per-candidate variants.
    pub variant: Option<u64>,
    pub points: u32,
    /// Points earned: the best graded submission's share of tests passed times the points.
    pub score: f64,
    pub verdict: Option<VerdictView>,
    /// The counted submission's state (`queued` or `running` while it is graded).
    pub state: Option<StateView>,
    /// False when the candidate made no submission to it (nor the system of a draft): "not
    /// attempted", which a score of 0 from a real submission is not.
    pub attempted: bool,
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
    /// The slot of the assessment (0 first).
    pub slot: usize,
    /// The candidate's problem in this slot (drawn from the pool for a pool); null for a pool
    /// before the candidate started.
    pub slug: Option<String>,
    /// Whether the slot is a pool.
    pub pool: bool,
    /// The seed of the candidate's variant, for a problem with per-candidate variants.
    pub variant: Option<u64>,
    pub title: String,
    pub points: u32,
    pub score: f64,
    pub verdict: Option<VerdictView>,
    /// The code as last saved (what the last submission or the deadline graded).
    pub final_code: Option<String>,
    /// The counted submission with every test's verdict (hidden tests without their data).
    pub final_submission: Option<SubmissionView>,
    pub submissions: Vec<SubmissionSummaryView>,
    /// Every saved draft, oldest first: replay them to see how the solution grew.
    pub history: Vec<RevisionView>,
    /// What explains the score: attempted or not, the counted submission and why, its tests
    /// with the points each lost, and the work behind it.
    #[serde(flatten)]
    pub explained: Explanation,
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
    /// The other assessment this attempt belongs to (same team, same problem); null when it is
    /// the assessment being read.
    #[serde(default)]
    pub assessment: Option<String>,
    #[serde(default)]
    pub assessment_title: Option<String>,
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

pub fn problem_score(slot: &AttemptSlot, best: Option<&SubmissionSummary>) -> ProblemScore {
    let finished = best.filter(|s| s.state.is_final());
    ProblemScore {
        slot: slot.slot,
        slug: slot.slug().map(str::to_owned),
        pool: slot.pool,
        variant: slot.seed,
        points: slot.points,
        score: verdict_store::points_scored(slot.points, best),
        verdict: finished.and_then(|s| s.verdict.as_deref()).and_then(VerdictView::parse),
        state: best.map(|s| s.state.into()),
        attempted: best.is_some(),
    }
}

/// The submission that counts for a candidate's slot, among their best ones.
pub fn counted_in<'a>(slot: &AttemptSlot, best: &'a [SubmissionSummary]) -> Option<&'a SubmissionSummary> {
    slot.slug().and_then(|slug| best.iter().find(|s| s.problem == slug))
}

/// Each slot's points, from the submission that counts for the candidate's problem in it.
pub fn scores(slots: &[AttemptSlot], best: &[SubmissionSummary]) -> Vec<ProblemScore> {
    slots.iter().map(|slot| problem_score(slot, counted_in(slot, best))).collect()
}

/// A candidate's points in all: each slot's, from the submission that counts for it.
pub fn total(record: &AssessmentRecord, best: &[SubmissionSummary]) -> f64 {
    record.spec.problems.iter().map(|p| verdict_store::points_scored(p.points, p.counted(best))).sum()
}

/// What the store holds of one candidate's work on one problem (nothing for a pool's slot
/// before a draw).
#[derive(Debug, Default)]
pub struct ProblemWork {
    /// The submission that counts for the score, if any, and the same in full.
    pub counted: Option<(SubmissionSummary, Option<SubmissionRecord>)>,
    /// The candidate's submissions to the problem, newest first.
    pub submissions: Vec<SubmissionSummary>,
    /// Every saved draft, oldest first.
    pub history: Vec<DraftRevision>,
    /// The runs, submissions and span of saves the store counted, if the problem was touched.
    pub activity: Option<ProblemActivity>,
}

/// One problem of a candidate's detailed report: the points the counted submission earns, and
/// the code as last saved (the last draft, else the counted submission's).
pub fn candidate_problem(
    slot: &AttemptSlot,
    title: String,
    problem: Option<&verdict_catalog::Problem>,
    tests: Option<&PreparedProblem>,
    work: ProblemWork,
) -> CandidateProblem {
    let explained = match &work.counted {
        Some((summary, full)) => explanation(slot.points, tests, Some(summary), full.as_ref(), &work),
        None => explanation(slot.points, tests, None, None, &work),
    };
    let (last, full) = match work.counted {
        Some((summary, full)) => (Some(summary), full),
        None => (None, None),
    };
    let score = problem_score(slot, last.as_ref());
    let final_code = work.history.last().map(|r| r.code.clone()).or_else(|| full.as_ref().map(|f| f.code.clone()));
    CandidateProblem {
        title,
        slot: slot.slot,
        slug: slot.slug().map(str::to_owned),
        pool: slot.pool,
        variant: slot.seed,
        points: slot.points,
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
        explained,
    }
}

/// What explains a problem's score: see [`explain`]. Tests are listed once the counted
/// submission is graded.
pub fn explanation(
    points: u32,
    tests: Option<&PreparedProblem>,
    counted: Option<&SubmissionSummary>,
    full: Option<&SubmissionRecord>,
    work: &ProblemWork,
) -> Explanation {
    let rows = match (tests, full) {
        (Some(prepared), Some(record)) if record.state == SubmissionState::Finished => {
            let results: Vec<_> = record.tests.iter().filter_map(crate::queue::stored_test).collect();
            explain::test_rows(prepared, &results, points)
        }
        _ => Vec::new(),
    };
    Explanation {
        attempted: counted.is_some(),
        counted: counted.map(|c| explain::counted(c, &work.submissions)),
        tests: rows,
        work: explain::work(work.activity.as_ref()),
    }
}

/// How to read the similarity list.
pub const SIMILARITY_NOTE: &str =
    "A high share means two candidates' code has much in common once names, comments and \
     layout are set aside, and once code given in the starter or found in the problem's own reference solutions is set \
     aside too. Programs too small to tell copying from the one obvious answer are not compared, and the team's other \
     assessments of the same problem are compared too (the most recent attempts). A share can still come from a \
     standard solution. Read the matching regions side \
     by side before drawing any conclusion: this is a prompt for a human review, not a verdict.";

/// How many of the team's attempts at a problem in its other assessments each report compares
/// with, the most recently started first (so a report's cost stays bounded however many
/// assessments a team has run).
pub const MAX_OTHER_ATTEMPTS: u32 = 100;

/// One candidate's final code for one problem; `other` names another assessment of the team
/// (id, title) it comes from.
#[derive(Debug, Clone)]
pub struct FinalCode {
    pub problem: String,
    pub invitation: String,
    pub name: String,
    pub code: String,
    pub other: Option<(String, String)>,
}

/// Pairs of candidates whose final code for a problem overlaps by at least
/// [`SIMILARITY_FLOOR`], most similar first; with `only`, the pairs that include that
/// invitation. Pairs of two attempts from other assessments are never made. `shared` gives a
/// problem's starter code and reference solutions, which do not count.
pub fn similar_pairs<'a>(
    codes: &[FinalCode],
    shared: impl Fn(&str) -> Vec<&'a str>,
    only: Option<&str>,
) -> Vec<SimilarityPair> {
    let member = |c: &FinalCode| PairMember {
        invitation: c.invitation.clone(),
        name: c.name.clone(),
        assessment: c.other.as_ref().map(|o| o.0.clone()),
        assessment_title: c.other.as_ref().map(|o| o.1.clone()),
    };
    let mut pairs = Vec::new();
    for (i, a) in codes.iter().enumerate() {
        for b in &codes[i + 1..] {
            if b.problem != a.problem || a.invitation == b.invitation || (a.other.is_some() && b.other.is_some()) {
                continue;
            }
            if only.is_some_and(|o| o != a.invitation && o != b.invitation) {
                continue;
            }
            let found = verdict_similarity::compare(
                &a.code,
                &b.code,
                &shared(&a.problem),
                verdict_similarity::Params::default(),
            );
            if found.share < SIMILARITY_FLOOR {
                continue;
            }
            pairs.push(SimilarityPair {
                problem: a.problem.clone(),
                a: member(a),
                b: member(b),
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

#[cfg(test)]
mod unit {
    use super::*;

    fn code(invitation: &str, other: Option<&str>, text: &str) -> FinalCode {
        FinalCode {
            problem: "p".into(),
            invitation: invitation.into(),
            name: invitation.to_uppercase(),
            code: text.into(),
            other: other.map(|o| (o.to_owned(), format!("Title of {o}"))),
        }
    }

    #[test]
    fn other_assessments_pair_only_with_this_ones_candidates() {
        let program = "def histogram(values):\n    counts = {}\n    for value in values:\n        counts[value] = \
                       counts.get(value, 0) + 1\n    ordered = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))\n    \
                       return [f'{key}: {count}' for key, count in ordered if count > 1]\n\nprint(histogram(input().split()))\n";
        let codes = [code("here", None, program), code("old1", Some("a1"), program), code("old2", Some("a2"), program)];
        let pairs = similar_pairs(&codes, |_| Vec::new(), None);
        let got: Vec<(&str, &str)> = pairs.iter().map(|p| (p.a.invitation.as_str(), p.b.invitation.as_str())).collect();
        assert_eq!(got, [("here", "old1"), ("here", "old2")], "never old1 with old2");
        assert_eq!(pairs[0].b.assessment_title.as_deref(), Some("Title of a1"));
        assert_eq!(pairs[0].a.assessment, None);
        // The shared texts (starter, reference solutions) are what similar_pairs sets aside.
        assert!(similar_pairs(&codes, |_| vec![program], None).is_empty());
    }
}
