"""The adapters (handlers/, web/) use only public names of other modules.

The web dashboard once told members through a handler's private helpers; the telling texts
now live in handlers/notify.py, public, for the bot and the web alike. (The core still
borrows two row builders of storage's, in bot/verification.py: not checked here yet.)
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "scheduler", "storage", "web", "benchmarks")
ADAPTERS = ("handlers", "web")


def private_imports(source: str, where: str) -> list[str]:
    tree = ast.parse(source, filename=where)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            ours = node.module.split(".")[0] in (*PACKAGES, "tests")
            for alias in node.names:
                if ours and alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{where}:{node.lineno}: from {node.module} import {alias.name}")
    return found


def test_no_adapter_imports_another_modules_private_name() -> None:
    found = [line for package in ADAPTERS for path in sorted((ROOT / package).rglob("*.py"))
             for line in private_imports(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == []


def test_the_check_sees_a_private_import() -> None:
    source = "from bot import posts\nfrom handlers.points_admin import _tell_author as tell_author\n"
    assert private_imports(source, "web/x.py") == ["web/x.py:2: from handlers.points_admin import _tell_author"]
