//! The secrets of Verdict's accounts: team members' passwords (Argon2id, memory-hard), and the
//! random bearer tokens of sessions, API tokens, setup links and candidates' invitation links.
//!
//! A token is shown to its owner once and kept only as its SHA-256 hash: tokens carry 256
//! random bits, so a fast hash is enough to make a leaked database useless for signing in,
//! while passwords, which people choose, get the slow memory-hard hash. This crate never
//! stores, logs or compares a secret in the clear beyond the call that received it. Passwords
//! are hashed only under a [`HashGate`]'s permit, so hashing is bounded and counted.

use argon2::password_hash::{Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The longest password accepted (hashing is costly; a bound keeps it so).
pub const MAX_PASSWORD_CHARS: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("the password is too short: at least {MIN_PASSWORD_CHARS} characters")]
    PasswordTooShort,
    #[error("the password is too long: at most {MAX_PASSWORD_CHARS} characters")]
    PasswordTooLong,
    #[error("cannot hash the password: {0}")]
    Hash(String),
    #[error("`{0}` is not an email address")]
    NotAnEmail(String),
    #[error("the stored password hash is unreadable: {0}")]
    StoredHash(String),
}

/// What a kind of token is for. API tokens carry a `vt_` prefix, so a leaked one is recognisable
/// to secret scanners and cannot pass for a link; the others are bare hex, and each kind is only
/// ever looked up in its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A signed-in browser's session cookie.
    Session,
    /// An API token for automation.
    Api,
    /// A one-time link to choose a password.
    Setup,
    /// A candidate's invitation link.
    Invitation,
    /// A one-time link, sent by mail, to choose a new password.
    PasswordReset,
    /// A one-time link mailed to a candidate's own account: confirm the address, sign in, or
    /// reset the password.
    AccountLink,
}

impl TokenKind {
    fn prefix(self) -> &'static str {
        match self {
            TokenKind::Session => "",
            TokenKind::Api => "vt_",
            TokenKind::Setup => "",
            TokenKind::Invitation => "",
            TokenKind::PasswordReset => "",
            TokenKind::AccountLink => "",
        }
    }
}

/// The number of hex digits of a token's random part (256 bits).
pub const TOKEN_HEX_DIGITS: usize = 64;

/// How long a team member's setup link works (made by `verdict admin create-user` or an
/// admin's invitation).
pub const SETUP_LINK_HOURS: i64 = 72;

/// A setup link's path after the service's base URL: the token sits in the fragment, so it
/// never reaches a server log or a `Referer`.
pub fn setup_link(base_url: &str, token: &str) -> String {
    format!("{}/#/setup/{token}", base_url.trim_end_matches('/'))
}

/// `bytes` random bytes from the OS as lowercase hex: tokens, and unguessable ids.
pub fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    // Without the OS random source no secret can be made; nothing can continue safely.
    getrandom::fill(&mut buffer).expect("the OS random number source failed");
    buffer.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random token of a kind: its prefix and 64 lowercase hex digits.
pub fn new_token(kind: TokenKind) -> String {
    format!("{}{}", kind.prefix(), random_hex(TOKEN_HEX_DIGITS / 2))
}

/// Checks that text looks like one email address (one `@`, a dotted domain, no spaces) and
/// returns it trimmed. Whether it is deliverable is not this check's business.
pub fn check_email(text: &str) -> Result<&str, AccountError> {
    let text = text.trim();
    let valid = text.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
    }) && !text.contains(char::is_whitespace)
        && text.matches('@').count() == 1;
    if valid {
        Ok(text)
    } else {
        Err(AccountError::NotAnEmail(text.to_owned()))
    }
}

/// Whether text has the shape of a token of this kind (checked before any lookup, so junk never
/// reaches the database).
pub fn is_token(kind: TokenKind, text: &str) -> bool {
    text.strip_prefix(kind.prefix())
        .is_some_and(|hex| hex.len() == TOKEN_HEX_DIGITS && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// The stored form of a token: its SHA-256, in hex.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Argon2id with the OWASP-recommended minimum: 19 MiB, 2 passes, one lane.
fn params() -> Params {
    Params::new(19 * 1024, 2, 1, None).unwrap_or_default()
}

/// Checks a new password's length.
pub fn check_password(password: &str) -> Result<(), AccountError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AccountError::PasswordTooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(AccountError::PasswordTooLong);
    }
    Ok(())
}

