"""A joint attacker on the public views: sound bound propagation and a least-squares best guess.

It knows the published method (DISCLOSURE.md), not the secrets (the ptable's seed, the record
keys). From every shown value of a cell (a sum of unknown fine cells) it knows:

* 0            the cells sum to exactly 0 (true zeros are shown);
* "<10"        the sum is 1..9 (a count 1-9 is shown as 10 or hidden; 10 and more never hide);
* 10           the sum is 1..14 (a count 1-9 that went up, or 10-14 rounded to 10);
* s >= 15      the sum is s-4..s+4 (random rounding to a multiple of 5 moves a count at most 4).

`System` collects such constraints over integer unknowns. `propagate` tightens every unknown's
bounds from every constraint until nothing changes (sound: no true value is ever cut off);
`probe` then tries each remaining value of a cell and drops those that make the system
infeasible: a cell with one value left is recovered, with certainty. `least_squares` is the best
guess under noise: the expected sum for each shown value, solved together, clipped to the bounds
and rounded.
"""

from __future__ import annotations

import collections
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np

# Unknown cells start between 0 and this (larger than any count in the test data).
UNBOUNDED = 10**7
SMALL = range(1, 10)


def interval(shown: int | None) -> tuple[int, int]:
    """What a shown value tells of the true count, by the published method (see module doc)."""
    if shown is None:
        return 1, 9
    if shown == 0:
        return 0, 0
    if shown == 10:
        return 1, 14
    return shown - 4, shown + 4


def _expected(shown: int | None) -> float:
    """The attacker's point estimate of the true count behind a shown value.

    The mean over the values the shown value allows, each weighted by how likely it makes that
    shown value (a count n of 1-9 goes to 10 with probability n/10; a count 10 + r goes down
    with probability (5 - r)/5), a flat prior: what an attacker without the data would use.
    """
    if shown is None:
        values = np.arange(1, 10)
        weights = 1 - values / 10
    elif shown == 0:
        return 0.0
    elif shown == 10:
        values = np.arange(1, 15)
        weights = np.where(values < 10, values / 10, np.where(values == 10, 1.0, (15 - values) / 5))
    else:
        return float(shown)
    return float((values * weights).sum() / weights.sum())


