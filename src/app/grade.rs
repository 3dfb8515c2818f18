//! Wiring of `grade`: batch auditing of real conversations.

use crate::cli::GradeArgs;
use crate::error::{Error, Result};

use super::Ctx;

pub fn grade(_ctx: &Ctx, _args: &GradeArgs) -> Result<u8> {
    Err(Error::Usage("not yet available".to_owned()))
}
