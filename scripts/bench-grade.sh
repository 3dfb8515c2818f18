#!/usr/bin/env bash
# Benchmark of `rehearse grade` (README figures): generates a reproducible corpus of
# branch service dialogue (seeded; the manuals' phrases from shared/source-material,
# with Traditional and full-width noise) as JSON Lines, a rules file of 200 banned
# phrases plus required and conversation rules, then times, side by side:
#   rehearse grade --rules rules.yaml corpus.jsonl
#   rg -c -F -f phrases.txt corpus.jsonl        (the 200 banned phrases, raw text)
#   python3 scripts/grade.py (same rules, same normalisation, same output)
# and prints throughput, peak memory (largest resident set) and the ratios against the
# targets: rehearse >= 0.5x ripgrep, >= 20x Python, peak memory < 64 MB.
# Then, on three more corpora of the same size (scripts/grade-corpora.py: everyday
# Simplified text with 10 banned phrases and 5% of lines hit; the same with 30%
# Traditional sentences and full-width tokens; mostly English text), and on the first,
# it runs rehearse and ripgrep alternately, best of 3, and prints each ratio.
#
# Usage: scripts/bench-grade.sh [--size 1GB|20MB|...] [--dir DIR] [--python-max 64MB]
# The Python grader is slow: it is timed on the first --python-max of the corpus
# (the whole corpus when smaller) and compared by throughput.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=1GB
DIR=target/bench-grade
PYMAX=64MB
while [ $# -gt 0 ]; do
    case "$1" in
        --size) SIZE=$2; shift 2 ;;
        --dir) DIR=$2; shift 2 ;;
        --python-max) PYMAX=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "bench-grade.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

bytes() {
    local n=${1%[KMG]B} unit=${1: -2}
    case "$unit" in
        KB) echo $((n * 1000)) ;;
        MB) echo $((n * 1000 * 1000)) ;;
        GB) echo $((n * 1000 * 1000 * 1000)) ;;
        *) echo "$1" ;;
    esac
}
TARGET=$(bytes "$SIZE")
PYTARGET=$(bytes "$PYMAX")

need_apt() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && apt-get install -y -qq "$@" >/dev/null
    else
        echo "bench-grade.sh: please install $* (e.g. sudo apt-get install $*)" >&2
        exit 1
    fi
}
command -v rg >/dev/null 2>&1 || need_apt ripgrep

mkdir -p "$DIR"
PY="$DIR/py"
if ! PYTHONPATH="$PY" python3 -c 'import opencc, yaml' 2>/dev/null; then
    echo "installing the Python grader's packages (opencc, PyYAML) into $PY" >&2
    python3 -m pip install --quiet --disable-pip-version-check --target "$PY" opencc PyYAML
fi
export PYTHONPATH="$PY"

CORPUS="$DIR/corpus-$SIZE.jsonl"
if [ ! -s "$CORPUS" ]; then
    echo "generating $CORPUS ($SIZE, seed 42)" >&2
    python3 - "$CORPUS" "$TARGET" "$DIR" <<'PYGEN'
import json, random, sys
import opencc

out_path, target, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(42)
s2t = opencc.OpenCC("s2t.json")

# The manuals' phrases (shared/source-material/DIGEST.md).
GREET = ["您好,请问有什么我可以帮忙的吗?", "请问,您需要办理什么业务?", "您好,{bank}{branch},我是客户服务经理{staff}。",
         "您好,欢迎光临,请问有什么可以帮您?", "{name},您好,请这边坐。"]
