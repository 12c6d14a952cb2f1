"""The synthetic default: a data file that behaves like the real exports and reproduces the published figures.

Every choice below is documented with its source in `data/CONTRACT.md` ("How the synthetic default is
made"). In short:

* Volumes are set per module and year (scale 1 = today's Flemish volumes); `scale` multiplies them.
* Registrations are spread over months by a seasonal profile (April, July and August quiet; the
  corona shock of spring 2020) with exact largest-remainder allocation, and over days by a weekday
  profile (few registrations in the weekend).
* The figures of written parliamentary question nr. 712 (Flanders, 2019-2021) are reproduced exactly
  by construction, for every seed: where a published figure fixes a count, the generator draws
  *which* records carry a property at random, but *how many* is the published number (× scale).
* Everything is generated in bulk with NumPy and Polars; no Python loop runs per record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from data import population, schema, store

FIRST_YEAR = 2017
LAST_YEAR = 2025
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))
EXTRACT_DATE = date(LAST_YEAR, 12, 31)
DEFAULT_SEED = 712

_EPOCH = np.datetime64("1970-01-01", "D")
_EXTRACT = np.datetime64(EXTRACT_DATE.isoformat(), "D")

# --- Published figures, Flanders 2019-2021 (written parliamentary question nr. 712) -------------
CALIBRATION_YEARS = (2019, 2020, 2021)
FAMILIES_CHAH_STARTED = 1417
CHAH_EXTENDED = 55
COULD_NOT_START_MINORS = 708
PLACEMENT_ADVISED = {2019: 84, 2020: 90, 2021: 108}
REFERRED_INSIDE = {2019: 463, 2020: 512, 2021: 520}
REFERRED_OUTSIDE = {2019: 478, 2020: 543, 2021: 542}
# Published rounded to whole percents (70, 68, 71); one decimal chosen inside each rounding band.
GOAL_POSITIVE_PCT = {2019: 70.2, 2020: 68.3, 2021: 70.8}

# --- Volumes per year at scale 1 ----------------------------------------------------------------
# CHAH: started (by registration year) and registrations that could not start. The window's
# could-not-start registrations (235 + 245 + 280 = 760) hold 708 unique minors: 52 minors were
# refused twice. Demand rose after corona while capacity grew slowly, so refusals peak in 2021.
CHAH_STARTED = dict(zip(YEARS, (440, 455, 475, 490, 505, 520, 530, 540, 545), strict=True))
CHAH_REFUSED = dict(zip(YEARS, (220, 225, 235, 245, 280, 290, 280, 270, 265), strict=True))
# Other modules: registrations per year. Crisisbegeleiding grows with the 'terug naar thuis'
# extension of 2019 and the 70 extra modules from 1 March 2020.
OTHER_REGISTRATIONS: dict[str, dict[int, int]] = {
    "crisisbegeleiding": dict(zip(YEARS, (215, 220, 210, 270, 295, 305, 310, 315, 320), strict=True)),
    "crisisinterventie": dict(zip(YEARS, (70, 72, 72, 72, 75, 76, 78, 78, 80), strict=True)),
    "crisisverblijf": dict(zip(YEARS, (1450, 1480, 1520, 1610, 1880, 1900, 1920, 1950, 1960), strict=True)),
    "crisispleegzorg": dict(zip(YEARS, (280, 290, 300, 310, 340, 345, 350, 355, 360), strict=True)),
}
REFUSAL_RATE = {
    "crisisbegeleiding": 0.20,
    "crisisinterventie": 0.10,
    "crisisverblijf": 0.27,
    "crisispleegzorg": 0.15,
}
EXTENSION_RATE = {
    "crisishulp_aan_huis": 0.038,
    "crisisbegeleiding": 0.06,
    "crisisinterventie": 0.03,
    "crisispleegzorg": 0.20,
}

# Region shares: provinces' shares of minors, Brussel (youth care recognised by Flanders) small.
REGION_SHARES = {"ANT": 0.28, "OVL": 0.23, "WVL": 0.17, "VBR": 0.17, "LIM": 0.12, "BRU": 0.03}

# Seasonal profile of registrations per calendar month: April, July and August quiet (vraag 712),
# September-November busy (back to school).
SEASON = np.array([1.05, 1.00, 1.08, 0.84, 1.03, 1.05, 0.80, 0.78, 1.12, 1.10, 1.06, 0.95])
# The corona shock: demand fell in the first lockdown and rose after (Dutch trajectories -40 % in
# May 2020; Flemish crisis support up sharply in 2020-2021).
CORONA = {
    2020: np.array([1.0, 1.0, 0.85, 0.62, 0.80, 0.95, 1.05, 1.05, 1.12, 1.15, 1.15, 1.10]),
    2021: np.array([1.08, 1.08, 1.06, 1.04, 1.04, 1.04, 1.04, 1.04, 1.04, 1.04, 1.04, 1.04]),
}
# Weekday profile (Monday first): the hotlines get few registrations in the weekend.
WEEKDAY = np.array([1.22, 1.15, 1.10, 1.10, 1.05, 0.55, 0.45])

AGE_SHARES = {
    "ambulant": {"0-5": 0.20, "6-11": 0.30, "12-14": 0.24, "15-17": 0.24, "18+": 0.02},
    "residential": {"0-5": 0.10, "6-11": 0.20, "12-14": 0.28, "15-17": 0.39, "18+": 0.03},
}
GENDER_SHARES = {"m": 0.49, "v": 0.50, "x": 0.01}

INSIDE_DESTINATIONS = [d for d, inside in schema.DESTINATIONS.items() if inside]
OUTSIDE_DESTINATIONS = [d for d, inside in schema.DESTINATIONS.items() if not inside]
# Where referrals go: mainly mental health care outside Opgroeien (vraag 712, answer 4).
INSIDE_WEIGHTS = {
    "contextbegeleiding": 0.55,
    "dagbegeleiding": 0.18,
    "ooc": 0.10,
    "verblijf": 0.10,
    "pleegzorg": 0.07,
}
PLACEMENT_WEIGHTS = {"verblijf": 0.55, "pleegzorg": 0.33, "ooc": 0.12}
OUTSIDE_WEIGHTS = {
    "ggz": 0.55,
    "caw": 0.17,
    "vaph": 0.08,
    "clb": 0.08,
    "eerstelijn": 0.08,
    "andere": 0.04,
}


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote."""

    path: Path
    rows: dict[str, int]
    data_version: str


