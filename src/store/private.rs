//! Files Seedbed writes hold contact names and phone numbers, so they are private to the user:
//! created 0600 (directories 0700).
//!
//! Two mechanisms, on purpose. The binary sets a process umask of 077 at start
//! ([`restrict_umask`]): it covers every file created by the process whoever creates it —
//! SQLite's database, `-wal`, `-shm` and journal files, `VACUUM INTO` targets, folders — with no
//! window in which a file exists with wider permissions, which a `chmod` after the fact cannot
//! promise. The files Seedbed's own code creates also ask for 0600 explicitly ([`create_new`],
//! and `interchange::write_atomically` through `tempfile`), so that they stay private when the library is used without the binary's
//! umask (tests, benchmarks, other programs).

use std::fs::File;
use std::path::Path;

/// Sets the process umask to 077 (group and others get nothing). Called first thing in `main`,
/// before any thread exists: the umask is process-wide.
pub fn restrict_umask() {
    #[cfg(unix)]
    {
        rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    }
}

/// Creates `path`, which must not exist, readable and writable by the user only.
pub fn create_new(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}
