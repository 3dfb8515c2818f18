//! Messages of `meeting` (the screens, the leaderboard, the Markdown, CSV and HTML
//! reports) and of `harvest`.

use super::T;

catalogue! {
    MEETING_NO_FREE_ID = "其他会议同时在记录,找不到空闲的会议编号;请重试", "other meetings kept taking the meeting id; try again";
    // Who takes part, and with which answers.
    MEETING_NEEDS_ANSWERS = "没有终端时,请用 --answers 姓名=文件 为每位学员提供答案", "without a terminal, give every trainee's answers with --answers NAME=FILE";
    MEETING_EMPTY_NAME = "--trainees 中有空的姓名", "--trainees holds an empty name";
    MEETING_DUPLICATE_TRAINEE = "--trainees 中学员 {} 出现了两次", "--trainees lists {} twice";
    MEETING_MALFORMED_SPEC = "--answers {}: 应写成 姓名=文件", "--answers {}: expected NAME=FILE";
    MEETING_UNKNOWN_TRAINEE = "--answers: {} 不在 --trainees 名单中", "--answers: {} is not one of --trainees";
    MEETING_DUPLICATE_ANSWERS = "--answers: {} 的答案文件给了两次", "--answers: {} is given two answers files";
    MEETING_MISSING_ANSWERS = "--answers: 缺少学员 {} 的答案文件", "--answers: no answers file for {}";
    MEETING_ANSWERS_SHORT = "学员 {}: {}: 步骤 `{}` 没有答案(对话中的第 {} 个答案)", "trainee {}: {}: no answer for step `{}` (answer {} of the conversation)";
    MEETING_ANSWERS_EXTRA = "警告: 学员 {}: {}: 多出的 {} 个答案未使用", "warning: trainee {}: {}: {} extra answers were not used";
    MEETING_REPORT_FORMAT = "{}: 报告格式由扩展名决定: .md、.csv 或 .html", "{}: the report's format comes from its extension: .md, .csv or .html";
    MEETING_REPORT_WRITTEN = "会议报告已写入 {}", "meeting report written to {}";

    // The meeting on a terminal.
    MEETING_TURN = "轮到 {} 了(第 {}/{} 位)", "{}'s turn ({} of {})";
    MEETING_TURN_DONE = "{} 得分 {}: {}", "{} scored {}: {}";
    MEETING_NEXT = "请 {} 就座,准备好后开始", "{}, take the seat and start when ready";
    MEETING_START = "开始", "Start";

    // The leaderboard and every report.
    MEETING_HEADER = "演练会议 {} · 场景 {} · {} · 随机种子 {}", "Meeting {} · scenario {} · {} · seed {}";
    MEETING_LEADERBOARD = "排行榜", "Leaderboard";
    MEETING_ALL_PASSED = "全员通过", "Everyone passed";
    MEETING_SOME_FAILED = "{}/{} 人通过", "{} of {} passed";
    MEETING_COL_RANK = "名次", "Rank";
    MEETING_COL_TRAINEE = "学员", "Trainee";
    MEETING_COL_SCORE = "得分", "Score";
    MEETING_COL_BANNED = "禁用语次数", "Banned hits";
    MEETING_COL_RESULT = "结果", "Result";
    MEETING_COL_STEP = "步骤", "Step";
    MEETING_COL_CUSTOMER = "客户", "Customer";
    MEETING_COL_ANSWER = "回答", "Answer";
    MEETING_COL_VERDICT = "评语", "Verdict";
    MEETING_COL_MEETING = "会议", "Meeting";
    MEETING_COL_TURN = "轮次", "Turn";
    MEETING_COL_PASSED = "通过", "Passed";
    MEETING_COL_MISSING = "缺少", "Missing";
    MEETING_PASSED = "通过", "passed";
    MEETING_FAILED = "未通过", "not passed";
    MEETING_YES = "是", "yes";
    MEETING_NO = "否", "no";
    MEETING_BEST = "最佳回答", "best answer";
    MEETING_BEST_MARK = "{}(最佳回答)", "{} (best answer)";
    MEETING_COL_BANNED_PHRASES = "禁用语", "Banned phrases";
    MEETING_STEP_OK = "达标", "all checks met";
    MEETING_MINUTES = "演练会议纪要:{}", "Role-play meeting minutes: {}";
    MEETING_ID = "会议编号", "Meeting id";
    MEETING_SCENARIO = "场景", "Scenario";
    MEETING_SEED = "随机种子", "Seed";
    MEETING_PASS_MARK = "及格线", "Pass mark";
    MEETING_STEP_HEADING = "步骤 {}: {}", "Step {}: {}";
    MEETING_BY_STEP = "各步骤回答", "Answers by step";
    MEETING_CHART = "得分", "Scores";

    // `harvest`.
    HARVEST_UNKNOWN_MEETING = "学习记录中没有编号为 {} 的会议", "no meeting with id {} in the progress database";
    HARVEST_OTHER_SCENARIO = "{}: 会议 {} 练习的是场景 {},而此文件是场景 {}", "{}: meeting {} practised scenario {}, but this file is scenario {}";
    HARVEST_EDITED = "{}: 文件在会议 {} 之后被修改过,会议中的回答可能已不适用;未做任何改动", "{}: the file was edited since meeting {}, so its answers may no longer fit; nothing was changed";
    HARVEST_NOTHING = "会议 {} 没有可新增的合格回答", "meeting {} has no new fully passing answers to add";
    HARVEST_ADDED = "已向 {} 新增 {} 条合格示例: {}", "added to {} {} pass examples: {}";
    HARVEST_DRY_RUN = "(试运行,未写入文件)", "(dry run: nothing was written)";
    HARVEST_NO_PLACE = "{}: 步骤 {} 的写法无法自动添加示例,请手动添加", "{}: cannot tell where to add examples to step {}; add them by hand";
    HARVEST_NOT_VERIFIED = "{}: 修改后的文件读回结果与预期不符,未写入: {}", "{}: the edited file would not read back as intended, so nothing was written: {}";
}
