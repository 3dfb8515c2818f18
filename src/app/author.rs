//! Wiring of the authoring commands: `new`, `schema`, `score`.

use crate::cli::{NewArgs, ScoreArgs};
use crate::error::{Error, Result};

use super::Ctx;

pub fn new(_ctx: &Ctx, _args: &NewArgs) -> Result<u8> {
    Err(Error::Usage("not yet available".to_owned()))
}

pub fn schema(_ctx: &Ctx) -> Result<u8> {
    Err(Error::Usage("not yet available".to_owned()))
}

pub fn score(_ctx: &Ctx, _args: &ScoreArgs) -> Result<u8> {
    Err(Error::Usage("not yet available".to_owned()))
}
