//! Locking a finished PDF with a user password: AES-256 (PDF 2.0, security handler
//! revision 6). The owner password is random and thrown away, so nobody can lift the
//! restrictions; viewers ask for the user password before showing anything.

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
pub fn lock(pdf: &[u8], password: &str) -> Result<Vec<u8>> {
    check_password(password)?;
    let mut doc = lopdf::Document::load_mem(pdf).map_err(|e| Error::Pdf(e.to_string()))?;
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
    let state = EncryptionState::try_from(version).map_err(|e| Error::Pdf(e.to_string()))?;
    doc.encrypt(&state).map_err(|e| Error::Pdf(e.to_string()))?;
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| Error::Pdf(e.to_string()))?;
    Ok(out)
}
