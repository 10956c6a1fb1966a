"""A pytest plugin for HyperDsl.PyTorch.Tests: every case's outcome by node id, written as JSON to the file named by
HYPERDSL_PYTEST_REPORT when the session ends (the xunit side turns each into one test case)."""

import json
import os

_results = {}


def pytest_runtest_logreport(report):
    entry = _results.setdefault(report.nodeid, {"Outcome": "passed", "Message": ""})
    if report.failed:
        entry.update(Outcome="failed", Message=f"{report.when}: {report.longreprtext[-6000:]}")
    elif report.skipped and entry["Outcome"] == "passed":
        entry.update(Outcome="skipped", Message=report.longreprtext[-2000:])


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get("HYPERDSL_PYTEST_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(_results, f, indent=1, sort_keys=True)
