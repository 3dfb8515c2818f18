//! Wiring of `list`, `progress` and `history`.

use crate::cli::{HistoryArgs, ListArgs, ProgressArgs};
use crate::error::Result;

use super::Ctx;

pub fn list(_ctx: &Ctx, _args: &ListArgs) -> Result<u8> {
    Ok(0)
}

pub fn progress(_ctx: &Ctx, _args: &ProgressArgs) -> Result<u8> {
    Ok(0)
}

pub fn history(_ctx: &Ctx, _args: &HistoryArgs) -> Result<u8> {
    Ok(0)
}
