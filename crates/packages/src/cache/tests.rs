use super::*;
use crate::{sha256_hex, Package};
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Barrier;
use std::time::Duration;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

fn package(parent: &Path) -> Package {
    let dir = parent.join("two-sum");
    fs::create_dir_all(dir.join("tests")).expect("mkdir");
    fs::write(dir.join("problem.toml"), "slug = \"two-sum\"\n").expect("write");
    fs::write(dir.join("tests/hidden.json"), "[]\n").expect("write");
    Package::from_dir(&dir).expect("pack")
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).expect("read_dir").map(|e| e.expect("entry").file_name().to_string_lossy().into()).collect();
    names.sort();
    names
}

#[test]
fn fetches_once_and_then_serves_from_disk() {
    let t = temp();
    let p = package(t.path());
    let cache = Cache::new(t.path().join("cache")).expect("cache");
    assert_eq!(cache.get(p.hash()).expect("get"), None);
    let folder = cache.get_or_fetch(p.hash(), || Ok::<_, Infallible>(p.bytes().to_vec())).expect("fetch");
    assert_eq!(folder, cache.dir().join(p.hash()).join("two-sum"));
    assert_eq!(fs::read(folder.join("tests/hidden.json")).expect("read"), b"[]\n");
    let again = cache.get_or_fetch(p.hash(), || -> Result<Vec<u8>, Infallible> { panic!("fetched twice") });
    assert_eq!(again.expect("cached"), folder);
    assert_eq!(cache.get(p.hash()).expect("get"), Some(folder));
    assert_eq!(names(cache.dir()), [p.hash()], "temporary folders left");

    // Another cache on the same folder (as another process) finds it without fetching.
    let other = Cache::new(cache.dir()).expect("cache");
    other.get_or_fetch(p.hash(), || -> Result<Vec<u8>, Infallible> { panic!("fetched again") }).expect("found");
}

#[test]
fn threads_asking_together_share_one_fetch() {
    let t = temp();
    let p = package(t.path());
    let cache = Cache::new(t.path().join("cache")).expect("cache");
    let fetches = AtomicUsize::new(0);
    let start = Barrier::new(8);
    let folders: Vec<PathBuf> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    cache.get_or_fetch(p.hash(), || {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(50));
                        Ok::<_, Infallible>(p.bytes().to_vec())
                    })
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread").expect("fetch")).collect()
    });
    assert_eq!(fetches.load(Ordering::SeqCst), 1, "one hash fetched more than once");
    assert!(folders.iter().all(|f| *f == folders[0]));
}

#[test]
fn two_processes_racing_both_get_the_one_copy() {
    let t = temp();
    let p = package(t.path());
    let dir = t.path().join("cache");
    let (a, b) = (Cache::new(&dir).expect("cache"), Cache::new(&dir).expect("cache"));
    // Both fetch (their locks are not shared, as in two processes) before either installs.
    let both_fetched = Barrier::new(2);
    let fetch = || {
        both_fetched.wait();
        Ok::<_, Infallible>(p.bytes().to_vec())
    };
    let (x, y) = std::thread::scope(|s| {
        let x = s.spawn(|| a.get_or_fetch(p.hash(), fetch));
        let y = s.spawn(|| b.get_or_fetch(p.hash(), fetch));
        (x.join().expect("thread"), y.join().expect("thread"))
    });
    assert_eq!(x.expect("a"), y.expect("b"));
    assert_eq!(names(&dir), [p.hash()], "the loser's temporary folder was left");
}

#[test]
fn wrong_bytes_are_refused_kept_nowhere_and_fetched_again() {
    let t = temp();
    let p = package(t.path());
    let cache = Cache::new(t.path().join("cache")).expect("cache");
    let mut bad = p.bytes().to_vec();
    bad[600] ^= 0x20;
    let err = cache.get_or_fetch(p.hash(), || Ok::<_, Infallible>(bad)).expect_err("tampered bytes cached");
    assert!(matches!(err, Error::HashMismatch { .. }), "{err}");
    assert!(names(cache.dir()).is_empty(), "left behind: {:?}", names(cache.dir()));
    assert_eq!(cache.get(p.hash()).expect("get"), None);
    cache.get_or_fetch(p.hash(), || Ok::<_, Infallible>(p.bytes().to_vec())).expect("fetched again");
}

#[test]
fn a_failed_fetch_names_the_hash() {
    let t = temp();
    let cache = Cache::new(t.path().join("cache")).expect("cache");
    let hash = sha256_hex(b"missing");
    let err =
        cache.get_or_fetch(&hash, || Err(std::io::Error::other("no such package in the store"))).expect_err("fetch");
    let text = err.to_string();
    assert!(text.contains(&hash) && text.contains("no such package"), "{text}");
}

#[test]
fn a_malformed_hash_is_refused_before_fetching() {
    let t = temp();
    let cache = Cache::new(t.path().join("cache")).expect("cache");
    for hash in ["../../etc", "", ".verified"] {
        let err = cache
            .get_or_fetch(hash, || -> Result<Vec<u8>, Infallible> { panic!("fetched for {hash:?}") })
            .expect_err("bad hash");
        assert!(matches!(err, Error::HashFormat(_)), "{err}");
    }
}

#[test]
fn a_folder_without_its_marker_is_not_trusted() {
    let t = temp();
    let p = package(t.path());
    let cache = Cache::new(t.path().join("cache")).expect("cache");
    let planted = cache.dir().join(p.hash()).join("two-sum");
    fs::create_dir_all(&planted).expect("mkdir");
    fs::write(planted.join("problem.toml"), "planted").expect("write");
    assert_eq!(cache.get(p.hash()).expect("get"), None, "a folder without a marker was taken");
    let fetches = AtomicUsize::new(0);
    let folder = cache
        .get_or_fetch(p.hash(), || {
            fetches.fetch_add(1, Ordering::SeqCst);
            Ok::<_, Infallible>(p.bytes().to_vec())
        })
        .expect("fetch");
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    assert_eq!(fs::read(folder.join("problem.toml")).expect("read"), b"slug = \"two-sum\"\n");
}

#[test]
fn temporary_folders_an_hour_old_are_removed() {
    let t = temp();
    let dir = t.path().join("cache");
    let hash = sha256_hex(b"x");
    let (old, fresh) = (dir.join(format!(".{hash}.tmp-4000000-0")), dir.join(format!(".{hash}.tmp-4000000-1")));
    for d in [&old, &fresh] {
        fs::create_dir_all(d.join("two-sum")).expect("mkdir");
    }
    let two_hours_ago = std::time::SystemTime::now() - Duration::from_secs(7200);
    fs::File::open(&old).expect("open").set_modified(two_hours_ago).expect("age");
    Cache::new(&dir).expect("cache");
    assert!(!old.exists(), "a dead process's temporary folder was kept");
    assert!(fresh.exists(), "a temporary folder that may be in use was removed");
}
