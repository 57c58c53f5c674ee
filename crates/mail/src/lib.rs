//! Mail for hiring teams: the message templates (a default per kind, a team's own wording
//! checked so that an unknown placeholder is refused by name) and delivery over SMTP with
//! lettre (tokio, rustls). It knows nothing of the store, HTTP or assessments: the server
//! decides what to send and keeps the outbox. It must never log or put in an error a password
//! of the SMTP URL or the content of a message (which holds candidates' links).

mod smtp;
mod templates;

pub use smtp::{redact_url, MailError, Mailer, SmtpSettings};
pub use templates::{Kind, Rendered, Template, TemplateError, MAX_BODY_CHARS, MAX_SUBJECT_CHARS};
