//! The Python interpreter the box runs, and the host files it needs.

use serde::Deserialize;
use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use verdict_pyassets::PROBE_INTERPRETER as PROBE;

#[derive(Debug, thiserror::Error)]
pub enum InterpreterError {
    #[error("interpreter {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(
        "interpreter {path} is not an ELF executable (a pyenv shim or another script?); give a resolved interpreter such as /usr/bin/python3.11"
    )]
    NotElf { path: PathBuf },
    #[error("interpreter {path} failed its probe: {detail}")]
    Probe { path: PathBuf, detail: String },
}

/// A resolved interpreter and the view of the host it needs.
#[derive(Debug, Clone)]
pub struct Interpreter {
    /// The real path of the interpreter binary.
    pub executable: PathBuf,
    pub version: String,
    /// Host paths bound read-only into the box.
    pub ro_binds: Vec<PathBuf>,
    /// Symbolic links to recreate in the box so that the dynamic loader resolves.
    pub symlinks: Vec<(PathBuf, PathBuf)>,
    /// Files landlock lets the box execute: the interpreter and its dynamic loader.
    pub executables: Vec<PathBuf>,
}

#[derive(Deserialize)]
struct ProbeOutput {
    version: String,
    executable: PathBuf,
    stdlib: PathBuf,
    libraries: Vec<PathBuf>,
}

impl Interpreter {
    /// Resolves `path`, checks it is a real interpreter binary and asks it, once, which files it
    /// loads. `extra_ro` adds host paths (a virtualenv's site-packages, say).
    pub fn probe(path: &Path, extra_ro: &[PathBuf]) -> Result<Self, InterpreterError> {
        let io = |source| InterpreterError::Io { path: path.to_owned(), source };
        let executable = fs::canonicalize(path).map_err(io)?;
        let mut magic = [0u8; 4];
        fs::File::open(&executable).and_then(|mut f| f.read_exact(&mut magic)).map_err(io)?;
        if &magic != b"\x7fELF" {
            return Err(InterpreterError::NotElf { path: path.to_owned() });
        }
        let output =
            Command::new(&executable).args(["-I", "-S", "-B", "-c", PROBE]).env_clear().output().map_err(io)?;
        let probe_error = |detail: String| InterpreterError::Probe { path: path.to_owned(), detail };
        if !output.status.success() {
            return Err(probe_error(format!("{}: {}", output.status, String::from_utf8_lossy(&output.stderr))));
        }
        let probe: ProbeOutput = serde_json::from_slice(&output.stdout).map_err(|e| probe_error(e.to_string()))?;
        let elf_interpreter = elf_interpreter(&executable).map_err(io)?;

        let mut wanted: BTreeSet<PathBuf> = BTreeSet::new();
        wanted.insert(probe.executable.clone());
        wanted.insert(probe.stdlib);
        for library in &probe.libraries {
            if let Some(dir) = library.parent() {
                wanted.insert(dir.to_owned());
            }
        }
        for extra in extra_ro {
            wanted.insert(
                fs::canonicalize(extra).map_err(|source| InterpreterError::Io { path: extra.clone(), source })?,
            );
        }
        let ro_binds = outermost(wanted);

        let mut symlinks = Vec::new();
        let mut executables = vec![probe.executable.clone()];
        if let Some(loader) = &elf_interpreter {
            symlink_chain(loader, &mut symlinks, 0);
            let real = fs::canonicalize(loader).map_err(io)?;
            if let Some(dir) = real.parent() {
                if !ro_binds.iter().any(|b| dir.starts_with(b)) {
                    return Err(probe_error(format!(
                        "the dynamic loader {} is outside the bound paths",
                        real.display()
                    )));
                }
            }
            executables.push(real);
        }
        Ok(Self { executable: probe.executable, version: probe.version, ro_binds, symlinks, executables })
    }
}

/// Keeps only the paths not inside another one of the set.
fn outermost(paths: BTreeSet<PathBuf>) -> Vec<PathBuf> {
    let mut kept: Vec<PathBuf> = Vec::new();
    for path in paths {
        if !kept.iter().any(|k| path.starts_with(k)) {
            kept.retain(|k| !k.starts_with(&path));
            kept.push(path);
        }
    }
    kept
}

