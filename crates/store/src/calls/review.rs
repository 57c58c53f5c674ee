//! The review calls ([`crate::ReviewStore`]), written once for every engine.

use crate::engine::Engine;
use crate::error::Result;
use crate::review::{self, NoteRecord, ProblemActivity, Reviewer, ScorecardRecord};
use crate::store::ReviewStore;
use serde_json::Value;

impl<E: Engine> ReviewStore for E {
    fn notes(&self, invitation: &str) -> Result<Vec<NoteRecord>> {
        self.read(|c, _| review::notes(c, invitation))
    }

    fn add_note(&self, invitation: &str, id: &str, author: Reviewer<'_>, text: &str) -> Result<NoteRecord> {
        self.write(|tx, now| review::add_note(tx, now, invitation, id, author, text))
    }

    fn edit_note(&self, invitation: &str, id: &str, author: Reviewer<'_>, text: &str) -> Result<NoteRecord> {
        self.write(|tx, now| review::edit_note(tx, now, invitation, id, author, text))
    }

    fn delete_note(&self, invitation: &str, id: &str, author: Reviewer<'_>) -> Result<()> {
        self.write(|tx, now| review::delete_note(tx, now, invitation, id, author))
    }

    fn scorecards(&self, invitation: &str) -> Result<Vec<ScorecardRecord>> {
        self.read(|c, _| review::scorecards(c, invitation))
    }

    fn put_scorecard(
        &self,
        invitation: &str,
        author: Reviewer<'_>,
        ratings: &Value,
        recommendation: &str,
    ) -> Result<ScorecardRecord> {
        self.write(|tx, now| review::put_scorecard(tx, now, invitation, author, ratings, recommendation))
    }

    fn activity(&self, invitation: &str) -> Result<Vec<ProblemActivity>> {
        self.read(|c, _| review::activity(c, invitation))
    }
}
