//! Message templates: a subject, a plain-text body and an optional HTML body with named
//! placeholders (`{{name}}`), a default for each kind of message, and the check that refuses a
//! template naming a placeholder its kind does not have.

use std::collections::BTreeMap;

/// The most characters of a subject.
pub const MAX_SUBJECT_CHARS: usize = 200;
/// The most characters of a body (text or HTML).
pub const MAX_BODY_CHARS: usize = 20_000;

/// The kinds of message, each with its placeholders and default wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// To a candidate: their link (sent again, with a new link, by a resend).
    Invitation,
    /// To a candidate who has not started, before the window closes.
    Reminder,
    /// To the assessment's creator when a candidate finishes.
    Completion,
    /// To a team member who asked to reset their password.
    PasswordReset,
    /// To a new teammate: their one-time link to choose a password.
    TeamInvitation,
    /// To a candidate who signed up: the link that proves their address.
    CandidateVerify,
    /// To a candidate who asked to sign in by mail (or signed up again with a verified address).
    CandidateSignIn,
    /// To a candidate who asked to reset their password.
    CandidateReset,
}

impl Kind {
    /// The kinds a team may word its own way (`/api/mail/templates`).
    pub const ALL: [Kind; 5] =
        [Kind::Invitation, Kind::Reminder, Kind::Completion, Kind::PasswordReset, Kind::TeamInvitation];
    /// The kinds mailed to candidates' own accounts: no team's, always in the default wording.
    pub const CANDIDATE: [Kind; 3] = [Kind::CandidateVerify, Kind::CandidateSignIn, Kind::CandidateReset];

