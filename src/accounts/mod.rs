//! Officer accounts, the work: an admin adds, re-roles and removes accounts. Each account
//! is a row in the roster (what grants its role) and a slot in the key file (its way in);
//! the two change together, and the last admin can be neither removed nor demoted.

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::account::{Account, Role};
use crate::model::recovery::RecoveryKey;
use crate::store::accounts::{self, NewAccount};
use crate::store::keyfile::{keys_path, new_recovery_key, KdfParams, KeyFile, SlotKind};
pub use crate::store::UnlockNotes;
use crate::store::{Passphrase, Roster, SignedIn};

impl Roster {
    /// The active accounts, by name.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        accounts::list(self.conn())
    }

    /// Adds account `name` with `role`, opening with `passphrase` (which must meet the
    /// strength rule). Admins only. Audited `account.add` (name and role, never the
    /// passphrase).
    pub fn account_add(
        &mut self,
        name: &str,
        role: Role,
        passphrase: &Passphrase,
    ) -> Result<Account> {
        let admin = self.admin()?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 64 {
            return Err(Error::invalid("account", "must be 1 to 64 characters"));
        }
        crate::policy::passphrase::check(passphrase.as_str(), &[name])?;
        let keys = keys_path(self.path());
        let mut file = KeyFile::read(&keys)?;
        if file.account_slot(name).is_some() {
            return Err(Error::invalid(
                "account",
                format!("an account named 「{name}」 already exists; choose another name"),
            ));
        }
        let slot = file.add_slot(
            SlotKind::Account,
            Some(name),
            passphrase.as_str().as_bytes(),
            &admin.key,
            KdfParams::PINNED,
        )?;
        self.write(|tx| {
            let at = tx.stamp();
            let id = accounts::insert(
                tx.conn(),
                &NewAccount {
                    name,
                    role,
                    slot_id: slot,
                    at: &at,
                    by: tx.account(),
                },
            )?;
            tx.audit(
                "account.add",
                "account",
                Some(id),
                &format!("role={}", role.token()),
            )?;
            // The key file last, inside the transaction: if it cannot be written, the
            // account's row is rolled back with it.
            file.write(&keys)?;
            Ok(())
        })?;
        accounts::by_name(self.conn(), name)?
            .ok_or_else(|| Error::Integrity("an account just added is missing".to_string()))
    }

    /// Gives account `name` role `role`. Admins only; the last admin keeps the role.
    /// Audited `account.role`.
    pub fn account_role(&mut self, name: &str, role: Role) -> Result<Account> {
        self.admin()?;
        let account = self.account_named(name)?;
        if account.role == Role::Admin && role != Role::Admin && accounts::admins(self.conn())? <= 1
        {
            return Err(last_admin());
        }
        self.write(|tx| {
            accounts::set_role(tx.conn(), account.id, role)?;
            tx.audit(
                "account.role",
                "account",
                Some(account.id),
                &format!("from={},to={}", account.role.token(), role.token()),
            )
        })?;
        // An admin who gives themself another role has it from now on, not from the next
        // unlock.
        self.role_changed(account.id, role);
        self.account_named(name)
    }

    /// Removes account `name`: its slot leaves the key file, so its passphrase no longer
    /// opens the roster; its row stays for the log's names. Admins only; never the last
    /// admin. Audited `account.remove`.
    pub fn account_remove(&mut self, name: &str) -> Result<()> {
        let me = self.admin()?.account_id;
        let account = self.account_named(name)?;
        if account.id == me {
            return Err(Error::invalid(
                "account",
                "an account cannot remove itself; another admin removes it",
            ));
        }
        if account.role == Role::Admin && accounts::admins(self.conn())? <= 1 {
            return Err(last_admin());
        }
        let keys = keys_path(self.path());
        let mut file = KeyFile::read(&keys)?;
        file.remove_slot(account.slot_id);
        self.write(|tx| {
            let at = tx.stamp();
            accounts::remove(tx.conn(), account.id, &at, tx.account())?;
            tx.audit("account.remove", "account", Some(account.id), "")?;
            file.write(&keys)
        })
    }

    /// The signed-in admin; refused for any other role or a roster opened without an
    /// account.
    fn admin(&self) -> Result<&SignedIn> {
        self.require_admin("manage accounts or the recovery key")?;
        self.signed_in().ok_or(Error::Forbidden {
            role: "none",
            what: "manage accounts or the recovery key",
        })
    }

    fn account_named(&self, name: &str) -> Result<Account> {
        accounts::by_name(self.conn(), name)?.ok_or_else(|| {
            Error::invalid(
                "account",
                format!(
                    "no account is named 「{}」 (see `yorisoi account list`)",
                    name.trim()
                ),
            )
        })
    }
}

fn last_admin() -> Error {
    Error::invalid(
        "account",
        "this is the roster's last admin: make another account admin first",
    )
}

