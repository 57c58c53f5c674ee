//! Whose a submission or a draft is: an anonymous candidate practising, or an assessment
//! attempt. Stored as text in the `candidate` column (`attempt:<invitation>` for an attempt),
//! read and written only through the SQL conversions here.

use crate::sql::{Arg, FromValue, Value};

/// The owner of submissions and drafts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Owner {
    /// An anonymous candidate in practice mode, by the random id in their cookie.
    Practice(String),
    /// An assessment attempt, by its invitation's id: graded on every test, counted in reports.
    Attempt(String),
}

/// The stored form of an attempt: a namespace no practice candidate's random hex id can enter.
pub(crate) const ATTEMPT_PREFIX: &str = "attempt:";

impl Owner {
    /// The invitation of an attempt; `None` in practice.
    pub fn attempt(&self) -> Option<&str> {
        match self {
            Owner::Attempt(invitation) => Some(invitation),
            Owner::Practice(_) => None,
        }
    }

    fn stored(&self) -> String {
        match self {
            Owner::Practice(candidate) => candidate.clone(),
            Owner::Attempt(invitation) => format!("{ATTEMPT_PREFIX}{invitation}"),
        }
    }

    fn from_stored(text: &str) -> Self {
        match text.strip_prefix(ATTEMPT_PREFIX) {
            Some(invitation) => Owner::Attempt(invitation.to_owned()),
            None => Owner::Practice(text.to_owned()),
        }
    }
}

impl From<&Owner> for Arg<'_> {
    fn from(owner: &Owner) -> Self {
        Arg::from(owner.stored())
    }
}

impl FromValue for Owner {
    fn from_value(value: &Value) -> Option<Self> {
        match value {
            Value::Text(text) => Some(Owner::from_stored(text)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod unit {
    use super::*;
    use crate::sql::{args, Db};

    #[test]
    fn an_owner_reads_back_as_it_was_written() {
        let connection = rusqlite::Connection::open_in_memory().expect("in memory");
        let db: &dyn Db = &connection;
        for owner in [Owner::Practice("0123abcd".into()), Owner::Attempt("inv1".into())] {
            let back: Owner = db.query_one("SELECT ?1", args![&owner]).and_then(|r| r.get(0)).expect("round trip");
            assert_eq!(back, owner);
        }
        let stored: String =
            db.query_one("SELECT ?1", args![&Owner::Attempt("inv1".into())]).and_then(|r| r.get(0)).expect("text");
        assert_eq!(stored, "attempt:inv1", "the column keeps the text form it always had");
    }
}
