//! The state key, and sealing a call's state with it.
//!
//! A stored value is `version (1 byte) ‖ nonce (24 bytes) ‖ ciphertext`,
//! the ciphertext being XChaCha20-Poly1305 of the state's JSON, with the
//! version byte and the Redis key name as associated data: a value does not
//! open under another state key, in another call's key, or in another format
//! version. The nonce is random: XChaCha20's 192-bit nonce makes random
//! nonces safe for any number of writes under one key (ChaCha20-Poly1305's
//! 96-bit nonce would cap one key at about 2³² writes, and a fleet writes
//! once per tone per call).
//!
//! What sealing does not do: it does not stop replay. An older sealed value
//! of the same call's key still opens, so someone who can write to Redis can
//! put back a state the call had before (they cannot make up a new one, nor
//! read one). Keep Redis reachable only by the bot's workers.

use chacha20poly1305::aead::{Aead, Generate, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use zeroize::{Zeroize, Zeroizing};

/// The AEAD key that seals every call state the store writes: 32 bytes,
/// the same in every worker of a fleet.
///
/// Make one with `head -c 32 /dev/urandom > state.key` (and `chmod 600`
/// it), give every worker the same file, and read it with
/// [`StateKey::from_file`]. Changing it makes the states written under the
/// old one unreadable ([`StoreErrorKind::Damaged`](graph_comms_dtmf::StoreErrorKind::Damaged)):
/// change it between calls, or let the old states expire.
///
/// `Debug` shows no byte of it; it is overwritten with zeros when dropped.
#[derive(Clone)]
pub struct StateKey([u8; StateKey::LEN]);

impl StateKey {
    /// The length of a key in bytes.
    pub const LEN: usize = 32;

    /// A key from its 32 bytes (for keys kept in a secret manager; a file
    /// goes through [`from_file`](Self::from_file)).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        StateKey(bytes)
    }

    /// Reads a key from a file of exactly 32 raw bytes, as
    /// `head -c 32 /dev/urandom > state.key` writes.
    ///
    /// # Errors
    ///
    /// A [`StateKeyError`] saying whether the file is missing, unreadable,
    /// or of the wrong size (with the size found), and how to make one; it
    /// never contains the file's bytes.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, StateKeyError> {
        let path = path.as_ref();
        let error = |kind, detail| StateKeyError {
            kind,
            path: path.to_owned(),
            detail,
        };
        let io_error = |io: std::io::Error| match io.kind() {
            std::io::ErrorKind::NotFound => error(StateKeyErrorKind::Missing, Detail::None),
            _ => error(StateKeyErrorKind::Unreadable, Detail::Io(io)),
        };
        // A named pipe with no writer would block `open` for ever: only a
        // pipe given by the shell (`<(command)`, a /dev/fd path) is read.
        if is_named_pipe(path) {
            return Err(error(StateKeyErrorKind::Unreadable, Detail::NamedPipe));
        }
        let file = std::fs::File::open(path).map_err(io_error)?;
        let meta = file.metadata().map_err(io_error)?;
        if !is_key_file(&meta) {
            return Err(error(StateKeyErrorKind::Unreadable, Detail::NotAFile));
        }
        // At most one byte more than a key: enough to tell a wrong size.
        let mut bytes = Zeroizing::new(Vec::with_capacity(StateKey::LEN + 1));
        file.take(StateKey::LEN as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(io_error)?;
        <[u8; 32]>::try_from(bytes.as_slice())
            .map(StateKey)
            .map_err(|_| {
                let size = usize::try_from(meta.len()).unwrap_or(usize::MAX);
                error(
                    StateKeyErrorKind::WrongSize,
                    Detail::Size(size.max(bytes.len())),
                )
            })
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        // The cipher's own copy is wiped on drop (its `zeroize` feature);
        // the array it is made from is wiped here (best effort: the
        // compiler may have left other copies on the stack).
        let mut key = chacha20poly1305::Key::from(self.0);
        let cipher = XChaCha20Poly1305::new(&key);
        key.as_mut_slice().zeroize();
        cipher
    }
}