impl Roster {
    /// Changes the signed-in account's passphrase: a new slot replaces its old one, so the
    /// old passphrase no longer opens. The new one must meet the strength rule. Audited
    /// `account.passphrase`.
    pub fn account_passphrase(&mut self, new: &Passphrase) -> Result<()> {
        let Some(me) = self.signed_in() else {
            return Err(Error::invalid(
                "account",
                "this roster was opened without an account; open it with --account",
            ));
        };
        let account = accounts::by_id(self.conn(), me.account_id)?;
        crate::policy::passphrase::check(new.as_str(), &[&account.name])?;
        let keys = keys_path(self.path());
        let mut file = KeyFile::read(&keys)?;
        file.remove_slot(account.slot_id);
        let slot = file.add_slot(
            SlotKind::Account,
            Some(&account.name),
            new.as_str().as_bytes(),
            &me.key,
            KdfParams::PINNED,
        )?;
        // Any role changes its own passphrase: a viewer's too. Three steps, each audited,
        // so the log says whether the change happened even when the program is killed
        // half-way: `step=begin`; then the key file (renamed into place) and the account's
        // slot with `result=ok` in one transaction; or `result=failed`. Killed before the
        // key file is in place: the old passphrase opens. Killed after it, before the
        // commit: the new one opens, and that unlock finishes the change
        // ([`Roster::open`]). Never neither.
        self.write_own(|tx| {
            tx.audit(
                "account.passphrase",
                "account",
                Some(account.id),
                "step=begin",
            )
        })?;
        let done = self.write_own(|tx| {
            accounts::set_slot(tx.conn(), account.id, slot)?;
            tx.audit(
                "account.passphrase",
                "account",
                Some(account.id),
                "step=done,result=ok",
            )?;
            file.write(&keys)
        });
        if done.is_err() {
            let _ = self.write_own(|tx| {
                tx.audit(
                    "account.passphrase",
                    "account",
                    Some(account.id),
                    "step=done,result=failed",
                )
            });
        }
        done
    }

    /// Makes a new recovery key (回復キー), retiring the old one: its slot is replaced, so
    /// the old sheet no longer opens. Admins only. The key is returned to be shown once
    /// and printed; it is stored nowhere. Audited `recovery.new`.
    pub fn recovery_new(&mut self) -> Result<RecoveryKey> {
        let admin = self.admin()?;
        let recovery = new_recovery_key()?;
        let keys = keys_path(self.path());
        let mut file = KeyFile::read(&keys)?;
        let retired: Vec<u32> = file
            .slots
            .iter()
            .filter(|s| s.kind == SlotKind::Recovery)
            .map(|s| s.id)
            .collect();
        for id in &retired {
            file.remove_slot(*id);
        }
        file.add_slot(
            SlotKind::Recovery,
            None,
            recovery.secret(),
            &admin.key,
            KdfParams::PINNED,
        )?;
        self.write(|tx| {
            tx.audit(
                "recovery.new",
                "",
                None,
                &format!("retired={}", retired.len()),
            )?;
            file.write(&keys)
        })?;
        Ok(recovery)
    }
}

impl Roster {
    /// Writes the 回復キー sheet of `key` — this roster's current recovery key — to `out`
    /// (a new file, owner-only). Admins only. The key is proven against the key file first,
    /// so a sheet never carries a key that does not open this roster. Audited
    /// `recovery.sheet` before the file exists (never the key itself).
    pub fn recovery_sheet(&mut self, key: &RecoveryKey, out: &Path) -> Result<()> {
        if out.exists() {
            return Err(Error::AlreadyExists(out.to_path_buf()));
        }
        self.recovery_sheet_with(key, &mut |bytes| {
            crate::platform::write_private(out, bytes).map_err(|source| Error::Io {
                context: "cannot write the recovery key sheet",
                path: out.to_path_buf(),
                source,
            })
        })
    }

    /// [`Roster::recovery_sheet`], handing the PDF to `save` (the window's save dialog).
    pub fn recovery_sheet_with(
        &mut self,
        key: &RecoveryKey,
        save: &mut dyn FnMut(&[u8]) -> Result<()>,
    ) -> Result<()> {
        self.admin()?;
        let keys = keys_path(self.path());
        let file = KeyFile::read(&keys)?;
        let slot = file.recovery_slot().map(|s| s.id).ok_or_else(|| {
            Error::invalid(
                "recovery key",
                "this roster has no recovery key; make one first",
            )
        })?;
        file.open(slot, key.secret(), self.path()).map_err(|_| {
            Error::invalid(
                "recovery key",
                "this is not the roster's current recovery key (a newer one retired it); make a new one",
            )
        })?;
        let roster_file = self
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let municipality = crate::store::settings::municipality(self.conn())?;
        let made_at = self.clock().now();
        let made_by = self.account().to_string();
        let pdf = crate::print::recovery::sheet(&crate::print::recovery::RecoverySheet {
            key,
            municipality: &municipality,
            roster_file: &roster_file,
            roster_id: &file.roster_id,
            made_at,
            made_by: &made_by,
        })?;
        self.write(|tx| tx.audit("recovery.sheet", "", None, ""))?;
        save(&pdf)
    }
}
