//! The report as an export: JSON with everything that explains each score (per-test results,
//! the work figures, the counted submission, notes and scorecards), and CSV with one summary row
//! per candidate. Per-test results stay out of the CSV: a column per test and problem would not
//! stay readable (an assessment of 20 problems with 30 tests each is 600 columns); they are in
//! the JSON.

use super::explain::{Explanation, COUNTING_RULE};
use super::report::ProblemScore;
use super::review::{NoteView, ScorecardView};
use super::views::{AssessmentProblemView, AssessmentView, InvitationView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What the JSON export says time spent on a problem is.
pub const TIME_SPENT: &str = "from the first saved draft of the problem (autosave, run or submit) to its last save or \
     the candidate's last submission to it; opening a problem is not recorded, and two problems' spans can overlap";

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExportProblem {
    #[serde(flatten)]
    pub score: ProblemScore,
    #[serde(flatten)]
    pub explained: Explanation,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ExportCandidate {
    #[serde(flatten)]
    pub invitation: InvitationView,
    pub problems: Vec<ExportProblem>,
    pub notes: Vec<NoteView>,
    pub scorecards: Vec<ScorecardView>,
}

/// Everything that explains an assessment's scores, for the team.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReportExport {
    pub assessment: AssessmentView,
    pub max_score: u32,
    /// Which submission counts for a problem's score.
    pub counting_rule: String,
    /// What a problem's `work.time_spent_seconds` measures.
    pub time_spent: String,
    pub candidates: Vec<ExportCandidate>,
}

impl ReportExport {
    pub fn new(assessment: AssessmentView, max_score: u32, candidates: Vec<ExportCandidate>) -> Self {
        ReportExport {
            assessment,
            max_score,
            counting_rule: COUNTING_RULE.into(),
            time_spent: TIME_SPENT.into(),
            candidates,
        }
    }
}

/// A cell a spreadsheet would read as a formula gets a leading apostrophe (CSV injection).
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// The summary columns of each problem, after the points columns, in this order per problem.
const PROBLEM_COLUMNS: &[&str] = &["attempted", "tests_passed", "time_seconds", "runs", "submissions"];

/// The export as CSV: one row per candidate. The columns up to the `points:SLUG` ones are as
/// they always were; after them, per problem, [`PROBLEM_COLUMNS`], then the team's review.
pub fn to_csv(export: &ReportExport) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> =
        ["name", "email", "status", "score", "max_score", "time_used_seconds", "started_at", "finished_at"]
            .map(str::to_owned)
            .to_vec();
    let slugs: Vec<String> = export.assessment.problems.iter().enumerate().map(|(i, p)| slot_key(i, p)).collect();
    header.extend(slugs.iter().map(|slug| format!("points:{slug}")));
    for slug in &slugs {
        header.extend(PROBLEM_COLUMNS.iter().map(|c| format!("{c}:{slug}")));
    }
    header.extend(["scorecards", "recommendations", "notes"].map(str::to_owned));
    // Which problem each candidate drew from each pool, after everything the CSV always had.
    let pools: Vec<usize> =
        export.assessment.problems.iter().enumerate().filter(|(_, p)| p.pool.is_some()).map(|(i, _)| i).collect();
    header.extend(pools.iter().map(|&i| format!("drawn:{}", slugs[i])));
    writer.write_record(&header)?;
    for row in &export.candidates {
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
        record.extend(row.problems.iter().map(|p| format_points(p.score.score)));
        for p in &row.problems {
            let e = &p.explained;
            let passed = e.tests.iter().filter(|t| t.passed).count();
            record.extend([
                if e.attempted { "yes" } else { "no" }.to_owned(),
                if e.tests.is_empty() { String::new() } else { format!("{passed}/{}", e.tests.len()) },
                e.work.time_spent_seconds.map(|s| s.to_string()).unwrap_or_default(),
                e.work.runs.to_string(),
                e.work.submissions.to_string(),
            ]);
        }
        let recommendations: Vec<&str> = row.scorecards.iter().map(|c| c.recommendation.as_str()).collect();
        record.extend([row.scorecards.len().to_string(), recommendations.join(" "), row.notes.len().to_string()]);
        record.extend(pools.iter().map(|&i| {
            row.problems.iter().find(|p| p.score.slot == i).and_then(|p| p.score.slug.clone()).unwrap_or_default()
        }));
        writer.write_record(&record)?;
    }
    let bytes = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A slot's name in the CSV's headers: its problem's slug, or `poolN` (N from 1) for a pool.
fn slot_key(index: usize, slot: &AssessmentProblemView) -> String {
    slot.slug.clone().unwrap_or_else(|| format!("pool{}", index + 1))
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
