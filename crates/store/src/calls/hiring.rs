//! The hiring side's calls (accounts, assessments, invitations, attempts, audit), written once for
//! every engine. A call that changes anything, even a "last used" time, writes.

use crate::accounts::{self, ApiTokenRecord, User};
use crate::activity::{self, ActivityEvent, DeltaBatch, Kept, NewEvent, Recording, TeamCode};
use crate::assessments::{self, AssessmentRecord, AssessmentSpec, SlotProblem};
use crate::attempts::{self, DraftRevision, FinishedAttempt, NoticeFn};
use crate::audit::{self, AuditPage};
use crate::clock::Millis;
use crate::drafts::Draft;
use crate::draws::{self, AttemptSlot};
use crate::engine::Engine;
use crate::error::Result;
use crate::invitations::{self, InvitationRecord, NewInvitation};
use crate::outbox::NewMessage;
use crate::owner::Owner;
use crate::role::Role;
use crate::store::AssessmentStore;
use crate::submissions::{self, NewSubmission, SubmissionRecord, SubmissionSummary};
use serde_json::Value;

impl<E: Engine> AssessmentStore for E {
    fn create_user(
        &self,
        id: &str,
        email: &str,
        team_name: &str,
        role: Role,
        setup_hash: &str,
        setup_expires_at: Millis,
    ) -> Result<User> {
        self.write(|tx, now| accounts::create_user(tx, now, id, email, team_name, role, setup_hash, setup_expires_at))
    }

    fn complete_setup(&self, setup_hash: &str, password_hash: &str) -> Result<Option<User>> {
        self.write(|tx, now| accounts::complete_setup(tx, now, setup_hash, password_hash))
    }

    fn setup_user(&self, setup_hash: &str) -> Result<Option<User>> {
        self.read(|c, now| accounts::setup_user(c, now, setup_hash))
    }

    fn user_for_login(&self, email: &str) -> Result<Option<(User, Option<String>)>> {
        self.read(|c, _| accounts::user_for_login(c, email))
    }

    fn create_session(&self, user: &str, token_hash: &str, expires_at: Millis) -> Result<()> {
        self.write(|tx, now| accounts::create_session(tx, now, user, token_hash, expires_at))
    }

    fn session_user(&self, token_hash: &str) -> Result<Option<User>> {
        self.read(|c, now| accounts::session_user(c, now, token_hash))
    }

    fn delete_session(&self, token_hash: &str) -> Result<()> {
        self.write(|tx, _| accounts::delete_session(tx, token_hash))
    }

    fn create_api_token(
        &self,
        user: &User,
        id: &str,
        name: &str,
        role: Option<Role>,
        token_hash: &str,
    ) -> Result<ApiTokenRecord> {
        self.write(|tx, now| accounts::create_api_token(tx, now, user, id, name, role, token_hash))
    }

    fn api_tokens(&self, user: &str) -> Result<Vec<ApiTokenRecord>> {
        self.read(|c, _| accounts::api_tokens(c, user))
    }

    fn delete_api_token(&self, user: &User, id: &str) -> Result<bool> {
        self.write(|tx, now| accounts::delete_api_token(tx, now, user, id, &user.email))
    }

    fn api_token_user(&self, token_hash: &str) -> Result<Option<User>> {
        self.write(|tx, now| accounts::api_token_user(tx, now, token_hash))
    }

    fn create_assessment(&self, team: &str, id: &str, spec: &AssessmentSpec, actor: &str) -> Result<AssessmentRecord> {
        self.write(|tx, now| assessments::create_assessment(tx, now, team, id, spec, actor))
    }

    fn assessment(&self, team: &str, id: &str) -> Result<Option<AssessmentRecord>> {
        self.read(|c, _| assessments::assessment(c, team, id))
    }

    fn assessments(&self, team: &str) -> Result<Vec<AssessmentRecord>> {
        self.read(|c, _| assessments::assessments(c, team))
    }

    fn update_assessment(
        &self,
        team: &str,
        id: &str,
        spec: &AssessmentSpec,
        actor: &str,
    ) -> Result<Option<AssessmentRecord>> {
        self.write(|tx, now| assessments::update_assessment(tx, now, team, id, spec, actor))
    }

    fn set_archived(&self, team: &str, id: &str, archived: bool, actor: &str) -> Result<Option<AssessmentRecord>> {
        self.write(|tx, now| assessments::set_archived(tx, now, team, id, archived, actor))
    }

    fn create_invitations_with_mail(
        &self,
        assessment: &str,
        new: &[NewInvitation],
        outbox: &[NewMessage],
        actor: &str,
    ) -> Result<Vec<InvitationRecord>> {
        self.write(|tx, now| invitations::create_invitations(tx, now, assessment, new, outbox, actor))
    }

    fn live_invitations_for(&self, assessment: &str, email: &str) -> Result<Vec<InvitationRecord>> {
        self.read(|c, now| invitations::live_invitations_for(c, now, assessment, email))
    }

    fn rotate_link(
        &self,
        assessment: &str,
        id: &str,
        link_hash: &str,
        message: &(dyn Fn(&InvitationRecord) -> Option<NewMessage> + Sync),
        actor: &str,
    ) -> Result<InvitationRecord> {
        self.write(|tx, now| invitations::rotate_link(tx, now, assessment, id, link_hash, message, actor))
    }

