"""Where the plugins are: `cargo test -p wasmbind-tests --test python`
builds them and passes their paths; run by hand, pytest uses the paths
`cargo wasmbind build --release` writes."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = {
    "tour": ("WASMBIND_TOUR_WASM", "wasm32-wasip1", "tour_plugin"),
    "kitchen": ("WASMBIND_KITCHEN_WASM", "wasm32-unknown-unknown", "kitchen_plugin"),
    "heap": ("WASMBIND_HEAP_WASM", "wasm32-unknown-unknown", "heap_plugin"),
    "shared_module": ("WASMBIND_SHARED_MODULE_WASM", "wasm32-unknown-unknown", "shared_module_plugin"),
}


def wasm_path(which: str) -> Path:
    var, target, lib = PLUGINS[which]
    plugins = Path(os.environ["CARGO_TARGET_DIR"]).resolve() / "plugins" if os.environ.get("CARGO_TARGET_DIR") \
        else ROOT / "target" / "plugins"  # where wasmbind-build writes (`plugins_dir`)
    path = Path(os.environ.get(var) or plugins / target / "wasmbind-plugin" / f"{lib}.wasm")
    if not path.exists():
        pytest.fail(f"{path} does not exist: run `cargo test -p wasmbind-tests --test python`, "
                    f"which builds the plugins, or set {var}")
    return path


@pytest.fixture(scope="session")
def tour_wasm() -> Path:
    return wasm_path("tour")


@pytest.fixture(scope="session")
def kitchen_wasm() -> Path:
    return wasm_path("kitchen")


@pytest.fixture(scope="session")
def heap_wasm() -> Path:
    return wasm_path("heap")


@pytest.fixture(scope="session")
def shared_module_wasm() -> Path:
    return wasm_path("shared_module")
