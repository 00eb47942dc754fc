"""The annual report (年度报告, 条例 art. 49–50) in the national format of 国办公开办函〔2021〕30号."""