SERVE = ["请稍候,我很快为您办好。", "请您出示身份证件和银行卡。", "对不起,根据规定办理这项业务需要提供户口本,请补充资料。",
         "您的业务已办好,请收好证件和资料。", "对不起,我没有听清楚,请您重复一遍好吗?", "对不起,耽误您的时间了。",
         "这是客户手册和服务卡,有什么不清楚、不明白的请随时联系我们。", "我理解您的感受,让我来帮助您。",
         "我会尽全力,{minutes}分钟后给您回电。", "{name},如果您在我行的季均资产{amount}元以上,我可以帮您申请快捷理财服务,每月可以有两次免费跨行取款。",
         "手机银行可以让您随时随地转账汇款,还能查询余额、还信用卡、购买理财产品。",
         "这款理财产品的风险等级是{risk},不保证收益,过往业绩不代表未来表现。",
         "6个月期年化{rate}%,是定期存款的{times}倍。", "根据监管要求,我们需要对您进行风险承受能力评估。",
         "{name},您看周三还是周五方便来网点面谈?", "股市有风险,投资需谨慎。", "我们会在三个工作日内给您答复。",
         "非常抱歉给您带来不便,我们马上为您处理。", "您的定期存款{amount}元将于下个月到期,需要为您办理自动转存吗?",
         "谢谢您对我们的关注。此事您可致电我行新闻宣传部门了解情况。"]
CLOSE = ["请慢走,再见!", "感谢您的来电,谢谢!", "欢迎您再来!", "谢谢您,{name},再见。", "如有任何问题,请拨打我们的电话{phone}。"]
CUSTOMER = ["喂,哪位?", "我想取点钱。", "你们的服务费太高了。", "每次取钱都要跑挺远,附近的自助银行不是你们行的。",
            "这个的销售期限是什么时候?", "有什么好处?", "我再考虑考虑。", "我要投诉,排队排了一个小时!", "那收益有保障吗?",
            "我想转一笔钱到别的银行买理财。", "卡被吞了怎么办?", "好的,谢谢。", "我没带身份证。", "利率是多少?"]
# Banned: the manuals' own, verbatim, then built from the same kinds of words up to 200.
BANNED = ["喂", "讲话,你是谁", "不知道", "喊什么,不能等一会", "怎么填的,重新填", "没看我正忙着", "着什么急",
          "我解决不了,你找经理去", "刚才和你说过了", "怎么还问", "你有完没完", "门口有公告栏,自己看去", "手续不齐,弄清楚了再来",
          "这是电脑算的", "不信一边自己算去", "你问我,我问谁", "我有什么办法", "又不是我让它坏的", "这是交易所的事",
          "有意见找它去", "快点", "我要下班了", "下班了,不办了", "你管不着", "就这态度", "废话", "讨厌", "我不知道",
          "那不是我的工作", "那不是我的错", "你需要和经理通话", "你马上就要吗", "冷静一点", "我现在很忙",
          "稳赚不赔", "无风险", "高收益", "保本保息", "绝对安全", "肯定涨"]
SUBJ = ["这事", "这个业务", "理财", "挂失", "转账", "开户", "汇款", "销户", "贷款", "信用卡"]
TAIL = ["不归我管", "你自己去问", "没法办", "别来烦我", "跟我没关系", "找别人去", "明天再说", "自己看说明",
        "你听不懂吗", "规定就是这样", "我也没办法", "爱办不办", "排队去", "没空管", "等着吧", "不是我负责的"]
for s in SUBJ:
    for t in TAIL:
        if len(BANNED) < 200:
            BANNED.append(s + t)
assert len(BANNED) == 200
NAMES = ["李先生", "王女士", "张阿姨", "陈总", "刘先生", "赵小姐"]
BANKS = ["交通银行", "交行", "中国银河证券"]

# Chinese punctuation in the dialogue; the noise turns some of it back to ASCII.
WIDE = str.maketrans({",": "，", "?": "？", "!": "！"})
GREET, SERVE, CLOSE, CUSTOMER = ([s.translate(WIDE) for s in pool] for pool in (GREET, SERVE, CLOSE, CUSTOMER))
FULL = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz%"}

def fill(s, name):
    return s.format(name=name, bank=rng.choice(BANKS), branch="营业部", staff=rng.choice(["小王", "小李", "小周"]),
                    minutes=rng.randint(5, 30), amount=rng.choice([10000, 50000, 200000]), risk=f"R{rng.randint(1, 5)}",
                    rate=f"{rng.randint(200, 420) / 100:.2f}", times=f"{rng.randint(120, 230) / 100:.2f}",
                    phone=f"95{rng.randint(100, 999)}")

