//! Writing files whole, the one way every command does it: the complete new text goes
//! into a temporary file in the destination's folder and is fsynced there; only then
//! is the destination created ([`Staged::create_new`], never overwriting), replaced
//! ([`Staged::replace`]) or edited ([`edit`], which keeps the user's file: the target
//! of a symlink, the inode a hard link shares, the owner and permissions, and refuses
//! a file the user may not write). A failure before that point leaves the destination
//! as it was and no temporary file behind.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The complete new contents of a file, on disk in a temporary file beside it.
/// Dropped without being committed, the temporary file is removed.
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

/// Writes what `render` produces into a temporary file in `path`'s folder and fsyncs
/// it. A file already at `path` lends its permissions to the new one.
pub fn stage(path: &Path, render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<Staged> {
    stage_with(path, render).map(|(staged, ())| staged)
}

/// [`stage`] for a `render` that also returns something (what `grade` found).
pub fn stage_with<T>(
    path: &Path,
    render: impl FnOnce(&mut dyn Write) -> io::Result<T>,
) -> Result<(Staged, T)> {
    if path.is_dir() {
        return Err(Error::io(
            path,
            io::Error::from(io::ErrorKind::IsADirectory),
        ));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".rehearse-").suffix(".tmp");
    #[cfg(unix)]
    {
        // As an ordinary new file would be: the umask decides, not tempfile's 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(folder(path))
        .map_err(|e| Error::io(path, e))?;
    let mut out = io::BufWriter::new(tmp.as_file_mut());
    let rendered = render(&mut out)
        .and_then(|r| out.flush().map(|()| r))
        .map_err(|e| Error::io(path, e))?;
    drop(out);
    if let Ok(meta) = fs::metadata(path) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(|e| Error::io(path, e))?;
    }
    // On disk before any name points at it: a crash after the rename must not
    // leave an empty file under the real name.
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    Ok((
        Staged {
            tmp,
            path: path.to_owned(),
        },
        rendered,
    ))
}

impl Staged {
    /// Puts the new file at its path, replacing whatever is there (a report, the
    /// config), then fsyncs the folder so the new name survives a crash.
    pub fn replace(self) -> Result<()> {
        let Staged { tmp, path } = self;
        tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
        sync_folder(&path)
    }

    /// Puts the new file at its path only if nothing is there (`Error::Exists`
    /// otherwise): the name appears atomically with the whole contents, so a failed
    /// write leaves nothing that would block a retry.
    pub fn create_new(self) -> Result<()> {
        let Staged { tmp, path } = self;
        tmp.persist_noclobber(&path).map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                Error::Exists { path: path.clone() }
            } else {
                Error::io(&path, e.error)
            }
        })?;
        sync_folder(&path)
    }
}

/// Replaces the contents of the user's file at `path` with `contents`.
///
/// A symlink is followed and its target edited; the link stays a link. A file the
/// user could not write is refused with `Error::ReadOnly` before anything is written:
/// one the system will not open for writing, and, even for root (who may write
/// anything), one whose permission bits grant no write at all (`chmod a-w`), since
/// that is how people mark a file "do not edit".
///
/// The new text is staged and fsynced first. Then, when the file has one name and
/// the staged copy can be given its owner and group, it is renamed over the file
/// (atomic: a crash leaves the old text or the new, never half). Renaming would split
/// a hard link (the other names keep the old inode) or hand someone else's file to
/// us, so then the text is written into the existing inode instead; if that fails
/// partway, the staged copy is kept and named in `Error::EditIncomplete`.
pub fn edit(path: &Path, contents: &[u8]) -> Result<()> {
    let target = fs::canonicalize(path).map_err(|e| Error::io(path, e))?;
    let meta = fs::metadata(&target).map_err(|e| Error::io(&target, e))?;
    if !meta.is_file() {
        return Err(Error::NotRegularFile { path: target });
    }
    // Named as the user typed it; the target's own errors below name the target.
    let read_only = || Error::ReadOnly {
        path: path.to_owned(),
    };
    if no_write_bits(&meta) {
        return Err(read_only());
    }
    // Opening for writing asks the system itself (ownership, ACLs, a read-only
    // mount); without truncating, this changes nothing yet.
    let mut file = OpenOptions::new()
        .write(true)
        .open(&target)
        .map_err(|e| match e.kind() {
            io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => read_only(),
            _ => Error::io(&target, e),
        })?;
    let staged = stage(&target, |w| w.write_all(contents))?;
    if single_name(&meta) && same_owner(&staged, &meta) {
        // The owner change may have cleared set-id bits; the permissions go back on.
        staged
            .tmp
            .as_file()
            .set_permissions(meta.permissions())
            .map_err(|e| Error::io(&target, e))?;
        return staged.replace();
    }
    let written = file
        .write_all(contents)
        .and_then(|()| file.set_len(contents.len() as u64))
        .and_then(|()| file.sync_all());
    match written {
        Ok(()) => Ok(()),
        Err(source) => {
            let copy = match staged.tmp.keep() {
                Ok((_, copy)) => copy,
                Err(e) => e.file.path().to_owned(),
            };
            Err(Error::EditIncomplete {
                path: target,
                copy,
                source,
            })
        }
    }
}

/// The folder `path` is in (`.` for a bare file name).
pub fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// Makes a rename in `path`'s folder durable.
fn sync_folder(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let dir = folder(path);
        match fs::File::open(dir).and_then(|d| d.sync_all()) {
            // Some file systems cannot fsync a folder; nothing more can be done there.
            Err(e) if e.kind() != io::ErrorKind::InvalidInput => {
                return Err(Error::io(dir, e));
            }
            _ => {}
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Whether this user may write `path` and create files beside it. A file with no
/// write permission bit at all counts as read-only even for root, who could write it
/// anyway: the user who took the bits away meant it.
pub fn writable(path: &Path) -> bool {
    let bits = fs::metadata(path).is_ok_and(|m| !no_write_bits(&m));
    bits && may_write(path) && may_write(folder(path))
}

#[cfg(unix)]
fn may_write(path: &Path) -> bool {
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()) else {
        return false;
    };
    // SAFETY: a valid NUL-terminated path; access only reads it.
    unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn may_write(_path: &Path) -> bool {
    true
}

#[cfg(unix)]
fn no_write_bits(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o222 == 0
}

#[cfg(not(unix))]
fn no_write_bits(meta: &fs::Metadata) -> bool {
    meta.permissions().readonly()
}

#[cfg(unix)]
fn single_name(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.nlink() == 1
}

#[cfg(not(unix))]
fn single_name(_meta: &fs::Metadata) -> bool {
    true
}

/// Gives the staged file the owner and group of the file it replaces; false when the
/// system does not allow that (someone else's file, a group we are not in).
#[cfg(unix)]
fn same_owner(staged: &Staged, meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::os::unix::fs::fchown(staged.tmp.as_file(), Some(meta.uid()), Some(meta.gid())).is_ok()
}

#[cfg(not(unix))]
fn same_owner(_staged: &Staged, _meta: &fs::Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_not_edited() {
        let dir = tempfile::tempdir().expect("temp dir");
        match edit(dir.path(), b"x") {
            Err(Error::NotRegularFile { path }) => {
                assert_eq!(path, fs::canonicalize(dir.path()).expect("canonical"));
            }
            other => panic!("expected NotRegularFile, got {other:?}"),
        }
    }
}
