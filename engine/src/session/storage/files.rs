//! The directory the file session engine writes to (`SESSION_FILE_PATH`), in memory: file
//! name -> (content, mtime). Its faults model a missing directory and a read-only one, with
//! the `OSError`s Python's `os` functions would raise.

use std::collections::BTreeMap;

/// One file.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionFile {
    /// The content (ASCII: the encoded session, or empty for a placeholder).
    pub content: String,
    /// `st_mtime`: the clock when it was last written.
    pub mtime: f64,
}

/// What state the directory is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirState {
    /// Exists and is writable.
    Ready,
    /// Does not exist.
    Missing,
    /// Exists, but files cannot be created, renamed or removed in it.
    ReadOnly,
}

/// An `OSError` from a file operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OsErrorKind {
    /// `FileNotFoundError` (`ENOENT`).
    FileNotFound,
    /// `FileExistsError` (`EEXIST`).
    FileExists,
    /// `PermissionError` (`EACCES`).
    Permission,
}

impl OsErrorKind {
    /// The Python class name.
    pub fn python_name(self) -> &'static str {
        match self {
            OsErrorKind::FileNotFound => "FileNotFoundError",
            OsErrorKind::FileExists => "FileExistsError",
            OsErrorKind::Permission => "PermissionError",
        }
    }

    /// The C library's message.
    pub fn message(self) -> &'static str {
        match self {
            OsErrorKind::FileNotFound => "[Errno 2] No such file or directory",
            OsErrorKind::FileExists => "[Errno 17] File exists",
            OsErrorKind::Permission => "[Errno 13] Permission denied",
        }
    }
}

/// The session directory.
#[derive(Clone, Debug, PartialEq)]
pub struct FileDir {
    files: BTreeMap<String, SessionFile>,
    state: DirState,
    /// Whether `SessionStore._get_storage_path()` already succeeded once: Django caches the
    /// path on the class, so later construction no longer checks that the directory exists.
    path_resolved: bool,
}

impl Default for FileDir {
    fn default() -> Self {
        FileDir {
            files: BTreeMap::new(),
            state: DirState::Ready,
            path_resolved: false,
        }
    }
}

impl FileDir {
    /// Files sorted by name.
    pub fn files(&self) -> impl Iterator<Item = (&str, &SessionFile)> {
        self.files.iter().map(|(k, f)| (k.as_str(), f))
    }

    /// The directory's state.
    pub fn state(&self) -> DirState {
        self.state
    }

    /// Changes the directory's state; a removed directory loses its files.
    pub fn set_state(&mut self, state: DirState) {
        if state == DirState::Missing {
            self.files.clear();
        }
        self.state = state;
    }

    /// `_get_storage_path()`: `true` if the path is cached or the directory exists (then it
    /// is cached), `false` if Django would raise `ImproperlyConfigured`.
    pub fn resolve_storage_path(&mut self) -> bool {
        if !self.path_resolved && self.state != DirState::Missing {
            self.path_resolved = true;
        }
        self.path_resolved
    }

    /// `open(name).read()`.
    pub fn read(&self, name: &str) -> Result<&SessionFile, OsErrorKind> {
        self.files.get(name).ok_or(OsErrorKind::FileNotFound)
    }

    /// `os.path.exists(name)`.
    pub fn exists(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// `os.open(name, O_WRONLY [| O_EXCL | O_CREAT])` then `os.close`: with `create`, makes
    /// an empty placeholder file (`FileExistsError` if present); without, the file must exist.
    pub fn open_for_write(
        &mut self,
        name: &str,
        create: bool,
        now: f64,
    ) -> Result<(), OsErrorKind> {
        if self.state == DirState::Missing {
            return Err(OsErrorKind::FileNotFound);
        }
        match (self.files.contains_key(name), create) {
            (true, true) => Err(OsErrorKind::FileExists),
            (true, false) => Ok(()),
            (false, false) => Err(OsErrorKind::FileNotFound),
            (false, true) if self.state == DirState::ReadOnly => Err(OsErrorKind::Permission),
            (false, true) => {
                self.files.insert(
                    name.to_owned(),
                    SessionFile {
                        content: String::new(),
                        mtime: now,
                    },
                );
                Ok(())
            }
        }
    }

    /// `tempfile.mkstemp(dir=...)`, write, `shutil.move(tmp, name)`: replaces the file
    /// atomically; `mtime` becomes `now`.
    pub fn write_atomically(
        &mut self,
        name: &str,
        content: &str,
        now: f64,
    ) -> Result<(), OsErrorKind> {
        match self.state {
            DirState::Missing => Err(OsErrorKind::FileNotFound),
            DirState::ReadOnly => Err(OsErrorKind::Permission),
            DirState::Ready => {
                self.files.insert(
                    name.to_owned(),
                    SessionFile {
                        content: content.to_owned(),
                        mtime: now,
                    },
                );
                Ok(())
            }
        }
    }

    /// `os.unlink(name)`.
    pub fn unlink(&mut self, name: &str) -> Result<(), OsErrorKind> {
        if !self.files.contains_key(name) {
            return Err(OsErrorKind::FileNotFound);
        }
        if self.state == DirState::ReadOnly {
            return Err(OsErrorKind::Permission);
        }
        self.files.remove(name);
        Ok(())
    }

    /// `os.listdir(path)`.
    pub fn list(&self) -> Result<Vec<String>, OsErrorKind> {
        if self.state == DirState::Missing {
            return Err(OsErrorKind::FileNotFound);
        }
        Ok(self.files.keys().cloned().collect())
    }
}