@dataclass
class System:
    """Linear constraints lo <= sum(x[cells]) <= hi over integer unknowns x >= 0."""

    names: dict[Hashable, int] = field(default_factory=dict)
    rows: list[tuple[list[int], int, int, float]] = field(default_factory=list)

    def index(self, cell: Hashable) -> int:
        """The unknown of a fine cell (made on first use)."""
        return self.names.setdefault(cell, len(self.names))

    def observe(self, cells: Iterable[Hashable], shown: int | None) -> None:
        """A shown value of the sum of `cells`."""
        lo, hi = interval(shown)
        self.rows.append(([self.index(c) for c in cells], lo, hi, _expected(shown)))

    def observe_sum(self, cells: Iterable[Hashable], lo: int, hi: int, estimate: float) -> None:
        """A constraint lo <= sum <= hi given directly (a composed total, say)."""
        self.rows.append(([self.index(c) for c in cells], lo, hi, estimate))

    def matrix(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """A (rows × unknowns, 0/1), lo, hi, the point estimates."""
        a = np.zeros((len(self.rows), len(self.names)))
        for r, (cells, _, _, _) in enumerate(self.rows):
            np.add.at(a[r], cells, 1.0)
        lo = np.array([row[1] for row in self.rows], dtype=float)
        hi = np.array([row[2] for row in self.rows], dtype=float)
        est = np.array([row[3] for row in self.rows], dtype=float)
        return a, lo, hi, est


def propagate(
    a: np.ndarray, lo: np.ndarray, hi: np.ndarray, lower: np.ndarray, upper: np.ndarray, rounds: int = 200
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Tighten integer bounds lower <= x <= upper from lo <= a @ x <= hi until a fixed point.

    `lower` and `upper` are (batch × unknowns): several bound sets at once (the probes). Returns
    the new bounds and, per bound set, whether it is still feasible. Each unknown j of row r gets
    lower_j >= lo_r - (sum of the row's other uppers) and upper_j <= hi_r - (sum of the row's other
    lowers): sound for any x that meets every constraint.
    """
    lower, upper = lower.copy(), upper.copy()
    member = (a > 0)[None, :, :]
    feasible = np.ones(lower.shape[0], dtype=bool)
    for _ in range(rounds):
        sum_upper = upper @ a.T  # batch × rows
        sum_lower = lower @ a.T
        from_lo = lo[None, :, None] - (sum_upper[:, :, None] - a[None] * upper[:, None, :])
        from_hi = hi[None, :, None] - (sum_lower[:, :, None] - a[None] * lower[:, None, :])
        new_lower = np.maximum(lower, np.ceil(np.where(member, from_lo, -np.inf).max(axis=1)))
        new_upper = np.minimum(upper, np.floor(np.where(member, from_hi, np.inf).min(axis=1)))
        feasible &= ~(
            (new_lower > new_upper).any(axis=1) | (sum_lower > hi).any(axis=1) | (sum_upper < lo).any(axis=1)
        )
        if not feasible.any() or (np.array_equal(new_lower, lower) and np.array_equal(new_upper, upper)):
            break
        lower, upper = new_lower, new_upper
    return lower, upper, feasible


@dataclass(frozen=True)
class Outcome:
    """What the attacker got for the small cells of one system."""

    targets: int  # small cells (true value 1..9) attacked
    recovered: int  # of those, pinned to one value with certainty (and it is the true one)
    guessed: int  # of those, the least-squares guess is right
    wrong_certain: int  # pinned to a wrong value (must be 0: the attacker is sound)


def attack(system: System, truth: dict[Hashable, int], probe_width: int = 4, batch: int = 8) -> Outcome:
    """Run both attackers on `system` and score them on the small cells of `truth`.

    Probing tries every value of each small cell that propagation narrowed to at most
    `probe_width` + 1 values (a wider one would need a freak pattern to collapse to one value, and
    probing all of them costs minutes).
    """
    a, lo, hi, est = system.matrix()
    n = a.shape[1]
    bounds = propagate(a, lo, hi, np.zeros((1, n)), np.full((1, n), float(UNBOUNDED)))
    lower, upper, feasible = bounds[0][0], bounds[1][0], bounds[2][0]
    assert feasible, "the true values meet every constraint, so the system must be feasible"
    targets = [(cell, j) for cell, j in system.names.items() if truth.get(cell, 0) in SMALL]
    # Probe: a value is possible only if fixing it leaves the system feasible.
    probes = [
        (cell, j, v)
        for cell, j in targets
        if upper[j] - lower[j] <= probe_width
        for v in range(int(lower[j]), int(upper[j]) + 1)
    ]
    possible: dict[Hashable, list[int]] = collections.defaultdict(list)
    for start in range(0, len(probes), batch):
        chunk = probes[start : start + batch]
        lows, ups = np.repeat(lower[None], len(chunk), 0), np.repeat(upper[None], len(chunk), 0)
        for i, (_, j, v) in enumerate(chunk):
            lows[i, j] = ups[i, j] = v
        ok = propagate(a, lo, hi, lows, ups, rounds=20)[2]
        for (cell, _, v), fine in zip(chunk, ok, strict=True):
            if fine:
                possible[cell].append(v)
    pinned = {cell: values[0] for cell, values in possible.items() if len(values) == 1}
    recovered = sum(v == truth[cell] for cell, v in pinned.items())
    wrong = len(pinned) - recovered
    # Least squares over the point estimates (normal equations, a tiny ridge for the cells no
    # view separates), within the proven bounds.
    x = np.linalg.solve(a.T @ a + 1e-6 * np.eye(n), a.T @ est)
    guess = np.rint(np.clip(x, lower, np.minimum(upper, UNBOUNDED)))
    guessed = sum(int(guess[j]) == truth[cell] for cell, j in targets)
    return Outcome(len(targets), recovered, guessed, wrong)


def combine(outcomes: Iterable[Outcome]) -> Outcome:
    """The outcomes of several systems added up."""
    items = list(outcomes)
    return Outcome(
        *(sum(getattr(o, f) for o in items) for f in ("targets", "recovered", "guessed", "wrong_certain"))
    )
