//! Messages of `list`, `progress` and `history`.

use super::T;

catalogue! {
    // `list`.
    LIST_ID = "编号", "ID";
    LIST_TITLE = "场景", "Scenario";
    LIST_SKILL = "技能", "Skill";
    LIST_DIFFICULTY = "难度", "Level";
    LIST_BEST = "最佳", "Best";
    LIST_ATTEMPTS = "次数", "Runs";
    LIST_EMPTY = "没有可用的场景。", "No scenarios available.";
    LIST_UNKNOWN_SKILL = "未知技能 `{}`,可选: {}", "unknown skill `{}`, expected one of: {}";

    // `progress`.
    PROGRESS_HEADER = "{} 的练习进度:共 {} 次练习", "Progress of {}: {} run(s)";
    PROGRESS_LEVEL = "已通过的最高难度: {} 级", "Hardest level passed: {}";
    PROGRESS_TRIED = "已练/可用", "Tried";
    PROGRESS_LATEST = "最近", "Latest";
    PROGRESS_PASS_RATE = "通过率", "Pass rate";
    PROGRESS_TREND = "趋势", "Trend";
    PROGRESS_WEAKEST = "最弱技能: {}(已练场景最佳得分平均 {})", "Weakest skill: {} (mean best score {})";
    PROGRESS_NEXT = "推荐下一个场景: {} · {}({},{} 级)", "Next scenario: {} · {} ({}, level {})";
    PROGRESS_REASON = "理由: {}", "Why: {}";
    PROGRESS_NONE_AVAILABLE = "没有可推荐的场景。", "No scenario to recommend.";
    PROGRESS_RETIRED = "其中 {} 次练习属于已不在场景库中的场景: {}", "Runs of scenarios no longer available: {} ({})";

    // The recommendation's reason, assembled from these parts in this order.
    REASON_NOTHING_PASSED = "你还没有通过任何场景", "You have not passed any scenario yet";
    REASON_PASSED = "你已通过 {} 级场景", "You have passed level {} scenarios";
    REASON_THEN = ";", "; ";
    REASON_NO_TARGET = "没有 {} 级场景,", "there is no level {} scenario, so ";
    REASON_NEW = "这是 {} 级中尚未练习的场景", "this is a level {} scenario you have not practised yet";
    REASON_LOWEST = "这是 {} 级中你最佳得分最低的场景(最佳 {} 分)", "this is the level {} scenario with your lowest best score ({})";
    REASON_WEAKEST = ",且属于你最弱的技能“{}”", ", in your weakest skill, {}";
    REASON_END = "。", ".";

    // `progress --report`.
    REPORT_RUNS = "全部练习", "Every run";
    REPORT_RUN_TIME = "完成时间", "Finished";
    REPORT_AXIS_DATE = "日期", "Date";
    REPORT_AXIS_SCORE = "得分", "Score";
    REPORT_RUN_RESULT = "结果", "Result";
    REPORT_RUN_SEED = "随机种子", "Seed";
    REPORT_HELP_MODEL = "有回答是看过参考答案后作答的", "an answer was given after seeing the model answer";
    REPORT_HELP_HINT = "有回答是看过提示后作答的", "an answer was given after seeing the hint";
    REPORT_CSV_MODEL_STEPS = "看过参考答案后作答的步骤", "Steps answered after the model answer";
    REPORT_CSV_HINT_STEPS = "看过提示后作答的步骤", "Steps answered after the hint";
    REPORT_CHART = "得分变化", "Score over time";
    REPORT_UNKNOWN_FORMAT = "{}: 报告格式由扩展名决定:.md、.csv 或 .html", "{}: the report format comes from the extension: .md, .csv or .html";
    REPORT_WRITTEN = "报告已写入 {}", "report written to {}";

    // `history`.
    HISTORY_EMPTY = "{} 还没有练习记录。", "{} has no recorded runs.";
    HISTORY_EMPTY_SCENARIO = "{} 还没有场景 {} 的练习记录。", "{} has no recorded runs of {}.";
    HISTORY_RETIRED = "(已不在场景库中)", "(no longer available)";
    HISTORY_SCORE = "得分", "Score";
    HISTORY_PASSED = "通过", "passed";
    HISTORY_FAILED = "未通过", "not passed";
    HISTORY_WALKED_OUT = "未通过(客户离开)", "not passed (the customer walked out)";
    HISTORY_CUSTOMER = "客户", "Customer";
    HISTORY_ANSWER = "回答", "Answer";
    HISTORY_MISSING = "缺少", "Missing";
    HISTORY_BANNED = "禁用语", "Banned";
    HISTORY_TAKEN_BACK = "再试前的回答", "Taken back";
}
