"""The command line's argument types, refusals and notices, without running a model."""

import argparse

import pytest

from sim import cli, data
from sim.errors import InputError
from sim.experiment import compilation


def test_years_must_be_an_integer_in_the_scenario_range():
    assert cli.years_option("16") == 16
    with pytest.raises(argparse.ArgumentTypeError, match="'ten' is not an integer"):
        cli.years_option("ten")
    with pytest.raises(argparse.ArgumentTypeError, match=r"0 is not allowed; expected .*\[1, "):
        cli.years_option("0")


def test_a_seed_is_a_non_negative_integer_below_2_to_the_63():
    assert cli.seed(str(2**63 - 1)) == 2**63 - 1
    with pytest.raises(argparse.ArgumentTypeError, match="'x1' is not an integer"):
        cli.seed("x1")
    for bad in ("-1", str(2**63)):
        with pytest.raises(argparse.ArgumentTypeError, match=r"expected 0 <= seed < 2\*\*63"):
            cli.seed(bad)


def test_an_override_is_key_equals_a_toml_value_else_text():
    assert cli.override("program.formal = true") == ("program.formal", True)
    assert cli.override("a.b=[1, 2.5]") == ("a.b", [1, 2.5])
    assert cli.override("institution.name=Our AMC") == ("institution.name", "Our AMC")
    with pytest.raises(argparse.ArgumentTypeError, match="'program.formal' is not KEY=VALUE"):
        cli.override("program.formal")


def test_a_bad_seed_on_the_command_line_is_refused_by_name(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["run", "baseline", "--seed", "-3"])
    assert exit_.value.code == 2
    assert "argument --seed: -3 is not allowed" in capsys.readouterr().err


def test_several_contexts_with_several_designs_are_refused_before_anything_runs():
    with pytest.raises(InputError, match="--context given 2 times with 2 designs; compare"):
        cli.load_compared(["baseline", "single_mentor"], ["scarce_mentors", "scarce_mentors"])


def _ensemble_args(**given) -> argparse.Namespace:
    return argparse.Namespace(**{"ensemble": cli.DEFAULT_ENSEMBLE, "ensemble_file": None, **given})


def test_without_an_installed_ensemble_the_default_runs_the_defaults(monkeypatch, capsys):
    def missing():
        raise data.DataFileError("experiments/ensemble.toml is not installed")

    monkeypatch.setattr(data, "ensemble_file", missing)
    assert cli.chosen_ensemble(_ensemble_args()) is None
    assert "no calibrated ensemble is installed" in capsys.readouterr().out
    assert cli.chosen_ensemble(_ensemble_args(ensemble=None)) is None  # --no-ensemble
    assert capsys.readouterr().out == ""


def test_a_cold_kernel_cache_is_announced_unless_quiet_or_on_a_cluster(
    monkeypatch, capsys, tmp_path
):
    monkeypatch.setattr(compilation, "modules_to_compile", lambda: ["sim.kernels.careers"])
    monkeypatch.setattr(compilation, "worth_announcing", lambda modules: bool(modules))
    monkeypatch.setattr(compilation, "cache_dir", lambda: tmp_path)
    cli.say_if_compiling(argparse.Namespace(quiet=False, scheduler=None))
    err = capsys.readouterr().err
    assert "numba is compiling the model's kernels (1 module) on first use" in err
    assert f"cached in {tmp_path}" in err
    for quiet, scheduler in ((True, None), (False, "tcp://127.0.0.1:8786")):
        cli.say_if_compiling(argparse.Namespace(quiet=quiet, scheduler=scheduler))
        assert capsys.readouterr().err == ""
