//! Locking a finished PDF with a user password: AES-256 (PDF 2.0, security handler
//! revision 6). The owner password is random and thrown away, so nobody can lift the
//! restrictions; viewers ask for the user password before showing anything.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

use lopdf::encryption::crypt_filters::{Aes256CryptFilter, CryptFilter};
use lopdf::{EncryptionState, EncryptionVersion, Permissions};
use rand::TryRngCore;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// Shortest password accepted for a locked list.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Checks a lock password: long enough, and printable text.
pub fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Error::invalid(
            "lock password",
            format!("must be at least {MIN_PASSWORD_CHARS} characters; tell it to the recipient separately from the file"),
        ));
    }
    if password.chars().any(char::is_control) {
        return Err(Error::invalid(
            "lock password",
            "must not contain control characters",
        ));
    }
    Ok(())
}

/// Encrypts `pdf` with `password` (AES-256, R6). Printing and copying text are allowed to
/// whoever has the password; changing the document is not.
///
/// Inside a [`Job`], the key material made for a password (the random file key and the
/// password's four R6 hashes: user and owner entries, each with its key) is made once and
/// used for every PDF of the job locked with that password; each PDF's strings and streams
/// still get their own random AES initialisation vectors.
pub fn lock(pdf: &[u8], password: &str) -> Result<Vec<u8>> {
    check_password(password)?;
    let mut doc = lopdf::Document::load_mem(pdf).map_err(|e| Error::Pdf(e.to_string()))?;
    let state = JOB.with(|job| match job.borrow_mut().as_mut() {
        Some(keys) => match keys.iter().find(|(pw, _)| pw.as_str() == password) {
            Some((_, state)) => Ok(state.clone()),
            None => {
                let state = key_material(password)?;
                keys.push((Zeroizing::new(password.to_string()), state.clone()));
                Ok(state)
            }
        },
        None => key_material(password),
    })?;
    doc.encrypt(&state).map_err(|e| Error::Pdf(e.to_string()))?;
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| Error::Pdf(e.to_string()))?;
    Ok(out)
}

/// A random file key and owner password, and the encryption dictionary's entries for
/// `password` (the slow part: the R6 hash, four times).
fn key_material(password: &str) -> Result<EncryptionState> {
    let mut rng = rand::rngs::OsRng;
    let mut key = Zeroizing::new([0u8; 32]);
    let mut owner = Zeroizing::new([0u8; 32]);
    rng.try_fill_bytes(key.as_mut())
        .and_then(|()| rng.try_fill_bytes(owner.as_mut()))
        .map_err(|e| Error::Pdf(format!("no randomness for the key: {e}")))?;
    let owner = Zeroizing::new(hex::encode(owner.as_ref()));
    let filter: Arc<dyn CryptFilter> = Arc::new(Aes256CryptFilter);
    let version = EncryptionVersion::V5 {
        encrypt_metadata: true,
        crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), filter)]),
        file_encryption_key: key.as_ref(),
        stream_filter: b"StdCF".to_vec(),
        string_filter: b"StdCF".to_vec(),
        owner_password: owner.as_str(),
        user_password: password,
        permissions: Permissions::PRINTABLE
            | Permissions::PRINTABLE_IN_HIGH_QUALITY
            | Permissions::COPYABLE_FOR_ACCESSIBILITY,
    };
    EncryptionState::try_from(version).map_err(|e| Error::Pdf(e.to_string()))
}

/// A job's key material, per password.
type JobKeys = Vec<(Zeroizing<String>, EncryptionState)>;

thread_local! {
    /// The key material of the job running on this thread (`None`: no job).
    static JOB: RefCell<Option<JobKeys>> = const { RefCell::new(None) };
}

/// A print job of many PDFs (plan sheets for a thousand people, one file each): while it
/// lives, [`lock`] on this thread makes the key material for a password once and uses it
/// for all of the job's PDFs. Dropping it forgets the passwords and keys. A job begun
/// inside another is part of it.
#[must_use = "the job ends when this is dropped"]
pub struct Job {
    outermost: bool,
    /// A job belongs to its thread.
    _thread: std::marker::PhantomData<*const ()>,
}

impl Job {
    /// Begins a job on this thread.
    pub fn begin() -> Job {
        let outermost = JOB.with(|job| {
            let mut job = job.borrow_mut();
            let outermost = job.is_none();
            if outermost {
                *job = Some(Vec::new());
            }
            outermost
        });
        Job {
            outermost,
            _thread: std::marker::PhantomData,
        }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        if self.outermost {
            JOB.with(|job| job.borrow_mut().take());
        }
    }
}
