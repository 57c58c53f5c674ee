//! Mail for hiring teams: what each message holds (its recipient and the named values its
//! template is filled with), and the delivery task each serve node runs: it claims due messages
//! from the store's outbox under a lease, fills the team's template (or the default), sends it
//! over SMTP, and marks it sent or tried; and it stores the reminders whose lead time has come.
//! Without SMTP configured there is no task and nothing is stored for mail. Never logged: a
//! link (it is the candidate's or member's credential) or the SMTP password.

use crate::state::{AppState, MailService};
use crate::store_call::blocking;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use verdict_mail::{Kind, Template};
use verdict_store::{rfc3339, AssessmentRecord, ClaimedMessage, InvitationRecord, Millis, NewMessage, Retry};

/// How often the delivery task looks for due messages and reminders.
pub const MAIL_POLL: Duration = Duration::from_secs(1);
/// How long a node holds the messages it claimed: longer than a batch's SMTP conversations
/// can take (each is cut at 20 s), so another node takes them over only from a dead one.
pub const MAIL_LEASE: Duration = Duration::from_secs(300);
/// Messages claimed at once.
const CLAIM_BATCH: u32 = 10;
/// Reminders stored per look.
const REMINDER_BATCH: u32 = 100;
/// The default lead time of the reminder before an assessment's window closes.
pub const DEFAULT_REMINDER_LEAD: Duration = Duration::from_secs(24 * 3600);
/// How long a password reset link is valid.
pub const RESET_VALID_MS: Millis = 60 * 60 * 1000;

fn reminder_lead_ms(mail: &MailService) -> Millis {
    Millis::try_from(mail.reminder_lead.as_millis()).unwrap_or(Millis::MAX)
}

/// The invitation (or, after a resend, the same invitation again with its new link) to a
/// candidate. The link travels as the message's secret, cleared once it is sent.
pub fn invitation_message(
    assessment: &AssessmentRecord,
    team_name: &str,
    name: &str,
    email: &str,
    link: &str,
) -> NewMessage {
    let spec = &assessment.spec;
    NewMessage {
        kind: Kind::Invitation.as_str().into(),
        team: Some(assessment.team.clone()),
        recipient: email.to_owned(),
        payload: json!({
            "name": name,
            "assessment": spec.title,
            "team": team_name,
            "opens_at": rfc3339(spec.opens_at),
            "closes_at": rfc3339(spec.closes_at),
            "duration_minutes": (spec.duration_ms / 60_000).to_string(),
        }),
        secret: Some(link.to_owned()),
    }
}

/// The reminder to a candidate who has not started. No link: only its hash is kept.
pub fn reminder_message(invitation: &InvitationRecord, assessment: &AssessmentRecord) -> NewMessage {
    NewMessage {
        kind: Kind::Reminder.as_str().into(),
        team: Some(assessment.team.clone()),
        recipient: invitation.email.clone(),
        payload: json!({
            "name": invitation.name,
            "assessment": assessment.spec.title,
            "closes_at": rfc3339(assessment.spec.closes_at),
        }),
        secret: None,
    }
}

/// The notice to the assessment's creator (the audit log names them by email) that a candidate
/// finished.
pub fn completion_message(base_url: &str, invitation: &InvitationRecord, assessment: &AssessmentRecord) -> NewMessage {
    NewMessage {
        kind: Kind::Completion.as_str().into(),
        team: Some(assessment.team.clone()),
        recipient: assessment.created_by.clone(),
        payload: json!({
            "candidate": invitation.name,
            "candidate_email": invitation.email,
            "assessment": assessment.spec.title,
            "finished_at": invitation.finished_at.map(rfc3339).unwrap_or_default(),
            "reason": invitation.finish_reason.as_deref().unwrap_or("finished"),
            "report_link": report_link(base_url, &assessment.id, &invitation.id),
        }),
        secret: None,
    }
}

/// Where the team reads a candidate's report (the completion mail and every webhook link it).
pub fn report_link(base_url: &str, assessment: &str, invitation: &str) -> String {
    format!("{base_url}/#/team/assessments/{assessment}/candidates/{invitation}")
}

/// The password reset link to a team member.
pub fn reset_message(team: &str, email: &str, link: &str) -> NewMessage {
    NewMessage {
        kind: Kind::PasswordReset.as_str().into(),
        team: Some(team.to_owned()),
        recipient: email.to_owned(),
        payload: json!({"email": email, "expires_minutes": (RESET_VALID_MS / 60_000).to_string()}),
        secret: Some(link.to_owned()),
    }
}

