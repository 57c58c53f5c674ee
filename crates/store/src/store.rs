//! The interface the server uses: plain data in and out, each method one transaction, so
//! another database can sit beside the SQLite one.

use crate::accounts::{ApiTokenRecord, User};
use crate::activity::{ActivityEvent, DeltaBatch, Kept, NewEvent, Recording, TeamCode};
use crate::aids::{Acceptance, AidState};
use crate::assessments::{AssessmentRecord, AssessmentSpec, SlotProblem};
use crate::attempts::{DraftRevision, FinishedAttempt, NoticeFn};
use crate::audit::{AuditPage, TeamAuditEvent};
use crate::candidates::{
    CandidateAccount, CandidateSession, DeletedAccount, KeptDraft, LinkMessage, LinkPurpose, Merged, SignUp,
};
use crate::clock::Millis;
use crate::drafts::Draft;
use crate::draws::AttemptSlot;
use crate::error::Result;
use crate::invitations::{InvitationRecord, NewInvitation};
use crate::judge0::{Enqueued, Judge0Claim, Judge0Record, NewJudge0};
use crate::listener::Listener;
use crate::outbox::{ClaimedMessage, MailTemplate, NewMessage, OutboxRecord, Retry};
use crate::owner::Owner;
use crate::questions::{NewQuestion, QuestionRecord, QuestionStatus};
use crate::queue::{Claim, Lease};
use crate::review::{NoteRecord, ProblemActivity, Reviewer, ScorecardRecord};
use crate::role::Role;
use crate::runs::{NewRun, RunClaim, RunOutcome};
use crate::submissions::{NewSubmission, Outcome, ProblemStatus, SubmissionRecord, SubmissionSummary};
use crate::team::{Member, NewMember, TeamToken};
use crate::webhooks::{WebhookDelivery, WebhookEndpoint, WebhookTarget, WebhookTry};
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;

