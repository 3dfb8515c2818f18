//! Wiring of the weekly role-play meeting: `meeting` and `harvest`.

use crate::cli::{HarvestArgs, MeetingArgs};
use crate::error::{Error, Result};

use super::Ctx;

pub fn meeting(_ctx: &Ctx, _args: &MeetingArgs) -> Result<u8> {
    Err(Error::Usage("not yet available".to_owned()))
}

pub fn harvest(_ctx: &Ctx, _args: &HarvestArgs) -> Result<u8> {
    Err(Error::Usage("not yet available".to_owned()))
}