    /// The name used in the API and the outbox.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Invitation => "invitation",
            Kind::Reminder => "reminder",
            Kind::Completion => "completion",
            Kind::PasswordReset => "password_reset",
            Kind::TeamInvitation => "team_invitation",
            Kind::CandidateVerify => "candidate_verify",
            Kind::CandidateSignIn => "candidate_sign_in",
            Kind::CandidateReset => "candidate_reset",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().chain(Kind::CANDIDATE).find(|k| k.as_str() == name)
    }

    /// The placeholders a template of this kind may use.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            Kind::Invitation => &["name", "assessment", "team", "link", "opens_at", "closes_at", "duration_minutes"],
            // No link: only its hash is kept, and a reminder must not break the link already sent.
            Kind::Reminder => &["name", "assessment", "closes_at"],
            Kind::Completion => &["candidate", "candidate_email", "assessment", "finished_at", "reason", "report_link"],
            Kind::PasswordReset => &["email", "link", "expires_minutes"],
            Kind::TeamInvitation => &["email", "team", "role", "inviter", "link", "expires_hours"],
            Kind::CandidateVerify | Kind::CandidateSignIn | Kind::CandidateReset => {
                &["email", "link", "expires_minutes"]
            }
        }
    }

    /// The wording used when the team has not set its own.
    pub fn default_template(self) -> Template {
        let (subject, text, html) = match self {
            Kind::Invitation => (
                "{{team}} invites you to {{assessment}}",
                "Hello {{name}},\n\n{{team}} invites you to a timed assessment, {{assessment}} ({{duration_minutes}} \
                 minutes).\nYou may start it between {{opens_at}} and {{closes_at}}; the timer runs from when you \
                 press Start.\n\nYour personal link (do not share it):\n{{link}}\n",
                "<p>Hello {{name}},</p><p>{{team}} invites you to a timed assessment, <b>{{assessment}}</b> \
                 ({{duration_minutes}} minutes).</p><p>You may start it between {{opens_at}} and {{closes_at}}; the \
                 timer runs from when you press Start.</p><p><a href=\"{{link}}\">Open your assessment</a> (your \
                 personal link: do not share it).</p>",
            ),
            Kind::Reminder => (
                "Reminder: {{assessment}} closes at {{closes_at}}",
                "Hello {{name}},\n\nYou have not started {{assessment}} yet. It can be started until {{closes_at}}.\n\
                 Use the link in your invitation email.\n",
                "<p>Hello {{name}},</p><p>You have not started <b>{{assessment}}</b> yet. It can be started until \
                 {{closes_at}}.</p><p>Use the link in your invitation email.</p>",
            ),
            Kind::Completion => (
                "{{candidate}} finished {{assessment}}",
                "{{candidate}} ({{candidate_email}}) finished {{assessment}} at {{finished_at}} ({{reason}}).\n\
                 The report: {{report_link}}\n",
                "<p>{{candidate}} ({{candidate_email}}) finished <b>{{assessment}}</b> at {{finished_at}} \
                 ({{reason}}).</p><p><a href=\"{{report_link}}\">The report</a></p>",
            ),
            Kind::PasswordReset => (
                "Reset your Verdict password",
                "Someone (we hope you) asked to reset the password of {{email}}.\nChoose a new one at this link, \
                 valid {{expires_minutes}} minutes and once:\n{{link}}\n\nIf it was not you, ignore this message.\n",
                "<p>Someone (we hope you) asked to reset the password of {{email}}.</p><p><a href=\"{{link}}\">Choose \
                 a new password</a> (valid {{expires_minutes}} minutes, once).</p><p>If it was not you, ignore this \
                 message.</p>",
            ),
            Kind::TeamInvitation => (
                "{{inviter}} invites you to {{team}} on Verdict",
                "{{inviter}} invites you to join {{team}} on Verdict as {{role}}.\nChoose your password at this \
                 link, valid {{expires_hours}} hours and once:\n{{link}}\n\nYour sign-in email is {{email}}.\n",
                "<p>{{inviter}} invites you to join <b>{{team}}</b> on Verdict as {{role}}.</p><p><a \
                 href=\"{{link}}\">Choose your password</a> (valid {{expires_hours}} hours, once).</p><p>Your \
                 sign-in email is {{email}}.</p>",
            ),
            Kind::CandidateVerify => (
                "Confirm your Verdict account",
                "Someone (we hope you) made a Verdict practice account for {{email}}.\nConfirm it at this link, \
                 valid {{expires_minutes}} minutes and once:\n{{link}}\n\nIf it was not you, ignore this message: \
                 the account is never usable without this link.\n",
                "<p>Someone (we hope you) made a Verdict practice account for {{email}}.</p><p><a \
                 href=\"{{link}}\">Confirm your account</a> (valid {{expires_minutes}} minutes, once).</p><p>If it \
                 was not you, ignore this message: the account is never usable without this link.</p>",
            ),
            Kind::CandidateSignIn => (
                "Your Verdict sign-in link",
                "Someone (we hope you) asked to sign in to the Verdict account of {{email}}.\nSign in at this link, \
                 valid {{expires_minutes}} minutes and once:\n{{link}}\n\nIf it was not you, ignore this message.\n",
                "<p>Someone (we hope you) asked to sign in to the Verdict account of {{email}}.</p><p><a \
                 href=\"{{link}}\">Sign in</a> (valid {{expires_minutes}} minutes, once).</p><p>If it was not you, \
                 ignore this message.</p>",
            ),
            Kind::CandidateReset => (
                "Reset your Verdict practice password",
                "Someone (we hope you) asked to reset the password of the Verdict practice account {{email}}.\n\
                 Choose a new one at this link, valid {{expires_minutes}} minutes and once:\n{{link}}\n\nIf it was \
                 not you, ignore this message.\n",
                "<p>Someone (we hope you) asked to reset the password of the Verdict practice account {{email}}.</p>\
                 <p><a href=\"{{link}}\">Choose a new password</a> (valid {{expires_minutes}} minutes, once).</p><p>If \
                 it was not you, ignore this message.</p>",
            ),
        };
        Template { subject: subject.into(), text: text.into(), html: Some(html.into()) }
    }
}

/// A subject and bodies with `{{placeholders}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// A message ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

/// Why a template was refused; `field` is the JSON field (`subject`, `text`, `html`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("{field} uses the placeholder {{{{{name}}}}}, which a {kind} message does not have (it has: {known})")]
    UnknownPlaceholder { field: &'static str, name: String, kind: &'static str, known: String },
    #[error("{field} opens a placeholder with {{{{ that is never closed with }}}}")]
    Unclosed { field: &'static str },
    #[error("{field} is {chars} characters, more than the {max} allowed")]
    TooLong { field: &'static str, chars: usize, max: usize },
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("the subject must be one line")]
    SubjectLines,
}

impl TemplateError {
    /// The JSON field the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            TemplateError::UnknownPlaceholder { field, .. }
            | TemplateError::Unclosed { field }
            | TemplateError::TooLong { field, .. }
            | TemplateError::Empty { field } => field,
            TemplateError::SubjectLines => "subject",
        }
    }
}

