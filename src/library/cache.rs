//! The summary cache of a local scenario folder: what `list` shows of each file (or
//! that it is invalid), kept between runs so that an unchanged library is not parsed
//! again.
//!
//! One JSON file per folder in the per-user cache directory (`$XDG_CACHE_HOME/rehearse`,
//! else `~/.cache/rehearse`; `REHEARSE_CACHE_DIR` overrides it, `REHEARSE_NO_CACHE=1`
//! turns the cache off), named after the folder's absolute path and written whole
//! through [`crate::atomic`]. It records the program that wrote it (version, and the
//! executable's size and modification time, so any rebuild starts afresh) and the
//! folder it describes; anything else, or a file that does not parse, is ignored and
//! rebuilt.
//!
//! An entry is used only while its file has the same device, inode, mode, size,
//! modification and change time (to the nanosecond), and the `lexicon.yaml` files
//! that apply to it are the same: any edit, `touch`, `chmod`, rename or replacement
//! makes it a miss and the file is read again. A file modified or changed in the last
//! [`RACY_SECS`] seconds is not stored at all (as git does with "racy" entries): a
//! file system with coarse timestamps could otherwise hide a second edit of the same
//! size made within the same tick.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::scenario::model::{Skill, Summary};

/// The cache's own layout; bumped whenever it changes.
const FORMAT: u32 = 1;

/// Entries of files touched this recently are never stored.
pub const RACY_SECS: u64 = 2;

/// Environment variable naming the cache folder.
pub const DIR_ENV: &str = "REHEARSE_CACHE_DIR";

/// Environment variable that turns the cache off (`1`, `true`, `yes`).
pub const OFF_ENV: &str = "REHEARSE_NO_CACHE";

/// Everything about a file that an edit, `touch`, `chmod`, rename or replacement
/// changes: device, inode, mode, size, modification and change time in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    mode: u32,
    size: u64,
    mtime_ns: i128,
    ctime_ns: i128,
}

impl Stamp {
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        let ns = |s: i64, n: i64| i128::from(s) * 1_000_000_000 + i128::from(n);
        Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            mode: meta.mode(),
            size: meta.size(),
            mtime_ns: ns(meta.mtime(), meta.mtime_nsec()),
            ctime_ns: ns(meta.ctime(), meta.ctime_nsec()),
        }
    }

    #[cfg(not(unix))]
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        let ns = |t: std::io::Result<SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as i128)
        };
        Stamp {
            dev: 0,
            ino: 0,
            mode: u32::from(meta.permissions().readonly()),
            size: meta.len(),
            mtime_ns: ns(meta.modified()),
            ctime_ns: ns(meta.created()),
        }
    }

    /// Modified or changed at or after `since` (nanoseconds since the epoch).
    fn touched_since(&self, since: i128) -> bool {
        self.mtime_ns >= since || self.ctime_ns >= since
    }
}

/// One file's entry: its stamp, a digest of the lexicon files that apply to it, and
/// its summary (`None`: not a valid scenario, so `list` leaves it out).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    path: PathBuf,
    stamp: Stamp,
    lexicon: u64,
    summary: Option<CachedSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct CachedSummary {
    id: String,
    title: String,
    skill: String,
    difficulty: u8,
}

#[derive(Debug, Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    program: String,
    folder: PathBuf,
    entries: Vec<Entry>,
}

/// What one file of the folder is now, for [`Cache::lookup`] and [`Cache::store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub stamp: Stamp,
    /// [`lexicon_digest`] of the lexicon files that apply.
    pub lexicon: u64,
    /// One of those lexicon files was touched too recently to trust.
    pub racy: bool,
}

/// The cache of one folder, as read at the start of a run.
pub struct Cache {
    file: PathBuf,
    folder: PathBuf,
    program: String,
    old: HashMap<PathBuf, Entry>,
    new: Vec<Entry>,
    /// Files touched at or after this (ns since the epoch) are not stored.
    racy_from: i128,
    changed: bool,
}

/// The program that writes a cache: its version and its executable's size and
/// modification time, so a rebuilt binary never trusts another build's summaries.
fn program() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| Stamp::of(&m));
    match exe {
        Some(s) => format!(
            "{} {} {} {}",
            env!("CARGO_PKG_VERSION"),
            s.size,
            s.mtime_ns,
            s.ino
        ),
        None => format!("{} unknown", env!("CARGO_PKG_VERSION")),
    }
}

