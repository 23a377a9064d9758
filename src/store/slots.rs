//! Opening a roster by account: the account's slot in the key file gives the roster's data
//! key, SQLCipher takes it raw, and the roster itself (its id, the account's role) must
//! agree with the key file before the unlock counts.

use std::path::Path;
use std::sync::Arc;

use super::accounts::{self, NewAccount};
use super::keyfile::{keys_path, DataKey, KdfParams, KeyFile, SlotKind};
use super::{shm_path, wal_path, Passphrase, Roster};
use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::model::account::Role;
use crate::model::recovery::RecoveryKey;

impl Roster {
    /// Creates a new roster at `path` with its key file, and `account` as its first admin.
    /// The passphrase must meet the strength rule. Refuses to touch an existing roster or
    /// key file; on failure removes only what it made.
    pub fn create_with_account(
        path: &Path,
        account: &str,
        passphrase: &Passphrase,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        let account = account.trim();
        if account.is_empty() || account.chars().count() > 64 {
            return Err(Error::invalid("account", "must be 1 to 64 characters"));
        }
        crate::policy::passphrase::check(passphrase.as_str(), &[account])?;
        let keys = keys_path(path);
        if keys.exists() {
            return Err(Error::AlreadyExists(keys));
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
        let raw = Passphrase::new(key.sqlcipher_key().to_string());
        let mut roster = Roster::create(path, &raw, account, clock)?;
        let made = roster
            .write(|tx| {
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
                Ok(id)
            })
            .and_then(|id| file.write(&keys).map(|()| id));
        let id = match made {
            Ok(id) => id,
            Err(e) => {
                drop(roster);
                for p in [path.to_path_buf(), wal_path(path), shm_path(path), keys] {
                    let _ = std::fs::remove_file(p);
                }
                return Err(e);
            }
        };
        roster.signed_in = Some(super::SignedIn {
            account_id: id,
            role: Role::Admin,
            key,
        });
        Ok(roster)
    }

    /// Opens the roster at `path` as `account`. A wrong passphrase, an unknown account and
    /// a removed one are all [`Error::WrongPassphrase`] (the file does not say which); a
    /// key file that belongs to another roster says so. Nothing is written to the roster
    /// unless it opens: then `roster.unlock` names the account.
    pub fn open_with_account(
        path: &Path,
        account: &str,
        passphrase: &Passphrase,
        clock: Arc<dyn Clock + Send + Sync>,
    ) -> Result<Roster> {
        if !path.is_file() {
            return Err(Error::RosterMissing(path.to_path_buf()));
        }
        let account = account.trim();
        let file = KeyFile::read(&keys_path(path))?;
        let slot = file
            .account_slot(account)
            .ok_or_else(|| Error::WrongPassphrase(path.to_path_buf()))?;
        let key = file.open(slot.id, passphrase.as_str().as_bytes(), path)?;
        let raw = Passphrase::new(key.sqlcipher_key().to_string());
        let mut roster = Roster::open_unaudited(path, &raw, account, clock)?;
        if accounts::roster_id(roster.conn())?.as_deref() != Some(file.roster_id.as_str()) {
            return Err(Error::KeyFileDamaged(
                "it belongs to another roster".to_string(),
            ));
        }
        let Some(found) = accounts::by_name(roster.conn(), account)? else {
            return Err(Error::WrongPassphrase(path.to_path_buf()));
        };
        if found.slot_id != slot.id {
            return Err(Error::WrongPassphrase(path.to_path_buf()));
        }
        roster.signed_in = Some(super::SignedIn {
            account_id: found.id,
            role: found.role,
            key,
        });
        roster.write(|tx| {
            tx.audit(
                "roster.unlock",
                "account",
                Some(found.id),
                &format!("role={}", found.role.token()),
            )
        })?;
        Ok(roster)
    }
}

impl Roster {
    /// Opens the roster at `path` with its recovery key, and at once gives admin account
    /// `admin` the new passphrase `new_passphrase` (its old one stops opening): the way back
    /// in when an admin's passphrase is forgotten. The roster opens signed in as that admin.
    /// Audited `recovery.unlock`.
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
        let admin = admin.trim();
        crate::policy::passphrase::check(new_passphrase.as_str(), &[admin])?;
        let keys = keys_path(path);
        let mut file = KeyFile::read(&keys)?;
        let slot = file.recovery_slot().map(|s| s.id).ok_or_else(|| {
            Error::invalid("recovery key", "no recovery key was made for this roster")
        })?;
        let key = file.open(slot, recovery.secret(), path)?;
        let raw = Passphrase::new(key.sqlcipher_key().to_string());
        let mut roster = Roster::open_unaudited(path, &raw, admin, clock)?;
        if accounts::roster_id(roster.conn())?.as_deref() != Some(file.roster_id.as_str()) {
            return Err(Error::KeyFileDamaged(
                "it belongs to another roster".to_string(),
            ));
        }
        let account = match accounts::by_name(roster.conn(), admin)? {
            Some(a) if a.role == Role::Admin => a,
            _ => {
                return Err(Error::invalid(
                    "account",
                    format!("「{admin}」 is not an admin account of this roster; name the admin whose passphrase is to be set"),
                ))
            }
        };
        file.remove_slot(account.slot_id);
        let new_slot = file.add_slot(
            SlotKind::Account,
            Some(admin),
            new_passphrase.as_str().as_bytes(),
            &key,
            KdfParams::PINNED,
        )?;
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
        roster.signed_in = Some(super::SignedIn {
            account_id: account.id,
            role: Role::Admin,
            key,
        });
        Ok(roster)
    }
}
