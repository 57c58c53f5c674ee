//! Persistence for the judge service: submissions (stored before they are judged), their
//! per-test progress, candidates' drafts, and the hiring side: teams, users, sessions, API
//! tokens, assessments, invitations, attempts with their draft history, and the audit log.
//!
//! [`Store`] is the interface the server uses; [`SqliteStore`] is the embedded implementation,
//! one SQLite file in WAL mode with one writer and a few readers, written with full fsync so an
//! accepted submission survives a crash; its schema comes from the SQL files in `migrations/`.
//! The interface is plain data in and out, so a PostgreSQL implementation can sit beside it.
//! This crate never judges, runs or interprets code, never speaks HTTP, and never leaves a
//! change half-written: every method is one transaction.
//!
//! Modules, lowest first (each uses only those before it): `error`, `clock`, `owner`;
//! `schema`; `quota`; `audit`; `submissions`, `drafts`, `accounts`, `assessments`;
//! `invitations`; `attempts`; `store` (the traits); `sqlite` (the implementation).

mod accounts;
mod assessments;
mod attempts;
mod audit;
mod calls;
mod clock;
mod drafts;
mod engine;
mod error;
mod invitations;
mod owner;
mod pg;
mod quota;
mod schema;
mod sql;
mod sqlite;
mod store;
mod submissions;

pub use accounts::{ApiTokenRecord, User};
pub use assessments::{AssessmentRecord, AssessmentSpec, ProblemPoints};
pub use attempts::{DraftRevision, FinishedAttempt, MAX_DRAFT_REVISIONS};
pub use audit::AuditEvent;
pub use clock::{rfc3339, Clock, ManualClock, Millis, SystemClock};
pub use drafts::Draft;
pub use error::{Result, StoreError};
pub use invitations::{InvitationRecord, InvitationStatus, NewInvitation};
pub use owner::Owner;
pub use pg::{without_password, PgStore, DEFAULT_CONNECTIONS};
pub use quota::DEFAULT_CANDIDATE_QUOTA;
pub use sqlite::{SqliteStore, DATABASE_FILE, DEFAULT_READERS};
pub use store::{AssessmentStore, Store};
pub use submissions::{
    NewSubmission, Origin, Outcome, ProblemStatus, Stopped, SubmissionRecord, SubmissionState, SubmissionSummary,
    ACCEPTED,
};
