//! A team's private problems' calls ([`crate::QuestionStore`]), written once for every engine.

use crate::clock::Millis;
use crate::engine::Engine;
use crate::error::Result;
use crate::questions::{self, NewQuestion, QuestionRecord, QuestionStatus};
use crate::store::QuestionStore;

impl<E: Engine> QuestionStore for E {
    fn add_question(&self, team: &str, new: &NewQuestion<'_>, actor: &str) -> Result<QuestionRecord> {
        self.write(|tx, now| questions::add(tx, now, team, new, actor))
    }

    fn finish_question_check(
        &self,
        team: &str,
        slug: &str,
        version: u32,
        status: QuestionStatus,
        findings: &str,
    ) -> Result<bool> {
        self.write(|tx, now| questions::finish_check(tx, now, team, slug, version, status, findings))
    }

    fn questions(&self, team: &str) -> Result<Vec<QuestionRecord>> {
        self.read(|c, _| questions::latest(c, team))
    }

    fn question(&self, team: &str, slug: &str, version: Option<u32>) -> Result<Option<QuestionRecord>> {
        self.read(|c, _| questions::version(c, team, slug, version))
    }

    fn accepted_question(&self, team: &str, slug: &str) -> Result<Option<QuestionRecord>> {
        self.read(|c, _| questions::accepted(c, team, slug))
    }

    fn unfinished_question_checks(&self, stored_before: Millis, limit: u32) -> Result<Vec<QuestionRecord>> {
        self.read(|c, _| questions::unfinished_checks(c, stored_before, limit))
    }
}
