"""Tabs of the 设置 screen: (module, class), each a QWidget taking the UiContext."""

SETTINGS_TABS = [
    ("ui.settings.profile", "ProfileSettingsTab"),
    ("ui.settings.calendar", "CalendarSettingsTab"),
    ("ui.settings.templates", "TemplatesSettingsTab"),
    ("ui.settings.sync", "SyncSettingsTab"),
    ("ui.settings.backups", "BackupsSettingsTab"),
    ("ui.settings.security", "SecuritySettingsTab"),
    ("ui.settings.catalogue", "CatalogueSettingsTab"),
]
