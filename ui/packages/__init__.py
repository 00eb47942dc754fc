"""Data exchange: packages and the platform (数据交换)."""
