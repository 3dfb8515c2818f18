//! Messages of the progress database: what is wrong with it, and what it was doing.

use super::T;

catalogue! {
    STORE_NOT_A_DATABASE = "不是 rehearse 学习记录数据库(文件不是数据库);未做任何改动", "not a rehearse progress database (file is not a database); it was left untouched";
    STORE_FOREIGN = "这是一个 SQLite 数据库,但不是 rehearse 学习记录数据库(有其他表,没有 `meta` 表);未做任何改动", "a SQLite database, but not a rehearse progress database (it has tables and no `meta` table); it was left untouched";
    STORE_CORRUPT = "数据库已损坏;未做任何改动(请从备份恢复): {}", "the database is corrupt; it was left untouched (restore it from a backup): {}";
    STORE_IS_DIRECTORY = "是文件夹,不是数据库文件", "is a directory, not a database file";
    STORE_READ_ONLY = "无法写入数据库(文件或所在文件夹是只读的)", "cannot write to the database (the file or its directory is read-only)";
    STORE_BUSY = "无法{}: 另一个 rehearse 锁定数据库的时间过长;本次未记录,请重试({})", "cannot {}: another rehearse kept the database locked for too long; nothing was recorded, try again ({})";
    STORE_CANNOT_OPEN = "无法打开文件: {}", "cannot open the file: {}";
    STORE_FAILED = "无法{}: {}", "cannot {}: {}";
    STORE_NEWER = "由更新版本的 rehearse 创建(format_version {};本版本最高只能读取 {});未做任何改动,请升级 rehearse 后再使用", "made by a newer rehearse (format_version {}; this rehearse reads up to {}); it was left untouched, upgrade rehearse to use it";
    STORE_BAD_VERSION = "`meta` 表中的 format_version 无法使用({});未做任何改动", "the `meta` table has an unusable format_version ({}); it was left untouched";
    STORE_VERSION_MISSING = "缺失", "missing";

    // What the store was doing, as in "cannot …".
    STORE_CREATE_FOLDER = "创建文件夹 {}", "create the directory {}";
    STORE_OPEN = "打开数据库", "open the database";
    STORE_SET_BUSY_TIMEOUT = "设置等待锁的时间", "set the busy timeout";
    STORE_ENABLE_FOREIGN_KEYS = "启用外键检查", "enable foreign keys";
    STORE_SWITCH_TO_WAL = "切换到 WAL 模式", "switch to WAL mode";
    STORE_READ_DATABASE = "读取数据库", "read the database";
    STORE_READ_FORMAT_VERSION = "读取格式版本", "read the format version";
    STORE_UPGRADE = "升级数据库格式", "upgrade the database format";
    STORE_RECORD_RUN = "记录本次练习", "record the run";
    STORE_RECORD_MEETING = "记录本次会议", "record the meeting";
    STORE_ENCODE_PHRASES = "编码短语列表", "encode a phrase list";
    STORE_READ_RUNS = "读取练习记录", "read the runs";
    STORE_READ_TRAINEES = "读取学员名单", "read the trainees";
    STORE_READ_MEETING = "读取会议信息", "read the meeting";
    STORE_RECORD_HARVEST = "记录采集的话术", "record the harvest";
    STORE_READ_HARVESTS = "读取话术采集记录", "read the harvests";
    STORE_READ_SCORES = "读取得分", "read the scores";
    STORE_READ_QUEUE = "读取等待上传的练习", "read the runs waiting for the hub";
    STORE_MARK_RUNS = "标记已上传或已导出的练习", "mark the runs sent or exported";
}
