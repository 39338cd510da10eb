"""A program's yearly budget: what it has left, what it can afford.

Every cost of a program with a budget goes through the year's ``Budget`` when it is incurred,
in the order of the yearly cycle: administration, then the recurring costs of the people it
serves (reserved at their worst case), then one-off services (training, coaching, recruitment,
refreshers, leadership development) while money is left. So a program never spends more than
its budget; a service it cannot afford is not given and is counted as unfunded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Budget:
    """One year's budget.

    Attributes:
        limit: The yearly budget, $k (infinite when the program has none).
        spent: Spent or reserved so far this year, $k.
    """

    limit: float
    spent: float = 0.0

    @classmethod
    def for_year(cls, budget: float) -> Budget:
        """The year's budget from ``program.budget`` (0 means no limit)."""
        return cls(limit=budget if budget > 0 else math.inf)

    @property
    def left(self) -> float:
        """What remains, $k."""
        return self.limit - self.spent

    def afford(self, unit_cost: float, wanted: int) -> int:
        """How many of ``wanted`` units at ``unit_cost`` each the remaining budget covers."""
        if unit_cost <= 0 or math.isinf(self.left):
            return wanted
        return max(0, min(wanted, int(self.left // unit_cost)))

    def spend(self, amount: float) -> bool:
        """Spend (or reserve) ``amount`` if it is covered; return whether it was."""
        if amount > self.left + 1e-9:
            return False
        self.spent += amount
        return True
