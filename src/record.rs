//! Run records: what a finished run leaves behind, as plain data. The session's
//! result is mapped to a [`RunRecord`] by `app`, the store writes and reads them back
//! as [`StoredRun`]s, and `progress` and the reports read them.

/// One finished run, as the session hands it over.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunRecord {
    pub trainee: String,
    pub scenario_id: String,
    /// Hex of the scenario file's content hash, computed by the caller.
    pub scenario_hash: String,
    pub seed: u64,
    /// RFC 3339 UTC, given by the caller.
    pub started_at: String,
    /// RFC 3339 UTC, given by the caller.
    pub finished_at: String,
    pub score: u8,
    pub passed: bool,
    pub walked_out: bool,
    pub meeting_id: Option<String>,
    pub steps: Vec<StepRecord>,
}

/// One turn of a run: what the customer said, the answer that counted and its
/// verdict, the answers taken back before it, and the manager's word.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StepRecord {
    pub step_id: String,
    pub customer: String,
    /// The answer that moved the conversation on (its fields sit beside `step_id`
    /// when written out).
    #[serde(flatten)]
    pub counted: AttemptRecord,
    /// Earlier answers to the same line, taken back to try again; oldest first.
    pub retries: Vec<AttemptRecord>,
    /// The meeting manager's word on this answer, if any.
    #[serde(skip_serializing_if = "Review::is_empty")]
    pub review: Review,
}

/// What the manager said about one answer after a meeting's scores.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Review {
    /// Replaces the engine's score for this answer in the meeting's reports.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The room's best answer for its step.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub picked: bool,
}

impl Review {
    pub fn is_empty(&self) -> bool {
        *self == Review::default()
    }
}

/// Who held a meeting, and where; recorded with its runs.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct MeetingInfo {
    pub branch: Option<String>,
    pub facilitator: Option<String>,
    /// The scenario file the meeting was played from, absolute (none for the
    /// library compiled into the binary).
    pub scenario_file: Option<String>,
}

/// One answer to a customer line with its verdict: the one that counted, or one
/// taken back to try the line again (kept, never scored into the run).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AttemptRecord {
    pub answer: String,
    pub score: u8,
    pub passed: bool,
    pub missing: Vec<Missing>,
    pub banned: Vec<String>,
    /// The step's hint had been shown before this answer.
    pub saw_hint: bool,
    /// The step's model answer had been shown before this answer.
    pub saw_model: bool,
}

/// A run read back, with the id the store gave it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredRun {
    pub id: i64,
    #[serde(flatten)]
    pub run: RunRecord,
}

/// One trainee's record on one scenario.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ScenarioStats {
    pub scenario_id: String,
    pub attempts: u32,
    pub best: u8,
    pub latest: u8,
    pub passes: u32,
    /// Every score, oldest first.
    pub scores: Vec<u8>,
}

impl ScenarioStats {
    /// Folds in the next attempt; attempts arrive oldest first.
    pub fn add(&mut self, score: u8, passed: bool) {
        self.attempts = self.attempts.saturating_add(1);
        self.best = self.best.max(score);
        self.latest = score;
        self.passes = self.passes.saturating_add(u32::from(passed));
        self.scores.push(score);
    }
}

/// Something an answer lacked (spec §5 `missing`): a required item, by its label, or
/// one of the two checks that are not phrases. Written out as spec §5 writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// A required item, by its label.
    Item(String),
    /// The step asks for a question and the answer is none.
    Question,
    /// The answer is longer than the step's `max_chars`.
    TooLong,
}

impl Missing {
    /// The label, or `question` / `max_chars` (spec §5).
    pub fn as_str(&self) -> &str {
        match self {
            Missing::Item(label) => label,
            Missing::Question => "question",
            Missing::TooLong => "max_chars",
        }
    }

    /// The entry as the progress database keeps it, the way [`Missing::as_str`]
    /// wrote it.
    pub fn from_stored(text: String) -> Missing {
        match text.as_str() {
            "question" => Missing::Question,
            "max_chars" => Missing::TooLong,
            _ => Missing::Item(text),
        }
    }

    /// Each entry's text, joined by `sep`.
    pub fn join(list: &[Missing], sep: &str) -> String {
        list.iter()
            .map(Missing::as_str)
            .collect::<Vec<_>>()
            .join(sep)
    }
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Missing {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::{AttemptRecord, Missing, StepRecord};

    #[test]
    fn a_step_is_written_out_with_the_counted_answer_beside_its_id() {
        let tried = |answer: &str| AttemptRecord {
            answer: answer.to_owned(),
            score: 50,
            passed: false,
            missing: vec![Missing::Question],
            banned: vec!["保证".to_owned()],
            saw_hint: true,
            saw_model: false,
        };
        let step = StepRecord {
            step_id: "a".to_owned(),
            customer: "喂".to_owned(),
            counted: tried("您好"),
            retries: vec![tried("你好")],
            review: Default::default(),
        };
        let answer = r#""score":50,"passed":false,"missing":["question"],"banned":["保证"],"saw_hint":true,"saw_model":false"#;
        let expected = format!(
            r#"{{"step_id":"a","customer":"喂","answer":"您好",{answer},"retries":[{{"answer":"你好",{answer}}}]}}"#
        );
        assert_eq!(serde_json::to_string(&step).unwrap(), expected);
    }

    #[test]
    fn missing_entries_are_written_as_spec_5_writes_them_and_read_back() {
        let list = vec![
            Missing::Item("报出银行".to_owned()),
            Missing::Question,
            Missing::TooLong,
        ];
        let json = serde_json::to_string(&list).unwrap();
        assert_eq!(json, r#"["报出银行","question","max_chars"]"#);
        assert_eq!(Missing::join(&list, ", "), "报出银行, question, max_chars");
        let back: Vec<Missing> = serde_json::from_str::<Vec<String>>(&json)
            .unwrap()
            .into_iter()
            .map(Missing::from_stored)
            .collect();
        assert_eq!(back, list);
    }
}
