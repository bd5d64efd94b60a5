"""One plugin, two API crates: the import module `env` filled by three
traits (one interface record each), and two traits' functions of one name,
`describe`, one exported as `Labels.describe` (`#[plugin_export(namespace)]`)."""

import wasmbind


class Env:
    """calc-api's `Env` and shared-module-api's `Clock` and `Ids`: module `env`."""

    def __init__(self):
        self.lines, self.ticks, self.ids = [], 0, 0

    def log(self, msg):
        self.lines.append(msg)

    def now(self):
        self.ticks += 1
        return self.ticks

    def note(self, text):
        self.lines.append(f"note: {text}")

    def next_id(self):
        self.ids += 10
        return self.ids


class Types:
    def name_of(self, id):
        return ["unit", "point"][id] if id < 2 else f"#{id}"


def test_two_traits_share_a_module_and_a_function_name(shared_module_wasm):
    env = Env()
    plugin = wasmbind.load(shared_module_wasm, host={"env": env, "types": Types()}, name="shared")
    assert plugin.call("describe", 1) == "point at 1 as #10"
    assert plugin.call("Types.describe", 0) == "unit at 2 as #20"
    assert plugin.call("Labels.describe", 3) == "label 3"
    assert env.lines == ["describe", "note: point at 1 as #10", "describe", "note: unit at 2 as #20"]
