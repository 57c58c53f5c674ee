//! Figures, not a benchmark: packs every problem under `problems/` (or the folder given) and
//! prints how long it took and how big the packages are.
//!
//! `cargo run --release -p verdict-packages --example pack_all [PROBLEMS_DIR]`

use std::path::PathBuf;
use std::time::{Duration, Instant};
use verdict_packages::{unpack_verified, Package};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../problems"));
    let mut dirs: Vec<PathBuf> =
        std::fs::read_dir(&root)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    dirs.sort();

    let started = Instant::now();
    let packages = dirs.iter().map(|d| Package::from_dir(d)).collect::<Result<Vec<_>, _>>()?;
    let packing = started.elapsed();

    let out = std::env::temp_dir().join(format!("verdict-pack-all-{}", std::process::id()));
    let mut unpacking = Duration::ZERO;
    for package in &packages {
        let started = Instant::now();
        unpack_verified(package.bytes(), package.hash(), &out.join(package.hash()))?;
        unpacking += started.elapsed();
    }
    std::fs::remove_dir_all(&out)?;

    let total: usize = packages.iter().map(|p| p.bytes().len()).sum();
    let largest = packages.iter().max_by_key(|p| p.bytes().len()).map(|p| (p.name(), p.bytes().len()));
    println!(
        "{} problems packed in {:.0?} (hash included), unpacked and verified in {:.0?}",
        packages.len(),
        packing,
        unpacking
    );
    println!(
        "total archive size {:.1} MiB, mean {:.1} KiB",
        total as f64 / 1048576.0,
        total as f64 / 1024.0 / packages.len().max(1) as f64
    );
    if let Some((name, len)) = largest {
        println!("largest: {name}, {:.1} KiB", len as f64 / 1024.0);
    }
    Ok(())
}
