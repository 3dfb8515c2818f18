//! Messages of `list`, `progress` and `history`.

use super::T;

catalogue! {
    LIST_TITLE = "场景", "Scenarios";
}
