//! The command line in Chinese: the help text of every command and option, the
//! headings clap prints, and clap's errors introduced in the user's language. The
//! English help is the doc comments in `cli.rs`.

use super::T;

catalogue! {
    CLI_ABOUT = "银行网点服务话术陪练:模拟客户说话,学员回答,逐句打分并说明原因", "Role-play trainer for bank and brokerage branch staff";
    CLI_AFTER = "退出码:0 通过/一切正常,1 未通过/示例有问题,2 输入无法使用,3 无法连接数据中心(练习留在本机排队),130 中途退出(不记录)。", "Exit status: 0 passed / all well, 1 not passed / examples misbehave, 2 unusable input, 3 hub unreachable (runs stay queued), 130 interrupted.";
    CLI_USAGE = "用法", "Usage";
    CLI_COMMANDS = "命令", "Commands";
    CLI_OPTIONS = "选项", "Options";
    CLI_ARGUMENTS = "参数", "Arguments";
    CLI_ERROR = "命令行有误(详情如下)", "the command line is not right (details below)";
    CLI_HELP = "显示帮助", "Print help";
    CLI_VERSION = "显示版本", "Print version";
    MAN_DESCRIPTION = "rehearse 是银行和证券营业网点员工的服务话术陪练工具。模拟客户说话,学员输入回答,每句回答都按场景中必须说和绝不能说的短语打分,并说明原因;每次练完都按学员记录,以便跟踪进度、推荐下一个场景。场景是培训人员根据服务手册写的 YAML 文件(rehearse new 写骨架,rehearse check 检查);内置一套场景库,不带参数运行时在终端上打开主菜单。", "rehearse is a role-play trainer for bank and brokerage branch staff. A simulated customer speaks, the trainee types an answer, and every answer is scored against the phrases the scenario says it must contain and must never contain, with feedback that says why; every finished run is recorded per trainee, so progress can be followed and the next scenario recommended. Scenarios are YAML files written by trainers from the service manuals (rehearse new writes a skeleton, rehearse check validates one); a library of them is built in. Without a command, on a terminal, rehearse opens its home menu.";
    MAN_EXIT = "退出码", "EXIT STATUS";
    MAN_ENVIRONMENT = "环境变量", "ENVIRONMENT";
    MAN_FILES = "文件", "FILES";
    MAN_SEE_ALSO = "另见", "SEE ALSO";
    MAN_WRITTEN = "已写入 {} 个手册页到 {}", "wrote {} manual pages to {}";
}

