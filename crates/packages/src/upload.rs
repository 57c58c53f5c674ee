//! A problem folder a hiring team sends: a zip, a tar or a tar.gz of one folder in the
//! `problems/` format, or the files of one typed in the browser. Read entirely into memory
//! under caps (the archive's bytes, the entries, each file, all files), refusing what
//! [`crate::unpack_verified`] refuses (absolute paths, `..`, links, devices), then written into a
//! new folder with the same modes as an unpacked package. Nothing in it is run or parsed here.

use crate::pack::{DIR_MODE, FILE_MODE};
use crate::unpack::check_path;
use crate::{io_error, is_root_name, Error};
use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// The most bytes an uploaded archive may have (as sent, compressed or not).
pub const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;
/// The most bytes its files may hold together, once decompressed.
pub const MAX_UPLOAD_UNPACKED_BYTES: u64 = 16 * 1024 * 1024;
/// The most bytes one file may hold.
pub const MAX_UPLOAD_FILE_BYTES: u64 = 4 * 1024 * 1024;
/// The most entries (files and folders) an upload may have.
pub const MAX_UPLOAD_ENTRIES: usize = 512;

/// Why an upload was refused: the message names the entry and the rule.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("not a zip, tar or tar.gz archive: {0}")]
    Format(String),
    #[error("`{entry}`: {reason}")]
    Entry { entry: String, reason: &'static str },
    #[error("{what} passes the limit of {limit}")]
    TooLarge { what: String, limit: u64 },
    #[error("the archive must hold one problem folder (named as its slug); it holds {0}")]
    Folders(String),
}

/// The problem folder's name and its files (paths relative to it, `/`-separated), by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub folder: String,
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Reads an archive: zip (by its `PK` signature), tar.gz (by gzip's), else tar.
pub fn read_upload(bytes: &[u8]) -> Result<Upload, UploadError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(too_large("the archive", MAX_UPLOAD_BYTES as u64));
    }
    let mut reader = Reader::default();
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        read_zip(bytes, &mut reader)?;
    } else if bytes.starts_with(&[0x1f, 0x8b]) {
        read_tar(flate2::read::GzDecoder::new(bytes), &mut reader)?;
    } else {
        read_tar(bytes, &mut reader)?;
    }
    reader.finish()
}

/// The files of a folder typed in the browser, under the same rules as an archive's.
pub fn from_files(folder: &str, files: &BTreeMap<String, String>) -> Result<Upload, UploadError> {
    if !is_root_name(folder) {
        return Err(UploadError::Entry { entry: folder.to_owned(), reason: "not a folder name" });
    }
    let mut reader = Reader::default();
    for (path, text) in files {
        reader.entry(&format!("{folder}/{path}"), false, &mut text.as_bytes())?;
    }
    if reader.folder.is_none() {
        reader.folder = Some(folder.to_owned());
    }
    reader.finish()
}

/// Writes the upload's folder under `into` (which must exist) and returns its path.
pub fn write_upload(upload: &Upload, into: &Path) -> Result<PathBuf, Error> {
    let root = into.join(&upload.folder);
    fs::DirBuilder::new().mode(DIR_MODE).create(&root).map_err(io_error(&root))?;
    for (path, data) in &upload.files {
        let target = path.split('/').fold(root.clone(), |p, part| p.join(part));
        if let Some(parent) = target.parent() {
            fs::DirBuilder::new().mode(DIR_MODE).recursive(true).create(parent).map_err(io_error(parent))?;
        }
        let mut file = fs::File::options()
            .write(true)
            .create_new(true)
            .mode(FILE_MODE)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&target)
            .map_err(io_error(&target))?;
        file.write_all(data).map_err(io_error(&target))?;
    }
    Ok(root)
}

fn too_large(what: &str, limit: u64) -> UploadError {
    UploadError::TooLarge { what: what.to_owned(), limit }
}

/// What the entries read so far came to, with the caps counted as they are read.
#[derive(Debug, Default)]
struct Reader {
    folder: Option<String>,
    others: Vec<String>,
    files: BTreeMap<String, Vec<u8>>,
    entries: usize,
    total: u64,
}