/// Bounds how many password hashes run at once, and the memory they use. Each Argon2id hash
/// needs 19 MiB and a core for tens of milliseconds, and sign-in is open to anyone: unbounded, a
/// burst of requests takes the server's memory. A hash that cannot start at once is refused (the
/// caller answers "busy, try again") rather than queued. Each slot keeps its 19 MiB for the next
/// hash instead of handing it back to the allocator, which would keep it anyway, scattered over
/// its per-thread arenas: the gate's memory is `limit` times 19 MiB, ever.
pub struct HashGate {
    limit: usize,
    running: AtomicUsize,
    /// Hashes started since the gate was made, and the most that ever ran at once: what tests
    /// read to see that a refused request did not hash.
    started: AtomicU64,
    peak: AtomicUsize,
    /// The memory of the slots not in use (allocated on a slot's first hash).
    memories: Mutex<Vec<Vec<Block>>>,
}

impl std::fmt::Debug for HashGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HashGate")
            .field("limit", &self.limit)
            .field("running", &self.running)
            .field("started", &self.started)
            .finish_non_exhaustive()
    }
}

/// The right to run one hash, with a slot's memory; the slot is free again when it is dropped.
pub struct HashPermit {
    gate: Arc<HashGate>,
    memory: Vec<Block>,
}

impl std::fmt::Debug for HashPermit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HashPermit").field("gate", &self.gate).finish_non_exhaustive()
    }
}

impl HashGate {
    /// A gate letting `limit` hashes (at least one) run at once.
    pub fn new(limit: usize) -> Arc<Self> {
        Arc::new(Self {
            limit: limit.max(1),
            running: AtomicUsize::new(0),
            started: AtomicU64::new(0),
            peak: AtomicUsize::new(0),
            memories: Mutex::new(Vec::new()),
        })
    }

    /// One hash per core: more would only queue for the CPU while holding memory.
    pub fn for_this_machine() -> Arc<Self> {
        Self::new(std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get))
    }

    /// A permit, or None when `limit` hashes are running.
    pub fn try_permit(self: &Arc<Self>) -> Option<HashPermit> {
        let before =
            self.running.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < self.limit).then_some(n + 1));
        let before = before.ok()?;
        self.peak.fetch_max(before + 1, Ordering::AcqRel);
        let memory = self.memories.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop().unwrap_or_default();
        Some(HashPermit { gate: Arc::clone(self), memory })
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// How many hashes (new passwords and verifications) have been started.
    pub fn hashes_started(&self) -> u64 {
        self.started.load(Ordering::Acquire)
    }

    /// The most hashes that ever ran at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Acquire)
    }
}

impl HashPermit {
    /// The slot's memory, sized for `params` (allocated on the slot's first hash, on the thread
    /// that hashes).
    fn memory(&mut self, params: &Params) -> Result<&mut [Block], AccountError> {
        let blocks = params.block_count();
        if blocks > params_blocks() {
            return Err(AccountError::StoredHash(format!(
                "it needs {} KiB, more than this server hashes with",
                params.m_cost()
            )));
        }
        if self.memory.len() < params_blocks() {
            self.memory = vec![Block::default(); params_blocks()];
        }
        Ok(&mut self.memory[..blocks])
    }

    /// Hashes a new password (after [`check_password`]): Argon2id in the PHC string format,
    /// salt included.
    pub fn hash_password(&mut self, password: &str) -> Result<String, AccountError> {
        check_password(password)?;
        self.gate.started.fetch_add(1, Ordering::AcqRel);
        self.hash(password)
    }