/// A regular file or a pipe (`--state-key-file <(vault …)`), not a
/// directory nor a device such as `/dev/urandom` (which is read through
/// `head -c 32`, not used as the key file).
fn is_key_file(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        kind.is_file() || kind.is_fifo()
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// A FIFO that is not one of this process's open descriptors (`/dev/fd/N`,
/// `/proc/self/fd/N`, as process substitution gives). Checked before
/// `open`; a pipe made at the path between the check and the `open` is not
/// caught (the path is the operator's, not an attacker's).
fn is_named_pipe(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let is_fifo = std::fs::metadata(path).is_ok_and(|meta| meta.file_type().is_fifo());
        is_fifo && !(path.starts_with("/dev/fd") || path.starts_with("/proc/self/fd"))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

impl fmt::Debug for StateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StateKey(<redacted>)")
    }
}

impl Drop for StateKey {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// Why [`StateKey::from_file`] failed: the message names the file, says
/// what is wrong and how to make a key file, never the file's bytes.
#[derive(Debug)]
pub struct StateKeyError {
    kind: StateKeyErrorKind,
    path: PathBuf,
    detail: Detail,
}

#[derive(Debug)]
enum Detail {
    None,
    NotAFile,
    NamedPipe,
    Size(usize),
    Io(std::io::Error),
}

/// What is wrong with a state key file: see [`StateKeyError::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StateKeyErrorKind {
    /// There is no file at the path.
    Missing,
    /// The file does not hold exactly 32 bytes.
    WrongSize,
    /// The file cannot be read (permissions, a directory, a device, a named
    /// pipe, an I/O error).
    Unreadable,
}

impl StateKeyError {
    /// What is wrong.
    pub fn kind(&self) -> StateKeyErrorKind {
        self.kind
    }
}

const MAKE_ONE: &str = "make one with `head -c 32 /dev/urandom > FILE && chmod 600 FILE` and give every worker the same file";

impl fmt::Display for StateKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `{:?}` quotes the path and escapes control characters in it.
        let path = &self.path;
        match (&self.kind, &self.detail) {
            (StateKeyErrorKind::WrongSize, Detail::Size(size)) => {
                write!(
                    f,
                    "the state key file {path:?} holds {size} bytes, not exactly 32 raw bytes"
                )?;
                if *size > 32 {
                    f.write_str(
                        " (a key written as text, hex or base64, or with a newline, does not work)",
                    )?;
                }
                write!(f, ": {MAKE_ONE}")
            }
            (StateKeyErrorKind::Unreadable, Detail::NotAFile) => write!(
                f,
                "the state key file {path:?} is a directory or a device, not a file: {MAKE_ONE}"
            ),
            (StateKeyErrorKind::Unreadable, Detail::NamedPipe) => write!(
                f,
                "the state key file {path:?} is a named pipe, which would wait for a writer for ever: give a regular file, or a pipe from the shell (`<(command)`); {MAKE_ONE}"
            ),
            (StateKeyErrorKind::Unreadable, Detail::Io(io)) => write!(
                f,
                "the state key file {path:?} cannot be read ({io}): check its permissions, or {MAKE_ONE}"
            ),
            _ => write!(f, "the state key file {path:?} does not exist: {MAKE_ONE}"),
        }
    }
}

impl std::error::Error for StateKeyError {
    /// The I/O error, when reading the file failed with one.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.detail {
            Detail::Io(io) => Some(io),
            _ => None,
        }
    }
}

