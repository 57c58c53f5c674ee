//! The server's submission and practice-draft calls, written once for every engine.

use crate::audit::audit_grading;
use crate::drafts::{self, Draft};
use crate::engine::Engine;
use crate::error::Result;
use crate::owner::Owner;
use crate::store::Store;
use crate::submissions::{self, NewSubmission, Origin, Outcome, ProblemStatus, SubmissionRecord, SubmissionSummary};
use serde_json::Value;
use std::collections::HashMap;

impl<E: Engine> Store for E {
    fn create_submission(&self, new: &NewSubmission<'_>) -> Result<SubmissionRecord> {
        let quota = Some(self.candidate_quota());
        self.write(|tx, now| submissions::insert_submission(tx, new, now, Origin::Candidate, quota))
    }

    fn submission(&self, id: &str) -> Result<Option<SubmissionRecord>> {
        self.read(|c, _| submissions::submission(c, id))
    }

    fn mark_running(&self, id: &str) -> Result<()> {
        self.write(|tx, _| submissions::mark_running(tx, id))
    }

    fn record_test(&self, id: &str, number: u32, result: &Value) -> Result<()> {
        self.write(|tx, _| submissions::record_test(tx, id, number, result))
    }

    fn finish(&self, id: &str, outcome: &Outcome) -> Result<()> {
        self.write(|tx, now| {
            submissions::finish(tx, id, outcome, now)?;
            audit_grading(tx, now, id)
        })
    }

    fn requeue(&self, id: &str) -> Result<()> {
        self.write(|tx, _| submissions::requeue(tx, id))
    }

    fn requeue_unfinished(&self) -> Result<Vec<String>> {
        self.write(|tx, _| submissions::requeue_unfinished(tx))
    }

    fn submissions_of(&self, owner: &Owner, problem: &str, limit: usize) -> Result<Vec<SubmissionSummary>> {
        self.read(|c, _| submissions::submissions_of(c, owner, problem, limit))
    }

    fn problem_statuses(&self, owner: &Owner) -> Result<HashMap<String, ProblemStatus>> {
        self.read(|c, _| submissions::problem_statuses(c, owner))
    }

    fn draft(&self, owner: &Owner, problem: &str) -> Result<Option<Draft>> {
        self.read(|c, _| drafts::draft(c, owner, problem))
    }

    fn save_draft(&self, owner: &Owner, problem: &str, code: &str) -> Result<Draft> {
        self.write(|tx, now| drafts::save_draft(tx, owner, problem, code, now))
    }
}