/// Records every symbolic link met on the way to `path`, following each one, so the same chain
/// can be rebuilt inside the box.
fn symlink_chain(path: &Path, out: &mut Vec<(PathBuf, PathBuf)>, depth: usize) {
    if depth > 16 {
        return;
    }
    let mut prefix = PathBuf::from("/");
    let components: Vec<Component<'_>> = path.components().collect();
    for (i, component) in components.iter().enumerate() {
        match component {
            Component::Normal(part) => prefix.push(part),
            Component::ParentDir => {
                prefix.pop();
            }
            _ => continue,
        }
        let Ok(meta) = fs::symlink_metadata(&prefix) else {
            return;
        };
        if meta.file_type().is_symlink() {
            let Ok(target) = fs::read_link(&prefix) else {
                return;
            };
            if !out.iter().any(|(link, _)| link == &prefix) {
                out.push((prefix.clone(), target.clone()));
            }
            let base = prefix.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/"));
            let mut next = if target.is_absolute() { target } else { base.join(target) };
            for rest in &components[i + 1..] {
                next.push(rest);
            }
            symlink_chain(&next, out, depth + 1);
            return;
        }
    }
}

/// The PT_INTERP path of an ELF file (its dynamic loader), if it has one.
fn elf_interpreter(path: &Path) -> std::io::Result<Option<PathBuf>> {
    let data = fs::read(path)?;
    // A file goblin cannot read as ELF has no loader to bind; the probe has already checked the
    // magic and run the interpreter.
    Ok(goblin::elf::Elf::parse(&data).ok().and_then(|elf| elf.interpreter.map(PathBuf::from)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outermost_drops_nested_paths() {
        let set: BTreeSet<PathBuf> = ["/usr/lib", "/usr/lib/python3.11", "/usr/bin/python3.11", "/usr/libexec"]
            .into_iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(
            outermost(set),
            vec![PathBuf::from("/usr/bin/python3.11"), PathBuf::from("/usr/lib"), PathBuf::from("/usr/libexec")]
        );
    }

    #[test]
    fn symlink_chains_are_followed_to_the_end() {
        let dir = std::env::temp_dir().join(format!("verdict-chain-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("real/lib")).expect("mkdir");
        fs::write(dir.join("real/lib/ld.so"), b"").expect("write");
        symlink_at(Path::new("real"), &dir.join("usr"));
        symlink_at(&dir.join("usr/lib/ld.so"), &dir.join("loader"));
        let mut out = Vec::new();
        symlink_chain(&dir.join("loader"), &mut out, 0);
        assert_eq!(
            out,
            vec![(dir.join("loader"), dir.join("usr/lib/ld.so")), (dir.join("usr"), PathBuf::from("real"))]
        );
        fs::remove_dir_all(&dir).expect("cleanup");
    }

    fn symlink_at(target: &Path, link: &Path) {
        std::os::unix::fs::symlink(target, link).expect("symlink");
    }

    #[test]
    fn the_interpreters_dynamic_loader_is_found() {
        let loader = elf_interpreter(Path::new("/usr/bin/python3.11")).expect("reading the interpreter");
        let loader = loader.expect("a dynamically linked interpreter names its loader");
        assert!(loader.is_absolute() && loader.to_string_lossy().contains("ld-linux"), "{}", loader.display());
        let script = std::env::temp_dir().join(format!("verdict-not-elf-{}", std::process::id()));
        fs::write(&script, "#!/bin/sh\n").expect("write");
        assert_eq!(elf_interpreter(&script).expect("read"), None);
        fs::remove_file(&script).expect("cleanup");
    }

    #[test]
    fn a_script_is_refused_as_interpreter() {
        let script = std::env::temp_dir().join(format!("verdict-shim-{}", std::process::id()));
        fs::write(&script, "#!/bin/sh\nexec python3 \"$@\"\n").expect("write");
        let err = Interpreter::probe(&script, &[]).expect_err("a script is not an interpreter");
        assert!(matches!(err, InterpreterError::NotElf { .. }), "{err}");
        assert!(err.to_string().contains("shim"), "{err}");
        fs::remove_file(&script).expect("cleanup");
    }
}
