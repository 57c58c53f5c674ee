//! The team's calls ([`crate::TeamStore`]), written once for every engine.

use crate::audit::{self, TeamAuditEvent};
use crate::engine::Engine;
use crate::error::Result;
use crate::role::Role;
use crate::store::TeamStore;
use crate::team::{self, Member, NewMember, TeamToken};

impl<E: Engine> TeamStore for E {
    fn members(&self, team: &str) -> Result<Vec<Member>> {
        self.read(|c, _| team::members(c, team))
    }

    fn invite_member(&self, team: &str, new: &NewMember<'_>, actor: &str) -> Result<Member> {
        self.write(|tx, now| team::invite_member(tx, now, team, new, actor))
    }

    fn set_role(&self, team: &str, id: &str, role: Role, actor: &str) -> Result<Option<Member>> {
        self.write(|tx, now| team::set_role(tx, now, team, id, role, actor))
    }

    fn remove_member(&self, team: &str, id: &str, actor: &str) -> Result<bool> {
        self.write(|tx, now| team::remove_member(tx, now, team, id, actor))
    }

    fn team_tokens(&self, team: &str) -> Result<Vec<TeamToken>> {
        self.read(|c, _| team::team_tokens(c, team))
    }

    fn revoke_team_token(&self, team: &str, id: &str, actor: &str) -> Result<bool> {
        self.write(|tx, now| team::revoke_team_token(tx, now, team, id, actor))
    }

    fn team_audit(&self, team: &str, limit: u32) -> Result<Vec<TeamAuditEvent>> {
        self.read(|c, _| audit::team_audit(c, team, limit))
    }
}
