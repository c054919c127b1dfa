//! Reading files and standard input with a size limit: a path naming
//! `/dev/zero`, a huge file or an endless pipe is a short error, never
//! unbounded memory or a read that does not end. Secrets, certificates, CA
//! bundles, federated tokens and config files are all far smaller.

use std::io::{self, BufRead, Read};
use std::path::Path;

/// The most any file pbitoken reads may hold: 4 MiB.
pub const MAX_FILE: u64 = 4 << 20;

/// The longest line read from standard input (a password): 64 KiB.
pub const MAX_LINE: u64 = 64 << 10;

/// [`std::fs::read`], refusing a file larger than [`MAX_FILE`].
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(io::Error::other(format!(
            "it is larger than {} MiB",
            MAX_FILE >> 20
        )));
    }
    Ok(bytes)
}

/// [`std::fs::read_to_string`], refusing a file larger than [`MAX_FILE`].
pub fn read_to_string(path: &Path) -> io::Result<String> {
    String::from_utf8(read(path)?).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

/// One line (with its newline, if any) of at most [`MAX_LINE`] bytes.
pub fn read_line(reader: impl BufRead) -> io::Result<String> {
    let mut line = String::new();
    reader.take(MAX_LINE + 1).read_line(&mut line)?;
    if line.len() as u64 > MAX_LINE {
        return Err(io::Error::other(format!(
            "the line is longer than {} KiB",
            MAX_LINE >> 10
        )));
    }
    Ok(line)
}
