"""The workshop app: the model live in a browser, for a room of department chairs or faculty.

``mentorsim app`` serves a Solara page (:func:`serve`): presets from ``scenarios/``, levers
generated from the scenario schema, Step/Play/Reset and a seed, the key yearly metrics, the
mentoring network of a department, the pipeline by rank, gender and URM status, mentor loads,
an A/B mode that runs two designs on the same people, and person stories.

Plain Solara, not Mesa's SolaraViz, draws the page, for reasons SolaraViz's design gives:

- SolaraViz shows one model; A/B mode steps two models in lockstep on one seed and draws
  their difference.
- Its ``ModelCreator`` reads the parameter specs once, when it mounts, so a preset cannot
  replace every slider's value; and its inputs carry no help text and no message for a typed
  value out of range, which the schema-generated levers need.
- Person stories need a snapshot after every year, and the views need to redraw only the
  visible tab; both sit outside SolaraViz's step loop and its grid of components.
- Its default space and plot components are Altair, which does not render offline.

Where SolaraViz fits, it is used as it is: :mod:`sim.app.classic` is a SolaraViz page of one
model (schema-generated Mesa sliders, matplotlib plots) for a notebook, and the model keeps
the keyword-only constructor with defaults that SolaraViz needs. Modules: ``levers`` and
``presets`` (what the controls offer), ``session``, ``history``, ``stories``, ``contrast``
(state and text, no UI), ``figures``, ``bars``, ``network``, ``live``, ``layers``, ``palette``
(drawing; the charts redrawn every year keep their figure and write only their data as SVG),
``controls``, ``views``, ``page`` (Solara components) and ``server``.
"""

from sim.app.server import ServeError, serve

__all__ = ["ServeError", "serve"]
