//! The phrases of required and banned items: written in the file itself, or taken
//! from a lexicon concept. A concept's phrases are not copied into each item made from
//! it: the items share the lexicon's list (through one [`Listed`] handle per file), so
//! a file naming a concept of a hundred phrases costs a hundred small references, and
//! `Compiled` can treat the list as one block whose forms are worked out once per
//! thread (see `text::matcher::Source`).

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A lexicon list (a concept's phrases or its `except` list) as one file uses it: the
/// file's own handle on the list the lexicon keeps once. The items of the file share
/// the handle; threads checking different files each have theirs, so no count is
/// shared between them item by item.
#[derive(Debug)]
pub struct Listed(Arc<[String]>);

impl Listed {
    pub fn new(list: &Arc<[String]>) -> Arc<Listed> {
        Arc::new(Listed(Arc::clone(list)))
    }

    /// The lexicon's list: the same allocation for every file using the concept.
    pub fn list(&self) -> &Arc<[String]> {
        &self.0
    }
}

/// A phrase of a required or banned item, read like a `&str`.
#[derive(Clone)]
pub struct Phrase(PhraseRepr);

#[derive(Clone)]
enum PhraseRepr {
    Own(String),
    /// Phrase `.1` of a lexicon list.
    Listed(Arc<Listed>, u32),
}

impl Phrase {
    /// Phrase `index` of `list`; `None` past its end.
    pub fn listed(list: &Arc<Listed>, index: usize) -> Option<Phrase> {
        let at = u32::try_from(index).ok()?;
        list.0.get(index)?;
        Some(Phrase(PhraseRepr::Listed(Arc::clone(list), at)))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            PhraseRepr::Own(s) => s,
            // `listed` only makes indices within the list.
            PhraseRepr::Listed(list, i) => list.0.get(*i as usize).map_or("", String::as_str),
        }
    }

    /// The lexicon list the phrase is taken from and its index there, if it is.
    pub fn list(&self) -> Option<(&Arc<[String]>, u32)> {
        match &self.0 {
            PhraseRepr::Own(_) => None,
            PhraseRepr::Listed(list, i) => Some((&list.0, *i)),
        }
    }
}

impl From<String> for Phrase {
    fn from(s: String) -> Phrase {
        Phrase(PhraseRepr::Own(s))
    }
}

impl From<&str> for Phrase {
    fn from(s: &str) -> Phrase {
        Phrase(PhraseRepr::Own(s.to_owned()))
    }
}

impl Deref for Phrase {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Phrase {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Phrase {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Phrase {
    fn eq(&self, other: &Phrase) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Phrase {}

impl std::hash::Hash for Phrase {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialEq<str> for Phrase {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Phrase {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Phrase {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Phrase> for String {
    fn eq(&self, other: &Phrase) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Phrase> for &str {
    fn eq(&self, other: &Phrase) -> bool {
        *self == other.as_str()
    }
}

impl fmt::Debug for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A banned item's `except` list, read like a `[String]`: the item's own, or a lexicon
/// concept's shared like its phrases.
#[derive(Clone)]
pub struct PhraseList(ListRepr);

#[derive(Clone)]
enum ListRepr {
    Own(Arc<[String]>),
    Listed(Arc<Listed>),
}

impl PhraseList {
    /// A lexicon list, through the file's handle.
    pub fn listed(list: Arc<Listed>) -> PhraseList {
        PhraseList(ListRepr::Listed(list))
    }

    /// The lexicon list this is, if it is one.
    pub fn list(&self) -> Option<&Arc<[String]>> {
        match &self.0 {
            ListRepr::Own(_) => None,
            ListRepr::Listed(list) => Some(&list.0),
        }
    }

    /// Whether `self` and `other` are one list (not only equal ones).
    pub fn same(&self, other: &PhraseList) -> bool {
        match (&self.0, &other.0) {
            (ListRepr::Own(a), ListRepr::Own(b)) => Arc::ptr_eq(a, b),
            (ListRepr::Listed(a), ListRepr::Listed(b)) => Arc::ptr_eq(&a.0, &b.0),
            _ => false,
        }
    }
}

impl From<Vec<String>> for PhraseList {
    fn from(list: Vec<String>) -> PhraseList {
        PhraseList(ListRepr::Own(list.into()))
    }
}

impl From<Arc<[String]>> for PhraseList {
    fn from(list: Arc<[String]>) -> PhraseList {
        PhraseList(ListRepr::Own(list))
    }
}

impl Deref for PhraseList {
    type Target = [String];

    fn deref(&self) -> &[String] {
        match &self.0 {
            ListRepr::Own(list) => list,
            ListRepr::Listed(list) => &list.0,
        }
    }
}

impl PartialEq for PhraseList {
    fn eq(&self, other: &PhraseList) -> bool {
        **self == **other
    }
}

impl Eq for PhraseList {}

impl std::hash::Hash for PhraseList {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl fmt::Debug for PhraseList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listed_phrase_reads_as_its_text_and_knows_its_list() {
        let lexicon: Arc<[String]> = vec!["保本".to_owned(), "稳赚".to_owned()].into();
        let handle = Listed::new(&lexicon);
        let p = Phrase::listed(&handle, 1).expect("within the list");
        assert_eq!(p, "稳赚");
        assert_eq!(p, Phrase::from("稳赚"));
        assert_eq!(format!("{p:?} {p}"), "\"稳赚\" 稳赚");
        let (list, i) = p.list().expect("listed");
        assert!(Arc::ptr_eq(list, &lexicon));
        assert_eq!(i, 1);
        assert!(Phrase::listed(&handle, 2).is_none());
        assert!(Phrase::from("稳赚").list().is_none());

        let except = PhraseList::listed(Listed::new(&lexicon));
        let copy = PhraseList::from(lexicon.to_vec());
        assert_eq!(except, copy);
        assert!(!except.same(&copy));
        assert!(except.same(&PhraseList::listed(Listed::new(&lexicon))));
        assert!(except.list().is_some() && copy.list().is_none());
        assert_eq!(format!("{except:?}"), format!("{:?}", ["保本", "稳赚"]));
    }
}