def noise(s):
    r = rng.random()
    if r < 0.25:
        s = s2t.convert(s)                      # Traditional
    if rng.random() < 0.2:
        s = "".join(FULL.get(c, c) for c in s)  # full-width letters and digits
    if rng.random() < 0.3:
        s = s.replace("，", ",").replace("？", "?").replace("！", "!")  # ASCII punctuation
    return s

def agent(name):
    if rng.random() < 0.03:
        return fill(rng.choice(SERVE), name) + rng.choice(BANNED) + "。"
    return fill(rng.choice(SERVE), name)

n = 0
written = 0
with open(out_path, "w", encoding="utf-8") as out:
    while written < target:
        name = rng.choice(NAMES)
        turns = [("customer", rng.choice(CUSTOMER)), ("agent", fill(rng.choice(GREET), name))]
        for _ in range(rng.randint(3, 8)):
            turns.append(("customer", rng.choice(CUSTOMER)))
            turns.append(("agent", agent(name)))
        turns.append(("agent", fill(rng.choice(CLOSE), name)))
        turns = [(role, noise(t)) for role, t in turns]
        if rng.random() < 0.3:
            obj = {"id": f"c{n}", "text": "\n".join(t for r, t in turns if r == "agent")}
        else:
            obj = {"id": f"c{n}", "turns": [{"role": r, "text": t} for r, t in turns]}
        line = json.dumps(obj, ensure_ascii=False) + "\n"
        out.write(line)
        written += len(line.encode("utf-8"))
        n += 1

