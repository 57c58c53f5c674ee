//! The hiring domain: assessments, invitations, attempts and their reports as rules and data,
//! with no HTTP in it. It never reads the store or the clock itself: the handlers pass in what
//! the rules need and turn their refusals into answers.

pub mod explain;
pub mod export;
pub mod playback;
pub mod report;
pub mod review;
pub mod rules;
pub mod timeline;
pub mod views;
