//! Candidates' own accounts, apart from team members: an email and a password hash, sessions
//! and one-time links kept as token hashes, and the practice work the account owns (under
//! [`account_owner`]). Signing in moves an anonymous candidate's submissions and drafts to the
//! account in the transaction that starts the session, losing nothing: where both have a draft
//! of one problem the newer stays the draft and the older is kept (`kept_drafts`). Deleting an
//! account deletes everything it owns. Secrets arrive already hashed; none is stored in the
//! clear. Every function here runs inside the caller's transaction.

use crate::accounts::RESET_MAIL_INTERVAL_MS;
use crate::clock::Millis;
use crate::error::{Result, StoreError};
use crate::outbox::NewMessage;
use crate::owner::Owner;
use crate::sql::{args, Db, Row};

/// The stored owner of an account's practice work: a namespace an anonymous candidate's cookie
/// (32 hex digits) cannot name, so knowing an account's id gives no way in.
pub fn account_owner(account: &str) -> Owner {
    Owner::Practice(format!("account:{account}"))
}

/// How long a session lasts: a month.
pub const CANDIDATE_SESSION_MS: Millis = 30 * 24 * 60 * 60 * 1000;
/// The most sessions (signed-in browsers) an account keeps; a new one past it ends the oldest.
pub const MAX_CANDIDATE_SESSIONS: i64 = 20;
/// The most drafts set aside by merges an account keeps; past it the oldest kept are dropped
/// (each merge can add one per problem, and anyone can make anonymous identities).
pub const MAX_KEPT_DRAFTS: i64 = 50;
/// Pending candidate mail across the service: past it no further link is mailed (an answer
/// still says "sent if the address has an account"), so sign-up spray cannot grow the outbox
/// without bound. Candidates' mail has no team, so the team cap does not count it.
pub const MAX_PENDING_CANDIDATE_MAIL: i64 = 1000;

/// What a one-time link mailed to a candidate is for, and how long it works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Proves the address after sign-up (and signs in).
    Verify,
    /// Signs in without the password.
    SignIn,
    /// Chooses a new password (and proves the address).
    Reset,
}

impl LinkPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Verify => "verify",
            LinkPurpose::SignIn => "sign_in",
            LinkPurpose::Reset => "reset",
        }
    }

    /// How long a link works from when it is mailed.
    pub fn valid_ms(self) -> Millis {
        match self {
            LinkPurpose::Verify => 24 * 60 * 60 * 1000,
            LinkPurpose::SignIn => 15 * 60 * 1000,
            LinkPurpose::Reset => 60 * 60 * 1000,
        }
    }
}

/// A candidate's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateAccount {
    pub id: String,
    pub email: String,
    pub verified: bool,
    pub created_at: Millis,
}

impl CandidateAccount {
    pub fn owner(&self) -> Owner {
        account_owner(&self.id)
    }
}

/// A signed-in account as its session cookie names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateSession {
    pub account: CandidateAccount,
    /// When this session was started: a recent one stands for the password when deleting.
    pub started_at: Millis,
}

/// What a sign-up did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignUp {
    /// A new account (verified at once when `verified` was asked, i.e. without mail).
    Created(CandidateAccount),
    /// The address had an unverified account: its password is replaced and a verify link
    /// mailed (unless one was mailed under [`RESET_MAIL_INTERVAL_MS`] ago).
    Unverified(CandidateAccount),
    /// The address has a verified account: nothing changed; a sign-in link is mailed when
    /// mail is on (same interval).
    Exists(CandidateAccount),
}

/// What moved to an account when a browser's anonymous work was merged into it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    pub submissions: u64,
    pub drafts: u64,
    /// Drafts of a problem both had: the older, set aside in the account's kept drafts.
    pub kept_drafts: u64,
    /// Problems whose revealed hints or asked-for write-up moved (the larger of both is kept).
    pub aids: u64,
}

/// A draft set aside by a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptDraft {
    pub problem: String,
    pub code: String,
    pub updated_at: Millis,
    pub kept_at: Millis,
}

/// What deleting an account deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeletedAccount {
    pub submissions: u64,
    pub drafts: u64,
    pub kept_drafts: u64,
    pub sessions: u64,
    /// Problems whose hints revealed or write-up asked for were remembered.
    pub aids: u64,
}

/// A link to mail: the token's hash and the message made for the account (which holds the link).
pub type LinkMessage<'a> = &'a (dyn Fn(&CandidateAccount, LinkPurpose) -> NewMessage + Sync);

const ACCOUNT_COLUMNS: &str = "candidate_accounts.id, candidate_accounts.email, candidate_accounts.verified_at, \
                               candidate_accounts.created_at";

