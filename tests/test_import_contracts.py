"""Every package of coappoint has its place in the layers contract, so none escapes the linter."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (layers,) = [
        contract["layers"]
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract["type"] == "layers"
    ]
    return list(layers)


def test_every_package_of_coappoint_is_in_a_layer_and_the_rules_core_is_the_bottom_one() -> None:
    layered = {name.strip() for layer in _layers() for name in layer.replace("|", ":").split(":")}
    packages = {
        f"coappoint.{init.parent.name}"
        for init in (ROOT / "src" / "coappoint").glob("*/__init__.py")
    }
    assert layered == packages
    assert _layers()[-1] == "coappoint.rules"