/// The pieces of a template: literal text and placeholder names, in order.
enum Piece<'a> {
    Text(&'a str),
    Name(&'a str),
}

fn pieces<'a>(field: &'static str, source: &'a str) -> Result<Vec<Piece<'a>>, TemplateError> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(open) = rest.find("{{") {
        out.push(Piece::Text(&rest[..open]));
        let after = &rest[open + 2..];
        let close = after.find("}}").ok_or(TemplateError::Unclosed { field })?;
        out.push(Piece::Name(after[..close].trim()));
        rest = &after[close + 2..];
    }
    out.push(Piece::Text(rest));
    Ok(out)
}

impl Template {
    /// Checks the template for `kind`: every placeholder known, every part within its size.
    pub fn check(&self, kind: Kind) -> Result<(), TemplateError> {
        if self.subject.trim().is_empty() {
            return Err(TemplateError::Empty { field: "subject" });
        }
        if self.text.trim().is_empty() {
            return Err(TemplateError::Empty { field: "text" });
        }
        if self.subject.contains(['\r', '\n']) {
            return Err(TemplateError::SubjectLines);
        }
        let parts = [("subject", Some(&self.subject), MAX_SUBJECT_CHARS), ("text", Some(&self.text), MAX_BODY_CHARS)];
        for (field, source, max) in parts.into_iter().chain([("html", self.html.as_ref(), MAX_BODY_CHARS)]) {
            let Some(source) = source else { continue };
            let chars = source.chars().count();
            if chars > max {
                return Err(TemplateError::TooLong { field, chars, max });
            }
            for piece in pieces(field, source)? {
                if let Piece::Name(name) = piece {
                    if !kind.placeholders().contains(&name) {
                        return Err(TemplateError::UnknownPlaceholder {
                            field,
                            name: name.to_owned(),
                            kind: kind.as_str(),
                            known: kind.placeholders().join(", "),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Fills the placeholders from `values` (a missing one is left empty); values in the HTML
    /// body are escaped, and line breaks in the subject become spaces.
    pub fn render(&self, values: &BTreeMap<String, String>) -> Rendered {
        let fill = |source: &str, escape: fn(&str) -> String| -> String {
            // A template that fails to parse was refused when it was saved; the default parses.
            let Ok(parts) = pieces("", source) else { return source.to_owned() };
            parts
                .into_iter()
                .map(|piece| match piece {
                    Piece::Text(text) => text.to_owned(),
                    Piece::Name(name) => escape(values.get(name).map_or("", String::as_str)),
                })
                .collect()
        };
        Rendered {
            subject: fill(&self.subject, |v| v.replace(['\r', '\n'], " ")),
            text: fill(&self.text, str::to_owned),
            html: self.html.as_deref().map(|html| fill(html, escape_html)),
        }
    }
}

fn escape_html(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn every_default_template_passes_its_own_check() {
        for kind in Kind::ALL.into_iter().chain(Kind::CANDIDATE) {
            assert_eq!(kind.default_template().check(kind), Ok(()), "{kind:?}");
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn an_unknown_placeholder_is_refused_by_name_and_field() {
        let template = Template { subject: "Hi {{name}}".into(), text: "Go: {{ lnk }}".into(), html: None };
        let error = template.check(Kind::Invitation).expect_err("unknown placeholder");
        assert_eq!(error.field(), "text");
        assert!(error.to_string().contains("{{lnk}}"), "{error}");
        let reminder = Template { subject: "x".into(), text: "{{link}}".into(), html: None };
        assert!(reminder.check(Kind::Reminder).is_err(), "a reminder has no link");
        let unclosed = Template { subject: "x".into(), text: "y".into(), html: Some("{{name".into()) };
        assert_eq!(unclosed.check(Kind::Invitation).map_err(|e| e.field()), Err("html"));
        let long = Template { subject: "x".repeat(MAX_SUBJECT_CHARS + 1), text: "y".into(), html: None };
        assert!(matches!(long.check(Kind::Invitation), Err(TemplateError::TooLong { field: "subject", .. })));
    }

    #[test]
    fn rendering_fills_values_and_escapes_html_only() {
        let template = Template {
            subject: "For {{name}}".into(),
            text: "{{name}} <- {{link}}".into(),
            html: Some("<p>{{name}}</p>".into()),
        };
        let rendered = template.render(&values(&[("name", "<Ada>\n"), ("link", "https://x/#/a/t")]));
        assert_eq!(rendered.subject, "For <Ada> ");
        assert_eq!(rendered.text, "<Ada>\n <- https://x/#/a/t");
        assert_eq!(rendered.html.as_deref(), Some("<p>&lt;Ada&gt;\n</p>"));
    }
}