# --- small vectorised helpers ---------------------------------------------------------------------


def allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Split `total` into integer parts proportional to `weights` (largest remainder, exact sum)."""
    weights = np.asarray(weights, dtype=float)
    raw = total * weights / weights.sum()
    parts = np.floor(raw).astype(np.int64)
    short = total - int(parts.sum())
    if short:
        # Stable order: ties go to the earlier element, so the result does not depend on the seed.
        order = np.argsort(-(raw - parts), kind="stable")
        parts[order[:short]] += 1
    return parts


def _scaled(n: float, scale: float) -> int:
    return round(n * scale)


def _days(d: date) -> int:
    return int((np.datetime64(d.isoformat(), "D") - _EPOCH).astype(np.int64))


def _year_of(days: np.ndarray) -> np.ndarray:
    """Calendar year of day numbers (days since 1970-01-01); works on masked-out values too."""
    return (days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970).astype(np.int64)


def _pick(rng: np.random.Generator, pool: np.ndarray, k: int, weights: np.ndarray | None = None):
    """Exactly `k` distinct elements of `pool`, optionally weighted."""
    if k > len(pool):
        raise ValueError(f"cannot pick {k} of {len(pool)}")
    if k == 0:
        return pool[:0]
    p = None if weights is None else weights / weights.sum()
    return rng.choice(pool, size=k, replace=False, p=p)


def _categorical(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    labels = np.array(list(shares))
    probs = np.array(list(shares.values()), dtype=float)
    return labels[rng.choice(len(labels), size=n, p=probs / probs.sum())]


def _month_weights(year: int) -> np.ndarray:
    return SEASON * CORONA.get(year, np.ones(12))


def registration_days(rng: np.random.Generator, year: int, total: int) -> np.ndarray:
    """Registration dates (day numbers) for one year: exact monthly counts, weekday-weighted days."""
    counts = allocate(total, _month_weights(year))
    out = []
    for month, n in enumerate(counts, start=1):
        first = np.datetime64(f"{year}-{month:02d}-01", "D")
        last = (first.astype("datetime64[M]") + 1).astype("datetime64[D]")
        days = np.arange(first, last)
        # 1970-01-01 was a Thursday: (day + 3) % 7 gives Monday = 0.
        w = WEEKDAY[((days - _EPOCH).astype(np.int64) + 3) % 7]
        out.append(rng.choice((days - _EPOCH).astype(np.int64), size=n, p=w / w.sum()))
    return np.sort(np.concatenate(out)) if out else np.empty(0, np.int64)


def _start_lag(rng: np.random.Generator, n: int) -> np.ndarray:
    """Days from registration to start: most within 24 hours (the norm), a tail of a few weeks."""
    lag = rng.choice(
        [0, 1, 2, 3, 4, 5, 7, 10, 14, 21],
        size=n,
        p=[0.55, 0.25, 0.07, 0.04, 0.03, 0.02, 0.015, 0.01, 0.01, 0.005],
    )
    return lag.astype(np.int64)


def _duration(rng: np.random.Generator, module: str, extended: np.ndarray) -> np.ndarray:
    """Days from start to end; within the standard term unless extended."""
    n = len(extended)
    term = schema.STANDARD_TERM_DAYS[module]
    if module in ("crisishulp_aan_huis", "crisisbegeleiding", "crisispleegzorg"):
        # Families First works to the 28-day term: most close in the last week, some early.
        regular = term - np.minimum(rng.geometric(0.30, n) - 1, 12)
        early = rng.integers(3, 21, n)
        base = np.where(rng.random(n) < 0.14, early, regular)
        longer = term + rng.integers(3, 23 if module != "crisispleegzorg" else 29, n)
    elif module == "crisisinterventie":
        base = rng.integers(1, term + 1, n)
        longer = term + rng.integers(1, 8, n)
    else:  # crisisverblijf: 7 days + 7 days, a few longer where no follow-up place is found
        base = rng.integers(1, term + 1, n)
        longer = np.where(rng.random(n) < 0.9, rng.integers(8, 15, n), rng.integers(15, 29, n))
    return np.where(extended, longer, base).astype(np.int64)


# --- crisis trajectories ---------------------------------------------------------------------------


@dataclass
class _Crisis:
    """Column arrays for crisis_trajectories under construction (day numbers for dates)."""

    module: np.ndarray
    region: np.ndarray
    registered: np.ndarray
    started: np.ndarray  # -1 = could not start
    ended: np.ndarray  # -1 = running or never started
    extended: np.ndarray
    minor: np.ndarray
    family: np.ndarray
    age_band: np.ndarray
    gender: np.ndarray


def _regions(rng: np.random.Generator, n: int) -> np.ndarray:
    return _categorical(rng, REGION_SHARES, n)


def _pair_within_groups(
    rng: np.random.Generator, groups: np.ndarray, order_key: np.ndarray, k: int, adjacent: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Choose exactly `k` disjoint pairs (earlier, later) of indices within the same group.

    `k` is split over the groups in proportion to their size. With `adjacent`, pairs are
    neighbours in `order_key` order (a re-registration weeks later); otherwise random partners.
    """
    names, inverse = np.unique(groups, return_inverse=True)
    sizes = np.bincount(inverse, minlength=len(names))
    quotas = allocate(k, sizes // 2) if k else np.zeros(len(names), np.int64)
    firsts, seconds = [], []
    for g, q in enumerate(quotas):
        if q == 0:
            continue
        idx = np.flatnonzero(inverse == g)
        idx = idx[np.argsort(order_key[idx], kind="stable")]
        if adjacent:
            starts = rng.choice(len(idx) // 2, size=q, replace=False) * 2
            a, b = idx[starts], idx[starts + 1]
        else:
            perm = rng.permutation(len(idx))[: 2 * q]
            a, b = idx[perm[0::2]], idx[perm[1::2]]
            swap = order_key[a] > order_key[b]
            a, b = np.where(swap, b, a), np.where(swap, a, b)
        firsts.append(a)
        seconds.append(b)
    if not firsts:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(firsts), np.concatenate(seconds)


def _chah(rng: np.random.Generator, scale: float) -> _Crisis:
    """Crisishulp aan huis, with the published figures of 2019-2021 reproduced exactly."""
    registered, refused = [], []
    for year in YEARS:
        n_started, n_refused = (
            _scaled(CHAH_STARTED[year], scale),
            _scaled(CHAH_REFUSED[year], scale),
        )
        days = registration_days(rng, year, n_started + n_refused)
        # Refusals fall where demand is highest: weight by the month's seasonal weight.
        month = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12
        w = _month_weights(year)[month]
        is_refused = np.zeros(len(days), bool)
        is_refused[_pick(rng, np.arange(len(days)), n_refused, w)] = True
        registered.append(days)
        refused.append(is_refused)
    reg = np.concatenate(registered)
    refused_mask = np.concatenate(refused)
    n = len(reg)
    region = _regions(rng, n)
    started = np.where(refused_mask, -1, np.minimum(reg + _start_lag(rng, n), _days(EXTRACT_DATE)))
    start_year = np.where(started >= 0, _year_of(np.maximum(started, 0)), 0)
    reg_year = _year_of(reg)
    in_window_start = np.isin(start_year, CALIBRATION_YEARS)
    in_window_refused = refused_mask & np.isin(reg_year, CALIBRATION_YEARS)

    # Extended: exactly 55 (× scale) of the CHAH started in 2019-2021; elsewhere at the usual rate.
    extended = (rng.random(n) < EXTENSION_RATE["crisishulp_aan_huis"]) & ~refused_mask
    extended[in_window_start] = False
    extended[_pick(rng, np.flatnonzero(in_window_start), _scaled(CHAH_EXTENDED, scale))] = True

    ended = np.where(refused_mask, -1, started + _duration(rng, schema.CHAH, extended))
    ended = np.where(ended > _days(EXTRACT_DATE), -1, ended)
    # A module still running at the extract has not (yet) been extended past its term.
    extended &= ~((ended == -1) & ~refused_mask & (_days(EXTRACT_DATE) - started <= 28))

    minor = np.arange(n, dtype=np.int64)
    family = np.arange(n, dtype=np.int64)

    # 1. Minors refused twice: adjacent refused registrations in the same region and year share a
    #    minor, so the window's refused registrations hold exactly 708 (× scale) unique minors.
    window_pairs = int(in_window_refused.sum()) - _scaled(COULD_NOT_START_MINORS, scale)
    first_refusals, second_refusals = [], []
    for year in YEARS:
        pool = np.flatnonzero(refused_mask & (reg_year == year))
        if year in CALIBRATION_YEARS:
            k = int(allocate(window_pairs, np.ones(len(CALIBRATION_YEARS)))[CALIBRATION_YEARS.index(year)])
        else:
            k = round(0.07 * len(pool))
        a, b = _pair_within_groups(rng, region[pool], reg[pool], k, adjacent=True)
        first_refusals.append(pool[a])
        second_refusals.append(pool[b])
    a, b = np.concatenate(first_refusals), np.concatenate(second_refusals)
    minor[b], family[b] = minor[a], family[a]

    # 2. Re-registration: many refused minors are registered again weeks later and can start then
    #    (vraag 712, answer 6). Link a refusal to the next start in its region 3+ days later.
    #    Only a minor's last refusal re-registers, so a family never gains a second start this way.
    last_refusals = np.setdiff1d(np.flatnonzero(refused_mask), a)
    candidates = last_refusals[rng.random(len(last_refusals)) < 0.45]
    started_idx = np.flatnonzero(~refused_mask)
    rereg_targets = np.full(n, -1, np.int64)
    for code in REGION_SHARES:
        pool = started_idx[region[started_idx] == code]
        pool = pool[np.argsort(reg[pool], kind="stable")]
        cands = candidates[region[candidates] == code]
        pos = np.searchsorted(reg[pool], reg[cands] + 3 + rng.integers(0, 28, len(cands)))
        ok = pos < len(pool)
        cands, targets = cands[ok], pool[pos[ok]]
        targets, first = np.unique(targets, return_index=True)
        rereg_targets[targets] = cands[first]
    linked = np.flatnonzero(rereg_targets >= 0)
    minor[linked] = minor[rereg_targets[linked]]
    family[linked] = family[rereg_targets[linked]]

    # 3. Families with a second start in 2019-2021 (a repeat crisis or a sibling), so that the
    #    window's starts belong to exactly 1417 (× scale) families.
    pool = np.flatnonzero(in_window_start & (rereg_targets < 0))
    n_pairs = int(in_window_start.sum()) - _scaled(FAMILIES_CHAH_STARTED, scale)
    a, b = _pair_within_groups(rng, region[pool], started[pool], n_pairs, adjacent=False)
    a, b = pool[a], pool[b]
    family[b] = family[a]
    same_minor = rng.random(len(b)) < 0.4
    minor[b[same_minor]] = minor[a[same_minor]]

    age_band = _categorical(rng, AGE_SHARES["ambulant"], n)
    gender = _categorical(rng, GENDER_SHARES, n)
    # One minor keeps one age band and gender across its registrations.
    first_of_minor = np.unique(minor, return_index=True)
    lookup = np.empty(n, np.int64)
    lookup[first_of_minor[0]] = first_of_minor[1]
    age_band, gender = age_band[lookup[minor]], gender[lookup[minor]]
    return _Crisis(
        np.full(n, schema.CHAH),
        region,
        reg,
        started,
        ended,
        extended,
        minor,
        family,
        age_band,
        gender,
    )


# Chain lengths of crisis stays per child: 7 + 7 days of crisis stay is often followed by
# another crisis stay elsewhere (the 'carrousel' the sector federation warns about).
CARROUSEL_LENGTHS = {1: 0.68, 2: 0.15, 3: 0.08, 4: 0.05, 5: 0.04}


def _carrousel(rng: np.random.Generator, scale: float) -> tuple[np.ndarray, ...]:
    """Crisis stays as chains per child: each next stay registered days after the previous ends."""
    lengths = np.array(list(CARROUSEL_LENGTHS))
    probs = np.array(list(CARROUSEL_LENGTHS.values()))
    mean_length = float((lengths * probs).sum())
    volumes = OTHER_REGISTRATIONS["crisisverblijf"]
    heads = np.concatenate(
        [registration_days(rng, y, _scaled(volumes[y] / mean_length, scale)) for y in YEARS]
    )
    chain = rng.choice(lengths, size=len(heads), p=probs)
    regs, minors, refs, starts, exts, ends = [], [], [], [], [], []
    reg, child, remaining = heads, np.arange(len(heads), dtype=np.int64), chain
    for _ in range(int(lengths.max())):
        keep = (remaining > 0) & (reg <= _days(EXTRACT_DATE))
        reg, child, remaining = reg[keep], child[keep], remaining[keep] - 1
        n = len(reg)
        refused = rng.random(n) < REFUSAL_RATE["crisisverblijf"]
        started = np.where(refused, -1, np.minimum(reg + _start_lag(rng, n), _days(EXTRACT_DATE)))
        extended = ~refused & (rng.random(n) < 0.42)
        ended = np.where(refused, -1, started + _duration(rng, "crisisverblijf", extended))
        for acc, values in zip(
            (regs, minors, refs, starts, exts, ends),
            (reg, child, refused, started, extended, ended),
            strict=True,
        ):
            acc.append(values)
        # The next stay is registered a few days after this one ends, or after this refusal.
        reg = np.where(refused, reg + rng.integers(1, 8, n), ended + rng.integers(0, 15, n))
    return tuple(np.concatenate(x) for x in (regs, minors, refs, starts, exts, ends))


def _other_module(rng: np.random.Generator, module: str, scale: float) -> _Crisis:
    """Crisisbegeleiding, -interventie, -verblijf and -pleegzorg at plausible rates."""
    if module == "crisisverblijf":
        reg, minor, refused, started, extended, ended = _carrousel(rng, scale)
        n = len(reg)
    else:
        reg = np.concatenate(
            [registration_days(rng, y, _scaled(OTHER_REGISTRATIONS[module][y], scale)) for y in YEARS]
        )
        n = len(reg)
        minor = np.arange(n, dtype=np.int64)
        refused = rng.random(n) < REFUSAL_RATE[module]
        started = np.where(refused, -1, np.minimum(reg + _start_lag(rng, n), _days(EXTRACT_DATE)))
        extended = ~refused & (rng.random(n) < EXTENSION_RATE[module])
        ended = np.where(refused, -1, started + _duration(rng, module, extended))
    region = _regions(rng, n)
    running = ~refused & (ended > _days(EXTRACT_DATE))
    ended = np.where(running, -1, ended)
    term = schema.STANDARD_TERM_DAYS[module]
    extended &= ~(running & (_days(EXTRACT_DATE) - started <= term))
    kind = "ambulant" if module in schema.AMBULATORY_MODULES else "residential"
    age_band = _categorical(rng, AGE_SHARES[kind], n)[minor]
    gender = _categorical(rng, GENDER_SHARES, n)[minor]
    region = region[minor]
    return _Crisis(
        np.full(n, module),
        region,
        reg,
        started,
        ended,
        extended,
        minor,
        minor.copy(),
        age_band,
        gender,
    )


def _outcomes(rng: np.random.Generator, c: _Crisis, scale: float) -> dict[str, np.ndarray]:
    """Goal attainment, placement advice and referrals at the close, exact for 2019-2021."""
    n = len(c.module)
    ambulatory = np.isin(c.module, schema.AMBULATORY_MODULES)
    closed = c.ended >= 0
    end_year = np.where(closed, _year_of(np.maximum(c.ended, 0)), 0)

    goal = np.full(n, "", dtype=object)
    placement = np.zeros(n, bool)
    inside = np.zeros(n, bool)
    outside = np.zeros(n, bool)

    for year in YEARS:
        pool = np.flatnonzero(ambulatory & (end_year == year))
        m = len(pool)
        if year in CALIBRATION_YEARS:
            pct = GOAL_POSITIVE_PCT[year]
            n_place = _scaled(PLACEMENT_ADVISED[year], scale)
            n_in = _scaled(REFERRED_INSIDE[year], scale)
            n_out = _scaled(REFERRED_OUTSIDE[year], scale)
        else:
            pct = 70.0 + rng.normal(0, 1.2)
            n_place, n_in, n_out = round(0.12 * m), round(0.655 * m), round(0.69 * m)
        registered = _pick(rng, pool, round(0.95 * m))
        n_pos = round(pct / 100 * len(registered))
        positive = _pick(rng, registered, n_pos)
        negative = np.setdiff1d(registered, positive)
        goal[positive] = np.where(rng.random(n_pos) < 0.45, "bereikt", "grotendeels_bereikt")
        goal[negative] = np.where(rng.random(len(negative)) < 0.65, "gedeeltelijk_bereikt", "niet_bereikt")
        # Placement advice mostly follows goals not reached.
        is_pos = np.isin(pool, positive)
        is_neg = np.isin(pool, negative)
        w = np.where(is_neg, 4.0, np.where(is_pos, 0.5, 1.5))
        placed = _pick(rng, pool, n_place, w)
        placement[placed] = True
        # Referrals inside Opgroeien include the placements.
        rest = np.setdiff1d(pool, placed)
        w_rest = np.where(np.isin(rest, negative), 1.3, 1.0)
        inside[placed] = True
        inside[_pick(rng, rest, n_in - n_place, w_rest)] = True
        w_out = np.where(inside[pool], 0.85, 1.2)
        outside[_pick(rng, pool, n_out, w_out)] = True

    residential = closed & ~ambulatory
    placement[residential] = rng.random(int(residential.sum())) < 0.25
    inside[residential] = placement[residential] | (rng.random(int(residential.sum())) < 0.45)
    outside[residential] = rng.random(int(residential.sum())) < 0.25
    return {"goal": goal, "placement": placement, "inside": inside, "outside": outside}


def _referrals(
    rng: np.random.Generator, c: _Crisis, o: dict[str, np.ndarray], ids: np.ndarray
) -> pl.DataFrame:
    """One row per destination a closed trajectory was referred to."""
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    placed = np.flatnonzero(o["placement"])
    parts.append((placed, _categorical(rng, PLACEMENT_WEIGHTS, len(placed))))
    other_in = np.flatnonzero(o["inside"] & ~o["placement"])
    parts.append((other_in, _categorical(rng, INSIDE_WEIGHTS, len(other_in))))
    second_in = np.flatnonzero(o["inside"] & (rng.random(len(ids)) < 0.15))
    parts.append((second_in, _categorical(rng, INSIDE_WEIGHTS, len(second_in))))
    out = np.flatnonzero(o["outside"])
    parts.append((out, _categorical(rng, OUTSIDE_WEIGHTS, len(out))))
    second_out = np.flatnonzero(o["outside"] & (rng.random(len(ids)) < 0.10))
    parts.append((second_out, _categorical(rng, OUTSIDE_WEIGHTS, len(second_out))))
    rows = np.concatenate([p[0] for p in parts])
    dest = np.concatenate([p[1] for p in parts])
    referred = np.minimum(c.ended[rows] + rng.integers(0, 8, len(rows)), _days(EXTRACT_DATE))
    frame = pl.DataFrame(
        {
            "trajectory_id": ids[rows],
            "destination": dest,
            "referred_on": referred.astype("datetime64[D]"),
        }
    ).unique(subset=["trajectory_id", "destination"], keep="first", maintain_order=True)
    inside_map = pl.DataFrame(
        {
            "destination": list(schema.DESTINATIONS),
            "inside_opgroeien": list(schema.DESTINATIONS.values()),
        }
    )
    frame = frame.join(inside_map, on="destination", how="left")
    return frame.with_columns(
        record_key=pl.Series(rng.integers(0, schema.RECORD_KEY_RANGE, frame.height), dtype=pl.Int16)
    )


def _ids(prefix: str, values: np.ndarray, rng: np.random.Generator, space: int) -> np.ndarray:
    """Opaque pseudonyms: a random relabelling of `values` (0..space-1) as PREFIX + 9 digits."""
    relabelled = pl.Series(rng.permutation(space)[values]).cast(pl.String).str.zfill(9)
    return pl.select(pl.lit(prefix) + relabelled).to_series().to_numpy()


def _to_date(days: np.ndarray) -> pl.Series:
    """Day numbers to a Polars Date series; -1 becomes null."""
    s = pl.Series(days.astype(np.int32)).cast(pl.Date)
    return pl.select(pl.when(pl.lit(pl.Series(days >= 0))).then(s)).to_series()


def _nullable_text(values: np.ndarray) -> pl.Series:
    """Text labels to a Polars string series; the empty label becomes null."""
    s = pl.Series(values.astype(str))
    return pl.select(pl.when(s != "").then(s)).to_series()


def crisis_tables(rng: np.random.Generator, scale: float, tag: str = "") -> tuple[pl.DataFrame, pl.DataFrame]:
    """Build crisis_trajectories and referrals."""
    parts = [_chah(rng, scale)] + [_other_module(rng, m, scale) for m in OTHER_REGISTRATIONS]
    # Give every module its own id range before concatenating.
    offset = 0
    for p in parts:
        p.minor = p.minor + offset
        p.family = p.family + offset
        offset += len(p.module)
    c = _Crisis(*(np.concatenate([getattr(p, f) for p in parts]) for f in _Crisis.__dataclass_fields__))
    n = len(c.module)
    outcomes = _outcomes(rng, c, scale)
    trajectory_ids = _ids(f"T{tag}", np.arange(n), rng, n)
    trajectories = pl.DataFrame(
        {
            "trajectory_id": trajectory_ids,
            "minor_id": _ids(f"M{tag}", c.minor, rng, n),
            "family_id": _ids(f"G{tag}", c.family, rng, n),
            "region": c.region,
            "module": c.module,
            "age_band": c.age_band,
            "gender": c.gender,
            "registered_on": _to_date(c.registered),
            "started_on": _to_date(c.started),
            "ended_on": _to_date(c.ended),
            "extended": c.extended,
            "goal_attainment": _nullable_text(outcomes["goal"]),
            "placement_advised": outcomes["placement"],
            "record_key": pl.Series(rng.integers(0, schema.RECORD_KEY_RANGE, n), dtype=pl.Int16),
        }
    ).sort("registered_on", "trajectory_id")
    referrals = _referrals(rng, c, outcomes, trajectory_ids).sort("referred_on", "trajectory_id")
    return trajectories, referrals


# --- residential stays -----------------------------------------------------------------------------

RESIDENTIAL_INDICATIONS = 3200  # new indications 'verblijf' per year at scale 1
RUN_IN_YEARS = (2012, 2013, 2014, 2015, 2016)  # stays indicated earlier but still open in 2017
COVID_HOME_SHARE = 0.22
RETURN_SHARE = {True: 0.38, False: 0.58}  # back in residential care, with / without context support


def residential_table(rng: np.random.Generator, scale: float, tag: str = "") -> pl.DataFrame:
    """Build residential_stays: waiting list, stays, and the children sent home by corona."""
    years = RUN_IN_YEARS + YEARS
    indicated = np.concatenate(
        [
            registration_days(rng, y, _scaled(RESIDENTIAL_INDICATIONS * (0.88 if y == 2020 else 1.0), scale))
            for y in years
        ]
    )
    n = len(indicated)
    ind_year = _year_of(indicated)
    # Waiting times grew after corona (pressure on residential places); a lognormal tail.
    median_wait = np.where(ind_year < 2020, 110, np.where(ind_year < 2022, 95, 140))
    wait = np.round(median_wait * rng.lognormal(0, 0.8, n)).astype(np.int64)
    started = indicated + wait
    stay = np.round(330 * rng.lognormal(0, 0.9, n)).astype(np.int64) + 7
    ended = started + stay
    age_band = _categorical(rng, AGE_SHARES["residential"], n)
    region = _regions(rng, n)

    # Corona: a share of the children in a running stay went home in the first lockdown.
    covid = _days(schema.COVID_START)
    running = (started <= covid) & (ended > covid)
    went_home = running & (rng.random(n) < COVID_HOME_SHARE)
    home = np.where(went_home, covid + np.minimum(rng.exponential(14, n).astype(np.int64), 100), -1)
    support = np.where(went_home, rng.random(n) < 0.65, rng.random(n) < 0.05)
    p_return = np.where(support, RETURN_SHARE[True], RETURN_SHARE[False])
    returns = went_home & (rng.random(n) < p_return)
    back = np.where(returns, home + np.round(rng.gamma(1.6, 55, n)).astype(np.int64) + 7, -1)
    # Those who came back stay on at least a while; those who did not, close the stay at home.
    ended = np.where(returns, np.maximum(ended, back + 30 + rng.integers(0, 200, n)), ended)
    ended = np.where(went_home & ~returns, home + rng.integers(0, 61, n), ended)

    end_year = _year_of(ended)
    naar_huis_share = np.where(end_year < 2020, 0.36, np.where(end_year < 2022, 0.48, 0.41))
    reason = _categorical(
        rng,
        {
            "pleegzorg": 0.18,
            "zelfstandig": 0.14,
            "andere_voorziening": 0.36,
            "meerderjarig": 0.20,
            "andere": 0.12,
        },
        n,
    ).astype(object)
    reason = np.where(rng.random(n) < naar_huis_share, "naar_huis", reason)
    reason = np.where(went_home & ~returns, "naar_huis", reason)

    extract = _days(EXTRACT_DATE)
    waiting = started > extract
    started = np.where(waiting, -1, started)
    open_stay = waiting | (ended > extract)
    ended = np.where(open_stay, -1, ended)
    reason = np.where(open_stay, "", reason)
    back = np.where(back > extract, -1, back)
    # Keep what an export from 2017 on would hold: stays open on 1 January 2017 or indicated since.
    keep = (
        (indicated >= _days(date(FIRST_YEAR, 1, 1)))
        | (ended == -1)
        | (ended >= _days(date(FIRST_YEAR, 1, 1)))
    )
    idx = np.flatnonzero(keep)
    m = len(idx)
    return pl.DataFrame(
        {
            "stay_id": _ids(f"S{tag}", np.arange(m), rng, m),
            "minor_id": _ids(f"R{tag}", np.arange(m), rng, m),
            "region": region[idx],
            "age_band": age_band[idx],
            "indicated_on": _to_date(indicated[idx]),
            "started_on": _to_date(started[idx]),
            "ended_on": _to_date(ended[idx]),
            "end_reason": _nullable_text(reason[idx]),
            "covid_home_on": _to_date(home[idx]),
            "covid_return_on": _to_date(back[idx]),
            "context_support": support[idx],
            "record_key": pl.Series(rng.integers(0, schema.RECORD_KEY_RANGE, m), dtype=pl.Int16),
        }
    ).sort("indicated_on", "stay_id")


# Above this scale the build generates in independent chunks (each a complete synthetic population
# of at most this scale, with its own ids), so memory stays bounded at any scale; every chunk keeps
# the published proportions, so the published counts scale exactly with the chunks.
CHUNK_SCALE = 50.0


def chunk_scales(scale: float) -> list[float]:
    """How a build of `scale` is split into chunks of at most CHUNK_SCALE."""
    n = max(1, int(np.ceil(scale / CHUNK_SCALE)))
    return [scale / n] * n


def build(out: Path, *, seed: int = DEFAULT_SEED, scale: float = 1.0) -> BuildResult:
    """Generate the synthetic default and write it atomically to `out`."""
    if scale <= 0:
        raise ValueError(f"--scale must be positive, got {scale}")
    parts = chunk_scales(scale)
    rows = dict.fromkeys(("crisis_trajectories", "referrals", "residential_stays"), 0)
    with store.replace_atomically(out) as con:
        for index, part in enumerate(parts):
            # One chunk uses the seed as it is, so the default file does not depend on chunking.
            rng = np.random.default_rng(seed if len(parts) == 1 else [seed, index])
            tag = "" if len(parts) == 1 else f"{index:03d}-"
            trajectories, referrals = crisis_tables(rng, part, tag)
            frames = {
                "crisis_trajectories": trajectories,
                "referrals": referrals,
                "residential_stays": residential_table(rng, part, tag),
            }
            store.write_tables(con, frames, create=index == 0)
            for name, frame in frames.items():
                rows[name] += frame.height
            del trajectories, referrals, frames
        # Public and fixed, as the rest of the synthetic default: its keys are reproducible.
        store.write_derived(con, key_secret=f"synthetische-standaard-{seed}")
        population.write_population(con)
        version = store.write_build_info(
            con,
            source="synthetic",
            synthetic=True,
            extract_date=EXTRACT_DATE,
            seed=seed,
            scale=scale,
        )
    return BuildResult(Path(out), rows, version)