with open(f"{folder}/phrases.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(BANNED) + "\n")
with open(f"{folder}/rules.yaml", "w", encoding="utf-8") as f:
    f.write("banned:\n")
    for b in BANNED:
        if b == "无风险":
            f.write(f"  - phrase: {json.dumps(b, ensure_ascii=False)}\n    except: [不是无风险]\n")
        else:
            f.write(f"  - {json.dumps(b, ensure_ascii=False)}\n")
    f.write("required:\n  - 您好\n  - any: [谢谢, 感谢]\n    label: 致谢\n")
    f.write("conversation:\n  - mentions: [李先生, 王女士, 张阿姨, 陈总, 刘先生, 赵小姐]\n    at_least: 2\n")
print(f"{n} conversations, {written} bytes", file=sys.stderr)
PYGEN
fi
[ -s "$DIR/rules.yaml" ] && [ -s "$DIR/phrases.txt" ] || { rm -f "$CORPUS"; echo "rules missing; run again" >&2; exit 1; }

cargo build --release --quiet
BIN=target/release/rehearse
SIZE_BYTES=$(stat -c %s "$CORPUS")

SAMPLE="$CORPUS"
if [ "$SIZE_BYTES" -gt "$PYTARGET" ]; then
    SAMPLE="$DIR/python-sample.jsonl"
    head -c "$PYTARGET" "$CORPUS" | sed '$d' > "$SAMPLE"
fi
SAMPLE_BYTES=$(stat -c %s "$SAMPLE")

# Runs a command with its output sent to $OUT (default: discarded); prints
# "seconds peak_kb". The time is the wall time from start to exit, to the
# microsecond (GNU time's %e has hundredths, a tenth of what separates the tools on
# a 300 MB corpus); the peak is the command's largest resident set (see
# scripts/measure.py for its floor).
measure() {
    local s kb code
    read -r s kb code < <(python3 scripts/measure.py "${OUT:-/dev/null}" "$DIR/stderr.txt" -- "$@")
    if [ -z "${code:-}" ] || [ "$code" -gt 1 ] || [ "$code" -lt 0 ]; then
        echo "bench-grade.sh: '$*' exited ${code:-?}:" >&2
        tail -5 "$DIR/stderr.txt" >&2
        exit 1
    fi
    echo "$s $kb"
}

echo "corpus: $CORPUS ($SIZE_BYTES bytes); 200 banned phrases; $(nproc) cores" >&2
# Warm the page cache so no tool pays for the first read.
cat "$CORPUS" >/dev/null
read -r R_S R_KB < <(measure "$BIN" grade --rules "$DIR/rules.yaml" "$CORPUS")
read -r G_S G_KB < <(measure rg -c -F -f "$DIR/phrases.txt" "$CORPUS")
read -r P_S P_KB < <(OUT="$DIR/python.jsonl" measure python3 scripts/grade.py --rules "$DIR/rules.yaml" "$SAMPLE")

# The two graders must agree, conversation by conversation, on the Python sample.
"$BIN" grade --rules "$DIR/rules.yaml" "$SAMPLE" >"$DIR/rehearse.jsonl" 2>/dev/null || true
python3 - "$DIR/rehearse.jsonl" "$DIR/python.jsonl" <<'PYCMP'
import json, sys
with open(sys.argv[1], encoding="utf-8") as a, open(sys.argv[2], encoding="utf-8") as b:
    r = [json.loads(l) for l in a]
    p = [json.loads(l) for l in b]
differ = sum(x != y for x, y in zip(r, p)) + abs(len(r) - len(p))
print(f"agreement with the Python grader: {len(p)} conversations compared, {differ} differ")
sys.exit(1 if differ else 0)
PYCMP

python3 - "$SIZE_BYTES" "$SAMPLE_BYTES" "$R_S" "$R_KB" "$G_S" "$G_KB" "$P_S" "$P_KB" <<'PYREPORT'
import sys
size, sample = int(sys.argv[1]), int(sys.argv[2])
r_s, r_kb, g_s, g_kb, p_s, p_kb = map(float, sys.argv[3:])
mbps = lambda b, s: b / max(s, 1e-3) / 1e6
rows = [("rehearse grade", size, r_s, r_kb), ("rg -c -F -f", size, g_s, g_kb), ("python grade.py", sample, p_s, p_kb)]
print(f"{'tool':<16} {'bytes':>13} {'seconds':>8} {'MB/s':>8} {'peak MB':>8}")
for name, b, s, kb in rows:
    print(f"{name:<16} {b:>13} {s:>8.3f} {mbps(b, s):>8.1f} {kb / 1024:>8.1f}")
r, g, p = mbps(size, r_s), mbps(size, g_s), mbps(sample, p_s)
ok = lambda c: "ok" if c else "MISSED"
print(f"rehearse / ripgrep throughput: {r / g:.2f}x (target >= 0.5x) {ok(r / g >= 0.5)}")
print(f"rehearse / python throughput:  {r / p:.1f}x (target >= 20x) {ok(r / p >= 20)}")
print(f"rehearse peak memory: {r_kb / 1024:.1f} MB (target < 64 MB) {ok(r_kb / 1024 < 64)}")
PYREPORT

# Best of 3, rehearse and ripgrep alternately; prints "rehearse_s rg_s".
best_of_3() {
    local rules=$1 phrases=$2 corpus=$3 r=999999 g=999999 s kb
    for _ in 1 2 3; do
        read -r s kb < <(measure "$BIN" grade --rules "$rules" "$corpus")
        r=$(python3 -c "print(min($r, $s))")
        read -r s kb < <(measure rg -c -F -f "$phrases" "$corpus")
        g=$(python3 -c "print(min($g, $s))")
    done
    echo "$r $g"
}

echo "rehearse / ripgrep, best of 3 each, run alternately ($(nproc) cores):"
for kind in manuals simplified traditional ascii; do
    if [ "$kind" = manuals ]; then
        rules="$DIR/rules.yaml" phrases="$DIR/phrases.txt" corpus="$CORPUS"
    else
        rules="$DIR/$kind-rules.yaml" phrases="$DIR/$kind-phrases.txt" corpus="$DIR/$kind-$SIZE.jsonl"
        [ -s "$corpus" ] && [ -s "$rules" ] ||
            python3 scripts/grade-corpora.py "$kind" "$corpus" "$TARGET" "$DIR"
        cat "$corpus" >/dev/null
    fi
    read -r R G < <(best_of_3 "$rules" "$phrases" "$corpus")
    python3 -c "print(f'  {\"$kind\":<12} rehearse {$R:.3f} s, rg {$G:.3f} s: {$G / max($R, 1e-3):.2f}x')"
done
