//! The key file beside a roster (`roster.db` → `roster.keys`): the roster's random data key,
//! stored only wrapped, once per key slot — one slot per account, one for the recovery key —
//! the way LUKS keeps key slots in its header.
//!
//! A slot's wrapping key is derived from its secret (an account's passphrase, or the
//! recovery key) with Argon2id, whose parameters are pinned and stored in the slot; the
//! data key is sealed with XChaCha20-Poly1305. The associated data binds the roster's id,
//! the slot's id, kind, account and KDF parameters, so a slot copied from another roster,
//! moved to another account, or edited in any field no longer opens. The file holds no
//! roster data: without a secret it tells nothing but the account names.

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::rngs::OsRng;
use rand::TryRngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// What the file says it is.
pub const FORMAT: &str = "yorisoi-keys";
/// The file layout this binary writes and reads.
pub const VERSION: u32 = 1;
/// Argon2id memory per derivation, KiB (128 MiB). With [`ARGON2_PASSES`] a derivation
/// takes ≈ 0.55 s on the 2-core build machine (release build, measured 2026-12-06):
/// slow for a guesser with a copied file, bearable once per unlock.
pub const ARGON2_MEMORY_KIB: u32 = 131_072;
/// Argon2id passes.
pub const ARGON2_PASSES: u32 = 3;
/// Argon2id lanes: one, so a desk PC's second core stays free for the window.
pub const ARGON2_LANES: u32 = 1;

const KEY_LEN: usize = 32;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const ROSTER_ID_LEN: usize = 16;

/// The key file of the roster at `roster`: the same name with `.keys`.
pub fn keys_path(roster: &Path) -> PathBuf {
    roster.with_extension("keys")
}

/// The roster's data key: the SQLCipher raw key. Wiped from memory when dropped.
pub struct DataKey(Zeroizing<[u8; KEY_LEN]>);

impl DataKey {
    /// A new random key, from the operating system's generator.
    pub fn random() -> Result<DataKey> {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        fill_random(key.as_mut_slice())?;
        Ok(DataKey(key))
    }

    /// The key as SQLCipher takes a raw key (`x'…'`, 64 hex digits): no KDF runs on open.
    pub fn sqlcipher_key(&self) -> Zeroizing<String> {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        // Written digit by digit into a buffer sized up front: no unwiped copy on the way.
        let mut text = Zeroizing::new(String::with_capacity(KEY_LEN * 2 + 3));
        text.push_str("x'");
        for b in self.0.iter() {
            text.push(char::from(DIGITS[usize::from(b >> 4)]));
            text.push(char::from(DIGITS[usize::from(b & 0xf)]));
        }
        text.push('\'');
        text
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(***)")
    }
}

/// Whose secret a slot opens with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlotKind {
    /// An account's passphrase.
    Account,
    /// The recovery key (kept sealed in the office safe).
    Recovery,
}

/// The Argon2id parameters a slot was made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory, KiB.
    pub memory_kib: u32,
    /// Passes.
    pub passes: u32,
    /// Lanes.
    pub lanes: u32,
}

impl KdfParams {
    /// The pinned parameters every new slot gets.
    pub const PINNED: KdfParams = KdfParams {
        memory_kib: ARGON2_MEMORY_KIB,
        passes: ARGON2_PASSES,
        lanes: ARGON2_LANES,
    };

    /// The wrapping key for `secret` and `salt`.
    fn derive(self, secret: &[u8], salt: &[u8]) -> Result<Zeroizing<[u8; KEY_LEN]>> {
        let params = Params::new(self.memory_kib, self.passes, self.lanes, Some(KEY_LEN))
            .map_err(|_| damaged("a slot's Argon2 parameters are out of range"))?;
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(secret, salt, out.as_mut_slice())
            .map_err(|_| damaged("a slot's salt cannot be used"))?;
        Ok(out)
    }
}

/// One key slot: the data key wrapped for one secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    /// Its number in the file (never reused).
    pub id: u32,
    /// Account or recovery key.
    pub kind: SlotKind,
    /// The account's name (`None` for the recovery slot).
    pub account: Option<String>,
    /// How the wrapping key is derived.
    pub kdf: KdfParams,
    /// Argon2 salt (hex).
    salt: String,
    /// AEAD nonce (hex).
    nonce: String,
    /// The sealed data key with its tag (hex).
    wrapped: String,
    /// Wrong secrets since the last right one (not sealed: it only slows a person at the
    /// desk, see `policy::unlock`).
    #[serde(default)]
    pub failures: u32,
    /// When the last wrong one was tried (seconds since 1970).
    #[serde(default)]
    pub last_failure: Option<i64>,
}

