//! The hiring side's rules: what an assessment and an invitation may hold, which problem is
//! practised on, what a candidate's link shows, and when an attempt may start. Plain functions
//! over the store's records: no HTTP here; the handlers turn a refusal into an answer.

use verdict_store::{
    AssessmentRecord, AssessmentSpec, InvitationRecord, InvitationStatus, Millis, PrivateVersion, ProblemPoints,
    SlotProblem,
};

use super::views::AssessmentInput;

/// Input refused, with the field at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct Invalid {
    pub field: String,
    pub message: String,
}

fn invalid(field: &str, message: impl Into<String>) -> Invalid {
    Invalid { field: field.to_owned(), message: message.into() }
}

/// A request that is well formed but not possible now (a conflict with the attempt's state).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
}

fn parse_time(field: &str, text: &str) -> Result<Millis, Invalid> {
    let time = humantime::parse_rfc3339_weak(text.trim())
        .map_err(|e| invalid(field, format!("`{field}` is not an RFC 3339 time such as 2026-11-21T09:00:00Z: {e}")))?;
    Ok(time.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as Millis))
}

/// The largest title, name and email accepted, in characters.
pub const MAX_SHORT_TEXT: usize = 200;
pub const MAX_INSTRUCTIONS: usize = 20_000;
pub const MAX_PROBLEMS: usize = 20;
/// The fewest and the most problems one pool (one slot) may hold.
pub const MIN_POOL: usize = 2;
pub const MAX_POOL: usize = 20;
pub const MAX_POINTS: u32 = 1000;
pub const MAX_DURATION_MINUTES: u32 = 600;
/// The most invitations one CSV may hold.
pub const MAX_BULK: usize = 500;

pub fn short_text(field: &str, text: &str) -> Result<String, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid(field, format!("`{field}` is empty")));
    }
    if text.chars().count() > MAX_SHORT_TEXT || text.chars().any(char::is_control) {
        return Err(invalid(field, format!("`{field}` must be one line of at most {MAX_SHORT_TEXT} characters")));
    }
    Ok(text.to_owned())
}

pub fn email(field: &str, text: &str) -> Result<String, Invalid> {
    let text = short_text(field, text)?;
    verdict_accounts::check_email(&text).map_err(|e| invalid(field, e.to_string()))?;
    Ok(text)
}

/// What a slug of an assessment's input names: a catalogue problem, or the version of one of the
/// team's private problems the assessment keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Catalogue,
    Private(PrivateVersion),
}

/// The spec an input describes, or the first field at fault. `resolve` says what a slug names
/// (None: neither the catalogue nor the team has it); the practice problem must be in the
/// catalogue (it is practised before Start, where nothing of the team's is shown).
pub fn validate_spec(
    input: &AssessmentInput,
    resolve: impl Fn(&str) -> Option<Source>,
) -> Result<AssessmentSpec, Invalid> {
    let known = |slug: &str| resolve(slug) == Some(Source::Catalogue);
    let title = short_text("title", &input.title)?;
    if input.instructions.chars().count() > MAX_INSTRUCTIONS {
        return Err(invalid("instructions", format!("at most {MAX_INSTRUCTIONS} characters")));
    }
    if !(1..=MAX_DURATION_MINUTES).contains(&input.duration_minutes) {
        return Err(invalid("duration_minutes", format!("the duration must be 1 to {MAX_DURATION_MINUTES} minutes")));
    }
    let opens_at = parse_time("opens_at", &input.opens_at)?;
    let closes_at = parse_time("closes_at", &input.closes_at)?;
    if closes_at <= opens_at {
        return Err(invalid("closes_at", "the window must close after it opens"));
    }
    if input.problems.is_empty() || input.problems.len() > MAX_PROBLEMS {
        return Err(invalid("problems", format!("choose 1 to {MAX_PROBLEMS} problems")));
    }
    let mut problems: Vec<ProblemPoints> = Vec::with_capacity(input.problems.len());
    for (index, problem) in input.problems.iter().enumerate() {
        let slot = format!("problems[{index}]");
        // One slug, one slot: a candidate's problem names the slot it fills.
        let member = |field: String, slug: &str, earlier: &[SlotProblem]| -> Result<SlotProblem, Invalid> {
            let Some(source) = resolve(slug) else {
                return Err(invalid(
                    &field,
                    format!("no problem `{slug}` in the catalogue or the team's accepted private problems"),
                ));
            };
            if earlier.iter().any(|m| m.slug == slug) || problems.iter().any(|p| p.member(slug).is_some()) {
                return Err(invalid(&field, format!("`{slug}` is listed twice")));
            }
            let private = match source {
                Source::Catalogue => None,
                Source::Private(version) => Some(version),
            };
            Ok(SlotProblem { slug: slug.to_owned(), private })
        };
        let members = match (&problem.slug, &problem.pool) {
            (Some(slug), None) => vec![member(format!("{slot}.slug"), slug, &[])?],
            (None, Some(pool)) => {
                if !(MIN_POOL..=MAX_POOL).contains(&pool.len()) {
                    return Err(invalid(
                        &format!("{slot}.pool"),
                        format!("a pool holds {MIN_POOL} to {MAX_POOL} problems, not {}", pool.len()),
                    ));
                }
                let mut members = Vec::with_capacity(pool.len());
                for (at, slug) in pool.iter().enumerate() {
                    let next = member(format!("{slot}.pool[{at}]"), slug, &members)?;
                    members.push(next);
                }
                members
            }
            _ => {
                return Err(invalid(
                    &slot,
                    format!("give either `slug` (one problem) or `pool` ({MIN_POOL} to {MAX_POOL} problems)"),
                ))
            }
        };
        if !(1..=MAX_POINTS).contains(&problem.points) {
            return Err(invalid(&format!("{slot}.points"), format!("points must be 1 to {MAX_POINTS}")));
        }
        problems.push(ProblemPoints { points: problem.points, members });
    }
    let practice_problem = match input.practice_problem.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) if !known(slug) => {
            return Err(invalid("practice_problem", format!("no problem `{slug}` in the catalogue")));
        }
        Some(slug) if problems.iter().any(|p| p.member(slug).is_some()) => {
            return Err(invalid(
                "practice_problem",
                format!("`{slug}` is one of the assessment's problems: practice must be on another"),
            ));
        }
        Some(slug) => Some(slug.to_owned()),
        None => None,
    };
    Ok(AssessmentSpec {
        title,
        instructions: input.instructions.clone(),
        duration_ms: Millis::from(input.duration_minutes) * 60_000,
        opens_at,
        closes_at,
        practice_problem,
        problems,
    })
}

