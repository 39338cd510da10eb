"""Which parameters the targets pin down: a local profile and the residual Jacobian.

At the optimum each parameter is moved by +-10% of its range (two evaluations each): the loss
on both sides says whether the targets pin it down, and the central differences give the
residual Jacobian (which targets each parameter moves) and, when J^T J is invertible, the
parameters' approximate correlation.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.experiment.calibration.objective import Evaluator

PROFILE_STEP = 0.10  # share of the range moved each side
CLEAR_RISE = 0.5  # loss rise on both sides that counts as "well identified"
WELL, WEAK = "well identified", "weakly identified"


def identifiability(
    ev: Evaluator, u: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None, float]:
    """Local profile and Jacobian at the optimum u (two evaluations per parameter).

    Args:
        ev: The evaluator the optimiser used (its records gain the profile's points).
        u: The optimum, normalised.

    Returns:
        The per-parameter report, the residual Jacobian (targets x parameters, per unit of
        normalised parameter), the parameter correlation from (J^T J)^-1 (None when J^T J is
        singular) and the condition number of J^T J.
    """
    r0 = ev.residuals(u, "optimise")
    loss0 = float(np.sum(r0**2))
    ids = [t.id for t in ev.targets]
    jac = np.zeros((len(ids), len(ev.parameters)))
    rows = []
    for k, p in enumerate(ev.parameters):
        lo_u, hi_u = max(0.0, u[k] - PROFILE_STEP), min(1.0, u[k] + PROFILE_STEP)
        side = {}
        for name, x in (("minus", lo_u), ("plus", hi_u)):
            point = u.copy()
            point[k] = x
            side[name] = ev.residuals(point, "identifiability")
        loss_m, loss_p = float(np.sum(side["minus"] ** 2)), float(np.sum(side["plus"] ** 2))
        jac[:, k] = (side["plus"] - side["minus"]) / (hi_u - lo_u)
        h_m, h_p = u[k] - lo_u, hi_u - u[k]
        curvature = (
            (2.0 * (loss_p * h_m - loss0 * (h_m + h_p) + loss_m * h_p) / (h_m * h_p * (h_m + h_p)))
            if h_m > 0 and h_p > 0
            else math.nan
        )
        most = int(np.argmax(np.abs(jac[:, k])))
        rise_m, rise_p = loss_m - loss0, loss_p - loss0
        well = h_m > 0 and h_p > 0 and rise_m > CLEAR_RISE and rise_p > CLEAR_RISE
        lower = [side for side, rise in (("-", rise_m), ("+", rise_p)) if rise < 0]
        note = (
            f"loss falls on the {' and '.join(lower)} side: not a minimum along this axis"
            if lower
            else ""
        )
        rows.append(
            {
                "parameter": p.key,
                "value": p.value(u[k]),
                "value_minus": p.value(lo_u),
                "value_plus": p.value(hi_u),
                "loss_minus": loss_m,
                "loss_opt": loss0,
                "loss_plus": loss_p,
                "curvature": curvature,
                "moves_most": ids[most],
                "sensitivity": float(jac[most, k]),
                "informs": " ".join(p.targets),
                "verdict": WELL if well else WEAK,
                "note": note,
            }
        )
    report = pd.DataFrame(rows)
    jacobian = pd.DataFrame(jac, index=ids, columns=[p.key for p in ev.parameters])
    jtj = jac.T @ jac
    cond = float(np.linalg.cond(jtj))
    corr = None
    if np.isfinite(cond) and cond < 1e12:
        cov = np.linalg.inv(jtj)
        sd = np.sqrt(np.abs(np.diag(cov)))
        corr = pd.DataFrame(
            cov / np.outer(sd, sd), index=jacobian.columns, columns=jacobian.columns
        )
        off = corr.abs().to_numpy() - np.eye(len(sd))
        partner = off.argmax(axis=1)
        report["most_correlated_with"] = [jacobian.columns[j] for j in partner]
        report["correlation"] = [float(corr.iloc[i, j]) for i, j in enumerate(partner)]
    report["weakest_direction"] = weakest_direction(jacobian)
    return report, jacobian, corr, cond


def weakest_direction(jacobian: pd.DataFrame) -> np.ndarray:
    """The parameter combination the targets constrain least (unit vector, one per parameter).

    It is the right singular vector of J with the smallest singular value: moving the
    parameters along it changes the residuals least. With more parameters than targets J^T J
    is singular and this direction leaves every residual unchanged to first order.
    """
    _, _, vt = np.linalg.svd(jacobian.to_numpy(), full_matrices=True)
    v = vt[-1]
    return v * np.sign(v[np.argmax(np.abs(v))])
