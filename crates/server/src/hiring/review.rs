//! The team's review of a candidate as rules and data: what a note may hold, the scorecard's
//! fixed criteria, ratings and recommendations, and how both are shown. The caps on notes are
//! the store's ([`verdict_store::MAX_NOTES_PER_CANDIDATE`], [`verdict_store::MAX_NOTE_CHARS`]).

use super::rules::Invalid;
use crate::views::timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use verdict_store::{NoteRecord, ScorecardRecord, MAX_NOTES_PER_CANDIDATE, MAX_NOTE_CHARS};

/// The scorecard's criteria: key and label, in the order the form shows them.
pub const CRITERIA: &[(&str, &str)] = &[
    ("problem_solving", "Problem solving"),
    ("code_quality", "Code quality"),
    ("testing", "Testing and edge cases"),
    ("communication", "Clarity of the code and its explanations"),
];

/// The overall recommendations, weakest first (the store's schema allows these four).
pub const RECOMMENDATIONS: &[&str] = &["strong_no", "no", "yes", "strong_yes"];

/// A rating runs from 1 (weak) to this.
pub const MAX_RATING: u8 = 4;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    /// Plain text, 1 to 4000 characters.
    pub text: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScorecardInput {
    /// Every criterion's key with a rating from 1 to 4.
    pub ratings: BTreeMap<String, u8>,
    /// `strong_no`, `no`, `yes` or `strong_yes`.
    pub recommendation: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NoteView {
    pub id: String,
    /// The author's email.
    pub author: String,
    pub text: String,
    pub created_at: String,
    pub updated_at: String,
    /// Whether the asker wrote it (only the author may edit or delete a note).
    pub mine: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ScorecardView {
    pub author: String,
    pub ratings: BTreeMap<String, u8>,
    pub recommendation: String,
    pub updated_at: String,
    pub mine: bool,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CriterionView {
    pub key: String,
    pub label: String,
}

/// Everything the team has written about one candidate, and the form's terms.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ReviewView {
    /// Oldest first.
    pub notes: Vec<NoteView>,
    /// One per member who filled one.
    pub scorecards: Vec<ScorecardView>,
    pub criteria: Vec<CriterionView>,
    pub recommendations: Vec<String>,
    pub max_rating: u8,
    pub max_notes: i64,
    pub max_note_chars: usize,
}

fn invalid(field: &str, message: impl Into<String>) -> Invalid {
    Invalid { field: field.to_owned(), message: message.into() }
}

/// A note's text, trimmed: not empty, at most [`MAX_NOTE_CHARS`] characters, no control
/// characters but line breaks and tabs.
pub fn note_text(text: &str) -> Result<String, Invalid> {
    let text = text.trim();
    if text.is_empty() {
        return Err(invalid("text", "the note is empty"));
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(invalid("text", format!("a note holds at most {MAX_NOTE_CHARS} characters")));
    }
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(invalid("text", "the note holds a control character"));
    }
    Ok(text.to_owned())
}

/// A scorecard's ratings as stored, and its recommendation: every criterion rated 1 to
/// [`MAX_RATING`], no other key, one of [`RECOMMENDATIONS`].
pub fn scorecard(input: &ScorecardInput) -> Result<(serde_json::Value, String), Invalid> {
    if let Some(key) = input.ratings.keys().find(|k| !CRITERIA.iter().any(|(c, _)| c == k)) {
        let known: Vec<&str> = CRITERIA.iter().map(|(c, _)| *c).collect();
        return Err(invalid(&format!("ratings.{key}"), format!("not a criterion; they are {}", known.join(", "))));
    }
    for (key, _) in CRITERIA {
        match input.ratings.get(*key) {
            None => return Err(invalid(&format!("ratings.{key}"), format!("rate `{key}` from 1 to {MAX_RATING}"))),
            Some(r) if !(1..=MAX_RATING).contains(r) => {
                return Err(invalid(&format!("ratings.{key}"), format!("a rating is 1 to {MAX_RATING}")));
            }
            Some(_) => {}
        }
    }
    if !RECOMMENDATIONS.contains(&input.recommendation.as_str()) {
        return Err(invalid("recommendation", format!("one of {}", RECOMMENDATIONS.join(", "))));
    }
    let ratings = serde_json::to_value(&input.ratings).map_err(|e| invalid("ratings", e.to_string()))?;
    Ok((ratings, input.recommendation.clone()))
}

pub fn note_view(note: NoteRecord, asker: &str) -> NoteView {
    NoteView {
        mine: note.author == asker,
        id: note.id,
        author: note.author_email,
        text: note.text,
        created_at: timestamp(note.created_at),
        updated_at: timestamp(note.updated_at),
    }
}

pub fn scorecard_view(card: ScorecardRecord, asker: &str) -> ScorecardView {
    ScorecardView {
        mine: card.author == asker,
        author: card.author_email,
        // Stored ratings were checked on the way in; one that no longer reads shows as none.
        ratings: serde_json::from_value(card.ratings).unwrap_or_default(),
        recommendation: card.recommendation,
        updated_at: timestamp(card.updated_at),
    }
}

/// The review of one candidate as `asker` (a user id) sees it.
pub fn review_view(notes: Vec<NoteRecord>, scorecards: Vec<ScorecardRecord>, asker: &str) -> ReviewView {
    ReviewView {
        notes: notes.into_iter().map(|n| note_view(n, asker)).collect(),
        scorecards: scorecards.into_iter().map(|c| scorecard_view(c, asker)).collect(),
        criteria: CRITERIA
            .iter()
            .map(|(key, label)| CriterionView { key: (*key).into(), label: (*label).into() })
            .collect(),
        recommendations: RECOMMENDATIONS.iter().map(|r| (*r).to_owned()).collect(),
        max_rating: MAX_RATING,
        max_notes: MAX_NOTES_PER_CANDIDATE,
        max_note_chars: MAX_NOTE_CHARS,
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn a_scorecard_needs_every_criterion_rated_and_a_known_recommendation() {
        let full = |r: u8| CRITERIA.iter().map(|(k, _)| ((*k).to_owned(), r)).collect::<BTreeMap<_, _>>();
        let card = |ratings, recommendation: &str| ScorecardInput { ratings, recommendation: recommendation.into() };
        assert!(scorecard(&card(full(3), "yes")).is_ok());
        assert_eq!(scorecard(&card(full(5), "yes")).map_err(|e| e.field), Err("ratings.problem_solving".into()));
        let mut missing = full(2);
        missing.remove("testing");
        assert_eq!(scorecard(&card(missing, "no")).map_err(|e| e.field), Err("ratings.testing".into()));
        let mut extra = full(2);
        extra.insert("charm".into(), 4);
        assert_eq!(scorecard(&card(extra, "no")).map_err(|e| e.field), Err("ratings.charm".into()));
        assert_eq!(scorecard(&card(full(1), "maybe")).map_err(|e| e.field), Err("recommendation".into()));
        assert_eq!(note_text("  ").map_err(|e| e.field), Err("text".into()));
        assert_eq!(note_text(&"x".repeat(MAX_NOTE_CHARS + 1)).map_err(|e| e.field), Err("text".into()));
        assert_eq!(note_text(" Good.\nClear. ").as_deref(), Ok("Good.\nClear."));
    }
}
