"""The package layout of DESIGN.md §2: the three processes share kefu/ and never import each other."""

import ast

import pytest

from kefu.settings import PROJECT_DIR

PROCESS_PACKAGES = ("actions", "bot", "kefu_rasa")
FRAMEWORKS = ("rasa", "rasa_sdk", "sanic")


def imported_packages(package: str):
    for path in (PROJECT_DIR / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                yield path.relative_to(PROJECT_DIR), name.split(".")[0]


@pytest.mark.parametrize("package", PROCESS_PACKAGES)
def test_a_process_package_imports_no_other_process_package(package):
    others = set(PROCESS_PACKAGES) - {package}
    assert [(str(path), name) for path, name in imported_packages(package) if name in others] == []


def test_the_shared_core_imports_no_framework_and_no_process_package():
    forbidden = set(FRAMEWORKS) | set(PROCESS_PACKAGES)
    assert [(str(path), name) for path, name in imported_packages("kefu") if name in forbidden] == []
