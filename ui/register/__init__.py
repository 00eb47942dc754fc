"""Widgets and dialogs of the 依申请公开 (register) screen."""
