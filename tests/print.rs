//! Printing: every produced PDF is read back (pdftotext, qpdf, pdftoppm) and checked —
//! names, fields, serials, page numbers, who is absent, locking, the ledger, and the
//! pages' look against committed reference renderings.

mod common;

#[path = "print/support.rs"]
mod support;

#[path = "print/lists.rs"]
mod lists;

#[path = "print/plans.rs"]
mod plans;

#[path = "print/ledger.rs"]
mod ledger;

#[path = "print/rendering.rs"]
mod rendering;

#[path = "print/cli.rs"]
mod cli;

#[path = "print/area.rs"]
mod area;

#[path = "print/batch.rs"]
mod batch;
#[path = "print/cancel.rs"]
mod cancel;
#[path = "print/failures.rs"]
mod failures;
#[path = "print/locking.rs"]
mod locking;
#[path = "print/map.rs"]
mod map;
#[path = "print/shelters.rs"]
mod shelters;
