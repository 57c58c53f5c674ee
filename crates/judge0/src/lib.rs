//! The Judge0 CE v1 API, the subset Verdict speaks: Python 3 only (language 71), one run per
//! submission, through the same sandbox as everything else. This crate holds what is Judge0's
//! and nothing of HTTP or storage: the request's fields and their checks ([`request`]), the
//! server's defaults and maxima as `/config_info` shows them ([`config`]), status ids 1 to 14
//! ([`status`]), the comparison with `expected_output` as Judge0 makes it ([`compare`]), the
//! response with `?fields` and base64 ([`response`]), and running one submission ([`run`]).
//!
//! It must never weaken the sandbox for compatibility: a limit above the server's maximum is
//! refused (422 naming the field, as Judge0 answers), never raised; network, extra files and
//! compiler options are refused by name; and nothing a client sends is kept beyond its caps.

mod b64;
pub mod compare;
pub mod config;
pub mod request;
pub mod response;
pub mod run;
pub mod status;

pub use config::Config;
pub use request::{FieldErrors, Stored};
pub use response::{Fields, Outcome};
pub use run::{Executor, SandboxExecutor};
pub use status::Status;

/// A submission's token: a random UUID of version 4, as Judge0 gives (clients check the form).
pub fn new_token() -> String {
    let mut b = [0_u8; 16];
    getrandom::fill(&mut b).expect("the OS random number source failed");
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// Whether `token` has a UUID's form (checked before a store lookup, so junk never reaches it).
pub fn is_token(token: &str) -> bool {
    token.len() == 36
        && token
            .char_indices()
            .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_version_4_uuids() {
        let token = super::new_token();
        assert!(super::is_token(&token), "{token}");
        assert_eq!(&token[14..15], "4");
        assert!("89ab".contains(&token[19..20]), "{token}");
        assert_ne!(token, super::new_token());
        assert!(!super::is_token("../etc/passwd"));
    }
}
