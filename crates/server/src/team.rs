//! What the hiring team's handlers share: the member's own assessment and invitation (another
//! team's answer 404, exactly as one that does not exist), and the team's views of them.

use crate::auth::TeamMember;
use crate::error::ApiError;
use crate::hiring::rules;
use crate::hiring::views::{self, AssessmentView, InvitationView};
use crate::state::AppState;
use crate::store_call::blocking;
use verdict_store::{AssessmentRecord, InvitationRecord};

/// One of the member's team's assessments, or 404.
pub async fn own_assessment(app: &AppState, member: &TeamMember, id: &str) -> Result<AssessmentRecord, ApiError> {
    let (team, id_owned) = (member.0.team.clone(), id.to_owned());
    blocking(&app.store, move |s| s.assessment(&team, &id_owned))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no assessment `{id}`")))
}

/// One of the assessment's invitations, or 404.
pub async fn own_invitation(
    app: &AppState,
    assessment: &AssessmentRecord,
    id: &str,
) -> Result<InvitationRecord, ApiError> {
    let (assessment_id, id_owned) = (assessment.id.clone(), id.to_owned());
    blocking(&app.store, move |s| s.invitation(&assessment_id, &id_owned))
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no invitation `{id}`")))
}

/// The problem to practise on before an assessment, by the rules and this server's default.
pub fn practice_problem(app: &AppState, record: &AssessmentRecord) -> Option<String> {
    rules::practice_problem(record, app.hiring.practice_problem.as_deref(), |slug| app.problems.get(slug).is_some())
}

pub fn assessment_view(app: &AppState, record: &AssessmentRecord) -> AssessmentView {
    views::assessment_view(&app.problems, practice_problem(app, record), record)
}

pub fn invitation_view(
    app: &AppState,
    assessment: &AssessmentRecord,
    invitation: &InvitationRecord,
    score: f64,
) -> InvitationView {
    views::invitation_view(app.clock.now(), assessment, invitation, score)
}
