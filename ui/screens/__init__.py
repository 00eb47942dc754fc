"""The navigation screens of the main window: (title, module, class), in display order."""

SCREENS = [
    ("工作台", "ui.screens.dashboard", "DashboardScreen"),
    ("依申请公开", "ui.screens.register", "RegisterScreen"),
    ("工作台账", "ui.screens.ledger", "LedgerScreen"),
    ("负面清单", "ui.screens.negative_list", "NegativeListScreen"),
    ("公开目录", "ui.screens.catalogue", "CatalogueScreen"),
    ("年度报告", "ui.screens.reports", "ReportsScreen"),
    ("数据交换", "ui.screens.exchange", "ExchangeScreen"),
    ("设置", "ui.screens.settings", "SettingsScreen"),
]