/// Why a state could not be sealed (the source of an `Encoding` error).
#[derive(Debug)]
pub(crate) struct SealError(&'static str);

impl fmt::Display for SealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for SealError {}

/// The format version of sealed values; a value of another version is
/// [`Damaged`](graph_comms_dtmf::StoreErrorKind::Damaged).
const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;

/// Why a stored value did not open (the source of a `Damaged` error).
#[derive(Debug)]
pub(crate) struct OpenError(&'static str);

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for OpenError {}

/// The sealing half of the store: the cipher of a [`StateKey`].
#[derive(Clone)]
pub(crate) struct Sealer {
    cipher: XChaCha20Poly1305,
}

impl Sealer {
    pub(crate) fn new(key: &StateKey) -> Self {
        Sealer {
            cipher: key.cipher(),
        }
    }

    /// `plaintext` sealed for the Redis key `key_name`, with a fresh
    /// random nonce. An older sealed value of the same key still opens:
    /// sealing does not stop replay (see the module docs).
    ///
    /// Fails when the system's random number generator fails (no nonce
    /// without it) or the plaintext is over the cipher's limit (256 GiB):
    /// never a value that would not open.
    pub(crate) fn seal(&self, key_name: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, SealError> {
        let nonce = XNonce::try_generate().map_err(|_| {
            SealError("the system's random number generator failed, so no nonce could be made")
        })?;
        let aad = associated_data(VERSION, key_name);
        let ciphertext = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| SealError("the state is too large to seal"))?;
        let mut value = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        value.push(VERSION);
        value.extend_from_slice(nonce.as_slice());
        value.extend_from_slice(&ciphertext);
        Ok(value)
    }

    /// The plaintext of a value read from the Redis key `key_name`.
    pub(crate) fn open(&self, key_name: &[u8], value: &[u8]) -> Result<Vec<u8>, OpenError> {
        let Some((&version, rest)) = value.split_first() else {
            return Err(OpenError("the stored value is empty"));
        };
        if version != VERSION {
            return Err(OpenError(
                "the stored value has another format version (written by another version of graph-comms-dtmf-redis, or not by it): delete the key",
            ));
        }
        if rest.len() < NONCE_LEN {
            return Err(OpenError("the stored value is truncated: delete the key"));
        }
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce)
            .map_err(|_| OpenError("the stored value is truncated: delete the key"))?;
        let aad = associated_data(version, key_name);
        self.cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: ciphertext,
                    aad: &aad,
                },
            )
            .map_err(|_| {
                OpenError(
                    "the stored value does not open with this state key for this call: check that every worker reads the same state key file, or delete the key (a value copied from another key or changed does not open either)",
                )
            })
    }
}

fn associated_data(version: u8, key_name: &[u8]) -> Vec<u8> {
    let mut aad = Vec::with_capacity(1 + key_name.len());
    aad.push(version);
    aad.extend_from_slice(key_name);
    aad
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer(byte: u8) -> Sealer {
        Sealer::new(&StateKey::from_bytes([byte; 32]))
    }

    #[test]
    fn a_sealed_value_opens_only_with_its_key_name_key_and_version() {
        let value = sealer(1).seal(b"k:a", b"{\"d\":\"1234\"}").unwrap();
        assert_eq!(value[0], VERSION);
        assert_eq!(value.len(), 1 + 24 + 12 + 16);
        assert!(!value.windows(4).any(|w| w == b"1234"));
        assert_eq!(sealer(1).open(b"k:a", &value).unwrap(), b"{\"d\":\"1234\"}");
        assert!(sealer(2).open(b"k:a", &value).is_err());
        assert!(sealer(1).open(b"k:b", &value).is_err());
        let mut other_version = value.clone();
        other_version[0] = 2;
        assert!(
            sealer(1)
                .open(b"k:a", &other_version)
                .unwrap_err()
                .0
                .contains("format version")
        );
        let mut flipped = value.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(sealer(1).open(b"k:a", &flipped).is_err());
        assert!(sealer(1).open(b"k:a", &value[..10]).is_err());
        assert!(sealer(1).open(b"k:a", &[]).is_err());
        // A fresh nonce every time: two seals of one state differ.
        assert_ne!(
            sealer(1).seal(b"k:a", b"x").unwrap(),
            sealer(1).seal(b"k:a", b"x").unwrap()
        );
    }

    #[test]
    fn debug_shows_no_key_byte() {
        let debug = format!("{:?}", StateKey::from_bytes([0xAB; 32]));
        assert_eq!(debug, "StateKey(<redacted>)");
    }
}
