//! A team member's role: what they may do is the server's policy; the store keeps the name and
//! the order (an admin may do all an interviewer may, an interviewer all a reviewer may).

use crate::error::{corrupt, Result};
use std::fmt;

/// Roles from the least to the most trusted: the order is what "at least" means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads assessments and reports; changes nothing.
    Reviewer,
    /// Builds assessments, invites candidates, reads reports.
    Interviewer,
    /// Everything, the team's members and API tokens included.
    Admin,
}

impl Role {
    /// Every role, least trusted first.
    pub const ALL: [Role; 3] = [Role::Reviewer, Role::Interviewer, Role::Admin];

    /// The name stored and shown in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::Interviewer => "interviewer",
            Role::Admin => "admin",
        }
    }

    /// The role of a name, None for any other text.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    pub(crate) fn stored(name: &str) -> Result<Role> {
        Role::parse(name).ok_or_else(|| corrupt("role", format!("`{name}` is not a role")))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn names_read_back_and_order_by_trust() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("Admin"), None, "names are exact");
        assert!(Role::Reviewer < Role::Interviewer && Role::Interviewer < Role::Admin);
    }
}
