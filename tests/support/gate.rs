//! A gate that boxed programs wait at until the test opens it, so a test can hold runs in
//! flight, see which are, and let them go: overlap and "still being judged" are observed, not
//! guessed from timing.
//!
//! The program creates an empty marker file in its scratch `/tmp` and waits until the file is no
//! longer empty. The test (root on the host) finds the markers through `/proc/PID/root/tmp` and
//! writes into them. It writes rather than creates: root has no uid inside a box's user
//! namespace, so it cannot own a new file there (EOVERFLOW), but it may write to the box's own.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Top-level Python defining `wait_at_gate(name)`, which [`Gate::call`] calls.
pub const PYTHON: &str = "def wait_at_gate(name):
    import os, time
    marker = '/tmp/' + name
    open(marker, 'w').close()
    while not os.path.getsize(marker):
        time.sleep(0.005)
";

/// A right answer to calculate-pi whose every test waits at `gate` first.
pub fn calculate_pi_behind(gate: &Gate) -> String {
    format!(
        "{PYTHON}import math\n\ndef calculate_pi(n):\n    {}\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n",
        gate.call()
    )
}

#[derive(Debug, Clone)]
pub struct Gate {
    marker: String,
}

impl Gate {
    /// A gate of its own (its marker name is unique to this process and call).
    pub fn new(label: &str) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        Self { marker: format!("verdict-gate-{}-{n}-{label}", std::process::id()) }
    }

    /// The marker's file name (unique: a program that finds it has found this gate's box).
    pub fn marker(&self) -> &str {
        &self.marker
    }

    /// A Python statement (after [`PYTHON`] in the program) that parks the run here until opened.
    pub fn call(&self) -> String {
        format!("wait_at_gate('{}')", self.marker)
    }

    /// The markers of the runs waiting at this gate now, one per box.
    pub fn parked(&self) -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
        let mut boxes = HashSet::new();
        entries
            .flatten()
            .filter(|e| e.file_name().to_str().is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())))
            .filter_map(|e| {
                let marker = e.path().join("root/tmp").join(&self.marker);
                let waiting = std::fs::metadata(&marker).is_ok_and(|m| m.is_file() && m.len() == 0);
                // Several processes may share one box: one marker per mount namespace.
                let mount_namespace = std::fs::read_link(e.path().join("ns/mnt")).ok()?;
                (waiting && boxes.insert(mount_namespace)).then_some(marker)
            })
            .collect()
    }

    /// Waits until `count` runs are parked here, and returns their markers.
    pub fn wait_parked(&self, count: usize) -> Vec<PathBuf> {
        crate::eventually(&format!("{count} runs waiting together at {}", self.marker), || {
            Some(self.parked()).filter(|parked| parked.len() >= count)
        })
    }

    /// Lets one parked run go on (true when it was still there to be let go).
    pub fn open(marker: &std::path::Path) -> bool {
        use std::io::Write;
        std::fs::OpenOptions::new().append(true).open(marker).and_then(|mut f| f.write_all(b"open")).is_ok()
    }

    /// Lets every run go on as it arrives, from now until the returned opener is stopped.
    pub fn keep_open(&self) -> Opener {
        let gate = self.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let opened = Arc::new(AtomicUsize::new(0));
        let (stop_seen, counted) = (Arc::clone(&stop), Arc::clone(&opened));
        let thread = std::thread::spawn(move || {
            while !stop_seen.load(Ordering::Relaxed) {
                let parked = gate.parked();
                counted.fetch_add(parked.iter().filter(|m| Gate::open(m)).count(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        Opener { stop, opened, thread: Some(thread) }
    }
}

/// Opens a gate for every run that arrives, counting them, until stopped or dropped.
#[derive(Debug)]
pub struct Opener {
    stop: Arc<AtomicBool>,
    opened: Arc<AtomicUsize>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Opener {
    /// How many runs it let through so far (each box once).
    pub fn opened(&self) -> usize {
        self.opened.load(Ordering::Relaxed)
    }

    /// Stops opening; returns how many runs it let through.
    pub fn stop(mut self) -> usize {
        self.halt();
        self.opened()
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Opener {
    fn drop(&mut self) {
        self.halt();
    }
}
