//! Candidates' account calls, written once for every engine.

use crate::candidates::{
    self, CandidateAccount, CandidateSession, DeletedAccount, KeptDraft, LinkMessage, LinkPurpose,
};
use crate::candidates::{Merged, SignUp};
use crate::clock::Millis;
use crate::engine::Engine;
use crate::error::Result;
use crate::owner::Owner;
use crate::store::CandidateStore;

impl<E: Engine> CandidateStore for E {
    fn sign_up(
        &self,
        id: &str,
        email: &str,
        password_hash: &str,
        link: Option<(&str, LinkMessage<'_>)>,
    ) -> Result<SignUp> {
        self.write(|tx, now| candidates::sign_up(tx, now, id, email, password_hash, link))
    }

    fn candidate_for_login(&self, email: &str) -> Result<Option<(CandidateAccount, String)>> {
        self.read(|c, _| candidates::account_for_login(c, email))
    }

    fn request_candidate_link(
        &self,
        email: &str,
        purpose: LinkPurpose,
        token_hash: &str,
        message: LinkMessage<'_>,
    ) -> Result<Option<CandidateAccount>> {
        self.write(|tx, now| candidates::request_link(tx, now, email, purpose, token_hash, message))
    }

    fn candidate_link(&self, purpose: LinkPurpose, token_hash: &str) -> Result<Option<CandidateAccount>> {
        self.read(|c, now| candidates::link_account(c, now, purpose, token_hash))
    }

    fn use_candidate_link(
        &self,
        purpose: LinkPurpose,
        token_hash: &str,
        password_hash: Option<&str>,
    ) -> Result<Option<CandidateAccount>> {
        self.write(|tx, now| candidates::use_link(tx, now, purpose, token_hash, password_hash))
    }

    fn start_candidate_session(
        &self,
        account: &str,
        token_hash: &str,
        expires_at: Millis,
        anonymous: Option<&Owner>,
    ) -> Result<Merged> {
        self.write(|tx, now| candidates::start_session(tx, now, account, token_hash, expires_at, anonymous))
    }

    fn candidate_session(&self, token_hash: &str) -> Result<Option<CandidateSession>> {
        self.read(|c, now| candidates::session(c, now, token_hash))
    }

    fn end_candidate_session(&self, token_hash: &str) -> Result<()> {
        self.write(|tx, _| candidates::end_session(tx, token_hash))
    }

    fn kept_drafts(&self, account: &str) -> Result<Vec<KeptDraft>> {
        self.read(|c, _| candidates::kept_drafts(c, account))
    }

    fn delete_candidate_account(&self, account: &str) -> Result<Option<DeletedAccount>> {
        self.write(|tx, _| candidates::delete_account(tx, account))
    }
}
