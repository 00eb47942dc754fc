"""Ranking negative-list items against an application's content by weighted character-bigram overlap."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

# Runs of CJK characters, or of Latin letters/digits; punctuation and spaces split the text.
_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")

# Bigrams that occur in almost every request or item and say nothing about the subject.
STOP_BIGRAMS = frozenset(
    ["申请", "请公", "公开", "政府", "府信", "信息", "息公", "相关", "有关", "关于", "提供", "要求", "本人", "我们", "我村", "的信", "的相", "以及", "及其", "事项", "内容", "材料", "文件", "情况", "依法", "不予", "予公", "涉及"]
)

# Field weights: the item's name and keywords say more than its scope text.
FIELD_WEIGHTS = {"name": 3.0, "keywords": 3.0, "scope": 1.0}


def bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of each CJK run (a single character stands alone); words for Latin."""
    grams: list[str] = []
    for run in _RUN.findall(text or ""):
        if run.isascii():
            grams.append(run.lower())
        elif len(run) == 1:
            grams.append(run)
        else:
            grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return [g for g in grams if g not in STOP_BIGRAMS]


def item_vector(fields: Mapping[str, str]) -> Counter:
    """Weighted bigram counts of an item (fields: name, keywords, scope)."""
    vec: Counter = Counter()
    for field, weight in FIELD_WEIGHTS.items():
        for gram in bigrams(fields.get(field) or ""):
            vec[gram] += weight
    return vec


def rank(text: str, items: Iterable[tuple[int, Mapping[str, str]]], limit: int = 5) -> list[tuple[int, float]]:
    """(item id, score in 0..1) of the best items for `text`, best first; only items sharing a bigram.

    Score: cosine of TF-IDF weighted bigram vectors, IDF taken over the item list so that bigrams common
    to many items (e.g. 管理, 记录) count less than distinctive ones (e.g. 征地, 身份).
    """
    vectors = [(item_id, item_vector(fields)) for item_id, fields in items]
    if not vectors:
        return []
    doc_freq: Counter = Counter()
    for _, vec in vectors:
        doc_freq.update(vec.keys())
    n = len(vectors)

    def idf(gram: str) -> float:
        return math.log(1.0 + n / (1 + doc_freq.get(gram, 0))) + 0.5

    query = Counter(bigrams(text))
    if not query:
        return []
    q_weighted = {g: c * idf(g) for g, c in query.items()}
    q_norm = math.sqrt(sum(w * w for w in q_weighted.values()))
    scored = []
    for item_id, vec in vectors:
        common = q_weighted.keys() & vec.keys()
        if not common:
            continue
        weighted = {g: w * idf(g) for g, w in vec.items()}
        dot = sum(q_weighted[g] * weighted[g] for g in common)
        norm = math.sqrt(sum(w * w for w in weighted.values()))
        scored.append((item_id, dot / (q_norm * norm)))
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return [(item_id, round(score, 4)) for item_id, score in scored[: max(0, limit)]]
