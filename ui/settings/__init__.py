"""Tabs of the 设置 screen: (module, class), each a QWidget taking the UiContext."""

SETTINGS_TABS = [
    ("ui.settings.profile", "ProfileSettingsTab"),
    ("ui.calendar.settings_tab", "CalendarSettingsTab"),
    ("ui.letters.templates_tab", "TemplatesSettingsTab"),
    ("ui.packages.sync_tab", "SyncSettingsTab"),
    ("ui.settings.backups", "BackupsSettingsTab"),
    ("ui.settings.security", "SecuritySettingsTab"),
    ("ui.catalogue.settings_tab", "CatalogueSettingsTab"),
]
