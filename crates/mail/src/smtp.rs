//! Delivery over SMTP: the server's URL (`smtp://` plain or with `?tls=required` STARTTLS,
//! `smtps://` implicit TLS, credentials in the URL), the sender, and one send per message.

use crate::templates::Rendered;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// How long one SMTP conversation may take before the try counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The URL is shown without its password.
    #[error("the SMTP URL {url} is not valid: {reason}")]
    BadUrl { url: String, reason: String },
    #[error(
        "the sender `{0}` is not a valid address (write it as `Name <address@example.com>` or `address@example.com`)"
    )]
    BadFrom(String),
    #[error("the recipient `{0}` is not a valid address")]
    BadRecipient(String),
    #[error("the message cannot be built: {0}")]
    Build(String),
    /// What the SMTP server or the connection said (never the message itself).
    #[error("SMTP: {0}")]
    Smtp(String),
}

/// Where and as whom mail is sent.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// `smtp://user:pass@host:port[?tls=required|opportunistic]` or `smtps://user:pass@host:port`.
    pub url: String,
    /// `Verdict <no-reply@example.com>`.
    pub from: String,
}

/// The URL with its password replaced by `***`, to show in logs and errors.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "(an address that does not parse)".to_owned(),
    }
}

/// Sends messages through one SMTP server.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    shown_url: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("url", &self.shown_url).field("from", &self.from.to_string()).finish()
    }
}

impl Mailer {
    /// Checks the settings and prepares the transport (no connection is made yet).
    pub fn new(settings: &SmtpSettings) -> Result<Mailer, MailError> {
        let shown_url = redact_url(&settings.url);
        let bad = |reason: String| MailError::BadUrl { url: shown_url.clone(), reason };
        let parsed = url::Url::parse(&settings.url).map_err(|e| bad(e.to_string()))?;
        if !matches!(parsed.scheme(), "smtp" | "smtps") {
            return Err(bad(format!("the scheme must be smtp or smtps, not {}", parsed.scheme())));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(bad("it names no host".into()));
        }
        // lettre's own error would repeat the URL, password included: only its kind is kept.
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.url)
            .map_err(|_| bad("lettre cannot use it (check the scheme, the port and `tls=`)".into()))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        let from: Mailbox = settings.from.parse().map_err(|_| MailError::BadFrom(settings.from.clone()))?;
        Ok(Mailer { transport, from, shown_url })
    }

    /// The SMTP URL without its password.
    pub fn shown_url(&self) -> &str {
        &self.shown_url
    }

    /// Sends one message to `to`.
    pub async fn send(&self, to: &str, message: &Rendered) -> Result<(), MailError> {
        let to: Mailbox = to.parse().map_err(|_| MailError::BadRecipient(to.to_owned()))?;
        let builder = Message::builder().from(self.from.clone()).to(to).subject(message.subject.clone());
        let email = match &message.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(message.text.clone(), html.clone())),
            None => {
                builder.singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(message.text.clone()))
            }
        }
        .map_err(|e| MailError::Build(e.to_string()))?;
        self.transport.send(email).await.map(|_| ()).map_err(|e| MailError::Smtp(describe(&e)))
    }
}

/// An SMTP error as the server or the connection gave it (lettre's Display names the kind;
/// the source says what happened).
fn describe(error: &lettre::transport::smtp::Error) -> String {
    match std::error::Error::source(error) {
        Some(cause) => format!("{error}: {cause}"),
        None => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_never_shows() {
        assert_eq!(redact_url("smtp://u:secret@mail.test:2525"), "smtp://u:***@mail.test:2525");
        let error = Mailer::new(&SmtpSettings { url: "http://u:secret@x".into(), from: "a@b.test".into() })
            .expect_err("http is no SMTP");
        assert!(!error.to_string().contains("secret"), "{error}");
        let bad_from = Mailer::new(&SmtpSettings { url: "smtp://u:secret@x:25".into(), from: "nobody".into() })
            .expect_err("bad sender");
        assert!(matches!(bad_from, MailError::BadFrom(_)));
        let good = Mailer::new(&SmtpSettings {
            url: "smtps://u:secret@mail.test".into(),
            from: "Verdict <no-reply@example.com>".into(),
        })
        .expect("valid settings");
        assert!(!format!("{good:?}").contains("secret"));
    }
}
