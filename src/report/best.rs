//! The branch's best answers to a step (优秀话术, harvested from its meetings), as a
//! trainee sees them next to the model answer.

use std::io::{self, Write};

use colored::Colorize;

use crate::i18n::{Lang, msg};
use crate::scenario::model::Step;

/// One line per best answer, indented like the model answer above it.
pub fn best_answers(w: &mut dyn Write, lang: Lang, step: &Step) -> io::Result<()> {
    for b in &step.best_answers {
        writeln!(w, "   {}: {}", msg::REPORT_BEST.get(lang).cyan(), b.text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_best_answer_is_one_labelled_line() {
        let yaml = "id: t\ntitle: t\nskill: fab\nsteps:\n  - id: a\n    customer: x\n    required: [您好]\n    best_answers: [\"您好,王先生\", 您好呀]\n  - id: b\n    customer: y\n";
        let s =
            crate::scenario::load::parse(std::path::Path::new("t.yaml"), yaml.as_bytes(), Lang::Zh)
                .unwrap_or_else(|p| panic!("{p:?}"));
        colored::control::set_override(false);
        let mut out = Vec::new();
        best_answers(&mut out, Lang::Zh, &s.steps[0]).unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&out),
            "   本网点优秀话术: 您好,王先生\n   本网点优秀话术: 您好呀\n"
        );
        let mut out = Vec::new();
        best_answers(&mut out, Lang::En, &s.steps[1]).unwrap_or_default();
        assert!(out.is_empty());
    }
}
