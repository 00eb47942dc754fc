"""The navigation screens of the main window: (title, module, class), in display order."""

SCREENS = [
    ("工作台", "ui.workbench.dashboard", "DashboardScreen"),
    ("依申请公开", "ui.register.screen", "RegisterScreen"),
    ("工作台账", "ui.ledger.screen", "LedgerScreen"),
    ("负面清单", "ui.negative_list.screen", "NegativeListScreen"),
    ("公开目录", "ui.catalogue.screen", "CatalogueScreen"),
    ("区分处理", "ui.redaction.screen", "RedactionScreen"),
    ("年度报告", "ui.reports.screen", "ReportsScreen"),
    ("数据交换", "ui.packages.screen", "ExchangeScreen"),
    ("设置", "ui.settings.screen", "SettingsScreen"),
]
