"""The charts the app keeps between years: the SVG they write each year is the full drawing."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from sim.app import bars, figures, network
from sim.app.figures import KEY_METRICS
from sim.app.layers import LAYER_ID
from sim.app.live import LiveTimeseries, _nice_ceiling
from sim.app.presets import Preset, scenarios_dir
from sim.app.session import Workshop
from sim.scenario import load

#: What an SVG draws, without its ids: each path's outline and each text with its place.
_DRAWN = re.compile(r'<path d="([^"]+)"|<text [^>]*transform="([^"]+)"[^>]*>([^<]*)</text>')


#: Hatch patterns are definitions, written once per document that uses them.
_PATTERN = re.compile(r"<pattern .*?</pattern>", re.DOTALL)


def drawn(svg: bytes) -> Counter:
    """The outlines and texts an SVG draws, counted (ids and definitions left out)."""
    text = _PATTERN.sub("", svg.decode())
    return Counter(m.group(0 if m.group(1) is None else 1) for m in _DRAWN.finditer(text))


@pytest.fixture(scope="module")
def pair(small_preset):
    """A/B session (baseline vs single_mentor, 300 people), three years in."""
    workshop = Workshop([small_preset("baseline"), small_preset("single_mentor")], seed=4)
    workshop.set_ab(True)
    workshop.set_preset("B", "single_mentor")
    for _ in range(3):
        workshop.step()
    return workshop


def models_of(workshop: Workshop) -> dict:
    return {side: run.model for side, run in workshop.runs.items()}


def test_a_kept_chart_writes_what_a_full_drawing_writes(pair):
    """Background plus data layer: every outline and text of ``savefig``, none twice."""
    models = models_of(pair)
    charts = (
        bars.PipelineChart(tuple(models)).update(models),
        bars.LoadsChart(models).update(models),
        network.NetworkChart(models["B"], 1).update(models["B"]),
    )
    for chart in charts:
        layered = chart.svg()
        assert drawn(layered) == drawn(figures.svg(chart.fig)), type(chart).__name__
        assert LAYER_ID in layered.decode()  # the data layer is there, its ids apart
        ids = re.findall(r'id="([^"]+)"', layered.decode())
        assert len(ids) == len(set(ids))


def test_a_chart_from_the_kept_layout_draws_what_a_fresh_layout_draws(pair, monkeypatch):
    """The time series' layout is done once per designs and years; each chart is its own copy."""
    from sim.app import live

    monkeypatch.setattr(live, "_TEMPLATES", {})
    frames = {side: run.yearly() for side, run in pair.runs.items()}
    fresh = LiveTimeseries(("A", "B"), pair.years)  # lays the chart out, keeps the layout
    assert list(live._TEMPLATES) == [(("A", "B"), pair.years)]
    kept = LiveTimeseries(("A", "B"), pair.years)  # a copy of the kept layout
    assert kept.fig is not fresh.fig
    assert drawn(kept.render(frames)) == drawn(fresh.render(frames))
    # Drawing one copy leaves the other as it was: a shorter run's lines in one only.
    before = drawn(fresh.render(frames))
    kept.render({side: frame[frame["year"] <= 1] for side, frame in frames.items()})
    assert drawn(fresh.render(frames)) == before


def test_a_year_redraws_the_data_only_until_a_range_grows(pair):
    models = models_of(pair)
    chart = bars.PipelineChart(tuple(models))
    chart.update(models).svg()
    chart.update(models).svg()
    assert chart.backgrounds == 1
    top = chart.fig.axes[0].get_ylim()[1]
    # An institution three times the size outgrows the headcount axis: the background is
    # written again, with room above the tallest bar.
    design = load(scenarios_dir() / "baseline.toml").replace(institution__initial_size=900)
    big = Workshop([Preset("big", "", design, None)], seed=4)
    big.step()
    bigger = {side: big.runs["A"].model for side in models}
    chart.update(bigger).svg()
    assert chart.backgrounds == 2
    tallest = max(bar.get_height() for bar in chart.bars[0, "A"])
    assert top < tallest < chart.fig.axes[0].get_ylim()[1]


def test_round_tops_leave_room_and_grow_in_round_steps():
    assert [bars.round_top(x) for x in (414, 45, 15, 0.3, 0)] == [500, 50, 20, 0.4, 1.0]
    assert bars.round_top(95, cap=100) == 100


def test_the_network_keeps_only_this_years_people_and_relationships(pair):
    model = pair.runs["A"].model
    chart = network.NetworkChart(model, 2).update(model)
    once = len(chart.ax.collections)
    chart.update(model)
    assert len(chart.ax.collections) == once
    assert chart.title.get_text().startswith(f"Mentoring network, department 3, year {pair.year}")


def test_loads_past_the_bins_need_a_new_chart(pair):
    models = models_of(pair)
    chart = bars.LoadsChart(models).update(models)
    assert chart.fits(models)
    busiest = models["A"].people.load.max()
    chart.top = int(busiest) - 1  # as if the bins had been made for a lighter load
    assert not chart.fits(models)
    assert not chart.fits({"A": models["A"]})  # other designs shown


# ----------------------------------------------------------------- the time series
def test_the_time_series_writes_a_panel_again_only_when_its_line_outgrows_it(pair):
    frames = {side: run.yearly() for side, run in pair.runs.items()}
    live = LiveTimeseries(("A", "B"), 30)
    first = live.render(frames)
    assert figures.is_svg(first) and live.picture.y_axes_drawn == len(KEY_METRICS)
    live.render(frames)
    assert live.picture.y_axes_drawn == len(KEY_METRICS)
    assert [_nice_ceiling(x) for x in (0.03, 0.7, 1.2, 3, 42, 0)] == [
        0.05,
        1.0,
        2.0,
        5.0,
        50.0,
        1.0,
    ]


def test_the_time_series_written_panel_by_panel_is_the_whole_drawing(pair):
    """The panels that grew are written alone; the picture is the one drawn from scratch."""
    frames = {side: run.yearly() for side, run in pair.runs.items()}
    short = {side: frame.iloc[:2] for side, frame in frames.items()}  # year 0 and year 1
    live = LiveTimeseries(("A", "B"), 30)
    live.render(short)
    limits = dict(live.limits)
    incremental = live.render(frames)
    grown = [name for name in live.limits if live.limits[name] != limits.get(name)]
    assert grown, "the later years should leave some panel's first range"
    assert live.picture.y_axes_drawn == len(KEY_METRICS) + len(grown)
    # The same limits drawn from scratch give the same outlines and texts.
    fresh = LiveTimeseries(("A", "B"), 30)
    fresh.limits = dict(live.limits)
    assert drawn(incremental) == drawn(fresh.render(frames))
    assert drawn(incremental) == drawn(figures.svg(live.fig))
