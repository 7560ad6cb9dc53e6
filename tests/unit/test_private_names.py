"""No module of ours uses another module's private names: what is shared gets a public name.

Checked in every package and the tests: `from module import _name`, and `alias._name` where
`alias` is one of our modules imported by name (`from storage import campaigns as campaign_store`,
`import storage.db`). A module's own private names, and third-party ones, are its own business.
(The web dashboard once told members through a handler's private helpers, and storage/placings.py
built campaigns with storage/campaigns.py's row builder; both are gone.)
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "scheduler", "storage", "web", "benchmarks")
CHECKED = (*PACKAGES, "tests")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _ours(module: str) -> bool:
    return module.split(".")[0] in CHECKED


def private_imports(source: str, where: str) -> list[str]:
    tree = ast.parse(source, filename=where)
    found = []
    aliases: dict[str, str] = {}      # a name bound to one of our modules (or to a name in one) → where from
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and _ours(node.module):
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"{where}:{node.lineno}: from {node.module} import {alias.name}")
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _ours(alias.name):
                    aliases[alias.asname or alias.name.split(".")[0]] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            base = node.value
            dotted = []
            while isinstance(base, ast.Attribute):
                dotted.append(base.attr)
                base = base.value
            if isinstance(base, ast.Name) and base.id in aliases and not any(_private(part) for part in dotted):
                found.append(f"{where}:{node.lineno}: {ast.unparse(node)} ({aliases[base.id]})")
    return found


def test_no_module_uses_another_modules_private_name() -> None:
    found = [line for package in CHECKED for path in sorted((ROOT / package).rglob("*.py"))
             for line in private_imports(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == []


def test_the_check_sees_a_private_import() -> None:
    source = "from bot import posts\nfrom handlers.points_admin import _tell_author as tell_author\n"
    assert private_imports(source, "web/x.py") == ["web/x.py:2: from handlers.points_admin import _tell_author"]


def test_the_check_sees_a_private_name_reached_through_a_module() -> None:
    source = (
        "import storage.db\nfrom storage import campaigns as campaign_store\nfrom aiosqlite import core\n"
        "def f(conn, self):\n"
        "    campaign_store._campaign(conn)\n"
        "    storage.db._statements('')\n"
        "    core._private, self._mine, campaign_store.get_campaign\n"
    )
    assert private_imports(source, "storage/x.py") == [
        "storage/x.py:5: campaign_store._campaign (storage.campaigns)",
        "storage/x.py:6: storage.db._statements (storage.db)",
    ]