    fn hash(&mut self, password: &str) -> Result<String, AccountError> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).expect("the OS random number source failed");
        let salt = SaltString::encode_b64(&salt).map_err(|e| AccountError::Hash(e.to_string()))?;
        let (params, algorithm, version) = (params(), Algorithm::Argon2id, Version::V0x13);
        let hash = self.run(&params, algorithm, version, password, salt.as_salt(), Params::DEFAULT_OUTPUT_LEN)?;
        let phc = PasswordHash {
            algorithm: algorithm.ident(),
            version: Some(version.into()),
            params: ParamsString::try_from(&params).map_err(|e| AccountError::Hash(e.to_string()))?,
            salt: Some(salt.as_salt()),
            hash: Some(hash),
        };
        Ok(phc.to_string())
    }

    /// Whether a password matches, in constant time, against the stored hash or, when there is none
    /// (no such user, or no password chosen yet), against a decoy: the answer then takes as
    /// long as for a wrong password, so its timing does not say which emails have accounts.
    pub fn verify_password(&mut self, password: &str, stored: Option<&str>) -> Result<bool, AccountError> {
        self.gate.started.fetch_add(1, Ordering::AcqRel);
        let matches = match stored {
            Some(stored) => self.verify(password, stored)?,
            None => {
                let decoy = self.decoy()?;
                self.verify(password, &decoy)?;
                false
            }
        };
        Ok(matches)
    }

    fn verify(&mut self, password: &str, stored: &str) -> Result<bool, AccountError> {
        if password.chars().count() > MAX_PASSWORD_CHARS {
            return Ok(false);
        }
        let unreadable = |e: argon2::password_hash::Error| AccountError::StoredHash(e.to_string());
        let parsed = PasswordHash::new(stored).map_err(unreadable)?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Err(AccountError::StoredHash("it has no salt or no hash".into()));
        };
        let algorithm = Algorithm::try_from(parsed.algorithm).map_err(unreadable)?;
        let version =
            parsed.version.map(Version::try_from).transpose().map_err(|e| AccountError::StoredHash(e.to_string()))?;
        let params = Params::try_from(&parsed).map_err(unreadable)?;
        let computed = self.run(&params, algorithm, version.unwrap_or_default(), password, salt, expected.len())?;
        // `Output`'s equality is constant-time.
        Ok(computed == expected)
    }

    /// One Argon2 run in the slot's memory.
    fn run(
        &mut self,
        params: &Params,
        algorithm: Algorithm,
        version: Version,
        password: &str,
        salt: Salt<'_>,
        output_len: usize,
    ) -> Result<Output, AccountError> {
        let mut salt_bytes = [0u8; 64];
        let salt = salt.decode_b64(&mut salt_bytes).map_err(|e| AccountError::Hash(e.to_string()))?;
        let argon2 = Argon2::new(algorithm, version, params.clone());
        let memory = self.memory(params)?;
        Output::init_with(output_len, |out| {
            argon2.hash_password_into_with_memory(password.as_bytes(), salt, out, &mut *memory).map_err(Into::into)
        })
        .map_err(|e| AccountError::Hash(e.to_string()))
    }

    /// The hash verified against when there is no such user (made once, in this slot).
    fn decoy(&mut self) -> Result<String, AccountError> {
        static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        if let Some(decoy) = DECOY.get() {
            return Ok(decoy.clone());
        }
        let decoy = self.hash("decoy password, never anyone's")?;
        Ok(DECOY.get_or_init(|| decoy).clone())
    }
}

/// The blocks of memory one hash with [`params`] needs.
fn params_blocks() -> usize {
    params().block_count()
}