/// A term of a manual page section and what it means.
pub type ManItem = (&'static str, T);

/// The manual page's exit status section.
pub const MAN_EXIT_CODES: &[ManItem] = &[
    (
        "0",
        T {
            zh: "通过,或一切检查无误",
            en: "passed, or everything checked out",
        },
    ),
    (
        "1",
        T {
            zh: "完成但未通过;check 中有示例不符(加 --strict 时警告也算);grade 中有对话未通过",
            en: "completed but not passed; some examples misbehave in check (warnings too, with --strict); some conversation failed in grade",
        },
    ),
    (
        "2",
        T {
            zh: "输入无法使用:场景无效(file:line:column: 说明)、未知 id、答案文件不可读或太短、学习记录数据库不可用、要写的文件已存在或只读、命令行有误",
            en: "the input could not be used: an invalid scenario (file:line:column: message), an unknown id, an unreadable or short answers file, an unusable progress database, a file to write that exists or is read-only, a bad command line",
        },
    ),
    (
        "3",
        T {
            zh: "sync:无法连接总行数据中心;练习都留在本机排队,一条也没有丢失",
            en: "sync: the head office's hub could not be reached; every run stays queued here, nothing was lost",
        },
    ),
    (
        "130",
        T {
            zh: "中途退出(Esc、Ctrl-C),什么也没有记录",
            en: "interrupted (Esc, Ctrl-C); nothing was recorded",
        },
    ),
];

/// The manual page's environment section.
pub const MAN_ENV: &[ManItem] = &[
    (
        "REHEARSE_DB",
        T {
            zh: "学习记录数据库文件,同 --db",
            en: "the progress database file, as --db",
        },
    ),
    (
        "REHEARSE_TRAINEE",
        T {
            zh: "学员姓名,同 --trainee",
            en: "who is training, as --trainee",
        },
    ),
    (
        "REHEARSE_HUB",
        T {
            zh: "总行数据中心的 PostgreSQL 连接串(sync、export、hub 用;优先于 config.yaml 的 hub)",
            en: "the head office hub's PostgreSQL connection string (sync, export, hub; overrides hub in config.yaml)",
        },
    ),
    (
        "REHEARSE_BRANCH",
        T {
            zh: "本机所属网点的代码(优先于 config.yaml 的 branch)",
            en: "this machine's branch code (overrides branch in config.yaml)",
        },
    ),
    (
        "PGPASSWORD, PGPASSFILE",
        T {
            zh: "连接数据中心的密码,或密码文件(默认 ~/.pgpass),与 libpq 相同",
            en: "the hub password, or the password file (default ~/.pgpass), as libpq reads them",
        },
    ),
    (
        "REHEARSE_CACHE_DIR",
        T {
            zh: "list 的场景摘要缓存放在哪个文件夹(默认 $XDG_CACHE_HOME/rehearse,即 ~/.cache/rehearse)",
            en: "where list keeps its scenario summary cache (default $XDG_CACHE_HOME/rehearse, else ~/.cache/rehearse)",
        },
    ),
    (
        "REHEARSE_NO_CACHE",
        T {
            zh: "为 1 时 list 不读也不写摘要缓存,每个场景文件都重新读",
            en: "when 1, list neither reads nor writes its summary cache and reads every scenario file",
        },
    ),
    (
        "LANG, LC_ALL",
        T {
            zh: "以 zh 开头时用中文提示,否则用英文;--lang 优先",
            en: "messages in Chinese when it starts with zh, in English otherwise; --lang overrides",
        },
    ),
    (
        "NO_COLOR",
        T {
            zh: "设置且不为空时不用颜色",
            en: "no colour when set and not empty",
        },
    ),
];

/// The manual page's files section.
pub const MAN_PATHS: &[ManItem] = &[
    (
        "~/.local/share/rehearse/progress.db",
        T {
            zh: "学习记录数据库(默认位置)",
            en: "the progress database (default place)",
        },
    ),
    (
        "~/.config/rehearse/config.yaml",
        T {
            zh: "记住的学员姓名;网点代码和名称、工号、数据中心地址(不含密码)",
            en: "the remembered trainee name; the branch code and name, employee numbers, the hub's address (no password)",
        },
    ),
    (
        "./scenarios",
        T {
            zh: "按 id 查找场景时先找这里(递归),再找内置场景库;其中的 lexicon.yaml 扩充词库",
            en: "scenarios looked up by id here first (recursively), then in the built-in library; lexicon.yaml files here extend the lexicon",
        },
    ),
];

/// Chinese help for options, by clap id.
pub type ArgsHelp = &'static [(&'static str, &'static str)];

/// Chinese help for each subcommand and its options, by clap id.
pub const SUBCOMMANDS: &[(&str, &str, ArgsHelp)] = &[
    (
        "run",
        "练习一个场景:在终端上交互练习,或用答案文件自动作答",
        &[
            (
                "scenario",
                "场景文件,或 ./scenarios 与内置场景库中的场景 id",
            ),
            (
                "answers",
                "答案文件:YAML 字符串列表,按对话经过的步骤顺序使用",
            ),
            ("seed", "客户话术变体的随机种子(不写则随机,报告中总会给出)"),
            ("json", "在标准输出打印一个 JSON 对象"),
            ("no_record", "不把这次练习记入学习记录"),
        ],
    ),
    (
        "check",
        "检查场景文件的格式,并运行其中的自测示例",
        &[
            ("paths", "场景文件或文件夹(递归查找 .yaml/.yml)"),
            ("strict", "把警告也当作问题(退出码 1)"),
            (
                "format",
                "输出格式:逐行文本,或供编辑器和 CI 使用的一个 JSON 对象",
            ),
        ],
    ),
    (
        "list",
        "列出可用场景,以及本学员的最佳得分和练习次数",
        &[
            ("skill", "只列出该技能的场景"),
            ("json", "打印 JSON 而不是表格"),
        ],
    ),
    (
        "progress",
        "学员各技能的进度,以及推荐的下一个场景",
        &[
            ("json", "打印 JSON 而不是报告"),
            (
                "report",
                "另写一份进度报告:.md、.csv 或 .html(含得分变化图)",
            ),
        ],
    ),
    (
        "history",
        "已完成的练习及每一步的回答",
        &[
            ("scenario", "只列出该场景的练习"),
            ("json", "打印 JSON 而不是报告"),
        ],
    ),
    (
        "new",
        "写一个带中文注释的新场景骨架",
        &[
            (
                "id",
                "新场景的 id(只用 a-z、0-9 和 -);文件为 <DIR>/<技能>/<id>.yaml",
            ),
            (
                "skill",
                "技能:spin、fab、objection、closing、phone、counter、complaint、compliance",
            ),
            ("dir", "场景库文件夹(默认 ./scenarios)"),
        ],
    ),
    (
        "schema",
        "打印场景格式 v1 的 JSON Schema(供编辑器的 YAML 插件自动补全)",
        &[],
    ),
    (
        "score",
        "给一个步骤的一句回答打分,方便调整短语",
        &[
            ("scenario", "场景文件或 id"),
            ("step", "步骤 id"),
            ("answer", "要打分的回答"),
            ("json", "打印该步骤的 JSON 对象,与 run --json 中的一致"),
        ],
    ),
    (
        "concepts",
        "词库中的概念(内置词库,加上 ./scenarios/lexicon.yaml)及其短语",
        &[
            ("name", "只看一个概念的全部内容:说明、出处、每个短语和例外"),
            ("json", "以 JSON 打印"),
        ],
    ),
    (
        "meeting",
        "主持每周情景演练会:几位学员轮流练同一个场景",
        &[
            ("scenario", "场景文件或 id"),
            (
                "trainees",
                "学员,按轮次顺序,用逗号分隔:张三,李四,王五(默认:--answers 中的姓名)",
            ),
            ("seed", "所有学员共用的随机种子,保证听到同样的客户话术"),
            ("answers", "不在终端上时:姓名=文件 给出该学员的答案(可重复)"),
            ("report", "写会议报告:.md 纪要、.csv 表格或 .html 网页"),
            ("json", "以 JSON 打印会议结果"),
            (
                "rounds",
                "在终端上逐句轮流:每句客户话术先让每位学员依次回答,大家讨论后再进行下一句",
            ),
            (
                "branch",
                "举行会议的网点,写入报告(默认:配置文件中的 branch)",
            ),
            (
                "facilitator",
                "会议主持人,写入报告(默认:配置文件中的 facilitator)",
            ),
        ],
    ),
    (
        "report",
        "根据记录生成会议或学员报告(不重新演练)",
        &[
            (
                "meeting",
                "会议编号(如 2026-11-23-1);不给出时为学员报告(--trainee)",
            ),
            (
                "out",
                "写入此文件:按扩展名为 .md、.csv 或 .html(默认:Markdown 输出到标准输出)",
            ),
            (
                "branch",
                "网点(会议报告;默认:会议记录中的,否则配置文件中的)",
            ),
            ("facilitator", "主持人(默认:会议记录中的,否则配置文件中的)"),
        ],
    ),
    (
        "harvest",
        "把会议中选出的回答加入场景的本网点优秀话术(原地修改)",
        &[
            ("file", "要加入示例的场景文件"),
            ("meeting", "会议编号"),
            ("dry_run", "只显示改动(diff),不写文件"),
            (
                "pick",
                "只保留该学员的回答(姓名),或其某一步的回答(姓名:步骤);可重复。默认:在终端上勾选,否则取全部通过的回答",
            ),
        ],
    ),
    (
        "grade",
        "按场景的短语规则批量检查真实对话记录(JSON Lines 或 CSV)",
        &[
            (
                "rules",
                "规则文件(banned、required、conversation)或场景文件",
            ),
            (
                "inputs",
                "对话记录:.jsonl / .csv 文件(.gz 自动解压),- 表示标准输入",
            ),
            ("out", "把逐条结果(JSON Lines)写到这个文件而不是标准输出"),
            ("json", "在标准错误上以 JSON 打印汇总"),
            ("strict", "遇到第一行格式错误就停止"),
            ("threads", "工作线程数(默认:全部 CPU 核)"),
        ],
    ),
    (
        "completions",
        "打印命令行补全脚本:bash、zsh、fish、powershell 或 elvish",
        &[("shell", "为哪种 shell 生成")],
    ),
    (
        "man",
        "打印手册页(roff 格式),或把每个命令的手册页写进一个文件夹",
        &[(
            "dir",
            "把 rehearse.1 和每个命令的手册页(rehearse-run.1 等)写进这个文件夹",
        )],
    ),
    (
        "sync",
        "把还没上传到总行数据中心(REHEARSE_HUB)的练习和会议全部上传",
        &[
            ("batch", "每个数据库事务上传的练习条数"),
            ("json", "以 JSON 打印结果"),
        ],
    ),
    (
        "export",
        "把还没上传的练习写成一个数据包文件,供不联网的网点带到总行导入",
        &[
            ("out", "要写的数据包文件"),
            ("all", "也包括已写进以前数据包、但总行尚未确认的练习"),
        ],
    ),
    ("hub", "总行数据中心:建库、导入网点数据包、全行报表", &[]),
];

/// Chinese help for the `hub` subcommands, by name.
pub const HUB_SUBCOMMANDS: &[(&str, &str, ArgsHelp)] = &[
    (
        "init",
        "创建或升级数据中心的库结构,并为每个网点建立登录角色",
        &[(
            "branches",
            "为该网点代码建立登录角色 rehearse_branch_<代码>(可重复)",
        )],
    ),
    (
        "import",
        "导入网点导出的数据包(校验不通过则一条也不导入)",
        &[
            ("bundle", "rehearse export 写出的数据包文件"),
            ("json", "以 JSON 打印结果"),
        ],
    ),
    (
        "report",
        "按网点和技能的通过率、最常遗漏的要点、最常说出的禁用语、久未练习的学员、召开的演练会",
        &[
            ("branch", "只看这个网点(网点代码)"),
            ("skill", "只看这个技能"),
            (
                "since",
                "只看此日期(2026-11-01 或 RFC 3339 时间)以后完成的练习",
            ),
            ("idle_weeks", "列出最近一次练习早于这么多周的学员"),
            ("top", "最常遗漏的要点和禁用语各列出几条"),
            ("json", "打印 JSON 而不是报告"),
            ("report", "另写一份报告:.md、.csv 或 .html(含图表)"),
        ],
    ),
];

/// Chinese help for the global options, by clap id.
pub const GLOBAL: &[(&str, &str)] = &[
    ("lang", "菜单、反馈和提示信息的语言(默认按 LANG / LC_ALL)"),
    ("db", "学习记录数据库文件(默认在用户数据目录)"),
    (
        "trainee",
        "学员姓名(默认 REHEARSE_TRAINEE,否则询问一次并记住)",
    ),
];
