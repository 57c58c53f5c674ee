//! The targets of issue 19, each beside the figure this run measured for it. Figures only: a
//! missed target is printed as such and never fails the bench.

use super::figures::section;
use std::time::Duration;

/// What the sections measured on the fork server, the path the targets are for; a section that
/// did not run leaves its figure out.
#[derive(Debug, Default)]
pub struct Measured {
    /// The trivial test's median and its ratio to a bare interpreter start's median.
    pub trivial: Option<(Duration, f64)>,
    pub django: Option<Duration>,
    pub sqlalchemy: Option<Duration>,
    pub submission: Option<Duration>,
    /// Trivial tests per second from `super::CLIENT_THREADS` client threads.
    pub rate: Option<f64>,
    pub child_private_kib: Option<u64>,
}

const TRIVIAL_RATIO: f64 = 0.25;
const DJANGO: Duration = Duration::from_millis(5);
const SQLALCHEMY: Duration = Duration::from_millis(7);
const SUBMISSION: Duration = Duration::from_millis(25);
const RATE: f64 = 600.0;
const CHILD_PRIVATE_KIB: u64 = 1024;

/// A figure as printed, and whether it meets its target.
type Reading = Option<(String, bool)>;

pub fn summary(measured: &Measured, client_threads: usize) {
    section("Targets (issue 19), fork server, medians; a missed target is reported, never a failure");
    let time = |figure: Option<Duration>, at_most: Duration| -> Reading {
        figure.map(|d| (format!("{:.2} ms", d.as_secs_f64() * 1e3), d <= at_most))
    };
    let rows: [(String, String, Reading); 6] = [
        (
            "trivial function test, per test".into(),
            format!("at most {TRIVIAL_RATIO}x of bare"),
            measured
                .trivial
                .map(|(d, ratio)| (format!("{ratio:.2}x ({:.2} ms)", d.as_secs_f64() * 1e3), ratio <= TRIVIAL_RATIO)),
        ),
        ("Django ORM test".into(), format!("at most {} ms", DJANGO.as_millis()), time(measured.django, DJANGO)),
        (
            "SQLAlchemy test".into(),
            format!("at most {} ms", SQLALCHEMY.as_millis()),
            time(measured.sqlalchemy, SQLALCHEMY),
        ),
        (
            "10-test submission, POST to final SSE event".into(),
            format!("at most {} ms", SUBMISSION.as_millis()),
            time(measured.submission, SUBMISSION),
        ),
        (
            format!("sustained trivial tests, {client_threads} client threads"),
            format!("at least {RATE} /s"),
            measured.rate.map(|rate| (format!("{rate:.0} /s"), rate >= RATE)),
        ),
        (
            "fork-server child, private memory".into(),
            format!("at most {} MiB", CHILD_PRIVATE_KIB / 1024),
            measured.child_private_kib.map(|kib| (format!("{kib} KiB"), kib <= CHILD_PRIVATE_KIB)),
        ),
    ];
    println!("{:<46} {:>20} {:>22}", "", "measured", "target");
    for (what, target, reading) in rows {
        let (shown, verdict) = match reading {
            Some((shown, true)) => (shown, "met"),
            Some((shown, false)) => (shown, "NOT met"),
            None => ("-".to_owned(), "not measured in this run"),
        };
        println!("{what:<46} {shown:>20} {target:>22}  {verdict}");
    }
}
