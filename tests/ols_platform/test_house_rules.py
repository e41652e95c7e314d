"""The house rules of docs/architecture.md that a linter does not check, over the source of every app.

An app is a top-level package of the project (budget, consortia, ols_platform, and each app added later): these
tests find them on disk, so a new app is covered the day its directory exists. Migrations and tests are left out.
The import direction and the import cycles are checked by `lint-imports` (the contracts in pyproject.toml).
"""

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_APPS = {"tests"}
MAX_LINES = 500


def _apps() -> list[str]:
    return sorted(
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in NOT_APPS and not path.parent.name.startswith(".")
    )


APPS = _apps()


def _source_files(app: str) -> list[Path]:
    return sorted(path for path in (ROOT / app).rglob("*.py") if not {"migrations", "tests"} & set(path.parts))


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_project_module(dotted: str) -> bool:
    """Whether `dotted` names a module or package of one of the apps (not a class or a function in one)."""
    parts = dotted.split(".")
    if parts[0] not in APPS:
        return False
    path = ROOT.joinpath(*parts)
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _absolute(path: Path, node: ast.ImportFrom) -> str:
    """The module an `from … import …` reads from, relative imports resolved against the file's package."""
    if not node.level:
        return node.module or ""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _dotted(node: ast.expr, names: dict[str, str]) -> str | None:
    """`a.b.c` as the dotted module path it stands for, through the names the file's imports bound."""
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value, names)
        return f"{base}.{node.attr}" if base else None
    return None


def private_uses(path: Path) -> list[str]:
    """Where the file reaches another module's private name: `from m import _x`, or `m._x` on an imported module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    own = _module_name(path)
    names: dict[str, str] = {}  # local name -> the project module it is bound to
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    names[top] = top
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(path, node)
            for alias in node.names:
                target = f"{module}.{alias.name}"
                if _is_project_module(target):
                    names[alias.asname or alias.name] = target
                    private_module_of_own_package = own.startswith(f"{module}.") or own == module
                    if _is_private(alias.name) and not private_module_of_own_package:
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports module {target}")
                elif _is_private(alias.name) and _is_project_module(module) and module != own:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} from {module} import {alias.name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            module = _dotted(node.value, names)
            if module and module != own and _is_project_module(module):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} uses {module}.{node.attr}")
    return found


def test_the_apps_are_found_and_each_is_a_root_package_of_the_import_contracts():
    assert {"budget", "consortia", "ols_platform"} <= set(APPS)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    assert set(APPS) <= set(config["root_packages"]), "add the new app to [tool.importlinter] root_packages"


@pytest.mark.parametrize("app", APPS)
def test_no_source_file_is_over_500_lines(app):
    long_files = {
        str(path.relative_to(ROOT)): lines
        for path in _source_files(app)
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not long_files, f"over {MAX_LINES} lines (split by subject): {long_files}"


@pytest.mark.parametrize("app", APPS)
def test_no_module_uses_another_modules_private_names(app):
    uses = [use for path in _source_files(app) for use in private_uses(path)]
    assert not uses, "make the name public with a telling name, or move the code:\n" + "\n".join(uses)


def _write(tmp_path: Path, relative: str, source: str) -> Path:
    path = tmp_path / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    return path


def test_the_private_name_check_finds_imports_and_attribute_uses(tmp_path, monkeypatch):
    # The check itself can fail: it is run over a small made-up app with every form it must catch.
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    monkeypatch.setattr(f"{__name__}.APPS", ["shop"])
    _write(tmp_path, "shop/__init__.py", "")
    _write(tmp_path, "shop/services.py", "def _guard(): ...\ndef public(): ...\n")
    _write(tmp_path, "shop/sub/__init__.py", "")
    importer = _write(
        tmp_path,
        "shop/sub/views.py",
        "from ..services import _guard\n"
        "from shop import services\n"
        "import shop.services\n"
        "import shop.services as s\n"
        "services._guard()\n"
        "shop.services._guard()\n"
        "s._guard()\n"
        "services.public(); services.Model._meta; services.__name__\n"
        "def _own(): ...\n",
    )
    assert [use.split(" ", 1)[1] for use in private_uses(importer)] == [
        "from shop.services import _guard",
        "uses shop.services._guard",
        "uses shop.services._guard",
        "uses shop.services._guard",
    ]
