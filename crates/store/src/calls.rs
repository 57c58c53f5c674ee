//! The calls of [`crate::Store`], [`crate::JobStore`], [`crate::AssessmentStore`],
//! [`crate::TeamStore`], [`crate::ReviewStore`] and [`crate::CandidateStore`], written
//! once on [`crate::engine::Engine`] for every engine: each routes to a write or a read
//! transaction and runs the rules of the domain modules in it.

mod aids;
mod candidates;
mod hiring;
mod judge0;
mod mail;
mod practice;
mod questions;
mod queue;
mod review;
mod team;
mod webhooks;