fn account_of(row: &Row) -> Result<CandidateAccount> {
    let verified_at: Option<Millis> = row.get(2)?;
    Ok(CandidateAccount {
        id: row.get(0)?,
        email: row.get(1)?,
        verified: verified_at.is_some(),
        created_at: row.get(3)?,
    })
}

/// The account with this email (any case) and its password hash.
pub(crate) fn account_for_login(db: &dyn Db, email: &str) -> Result<Option<(CandidateAccount, String)>> {
    db.query_opt(
        &format!("SELECT {ACCOUNT_COLUMNS}, password_hash FROM candidate_accounts WHERE email = ?1"),
        args![email],
    )?
    .map(|r| Ok((account_of(&r)?, r.get(4)?)))
    .transpose()
}

/// Signs up `email` with a password hash. Unverified accounts whose verify link has run out
/// are deleted first (they never signed in, so they own nothing). With `link` (mail on), a
/// verify link is stored and its message queued, or for an address already verified a sign-in
/// link; without, a new account is verified at once and an existing address is a Conflict
/// `email_taken` (without mail there is no way to tell its owner anything).
pub(crate) fn sign_up(
    db: &dyn Db,
    now: Millis,
    id: &str,
    email: &str,
    password_hash: &str,
    link: Option<(&str, LinkMessage<'_>)>,
) -> Result<SignUp> {
    db.execute(
        "DELETE FROM candidate_accounts WHERE verified_at IS NULL AND created_at < ?1",
        args![now - LinkPurpose::Verify.valid_ms()],
    )?;
    let existing = account_for_login(db, email)?.map(|(account, _)| account);
    let Some((token_hash, message)) = link else {
        if existing.is_some() {
            return Err(StoreError::Conflict {
                code: "email_taken",
                message: "an account with this email exists: sign in instead".into(),
            });
        }
        db.execute(
            "INSERT INTO candidate_accounts (id, email, password_hash, verified_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            args![id, email, password_hash, now],
        )?;
        return Ok(SignUp::Created(CandidateAccount {
            id: id.to_owned(),
            email: email.to_owned(),
            verified: true,
            created_at: now,
        }));
    };
    match existing {
        Some(account) if account.verified => {
            store_link(db, now, &account, LinkPurpose::SignIn, token_hash, message)?;
            Ok(SignUp::Exists(account))
        }
        Some(account) => {
            if store_link(db, now, &account, LinkPurpose::Verify, token_hash, message)? {
                db.execute(
                    "UPDATE candidate_accounts SET password_hash = ?2 WHERE id = ?1",
                    args![&account.id, password_hash],
                )?;
            }
            Ok(SignUp::Unverified(account))
        }
        None => {
            db.execute(
                "INSERT INTO candidate_accounts (id, email, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
                args![id, email, password_hash, now],
            )?;
            let account =
                CandidateAccount { id: id.to_owned(), email: email.to_owned(), verified: false, created_at: now };
            store_link(db, now, &account, LinkPurpose::Verify, token_hash, message)?;
            Ok(SignUp::Created(account))
        }
    }
}

/// Keeps a link's hash (replacing the account's earlier link of that purpose) and queues its
/// message; false, storing nothing, when a link of that purpose was mailed to the account
/// under [`RESET_MAIL_INTERVAL_MS`] ago and still works, or when candidates' pending mail is at
/// [`MAX_PENDING_CANDIDATE_MAIL`].
fn store_link(
    db: &dyn Db,
    now: Millis,
    account: &CandidateAccount,
    purpose: LinkPurpose,
    token_hash: &str,
    message: LinkMessage<'_>,
) -> Result<bool> {
    let recent = db.query_opt(
        "SELECT 1 FROM candidate_links WHERE account = ?1 AND purpose = ?2 AND created_at > ?3 AND expires_at > ?4",
        args![&account.id, purpose.as_str(), now - RESET_MAIL_INTERVAL_MS, now],
    )?;
    let pending: i64 = db
        .query_one(
            "SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND team IS NULL AND kind LIKE 'candidate_%'",
            args![],
        )?
        .get(0)?;
    if recent.is_some() || pending >= MAX_PENDING_CANDIDATE_MAIL {
        return Ok(false);
    }
    db.execute(
        "DELETE FROM candidate_links WHERE account = ?1 AND purpose = ?2",
        args![&account.id, purpose.as_str()],
    )?;
    db.execute(
        "INSERT INTO candidate_links (token_hash, account, purpose, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        args![token_hash, &account.id, purpose.as_str(), now, now + purpose.valid_ms()],
    )?;
    crate::outbox::enqueue(db, now, &message(account, purpose))?;
    Ok(true)
}

/// Mails a sign-in or reset link to the account with `email`: None, storing nothing, when there
/// is none (a sign-in link needs a verified account), or under the mail interval.
pub(crate) fn request_link(
    db: &dyn Db,
    now: Millis,
    email: &str,
    purpose: LinkPurpose,
    token_hash: &str,
    message: LinkMessage<'_>,
) -> Result<Option<CandidateAccount>> {
    let Some((account, _)) = account_for_login(db, email)? else { return Ok(None) };
    if purpose == LinkPurpose::SignIn && !account.verified {
        return Ok(None);
    }
    Ok(store_link(db, now, &account, purpose, token_hash, message)?.then_some(account))
}

/// The account of an unused, unexpired link of `purpose`.
pub(crate) fn link_account(
    db: &dyn Db,
    now: Millis,
    purpose: LinkPurpose,
    token_hash: &str,
) -> Result<Option<CandidateAccount>> {
    db.query_opt(
        &format!(
            "SELECT {ACCOUNT_COLUMNS} FROM candidate_links JOIN candidate_accounts
             ON candidate_accounts.id = candidate_links.account
             WHERE candidate_links.token_hash = ?1 AND candidate_links.purpose = ?2 AND candidate_links.expires_at > ?3"
        ),
        args![token_hash, purpose.as_str(), now],
    )?
    .map(|r| account_of(&r))
    .transpose()
}

/// Uses up a link: deleted whatever it is for; a verify or reset link proves the address; a
/// reset link (with `password_hash`) sets the password and ends every session and other reset
/// link of the account. None when it is unknown, used or expired.
pub(crate) fn use_link(
    db: &dyn Db,
    now: Millis,
    purpose: LinkPurpose,
    token_hash: &str,
    password_hash: Option<&str>,
) -> Result<Option<CandidateAccount>> {
    let Some(mut account) = link_account(db, now, purpose, token_hash)? else { return Ok(None) };
    db.execute("DELETE FROM candidate_links WHERE token_hash = ?1", args![token_hash])?;
    if matches!(purpose, LinkPurpose::Verify | LinkPurpose::Reset) && !account.verified {
        db.execute("UPDATE candidate_accounts SET verified_at = ?2 WHERE id = ?1", args![&account.id, now])?;
        account.verified = true;
    }
    if let (LinkPurpose::Reset, Some(hash)) = (purpose, password_hash) {
        db.execute("UPDATE candidate_accounts SET password_hash = ?2 WHERE id = ?1", args![&account.id, hash])?;
        db.execute("DELETE FROM candidate_links WHERE account = ?1 AND purpose = 'reset'", args![&account.id])?;
        db.execute("DELETE FROM candidate_sessions WHERE account = ?1", args![&account.id])?;
    }
    Ok(Some(account))
}

/// Starts a session for a verified account and, given the browser's anonymous owner, moves its
/// work to the account in the same transaction. Expired sessions are swept; past
/// [`MAX_CANDIDATE_SESSIONS`] the account's oldest end.
pub(crate) fn start_session(
    db: &dyn Db,
    now: Millis,
    account: &str,
    token_hash: &str,
    expires_at: Millis,
    anonymous: Option<&Owner>,
) -> Result<Merged> {
    db.execute("DELETE FROM candidate_sessions WHERE expires_at <= ?1", args![now])?;
    let held: i64 =
        db.query_one("SELECT COUNT(*) FROM candidate_sessions WHERE account = ?1", args![account])?.get(0)?;
    if held >= MAX_CANDIDATE_SESSIONS {
        db.execute(
            "DELETE FROM candidate_sessions WHERE token_hash IN (SELECT token_hash FROM candidate_sessions
             WHERE account = ?1 ORDER BY created_at, token_hash LIMIT ?2)",
            args![account, held - MAX_CANDIDATE_SESSIONS + 1],
        )?;
    }
    db.execute(
        "INSERT INTO candidate_sessions (token_hash, account, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        args![token_hash, account, now, expires_at],
    )?;
    match anonymous {
        Some(from) => merge(db, now, from, account),
        None => Ok(Merged::default()),
    }
}

