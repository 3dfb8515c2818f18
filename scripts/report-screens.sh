#!/usr/bin/env bash
# Writes the HTML reports of a small meeting (three trainees, one with a long
# name, one with a long Latin name; the manager's word on one answer) and of a
# trainee with runs on several days, then opens each page in headless Chromium and
# saves a screenshot, to be looked at by eye: names whole on one line, both chart
# axes labelled, dates on the time axis, the projector view in large type, the
# marks of answers given after the model answer or the hint and their legend.
#
#   scripts/report-screens.sh [OUT_DIR]      (default: target/report-screens)
#   REHEARSE_BIN=path/to/rehearse scripts/report-screens.sh   (no build)
#
# Needs chromium (apt-get install chromium fonts-noto-cjk) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-target/report-screens}")
mkdir -p "$out"
# REHEARSE_BIN: a binary already built (default: build target/debug/rehearse).
if [ -n "${REHEARSE_BIN:-}" ]; then
    bin=$(realpath "$REHEARSE_BIN")
else
    cargo build --quiet
    bin=$PWD/target/debug/rehearse
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export REHEARSE_DB=$work/progress.db TZ=${TZ:-Asia/Shanghai} HOME=$work/home \
    XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data NO_COLOR=1
scenario=scenarios/phone/phone-outbound-invite.yaml

# The model answers pass every step; the others stumble.
sed -n 's/^ *model_answer: *\(.*\)$/- "\1"/p' "$scenario" | sed '3d' > "$work/good.yaml"
cat > "$work/poor.yaml" <<'YAML'
- 你好,我是交行的小李
- 王女士您好,我是交通银行客户服务经理李明。
- 王女士,您的定期快到期了,有什么打算吗?
- 那您要用钱吗?
- 您来网点吧。
- 好的,再见。
YAML
cat > "$work/fair.yaml" <<'YAML'
- 王女士您好,我是交通银行客户服务经理李明。
- 王女士,打扰您两分钟。您的定期下周三就到期了,到期后有什么打算吗?
- 明白,王女士,孩子上学是大事。这笔钱什么时候要用呢?
- 王女士,想请您到网点当面聊聊,您看周六上午还是周日下午方便?
- 好的,王女士,周六上午见,谢谢您,再见!
YAML

for lang in zh en; do
    json=$("$bin" --lang "$lang" meeting "$scenario" --seed 1 \
        --answers 张三=$work/good.yaml \
        --answers "欧阳娜娜·阿依古丽=$work/poor.yaml" \
        --answers "Alexandra Konstantinopoulou=$work/fair.yaml" \
        --branch 徐汇支行 --facilitator 周经理 --json || true)
    id=$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
    # The manager's word, as the meeting's review would record it.
    python3 - "$REHEARSE_DB" "$id" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
run = db.execute("SELECT id FROM runs WHERE meeting_id = ? AND trainee LIKE '欧阳%'", (sys.argv[2],)).fetchone()[0]
db.execute("UPDATE steps SET override_score = 60, override_comment = '语气亲切,只是少了问候', picked = 1 WHERE run_id = ? AND position = 0", (run,))
db.commit()
PY
    "$bin" --lang "$lang" report --meeting "$id" --out "$out/meeting-$lang.html"
done

# 张三's earlier runs, on earlier days, so the progress chart has dates to show.
for scenario_id in phone-inbound-greeting counter-busy-window complaint-long-wait; do
    "$bin" --trainee 张三 run "$scenario_id" --seed 2 --answers "$work/poor.yaml" > /dev/null 2>&1 || true
done
python3 - "$REHEARSE_DB" <<'PY'
import sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT id FROM runs WHERE trainee = '张三' ORDER BY id").fetchall()
start = datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.timezone.utc)
for n, (run,) in enumerate(rows):
    at = (start + datetime.timedelta(days=5 * n)).strftime("%Y-%m-%dT%H:%M:%SZ")
    db.execute("UPDATE runs SET started_at = ?, finished_at = ? WHERE id = ?", (at, at, run))
# Help as a session at the terminal records it: the first run answered its first
# step after the model answer, the second its second step after the hint.
db.execute("UPDATE steps SET saw_model = 1 WHERE run_id = ? AND position = 0", (rows[0][0],))
db.execute("UPDATE steps SET saw_hint = 1 WHERE run_id = ? AND position = 1", (rows[1][0],))
db.commit()
PY
for lang in zh en; do
    "$bin" --lang "$lang" --trainee 张三 report --out "$out/trainee-$lang.html"
done

chrome=(chromium --headless --no-sandbox --disable-gpu --disable-background-networking
    --no-first-run --disable-component-update --hide-scrollbars)
shot() { # PAGE PNG WIDTH HEIGHT
    "${chrome[@]}" --window-size="$3,$4" --screenshot="$2" "file://$1" > /dev/null 2>&1
    echo "$2"
}
for lang in zh en; do
    shot "$out/meeting-$lang.html" "$out/meeting-$lang.png" 1280 2400
    shot "$out/meeting-$lang.html#projector" "$out/projector-$lang.png" 1280 1000
    shot "$out/meeting-$lang.html" "$out/meeting-narrow-$lang.png" 480 2400
    shot "$out/trainee-$lang.html" "$out/trainee-$lang.png" 1280 1400
done
