//! The page shell around the playground: how the page starts ([`start`]: a share link, the
//! saved playground or a fresh one; full or embedded), the browser's storage ([`storage`]),
//! the address ([`address`]: the fragment, the link to share, the query parameters; and
//! [`address_bar`], which keeps the live address in step with the playground), the banners
//! ([`notices`]), the document format links and storage share ([`document`]), and the live
//! state of the page ([`state`]: the view shown, the banners, saving as the scenario changes,
//! where this tab saves: [`slot`]), and what the page keeps when something replaces its
//! playground ([`keeping`]: the start, a new address, another tab's write; loaded on demand).
//!
//! Arrows point down: `keeping` uses `state`; `state` and `address_bar` (reactive) use the
//! plain modules; `start` uses `address`, `storage` and `notices`; all of them use `document`,
//! which uses none of them.

pub mod address;
pub mod address_bar;
pub mod document;
pub mod keeping;
pub mod notices;
pub mod slot;
pub mod start;
pub mod state;
pub mod storage;