/// Moves an anonymous candidate's submissions, drafts and learning aids to an account. A draft of a problem
/// the account has a draft of too: the newer stays (or becomes) the draft, the older is kept in
/// `kept_drafts` unless its code is the same.
fn merge(db: &dyn Db, now: Millis, from: &Owner, account: &str) -> Result<Merged> {
    let to = account_owner(account);
    if from == &to || from.attempt().is_some() {
        return Ok(Merged::default());
    }
    let submissions = db.execute("UPDATE submissions SET candidate = ?2 WHERE candidate = ?1", args![from, &to])?;
    let theirs = db.query_map(
        "SELECT problem, code, updated_at FROM drafts WHERE candidate = ?1 ORDER BY problem",
        args![from],
        |r| Ok((r.get::<String>(0)?, r.get::<String>(1)?, r.get::<Millis>(2)?)),
    )?;
    let mut merged = Merged { submissions, ..Merged::default() };
    for (problem, code, updated_at) in theirs {
        let (newer, older) = match crate::drafts::draft(db, &to, &problem)? {
            None => ((code, updated_at), None),
            // On a tie the account's own draft stays.
            Some(own) if own.updated_at >= updated_at => ((own.code, own.updated_at), Some((code, updated_at))),
            Some(own) => ((code, updated_at), Some((own.code, own.updated_at))),
        };
        db.execute(
            "INSERT INTO drafts (candidate, problem, code, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (candidate, problem) DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at",
            args![&to, &problem, &newer.0, newer.1],
        )?;
        if let Some((code, updated_at)) = older.filter(|(code, _)| *code != newer.0) {
            db.execute(
                "INSERT INTO kept_drafts (account, problem, code, updated_at, kept_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                args![account, &problem, &code, updated_at, now],
            )?;
            merged.kept_drafts += 1;
        }
        merged.drafts += 1;
    }
    db.execute("DELETE FROM drafts WHERE candidate = ?1", args![from])?;
    merged.aids = crate::aids::move_aids(db, from, &to, now)?;
    // The newest MAX_KEPT_DRAFTS stay.
    let kept: i64 = db.query_one("SELECT COUNT(*) FROM kept_drafts WHERE account = ?1", args![account])?.get(0)?;
    if kept > MAX_KEPT_DRAFTS {
        db.execute(
            "DELETE FROM kept_drafts WHERE account = ?1 AND rowid IN (SELECT rowid FROM kept_drafts WHERE account = ?1
             ORDER BY kept_at, rowid LIMIT ?2)",
            args![account, kept - MAX_KEPT_DRAFTS],
        )?;
    }
    Ok(merged)
}