    fn invitations(&self, assessment: &str) -> Result<Vec<InvitationRecord>> {
        self.read(|c, _| invitations::invitations(c, assessment))
    }

    fn invitation(&self, assessment: &str, id: &str) -> Result<Option<InvitationRecord>> {
        self.read(|c, _| invitations::invitation(c, assessment, id))
    }

    fn invitation_by_link(&self, link_hash: &str) -> Result<Option<(InvitationRecord, AssessmentRecord)>> {
        self.read(|c, _| invitations::invitation_by_link(c, link_hash))
    }

    fn add_extra_time(&self, assessment: &str, id: &str, extra_ms: Millis, actor: &str) -> Result<InvitationRecord> {
        self.write(|tx, now| invitations::add_extra_time(tx, now, assessment, id, extra_ms, actor))
    }

    fn revoke_invitation(&self, assessment: &str, id: &str, actor: &str) -> Result<InvitationRecord> {
        self.write(|tx, now| invitations::revoke_invitation(tx, now, assessment, id, actor))
    }

    fn start_attempt_with_variants(
        &self,
        invitation: &str,
        duration_ms: Millis,
        has_variants: &dyn Fn(&SlotProblem) -> bool,
    ) -> Result<InvitationRecord> {
        self.write(|tx, now| attempts::start_attempt(tx, now, invitation, duration_ms, has_variants))
    }

    fn attempt_slots(&self, invitation: &str) -> Result<Vec<AttemptSlot>> {
        self.read(|c, _| {
            let assessment = invitations::read_invitation(c, invitation)?.assessment;
            draws::attempt_slots(c, invitation, &assessment)
        })
    }

    fn finish_attempt_with_notice(
        &self,
        invitation: &str,
        reason: &str,
        new_id: &mut dyn FnMut() -> String,
        package_of: &dyn Fn(&str) -> Option<String>,
        notice: Option<&NoticeFn<'_>>,
    ) -> Result<FinishedAttempt> {
        self.write(|tx, now| attempts::finish_attempt(tx, now, invitation, reason, new_id, package_of, notice))
    }

    fn due_attempts(&self) -> Result<Vec<String>> {
        self.read(|c, now| attempts::due_attempts(c, now))
    }

    fn save_attempt_draft(&self, invitation: &str, problem: &str, code: &str, via: &str) -> Result<Draft> {
        self.write(|tx, now| {
            let draft = attempts::save_attempt_draft(tx, now, invitation, problem, code, via)?;
            if via == "run" {
                // The team's timeline shows every run, also of code that did not change since
                // the last revision, written with the revision and the report's count of runs.
                let run = crate::activity::NewEvent { kind: "run".into(), age_ms: 0, chars: None };
                crate::activity::append_events(tx, now, invitation, problem, &[run])?;
            }
            Ok(draft)
        })
    }

    fn attempt_draft(&self, invitation: &str, problem: &str) -> Result<Option<Draft>> {
        self.read(|c, _| attempts::attempt_draft(c, invitation, problem))
    }

    fn draft_history(&self, invitation: &str, problem: &str) -> Result<Vec<DraftRevision>> {
        self.read(|c, _| attempts::draft_history(c, invitation, problem))
    }

    fn create_attempt_submission(&self, invitation: &str, new: &NewSubmission<'_>) -> Result<SubmissionRecord> {
        let quota = self.candidate_quota();
        self.write(|tx, now| attempts::create_attempt_submission(tx, now, invitation, new, quota))
    }

    fn record_activity(
        &self,
        invitation: &str,
        problem: &str,
        events: &[NewEvent],
        deltas: Option<&DeltaBatch>,
    ) -> Result<Kept> {
        self.write(|tx, now| activity::record_activity(tx, now, invitation, problem, events, deltas))
    }

    fn activity_events(&self, invitation: &str) -> Result<Vec<ActivityEvent>> {
        self.read(|c, _| activity::activity_events(c, invitation))
    }

    fn recording(&self, invitation: &str, problem: &str) -> Result<Recording> {
        self.read(|c, _| activity::recording(c, invitation, problem))
    }

    fn team_codes(&self, team: &str, problem: &str, except: &str, limit: u32) -> Result<Vec<TeamCode>> {
        self.read(|c, _| activity::team_codes(c, team, problem, except, limit))
    }

    fn latest_submissions(&self, owner: &Owner) -> Result<Vec<SubmissionSummary>> {
        self.read(|c, _| submissions::latest_submissions(c, owner))
    }

    fn best_submissions(&self, owner: &Owner) -> Result<Vec<SubmissionSummary>> {
        self.read(|c, _| submissions::best_submissions(c, owner))
    }

    fn record_audit(
        &self,
        assessment: &str,
        actor: &str,
        action: &str,
        invitation: Option<&str>,
        detail: &Value,
    ) -> Result<()> {
        self.write(|tx, now| audit::audit_in(tx, now, assessment, actor, action, invitation, detail))
    }

    fn audit(&self, assessment: &str, before: Option<i64>, limit: u32) -> Result<AuditPage> {
        self.read(|c, _| audit::audit(c, assessment, before, limit))
    }
}
