//! The accounts table and the roster's id (`roster_meta`). What an account may do is its
//! role here, inside the encrypted roster; its key slot is in the key file.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::Cached;
use crate::error::{Error, Result, SqlContext};
use crate::model::account::{Account, Role};

/// The roster's id, as the key file must name it (`None` before accounts were set up).
pub(crate) fn roster_id(conn: &Connection) -> Result<Option<String>> {
    conn.row("SELECT roster_id FROM roster_meta WHERE id = 1", [], |r| {
        r.get(0)
    })
    .optional()
    .ctx("reading the roster's id")
}

/// Records the roster's id (once).
pub(crate) fn set_roster_id(conn: &Connection, roster_id: &str) -> Result<()> {
    conn.exec(
        "INSERT INTO roster_meta (id, roster_id) VALUES (1, ?1)",
        [roster_id],
    )
    .ctx("recording the roster's id")?;
    Ok(())
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Account> {
    let role: String = r.get(2)?;
    Ok(Account {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::from_token(&role).ok_or_else(|| {
            rusqlite::Error::InvalidColumnType(2, "role".to_string(), rusqlite::types::Type::Text)
        })?,
        slot_id: r.get(3)?,
        created_at: r.get(4)?,
        created_by: r.get(5)?,
    })
}

const COLUMNS: &str = "id, name, role, slot_id, created_at, created_by";

/// The active accounts, by name.
pub(crate) fn list(conn: &Connection) -> Result<Vec<Account>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM accounts WHERE removed_at IS NULL ORDER BY name"
        ))
        .ctx("reading the accounts")?;
    let rows = stmt
        .query_map([], from_row)
        .ctx("reading the accounts")?
        .collect::<rusqlite::Result<Vec<_>>>()
        .ctx("reading the accounts");
    rows
}

/// The active account named `name`, if any.
pub(crate) fn by_name(conn: &Connection, name: &str) -> Result<Option<Account>> {
    conn.row(
        &format!("SELECT {COLUMNS} FROM accounts WHERE name = ?1 AND removed_at IS NULL"),
        [name.trim()],
        from_row,
    )
    .optional()
    .ctx("reading an account")
}

/// Account `id` (removed or not).
pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<Account> {
    conn.row(
        &format!("SELECT {COLUMNS} FROM accounts WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()
    .ctx("reading an account")?
    .ok_or(Error::NotFound {
        what: "account",
        id,
    })
}

/// An account as stored when it is added.
pub(crate) struct NewAccount<'a> {
    pub(crate) name: &'a str,
    pub(crate) role: Role,
    pub(crate) slot_id: u32,
    pub(crate) at: &'a str,
    pub(crate) by: &'a str,
}

/// Adds an account; its id. A name already in use is refused.
pub(crate) fn insert(conn: &Connection, a: &NewAccount<'_>) -> Result<i64> {
    let name = a.name.trim();
    if by_name(conn, name)?.is_some() {
        return Err(Error::invalid(
            "account",
            format!("an account named 「{name}」 already exists; choose another name"),
        ));
    }
    conn.exec(
        "INSERT INTO accounts (name, role, slot_id, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![name, a.role.token(), a.slot_id, a.at, a.by],
    )
    .ctx("adding an account")?;
    Ok(conn.last_insert_rowid())
}

/// Sets account `id`'s role.
pub(crate) fn set_role(conn: &Connection, id: i64, role: Role) -> Result<()> {
    conn.exec(
        "UPDATE accounts SET role = ?2 WHERE id = ?1 AND removed_at IS NULL",
        params![id, role.token()],
    )
    .ctx("changing an account's role")?;
    Ok(())
}

/// Points account `id` at its new key slot (after a passphrase change).
pub(crate) fn set_slot(conn: &Connection, id: i64, slot_id: u32) -> Result<()> {
    conn.exec(
        "UPDATE accounts SET slot_id = ?2 WHERE id = ?1 AND removed_at IS NULL",
        params![id, slot_id],
    )
    .ctx("changing an account's key slot")?;
    Ok(())
}

/// Marks account `id` removed (its row stays, for the audit log's names).
pub(crate) fn remove(conn: &Connection, id: i64, at: &str, by: &str) -> Result<()> {
    conn.exec(
        "UPDATE accounts SET removed_at = ?2, removed_by = ?3 WHERE id = ?1 AND removed_at IS NULL",
        params![id, at, by],
    )
    .ctx("removing an account")?;
    Ok(())
}

/// How many active admins there are (the last one may not be removed or demoted).
pub(crate) fn admins(conn: &Connection) -> Result<i64> {
    conn.row(
        "SELECT count(*) FROM accounts WHERE role = 'admin' AND removed_at IS NULL",
        [],
        |r| r.get(0),
    )
    .ctx("counting admins")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(&crate::store::schema_sql(crate::store::LATEST_VERSION))
            .unwrap();
        c
    }

    fn add(c: &Connection, name: &str, role: Role, slot_id: u32) -> Result<i64> {
        insert(
            c,
            &NewAccount {
                name,
                role,
                slot_id,
                at: "2026-12-06T00:00:00.000Z",
                by: "setup",
            },
        )
    }

    #[test]
    fn accounts_are_added_listed_re_roled_and_removed() {
        let c = conn();
        let admin = add(&c, "tanaka", Role::Admin, 1).unwrap();
        let viewer = add(&c, " suzuki ", Role::Viewer, 2).unwrap();
        let names: Vec<(String, Role)> = list(&c)
            .unwrap()
            .into_iter()
            .map(|a| (a.name, a.role))
            .collect();
        assert_eq!(
            names,
            [
                ("suzuki".to_string(), Role::Viewer),
                ("tanaka".to_string(), Role::Admin)
            ]
        );
        assert_eq!(admins(&c).unwrap(), 1);
        set_role(&c, viewer, Role::Admin).unwrap();
        assert_eq!(admins(&c).unwrap(), 2);
        remove(&c, admin, "2026-12-07T00:00:00.000Z", "suzuki").unwrap();
        assert_eq!(by_name(&c, "tanaka").unwrap(), None);
        assert_eq!(by_name(&c, "suzuki").unwrap().unwrap().slot_id, 2);
        // A removed name may be given again; an active one may not.
        add(&c, "tanaka", Role::Officer, 3).unwrap();
        let e = add(&c, "tanaka", Role::Viewer, 4).unwrap_err();
        assert!(e.to_string().contains("already exists"), "{e}");
    }

    #[test]
    fn the_roster_id_is_recorded_once() {
        let c = conn();
        assert_eq!(roster_id(&c).unwrap(), None);
        set_roster_id(&c, "ab").unwrap();
        assert_eq!(roster_id(&c).unwrap().as_deref(), Some("ab"));
        assert!(set_roster_id(&c, "cd").is_err());
        assert_eq!(roster_id(&c).unwrap().as_deref(), Some("ab"));
    }

    #[test]
    fn roles_read_back_and_order_by_power() {
        for r in [Role::Viewer, Role::Officer, Role::Admin] {
            assert_eq!(Role::from_token(r.token()), Some(r));
        }
        assert_eq!(Role::from_token("root"), None);
        assert!(!Role::Viewer.can_write() && Role::Officer.can_write() && Role::Admin.can_write());
    }
}
