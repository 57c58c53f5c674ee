//! `verdict admin`: accounts, managed on the machine that holds the data (there is no
//! unauthenticated way to make the first account over HTTP).

use anyhow::{Context, Result};
use std::process::ExitCode;
use verdict_accounts::{new_token, token_hash, TokenKind};
use verdict_store::{Clock, StoreError, SystemClock};

/// How long a setup link works.
const SETUP_LINK_HOURS: i64 = 72;

#[derive(Debug, clap::Subcommand)]
pub enum AdminCommand {
    /// Create a team member and print a one-time link where they choose their password.
    CreateUser {
        /// The member's email: what they sign in with.
        email: String,
        /// The member's team (created if new); members of a team share its assessments.
        /// Default: the email's domain.
        #[arg(long)]
        team: Option<String>,
        /// The store of `verdict serve`: its data directory or its database.
        #[command(flatten)]
        store: crate::store::StoreArgs,
        /// The address people reach the service at (for the link).
        #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080")]
        url: String,
    },
}

pub fn admin(command: AdminCommand) -> Result<ExitCode> {
    match command {
        AdminCommand::CreateUser { email, team, store, url } => create_user(&email, team.as_deref(), &store, &url),
    }
}

fn create_user(email: &str, team: Option<&str>, store: &crate::store::StoreArgs, url: &str) -> Result<ExitCode> {
    let email = verdict_accounts::check_email(email)?;
    let domain = email.rsplit('@').next().unwrap_or_default();
    let team = team.map_or_else(|| domain.to_lowercase(), |t| t.trim().to_owned());
    anyhow::ensure!(!team.is_empty(), "--team is empty");
    let store = store.open()?;
    let token = new_token(TokenKind::Setup);
    let id = verdict_accounts::random_hex(16);
    let expires = SystemClock.now() + SETUP_LINK_HOURS * 3_600_000;
    match store.create_user(&id, email, &team, &token_hash(&token), expires) {
        Ok(user) => {
            println!("Created {} in team {}.", user.email, user.team_name);
            println!("Send them this one-time link to choose a password (it works for {SETUP_LINK_HOURS} hours):");
            println!("  {}/#/setup/{token}", url.trim_end_matches('/'));
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::DuplicateEmail(email)) => {
            eprintln!("error: a user with the email {email} already exists");
            Ok(ExitCode::from(2))
        }
        Err(error) => Err(error).context("creating the user"),
    }
}
