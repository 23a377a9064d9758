//! The ways into a roster, all by account: creating one (its first admin and its recovery
//! key), opening one (the account's slot in the key file gives the data key, SQLCipher takes
//! it raw, and the roster itself — its id, the account's row — must agree before the unlock
//! counts), opening with the recovery key, and converting a roster from before accounts on
//! its first open.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::accounts::{self, NewAccount};
use super::keyfile::{keys_path, new_recovery_key, DataKey, KdfParams, KeyFile, SlotKind};
use super::{shm_path, wal_path, Passphrase, Roster, SignedIn, UnlockNotes};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::model::account::Role;
use crate::model::recovery::RecoveryKey;

/// Where a conversion keeps the new key file until the roster is rekeyed and its first
/// admin recorded (`roster.keys.pending`).
fn pending_path(roster: &Path) -> PathBuf {
    let mut p = keys_path(roster).into_os_string();
    p.push(".pending");
    PathBuf::from(p)
}

/// An account name as typed: trimmed, 1 to 64 characters.
fn account_name(account: &str) -> Result<&str> {
    let account = account.trim();
    if account.is_empty() || account.chars().count() > 64 {
        return Err(Error::invalid(
            "account",
            "enter the account name (1 to 64 characters)",
        ));
    }
    Ok(account)
}

/// The data key as SQLCipher takes it (raw, `x'…'`).
pub(super) fn raw(key: &DataKey) -> Passphrase {
    Passphrase::new(std::mem::take(&mut *key.sqlcipher_key()))
}

/// Why `passphrase` falls short of the strength rule, if it does.
fn weakness(passphrase: &Passphrase, account: &str) -> Option<String> {
    crate::policy::passphrase::check(passphrase.as_str(), &[account])
        .err()
        .map(|e| e.reason)
}

