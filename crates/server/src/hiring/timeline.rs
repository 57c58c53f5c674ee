//! A candidate's timeline for the team: pastes (their size), the page losing focus (for how
//! long), runs and submissions (with verdicts), in time order, each with a sentence worded as
//! a prompt for a human ("worth asking about"), never as a finding, an accusation or a score.
//! Nothing here adds up signals or ranks candidates by them.

use super::playback::RecordingView;
use crate::views::{timestamp, OriginView, VerdictView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verdict_store::{ActivityEvent, Millis, Origin, SubmissionSummary};

/// A paste of at least this many characters is worded as worth asking about; a shorter one
/// (a name, a line) is listed plainly.
pub const PASTE_WORTH_ASKING: i64 = 80;

/// How to read the timeline.
pub const TIMELINE_NOTE: &str = "What the candidate's page recorded while they worked: pastes into the editor (their \
     size), the page losing focus (another window or tab) and for how long, runs and submissions. People paste their \
     own code, look things up and step away for many reasons: each line is a question you may want to ask, never an \
     answer. The candidate was told on the start page that typing, pastes and focus are recorded.";

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TimelineEntry {
    /// When it happened (server time, RFC 3339).
    pub at: String,
    /// The same in milliseconds since the Unix epoch (for the player's marks).
    pub at_ms: i64,
    /// `paste`, `focus_lost`, `run` or `submission`.
    pub kind: String,
    pub problem: String,
    /// Characters pasted (`paste`).
    pub chars: Option<i64>,
    /// How long the page was without focus (`focus_lost`); null when it never came back before
    /// the attempt's last event.
    pub away_ms: Option<i64>,
    /// The submission's verdict and share of tests passed (`submission`).
    pub verdict: Option<VerdictView>,
    pub score: Option<f64>,
    pub origin: Option<OriginView>,
    /// A sentence for the reviewer, worded as a prompt.
    pub prompt: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ActivityReport {
    /// How to read the timeline.
    pub note: String,
    /// Oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// The attempt reached its cap of events (`MAX_ATTEMPT_EVENTS`): later ones were not kept.
    pub timeline_cut: bool,
    /// One per problem of the assessment, in its order.
    pub recordings: Vec<RecordingView>,
}

/// "45 s", "2 min 5 s", "1 h 3 min".
pub fn duration_words(ms: i64) -> String {
    let seconds = ms.max(0) / 1000;
    match (seconds / 3600, (seconds % 3600) / 60, seconds % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

fn entry(at: Millis, kind: &str, problem: &str, prompt: String) -> TimelineEntry {
    TimelineEntry {
        at: timestamp(at),
        at_ms: at,
        kind: kind.to_owned(),
        problem: problem.to_owned(),
        chars: None,
        away_ms: None,
        verdict: None,
        score: None,
        origin: None,
        prompt,
    }
}

fn paste_prompt(chars: i64, title: &str) -> String {
    let size = if chars == 1 { "1 character".to_owned() } else { format!("{chars} characters") };
    if chars >= PASTE_WORTH_ASKING {
        format!("Pasted {size} into {title} — worth asking where it came from.")
    } else {
        format!("Pasted {size} into {title}.")
    }
}

fn away_prompt(away_ms: Option<i64>, title: &str) -> String {
    match away_ms {
        Some(ms) => format!(
            "The page lost focus for {} while on {title} — people step away for many reasons; worth asking about if it \
             matters to you.",
            duration_words(ms)
        ),
        None => format!("The page lost focus while on {title} and did not get it back before the last recorded event."),
    }
}

fn submission_prompt(s: &SubmissionSummary, title: &str) -> String {
    let result = match (s.verdict.as_deref(), s.score) {
        (Some(verdict), Some(score)) => format!("{verdict}, {:.0}% of tests passed", score * 100.0),
        (Some(verdict), None) => verdict.to_owned(),
        _ => "not graded yet".to_owned(),
    };
    match s.origin {
        Origin::Candidate => format!("Submitted {title}: {result}."),
        Origin::Finish => format!("The last draft of {title} was graded when they pressed Finish: {result}."),
        Origin::Deadline => format!("The last draft of {title} was graded at the deadline: {result}."),
    }
}

/// The timeline of an attempt from its stored events and its submissions; `title` names a
/// problem by its slug.
pub fn timeline(
    events: &[ActivityEvent],
    submissions: &[SubmissionSummary],
    title: &dyn Fn(&str) -> String,
) -> Vec<TimelineEntry> {
    let mut out = Vec::new();
    let mut away: Option<&ActivityEvent> = None;
    for event in events {
        match event.kind.as_str() {
            "paste" => {
                let chars = event.chars.unwrap_or(0);
                let mut e = entry(event.at, "paste", &event.problem, paste_prompt(chars, &title(&event.problem)));
                e.chars = Some(chars);
                out.push(e);
            }
            "blur" => {
                away = away.or(Some(event));
            }
            "focus" => {
                if let Some(left) = away.take() {
                    let ms = (event.at - left.at).max(0);
                    let mut e =
                        entry(left.at, "focus_lost", &left.problem, away_prompt(Some(ms), &title(&left.problem)));
                    e.away_ms = Some(ms);
                    out.push(e);
                }
            }
            "run" => {
                out.push(entry(event.at, "run", &event.problem, format!("Ran the code of {}.", title(&event.problem))))
            }
            _ => {}
        }
    }
    if let Some(left) = away {
        out.push(entry(left.at, "focus_lost", &left.problem, away_prompt(None, &title(&left.problem))));
    }
    for s in submissions {
        let mut e = entry(s.created_at, "submission", &s.problem, submission_prompt(s, &title(&s.problem)));
        e.verdict = s.verdict.as_deref().and_then(VerdictView::parse);
        e.score = s.score;
        e.origin = Some(s.origin.into());
        out.push(e);
    }
    out.sort_by_key(|e| e.at_ms);
    out
}

#[cfg(test)]
mod unit {
    use super::*;

    fn event(kind: &str, at: Millis, chars: Option<i64>) -> ActivityEvent {
        ActivityEvent { problem: "two-sum".into(), kind: kind.into(), at, chars }
    }

    #[test]
    fn focus_lost_and_regained_is_one_entry_with_how_long() {
        let events = [
            event("blur", 1_000, None),
            event("blur", 2_000, None),
            event("paste", 130_000, Some(412)),
            event("focus", 126_000, None),
            event("paste", 140_000, Some(5)),
            event("blur", 150_000, None),
        ];
        let title = |_: &str| "Two Sum".to_owned();
        let got = timeline(&events, &[], &title);
        let kinds: Vec<(&str, Option<i64>)> = got.iter().map(|e| (e.kind.as_str(), e.away_ms)).collect();
        assert_eq!(kinds, [("focus_lost", Some(125_000)), ("paste", None), ("paste", None), ("focus_lost", None)]);
        assert_eq!(got[0].prompt.split(" — ").next(), Some("The page lost focus for 2 min 5 s while on Two Sum"));
        assert_eq!(got[1].prompt, "Pasted 412 characters into Two Sum — worth asking where it came from.");
        assert_eq!(got[2].prompt, "Pasted 5 characters into Two Sum.");
    }

    #[test]
    fn durations_read_as_words() {
        assert_eq!(duration_words(45_400), "45 s");
        assert_eq!(duration_words(120_000), "2 min");
        assert_eq!(duration_words(3_780_000), "1 h 3 min");
    }
}
