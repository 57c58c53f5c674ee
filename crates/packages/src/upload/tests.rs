use super::*;
use std::io::Write;

fn tar_of(entries: &[(&str, tar::EntryType, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (path, kind, data) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(*kind);
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        if *kind == tar::EntryType::Symlink {
            header.set_link_name("/etc/passwd").expect("link name");
        }
        // Written raw, so a hostile path (`..`, absolute) goes in as it is.
        let name = &mut header.as_old_mut().name;
        name[..path.len()].copy_from_slice(path.as_bytes());
        header.set_cksum();
        builder.append(&header, *data).expect("append");
    }
    builder.into_inner().expect("tar")
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

fn zip_of(entries: &[(&str, &[u8])], symlink: Option<&str>) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (path, data) in entries {
        if path.ends_with('/') {
            writer.add_directory(*path, options).expect("dir");
        } else {
            writer.start_file(*path, options).expect("file");
            writer.write_all(data).expect("write");
        }
    }
    if let Some(path) = symlink {
        writer.add_symlink(path, "/etc/passwd", options).expect("symlink");
    }
    writer.finish().expect("zip").into_inner()
}

const FILE: tar::EntryType = tar::EntryType::Regular;
const DIR: tar::EntryType = tar::EntryType::Directory;

#[test]
fn a_tar_gz_and_a_zip_of_one_folder_are_read_whole() {
    let tar = tar_of(&[("p/", DIR, b""), ("p/problem.toml", FILE, b"slug = 'p'"), ("p/tests/a.json", FILE, b"[]")]);
    for bytes in [tar.clone(), gz(&tar)] {
        let upload = read_upload(&bytes).expect("read");
        assert_eq!(upload.folder, "p");
        assert_eq!(upload.files.keys().collect::<Vec<_>>(), ["problem.toml", "tests/a.json"]);
    }
    let zip = zip_of(&[("p/", b""), ("p/problem.toml", b"slug = 'p'"), ("__MACOSX/._p", b"x")], None);
    let upload = read_upload(&zip).expect("read");
    assert_eq!(
        (upload.folder.as_str(), upload.files.get("problem.toml").map(Vec::as_slice)),
        ("p", Some(&b"slug = 'p'"[..]))
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let root = write_upload(&upload, dir.path()).expect("write");
    assert_eq!(fs::read_to_string(root.join("problem.toml")).expect("read"), "slug = 'p'");
}

#[test]
fn links_escapes_and_stray_entries_are_refused_by_name() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (tar_of(&[("p/../../etc/x", FILE, b"x")]), "`..`"),
        (tar_of(&[("/p/x", FILE, b"x")]), "absolute"),
        (tar_of(&[("p/", DIR, b""), ("p/link", tar::EntryType::Symlink, b"")]), "a link"),
        (tar_of(&[("p/", DIR, b""), ("p/dev", tar::EntryType::Char, b"")]), "a device"),
        (tar_of(&[("p/x", FILE, b"x"), ("q/y", FILE, b"y")]), "one problem folder"),
        (tar_of(&[("loose.txt", FILE, b"x")]), "beside the problem folder"),
        (zip_of(&[("p/x", b"x")], Some("p/link")), "a link"),
        (zip_of(&[("p/../x", b"x")], None), "`..`"),
        (b"not an archive at all, and long enough to be read as a tar header".repeat(10), "not a zip"),
    ];
    for (bytes, expected) in cases {
        let error = read_upload(&bytes).expect_err(expected).to_string();
        assert!(error.contains(expected), "{expected}: {error}");
    }
}

#[test]
fn caps_hold_for_a_file_all_files_the_entries_and_the_archive() {
    // Sixteen MiB of zeros gzip to a few KiB: the cap counts what comes out, not what was sent.
    let zeros = vec![0u8; (MAX_UPLOAD_FILE_BYTES + 1) as usize];
    let bomb = gz(&tar_of(&[("p/", DIR, b""), ("p/big", FILE, &zeros)]));
    assert!(bomb.len() < MAX_UPLOAD_BYTES);
    let error = read_upload(&bomb).expect_err("too big a file").to_string();
    assert!(error.contains("`p/big` passes the limit"), "{error}");

    let part = vec![0u8; (MAX_UPLOAD_FILE_BYTES - 1) as usize];
    let names: Vec<String> = (0..5).map(|i| format!("p/f{i}")).collect();
    let entries: Vec<(&str, tar::EntryType, &[u8])> = names.iter().map(|n| (n.as_str(), FILE, &part[..])).collect();
    let error = read_upload(&gz(&tar_of(&entries))).expect_err("too much in all").to_string();
    assert!(error.contains("the files together"), "{error}");

    let names: Vec<String> = (0..=MAX_UPLOAD_ENTRIES).map(|i| format!("p/f{i}")).collect();
    let entries: Vec<(&str, tar::EntryType, &[u8])> = names.iter().map(|n| (n.as_str(), FILE, &b""[..])).collect();
    let error = read_upload(&tar_of(&entries)).expect_err("too many entries").to_string();
    assert!(error.contains("the number of entries"), "{error}");

    let error = read_upload(&vec![0u8; MAX_UPLOAD_BYTES + 1]).expect_err("too big an archive").to_string();
    assert!(error.contains("the archive passes"), "{error}");
}

#[test]
fn files_typed_in_the_browser_follow_the_same_rules() {
    let mut files = BTreeMap::new();
    files.insert("problem.toml".to_owned(), "slug = 'p'".to_owned());
    let upload = from_files("p", &files).expect("read");
    assert_eq!((upload.folder.as_str(), upload.files.len()), ("p", 1));
    files.insert("../escape.py".to_owned(), String::new());
    assert!(from_files("p", &files).expect_err("escape").to_string().contains("`..`"));
    assert!(from_files("../p", &BTreeMap::new()).is_err());
}