/// The cache folder: `REHEARSE_CACHE_DIR`, else the per-user cache directory; `None`
/// when the cache is turned off or there is no home.
pub fn dir() -> Option<PathBuf> {
    if std::env::var(OFF_ENV).is_ok_and(|v| matches!(v.trim(), "1" | "true" | "yes")) {
        return None;
    }
    match std::env::var_os(DIR_ENV) {
        Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
        _ => directories::ProjectDirs::from("", "", "rehearse").map(|d| d.cache_dir().to_owned()),
    }
}

/// The cache file for `folder` (an absolute path) in `dir`.
pub fn file_for(dir: &Path, folder: &Path) -> PathBuf {
    let digest = Sha256::digest(folder.as_os_str().as_encoded_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    dir.join(format!("library-{hex}.json"))
}

impl Cache {
    /// The cache of `folder` (absolute) kept in `dir`; empty when there is none or it
    /// cannot be used (unreadable, corrupt, another format, program or folder).
    pub fn open(dir: &Path, folder: &Path) -> Cache {
        let file = file_for(dir, folder);
        let program = program();
        let old = std::fs::read(&file)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<CacheFile>(&bytes).ok())
            .filter(|c| c.format == FORMAT && c.program == program && c.folder == folder)
            .map(|c| {
                c.entries
                    .into_iter()
                    .map(|e| (e.path.clone(), e))
                    .collect::<HashMap<_, _>>()
            });
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO);
        let racy_from = i128::try_from(
            now.saturating_sub(Duration::from_secs(RACY_SECS))
                .as_nanos(),
        )
        .unwrap_or(i128::MAX);
        Cache {
            file,
            folder: folder.to_owned(),
            program,
            changed: old.is_none(),
            old: old.unwrap_or_default(),
            new: Vec::new(),
            racy_from,
        }
    }

    /// The cached answer for `path` if its entry matches `key` exactly: `Some(None)`
    /// for a file known to be invalid. A hit is kept for the next write.
    pub fn lookup(&mut self, path: &Path, key: Key) -> Option<Option<Summary>> {
        let entry = self.old.remove(path)?;
        if entry.stamp != key.stamp || entry.lexicon != key.lexicon {
            self.changed = true;
            return None;
        }
        let summary = match &entry.summary {
            None => None,
            Some(s) => Some(Summary {
                id: s.id.clone(),
                title: s.title.clone(),
                skill: Skill::parse(&s.skill)?,
                difficulty: s.difficulty,
            }),
        };
        self.new.push(entry);
        Some(summary)
    }

    /// Records what `path` was found to be, unless it was touched too recently to
    /// be trusted next time.
    pub fn store(&mut self, path: &Path, key: Key, summary: Option<&Summary>) {
        self.changed = true;
        if key.racy || key.stamp.touched_since(self.racy_from) {
            return;
        }
        self.new.push(Entry {
            path: path.to_owned(),
            stamp: key.stamp,
            lexicon: key.lexicon,
            summary: summary.map(|s| CachedSummary {
                id: s.id.clone(),
                title: s.title.clone(),
                skill: s.skill.as_str().to_owned(),
                difficulty: s.difficulty,
            }),
        });
    }

    /// Whether any of these lexicon files was touched too recently to trust.
    pub fn racy_lexicon(&self, files: &[(PathBuf, Option<Stamp>)]) -> bool {
        files
            .iter()
            .any(|(_, s)| s.is_some_and(|s| s.touched_since(self.racy_from)))
    }

    /// Writes the cache back when anything changed (a miss, a file gone). Failing to
    /// write (a read-only home, a full disk) costs only speed next time.
    pub fn save(mut self) {
        if !self.changed && self.old.is_empty() {
            return;
        }
        self.new.sort_by(|a, b| a.path.cmp(&b.path));
        let out = CacheFile {
            format: FORMAT,
            program: self.program,
            folder: self.folder,
            entries: self.new,
        };
        let Some(dir) = self.file.parent() else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let staged = crate::atomic::stage(&self.file, |w| {
            serde_json::to_writer(&mut *w, &out).map_err(std::io::Error::from)?;
            w.flush()
        });
        if let Ok(staged) = staged {
            let _ = staged.replace();
        }
    }
}

/// A digest of the stamps of `files` (the lexicon files that apply to a scenario), so
/// an entry is stale as soon as one of them is edited, added or removed.
pub fn lexicon_digest(files: &[(PathBuf, Option<Stamp>)]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    files.hash(&mut h);
    h.finish()
}