impl Drop for HashPermit {
    fn drop(&mut self) {
        let memory = std::mem::take(&mut self.memory);
        if !memory.is_empty() {
            self.gate.memories.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(memory);
        }
        self.gate.running.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn a_password_verifies_only_against_its_own_hash() {
        let gate = HashGate::new(1);
        let mut permit = gate.try_permit().expect("permit");
        let hash = permit.hash_password("correct horse battery").expect("hash");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        assert!(permit.verify_password("correct horse battery", Some(&hash)).expect("verify"));
        assert!(!permit.verify_password("correct horse battery!", Some(&hash)).expect("verify"));
        let again = permit.hash_password("correct horse battery").expect("hash");
        assert_ne!(hash, again, "each hash has its own salt");
    }

    #[test]
    fn hashes_are_the_argon2_crates_own_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let reference = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
        let salt = SaltString::encode_b64(&[7u8; 16]).expect("salt");
        let stored = reference.hash_password(b"correct horse battery", &salt).expect("hash").to_string();
        let gate = HashGate::new(1);
        let mut permit = gate.try_permit().expect("permit");
        assert!(permit.verify_password("correct horse battery", Some(&stored)).expect("verify"), "an existing hash");
        assert!(!permit.verify_password("correct horse batterY", Some(&stored)).expect("verify"));
        let ours = permit.hash_password("correct horse battery").expect("hash");
        let parsed = PasswordHash::new(&ours).expect("PHC");
        assert!(reference.verify_password(b"correct horse battery", &parsed).is_ok(), "{ours}");
    }

    #[test]
    fn the_gate_lets_limit_hashes_run_and_refuses_the_next_and_keeps_their_memory() {
        let gate = HashGate::new(2);
        let (a, mut b) = (gate.try_permit().expect("first"), gate.try_permit().expect("second"));
        assert!(gate.try_permit().is_none(), "a third hash must be refused, not queued");
        drop(a);
        let mut c = gate.try_permit().expect("a slot came free");
        assert!(!c.verify_password("correct horse battery", None).expect("decoy"), "no stored hash never matches");
        let hash = b.hash_password("correct horse battery").expect("hash");
        assert!(c.verify_password("correct horse battery", Some(&hash)).expect("verify"));
        assert_eq!((gate.hashes_started(), gate.peak()), (3, 2));
        drop((b, c));
        let kept = gate.memories.lock().map(|m| m.iter().map(Vec::len).collect::<Vec<_>>()).unwrap_or_default();
        assert_eq!(kept, vec![params_blocks(); 2], "each slot keeps its memory for the next hash");
    }

    #[test]
    fn short_long_and_unreadable_are_refused() {
        let gate = HashGate::new(1);
        let mut permit = gate.try_permit().expect("permit");
        assert!(matches!(permit.hash_password("short"), Err(AccountError::PasswordTooShort)));
        assert!(matches!(permit.hash_password(&"x".repeat(257)), Err(AccountError::PasswordTooLong)));
        assert!(matches!(
            permit.verify_password("whatever long", Some("not a hash")),
            Err(AccountError::StoredHash(_))
        ));
        assert!(!permit.verify_password(&"x".repeat(300), None).expect("bounded"));
        let greedy =
            "$argon2id$v=19$m=1048576,t=2,p=1$BwcHBwcHBwcHBwcHBwcHBw$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assert!(matches!(permit.verify_password("whatever long", Some(greedy)), Err(AccountError::StoredHash(_))));
    }

    #[test]
    fn tokens_are_random_typed_and_hashed() {
        let (a, b) = (new_token(TokenKind::Api), new_token(TokenKind::Api));
        assert_ne!(a, b);
        assert!(is_token(TokenKind::Api, &a) && a.starts_with("vt_"));
        assert!(!is_token(TokenKind::Invitation, &a), "an API token is not an invitation");
        let link = new_token(TokenKind::Invitation);
        assert!(is_token(TokenKind::Invitation, &link) && !is_token(TokenKind::Api, &link));
        assert!(!is_token(TokenKind::Invitation, &link.to_uppercase()));
        assert!(!is_token(TokenKind::Invitation, "../../etc/passwd"));
        assert_eq!(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_ne!(token_hash(&a), token_hash(&b));
    }

    #[test]
    fn emails_need_one_at_and_a_dotted_domain() {
        assert_eq!(check_email(" ada@x.test ").ok(), Some("ada@x.test"));
        for bad in ["ada", "ada@x", "@x.test", "ada@.test", "ada@x.", "a b@x.test", "a@b@x.test"] {
            assert!(matches!(check_email(bad), Err(AccountError::NotAnEmail(_))), "{bad}");
        }
    }
}
