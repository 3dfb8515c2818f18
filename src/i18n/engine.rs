//! Messages of the engine: loading, validation, `check`, `run` reports, errors.

use super::T;

catalogue! {
    // Loading and validation (spec §1).
    FILE_TOO_LARGE = "文件过大({} 字节);{}上限为 {} 字节", "file is too large ({} bytes); {} are limited to {} bytes";
    NOT_REGULAR_FILE = "不是普通文件(可能是命名管道、设备或文件夹)", "not a regular file (a named pipe, a device or a folder)";
    KIND_SCENARIO = "场景文件", "scenario files";
    KIND_ANSWERS = "答案文件", "answers files";
    KIND_RULES = "规则文件", "rules files";
    KIND_LEXICON = "词库文件", "lexicon files";
    KIND_CONFIG = "配置文件", "config files";
    EMPTY_FILE = "文件为空;场景至少需要 id、title、skill 和 steps", "the file is empty; a scenario needs at least id, title, skill and steps";
    SECOND_DOCUMENT = "一个文件只能有一个 YAML 文档;第二个文档从这里开始", "a scenario file holds one YAML document; a second one starts here";
    TOO_DEEP = "嵌套层级过深(超过 {} 层)", "nested too deeply (more than {} levels)";
    TOO_LARGE_EXPANDED = "展开别名(alias)后内容过大(超过 {} 个字符);这里再展开就超限了", "too large once aliases are expanded (more than {} characters); this one goes past the limit";
    CONTROL_CHAR = "不允许出现控制字符 {}", "control character {} is not allowed";
    YAML_TAG = "不支持 YAML 标签 `{}`(rehearse 不使用标签,会被悄悄忽略);请删掉它", "YAML tag `{}` is not supported (rehearse uses no tags and would ignore it silently); remove it";
    NOT_UTF8 = "不是有效的 UTF-8 文本", "not valid UTF-8 text";
    YAML = "{}", "{}";
    YAML_UNKNOWN_FIELD = "未知字段 `{}`(可用字段: {})", "unknown field `{}`, expected one of {}";
    YAML_FIELD_NEAR = ";是不是要写 `{}`?", "; did you mean `{}`?";
    YAML_MISSING_FIELD = "缺少必填字段 `{}`", "missing field `{}`";
    MUST_NOT_BE_EMPTY = "{}: 不能为空", "{}: must not be empty";
    EMPTY_PHRASE = "{}: 短语为空", "{}: empty phrase";
    EMPTY_AFTER_NORMALISING = "{}: 短语去掉空白和标点后为空", "{}: empty phrase once spaces and punctuation are removed";
    BAD_ID = "{}: `{}` 不是有效的 id(只能用小写字母 a-z、数字和 -)", "{}: `{}` is not a valid id (use only a-z, 0-9 and -)";
    UNKNOWN_SKILL = "{}: 未知技能 `{}`,可选: {}", "{}: unknown skill `{}`, expected one of: {}";
    OUT_OF_RANGE = "{}: {} 超出范围 {}..={}", "{}: {} is out of range {}..={}";
    DUPLICATE_STEP = "{}: 步骤 id `{}` 重复(第 {} 行已使用)", "{}: duplicate step id `{}` (already used on line {})";
    RESERVED_STEP = "{}: `end` 是保留字,表示结束对话,不能作步骤 id", "{}: `end` is reserved for ending the conversation and cannot be a step id";
    UNKNOWN_STEP = "{}: 没有 id 为 `{}` 的步骤(现有步骤: {};或写 end)", "{}: no step with id `{}` (steps: {}; or `end`)";
    UNKNOWN_CONCEPT = "{}: 词库中没有概念 `{}`(现有: {})", "{}: no concept `{}` in the lexicon (known: {})";
    PHRASE_OR_CONCEPT = "{}: 需要 phrase 或 concept 其中之一", "{}: needs exactly one of `phrase` and `concept`";
    LINT_MODEL_FAILS = "{}: 参考答案没有通过本步骤: {}", "{}: the model answer fails its own step: {}";
    NO_STEPS = "{}: 至少需要一个步骤", "{}: at least one step is needed";
    DUPLICATE_SCENARIO = "场景 id `{}` 重复(另见 {})", "duplicate scenario id `{}` (also in {})";
    EXAMPLE_SHOULD_PASS = "{}: 合格示例未通过: {}", "{}: pass example fails: {}";
    EXAMPLE_SHOULD_FAIL = "{}: 不合格示例竟然通过", "{}: fail example passes";
    WARNING = "警告: {}", "warning: {}";
    LINT_UNREACHABLE = "{}: 步骤 `{}` 无法到达", "{}: step `{}` is never reached";
    LINT_NO_MODEL = "{}: 没有 model_answer", "{}: no model_answer";
    LINT_REQUIRED_AND_BANNED = "{}: `{}` 既是必说短语又是禁用语", "{}: `{}` is both required and banned";
    LINT_DUPLICATE = "{}: `{}` 规范化后与前面的短语重复", "{}: `{}` repeats an earlier phrase once normalised";
    LINT_EXCEPT = "{}: `{}` 不包含 `{}`,永远不会生效", "{}: `{}` does not contain `{}`, so it never applies";
    LINT_ONLY_LENGTH = "{}: 只因超长而不合格;请给出一个漏掉其他检查项的不合格示例", "{}: fails only because it is too long; show a fail example that misses a check";
    CHECK_SUMMARY_WARNINGS = "检查了 {} 个文件: {} 个无效, 示例问题 {} 个, 警告 {} 个", "checked {} files: {} invalid, {} example problems, {} warnings";
    CHECK_SUMMARY = "检查了 {} 个文件: {} 个无效, 示例问题 {} 个", "checked {} files: {} invalid, {} example problems";
    CHECK_NO_FILES = "{}: 没有找到场景文件(.yaml/.yml)", "{}: no scenario files (.yaml/.yml) found";

    // Answers files (spec §5).
    ANSWERS_NOT_LIST = "答案文件应为字符串列表: {}", "the answers file must be a YAML list of strings: {}";
    ANSWERS_SHORT = "{}: 步骤 `{}` 没有答案(对话中的第 {} 个答案)", "{}: no answer for step `{}` (answer {} of the conversation)";
    ANSWERS_EXTRA = "警告: {}: 多出的 {} 个答案未使用", "warning: {}: {} extra answers were not used";
    DID_YOU_MEAN = "是不是要找:", "did you mean:";
    UNKNOWN_SCENARIO = "找不到 id 为 `{}` 的场景(已查找 ./scenarios 和内置场景库)", "no scenario with id `{}` in ./scenarios or the built-in library";

    // Run report (spec §5, human-readable).
    REPORT_SCENARIO = "场景", "Scenario";
    REPORT_SEED = "随机种子", "Seed";
    REPORT_SCORE = "得分", "Score";
    REPORT_PASSED = "通过", "PASSED";
    REPORT_FAILED = "未通过", "NOT PASSED";
    REPORT_NEED = "及格线 {}", "pass mark {}";
    REPORT_STEP = "步骤", "Step";
    REPORT_CUSTOMER = "客户", "Customer";
    REPORT_ANSWER = "回答", "Answer";
    REPORT_MET = "做到", "met";
    REPORT_MISSING = "缺少", "missing";
    REPORT_BANNED = "禁用语", "banned";
    REPORT_WAYS = "可以这样说: {}", "ways to say it: {}";
    REPORT_QUESTION = "以提问的方式回答", "answered with a question";
    REPORT_NOT_QUESTION = "应以提问的方式回答", "the answer must be a question";
    REPORT_MAX_CHARS = "回答过长: {} 字,上限 {} 字", "too long: {} characters, at most {}";
    REPORT_WALKED_OUT = "客户失去耐心,离开了", "The customer lost patience and walked out";
    REPORT_VISIT_LIMIT = "同一步骤已练习三次,对话结束", "A step was reached a fourth time; the conversation ends";
    REPORT_CONVERSATION = "整场对话", "Whole conversation";
    REPORT_MENTIONS = "提到 {} 共 {} 次,至少需要 {} 次", "{} mentioned {} of at least {} times";
    REPORT_MODEL = "参考答案", "Model answer";
    REPORT_BEST = "本网点优秀话术", "Branch's best answer";
    REPORT_HINT = "提示", "Hint";

    // Errors.
    IO = "{}: {}", "{}: {}";
    STORE = "{}: 学习记录数据库: {}", "{}: progress database: {}";
    EXISTS = "{} 已存在,不会覆盖", "{} already exists; it was not overwritten";
    READ_ONLY = "{}: 文件只读(权限不允许写入),未做任何改动", "{}: the file is read-only (its permissions do not allow writing); nothing was changed";
    EDIT_INCOMPLETE = "{}: 写入中途失败({}),完整的新内容保存在 {}", "{}: writing failed partway ({}); the complete new text is in {}";
    INTERRUPTED = "练习已中止,本次未记录", "session ended; nothing was recorded";
}