impl Roster {
    /// Creates a new roster at `path` with its key file, `account` as its first admin and
    /// a recovery key, returned here once (to show, and to print on its sheet; it is stored
    /// nowhere). The passphrase must meet the strength rule. Refuses to touch an existing
    /// roster or key file; on failure removes only what it made.
    pub fn create(
        path: &Path,
        account: &str,
        passphrase: &Passphrase,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<(Roster, RecoveryKey)> {
        let account = account_name(account)?;
        crate::policy::passphrase::check(passphrase.as_str(), &[account])?;
        let keys = keys_path(path);
        if keys.exists() {
            return Err(Error::AlreadyExists(keys));
        }
        if path.exists() {
            return Err(Error::AlreadyExists(path.to_path_buf()));
        }
        let key = DataKey::random()?;
        let mut file = KeyFile::new()?;
        let slot = file.add_slot(
            SlotKind::Account,
            Some(account),
            passphrase.as_str().as_bytes(),
            &key,
            KdfParams::PINNED,
        )?;
        let recovery = new_recovery_key()?;
        file.add_slot(
            SlotKind::Recovery,
            None,
            recovery.secret(),
            &key,
            KdfParams::PINNED,
        )?;
        let mut roster = Roster::create_file(path, &raw(&key), clock)?;
        roster.signed_in = Some(SignedIn {
            account_id: 0,
            account: account.to_string(),
            role: Role::Admin,
            key,
        });
        let made = roster.write(|tx| {
            tx.audit("roster.create", "", None, "")?;
            accounts::set_roster_id(tx.conn(), &file.roster_id)?;
            let at = tx.stamp();
            let id = accounts::insert(
                tx.conn(),
                &NewAccount {
                    name: account,
                    role: Role::Admin,
                    slot_id: slot,
                    at: &at,
                    by: account,
                },
            )?;
            tx.audit("account.add", "account", Some(id), "role=admin,first=true")?;
            tx.audit("recovery.new", "", None, "retired=0")?;
            // The key file last, inside the transaction: if it cannot be written, nothing
            // is committed (and the new roster is removed below).
            file.write(&keys)?;
            Ok(id)
        });
        match made {
            Ok(id) => {
                if let Some(me) = roster.signed_in.as_mut() {
                    me.account_id = id;
                }
                Ok((roster, recovery))
            }
            Err(e) => {
                drop(roster);
                for p in [path.to_path_buf(), wal_path(path), shm_path(path), keys] {
                    let _ = std::fs::remove_file(p);
                }
                Err(e)
            }
        }
    }

    /// Opens the roster at `path` as `account`. A wrong passphrase, an unknown account and
    /// a removed one are all [`Error::WrongPassphrase`] (the file does not say which); after
    /// a few wrong ones the account's slot must wait ([`Error::TooSoon`]). A key file that
    /// belongs to another roster says so. Nothing is written to the roster unless it opens:
    /// then `roster.unlock` names the account.
    ///
    /// A roster from before accounts (no key file beside it) is converted on this open: the
    /// shared passphrase given opens it and becomes `account`'s, an admin's; the data
    /// itself does not change (`roster.convert`).
    pub fn open(
        path: &Path,
        account: &str,
        passphrase: &Passphrase,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        if !path.is_file() {
            return Err(Error::RosterMissing(path.to_path_buf()));
        }
        let account = account_name(account)?;
        if passphrase.is_empty() {
            // No passphrase is not a guess: refused without spending a try.
            return Err(Error::WrongPassphrase(path.to_path_buf()));
        }
        let keys = keys_path(path);
        if !keys.exists() {
            return Roster::convert(path, account, passphrase, clock);
        }
        let mut file = KeyFile::read(&keys)?;
        let slot = file
            .account_slot(account)
            .map(|s| s.id)
            .ok_or_else(|| Error::WrongPassphrase(path.to_path_buf()))?;
        let (mut roster, key) =
            Roster::open_by_slot(path, &mut file, slot, passphrase.as_str().as_bytes(), clock)?;
        let found = match accounts::by_name(roster.conn(), account)? {
            Some(found) if found.slot_id == slot => found,
            // The account's slot in the roster is gone from the key file, which holds a
            // new one for it that this passphrase opened: a passphrase change was stopped
            // after its key file was in place and before the roster recorded it. Finished
            // below.
            Some(found) if !file.slots.iter().any(|s| s.id == found.slot_id) => found,
            _ => return Err(Error::WrongPassphrase(path.to_path_buf())),
        };
        // Best effort: with a full disk the count stays until the next unlock.
        if file.record_success(slot) {
            let _ = file.write(&keys);
        }
        roster.signed_in = Some(SignedIn {
            account_id: found.id,
            account: found.name.clone(),
            role: found.role,
            key,
        });
        if found.slot_id != slot {
            let finished = roster.write_own(|tx| {
                accounts::set_slot(tx.conn(), found.id, slot)?;
                tx.audit(
                    "account.passphrase",
                    "account",
                    Some(found.id),
                    "step=done,result=ok,finished_at_unlock=1",
                )
            });
            match finished {
                // Cannot write now: the next unlock finishes it.
                Ok(()) | Err(Error::CannotWrite(_)) => {}
                Err(e) => return Err(e),
            }
        }
        roster.notes = UnlockNotes {
            converted: false,
            recovery_key_missing: file.recovery_slot().is_none(),
            passphrase_weak: weakness(passphrase, account),
        };
        roster.note(|tx| {
            tx.audit(
                "roster.unlock",
                "account",
                Some(found.id),
                &format!("role={}", found.role.token()),
            )
        })?;
        Ok(roster)
    }

    /// Opens the roster at `path` through slot `slot` of its key `file` with `secret`: the
    /// slot's wait first, then the data key unwrapped (a wrong secret is counted in the key
    /// file), then the file keyed with it, and the roster must be the key file's own. The
    /// roster comes back signed in as nobody, with nothing audited.
    fn open_by_slot(
        path: &Path,
        file: &mut KeyFile,
        slot: u32,
        secret: &[u8],
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<(Roster, DataKey)> {
        let now = clock.now().timestamp();
        let seconds = file.wait(slot, now);
        if seconds > 0 {
            return Err(Error::TooSoon { seconds });
        }
        let key = match file.open(slot, secret, path) {
            Ok(key) => key,
            Err(e @ Error::WrongPassphrase(_)) => {
                file.record_failure(slot, now);
                // A key file that cannot be written (a full disk) does not turn a wrong
                // passphrase into another error.
                let _ = file.write(&keys_path(path));
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        let roster = match Roster::open_file(path, &raw(&key), clock) {
            Ok(roster) => roster,
            // The slot's check value proved the passphrase, yet the key opens no page of
            // the file: the key file is another roster's.
            Err(Error::WrongPassphrase(_)) => {
                return Err(Error::KeyFileDamaged(
                    "it belongs to another roster".to_string(),
                ))
            }
            Err(e) => return Err(e),
        };
        if accounts::roster_id(roster.conn())?.as_deref() != Some(file.roster_id.as_str()) {
            return Err(Error::KeyFileDamaged(
                "it belongs to another roster".to_string(),
            ));
        }
        Ok((roster, key))
    }

    /// Seconds `account` must wait before trying the roster at `path` again (0: now), for a
    /// window to count down without spending a try.
    pub fn unlock_wait(path: &Path, account: &str, clock: &dyn Clock) -> Result<u64> {
        let keys = keys_path(path);
        if !keys.exists() {
            return Ok(0);
        }
        let file = KeyFile::read(&keys)?;
        Ok(file
            .account_slot(account)
            .map_or(0, |s| file.wait(s.id, clock.now().timestamp())))
    }

    /// Converts the roster at `path`, made before accounts, on its first open by `account`
    /// with its shared `passphrase`. In an order that never leaves a roster nobody can open:
    /// 1. the shared passphrase opens it as before (SQLCipher's own key derivation);
    /// 2. a new data key, wrapped in a slot for `account` with that same passphrase, is
    ///    written to `roster.keys.pending`;
    /// 3. SQLCipher re-encrypts every page under the data key, in one transaction;
    /// 4. the roster's id and its first admin are recorded, audited `roster.convert`;
    /// 5. `roster.keys.pending` becomes `roster.keys`.
    ///
    /// A stop between 3 and 5 leaves the pending file: its key opens the roster and the
    /// next open finishes 4–5. A stop before 3 leaves the roster under the old passphrase,
    /// and the conversion starts again.
    fn convert(
        path: &Path,
        account: &str,
        passphrase: &Passphrase,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        let pending = pending_path(path);
        if pending.exists() {
            let file = KeyFile::read(&pending)?;
            if let Some(slot) = file.account_slot(account).map(|s| s.id) {
                if let Ok(key) = file.open(slot, passphrase.as_str().as_bytes(), path) {
                    match Roster::open_file(path, &raw(&key), clock.clone()) {
                        Ok(roster) => {
                            return roster.finish_conversion(file, slot, key, account, passphrase)
                        }
                        // The re-encryption never committed: start again.
                        Err(Error::WrongPassphrase(_)) => {}
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        let mut roster = match Roster::open_file(path, passphrase, clock) {
            Ok(roster) => roster,
            Err(Error::WrongPassphrase(_)) => {
                return Err(Error::NoKeyFile {
                    roster: path.to_path_buf(),
                    keys: keys_path(path),
                })
            }
            Err(e) => return Err(e),
        };
        if accounts::roster_id(roster.conn())?.is_some() {
            // Recorded ids come only with a key file: this one was lost.
            return Err(Error::KeyFileMissing(keys_path(path)));
        }
        let key = DataKey::random()?;
        let mut file = KeyFile::new()?;
        let slot = file.add_slot(
            SlotKind::Account,
            Some(account),
            passphrase.as_str().as_bytes(),
            &key,
            KdfParams::PINNED,
        )?;
        file.write(&pending)?;
        roster.rekey_raw(&raw(&key))?;
        roster.finish_conversion(file, slot, key, account, passphrase)
    }

    /// Steps 4 and 5 of [`Roster::convert`], on the roster opened with the new data key.
    fn finish_conversion(
        mut self,
        file: KeyFile,
        slot: u32,
        key: DataKey,
        account: &str,
        passphrase: &Passphrase,
    ) -> Result<Roster> {
        self.signed_in = Some(SignedIn {
            account_id: 0,
            account: account.to_string(),
            role: Role::Admin,
            key,
        });
        let id = self.write(|tx| {
            if accounts::roster_id(tx.conn())?.is_none() {
                accounts::set_roster_id(tx.conn(), &file.roster_id)?;
            }
            let id = match accounts::by_name(tx.conn(), account)? {
                Some(found) => found.id,
                None => {
                    let at = tx.stamp();
                    let id = accounts::insert(
                        tx.conn(),
                        &NewAccount {
                            name: account,
                            role: Role::Admin,
                            slot_id: slot,
                            at: &at,
                            by: account,
                        },
                    )?;
                    tx.audit("roster.convert", "account", Some(id), "role=admin")?;
                    id
                }
            };
            tx.audit("roster.unlock", "account", Some(id), "role=admin")?;
            Ok(id)
        })?;
        let keys = keys_path(&self.path);
        std::fs::rename(pending_path(&self.path), &keys).map_err(|source| Error::Io {
            context: "cannot put the new key file in place",
            path: keys.clone(),
            source,
        })?;
        crate::platform::sync_folder_of(&keys);
        if let Some(me) = self.signed_in.as_mut() {
            me.account_id = id;
        }
        self.notes = UnlockNotes {
            converted: true,
            recovery_key_missing: true,
            passphrase_weak: weakness(passphrase, account),
        };
        Ok(self)
    }

    /// Opens the roster at `path` with its recovery key, and at once gives admin account
    /// `admin` the new passphrase `new_passphrase` (its old one stops opening): the way back
    /// in when an admin's passphrase is forgotten. The roster opens signed in as that admin.
    /// Audited `recovery.unlock`. Wrong keys count towards a wait like passphrases do.
    pub fn open_with_recovery(
        path: &Path,
        recovery: &RecoveryKey,
        admin: &str,
        new_passphrase: &Passphrase,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        if !path.is_file() {
            return Err(Error::RosterMissing(path.to_path_buf()));
        }
        let admin = account_name(admin)?;
        crate::policy::passphrase::check(new_passphrase.as_str(), &[admin])?;
        let keys = keys_path(path);
        let mut file = KeyFile::read(&keys)?;
        let slot = file.recovery_slot().map(|s| s.id).ok_or_else(|| {
            Error::invalid(
                "recovery key",
                "no recovery key was made for this roster; an admin makes one with `yorisoi recovery new`",
            )
        })?;
        let (mut roster, key) =
            Roster::open_by_slot(path, &mut file, slot, recovery.secret(), clock)?;
        let account = match accounts::by_name(roster.conn(), admin)? {
            Some(a) if a.role == Role::Admin => a,
            _ => {
                return Err(Error::invalid(
                    "account",
                    format!("「{admin}」 is not an admin account of this roster; name the admin whose passphrase is to be set"),
                ))
            }
        };
        file.record_success(slot);
        file.remove_slot(account.slot_id);
        let new_slot = file.add_slot(
            SlotKind::Account,
            Some(admin),
            new_passphrase.as_str().as_bytes(),
            &key,
            KdfParams::PINNED,
        )?;
        roster.signed_in = Some(SignedIn {
            account_id: account.id,
            account: account.name.clone(),
            role: Role::Admin,
            key,
        });
        roster.write(|tx| {
            accounts::set_slot(tx.conn(), account.id, new_slot)?;
            tx.audit(
                "recovery.unlock",
                "account",
                Some(account.id),
                "passphrase=reset",
            )?;
            file.write(&keys)
        })?;
        Ok(roster)
    }
}
