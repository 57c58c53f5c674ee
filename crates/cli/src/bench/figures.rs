//! Samples and the tables that print them: every figure beside its ratio to the peers measured
//! in the same section (a bare interpreter start, and bubblewrap when it is installed).

use anyhow::Result;
use std::time::{Duration, Instant};

/// Wide enough for the longest row label.
const LABEL: usize = 50;

#[derive(Debug, Default)]
pub struct Samples(Vec<Duration>);

/// Times each of `kinds` `runs` times, a round at a time, each round starting one kind later
/// than the last: whatever the run before leaves behind (a process spawned, a jail torn down)
/// then falls on every kind alike. A pause follows each round, untimed, so that a round starts
/// on a machine that has settled.
pub fn rotated(runs: usize, kinds: &[&dyn Fn() -> Result<()>]) -> Result<Vec<Samples>> {
    let mut samples: Vec<Samples> = kinds.iter().map(|_| Samples::default()).collect();
    for round in 0..runs {
        for step in 0..kinds.len() {
            let kind = (round + step) % kinds.len();
            samples[kind].time(kinds[kind])?;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(samples)
}

impl Samples {
    pub fn time(&mut self, f: impl FnOnce() -> Result<()>) -> Result<()> {
        let start = Instant::now();
        f()?;
        self.0.push(start.elapsed());
        Ok(())
    }

    pub fn quantile(&self, q: f64) -> Duration {
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        sorted.get(((sorted.len().saturating_sub(1)) as f64 * q).round() as usize).copied().unwrap_or_default()
    }

    pub fn median(&self) -> Duration {
        self.quantile(0.5)
    }

    /// A row of a table without peers (see `plain_header`).
    pub fn row(&self, label: &str) {
        println!("{label:<LABEL$} {:>10} {:>10}", ms(self.median()), ms(self.quantile(0.95)));
    }

    pub fn ratio(&self, other: &Samples) -> f64 {
        ratio(self.median().as_secs_f64(), other.median().as_secs_f64())
    }
}

pub fn ratio(figure: f64, peer: f64) -> f64 {
    figure / peer.max(f64::EPSILON)
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

pub fn section(title: &str) {
    println!("\n{title}");
}

/// The header of a table of wall times that no peer has.
pub fn plain_header() {
    println!("{:<LABEL$} {:>10} {:>10}", "", "median", "p95");
}

/// The peers a section's rows are read against: each is that peer's figure in the rows' unit.
/// Without bubblewrap the table has no bwrap column at all.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub bare: Option<f64>,
    pub bwrap: Option<f64>,
    pub with_bwrap: bool,
}

impl Table {
    /// A table of wall times, read against these peers' medians.
    pub fn of_times(bare: Option<&Samples>, bwrap: Option<&Samples>, with_bwrap: bool) -> Self {
        let median = |s: &Samples| s.median().as_secs_f64();
        let table = Self { bare: bare.map(median), bwrap: bwrap.map(median), with_bwrap };
        table.header(&["median", "p95"]);
        table
    }

    /// A table of one figure per row (tests/s, KiB), read against these peers' figures.
    pub fn of_figures(unit: &str, bare: Option<f64>, bwrap: Option<f64>, with_bwrap: bool) -> Self {
        let table = Self { bare, bwrap, with_bwrap };
        table.header(&[unit]);
        table
    }

    fn header(&self, columns: &[&str]) {
        let mut line = format!("{:<LABEL$}", "");
        for column in columns {
            line += &format!(" {column:>10}");
        }
        line += &format!(" {:>9}", "x bare");
        if self.with_bwrap {
            line += &format!(" {:>9}", "x bwrap");
        }
        println!("{line}");
    }

    pub fn times(&self, label: &str, samples: &Samples) {
        self.row(label, &[ms(samples.median()), ms(samples.quantile(0.95))], samples.median().as_secs_f64());
    }

    pub fn figure(&self, label: &str, shown: String, value: f64) {
        self.row(label, &[shown], value);
    }

    fn row(&self, label: &str, shown: &[String], value: f64) {
        let mut line = format!("{label:<LABEL$}");
        for cell in shown {
            line += &format!(" {cell:>10}");
        }
        let versus = |peer: Option<f64>| peer.map_or("-".to_owned(), |peer| format!("{:.2}x", ratio(value, peer)));
        line += &format!(" {:>9}", versus(self.bare));
        if self.with_bwrap {
            line += &format!(" {:>9}", versus(self.bwrap));
        }
        println!("{line}");
    }
}
