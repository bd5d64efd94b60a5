"""wasmbind for Python: load a wasmbind plugin into wasmtime and call it
with Python values, implementing its host functions as Python methods.

    import wasmbind

    class Env:
        def log(self, msg): print(msg)

    plugin = wasmbind.load("tour_plugin.wasm", host={"env": Env()})
    assert plugin.greet("Ada") == "Hello, Ada!"

Everything the package knows about the wire comes from docs/ABI.md and
the plugin's own interface records.
"""

from .host import Error, Plugin, Types, load, module_name, read_records
from .records import ABI_VERSION, Record, Signature, TypeDef, parse_type, spell
from .values import Err, GuestPtr, Ok, Some, Trap
from .wire import Codec, EncodeError, WireError

__all__ = ["ABI_VERSION", "Codec", "EncodeError", "Err", "Error", "GuestPtr", "Ok", "Plugin", "Record",
           "Signature", "Some", "Trap", "TypeDef", "Types", "WireError", "load", "module_name", "parse_type",
           "read_records", "spell"]
