//! Synthetic demo rosters.
