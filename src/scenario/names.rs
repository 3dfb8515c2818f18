//! The names people read for things the files name by id: skills.

use crate::i18n::Lang;

use super::model::Skill;

impl Skill {
    /// The skill's name for people, in the interface language (`异议处理`,
    /// "objections"); `as_str` stays the name in files, JSON and options.
    pub fn display(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Skill::Spin => ("提问探需", "SPIN"),
            Skill::Fab => ("产品介绍", "FAB"),
            Skill::Objection => ("异议处理", "objections"),
            Skill::Closing => ("促成交易", "closing"),
            Skill::Phone => ("电话沟通", "telephone"),
            Skill::Counter => ("柜面服务", "counter"),
            Skill::Complaint => ("投诉处理", "complaints"),
            Skill::Compliance => ("合规销售", "compliance"),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_skill_has_a_chinese_name_without_latin_letters_and_an_english_one() {
        let mut seen = std::collections::HashSet::new();
        for k in Skill::ALL {
            let zh = k.display(Lang::Zh);
            assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
            assert!(seen.insert(zh), "two skills are both called {zh}");
            assert!(!k.display(Lang::En).is_empty());
        }
        assert_eq!(Skill::Objection.display(Lang::Zh), "异议处理");
        assert_eq!(Skill::Objection.display(Lang::En), "objections");
    }
}