/// What the server needs from persistence.
pub trait Store:
    AssessmentStore
    + TeamStore
    + JobStore
    + MailStore
    + QuestionStore
    + ReviewStore
    + WebhookStore
    + Judge0Store
    + CandidateStore
    + AidStore
    + Send
    + Sync
    + std::fmt::Debug
    + 'static
{
    /// Stores a new submission in state `queued`.
    fn create_submission(&self, new: &NewSubmission<'_>) -> Result<SubmissionRecord>;
    fn submission(&self, id: &str) -> Result<Option<SubmissionRecord>>;
    /// A candidate's submissions to one problem, newest first.
    fn submissions_of(&self, owner: &Owner, problem: &str, limit: usize) -> Result<Vec<SubmissionSummary>>;
    /// The candidate's standing on every problem they submitted to.
    fn problem_statuses(&self, owner: &Owner) -> Result<HashMap<String, ProblemStatus>>;
    fn draft(&self, owner: &Owner, problem: &str) -> Result<Option<Draft>>;
    fn save_draft(&self, owner: &Owner, problem: &str, code: &str) -> Result<Draft>;
}

/// The judging queue, kept in the store so that every node takes work the same way: claims
/// under leases, and writes that name the lease's token (refused with `LeaseLost` once another
/// claim replaced it). Each method is one transaction.
pub trait JobStore {
    /// Claims the next submission to judge, attempts' before practice, then oldest first: one
    /// `queued`, or `running` under a lease that ran out (its partial results are dropped).
    /// `worker` names the claimer for operators; the lease runs `lease` from the store's now.
    fn claim(&self, worker: &str, lease: Duration) -> Result<Option<Claim>>;
    /// Extends a lease that still holds to `lease` from now, saying whether cancel was asked.
    fn heartbeat(&self, id: &str, token: &str, lease: Duration) -> Result<Lease>;
    /// Records one finished test (replacing an earlier record of the same test).
    fn record_test(&self, id: &str, token: &str, number: u32, result: &Value) -> Result<()>;
    /// Records the final outcome (the tests stay as recorded). Repeating it with the same token
    /// after it succeeded is Ok and changes nothing.
    fn finish(&self, id: &str, token: &str, outcome: &Outcome) -> Result<()>;
    /// Puts a claimed submission back to `queued` without its partial results (shutdown).
    fn release(&self, id: &str, token: &str) -> Result<()>;
    /// Asks a queued or running submission to stop (a queued one ends `cancelled` at once);
    /// false when it is final already.
    fn request_cancel(&self, id: &str) -> Result<bool>;
    /// Submissions (queued, running).
    fn queue_depth(&self) -> Result<(u64, u64)>;
    /// Keeps a problem package under its content hash; the same hash again changes nothing.
    fn put_package(&self, hash: &str, slug: &str, bytes: &[u8]) -> Result<()>;
    /// A package's bytes by content hash.
    fn package(&self, hash: &str) -> Result<Option<Vec<u8>>>;
    /// A connection of its own that hears notices on `channels` from other nodes (PostgreSQL);
    /// None on SQLite, which serves one process.
    fn listen(&self, channels: &[&str]) -> Result<Option<Listener>>;

    /// Stores a run for the workers of any node (a node without workers of its own) and wakes
    /// them (`verdict_jobs`).
    fn enqueue_run(&self, new: &NewRun<'_>) -> Result<()>;
    /// Claims the oldest stored run that is not judged and not held under a lease that still
    /// runs, after deleting every run older than [`crate::RUN_MAX_AGE`]. The lease runs
    /// `lease` from the store's now.
    fn claim_run(&self, worker: &str, lease: Duration) -> Result<Option<RunClaim>>;
    /// Extends a run's lease to `lease` from now; false once it is lost.
    fn heartbeat_run(&self, id: &str, token: &str, lease: Duration) -> Result<bool>;
    /// Writes a run's outcome under its lease and tells the waiting node (`verdict_runs`).
    /// Repeating it with the same token is Ok; another token's is LeaseLost; NoRun once the
    /// waiting node gave up.
    fn finish_run(&self, id: &str, token: &str, outcome: &RunOutcome) -> Result<()>;
    /// Takes a judged run's outcome, deleting the run; None while it waits or is judged, NoRun
    /// when it is not stored.
    fn take_run(&self, id: &str) -> Result<Option<RunOutcome>>;
    /// Deletes a run whose node no longer waits for it, judged or not; false when it was not
    /// stored.
    fn abandon_run(&self, id: &str) -> Result<bool>;
    /// Runs stored and not yet taken, on every node.
    fn pending_runs(&self) -> Result<u64>;
}

/// What the hiring side needs from persistence. Each method is one transaction.
pub trait AssessmentStore {
    /// Creates a user (and their team, if no team has that name) waiting for a password.
    fn create_user(
        &self,
        id: &str,
        email: &str,
        team_name: &str,
        role: Role,
        setup_hash: &str,
        setup_expires_at: Millis,
    ) -> Result<User>;
    /// Uses up a setup token: sets the password hash. None when the token is unknown, used or
    /// expired.
    fn complete_setup(&self, setup_hash: &str, password_hash: &str) -> Result<Option<User>>;
    /// The user an unused, unexpired setup token belongs to (checked before the costly hash).
    fn setup_user(&self, setup_hash: &str) -> Result<Option<User>>;
    /// A user and their password hash (None before setup), by email (case-insensitive).
    fn user_for_login(&self, email: &str) -> Result<Option<(User, Option<String>)>>;
    fn create_session(&self, user: &str, token_hash: &str, expires_at: Millis) -> Result<()>;
    /// The user of an unexpired session.
    fn session_user(&self, token_hash: &str) -> Result<Option<User>>;
    fn delete_session(&self, token_hash: &str) -> Result<()>;
    /// Makes an API token acting with `role` (None: its creator's role at each use), a
    /// Conflict `too_many_tokens` past [`crate::MAX_API_TOKENS`]; noted in the team's log.
    fn create_api_token(
        &self,
        user: &User,
        id: &str,
        name: &str,
        role: Option<Role>,
        token_hash: &str,
    ) -> Result<ApiTokenRecord>;
    fn api_tokens(&self, user: &str) -> Result<Vec<ApiTokenRecord>>;
    /// Revokes one of the user's own tokens, noted in the team's log; false when they have no
    /// such token.
    fn delete_api_token(&self, user: &User, id: &str) -> Result<bool>;
    /// The user of an API token, noting its use, with the lower of their role and the token's.
    fn api_token_user(&self, token_hash: &str) -> Result<Option<User>>;

    fn create_assessment(&self, team: &str, id: &str, spec: &AssessmentSpec, actor: &str) -> Result<AssessmentRecord>;
    fn assessment(&self, team: &str, id: &str) -> Result<Option<AssessmentRecord>>;
    /// The team's assessments, newest first.
    fn assessments(&self, team: &str) -> Result<Vec<AssessmentRecord>>;
    /// Replaces the spec; a Conflict once a candidate started if the problems or duration change.
    fn update_assessment(
        &self,
        team: &str,
        id: &str,
        spec: &AssessmentSpec,
        actor: &str,
    ) -> Result<Option<AssessmentRecord>>;
    fn set_archived(&self, team: &str, id: &str, archived: bool, actor: &str) -> Result<Option<AssessmentRecord>>;

    /// Creates every invitation or none.
    fn create_invitations(
        &self,
        assessment: &str,
        new: &[NewInvitation],
        actor: &str,
    ) -> Result<Vec<InvitationRecord>> {
        self.create_invitations_with_mail(assessment, new, &[], actor)
    }
    /// Creates every invitation and stores `outbox` (their mail) in the same transaction, all
    /// or none: a Conflict `outbox_full` past the team's cap of waiting messages.
    fn create_invitations_with_mail(
        &self,
        assessment: &str,
        new: &[NewInvitation],
        outbox: &[NewMessage],
        actor: &str,
    ) -> Result<Vec<InvitationRecord>>;
    /// Live invitations (invited or started) to the assessment for this email, any case.
    fn live_invitations_for(&self, assessment: &str, email: &str) -> Result<Vec<InvitationRecord>>;
    /// Replaces an invitation's link by one with `link_hash` (the old link stops working) and
    /// stores the message `message` makes, if any, in the same transaction; a Conflict once it is
    /// finished, expired (`invitation_closed`) or revoked (`link_revoked`).
    fn rotate_link(
        &self,
        assessment: &str,
        id: &str,
        link_hash: &str,
        message: &(dyn Fn(&InvitationRecord) -> Option<NewMessage> + Sync),
        actor: &str,
    ) -> Result<InvitationRecord>;
    /// An assessment's invitations, oldest first.
    fn invitations(&self, assessment: &str) -> Result<Vec<InvitationRecord>>;
    fn invitation(&self, assessment: &str, id: &str) -> Result<Option<InvitationRecord>>;
    /// The invitation a link's token hash names, with its assessment.
    fn invitation_by_link(&self, link_hash: &str) -> Result<Option<(InvitationRecord, AssessmentRecord)>>;
    /// Adds time before or during the attempt (a running deadline moves); a Conflict once
    /// finished or revoked.
    fn add_extra_time(&self, assessment: &str, id: &str, extra_ms: Millis, actor: &str) -> Result<InvitationRecord>;
    fn revoke_invitation(&self, assessment: &str, id: &str, actor: &str) -> Result<InvitationRecord>;

    /// Starts the timer (once: starting again returns the attempt as it is); no problem of
    /// the assessment makes variants.
    fn start_attempt(&self, invitation: &str, duration_ms: Millis) -> Result<InvitationRecord> {
        self.start_attempt_with_variants(invitation, duration_ms, &|_| false)
    }
    /// Starts the timer (once) and fixes in the same transaction what the candidate gets in
    /// each slot: a pool's member (the least drawn so far), and a seed of their own for a
    /// problem `has_variants` says makes per-candidate variants.
    fn start_attempt_with_variants(
        &self,
        invitation: &str,
        duration_ms: Millis,
        has_variants: &dyn Fn(&SlotProblem) -> bool,
    ) -> Result<InvitationRecord>;
    /// Every slot of an attempt with what the candidate got in it (a pool's slot has nothing
    /// before Start).
    fn attempt_slots(&self, invitation: &str) -> Result<Vec<AttemptSlot>>;
    /// Finishes an attempt (once): every problem whose last draft differs from its last
    /// submission gets that draft submitted, queued in the same transaction so a crash cannot
    /// lose it, judged against the package `package_of` names for its problem (by slug).
    fn finish_attempt(
        &self,
        invitation: &str,
        reason: &str,
        new_id: &mut dyn FnMut() -> String,
        package_of: &dyn Fn(&str) -> Option<String>,
    ) -> Result<FinishedAttempt> {
        self.finish_attempt_with_notice(invitation, reason, new_id, package_of, None)
    }
    /// [`AssessmentStore::finish_attempt`], storing the message `notice` makes (the team's
    /// completion notice) in the same transaction when this call is the one that finishes it.
    fn finish_attempt_with_notice(
        &self,
        invitation: &str,
        reason: &str,
        new_id: &mut dyn FnMut() -> String,
        package_of: &dyn Fn(&str) -> Option<String>,
        notice: Option<&NoticeFn<'_>>,
    ) -> Result<FinishedAttempt>;
    /// Attempts past their deadline that have not been finished.
    fn due_attempts(&self) -> Result<Vec<String>>;
    /// Saves a revision of a draft, refused with TimeOver after the deadline.
    fn save_attempt_draft(&self, invitation: &str, problem: &str, code: &str, via: &str) -> Result<Draft>;
    fn attempt_draft(&self, invitation: &str, problem: &str) -> Result<Option<Draft>>;
    /// Every revision of a draft, oldest first.
    fn draft_history(&self, invitation: &str, problem: &str) -> Result<Vec<DraftRevision>>;
    /// Stores a submission of an attempt and its code as a draft revision, refused with
    /// TimeOver after the deadline.
    fn create_attempt_submission(&self, invitation: &str, new: &NewSubmission<'_>) -> Result<SubmissionRecord>;
    /// The last submission to each problem.
    /// Records what the attempt's page reports for one problem (events, and a batch of the
    /// editor's deltas whose `at` are ages in ms), refused with TimeOver after the deadline;
    /// past the caps the rest is dropped and the answer says what is cut.
    fn record_activity(
        &self,
        invitation: &str,
        problem: &str,
        events: &[NewEvent],
        deltas: Option<&DeltaBatch>,
    ) -> Result<Kept>;
    /// Every event of an attempt, in the order they were stored.
    fn activity_events(&self, invitation: &str) -> Result<Vec<ActivityEvent>>;
    /// One problem's keystroke recording of an attempt.
    fn recording(&self, invitation: &str, problem: &str) -> Result<Recording>;
    /// The last saved code of the team's attempts at a problem in its other assessments,
    /// newest start first, at most `limit`.
    fn team_codes(&self, team: &str, problem: &str, except: &str, limit: u32) -> Result<Vec<TeamCode>>;
    fn latest_submissions(&self, owner: &Owner) -> Result<Vec<SubmissionSummary>>;
    /// Per problem, the submission that counts for the score: the best graded one (the latest
    /// of equal scores), or while none is graded the latest one.
    fn best_submissions(&self, owner: &Owner) -> Result<Vec<SubmissionSummary>>;
    fn record_audit(
        &self,
        assessment: &str,
        actor: &str,
        action: &str,
        invitation: Option<&str>,
        detail: &Value,
    ) -> Result<()>;
    /// A page of the assessment's audit log: the newest `limit` entries (at most
    /// [`crate::MAX_AUDIT_PAGE`]) with ids below `before`, oldest first.
    fn audit(&self, assessment: &str, before: Option<i64>, limit: u32) -> Result<AuditPage>;
}

/// What a team's admins manage: its members, their roles and their API tokens, each change in
/// the team's audit log. Each method is one transaction.
pub trait TeamStore {
    /// The team's members, oldest first.
    fn members(&self, team: &str) -> Result<Vec<Member>>;
    /// Adds a teammate waiting for a password (DuplicateEmail for an email any team has, a
    /// Conflict `team_full` past [`crate::MAX_TEAM_MEMBERS`]).
    fn invite_member(&self, team: &str, new: &NewMember<'_>, actor: &str) -> Result<Member>;
    /// Changes a member's role; None when the team has no such member, a Conflict `last_admin`
    /// when it would leave no admin who can sign in.
    fn set_role(&self, team: &str, id: &str, role: Role, actor: &str) -> Result<Option<Member>>;
    /// Removes a member, ending their sessions and revoking their tokens; false when the team
    /// has no such member, a Conflict `last_admin` when it would leave no admin who can sign in.
    fn remove_member(&self, team: &str, id: &str, actor: &str) -> Result<bool>;
    /// Every member's API tokens, oldest first.
    fn team_tokens(&self, team: &str) -> Result<Vec<TeamToken>>;
    /// Revokes any member's token; false when no member of the team has it.
    fn revoke_team_token(&self, team: &str, id: &str, actor: &str) -> Result<bool>;
    /// The team's newest `limit` log entries, oldest first.
    fn team_audit(&self, team: &str, limit: u32) -> Result<Vec<TeamAuditEvent>>;
}

/// A team's private problems, by slug and version. Each method is one transaction and names
/// the team.
pub trait QuestionStore {
    /// Adds the next version of a slug with its package (deleting the slug's rejected
    /// versions); a Conflict `too_many_versions` past [`crate::MAX_QUESTION_VERSIONS`].
    fn add_question(&self, team: &str, new: &NewQuestion<'_>, actor: &str) -> Result<QuestionRecord>;
    /// Ends the check of a version still `checking`; false when it is not.
    fn finish_question_check(
        &self,
        team: &str,
        slug: &str,
        version: u32,
        status: QuestionStatus,
        findings: &str,
    ) -> Result<bool>;
    /// The newest version of each of the team's slugs, by slug.
    fn questions(&self, team: &str) -> Result<Vec<QuestionRecord>>;
    /// One version of a slug, or its newest (None).
    fn question(&self, team: &str, slug: &str, version: Option<u32>) -> Result<Option<QuestionRecord>>;
    /// The newest accepted version of a slug.
    fn accepted_question(&self, team: &str, slug: &str) -> Result<Option<QuestionRecord>>;
    /// Versions of every team still `checking` that were stored before `stored_before`, oldest
    /// first, `limit` at most: checks a restart cut, for a node to run again when it starts.
    fn unfinished_question_checks(&self, stored_before: Millis, limit: u32) -> Result<Vec<QuestionRecord>>;
}

/// The outbox (anything delivered later: mail, webhooks), the mail that changes on
/// accounts and invitations cause, and the teams' templates. Each method is one transaction.
pub trait MailStore {
    /// Stores a message on its own (a change with a message stores it in its own transaction).
    fn enqueue(&self, message: &NewMessage) -> Result<String>;
    /// Claims up to `limit` due mail messages (not webhook deliveries, which
    /// [`WebhookStore::claim_webhooks`] takes) under a lease of `lease` from now; each claim is a
    /// try.
    fn claim_messages(&self, lease: Duration, limit: u32) -> Result<Vec<ClaimedMessage>>;
    /// Marks a claimed message sent; false when its lease no longer holds.
    fn mark_sent(&self, id: &str, token: &str) -> Result<bool>;
    /// Records a failed try: a retry later, or failed for good after the last try.
    fn mark_failed(&self, id: &str, token: &str, error: &str) -> Result<Retry>;
    /// The newest `limit` messages, newest first, without their secrets.
    fn recent_messages(&self, limit: u32) -> Result<Vec<OutboxRecord>>;
    /// Starts a password reset for the user with `email`, storing the token's hash and the
    /// message `message` makes in one transaction (one live reset per user). None, storing
    /// nothing, when no user has that email or their last reset is under
    /// [`crate::RESET_MAIL_INTERVAL_MS`] old.
    fn start_password_reset(
        &self,
        email: &str,
        token_hash: &str,
        expires_at: Millis,
        message: &(dyn Fn(&User) -> NewMessage + Sync),
    ) -> Result<Option<User>>;
    /// The user of an unused, unexpired reset token (checked before the costly hash).
    fn reset_user(&self, token_hash: &str) -> Result<Option<User>>;
    /// Uses up a reset token: sets the password hash and ends the user's sessions. None for an
    /// unknown, used or expired token.
    fn complete_password_reset(&self, token_hash: &str, password_hash: &str) -> Result<Option<User>>;
    /// Stores a reminder for each invitation never started whose window closes within
    /// `lead_ms`, once per invitation, at most `limit` a call. How many were stored.
    fn queue_reminders(
        &self,
        lead_ms: Millis,
        limit: u32,
        message: &(dyn Fn(&InvitationRecord, &AssessmentRecord) -> NewMessage + Sync),
    ) -> Result<u32>;
    fn mail_template(&self, team: &str, kind: &str) -> Result<Option<MailTemplate>>;
    /// Sets a team's template of a kind (subject, text, html), or with None the default again.
    fn put_mail_template(&self, team: &str, kind: &str, template: Option<(&str, &str, Option<&str>)>) -> Result<()>;
}

/// The team's review of a candidate (notes, scorecards) and the figures of an attempt's work.
/// Each method is one transaction; each change is in the assessment's audit log.
pub trait ReviewStore {
    /// The invitation's notes, oldest first.
    fn notes(&self, invitation: &str) -> Result<Vec<NoteRecord>>;
    /// Adds a note; a Conflict `too_many_notes` past [`crate::MAX_NOTES_PER_CANDIDATE`].
    fn add_note(&self, invitation: &str, id: &str, author: Reviewer<'_>, text: &str) -> Result<NoteRecord>;
    /// Replaces a note's text: Missing for no such note of the invitation, a Conflict
    /// `not_author` for another member's.
    fn edit_note(&self, invitation: &str, id: &str, author: Reviewer<'_>, text: &str) -> Result<NoteRecord>;
    /// Deletes a note, with the same refusals as [`ReviewStore::edit_note`].
    fn delete_note(&self, invitation: &str, id: &str, author: Reviewer<'_>) -> Result<()>;
    /// The invitation's scorecards, one per member who filled one.
    fn scorecards(&self, invitation: &str) -> Result<Vec<ScorecardRecord>>;
    /// Makes or replaces the author's one scorecard of the invitation.
    fn put_scorecard(
        &self,
        invitation: &str,
        author: Reviewer<'_>,
        ratings: &Value,
        recommendation: &str,
    ) -> Result<ScorecardRecord>;
    /// Per problem the attempt touched: runs, submissions and the span of its saves.
    fn activity(&self, invitation: &str) -> Result<Vec<ProblemActivity>>;
}

/// A team's webhook endpoints and their deliveries (outbox messages of kind `webhook`, stored
/// with the changes they tell of). Each method is one transaction.
pub trait WebhookStore {
    /// Adds an endpoint with its signing secret, noted in the team's log; a Conflict
    /// `too_many_endpoints` past [`crate::MAX_WEBHOOK_ENDPOINTS`].
    fn create_webhook(&self, new: &WebhookEndpoint, secret: &str, actor: &str) -> Result<WebhookEndpoint>;
    /// The team's endpoints, oldest first (no secrets).
    fn webhooks(&self, team: &str) -> Result<Vec<WebhookEndpoint>>;
    fn webhook(&self, team: &str, id: &str) -> Result<Option<WebhookEndpoint>>;
    /// Replaces an endpoint's URL, events and switch, and with `secret` its secret (a rotation);
    /// noted in the team's log. None when the team has no such endpoint.
    fn update_webhook(
        &self,
        changed: &WebhookEndpoint,
        secret: Option<&str>,
        actor: &str,
    ) -> Result<Option<WebhookEndpoint>>;
    /// Deletes an endpoint, noted in the team's log; false when the team has no such endpoint.
    fn delete_webhook(&self, team: &str, id: &str, actor: &str) -> Result<bool>;
    /// Claims up to `limit` due webhook deliveries under a lease of `lease` from now.
    fn claim_webhooks(&self, lease: Duration, limit: u32) -> Result<Vec<ClaimedMessage>>;
    /// Where an endpoint's deliveries go and their secret; None once it was deleted.
    fn webhook_target(&self, endpoint: &str) -> Result<Option<WebhookTarget>>;
    /// Keeps a try of a claimed delivery and marks it sent (`delivered`) or tried, in one
    /// transaction: None when it was marked sent, else what became of it.
    fn finish_webhook_try(&self, id: &str, token: &str, attempt: &WebhookTry, delivered: bool)
        -> Result<Option<Retry>>;
    /// The team's newest `limit` deliveries with their tries, newest first.
    fn webhook_deliveries(&self, team: &str, limit: u32) -> Result<Vec<WebhookDelivery>>;
    /// Stores a delivery's event again as a new delivery to the same endpoint, due at once; None
    /// when the team has no such delivery, a Conflict `outbox_full` past the team's cap.
    fn redeliver_webhook(&self, team: &str, delivery: &str) -> Result<Option<String>>;
}

/// Submissions of the Judge0 CE compatible API (`crate::judge0`): stored, claimed under leases
/// by any node serving that API, and read back by token. Each method is one transaction.
pub trait Judge0Store {
    /// Stores every submission of a batch as waiting, or none ([`Enqueued::Full`]) when the
    /// rows waiting or running would pass `most_pending`.
    fn judge0_enqueue(&self, batch: &[NewJudge0<'_>], most_pending: u64) -> Result<Enqueued>;
    /// Deletes finished rows kept too long or beyond the count, then claims the oldest waiting
    /// submission (or a running one whose lease ran out) for `worker`, the lease running
    /// `lease` from the store's now.
    fn judge0_claim(&self, worker: &str, lease: Duration) -> Result<Option<Judge0Claim>>;
    /// Writes a claimed submission's result under its lease (LeaseLost once it is not held).
    fn judge0_finish(&self, token: &str, lease: &str, result: &str) -> Result<()>;
    /// The stored submissions of these tokens (unknown ones left out).
    fn judge0_read(&self, tokens: &[&str]) -> Result<Vec<Judge0Record>>;
    /// Submissions waiting or running, on every node.
    fn judge0_pending(&self) -> Result<u64>;
}

/// Candidates' own accounts (`crate::candidates`): sign-up, one-time links, sessions that carry
/// an anonymous browser's work over, and deletion with everything the account owns. Each method
/// is one transaction.
pub trait CandidateStore {
    /// Signs up an email with a password hash; with `link` (mail on) a verify link (or, for an
    /// address already verified, a sign-in link) is stored and its message queued in the same
    /// transaction; without, the account is verified at once, and a taken address is a
    /// Conflict `email_taken`.
    fn sign_up(
        &self,
        id: &str,
        email: &str,
        password_hash: &str,
        link: Option<(&str, LinkMessage<'_>)>,
    ) -> Result<SignUp>;
    /// The account with this email (any case) and its password hash.
    fn candidate_for_login(&self, email: &str) -> Result<Option<(CandidateAccount, String)>>;
    /// Mails a sign-in or reset link to the account with `email`; None, storing nothing, when
    /// there is none, or one of that purpose was mailed under a few minutes ago.
    fn request_candidate_link(
        &self,
        email: &str,
        purpose: LinkPurpose,
        token_hash: &str,
        message: LinkMessage<'_>,
    ) -> Result<Option<CandidateAccount>>;
    /// The account of an unused, unexpired link (checked before the costly hash).
    fn candidate_link(&self, purpose: LinkPurpose, token_hash: &str) -> Result<Option<CandidateAccount>>;
    /// Uses up a link (a verify or reset link proves the address; a reset link with a password
    /// hash sets it and ends every session). None for an unknown, used or expired link.
    fn use_candidate_link(
        &self,
        purpose: LinkPurpose,
        token_hash: &str,
        password_hash: Option<&str>,
    ) -> Result<Option<CandidateAccount>>;
    /// Starts a session and moves the browser's anonymous work (`anonymous`) to the account in
    /// the same transaction.
    fn start_candidate_session(
        &self,
        account: &str,
        token_hash: &str,
        expires_at: Millis,
        anonymous: Option<&Owner>,
    ) -> Result<Merged>;
    /// The account of an unexpired session.
    fn candidate_session(&self, token_hash: &str) -> Result<Option<CandidateSession>>;
    fn end_candidate_session(&self, token_hash: &str) -> Result<()>;
    /// Drafts set aside by merges, newest first.
    fn kept_drafts(&self, account: &str) -> Result<Vec<KeptDraft>>;
    /// Deletes the account and everything it owns; None when there is no such account.
    fn delete_candidate_account(&self, account: &str) -> Result<Option<DeletedAccount>>;
}

/// Practice's learning aids (issue 22): what each practice owner revealed, and acceptance.
/// Each method is one transaction. Callers pass practice owners only.
pub trait AidStore {
    /// What `owner` asked of `problem`'s aids (nothing yet: the default).
    fn aid_state(&self, owner: &Owner, problem: &str) -> Result<AidState>;
    /// Reveals the next hint: the state after, or None when all `available` are revealed.
    fn reveal_hint(&self, owner: &Owner, problem: &str, available: u32) -> Result<Option<AidState>>;
    /// Remembers that `owner` asked for `problem`'s write-up; the state after.
    fn ask_writeup(&self, owner: &Owner, problem: &str) -> Result<AidState>;
    /// Moves every aid row of `from` to `to` (a candidate signing up keeps what they revealed),
    /// merging with `to`'s own; how many rows of `from` moved.
    fn move_practice_aids(&self, from: &Owner, to: &Owner) -> Result<u64>;
    /// Every problem's acceptance over practice candidates, by slug (one aggregate query).
    fn acceptance(&self) -> Result<HashMap<String, Acceptance>>;
}
