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
    MEETING_ROUND = "第 {} 轮", "Round {}";
    MEETING_ROUND_DONE = "第 {} 轮结束,请大家讨论:", "Round {} is over; time to discuss:";
    MEETING_ROUND_SCORE = "{}: 这句得分 {}", "{}: {} on this line";
    MEETING_ROUND_NEXT = "讨论完毕,下一轮", "Discussed: next round";
    MEETING_ROUND_LAST = "讨论完毕,看总分", "Discussed: the scores";
    MEETING_SKIPPED = "已跳过 {}", "{} skipped";
    MEETING_INTERRUPTED = "{} 的演练被中断。接下来?", "{}'s turn was interrupted. What now?";
    MEETING_RETRY = "让 {} 重新开始", "Let {} start again";
    MEETING_SKIP = "跳过 {},轮到下一位", "Skip {} and go on";
    MEETING_END = "结束会议(已完成的演练照常记录)", "End the meeting (finished turns are recorded)";
    MEETING_NOTHING_PLAYED = "没有学员完成演练,未记录任何内容", "no trainee finished a turn; nothing was recorded";
    MEETING_NEEDS_TRAINEES = "请用 --trainees 或 --answers 姓名=文件 说明谁参加", "name the trainees with --trainees or --answers NAME=FILE";

    // The manager's word, after the scores.
    MEETING_REVIEW = "经理点评:调整得分或选定最佳回答,完成后记录会议", "The manager's word: change a score or pick a best answer, then record the meeting";
    MEETING_REVIEW_OVERRIDE = "调整某个回答的得分", "Change an answer's score";
    MEETING_REVIEW_PICK = "选定某一步的最佳回答", "Pick a step's best answer";
    MEETING_REVIEW_DONE = "完成,记录会议", "Done: record the meeting";
    MEETING_WHICH_STEP = "哪一步?", "Which step?";
    MEETING_WHICH_ANSWER = "哪个回答?", "Which answer?";
    MEETING_NEW_SCORE = "新的得分(0–100):", "New score (0–100):";
    MEETING_SCORE_INVALID = "请输入 0 到 100 的整数", "enter a whole number from 0 to 100";
    MEETING_COMMENT_PROMPT = "点评(说明理由):", "Comment (why):";
    MEETING_OVERRIDDEN = "{} 在“{}”的得分改为 {}", "{}'s score on “{}” set to {}";
    MEETING_PICK_DONE = "“{}”的最佳回答:{}", "Best answer for “{}”: {}";

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
    MEETING_HELD = "日期", "Date";
    MEETING_BRANCH = "网点", "Branch";
    MEETING_FACILITATOR = "主持人", "Facilitator";
    MEETING_MOST_MISSED = "最常遗漏", "Most often missed";
    MEETING_MISSED_ITEM = "缺少“{}”", "missing “{}”";
    MEETING_BANNED_ITEM = "说了禁用语“{}”", "said the banned “{}”";
    MEETING_TIMES = "{} 次", "{}×";
    MEETING_NONE_MISSED = "没有遗漏", "nothing was missed";
    MEETING_ADJUSTED = "{}(经理调整,原 {})", "{} (set by the manager; was {})";
    MEETING_COMMENT = "经理点评:{}", "Manager: {}";
    MEETING_PICKED = "最佳回答(经理选定)", "best answer (manager's pick)";
    MEETING_PROJECTOR = "投影模式", "Projector view";
    MEETING_BACK = "返回完整报告", "Back to the full report";
    MEETING_AXIS_SCORE = "得分(0–100)", "Score (0–100)";
    MEETING_BEST_ANSWERS = "各步骤最佳回答", "Best answer per step";
    MEETING_COL_TIME = "时间", "Time";
    MEETING_COL_ENGINE_SCORE = "系统得分", "Engine score";
    MEETING_COL_COMMENT = "经理点评", "Manager's comment";
    MEETING_COL_PICKED = "经理选定", "Manager's pick";
    MEETING_FOOTER = "会议编号 {}(供 rehearse harvest --meeting 使用)", "Meeting id {} (for rehearse harvest --meeting)";

    // `harvest`.
    UNKNOWN_TRAINEE = "学习记录中没有 {} 的练习记录", "no runs of {} in the progress database";
    HARVEST_UNKNOWN_MEETING = "学习记录中没有编号为 {} 的会议", "no meeting with id {} in the progress database";
    HARVEST_OTHER_SCENARIO = "{}: 会议 {} 练习的是场景 {},而此文件是场景 {}", "{}: meeting {} practised scenario {}, but this file is scenario {}";
    HARVEST_EDITED = "{}: 文件在会议 {} 之后被修改过,会议中的回答可能已不适用;未做任何改动", "{}: the file was edited since meeting {}, so its answers may no longer fit; nothing was changed";
    HARVEST_NOTHING = "会议 {} 没有可新增的合格回答", "meeting {} has no new fully passing answers to add";
    HARVEST_ADDED = "已向 {} 新增 {} 条优秀话术: {}", "added to {} {} best answers: {}";
    HARVEST_CHOOSE = "选出要加入本网点优秀话术的回答", "Choose the answers to keep as the branch's best";
    HARVEST_CHOOSE_HELP = "↑↓ 移动,空格 选中/取消,回车 确认,Esc 放弃", "↑↓ move, Space select, Enter confirm, Esc give up";
    HARVEST_PICK_NONE = "--pick {}: 会议 {} 中没有这样的全部通过的回答", "--pick {}: meeting {} has no such fully passing answer";
    HARVEST_DRY_RUN = "(试运行,未写入文件)", "(dry run: nothing was written)";
    HARVEST_NO_PLACE = "{}: 步骤 {} 的写法无法自动添加示例,请手动添加", "{}: cannot tell where to add examples to step {}; add them by hand";
    HARVEST_NOT_VERIFIED = "{}: 修改后的文件读回结果与预期不符,未写入: {}", "{}: the edited file would not read back as intended, so nothing was written: {}";
}
