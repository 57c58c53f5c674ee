//! The server's submission and practice-draft calls, written once for every engine.

use crate::drafts::{self, Draft};
use crate::engine::Engine;
use crate::error::Result;
use crate::owner::Owner;
use crate::store::Store;
use crate::submissions::{self, NewSubmission, Origin, ProblemStatus, SubmissionRecord, SubmissionSummary};
use std::collections::HashMap;

impl<E: Engine> Store for E {
    fn create_submission(&self, new: &NewSubmission<'_>) -> Result<SubmissionRecord> {
        let quota = Some(self.candidate_quota());
        self.write(|tx, now| submissions::insert_submission(tx, new, now, Origin::Candidate, quota))
    }

    fn submission(&self, id: &str) -> Result<Option<SubmissionRecord>> {
        self.read(|c, _| submissions::submission(c, id))
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
