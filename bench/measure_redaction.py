"""Redaction figures: scan and burn a 50-page text PDF; OCR one A4 page at 300 dpi (RapidOCR, and Tesseract
chi_sim for comparison when it is installed), with character accuracy against the page's known text.

    .venv/bin/python bench/measure_redaction.py      # writes bench/results/redaction.md and .json
    .venv/bin/python bench/run.py --only redaction   # as a group of the whole benchmark
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS, Figure, figures_json, log  # noqa: E402

A4 = (595.28, 841.89)


def _lines(page: int) -> list[str]:
    from tests.helpers.redaction import credit_code, id_number, luhn_complete

    out = [f"2026年度城乡低保对象公示名单（第{page}页）"]
    for i in range(24):
        n = page * 100 + i
        out.append(f"{['张建国', '李秀英', '王小明', '赵丽华', '陈志强', '刘桂兰'][i % 6]}  身份证 "
                   f"{id_number(f'3301271985{(i % 12) + 1:02d}{(i % 28) + 1:02d}{n % 1000:03d}')}  电话 138{n:08d}")
    out.append(f"银行卡 {luhn_complete('62220212345678' + f'{page:04d}')}  代码 {credit_code()}")
    out.append("公示期为7天，如有异议请向县民政局反映。")
    return out


def _text_pdf(pages: int) -> bytes:
    from tests.helpers.redaction import text_pdf

    return text_pdf([_lines(p + 1) for p in range(pages)], size=A4, font_size=11)


def _accuracy(truth: list[str], got: str) -> float:
    want = "".join("".join(truth).split())
    return difflib.SequenceMatcher(None, want, "".join(got.split()), autojunk=False).ratio()


def fifty_pages() -> list[Figure]:
    from app.redaction.burn import burn, verify
    from app.redaction.scan import scan

    pdf = _text_pdf(50)
    t0 = time.perf_counter()
    result = scan(pdf, "50页.pdf")
    t_scan = time.perf_counter() - t0
    t0 = time.perf_counter()
    burned = burn(pdf, "50页.pdf", result.findings)
    t_burn = time.perf_counter() - t0
    t0 = time.perf_counter()
    problems = verify(burned.pdf, result.findings, ocr=False)
    t_verify = time.perf_counter() - t0
    assert not problems, problems
    n = len(result.findings)
    return [
        Figure("50-page text PDF: scan (text layer, every detector)", f"{t_scan:.1f} s", "≤ 10 s", "—", t_scan <= 10,
               {"seconds": t_scan, "findings": n}, f"{n} findings"),
        Figure("50-page text PDF: burn at 200 dpi (render, paint, image-only PDF)", f"{t_burn:.1f} s", "≤ 60 s", "—",
               t_burn <= 60, {"seconds": t_burn, "bytes": len(burned.pdf)}, f"output {len(burned.pdf) / 1e6:.1f} MB"),
        Figure("50-page text PDF: verify without OCR (structure, text layer, bytes)", f"{t_verify:.1f} s", "≤ 10 s",
               "—", t_verify <= 10, {"seconds": t_verify}),
    ]


def ocr_page() -> list[Figure]:
    from app.redaction import ocr
    from tests.helpers.redaction import page_images

    truth = _lines(1)
    image = page_images(_text_pdf(1), 300)[0].convert("RGB")
    t0 = time.perf_counter()
    ocr.engine()
    t_load = time.perf_counter() - t0
    times, text = [], ""
    for _ in range(3):
        t0 = time.perf_counter()
        lines = ocr.read_image(image, 300, A4[1])
        times.append(time.perf_counter() - t0)
        text = "".join(line.text for line in lines)
    rapid = statistics.median(times)
    acc = _accuracy(truth, text)
    figures = [
        Figure("RapidOCR engine load (once per process)", f"{t_load:.2f} s", "≤ 3 s", "—", t_load <= 3,
               {"seconds": t_load}),
        Figure("OCR of one A4 page at 300 dpi (RapidOCR, char boxes)", f"{rapid:.1f} s", "≤ 15 s", "—", rapid <= 15,
               {"seconds": times, "accuracy": acc}, f"character accuracy {acc:.3f} (median of 3 runs)"),
    ]
    tesseract = shutil.which("tesseract")
    if tesseract:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "page.png"
            image.save(path)
            t0 = time.perf_counter()
            done = subprocess.run([tesseract, str(path), "-", "-l", "chi_sim"], capture_output=True, text=True,
                                  check=False)
            t_tess = time.perf_counter() - t0
        acc_t = _accuracy(truth, done.stdout) if done.returncode == 0 else 0.0
        figures.append(Figure("OCR of the same page: Tesseract 5 chi_sim (comparison, not used)", f"{t_tess:.1f} s",
                              "—", f"RapidOCR {rapid:.1f} s", None, {"seconds": t_tess, "accuracy": acc_t},
                              f"character accuracy {acc_t:.3f}" + ("" if done.returncode == 0 else
                                                                    f"; failed: {done.stderr[:100]}")))
    return figures


def run() -> list[Figure]:
    log("redaction: 50-page text PDF …")
    out = fifty_pages()
    log("redaction: OCR of an A4 page …")
    return out + ocr_page()


def main() -> int:
    os.environ.setdefault("GONGKAI_HOME", tempfile.mkdtemp(prefix="gk-bench-redact-"))
    from run import table

    started = time.perf_counter()
    figures = run()
    header = (f"redaction benchmark ({dt.datetime.now().isoformat(timespec='minutes')}, "
              f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
              f"load {os.getloadavg()[0]:.1f}, {time.perf_counter() - started:.0f} s)")
    text = header + "\n\n" + table(figures)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "redaction.md").write_text(f"# {header}\n\n{table(figures)}\n", encoding="utf-8")
    (RESULTS / "redaction.json").write_text(json.dumps(
        {"when": dt.datetime.now().isoformat(timespec="seconds"), "cpus": os.cpu_count(), "load": os.getloadavg()[0],
         "figures": figures_json(figures)}, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
