//! Persistence for the judge service: submissions (stored before they are judged), their
//! per-test progress, candidates' drafts, and the hiring side: teams, users, sessions, API
//! tokens, assessments, invitations, attempts with their draft history, and the audit log.
//!
//! [`Store`] is the interface the server uses, with two engines behind it. [`SqliteStore`] is
//! the embedded default: one SQLite file in WAL mode with one writer and a few readers, written
//! with full fsync so an accepted submission survives a crash. [`PgStore`] keeps everything in
//! a PostgreSQL database that several `verdict serve` nodes share: every write is SERIALIZABLE
//! and runs again when it loses a conflict (SQLSTATE 40001/40P01), so a quota, a cap, a
//! deadline or an attempt's finish holds across nodes as it does behind SQLite's one writer.
//! The rules and their SQL are written once: the domain modules speak to a transaction through
//! `sql::Db` (SQL in the subset both engines share, `?N` parameters, rows as one small value
//! type) and the trait calls are written once on `engine::Engine`. Where the engines differ
//! (types, identity columns, case-insensitive email) each engine's schema says so: every step
//! in `migrations/` has its SQLite file and its PostgreSQL file side by side. This crate never
//! judges, runs or interprets code, never speaks HTTP, and never leaves a change half-written:
//! every method is one transaction.
//!
//! The store is also the judging queue's truth (`queue`): workers on any node claim
//! submissions under leases with heartbeats, and on PostgreSQL hear of new work and progress
//! through NOTIFY (a [`Listener`]); problem packages are kept by content hash. A node without
//! workers leaves its runs (samples, custom input) to other nodes through the store too
//! (`runs`): stored, claimed under a lease, reported, taken and deleted. It is also the
//! outbox: mail and webhook deliveries stored with the change that caused it and claimed for
//! delivery under leases the same way.
//!
//! Modules, lowest first (each uses only those before it): `error`, `clock`, `sql`, `owner`,
//! `listener`, `role`; `schema`; `quota`; `audit`; `outbox` (anything delivered later, and the
//! teams' mail templates); `submissions`, `drafts`, `aids` (practice's hints and write-ups asked for, acceptance), `accounts`, `candidates` (candidates' own accounts), `team`,
//! `assessments`; `draws`
//! (what each attempt got in each slot: a pool's member, a variant's seed); `queue`, `runs`;
//! `questions` (a team's private problems); `judge0` (the Judge0 API's submissions); `webhooks` (endpoints, events stored in the
//! outbox, tries); `invitations`; `review` (notes, scorecards, an attempt's work figures);
//! `attempts`; `activity` (an attempt's events and keystroke recording); `store` (the traits);
//! `engine`; `calls` (the traits on any engine); `sqlite` and `pg` (the engines).

mod accounts;
mod activity;
mod aids;
mod assessments;
mod attempts;
mod audit;
mod calls;
mod candidates;
mod clock;
mod drafts;
mod draws;
mod engine;
mod error;
mod invitations;
mod judge0;
mod listener;
mod outbox;
mod owner;
mod pg;
mod questions;
mod queue;
mod quota;
mod review;
mod role;
mod runs;
mod schema;
mod sql;
mod sqlite;
mod store;
mod submissions;
mod team;
mod webhooks;

pub use accounts::{ApiTokenRecord, User, MAX_API_TOKENS, RESET_MAIL_INTERVAL_MS};
pub use activity::{
    ActivityEvent, Delta, DeltaBatch, Kept, NewEvent, Recording, TeamCode, MAX_ATTEMPT_EVENTS, MAX_EVENT_AGE_MS,
    MAX_RECORDING_BYTES,
};
pub use aids::{Acceptance, AidState};
pub use assessments::{AssessmentRecord, AssessmentSpec, PrivateVersion, ProblemPoints, SlotProblem};
pub use attempts::{DraftRevision, FinishedAttempt, NoticeFn, MAX_DRAFT_REVISIONS};
pub use audit::{AuditEvent, AuditPage, TeamAuditEvent, MAX_AUDIT_PAGE};
pub use candidates::{
    account_owner, CandidateAccount, CandidateSession, DeletedAccount, KeptDraft, LinkMessage, LinkPurpose, Merged,
    SignUp, CANDIDATE_SESSION_MS, MAX_CANDIDATE_SESSIONS, MAX_KEPT_DRAFTS, MAX_PENDING_CANDIDATE_MAIL,
};
pub use clock::{rfc3339, Clock, ManualClock, Millis, SystemClock};
pub use drafts::Draft;
pub use draws::{variant_seed, AttemptSlot};
pub use error::{Result, StoreError};
pub use invitations::{InvitationRecord, InvitationStatus, NewInvitation};
pub use judge0::{Enqueued, Judge0Claim, Judge0Record, Judge0State, NewJudge0, JUDGE0_KEEP, JUDGE0_MAX_KEPT};
pub use listener::{Listener, JOBS_CHANNEL, PROGRESS_CHANNEL, RUNS_CHANNEL};
pub use outbox::{
    backoff, ClaimedMessage, MailTemplate, NewMessage, OutboxRecord, Retry, FIRST_BACKOFF_MS, KEEP_ENDED_MS,
    MAX_ATTEMPTS, MAX_BACKOFF_MS, MAX_PENDING_PER_TEAM,
};
pub use owner::Owner;
pub use pg::{without_password, PgStore, DEFAULT_CONNECTIONS};
pub use questions::{NewQuestion, QuestionRecord, QuestionStatus, MAX_QUESTION_VERSIONS};
pub use queue::{Claim, Lease, MAX_LOST_LEASES};
pub use quota::DEFAULT_CANDIDATE_QUOTA;
pub use review::{NoteRecord, ProblemActivity, Reviewer, ScorecardRecord, MAX_NOTES_PER_CANDIDATE, MAX_NOTE_CHARS};
pub use role::Role;
pub use runs::{NewRun, RunClaim, RunOutcome, RUN_MAX_AGE};
pub use sqlite::{SqliteStore, DATABASE_FILE, DEFAULT_READERS};
pub use store::{
    AidStore, AssessmentStore, CandidateStore, JobStore, Judge0Store, MailStore, QuestionStore, ReviewStore, Store,
    TeamStore, WebhookStore,
};
pub use submissions::{
    points_scored, NewSubmission, Origin, Outcome, ProblemStatus, Stopped, SubmissionRecord, SubmissionState,
    SubmissionSummary, ACCEPTED,
};
pub use team::{Member, NewMember, TeamToken, MAX_TEAM_MEMBERS};
pub use webhooks::{
    WebhookDelivery, WebhookEndpoint, WebhookTarget, WebhookTry, EVENTS as WEBHOOK_EVENTS, MAX_ANSWER_CHARS,
    MAX_TRIES_KEPT, MAX_WEBHOOK_ENDPOINTS, WEBHOOK_KIND,
};
