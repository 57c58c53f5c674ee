//! Practice's aid calls ([`crate::AidStore`]), written once for every engine.

use crate::aids::{self, Acceptance, AidState};
use crate::engine::Engine;
use crate::error::Result;
use crate::owner::Owner;
use crate::store::AidStore;
use std::collections::HashMap;

impl<E: Engine> AidStore for E {
    fn aid_state(&self, owner: &Owner, problem: &str) -> Result<AidState> {
        self.read(|c, _| aids::aid_state(c, owner, problem))
    }

    fn reveal_hint(&self, owner: &Owner, problem: &str, available: u32) -> Result<Option<AidState>> {
        self.write(|tx, now| aids::reveal_hint(tx, owner, problem, available, now))
    }

    fn ask_writeup(&self, owner: &Owner, problem: &str) -> Result<AidState> {
        self.write(|tx, now| aids::ask_writeup(tx, owner, problem, now))
    }

    fn move_practice_aids(&self, from: &Owner, to: &Owner) -> Result<u64> {
        self.write(|tx, now| aids::move_aids(tx, from, to, now))
    }

    fn acceptance(&self) -> Result<HashMap<String, Acceptance>> {
        self.read(|c, _| aids::acceptance(c))
    }
}
