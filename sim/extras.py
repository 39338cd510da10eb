"""Optional dependencies: what each extra brings, and a clear error when a command needs one.

The core install (``pip install mentorsim``) is the model, the experiments and the CLI. The
workshop app, runs on a Dask cluster and SALib's sensitivity designs are extras
(``mentorsim[app]``, ``mentorsim[cluster]``, ``mentorsim[sensitivity]``, or ``mentorsim[all]``);
a command that needs a missing one stops before any work with a line naming the extra and the
command that installs it.
"""

from __future__ import annotations

import importlib

from sim.errors import InputError

#: Extra -> the modules it provides that mentorsim imports (as pyproject.toml declares them).
EXTRAS: dict[str, tuple[str, ...]] = {
    "app": ("solara", "ipyvuetify", "ipyvue"),
    "cluster": ("distributed",),
    "sensitivity": ("SALib",),
}


class MissingExtraError(InputError):
    """A command needs an optional dependency that is not installed."""


def require(extra: str, needed_by: str) -> None:
    """Import the modules of ``extra``, or refuse with the install command.

    Args:
        extra: A key of :data:`EXTRAS`.
        needed_by: What needs it, as the user wrote it (``"mentorsim app"``,
            ``"--scheduler"``).

    Raises:
        MissingExtraError: A module of the extra cannot be imported.
    """
    for module in EXTRAS[extra]:
        try:
            importlib.import_module(module)
        except ImportError as err:
            raise MissingExtraError(
                f"{needed_by} needs the optional '{extra}' dependencies ({module} is not "
                f"installed): pip install 'mentorsim[{extra}]'"
            ) from err
