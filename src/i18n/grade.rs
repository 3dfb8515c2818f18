//! Messages of `grade`: rules files, input problems and the batch summary.

use super::T;

catalogue! {
    // Rules files.
    GRADE_RULES_EMPTY = "规则文件为空;至少需要 banned、required 或 conversation 之一", "the rules file is empty; it needs banned, required or conversation";

    // Input problems, each reported as file:line:column and counted.
    GRADE_BAD_JSON = "不是有效的 JSON 对话: {}", "not a valid JSON conversation: {}";
    GRADE_NOT_OBJECT = "应为 JSON 对象,如 {\"id\": …, \"text\": …}", "expected a JSON object such as {\"id\": …, \"text\": …}";
    GRADE_MISSING_FIELD = "缺少 `{}` 字段", "missing field `{}`";
    GRADE_MISSING_TEXT = "缺少 `text` 或 `turns` 字段", "missing field `text` or `turns`";
    GRADE_TEXT_AND_TURNS = "`text` 与 `turns` 只能给出一个", "both `text` and `turns` are given; give one";
    GRADE_BAD_ROLE = "turns[{}].role: `{}` 应为 agent 或 customer", "turns[{}].role: `{}` should be agent or customer";
    GRADE_LINE_TOO_LONG = "行过长(超过 {} 字节),已跳过", "line too long (over {} bytes); skipped";
    GRADE_RECORD_TOO_LONG = "记录过长(超过 {} 字节),已跳过", "record too long (over {} bytes); skipped";
    GRADE_CSV_HEADER_TOO_LONG = "CSV 表头记录过长(超过 {} 字节),无法读取此文件", "CSV header record too long (over {} bytes); the file cannot be read";
    GRADE_CSV_COLUMN = "CSV 表头缺少 `{}` 列(现有: {})", "the CSV header has no `{}` column (columns: {})";
    GRADE_NO_CONVERSATIONS = "没有对话", "no conversations";
    GRADE_READ = "读取失败: {}", "read error: {}";
    GRADE_STDIN_TWICE = "标准输入 `-` 只能给出一次", "standard input `-` can be given only once";
    GRADE_OUT_IS_INPUT = "--out {} 与输入 {} 是同一个文件,不会覆盖它", "--out {} is the same file as the input {}; refusing to overwrite it";
    GRADE_OUT_IS_RULES = "--out {} 与规则文件 {} 是同一个文件,不会覆盖它", "--out {} is the same file as the rules file {}; refusing to overwrite it";
    GRADE_OUT_NOT_WRITTEN = "没有读到任何对话,未写入 {}", "no conversation could be read; {} was not written";
    GRADE_THREADS = "--threads 至少为 1", "--threads must be at least 1";

    // Summary on stderr.
    GRADE_SUMMARY = "已评 {} 段对话: {} 段未通过, {} 处输入问题", "graded {} conversations: {} failed, {} input problems";
    GRADE_SPEED = "读取 {} 字节, 用时 {} 秒, {} MB/秒", "read {} bytes in {} s, {} MB/s";
    GRADE_TOP_BANNED = "最常出现的禁用语:", "most frequent banned phrases:";
    GRADE_TOP_ROW = "  {}: {} 次, {} 段对话", "  {}: {} hits in {} conversations";
    GRADE_MORE_PROBLEMS = "另有 {} 处输入问题未列出", "{} more input problems not shown";
}
