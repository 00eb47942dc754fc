"""Actions that span areas (工作台): the dashboard, demo data, Excel transfer, the recompute after a calendar change."""
