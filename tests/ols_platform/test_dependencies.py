"""The locks agree with pyproject.toml and with the venv the tests run in (docs/dependencies.md).

`make install-dev` installs the venv from the locks, so the installed packages' own requirements tell what each
lock must hold: the runtime lock the closure of `[project] dependencies`, the dev lock what the dev dependencies add.
"""

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _pins(lock: str) -> dict[str, str]:
    pins = {}
    for line in (ROOT / lock).read_text().splitlines():
        if line and not line.startswith(("#", "-r")):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    return pins


def _closure(requirements: list[str]) -> set[str]:
    """The installed distributions these requirements bring, with their extras, recursively."""
    found: set[tuple[str, frozenset]] = set()
    pending = [Requirement(text) for text in requirements]
    while pending:
        requirement = pending.pop()
        key = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        if key in found:
            continue
        found.add(key)
        for text in metadata.requires(requirement.name) or []:
            needed = Requirement(text)
            extras = requirement.extras or {""}
            if needed.marker is None or any(needed.marker.evaluate({"extra": extra}) for extra in extras):
                pending.append(needed)
    return {name for name, _ in found}


def test_every_pin_is_the_installed_version():
    pins = _pins("requirements.lock") | _pins("requirements-dev.lock")
    installed = {name: metadata.version(name) for name in pins}
    assert installed == pins


def test_the_runtime_lock_holds_exactly_what_the_runtime_dependencies_bring():
    assert set(_pins("requirements.lock")) == _closure(PROJECT["dependencies"])


def test_the_dev_lock_holds_exactly_what_the_dev_dependencies_add():
    runtime = _closure(PROJECT["dependencies"])
    added = _closure(PROJECT["optional-dependencies"]["dev"]) - runtime
    assert set(_pins("requirements-dev.lock")) == added
    assert not set(_pins("requirements-dev.lock")) & set(_pins("requirements.lock"))
