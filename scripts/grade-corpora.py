#!/usr/bin/env python3
"""Seeded corpora for scripts/bench-grade.sh, one kind at a time:

  simplified   everyday Simplified dialogue, 10 banned phrases, about 5% of lines hit
  traditional  the same with about 30% of sentences in Traditional characters and
               full-width letters and digits in some tokens
  ascii        mostly English text with a few Chinese phrases

Usage: grade-corpora.py KIND OUT.jsonl SIZE_BYTES FOLDER
Writes OUT.jsonl, and FOLDER/KIND-rules.yaml and FOLDER/KIND-phrases.txt (the banned
phrases, for ripgrep). Needs the opencc Python package for `traditional`.
"""
import json
import random
import sys

kind, out_path, target, folder = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rng = random.Random(7)

BANNED = ["保本保息", "稳赚不赔", "绝对安全", "无风险", "肯定涨", "你有完没完", "爱办不办",
          "我解决不了", "跟我没关系", "自己看去"]
# Everyday dialogue with none of the banned phrases' chars.
WORDS = ["今天", "天气", "很好", "我们", "可以", "一起", "去", "吃饭", "明天", "上午", "下午", "见面",
         "请", "坐", "这边", "谢谢", "您", "的", "是", "在", "有", "没", "这个", "那个", "时候", "已经",
         "办好", "了", "手续", "卡", "存款", "到期", "利率", "多少", "网点", "周末", "开门", "排队",
         "时间", "不长", "工作日", "电话", "号码", "地址", "路口", "左边", "右边", "楼上", "楼下",
         "先生", "女士", "小姐", "阿姨", "孩子", "学校", "上学", "回家", "晚饭", "超市", "买菜",
         "便宜", "价格", "合适", "东西", "质量", "不错", "喜欢", "颜色", "大小", "衣服", "鞋子"]
PUNCT = ["，", "。", "？", "！", ",", " "]
ENGLISH = ["the", "account", "statement", "is", "ready", "please", "sign", "here", "thank", "you",
           "card", "branch", "opens", "at", "nine", "on", "weekdays", "transfer", "fee", "was",
           "waived", "for", "this", "month", "balance", "interest", "rate", "deposit", "online",
           "banking", "password", "reset", "customer", "service", "queue", "number", "call"]
CHINESE_IN_ENGLISH = ["您好", "谢谢", "理财产品", "定期存款"]
FULL = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}

s2t = None
if kind == "traditional":
    import opencc
    s2t = opencc.OpenCC("s2t.json")


def sentence():
    if kind == "ascii":
        words = [rng.choice(ENGLISH) for _ in range(rng.randint(5, 14))]
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words)), rng.choice(CHINESE_IN_ENGLISH))
        return " ".join(words).capitalize() + rng.choice([".", "?", "!"])
    s = "".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))) + rng.choice(PUNCT)
    if kind == "traditional":
        if rng.random() < 0.3:
            s = s2t.convert(s)
        if rng.random() < 0.2:
            token = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(rng.randint(3, 8)))
            s += "".join(FULL.get(c, c) for c in token)
    return s


def text():
    sentences = [sentence() for _ in range(rng.randint(2, 8))]
    if rng.random() < 0.05:
        hit = rng.choice(BANNED)
        if kind == "traditional" and rng.random() < 0.3:
            hit = s2t.convert(hit)
        sentences.insert(rng.randrange(len(sentences) + 1), hit + "。")
    return "".join(sentences) if kind != "ascii" else " ".join(sentences)


n = written = 0
with open(out_path, "w", encoding="utf-8") as out:
    while written < target:
        if rng.random() < 0.5:
            obj = {"id": f"c{n}", "text": text()}
        else:
            turns = []
            for _ in range(rng.randint(1, 4)):
                turns.append({"role": "customer", "text": text()})
                turns.append({"role": "agent", "text": text()})
            obj = {"id": f"c{n}", "turns": turns}
        line = json.dumps(obj, ensure_ascii=False) + "\n"
        out.write(line)
        written += len(line.encode("utf-8"))
        n += 1

with open(f"{folder}/{kind}-phrases.txt", "w", encoding="utf-8") as f:
    f.write("\n".join(BANNED) + "\n")
with open(f"{folder}/{kind}-rules.yaml", "w", encoding="utf-8") as f:
    f.write("banned:\n")
    for b in BANNED:
        f.write(f"  - {json.dumps(b, ensure_ascii=False)}\n")
print(f"{kind}: {n} conversations, {written} bytes", file=sys.stderr)
