//! Reads go to read-only connections of their own: a read made while a write is in progress
//! neither waits for it nor sees its uncommitted rows, and sees it once committed.

use super::hiring::spec;
use super::{hiring_store, on_both_engines, Engine};
use std::sync::{mpsc, Arc};
use std::time::Duration;
use verdict_store::*;

/// How long a read made during a write may take before the test calls it stuck behind the
/// writer: a guard against hanging, far beyond any read's time (not a measure of speed).
const STUCK: Duration = Duration::from_secs(60);

fn a_read_during_a_write_sees_the_last_commit_and_then_the_write(engine: Engine) {
    let (_place, _clock, store) = hiring_store(engine);
    let store = Arc::new(store);
    let team = store.user_for_login("u@x.test").expect("login").map(|(u, _)| u.team).unwrap_or_default();
    store.create_assessment(&team, "as1", &spec(), "lead").expect("create");
    let new = NewInvitation { id: "inv".into(), name: "n".into(), email: "n@x.test".into(), link_hash: "h".into() };
    store.create_invitations("as1", &[new], "lead").expect("invite");
    store.start_attempt("inv", spec().duration_ms).expect("start");
    store.save_attempt_draft("inv", "a", "a1", "autosave").expect("draft");
    store.save_attempt_draft("inv", "b", "b1", "autosave").expect("draft");
    let mut seen_during = Vec::new();
    let mut ids = ["auto-a", "auto-b"].into_iter();
    // The id callback runs inside finish_attempt's write transaction (the second time, after
    // the first submission was inserted): the writer is busy while another thread reads.
    let finished = store
        .finish_attempt(
            "inv",
            "candidate",
            &mut || {
                let (sender, receiver) = mpsc::channel();
                let reading = Arc::clone(&store);
                std::thread::spawn(move || sender.send(reading.submission("auto-a").map(|s| s.is_some()).ok()));
                seen_during.push(receiver.recv_timeout(STUCK).ok().flatten());
                ids.next().unwrap_or_default().to_owned()
            },
            &|_| None,
        )
        .expect("finish");
    assert_eq!(finished.submissions, ["auto-a", "auto-b"]);
    assert_eq!(
        seen_during,
        [Some(false), Some(false)],
        "a read during a write does not wait for it (None) and sees only committed rows"
    );
    assert!(store.submission("auto-a").expect("read").is_some(), "and sees the write once committed");
}

#[test]
fn a_store_without_readers_reads_through_its_writer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open_dir(dir.path()).expect("open").with_readers(0).expect("no readers");
    store
        .create_submission(&NewSubmission {
            id: "s",
            owner: &Owner::Practice("c".into()),
            problem: "p",
            code: "x",
            package: None,
        })
        .expect("create");
    assert_eq!(store.submission("s").expect("read").map(|s| s.state), Some(SubmissionState::Queued));
}

#[test]
fn a_closed_store_leaves_everything_in_the_database_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open_dir(dir.path()).expect("open");
    store
        .create_submission(&NewSubmission {
            id: "s",
            owner: &Owner::Practice("c".into()),
            problem: "p",
            code: "x",
            package: None,
        })
        .expect("create");
    store.submission("s").expect("read");
    drop(store);
    // The writer closes last, so it checkpoints the log into the file and removes it: a copy of
    // the file alone is the whole database.
    let wal = dir.path().join(format!("{DATABASE_FILE}-wal"));
    assert!(!wal.exists(), "{} is left behind", wal.display());
}

on_both_engines!(a_read_during_a_write_sees_the_last_commit_and_then_the_write);