/// The account of an unexpired session, and when the session started.
pub(crate) fn session(db: &dyn Db, now: Millis, token_hash: &str) -> Result<Option<CandidateSession>> {
    db.query_opt(
        &format!(
            "SELECT {ACCOUNT_COLUMNS}, candidate_sessions.created_at FROM candidate_sessions JOIN candidate_accounts
             ON candidate_accounts.id = candidate_sessions.account
             WHERE candidate_sessions.token_hash = ?1 AND candidate_sessions.expires_at > ?2"
        ),
        args![token_hash, now],
    )?
    .map(|r| Ok(CandidateSession { account: account_of(&r)?, started_at: r.get(4)? }))
    .transpose()
}

pub(crate) fn end_session(db: &dyn Db, token_hash: &str) -> Result<()> {
    db.execute("DELETE FROM candidate_sessions WHERE token_hash = ?1", args![token_hash])?;
    Ok(())
}

/// The account's kept drafts, newest kept first.
pub(crate) fn kept_drafts(db: &dyn Db, account: &str) -> Result<Vec<KeptDraft>> {
    db.query_map(
        "SELECT problem, code, updated_at, kept_at FROM kept_drafts WHERE account = ?1 ORDER BY kept_at DESC, rowid DESC",
        args![account],
        |r| Ok(KeptDraft { problem: r.get(0)?, code: r.get(1)?, updated_at: r.get(2)?, kept_at: r.get(3)? }),
    )
}

/// Deletes an account with its sessions, links, kept drafts, and the practice submissions
/// (their test results with them) and drafts it owns. None when there is no such account.
pub(crate) fn delete_account(db: &dyn Db, account: &str) -> Result<Option<DeletedAccount>> {
    let owner = account_owner(account);
    let count = |sql: &str| -> Result<u64> {
        let n: i64 = db.query_one(sql, args![account])?.get(0)?;
        Ok(u64::try_from(n).unwrap_or(0))
    };
    let sessions = count("SELECT COUNT(*) FROM candidate_sessions WHERE account = ?1")?;
    let kept_drafts = count("SELECT COUNT(*) FROM kept_drafts WHERE account = ?1")?;
    if db.execute("DELETE FROM candidate_accounts WHERE id = ?1", args![account])? == 0 {
        return Ok(None);
    }
    // Foreign keys took the sessions, links and kept drafts; the work is keyed by owner.
    db.execute(
        "DELETE FROM test_results WHERE submission IN (SELECT id FROM submissions WHERE candidate = ?1)",
        args![&owner],
    )?;
    let submissions = db.execute("DELETE FROM submissions WHERE candidate = ?1", args![&owner])?;
    let drafts = db.execute("DELETE FROM drafts WHERE candidate = ?1", args![&owner])?;
    let aids = db.execute("DELETE FROM practice_aids WHERE candidate = ?1", args![&owner])?;
    Ok(Some(DeletedAccount { submissions, drafts, kept_drafts, sessions, aids }))
}
