// Throwaway profiling driver: N trivial tests on the fork server, from T threads.
use serde_json::{json, Map};
use std::sync::Arc;
use std::time::Instant;
use verdict_judge::harness;
use verdict_sandbox::{Backend, BoxedFile, Sandbox, SandboxConfig};
fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let threads: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(1);
    let config = SandboxConfig {
        backend: Backend::Fork,
        runner_scripts: verdict_judge::runner_scripts(),
        preloads: verdict_judge::preloads(),
        python_packages: Some("/usr/local/lib/verdict/sandbox-python".into()),
        fork_spares: std::env::var("SPARES").ok().and_then(|s| s.parse().ok()).unwrap_or(2),
        ..SandboxConfig::default()
    };
    let sandbox = Arc::new(Sandbox::new(config).unwrap());
    sandbox.start_backend().unwrap();
    let files =
        vec![BoxedFile { name: "solution.py".into(), contents: b"def add(a, b):\n    return a + b\n".to_vec() }];
    let request = harness::Request::Function { entry: "add", args: &[json!(1), json!(2)], kwargs: &Map::new() };
    let run = Arc::new(request.to_run(files, verdict_sandbox::Limits::default()));

    for _ in 0..10 {
        sandbox.run(&run).unwrap();
    }
    let start = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (s, r) = (Arc::clone(&sandbox), Arc::clone(&run));
            std::thread::spawn(move || {
                let mut times = Vec::new();
                for _ in 0..n / threads {
                    let t = Instant::now();
                    let o = s.run(&r).unwrap();
                    assert_eq!(o.status, verdict_sandbox::Status::Ok, "{:?}", o);
                    times.push(t.elapsed());
                    if std::env::var_os("SHOWTRACE").is_some() {
                        let e = String::from_utf8_lossy(&o.stderr);
                        for l in e.lines() {
                            if l.starts_with("TRACE") {
                                println!("{l} total={}", t.elapsed().as_micros());
                            }
                        }
                    }
                }
                times
            })
        })
        .collect();
    let mut all: Vec<_> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    let total = start.elapsed();
    all.sort();
    println!(
        "median {:?} p10 {:?} p90 {:?}  rate {:.0}/s",
        all[all.len() / 2],
        all[all.len() / 10],
        all[all.len() * 9 / 10],
        n as f64 / total.as_secs_f64()
    );
}
