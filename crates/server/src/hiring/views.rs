//! What the hiring team and a candidate in an assessment send and see: plain data, built from
//! the store's records.

use crate::problems::ProblemIndex;
use crate::views::{timestamp, VerdictView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verdict_store::{AssessmentRecord, Draft, InvitationRecord, Millis, ProblemPoints, SlotProblem, SubmissionSummary};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemPointsInput {
    /// The slot's one problem; give either this or `pool`.
    #[serde(default)]
    pub slug: Option<String>,
    /// A pool: 2 to 20 problems, of which each candidate gets one, drawn when they press
    /// Start (the least drawn so far first); give either this or `slug`.
    #[serde(default)]
    pub pool: Option<Vec<String>>,
    pub points: u32,
}

/// What a team sets on an assessment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    pub title: String,
    /// Markdown, shown to candidates before they start.
    #[serde(default)]
    pub instructions: String,
    pub duration_minutes: u32,
    /// RFC 3339: when candidates may start.
    pub opens_at: String,
    /// RFC 3339: after this no one can start (an attempt already started runs to its deadline).
    pub closes_at: String,
    pub problems: Vec<ProblemPointsInput>,
    /// The problem to try before starting; the catalogue's default without it.
    #[serde(default)]
    pub practice_problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AssessmentProblemView {
    /// The slot's problem; null for a pool (its problems are in `pool`).
    pub slug: Option<String>,
    /// The problem's title; for a pool, "Pool of N problems".
    pub title: String,
    /// The problem's kind; `pool` for a pool.
    pub kind: String,
    pub points: u32,
    /// For one of the team's private problems: the version the assessment keeps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_version: Option<u32>,
    /// A pool's problems, in the order the team listed them (absent for one problem).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<Vec<PoolMemberView>>,
}

/// One problem of a pool.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PoolMemberView {
    pub slug: String,
    pub title: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_version: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AssessmentView {
    pub id: String,
    pub title: String,
    pub instructions: String,
    pub instructions_html: String,
    pub duration_minutes: u32,
    pub opens_at: String,
    pub closes_at: String,
    pub practice_problem: Option<String>,
    pub problems: Vec<AssessmentProblemView>,
    pub total_points: u32,
    pub archived: bool,
    pub created_by: String,
    pub created_at: String,
}

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
pub struct StatusCounts {
    pub invited: usize,
    pub started: usize,
    pub finished: usize,
    pub expired: usize,
    pub revoked: usize,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AssessmentSummary {
    pub id: String,
    pub title: String,
    pub duration_minutes: u32,
    pub opens_at: String,
    pub closes_at: String,
    pub archived: bool,
    pub problem_count: usize,
    pub counts: StatusCounts,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AssessmentList {
    pub assessments: Vec<AssessmentSummary>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    pub name: String,
    pub email: String,
    /// Invite even though this email has a live invitation to the assessment (without it, that
    /// is refused with 409 `already_invited`).
    #[serde(default)]
    pub confirm_duplicate: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct InvitationView {
    pub id: String,
    pub name: String,
    pub email: String,
    /// `invited`, `started`, `finished`, `expired` or `revoked`.
    pub status: String,
    pub extra_minutes: i64,
    pub invited_at: String,
    pub started_at: Option<String>,
    pub deadline: Option<String>,
    pub finished_at: Option<String>,
    pub time_used_seconds: Option<i64>,
    /// Points earned so far (the best graded submission of each problem).
    pub score: f64,
    pub max_score: u32,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewInvitationView {
    pub invitation: InvitationView,
    /// The candidate's link: shown this once; only its hash is kept.
    pub link: String,
    /// `queued` (the invitation is in the outbox, to be mailed) or `off` (the service has no
    /// SMTP: pass the link on yourself).
    pub mail: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewInvitationList {
    pub invitations: Vec<NewInvitationView>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InvitationList {
    pub invitations: Vec<InvitationView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraTimeRequest {
    /// Minutes to add, 1 to 600; a candidate's extra time adds up to at most the assessment's
    /// duration.
    pub minutes: u32,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditEventView {
    /// Its place in the log: later entries have larger ids.
    pub id: i64,
    pub at: String,
    /// A team member's email, `candidate`, `system` or `judge`.
    pub actor: String,
    pub action: String,
    pub invitation: Option<String>,
    /// The invited candidate's name, read with the log, so an entry names its candidate as soon
    /// as it is written (after a CSV invite too), whatever the page knows already.
    pub candidate: Option<String>,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditLog {
    pub events: Vec<AuditEventView>,
    /// When older entries remain: the `before` that reads the page before this one.
    pub older_before: Option<i64>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AttemptAssessmentView {
    pub title: String,
    pub instructions_html: String,
    pub duration_minutes: u32,
    pub opens_at: String,
    pub closes_at: String,
    pub problem_count: usize,
    pub total_points: u32,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AttemptProblemView {
    pub slug: String,
    pub title: String,
    pub kind: String,
    pub points: u32,
    pub draft_saved_at: Option<String>,
    pub last_verdict: Option<VerdictView>,
    /// The last submission's share of tests passed, 0 to 1.
    pub last_score: Option<f64>,
    /// The verdict of the submission that counts: the best graded one.
    pub best_verdict: Option<VerdictView>,
    /// The best graded submission's share of tests passed, 0 to 1: what the problem scores
    /// unless a later submission does better (an automatic one never lowers it).
    pub best_score: Option<f64>,
    /// Whether the saved draft differs from the last submission, so Finish (or the deadline)
    /// will submit and grade it.
    pub draft_pending: bool,
}

/// The candidate's attempt as they see it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AttemptView {
    pub assessment: AttemptAssessmentView,
    /// The candidate's name, as the team entered it.
    pub name: String,
    /// `not_open` (the window has not opened), `open` (Start is possible), `started`,
    /// `finished`, or `expired` (the window closed before Start).
    pub status: String,
    pub started_at: Option<String>,
    pub deadline: Option<String>,
    /// Milliseconds left, by the server's clock; null before Start.
    pub remaining_ms: Option<i64>,
    /// The server's time now (RFC 3339), to correct a wrong local clock.
    pub server_time: String,
    /// The problem to try before starting; it does not count.
    pub practice_problem: Option<String>,
    /// Empty before Start.
    pub problems: Vec<AttemptProblemView>,
}

/// A problem's title: a private problem's as the assessment keeps it, else the catalogue's.
pub fn problem_title(problems: &ProblemIndex, problem: &SlotProblem) -> String {
    match (&problem.private, problems.get(&problem.slug)) {
        (Some(private), _) => private.title.clone(),
        (None, Some(e)) => e.problem.manifest.title.clone(),
        (None, None) => problem.slug.clone(),
    }
}

fn problem_kind(problems: &ProblemIndex, problem: &SlotProblem) -> String {
    match (&problem.private, problems.get(&problem.slug)) {
        (Some(private), _) => private.kind.clone(),
        (None, Some(e)) => e.problem.manifest.kind.as_str().to_owned(),
        (None, None) => String::new(),
    }
}

/// One slot of an assessment as its team sees it.
fn slot_view(problems: &ProblemIndex, slot: &ProblemPoints) -> AssessmentProblemView {
    match slot.single() {
        Some(one) => AssessmentProblemView {
            slug: Some(one.slug.clone()),
            title: problem_title(problems, one),
            kind: problem_kind(problems, one),
            points: slot.points,
            private_version: one.private.as_ref().map(|v| v.version),
            pool: None,
        },
        None => AssessmentProblemView {
            slug: None,
            title: format!("Pool of {} problems", slot.members.len()),
            kind: "pool".to_owned(),
            points: slot.points,
            private_version: None,
            pool: Some(
                slot.members
                    .iter()
                    .map(|m| PoolMemberView {
                        slug: m.slug.clone(),
                        title: problem_title(problems, m),
                        kind: problem_kind(problems, m),
                        private_version: m.private.as_ref().map(|v| v.version),
                    })
                    .collect(),
            ),
        },
    }
}

/// One problem of a started attempt as the candidate sees it (the problem drawn for them in a
/// pool's slot, never the pool): its last and its best graded submission, and whether the saved
/// draft differs from the last submission.
pub fn attempt_problem_view(
    problems: &ProblemIndex,
    problem: &SlotProblem,
    points: u32,
    draft: Option<Draft>,
    draft_pending: bool,
    latest: &[SubmissionSummary],
    best: &[SubmissionSummary],
) -> AttemptProblemView {
    let last = latest.iter().find(|l| l.problem == problem.slug);
    let best = best.iter().find(|b| b.problem == problem.slug && b.state.is_final());
    AttemptProblemView {
        slug: problem.slug.clone(),
        title: problem_title(problems, problem),
        kind: problem_kind(problems, problem),
        points,
        draft_saved_at: draft.map(|d| timestamp(d.updated_at)),
        last_verdict: last.and_then(|l| l.verdict.as_deref()).and_then(VerdictView::parse),
        last_score: last.and_then(|l| l.score),
        best_verdict: best.and_then(|b| b.verdict.as_deref()).and_then(VerdictView::parse),
        best_score: best.and_then(|b| b.score),
        draft_pending,
    }
}

/// The candidate's attempt as they see it, with the problems (empty before Start).
pub fn attempt_view(
    now: Millis,
    invitation: &InvitationRecord,
    assessment: &AssessmentRecord,
    practice_problem: Option<String>,
    problems: Vec<AttemptProblemView>,
) -> AttemptView {
    let spec = &assessment.spec;
    AttemptView {
        assessment: AttemptAssessmentView {
            title: spec.title.clone(),
            instructions_html: crate::problems::render_statement(&spec.instructions),
            duration_minutes: (spec.duration_ms / 60_000) as u32,
            opens_at: timestamp(spec.opens_at),
            closes_at: timestamp(spec.closes_at),
            problem_count: spec.problems.len(),
            total_points: spec.problems.iter().map(|p| p.points).sum(),
        },
        name: invitation.name.clone(),
        status: super::rules::attempt_status(now, invitation, assessment).into(),
        started_at: invitation.started_at.map(timestamp),
        deadline: invitation.deadline.map(timestamp),
        remaining_ms: invitation.remaining_ms(now),
        server_time: timestamp(now),
        practice_problem,
        problems,
    }
}

/// An assessment as its team sees it: each problem with its catalogue title and kind.
pub fn assessment_view(
    problems: &ProblemIndex,
    practice_problem: Option<String>,
    record: &AssessmentRecord,
) -> AssessmentView {
    let spec = &record.spec;
    AssessmentView {
        id: record.id.clone(),
        title: spec.title.clone(),
        instructions: spec.instructions.clone(),
        instructions_html: crate::problems::render_statement(&spec.instructions),
        duration_minutes: (spec.duration_ms / 60_000) as u32,
        opens_at: timestamp(spec.opens_at),
        closes_at: timestamp(spec.closes_at),
        practice_problem,
        problems: spec.problems.iter().map(|p| slot_view(problems, p)).collect(),
        total_points: spec.problems.iter().map(|p| p.points).sum(),
        archived: record.archived_at.is_some(),
        created_by: record.created_by.clone(),
        created_at: timestamp(record.created_at),
    }
}

/// An invitation as its team sees it, with the points earned so far.
pub fn invitation_view(
    now: Millis,
    assessment: &AssessmentRecord,
    invitation: &InvitationRecord,
    score: f64,
) -> InvitationView {
    InvitationView {
        id: invitation.id.clone(),
        name: invitation.name.clone(),
        email: invitation.email.clone(),
        status: invitation.status(now, assessment.spec.closes_at).as_str().to_owned(),
        extra_minutes: invitation.extra_ms / 60_000,
        invited_at: timestamp(invitation.created_at),
        started_at: invitation.started_at.map(timestamp),
        deadline: invitation.deadline.map(timestamp),
        finished_at: invitation.finished_at.map(timestamp),
        time_used_seconds: invitation.time_used_ms(now).map(|ms| ms / 1000),
        score,
        max_score: assessment.spec.problems.iter().map(|p| p.points).sum(),
    }
}
