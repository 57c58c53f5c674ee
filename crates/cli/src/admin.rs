//! `verdict admin`: accounts, managed on the machine that holds the data (there is no
//! unauthenticated way to make the first account over HTTP).

use anyhow::{Context, Result};
use std::process::ExitCode;
use verdict_accounts::{new_token, setup_link, token_hash, TokenKind, SETUP_LINK_HOURS};
use verdict_store::{Clock, Role, StoreError, SystemClock};

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
        /// What the member may do: admin (everything, the team and its tokens included),
        /// interviewer (assessments and invitations) or reviewer (reads only).
        #[arg(long, default_value = "admin", value_parser = parse_role)]
        role: Role,
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
        AdminCommand::CreateUser { email, team, role, store, url } => {
            create_user(&email, team.as_deref(), role, &store, &url)
        }
    }
}

fn parse_role(name: &str) -> Result<Role, String> {
    let names = Role::ALL.map(Role::as_str).join(", ");
    Role::parse(name).ok_or_else(|| format!("`{name}` is not a role: one of {names}"))
}

fn create_user(
    email: &str,
    team: Option<&str>,
    role: Role,
    store: &crate::store::StoreArgs,
    url: &str,
) -> Result<ExitCode> {
    let email = verdict_accounts::check_email(email)?;
    let domain = email.rsplit('@').next().unwrap_or_default();
    let team = team.map_or_else(|| domain.to_lowercase(), |t| t.trim().to_owned());
    anyhow::ensure!(!team.is_empty(), "--team is empty");
    let store = store.open()?;
    let token = new_token(TokenKind::Setup);
    let id = verdict_accounts::random_hex(16);
    let expires = SystemClock.now() + SETUP_LINK_HOURS * 3_600_000;
    match store.create_user(&id, email, &team, role, &token_hash(&token), expires) {
        Ok(user) => {
            println!("Created {} in team {} as {}.", user.email, user.team_name, user.role);
            println!("Send them this one-time link to choose a password (it works for {SETUP_LINK_HOURS} hours):");
            println!("  {}", setup_link(url, &token));
            Ok(ExitCode::SUCCESS)
        }
        Err(StoreError::DuplicateEmail(email)) => {
            eprintln!("error: a user with the email {email} already exists");
            Ok(ExitCode::from(2))
        }
        Err(error) => Err(error).context("creating the user"),
    }
}