/// The key file: which roster it belongs to, and its slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyFile {
    format: String,
    version: u32,
    /// The roster's id (hex), also stored inside the roster: a key file swapped for
    /// another roster's is told apart before any key is tried.
    pub roster_id: String,
    /// The slots, oldest first.
    pub slots: Vec<Slot>,
}

impl KeyFile {
    /// An empty key file for a new roster, with a new random roster id.
    pub fn new() -> Result<KeyFile> {
        let mut id = [0u8; ROSTER_ID_LEN];
        fill_random(&mut id)?;
        Ok(KeyFile {
            format: FORMAT.to_string(),
            version: VERSION,
            roster_id: hex::encode(id),
            slots: Vec::new(),
        })
    }

    /// Wraps `key` for `secret` in a new slot (with `kdf`; new slots use
    /// [`KdfParams::PINNED`]) and returns the slot's id.
    pub fn add_slot(
        &mut self,
        kind: SlotKind,
        account: Option<&str>,
        secret: &[u8],
        key: &DataKey,
        kdf: KdfParams,
    ) -> Result<u32> {
        let id = self.slots.iter().map(|s| s.id + 1).max().unwrap_or(1);
        let mut salt = [0u8; SALT_LEN];
        fill_random(&mut salt)?;
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce)?;
        let mut slot = Slot {
            id,
            kind,
            account: account.map(str::to_string),
            kdf,
            salt: hex::encode(salt),
            nonce: hex::encode(nonce),
            wrapped: String::new(),
            failures: 0,
            last_failure: None,
        };
        let wrapping = kdf.derive(secret, &salt)?;
        let sealed = XChaCha20Poly1305::new(Key::from_slice(wrapping.as_slice()))
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: key.0.as_slice(),
                    aad: self.aad(&slot).as_bytes(),
                },
            )
            .map_err(|_| damaged("the data key could not be sealed"))?;
        slot.wrapped = hex::encode(sealed);
        self.slots.push(slot);
        Ok(id)
    }

    /// The data key, opened with `secret` from slot `slot_id`. A wrong secret, and a slot
    /// that was edited, moved or copied from another roster, are all
    /// [`Error::WrongPassphrase`]: the AEAD cannot tell them apart, and neither may we.
    pub fn open(&self, slot_id: u32, secret: &[u8], roster: &Path) -> Result<DataKey> {
        let slot = self
            .slots
            .iter()
            .find(|s| s.id == slot_id)
            .ok_or_else(|| damaged("the slot asked for is not in the key file"))?;
        let salt = decode(&slot.salt, SALT_LEN, "salt")?;
        let nonce = decode(&slot.nonce, NONCE_LEN, "nonce")?;
        let sealed = decode(&slot.wrapped, KEY_LEN + 16, "wrapped key")?;
        let wrapping = slot.kdf.derive(secret, &salt)?;
        let plain = Zeroizing::new(
            XChaCha20Poly1305::new(Key::from_slice(wrapping.as_slice()))
                .decrypt(
                    XNonce::from_slice(&nonce),
                    Payload {
                        msg: &sealed,
                        aad: self.aad(slot).as_bytes(),
                    },
                )
                .map_err(|_| Error::WrongPassphrase(roster.to_path_buf()))?,
        );
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        key.copy_from_slice(&plain);
        Ok(DataKey(key))
    }

    /// The slot of account `name` (names compare as typed, after trimming).
    pub fn account_slot(&self, name: &str) -> Option<&Slot> {
        let name = name.trim();
        self.slots
            .iter()
            .find(|s| s.kind == SlotKind::Account && s.account.as_deref() == Some(name))
    }

    /// The recovery key's slot, if one was made.
    pub fn recovery_slot(&self) -> Option<&Slot> {
        self.slots.iter().find(|s| s.kind == SlotKind::Recovery)
    }

    /// Seconds slot `slot_id` must still wait at `now` (seconds since 1970) after wrong
    /// secrets.
    pub fn wait(&self, slot_id: u32, now: i64) -> u64 {
        self.slots.iter().find(|s| s.id == slot_id).map_or(0, |s| {
            crate::policy::unlock::wait(s.failures, s.last_failure, now)
        })
    }

    /// Counts a wrong secret for slot `slot_id` at `now`.
    pub fn record_failure(&mut self, slot_id: u32, now: i64) {
        if let Some(s) = self.slots.iter_mut().find(|s| s.id == slot_id) {
            s.failures = s.failures.saturating_add(1);
            s.last_failure = Some(now);
        }
    }

    /// Clears slot `slot_id`'s count; true when there was one to clear.
    pub fn record_success(&mut self, slot_id: u32) -> bool {
        match self.slots.iter_mut().find(|s| s.id == slot_id) {
            Some(s) if s.failures > 0 || s.last_failure.is_some() => {
                s.failures = 0;
                s.last_failure = None;
                true
            }
            _ => false,
        }
    }

    /// Removes slot `slot_id`; false when there was none.
    pub fn remove_slot(&mut self, slot_id: u32) -> bool {
        let before = self.slots.len();
        self.slots.retain(|s| s.id != slot_id);
        self.slots.len() != before
    }

    /// What a slot's seal is bound to: everything in the file that says whose key it is.
    fn aad(&self, slot: &Slot) -> String {
        format!(
            "{FORMAT}/{VERSION}|roster={}|slot={}|kind={:?}|account={}|argon2id={},{},{}|salt={}",
            self.roster_id,
            slot.id,
            slot.kind,
            slot.account.as_deref().unwrap_or(""),
            slot.kdf.memory_kib,
            slot.kdf.passes,
            slot.kdf.lanes,
            slot.salt
        )
    }

    /// Reads the key file at `path`. A missing file says what to do and creates nothing;
    /// a file that is not a key file (edited, truncated) says so.
    pub fn read(path: &Path) -> Result<KeyFile> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::KeyFileMissing(path.to_path_buf()))
            }
            Err(source) => {
                return Err(Error::Io {
                    context: "cannot read the key file",
                    path: path.to_path_buf(),
                    source,
                })
            }
        };
        let file: KeyFile = serde_json::from_slice(&bytes)
            .map_err(|_| damaged("it is not a Yorisoi key file, or it was cut short or edited"))?;
        if file.format != FORMAT {
            return Err(damaged("it is not a Yorisoi key file"));
        }
        if file.version != VERSION {
            return Err(damaged(
                "it was written by another version of Yorisoi; install the newer version",
            ));
        }
        if decode(&file.roster_id, ROSTER_ID_LEN, "roster id").is_err() {
            return Err(damaged("its roster id is not readable"));
        }
        Ok(file)
    }

    /// Writes the key file to `path` atomically: a new owner-only file beside it, flushed,
    /// then renamed over the old one, so a crash leaves the old file or the new, never half.
    pub fn write(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self)
            .map_err(|_| damaged("the key file could not be encoded"))?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".new");
        let tmp = PathBuf::from(tmp);
        let _ = std::fs::remove_file(&tmp);
        let io = |context: &'static str, p: &Path| {
            let path = p.to_path_buf();
            move |source| Error::Io {
                context,
                path,
                source,
            }
        };
        crate::platform::write_private(&tmp, &json)
            .map_err(io("cannot write the key file", &tmp))?;
        std::fs::rename(&tmp, path).map_err(io("cannot replace the key file", path))?;
        // The rename is durable only once the folder is.
        crate::platform::sync_folder_of(path);
        Ok(())
    }
}

/// A new random recovery key.
pub fn new_recovery_key() -> Result<crate::model::recovery::RecoveryKey> {
    let mut bytes = Zeroizing::new([0u8; 16]);
    fill_random(bytes.as_mut_slice())?;
    Ok(crate::model::recovery::RecoveryKey::from_bytes(*bytes))
}

fn fill_random(buf: &mut [u8]) -> Result<()> {
    OsRng
        .try_fill_bytes(buf)
        .map_err(|_| damaged("the system's random generator failed"))
}

fn decode(text: &str, len: usize, what: &str) -> Result<Vec<u8>> {
    match hex::decode(text) {
        Ok(v) if v.len() == len => Ok(v),
        _ => Err(damaged(&format!("a slot's {what} is not readable"))),
    }
}

fn damaged(why: &str) -> Error {
    Error::KeyFileDamaged(why.to_string())
}

#[cfg(test)]
mod tests;
