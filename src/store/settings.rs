//! The municipality's settings, kept in the roster's `settings` table (key, value). What the
//! keys mean and which values they take is [`crate::policy::settings`].

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::{recipients, Cached, Roster};
use crate::error::{Result, SqlContext};
use crate::policy::settings::{SettingEntry, SettingKey, SharingSettings};

/// The municipality's name when none is set (`settings set municipality.name …`).
pub const DEFAULT_MUNICIPALITY: &str = "（市区町村名）";

/// The municipality's name as printed (`municipality.name`, else [`DEFAULT_MUNICIPALITY`]).
pub(crate) fn municipality(conn: &Connection) -> Result<String> {
    Ok(conn
        .row(
            "SELECT value FROM settings WHERE key = 'municipality.name'",
            [],
            |r| r.get::<_, String>(0),
        )
        .optional()
        .ctx("reading the municipality's name")?
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_MUNICIPALITY.to_string()))
}

/// Every stored (key, value).
pub(crate) fn stored(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut stmt = conn
        .prepare_cached("SELECT key, value FROM settings ORDER BY key")
        .ctx("reading the settings")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .ctx("reading the settings")?;
    rows.collect::<rusqlite::Result<BTreeMap<_, _>>>()
        .ctx("reading the settings")
}

/// The sharing settings in force (defaults for what was never set).
pub(crate) fn load(conn: &Connection) -> Result<SharingSettings> {
    Ok(from_stored(&stored(conn)?))
}

fn from_stored(stored: &BTreeMap<String, String>) -> SharingSettings {
    SharingSettings::from_pairs(stored.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .ctx("writing a setting")?;
    Ok(())
}

impl Roster {
    /// The sharing settings in force.
    pub fn sharing_settings(&self) -> Result<SharingSettings> {
        load(self.conn())
    }

    /// Every setting with its value and whether it is the default (`settings show`).
    pub fn setting_entries(&self) -> Result<Vec<SettingEntry>> {
        let stored = stored(self.conn())?;
        Ok(from_stored(&stored).entries(&stored))
    }

    /// Sets `key` to `value` after checking both (an error names the key); audited
    /// `settings.set` with the key and the new value (settings hold no personal data).
    /// Returns the value as stored.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<String> {
        let key = SettingKey::parse(key.trim())?;
        let value = key.check(value)?;
        let name = key.name();
        self.write(|tx| {
            if let Some(id) = key.recipient() {
                recipients::load(tx.conn(), id)?;
            }
            put(tx.conn(), &name, &value)?;
            let entity = if key.recipient().is_some() {
                "recipient"
            } else {
                ""
            };
            tx.audit(
                "settings.set",
                entity,
                key.recipient(),
                &format!("{name}={value}"),
            )?;
            Ok(value)
        })
    }
}
