//! Figures, not a pass/fail test: packs every problem under `problems/` (or the folder given),
//! unpacks each copy, and prints the times beside a baseline measured in the same run (reading
//! the same files; writing them without a sync), and the packages' sizes.
//!
//! `cargo run --release -p verdict-packages --example pack_all [PROBLEMS_DIR]`

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use verdict_packages::{unpack_verified, Package};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../problems"));
    let mut dirs: Vec<PathBuf> =
        fs::read_dir(&root)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    dirs.sort();
    let files: Vec<PathBuf> = dirs.iter().flat_map(|d| files_under(d)).collect();

    // Warm the page cache, then time reading every file as the baseline for packing.
    let read_all = || files.iter().map(|f| fs::read(f).map(|b| b.len())).sum::<Result<usize, _>>();
    read_all()?;
    let started = Instant::now();
    let file_bytes = read_all()?;
    let reading = started.elapsed();

    let started = Instant::now();
    let packages = dirs.iter().map(|d| Package::from_dir(d)).collect::<Result<Vec<_>, _>>()?;
    let packing = started.elapsed();

    let out = std::env::temp_dir().join(format!("verdict-pack-all-{}", std::process::id()));
    let started = Instant::now();
    for file in &files {
        let copy = out.join("plain").join(file.strip_prefix(&root)?);
        fs::create_dir_all(copy.parent().ok_or("no parent")?)?;
        fs::write(&copy, fs::read(file)?)?;
    }
    let copying = started.elapsed();
    let mut unpacking = Duration::ZERO;
    for package in &packages {
        let started = Instant::now();
        unpack_verified(package.bytes(), package.hash(), &out.join(package.hash()))?;
        unpacking += started.elapsed();
    }
    fs::remove_dir_all(&out)?;

    let count = packages.len();
    let total: usize = packages.iter().map(|p| p.bytes().len()).sum();
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
    println!("{count} problems, {} files, {:.1} MiB of file contents", files.len(), mib(file_bytes));
    println!("reading every file (baseline): {} ms", reading.as_millis());
    println!(
        "packing every problem (sha256 included): {} ms, {:.1}x the baseline",
        packing.as_millis(),
        ratio(packing, reading)
    );
    println!("copying every file, no sync (baseline): {} ms", copying.as_millis());
    println!(
        "unpacking and verifying every package (every file synced): {} ms, {:.1}x the baseline",
        unpacking.as_millis(),
        ratio(unpacking, copying)
    );
    println!(
        "archives: {:.1} MiB in all, {:.1} KiB a problem on average",
        mib(total),
        total as f64 / 1024.0 / count.max(1) as f64
    );
    if let Some(largest) = packages.iter().max_by_key(|p| p.bytes().len()) {
        println!("largest: {}, {:.1} KiB", largest.name(), largest.bytes().len() as f64 / 1024.0);
    }
    Ok(())
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / 1_048_576.0
}

/// Files (not folders) under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()) {
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}