impl Reader {
    fn entry(&mut self, raw: &str, is_dir: bool, data: &mut dyn Read) -> Result<(), UploadError> {
        let refuse = |reason| UploadError::Entry { entry: raw.to_owned(), reason };
        self.entries += 1;
        if self.entries > MAX_UPLOAD_ENTRIES {
            return Err(too_large("the number of entries", MAX_UPLOAD_ENTRIES as u64));
        }
        let path = raw.strip_prefix("./").unwrap_or(raw);
        let path = path.strip_suffix('/').unwrap_or(path);
        // What archivers add beside the folder: macOS's resource forks, `.` itself.
        if path.is_empty() || path == "." || path.starts_with("__MACOSX") {
            return Ok(());
        }
        let parts = check_path(path).map_err(refuse)?;
        let (top, rest) = match parts.split_first() {
            Some((top, rest)) => (*top, rest),
            None => return Err(refuse("an empty path")),
        };
        if !is_root_name(top) {
            return Err(refuse("the problem folder's name must not start with a dot"));
        }
        match &self.folder {
            None => self.folder = Some(top.to_owned()),
            Some(folder) if folder != top => {
                if !self.others.iter().any(|o| o == top) {
                    self.others.push(top.to_owned());
                }
            }
            Some(_) => {}
        }
        if rest.is_empty() {
            return if is_dir { Ok(()) } else { Err(refuse("a file beside the problem folder, not in it")) };
        }
        if is_dir {
            return Ok(());
        }
        let mut bytes = Vec::new();
        data.take(MAX_UPLOAD_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| UploadError::Format(format!("`{raw}`: {e}")))?;
        let len = bytes.len() as u64;
        if len > MAX_UPLOAD_FILE_BYTES {
            return Err(too_large(&format!("`{raw}`"), MAX_UPLOAD_FILE_BYTES));
        }
        self.total += len;
        if self.total > MAX_UPLOAD_UNPACKED_BYTES {
            return Err(too_large("the files together", MAX_UPLOAD_UNPACKED_BYTES));
        }
        if self.files.insert(rest.join("/"), bytes).is_some() {
            return Err(refuse("appears twice"));
        }
        Ok(())
    }

    fn finish(self) -> Result<Upload, UploadError> {
        let Some(folder) = self.folder else { return Err(UploadError::Folders("nothing".to_owned())) };
        if !self.others.is_empty() {
            let mut all = vec![folder];
            all.extend(self.others);
            return Err(UploadError::Folders(all.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ")));
        }
        Ok(Upload { folder, files: self.files })
    }
}

fn read_tar(bytes: impl Read, reader: &mut Reader) -> Result<(), UploadError> {
    let format = |e: std::io::Error| UploadError::Format(e.to_string());
    let mut archive = tar::Archive::new(bytes);
    for entry in archive.entries().map_err(format)? {
        let mut entry = entry.map_err(format)?;
        let raw = entry.path_bytes().into_owned();
        let Ok(name) = String::from_utf8(raw) else {
            return Err(UploadError::Entry { entry: "?".to_owned(), reason: "the path is not UTF-8" });
        };
        let refuse = |reason| UploadError::Entry { entry: name.clone(), reason };
        let is_dir = match entry.header().entry_type() {
            tar::EntryType::Directory => true,
            tar::EntryType::Regular => false,
            // What tar writers add about the entries (pax, GNU long names): no file of its own.
            tar::EntryType::XHeader | tar::EntryType::XGlobalHeader => continue,
            tar::EntryType::Symlink | tar::EntryType::Link => return Err(refuse("a link")),
            tar::EntryType::Char | tar::EntryType::Block => return Err(refuse("a device")),
            tar::EntryType::Fifo => return Err(refuse("a fifo")),
            _ => return Err(refuse("not a plain file or folder")),
        };
        reader.entry(&name, is_dir, &mut entry)?;
    }
    Ok(())
}

fn read_zip(bytes: &[u8], reader: &mut Reader) -> Result<(), UploadError> {
    let format = |e: zip::result::ZipError| UploadError::Format(e.to_string());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(format)?;
    if archive.len() > MAX_UPLOAD_ENTRIES {
        return Err(too_large("the number of entries", MAX_UPLOAD_ENTRIES as u64));
    }
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).map_err(format)?;
        let Ok(name) = std::str::from_utf8(file.name_raw()).map(str::to_owned) else {
            return Err(UploadError::Entry { entry: "?".to_owned(), reason: "the path is not UTF-8" });
        };
        if file.is_symlink() {
            return Err(UploadError::Entry { entry: name, reason: "a link" });
        }
        let is_dir = file.is_dir();
        // A zip made on Unix keeps the mode: its type bits must say a file or a folder.
        let special = file.unix_mode().is_some_and(|mode| !matches!(mode & 0o170000, 0 | 0o100000 | 0o040000));
        if special || (!is_dir && !file.is_file()) {
            return Err(UploadError::Entry { entry: name, reason: "not a plain file or folder" });
        }
        reader.entry(&name, is_dir, &mut file)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
