"""The redaction screens (区分处理 and 公开前隐私检查)."""
