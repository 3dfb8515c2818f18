//! Messages of the interactive trainer: home menu, prompts, feedback, summary.

use super::T;

catalogue! {
    // Home menu.
    HOME_PROMPT = "想练点什么?", "What would you like to practise?";
    HOME_CONTINUE = "继续练习推荐场景:{}", "Continue with the recommended scenario: {}";
    HOME_BY_SKILL = "按技能挑选场景", "Pick a scenario by skill";
    HOME_PROGRESS = "查看我的进度", "See my progress";
    HOME_QUIT = "退出", "Quit";
    HOME_HELP = "↑↓ 选择,回车确认,Esc 退出", "↑↓ to move, Enter to choose, Esc to leave";
    PICK_SKILL = "选择技能", "Choose a skill";
    PICK_SCENARIO = "选择场景", "Choose a scenario";
    PICK_SCENARIO_ITEM = "{} · {} · 难度 {} · {}", "{} · {} · difficulty {} · {}";
    NEVER_TRIED = "未练习", "not tried";
    BEST_SCORE = "最好 {} 分", "best {}";
    NO_SCENARIOS = "没有可用的场景", "no scenarios available";
    BYE = "再见,下次继续练习!", "Goodbye, see you next practice!";

    // Trainee identity.
    ASK_NAME = "请输入您的姓名(记录练习进度用):", "Your name (progress is recorded under it):";
    NAME_EMPTY = "姓名不能为空", "the name must not be empty";
    EMPTY_TRAINEE = "学员姓名不能为空", "the trainee's name must not be empty";
    NOT_RECORDED = "警告: {};本次练习不记录", "warning: {}; this run is not recorded";
    NO_HOME = "找不到用户目录;请用 --db 指定学习记录数据库", "no home directory; name the progress database with --db";
    NOT_A_TERMINAL = "不在终端上运行:请指定命令,例如 `rehearse run <场景> --answers <文件>`", "not on a terminal: give a command, e.g. `rehearse run <scenario> --answers <file>`";
    RUN_NEEDS_ANSWERS = "不在终端上运行时,run 需要 --answers <文件>", "run needs --answers FILE when not on a terminal";

    // The session.
    SESSION_TITLE = "场景:{}", "Scenario: {}";
    SESSION_DIFFICULTY = "技能:{} · 难度 {} · 及格 {} 分", "skill: {} · difficulty {} · pass mark {}";
    SESSION_PERSONA = "客户:{}", "Customer: {}";
    SESSION_PATIENCE = "耐心:最多容忍 {} 次不合格回答", "Patience: tolerates {} failed answers";
    SESSION_TASK = "任务:{}", "Task: {}";
    SESSION_CUSTOMER = "客户", "Customer";
    SESSION_PROMPT = "您的回答:", "Your answer:";
    SESSION_PROMPT_HELP = "/提示 看提示 · /参考 看参考答案 · Esc 或 Ctrl-C 结束(不记录)", "/hint hint · /model model answer · Esc or Ctrl-C to stop (nothing recorded)";
    SESSION_EMPTY = "请先输入回答(或输入 /提示 看提示)", "Type an answer first (or /hint for a hint)";
    SESSION_NO_HINT = "这一步没有提示", "This step has no hint";
    SESSION_NO_MODEL = "这一步没有参考答案", "This step has no model answer";
    SESSION_AFTER_FAIL = "这一步没有通过。接下来?", "This step was not passed. What next?";
    SESSION_SHOW_HINT = "看提示", "Show the hint";
    SESSION_SHOW_MODEL = "看参考答案", "Show the model answer";
    SESSION_MENU_HELP = "↑↓ 选择,回车确认,Esc 结束练习(不记录)", "↑↓ to move, Enter to choose, Esc to stop (nothing recorded)";
    SESSION_GO_ON = "继续对话", "Go on with the conversation";
    SESSION_RETRY = "再试一次", "Try again";
    SESSION_STEP = "第 {} 步 · {}", "Step {} · {}";
    SESSION_AGAIN = "(再试一次)", "(again)";
    ENCOURAGE_1 = "很好!", "Well done!";
    ENCOURAGE_2 = "做得好,继续保持!", "Good, keep it up!";
    ENCOURAGE_3 = "说得好!", "Nicely put!";
    ENCOURAGE_4 = "漂亮!这一步过了。", "Great, that step is passed.";
    SESSION_COL_NOTE = "备注", "Notes";
    NOTE_TRIES = "试了 {} 次", "{} tries";
    NOTE_HINT = "看过提示", "saw the hint";
    NOTE_MODEL = "看过参考答案后作答", "answered after seeing the model answer";
    WHY_TITLE = "没有通过的原因:", "Why it was not passed:";
    WHY_BANNED = "说了禁用语“{}”(第 {} 步)", "said the banned phrase “{}” (step {})";
    WHY_RULE = "整场对话没做到:{}", "whole conversation: {}";
    WHY_WALKED_OUT = "客户失去耐心离开了", "the customer lost patience and walked out";
    WHY_SCORE = "得分 {} 低于及格线 {}", "the score {} is below the pass mark {}";
    ENDING_WALKED_OUT = "对话结束:{} 次回答没有通过,客户失去耐心离开了。", "The conversation ended: the customer lost patience and left after {} failed answer(s).";
    ENDING_VISIT_LIMIT = "对话结束:同一步骤已经来回三次。", "The conversation ended: the same step came round a fourth time.";
    ENDING_FAILED = "对话结束:最后一句回答没有通过(第 {} 步 · {})。", "The conversation ended on a failed answer (step {} · {}).";
    LEAVES_PHONE = "好了好了,先这样吧,我挂了。", "All right, let's leave it there. Goodbye.";
    LEAVES_COMPLAINT = "算了,跟你说不清楚,我找你们领导去!", "Forget it, I'll take this to your manager!";
    LEAVES_COUNTER = "算了,这业务我改天再来办吧。", "Forget it, I'll come back another day.";
    LEAVES_OTHER = "算了,我再考虑考虑吧,先走了。", "Never mind, I'll think it over. Goodbye.";
    AGAIN_PROMPT = "这次练习结束了。接下来?", "This run is over. What next?";
    AGAIN_SAME = "再练一次这个场景", "Practise this scenario again";
    AGAIN_NEXT = "练习推荐场景:{}", "Practise the recommended scenario: {}";
    AGAIN_DONE = "结束", "Done";
    AGAIN_HOME = "返回主菜单", "Back to the menu";
    SESSION_SUMMARY = "练习小结", "Summary";
    SESSION_COL_STEP = "步骤", "Step";
    SESSION_COL_SCORE = "得分", "Score";
    SESSION_COL_MISSING = "缺少 / 禁用语", "Missing / banned";
    GAP_QUESTION = "没有用提问", "not a question";
    GAP_TOO_LONG = "回答太长", "too long";
    NEW_BAD_ID = "`{}` 不是有效的场景 id(只能用小写字母 a-z、数字和 -)", "`{}` is not a valid scenario id (use only a-z, 0-9 and -)";
    NEW_WRITTEN = "已写入 {};修改后用 rehearse check 检查", "wrote {}; edit it, then run rehearse check on it";
    CONCEPTS_UNKNOWN = "词库中没有概念 `{}`(现有: {})", "no concept `{}` in the lexicon (known: {})";
    CONCEPTS_PHRASES = "短语", "phrases";
    CONCEPTS_EXCEPT = "例外", "except";
    CONCEPTS_NEGATED = "否定说法(如“不保证”)不算违规", "negated forms (e.g. 不保证) are not hits";
    CONCEPTS_SOURCE = "出处", "source";
    CONCEPTS_FILES = "定义于", "defined in";
    SCORE_UNKNOWN_STEP = "没有步骤 `{}`(场景 {} 的步骤: {})", "no step `{}` (steps of {}: {})";
}
