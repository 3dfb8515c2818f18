//! The message catalogue: every text the program prints, in Simplified Chinese and
//! English. Chinese when `LC_ALL`/`LC_MESSAGES`/`LANG` starts with `zh`, English
//! otherwise; `--lang` overrides. Scenario text is never translated.

use std::fmt::Display;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The language from the environment, the way POSIX locales take precedence.
    pub fn from_env() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return if v.starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                };
            }
        }
        Lang::En
    }
}

/// One catalogue entry. `{}` marks are filled in order by [`T::fill`].
#[derive(Debug, Clone, Copy)]
pub struct T {
    pub zh: &'static str,
    pub en: &'static str,
}

impl T {
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }

    pub fn fill(&self, lang: Lang, args: &[&dyn Display]) -> String {
        let mut out = String::new();
        let mut args = args.iter();
        let mut parts = self.get(lang).split("{}").peekable();
        while let Some(part) = parts.next() {
            out.push_str(part);
            if parts.peek().is_some()
                && let Some(a) = args.next()
            {
                out.push_str(&a.to_string());
            }
        }
        out
    }
}

#[macro_use]
mod macros {
    /// Declares catalogue entries and, for tests, the list of them.
    macro_rules! catalogue {
        ($($name:ident = $zh:literal, $en:literal;)*) => {
            $(pub const $name: T = T { zh: $zh, en: $en };)*
            /// Every entry of this part of the catalogue.
            #[cfg(test)]
            pub const ALL: &[(&str, T)] = &[$((stringify!($name), $name)),*];
        };
    }
}

pub mod cli;
mod engine;
mod error;
mod grade;
mod hub;
mod meeting;
mod progress;
mod session;
mod store;

pub use error::{did_you_mean, render_error};

/// The whole catalogue, one namespace.
pub mod msg {
    // Each part has its own test list `ALL`; naming one here keeps the globs
    // from being ambiguous.
    pub use super::cli::*;
    #[cfg(test)]
    #[allow(unused_imports)]
    pub use super::engine::ALL;
    pub use super::engine::*;
    pub use super::grade::*;
    pub use super::hub::*;
    pub use super::meeting::*;
    pub use super::progress::*;
    pub use super::session::*;
    pub use super::store::*;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_both_languages_with_the_same_placeholders() {
        let parts = [
            cli::ALL,
            engine::ALL,
            grade::ALL,
            hub::ALL,
            meeting::ALL,
            progress::ALL,
            session::ALL,
            store::ALL,
        ];
        for (name, t) in parts.iter().flat_map(|p| p.iter()) {
            assert!(!t.zh.is_empty() && !t.en.is_empty(), "{name}");
            assert_eq!(
                t.zh.matches("{}").count(),
                t.en.matches("{}").count(),
                "{name}"
            );
        }
    }

    #[test]
    fn fill_replaces_in_order() {
        let t = T {
            zh: "{} 共 {} 次",
            en: "{} x{}",
        };
        assert_eq!(t.fill(Lang::Zh, &[&"李先生", &3]), "李先生 共 3 次");
        assert_eq!(t.fill(Lang::En, &[&"a", &1]), "a x1");
    }
}
