"""A writer process for the concurrency test: registers N applications and sets a setting after each."""

from __future__ import annotations

import sys


def main(url: str, n: int, worker: int) -> int:
    from app import register
    from app.core import settings
    from app.storage.db import Database

    key = f"test.concurrency_worker{worker}"  # a test-only setting: declared here, in this process
    settings.declare(settings.SettingSpec(key, object, None, "测试用设置", nullable=True))
    db = Database.open(url, backup=False)
    try:
        for i in range(n):
            with db.session(operator=f"并发写入{worker}") as s:
                register.register_application(s, {
                    "received_on": "2026-03-02", "channel": "online", "applicant_kind": "natural_person",
                    "applicant_name": f"并发{worker}号{i}", "content": f"申请公开第{worker}组第{i}项信息",
                    "receipt_note": "网上提交",
                }, today=__import__("datetime").date(2026, 3, 3))
                settings.set_setting(s, key, i + 1)
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
