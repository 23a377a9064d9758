//! Printing: document model → layout → PDF bytes, as pure functions. What is printed about
//! whom comes from the sharing rule (`policy`, applied by the `sharing` and `printing` rooms); nothing here
//! decides it.
//!
//! - [`fonts`]: the compiled-in IPAex Gothic (+ IPAmj明朝 when installed), measuring;
//! - [`glyphs`]: the check that every character can be drawn, before anything is made;
//! - [`page`]: positioned text, lines and boxes in mm; wrapping with 禁則;
//! - [`furniture`]: header (title, serial, 取扱注意・複製禁止, disaster marking) and footer
//!   (page x / y, audit head);
//! - [`list`], [`plan`], [`form`], [`letter`]: the documents;
//! - [`map`]: a list's 地図 page (homes numbered as on the list, hazard areas);
//! - [`recovery`]: the 回復キー sheet an admin prints once and seals in the office safe;
//! - [`render`]: pages → PDF (subset fonts with ToUnicode; same input, same bytes);
//! - [`lock`]: AES-256 (R6) user password;
//! - [`svg`]: a page as SVG, for the window's preview;
//! - [`barcode`]: a person's number as Code 128, for scanning check sheets.

pub mod barcode;
pub mod claims;
pub mod commission;
pub mod coverage;
pub mod drill;
pub mod fonts;
pub mod form;
pub mod furniture;
pub mod glyphs;
pub mod letter;
pub mod list;
pub mod lock;
pub mod map;
pub mod page;
pub mod plan;
pub mod recovery;
pub mod render;
pub mod svg;