/// The values a claimed message's template is filled with: its payload's, and its secret as
/// `link`.
fn values_of(message: &ClaimedMessage) -> BTreeMap<String, String> {
    let mut values: BTreeMap<String, String> = match &message.payload {
        Value::Object(map) => {
            map.iter().map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned))).collect()
        }
        _ => BTreeMap::new(),
    };
    if let Some(secret) = &message.secret {
        values.insert("link".into(), secret.clone());
    }
    values
}

/// The template a team uses for a kind: its own, else the default.
pub(crate) async fn template_for(app: &AppState, team: Option<String>, kind: Kind) -> Result<Template, String> {
    let Some(team) = team else { return Ok(kind.default_template()) };
    let own = blocking(&app.store, move |s| s.mail_template(&team, kind.as_str())).await.map_err(|e| e.message)?;
    Ok(own.map_or_else(|| kind.default_template(), |t| Template { subject: t.subject, text: t.text, html: t.html }))
}

/// Delivers one claimed message and records what happened.
async fn deliver(app: &AppState, mail: &MailService, message: ClaimedMessage) {
    let outcome = match Kind::parse(&message.kind) {
        None => Err(format!("no template for messages of kind `{}`", message.kind)),
        Some(kind) => match template_for(app, message.team.clone(), kind).await {
            Err(error) => Err(format!("cannot read the template: {error}")),
            Ok(template) => {
                let rendered = template.render(&values_of(&message));
                mail.mailer.send(&message.recipient, &rendered).await.map_err(|e| e.to_string())
            }
        },
    };
    let (id, token, kind, attempts) =
        (message.id.clone(), message.token.clone(), message.kind.clone(), message.attempts);
    match outcome {
        Ok(()) => match blocking(&app.store, move |s| s.mark_sent(&id, &token)).await {
            Ok(true) => tracing::info!(message = %message.id, %kind, attempts, "mail sent"),
            Ok(false) => tracing::warn!(message = %message.id, %kind, "mail sent after its lease ran out"),
            Err(error) => tracing::error!(message = %message.id, error = %error.message, "cannot mark mail sent"),
        },
        Err(error) => {
            let text = error.clone();
            match blocking(&app.store, move |s| s.mark_failed(&id, &token, &text)).await {
                Ok(Retry::At(at)) => {
                    tracing::warn!(message = %message.id, %kind, attempts, %error, retry_at = %rfc3339(at), "mail not sent")
                }
                Ok(Retry::GaveUp) => {
                    tracing::error!(message = %message.id, %kind, attempts, %error, "mail failed for good")
                }
                Ok(Retry::LeaseLost) => tracing::warn!(message = %message.id, %kind, "mail try ended past its lease"),
                Err(stored) => tracing::error!(message = %message.id, error = %stored.message, "cannot record a try"),
            }
        }
    }
}

/// One look: store the reminders that are due, then deliver what is due. How many messages
/// were claimed.
pub async fn deliver_due(app: &AppState, mail: &Arc<MailService>) -> usize {
    let lead = reminder_lead_ms(mail);
    match blocking(&app.store, move |s| s.queue_reminders(lead, REMINDER_BATCH, &reminder_message)).await {
        Ok(0) => {}
        Ok(count) => tracing::info!(count, "reminders queued"),
        Err(error) => tracing::error!(error = %error.message, "cannot queue reminders"),
    }
    let claimed = match blocking(&app.store, |s| s.claim_messages(MAIL_LEASE, CLAIM_BATCH)).await {
        Ok(claimed) => claimed,
        Err(error) => {
            tracing::error!(error = %error.message, "cannot claim mail");
            return 0;
        }
    };
    let count = claimed.len();
    for message in claimed {
        deliver(app, mail, message).await;
    }
    count
}

/// Delivers mail every [`MAIL_POLL`] (at once again after a full batch) until shutdown; None
/// when mail is off.
pub fn start_delivery(app: AppState, mut shutdown: watch::Receiver<bool>) -> Option<tokio::task::JoinHandle<()>> {
    let mail = app.mail.clone()?;
    tracing::info!(smtp = %mail.mailer.shown_url(), "mail is on");
    Some(tokio::spawn(async move {
        loop {
            let claimed = deliver_due(&app, &mail).await;
            if claimed >= CLAIM_BATCH as usize {
                continue;
            }
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = tokio::time::sleep(MAIL_POLL) => {}
            }
        }
    }))
}
