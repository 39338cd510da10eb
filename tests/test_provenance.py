"""What a manifest records when a package or git cannot say: "not installed", "unknown"."""

import subprocess
from importlib import metadata
from types import SimpleNamespace

from sim.experiment import storage


def test_a_package_that_is_not_installed_is_recorded_as_such(monkeypatch):
    real = metadata.version

    def version(name: str) -> str:
        if name == "pyarrow":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(storage.metadata, "version", version)
    found = storage.versions()
    assert found["pyarrow"] == "not installed"
    assert found["numpy"] == real("numpy") and found["python"]


def test_the_git_revision_is_unknown_without_git_or_outside_a_checkout(monkeypatch):
    def no_git(*args, **kwargs):
        raise FileNotFoundError("git")

    monkeypatch.setattr(storage.subprocess, "run", no_git)
    assert storage.git_revision() == "unknown"

    def slow_git(*args, **kwargs):
        raise subprocess.TimeoutExpired("git", 5)

    monkeypatch.setattr(storage.subprocess, "run", slow_git)
    assert storage.git_revision() == "unknown"
    refused = SimpleNamespace(returncode=128, stdout="fatal: not a git repository\n")
    monkeypatch.setattr(storage.subprocess, "run", lambda *a, **k: refused)
    assert storage.git_revision() == "unknown"
    found = SimpleNamespace(returncode=0, stdout="0123abc\n")
    monkeypatch.setattr(storage.subprocess, "run", lambda *a, **k: found)
    assert storage.git_revision() == "0123abc"