/// Reads `name,email` rows; a bad row is refused with its line number, and nothing is created.
pub fn parse_candidates_csv(bytes: &[u8]) -> Result<Vec<(String, String)>, Invalid> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        invalid("csv", format!("line {line}: the CSV is not UTF-8"))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).flexible(false).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| invalid("csv", format!("line 1: {e}")))?.clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(name_at), Some(email_at)) = (column("name"), column("email")) else {
        return Err(invalid("csv", "line 1: the header must name the columns `name` and `email`"));
    };
    let mut people: Vec<(String, String)> = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            invalid("csv", format!("line {line}: {e}"))
        })?;
        let line = row.position().map_or(0, |p| p.line());
        if row.iter().all(str::is_empty) {
            continue;
        }
        let at_line = |error: Invalid| invalid("csv", format!("line {line}: {}", error.message));
        let name = short_text("name", row.get(name_at).unwrap_or("")).map_err(at_line)?;
        let address = email("email", row.get(email_at).unwrap_or("")).map_err(at_line)?;
        if people.iter().any(|(_, e)| e.eq_ignore_ascii_case(&address)) {
            return Err(invalid("csv", format!("line {line}: {address} is listed twice")));
        }
        people.push((name, address));
    }
    if people.is_empty() {
        return Err(invalid("csv", "the CSV has no candidates after its header"));
    }
    if people.len() > MAX_BULK {
        return Err(invalid("csv", format!("at most {MAX_BULK} candidates at once")));
    }
    Ok(people)
}

/// The problem to practise on: the assessment's, the server's default, or none (never one of
/// the assessment's own problems, never one the catalogue lacks).
pub fn practice_problem(
    record: &AssessmentRecord,
    default: Option<&str>,
    known: impl Fn(&str) -> bool,
) -> Option<String> {
    record
        .spec
        .practice_problem
        .clone()
        .or_else(|| default.map(str::to_owned))
        .filter(|slug| known(slug))
        .filter(|slug| !record.spec.problems.iter().any(|p| p.member(slug).is_some()))
}

/// The status as the candidate reads it: the team's, with "invited" told apart by whether
/// Start is possible yet.
pub fn attempt_status(now: Millis, invitation: &InvitationRecord, assessment: &AssessmentRecord) -> &'static str {
    match invitation.status(now, assessment.spec.closes_at) {
        InvitationStatus::Invited if assessment.archived_at.is_some() => "expired",
        InvitationStatus::Invited if now < assessment.spec.opens_at => "not_open",
        InvitationStatus::Invited => "open",
        other => other.as_str(),
    }
}

/// Why an attempt not yet started cannot start now, if it cannot.
pub fn start_refusal(now: Millis, assessment: &AssessmentRecord) -> Option<Refusal> {
    let refuse = |code, message: String| Some(Refusal { code, message });
    if assessment.archived_at.is_some() {
        return refuse("archived", "this assessment has been closed by the hiring team".into());
    }
    if now < assessment.spec.opens_at {
        return refuse(
            "not_open",
            format!("this assessment opens at {}; come back then", verdict_store::rfc3339(assessment.spec.opens_at)),
        );
    }
    if now >= assessment.spec.closes_at {
        return refuse(
            "window_closed",
            format!(
                "this assessment could be started until {}; that time has passed",
                verdict_store::rfc3339(assessment.spec.closes_at)
            ),
        );
    }
    None
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn a_csv_of_candidates_is_read_with_its_header_and_bad_rows_name_their_line() {
        let people = parse_candidates_csv(
            b"\xef\xbb\xbfEmail, Name\nada@x.test, Ada Lovelace\n\n\"b@x.test\",\"Hopper, Grace\"\n",
        )
        .expect("valid");
        assert_eq!(
            people,
            vec![("Ada Lovelace".into(), "ada@x.test".into()), ("Hopper, Grace".into(), "b@x.test".into())]
        );
        let error = parse_candidates_csv(b"name,email\nAda,ada@x.test\nBob,not-an-email\n").expect_err("bad email");
        assert!(error.message.starts_with("line 3:"), "{}", error.message);
        let error = parse_candidates_csv(b"name,email\nAda,a@x.test\nAda again,A@x.test\n").expect_err("twice");
        assert!(error.message.contains("line 3") && error.message.contains("twice"), "{}", error.message);
        let error = parse_candidates_csv(b"who,address\nAda,a@x.test\n").expect_err("header");
        assert!(error.message.contains("`name` and `email`"), "{}", error.message);
        let error = parse_candidates_csv(b"name,email\nAda,a@x.test,extra\n").expect_err("ragged");
        assert!(error.message.starts_with("line 2"), "{}", error.message);
    }
}
