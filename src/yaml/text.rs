//! [`Text`]: a scalar read as text, whatever YAML would make of it.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Visitor};

/// A phrase or line of text. Plain scalars that YAML would read as numbers
/// (a hotline such as `95566`) are kept as the digits written.
#[derive(Debug, Clone, PartialEq)]
pub struct Text(pub String);

/// Reads any scalar as [`Text`]; the raw scenario structs build on it.
pub struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a phrase (text)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}
