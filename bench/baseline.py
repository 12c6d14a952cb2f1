"""Worker: the pandas baseline: each page's indicators as a typical Streamlit app computes them.

    python -m bench.baseline --db PATH --calls PATH --repeats N [--check]

What a user would otherwise build: the three tables loaded once into pandas frames (`load_ms`,
reported apart; derived per-trajectory referral flags are computed at load too, as such an app
would cache them), then on every filter change the page's indicators recomputed with boolean
masks, `groupby`, `merge` and `nunique` over the frames in memory. The code is vectorised and
written as a competent pandas user would (no row loops, no `apply` per row); it computes the
indicator columns the pages show, not the disclosure cell keys, so if anything it does less work
than the SQL. Which indicators a page needs, with which filters, is taken from the calls
`bench.pages` recorded during the page's timed runs (`--calls`), so the baseline follows the
pages as they change; a named query without a pandas version is listed under `missing`.
`--check` compares every indicator with the named query's result for the same parameters (on the
same file), so the baseline is known to compute the same numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from bench.common import decode, median, page_name, peak_rss_mb, percentile
from queries.run import query_sql

CHAH = "crisishulp_aan_huis"
# Address-space limit for the baseline process: two thirds of the machine's memory, at most 16 GB.
DEFAULT_LIMIT_GB = min(
    16.0, round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30 * 2 / 3, 1)
)
AMBULATORY = ("crisishulp_aan_huis", "crisisbegeleiding", "crisisinterventie")
POSITIVE = ("bereikt", "grotendeels_bereikt")


@dataclass(frozen=True)
class F:
    """The filters, as the pages pass them."""

    regions: tuple[str, ...] = ()
    period_from: date = date(2017, 1, 1)
    period_to: date = date(2025, 12, 31)
    modules: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    include_flanders: bool = True

    @property
    def a(self) -> pd.Timestamp:
        return pd.Timestamp(self.period_from)

    @property
    def b(self) -> pd.Timestamp:
        return pd.Timestamp(self.period_to)

    def params(self) -> dict:
        return {
            "regions": list(self.regions),
            "period_from": self.period_from,
            "period_to": self.period_to,
            "modules": list(self.modules),
            "age_bands": list(self.age_bands),
            "include_flanders": self.include_flanders,
        }


# --- loading --------------------------------------------------------------------------------------


def load(db: str) -> dict[str, pd.DataFrame]:
    """The three tables as pandas frames, plus the per-trajectory referral flags."""
    import duckdb

    with duckdb.connect(db, read_only=True) as con:
        frames = {
            t: con.sql(f"select * from {t}").df()  # noqa: S608 - fixed table names
            for t in ("crisis_trajectories", "referrals", "residential_stays")
        }
    ref = frames["referrals"]
    kinds = ref.groupby("trajectory_id").agg(
        any_inside=("inside_opgroeien", "any"), any_outside=("inside_opgroeien", lambda s: (~s).any())
    )
    ct = frames["crisis_trajectories"].merge(kinds, left_on="trajectory_id", right_index=True, how="left")
    ct["has_referral"] = ct["any_inside"].notna()
    ct["any_inside"] = ct["any_inside"].fillna(False).astype(bool)
    ct["any_outside"] = ct["any_outside"].fillna(False).astype(bool)
    frames["crisis_trajectories"] = ct
    return frames


# --- helpers --------------------------------------------------------------------------------------


def _mask(df: pd.DataFrame, f: F, date_col: str | None = None, modules: bool = True) -> pd.Series:
    m = pd.Series(True, index=df.index)
    if date_col:
        m &= df[date_col].between(f.a, f.b)
    if modules and f.modules:
        m &= df["module"].isin(f.modules)
    if f.age_bands:
        m &= df["age_band"].isin(f.age_bands)
    return m


def _scoped(df: pd.DataFrame, f: F) -> pd.DataFrame:
    """One copy of the rows per area: each selected region's own rows, and all rows as 'VL'."""
    parts = [df[df["region"] == r].assign(area=r) for r in f.regions]
    if not f.regions or f.include_flanders:
        parts.append(df.assign(area="VL"))
    return pd.concat(parts, ignore_index=True)


def _areas(f: F) -> list[str]:
    return [*f.regions, *(["VL"] if not f.regions or f.include_flanders else [])]


def _spine(**dims: list) -> pd.DataFrame:
    index = pd.MultiIndex.from_product(list(dims.values()), names=list(dims))
    return index.to_frame(index=False)


def _fill(spine: pd.DataFrame, counts: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    out = spine.merge(counts, on=on, how="left")
    return out


def _pct(num: pd.Series, den: pd.Series) -> pd.Series:
    # Half away from zero, as DuckDB's round (pandas rounds half to even: 6.25 -> 6.2).
    return np.floor(1000.0 * num / den.where(den != 0) + 0.5) / 10


def _years(f: F) -> list[int]:
    return list(range(f.period_from.year, f.period_to.year + 1))


def _months(f: F) -> list[pd.Timestamp]:
    return list(pd.date_range(f.a.to_period("M").to_timestamp(), f.b, freq="MS"))


# --- the indicators (named after the SQL queries they reproduce) ---------------------------------


def kerncijfers_by_year(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    sel = ct[ct["region"].isin(f.regions)] if f.regions else ct
    starts = sel[(sel["module"] == CHAH) & sel["started_on"].between(f.a, f.b)]
    chah = starts.groupby(starts["started_on"].dt.year).size().rename("chah_started")
    amb = sel[sel["module"].isin(AMBULATORY) & sel["ended_on"].between(f.a, f.b)]
    g = amb.assign(
        year=amb["ended_on"].dt.year,
        reg=amb["goal_attainment"].notna(),
        pos=amb["goal_attainment"].isin(POSITIVE),
    ).groupby("year")
    closed = g.agg(
        ambulatory_ended=("reg", "size"),
        goal_registered=("reg", "sum"),
        goal_positive=("pos", "sum"),
        placement_advised=("placement_advised", "sum"),
        referred_inside=("any_inside", "sum"),
        referred_outside=("any_outside", "sum"),
    )
    out = pd.DataFrame({"year": _years(f)}).join(chah, on="year").join(closed, on="year").fillna(0)
    out["goal_positive_pct"] = _pct(out["goal_positive"], out["goal_registered"])
    out.insert(0, "area", "+".join(f.regions) if f.regions else "VL")
    return out


def kerncijfers_totals(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    chah = ct[(ct["module"] == CHAH) & (ct["region"].isin(f.regions) if f.regions else True)]
    started = chah[chah["started_on"].between(f.a, f.b)]
    not_started = chah[chah["registered_on"].between(f.a, f.b) & chah["started_on"].isna()]
    n, ext = len(started), int(started["extended"].sum())
    return pd.DataFrame(
        {
            "area": ["+".join(f.regions) if f.regions else "VL"],
            "families_chah_started": [started["family_id"].nunique()],
            "chah_started": [n],
            "chah_extended": [ext],
            "chah_extended_pct": [round(100.0 * ext / n, 1) if n else None],
            "could_not_start_minors": [not_started["minor_id"].nunique()],
        }
    )


def goal_attainment(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    s = _scoped(ct[_mask(ct, f, "ended_on") & ct["module"].isin(AMBULATORY)], f)
    s = s.assign(year=s["ended_on"].dt.year)
    counts = pd.crosstab([s["area"], s["year"]], s["goal_attainment"]).reindex(
        columns=["bereikt", "grotendeels_bereikt", "gedeeltelijk_bereikt", "niet_bereikt"], fill_value=0
    )
    g = s.groupby(["area", "year"]).agg(
        ended=("year", "size"),
        goal_registered=("goal_attainment", "count"),
        placement_advised=("placement_advised", "sum"),
    )
    out = _fill(_spine(area=_areas(f), year=_years(f)), g.join(counts).reset_index(), ["area", "year"])
    out = out.fillna(0)
    out["goal_positive"] = out["bereikt"] + out["grotendeels_bereikt"]
    out["goal_positive_pct"] = _pct(out["goal_positive"], out["goal_registered"])
    return out


def extension_rate(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    filtered = ct[_mask(ct, f)]
    s = _scoped(filtered[filtered["started_on"].between(f.a, f.b)], f)
    g = (
        s.assign(year=s["started_on"].dt.year)
        .groupby(["area", "year", "module"])
        .agg(started=("extended", "size"), extended=("extended", "sum"))
        .reset_index()
    )
    spine = _spine(area=_areas(f), year=_years(f), module=sorted(filtered["module"].unique()))
    out = _fill(spine, g, ["area", "year", "module"]).fillna({"started": 0, "extended": 0})
    out["extended_pct"] = _pct(out["extended"], out["started"])
    return out


def registrations_monthly(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    s = _scoped(ct[_mask(ct, f)], f)
    reg = s[s["registered_on"].between(f.a, f.b)]
    reg = reg.groupby(["area", reg["registered_on"].dt.to_period("M").dt.to_timestamp()]).size()
    st_ = s[s["started_on"].between(f.a, f.b)]
    st_ = st_.groupby(["area", st_["started_on"].dt.to_period("M").dt.to_timestamp()]).size()
    counts = pd.DataFrame({"registrations": reg, "starts": st_}).rename_axis(["area", "month"]).reset_index()
    return _fill(_spine(area=_areas(f), month=_months(f)), counts, ["area", "month"]).fillna(0)


def seasonal_index(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    s = _scoped(ct[_mask(ct, f)], f)
    parts = []
    for measure, col in (("registrations", "registered_on"), ("starts", "started_on")):
        e = s[s[col].between(f.a, f.b)]
        n = e.groupby(["area", e[col].dt.to_period("M").dt.to_timestamp()]).size()
        parts.append(n.rename_axis(["area", "month"]).rename("n").reset_index().assign(measure=measure))
    monthly = pd.concat(parts)
    series = _fill(
        _spine(area=_areas(f), measure=["registrations", "starts"], month=_months(f)),
        monthly,
        ["area", "measure", "month"],
    ).fillna({"n": 0})
    year_mean = series.groupby(["area", "measure", series["month"].dt.year])["n"].transform("mean")
    series["seasonal_index"] = series["n"] / year_mean.where(year_mean != 0)
    series["calendar_month"] = series["month"].dt.month
    g = series.groupby(["area", "measure", "calendar_month"])
    out = g.agg(
        total=("n", "sum"),
        years=("seasonal_index", "count"),
        index_mean=("seasonal_index", "mean"),
        index_min=("seasonal_index", "min"),
        index_median=("seasonal_index", "median"),
        index_max=("seasonal_index", "max"),
    )
    out["index_q1"] = g["seasonal_index"].quantile(0.25)
    out["index_q3"] = g["seasonal_index"].quantile(0.75)
    return out.round(3).reset_index()


def registrations_by_weekday(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    s = _scoped(ct[_mask(ct, f, "registered_on")], f)
    counts = s.groupby(["area", s["registered_on"].dt.day_of_week + 1]).size()
    counts = counts.rename_axis(["area", "weekday"]).rename("registrations").reset_index()
    out = _fill(_spine(area=_areas(f), weekday=list(range(1, 8))), counts, ["area", "weekday"]).fillna(0)
    out["total"] = out.groupby("area")["registrations"].transform("sum")
    out["share_pct"] = _pct(out["registrations"], out["total"])
    return out


def extension_rate_yearly(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    s = _scoped(ct[_mask(ct, f, "started_on")], f)
    g = (
        s.assign(year=s["started_on"].dt.year)
        .groupby(["area", "year"])
        .agg(started=("extended", "size"), extended=("extended", "sum"))
        .reset_index()
    )
    out = _fill(_spine(area=_areas(f), year=_years(f)), g, ["area", "year"]).fillna(0)
    out["extended_pct"] = _pct(out["extended"], out["started"])
    return out


def extension_rate_by_module(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    filtered = ct[_mask(ct, f)]
    s = _scoped(filtered[filtered["started_on"].between(f.a, f.b)], f)
    g = (
        s.groupby(["area", "module"])
        .agg(started=("extended", "size"), extended=("extended", "sum"))
        .reset_index()
    )
    spine = _spine(area=_areas(f), module=sorted(filtered["module"].unique()))
    out = _fill(spine, g, ["area", "module"]).fillna({"started": 0, "extended": 0})
    out["extended_pct"] = _pct(out["extended"], out["started"])
    return out


def duration_distribution_total(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    m = _mask(ct, f, "ended_on") & ct["started_on"].notna() & (ct["ended_on"] >= ct["started_on"])
    s = _scoped(ct[m], f)
    days = (s["ended_on"] - s["started_on"]).dt.days
    s = s.assign(bin=((days + 6) // 7).clip(1, 9))
    counts = s.groupby(["area", "bin"]).size().rename("trajectories").reset_index()
    out = _fill(_spine(area=_areas(f), bin=list(range(1, 10))), counts, ["area", "bin"]).fillna(0)
    out["finished"] = out.groupby("area")["trajectories"].transform("sum")
    out["share_pct"] = _pct(out["trajectories"], out["finished"])
    return out


def time_to_start_yearly(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    s = _scoped(ct[_mask(ct, f, "registered_on")], f)
    s = s.assign(days=(s["started_on"] - s["registered_on"]).dt.days, year=s["registered_on"].dt.year)
    s["within"] = s["days"] <= 1
    g = s.groupby(["area", "year"]).agg(
        registered=("year", "size"),
        started=("started_on", "count"),
        median_days=("days", "median"),
        within_24h=("within", "sum"),
    )
    out = _fill(_spine(area=_areas(f), year=_years(f)), g.reset_index(), ["area", "year"])
    out = out.fillna({"registered": 0, "started": 0, "within_24h": 0})
    out["within_24h_pct"] = _pct(out["within_24h"], out["started"])
    return out


def referral_flows(d: dict, f: F) -> pd.DataFrame:
    ct, ref = d["crisis_trajectories"], d["referrals"]
    s = _scoped(ct[_mask(ct, f, "ended_on")], f)
    s["outcome"] = np.where(
        s["placement_advised"], "placement_advised", np.where(s["has_referral"], "referred", "no_follow_up")
    )
    step1 = s.groupby(["area", "module", "outcome"]).size().rename("value").reset_index()
    step1 = step1.rename(columns={"module": "source", "outcome": "target"}).assign(step=1)
    links = s[["area", "trajectory_id", "outcome"]].merge(
        ref[["trajectory_id", "inside_opgroeien", "destination"]], on="trajectory_id"
    )
    links["side"] = np.where(links["inside_opgroeien"], "inside_opgroeien", "outside_opgroeien")
    links = links.drop_duplicates(["area", "trajectory_id", "side", "destination"])
    sides = links.drop_duplicates(["area", "trajectory_id", "outcome", "side"])
    step2 = sides.groupby(["area", "outcome", "side"]).size().rename("value").reset_index()
    step2 = step2.rename(columns={"outcome": "source", "side": "target"}).assign(step=2)
    step3 = links.groupby(["area", "side", "destination"]).size().rename("value").reset_index()
    step3 = step3.rename(columns={"side": "source", "destination": "target"}).assign(step=3)
    return pd.concat([step1, step2, step3], ignore_index=True)


def referral_rates(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    s = _scoped(ct[_mask(ct, f, "ended_on")], f)
    s = s.assign(
        year=s["ended_on"].dt.year,
        any_=s["any_inside"] | s["any_outside"],
        none_=~(s["any_inside"] | s["any_outside"] | s["placement_advised"]),
    )
    g = s.groupby(["area", "year"]).agg(
        ended=("year", "size"),
        referred_inside=("any_inside", "sum"),
        referred_outside=("any_outside", "sum"),
        referred_any=("any_", "sum"),
        placement_advised=("placement_advised", "sum"),
        no_follow_up=("none_", "sum"),
    )
    out = _fill(_spine(area=_areas(f), year=_years(f)), g.reset_index(), ["area", "year"]).fillna(0)
    for col in ("referred_inside", "referred_outside", "referred_any", "no_follow_up"):
        out[f"{col}_pct"] = _pct(out[col], out["ended"])
    return out


def _later_starts(ct: pd.DataFrame, f: F) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The first not-started registration per area and minor, and the minors' later starts."""
    s = _scoped(ct[_mask(ct, f, "registered_on") & ct["started_on"].isna()], f)
    first = s.sort_values(["registered_on", "trajectory_id"]).drop_duplicates(["area", "minor_id"])
    first = first[["area", "minor_id", "trajectory_id", "module", "registered_on"]]
    later = ct.loc[
        ct["started_on"].notna(), ["minor_id", "trajectory_id", "module", "registered_on", "started_on"]
    ]
    j = first.merge(later, on="minor_id", suffixes=("", "_later"))
    j = j[
        (j["trajectory_id_later"] != j["trajectory_id"])
        & (j["registered_on_later"] >= j["registered_on"])
        & ((j["module_later"] == CHAH) | (j["module_later"] == j["module"]))
    ]
    j = j.assign(days=(j["started_on"] - j["registered_on"]).dt.days)
    return s, first, j.groupby(["area", "minor_id"])["days"].min().reset_index()


def not_started_minors(d: dict, f: F) -> pd.DataFrame:
    s, first, later = _later_starts(d["crisis_trajectories"], f)
    per = pd.DataFrame(
        {
            "not_started": s.groupby("area").size(),
            "minors_not_started": first.groupby("area").size(),
            "minors_started_later": later.groupby("area").size(),
            "median_days_to_later_start": later.groupby("area")["days"].median(),
        }
    )
    out = pd.DataFrame({"area": _areas(f)}).join(per, on="area")
    out = out.fillna({"not_started": 0, "minors_not_started": 0, "minors_started_later": 0})
    out["started_later_pct"] = _pct(out["minors_started_later"], out["minors_not_started"])
    return out


def not_started_monthly(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    s = _scoped(ct[_mask(ct, f, "registered_on")], f)
    s = s.assign(month=s["registered_on"].dt.to_period("M").dt.to_timestamp(), ns=s["started_on"].isna())
    g = s.groupby(["area", "month"]).agg(registered=("ns", "size"), not_started=("ns", "sum"))
    minors = s[s["ns"]].groupby(["area", "month"])["minor_id"].nunique().rename("minors_not_started")
    out = _fill(_spine(area=_areas(f), month=_months(f)), g.join(minors).reset_index(), ["area", "month"])
    out = out.fillna(0)
    out["not_started_pct"] = _pct(out["not_started"], out["registered"])
    return out


LATER_BINS = [
    (1, 0, 7),
    (2, 8, 14),
    (3, 15, 30),
    (4, 31, 60),
    (5, 61, 90),
    (6, 91, 180),
    (7, 181, 365),
    (8, 366, None),
]


def started_later_days(d: dict, f: F) -> pd.DataFrame:
    _, _, later = _later_starts(d["crisis_trajectories"], f)
    edges = [b[1] for b in LATER_BINS] + [np.inf]
    later = later.assign(bin=pd.cut(later["days"], edges, right=False, labels=[b[0] for b in LATER_BINS]))
    later = later.dropna(subset=["bin"]).astype({"bin": int})
    counts = later.groupby(["area", "bin"]).size().rename("minors").reset_index()
    out = _fill(_spine(area=_areas(f), bin=[b[0] for b in LATER_BINS]), counts, ["area", "bin"]).fillna(0)
    out["total"] = out["area"].map(later.groupby("area").size()).fillna(0)
    out["share_pct"] = _pct(out["minors"], out["total"])
    return out


def _cohort(d: dict, f: F) -> pd.DataFrame:
    rs = d["residential_stays"]
    return _scoped(rs[_mask(rs, f, "covid_home_on", modules=False)], f)


def residential_covid_cohort_total(d: dict, f: F) -> pd.DataFrame:
    s = _cohort(d, f)
    per = pd.DataFrame(
        {
            "children": s.groupby("area")["minor_id"].nunique(),
            "with_context_support": s[s["context_support"]].groupby("area")["minor_id"].nunique(),
            "came_back": s[s["covid_return_on"].notna()].groupby("area")["minor_id"].nunique(),
        }
    )
    out = pd.DataFrame({"area": _areas(f)}).join(per, on="area").fillna(0)
    out["context_support_pct"] = _pct(out["with_context_support"], out["children"])
    out["came_back_pct"] = _pct(out["came_back"], out["children"])
    return out


def residential_covid_cohort(d: dict, f: F) -> pd.DataFrame:
    rs = d["residential_stays"]
    s = _cohort(d, f)
    bands = (
        rs["age_band"].unique()
        if not f.age_bands
        else [a for a in rs["age_band"].unique() if a in f.age_bands]
    )
    per_band = s.groupby(["area", "age_band"])["minor_id"].nunique().rename("children").reset_index()
    out = _fill(_spine(area=_areas(f), age_band=sorted(bands)), per_band, ["area", "age_band"]).fillna(0)
    out["total"] = out["area"].map(s.groupby("area")["minor_id"].nunique()).fillna(0)
    out["share_pct"] = _pct(out["children"], out["total"])
    return out


def residential_covid_return_curve(d: dict, f: F) -> pd.DataFrame:
    s = _cohort(d, f)
    cohort = s.groupby(["area", "context_support"])["minor_id"].nunique().rename("went_home")
    parts = []
    for months in range(25):
        back = s[
            (s["covid_return_on"] >= s["covid_home_on"])
            & (s["covid_return_on"] <= s["covid_home_on"] + pd.DateOffset(months=months))
        ]
        n = back.groupby(["area", "context_support"])["minor_id"].nunique().rename("back").reset_index()
        parts.append(n.assign(months=months))
    back = pd.concat(parts)
    spine = _spine(area=_areas(f), context_support=[True, False], months=list(range(25)))
    out = spine.join(cohort, on=["area", "context_support"]).merge(
        back, on=["area", "context_support", "months"], how="left"
    )
    out = out.fillna({"went_home": 0, "back": 0})
    out["back_pct"] = _pct(out["back"], out["went_home"])
    return out


def residential_covid_return(d: dict, f: F) -> pd.DataFrame:
    s = _cohort(d, f)
    cols = {}
    keys = ["area", "context_support"]
    cols["went_home"] = s.groupby(keys)["minor_id"].nunique()
    for m in (3, 6, 12):
        ok = (s["covid_return_on"] >= s["covid_home_on"]) & (
            s["covid_return_on"] <= s["covid_home_on"] + pd.DateOffset(months=m)
        )
        cols[f"back_{m}m"] = s[ok].groupby(keys)["minor_id"].nunique()
    per = pd.DataFrame(cols)
    out = _spine(area=_areas(f), context_support=[True, False]).join(per, on=keys).fillna(0)
    for m in (3, 6, 12):
        out[f"back_{m}m_pct"] = _pct(out[f"back_{m}m"], out["went_home"])
    return out


def residential_waiting_occupancy(d: dict, f: F) -> pd.DataFrame:
    rs = d["residential_stays"]
    s = _scoped(rs[_mask(rs, f, modules=False)], f)
    rows = []
    for month in _months(f):
        end = month + pd.offsets.MonthEnd(0)
        if not (f.a <= end <= f.b):
            continue
        open_ = s["ended_on"].isna() | (s["ended_on"] > end)
        waiting = (s["indicated_on"] <= end) & (s["started_on"].isna() | (s["started_on"] > end)) & open_
        occupied = (s["started_on"] <= end) & open_
        counts = pd.DataFrame({"waiting": waiting, "occupied": occupied}).groupby(s["area"]).sum()
        rows.append(counts.assign(month_end=end).reset_index())
    out = pd.concat(rows, ignore_index=True)
    return out[["area", "month_end", "waiting", "occupied"]]


def residential_stay_by_covid_period(d: dict, f: F) -> pd.DataFrame:
    rs = d["residential_stays"]
    m = (
        _mask(rs, f, "ended_on", modules=False)
        & rs["started_on"].notna()
        & (rs["ended_on"] >= rs["started_on"])
    )
    s = _scoped(rs[m], f)
    year = s["ended_on"].dt.year
    s = s.assign(
        covid_period=np.where(year <= 2019, "before", np.where(year <= 2021, "during", "after")),
        stay_days=(s["ended_on"] - s["started_on"]).dt.days,
        naar_huis=s["end_reason"] == "naar_huis",
    )
    g = s.groupby(["area", "covid_period"]).agg(
        ended=("stay_days", "size"), median_days=("stay_days", "median"), naar_huis=("naar_huis", "sum")
    )
    out = _fill(
        _spine(area=_areas(f), covid_period=["before", "during", "after"]),
        g.reset_index(),
        ["area", "covid_period"],
    )
    out = out.fillna({"ended": 0, "naar_huis": 0})
    out["naar_huis_pct"] = _pct(out["naar_huis"], out["ended"])
    return out


def crisis_stay_carrousel(d: dict, f: F) -> pd.DataFrame:
    ct = d["crisis_trajectories"]
    m = _mask(ct, f, "registered_on", modules=False) & (ct["module"] == "crisisverblijf")
    s = _scoped(ct.loc[m, ["region", "minor_id", "registered_on"]], f)
    s = s.sort_values(["area", "minor_id", "registered_on"], ignore_index=True)
    # Stays of the same minor within [day, day + 365]: one sorted key, two binary searches.
    group = s.groupby(["area", "minor_id"], sort=False).ngroup().to_numpy(np.int64)
    days = (s["registered_on"].to_numpy("datetime64[D]").astype(np.int64) - 0).astype(np.int64)
    key = group * 100_000 + (days - days.min() if len(days) else days)
    window = np.searchsorted(key, key + 365, side="right") - np.arange(len(key))
    per_minor = pd.DataFrame({"area": s["area"], "g": group, "w": window}).groupby(["area", "g"])["w"].max()
    buckets = per_minor.clip(upper=4).rename("crisis_stays").reset_index()
    counts = buckets.groupby(["area", "crisis_stays"]).size().rename("minors").reset_index()
    out = _fill(_spine(area=_areas(f), crisis_stays=[1, 2, 3, 4]), counts, ["area", "crisis_stays"]).fillna(0)
    out["total"] = out["area"].map(buckets.groupby("area").size()).fillna(0)
    out["share_pct"] = _pct(out["minors"], out["total"])
    return out


# --- the pages ------------------------------------------------------------------------------------

Indicator = Callable[[dict, F], pd.DataFrame]

# The named queries the baseline reproduces; a page's baseline is the sum over the queries that page
# sent to DuckDB in its timed runs (as recorded by bench.pages), so it follows the pages as they change.
INDICATORS: dict[str, Indicator] = {
    fn.__name__: fn
    for fn in (
        kerncijfers_by_year,
        kerncijfers_totals,
        goal_attainment,
        extension_rate,
        registrations_monthly,
        seasonal_index,
        registrations_by_weekday,
        extension_rate_yearly,
        extension_rate_by_module,
        duration_distribution_total,
        time_to_start_yearly,
        referral_flows,
        referral_rates,
        not_started_minors,
        not_started_monthly,
        started_later_days,
        residential_covid_cohort_total,
        residential_covid_cohort,
        residential_covid_return_curve,
        residential_covid_return,
        residential_waiting_occupancy,
        residential_stay_by_covid_period,
        crisis_stay_carrousel,
    )
}
# Metadata, not an indicator: a pandas app reads it once with the frames.
# The file's description and the public population figures (the rates' denominators, a table read
# as it is): no indicator to compute the pandas way.
NOT_INDICATORS = frozenset({"build_info", "population"})

# Key columns per indicator, to line pandas rows up with the query's rows in `--check`.
KEYS = {
    "kerncijfers_by_year": ["area", "year"],
    "kerncijfers_totals": ["area"],
    "goal_attainment": ["area", "year"],
    "extension_rate": ["area", "year", "module"],
    "registrations_monthly": ["area", "month"],
    "seasonal_index": ["area", "measure", "calendar_month"],
    "registrations_by_weekday": ["area", "weekday"],
    "extension_rate_yearly": ["area", "year"],
    "extension_rate_by_module": ["area", "module"],
    "duration_distribution_total": ["area", "bin"],
    "time_to_start_yearly": ["area", "year"],
    "referral_flows": ["area", "step", "source", "target"],
    "referral_rates": ["area", "year"],
    "not_started_minors": ["area"],
    "not_started_monthly": ["area", "month"],
    "started_later_days": ["area", "bin"],
    "residential_covid_cohort_total": ["area"],
    "residential_covid_cohort": ["area", "age_band"],
    "residential_covid_return_curve": ["area", "context_support", "months"],
    "residential_covid_return": ["area", "context_support"],
    "residential_waiting_occupancy": ["area", "month_end"],
    "residential_stay_by_covid_period": ["area", "covid_period"],
    "crisis_stay_carrousel": ["area", "crisis_stays"],
}


def filters_of(params: dict) -> F:
    """The filters a recorded call bound (parameters a query does not declare keep their default)."""
    values = {k: decode(v) for k, v in params.items()}
    kwargs: dict = {}
    for key in ("regions", "modules", "age_bands"):
        if key in values:
            kwargs[key] = tuple(values[key])
    for key in ("period_from", "period_to", "include_flanders"):
        if key in values:
            kwargs[key] = values[key]
    return F(**kwargs)


def distinct_runs(runs: list[dict]) -> list[list[dict]]:
    """One recorded run per filter combination (the timed runs alternate between a few)."""
    seen: dict[str, list[dict]] = {}
    for run in runs:
        seen.setdefault(json.dumps(run["combo"]), run["calls"])
    return list(seen.values())


def check(db: str, frames: dict, calls: dict) -> list[str]:
    """Compare every indicator with its named query for the recorded calls; returns mismatches."""
    import duckdb

    problems: list[str] = []
    con = duckdb.connect(db, read_only=True)
    done: set[str] = set()
    for runs in calls.values():
        for run in distinct_runs(runs):
            for call in run:
                name = call["name"]
                key = json.dumps([name, call["params"]], sort_keys=True)
                if name not in INDICATORS or key in done:
                    continue
                done.add(key)
                f = filters_of(call["params"])
                ours = INDICATORS[name](frames, f)
                params = {k: decode(v) for k, v in call["params"].items()}
                theirs = con.sql(call.get("sql") or query_sql(name), params=params).df()
                keys = KEYS[name]
                common = [c for c in ours.columns if c in theirs.columns and c not in keys]
                a = ours[keys + common].sort_values(keys, ignore_index=True)
                b = theirs[keys + common].sort_values(keys, ignore_index=True)
                if len(a) != len(b):
                    problems.append(f"{name} {f.regions}: {len(a)} rows, query {len(b)}")
                    continue
                for c in keys:
                    if not (a[c].astype(str).to_numpy() == b[c].astype(str).to_numpy()).all():
                        problems.append(f"{name} {f.regions}: key {c} differs")
                for c in common:
                    x = pd.to_numeric(a[c], errors="coerce").astype(float).to_numpy()
                    y = pd.to_numeric(b[c], errors="coerce").astype(float).to_numpy()
                    if not np.allclose(x, y, equal_nan=True, atol=0.051):
                        bad = int((~np.isclose(x, y, equal_nan=True, atol=0.051)).sum())
                        problems.append(f"{name} {f.regions}: column {c} differs in {bad} rows")
    con.close()
    return problems


def measure(db: str, calls: dict, repeats: int, do_check: bool) -> dict:
    began = time.perf_counter()
    frames = load(db)
    load_ms = (time.perf_counter() - began) * 1000
    out: dict = {"load_ms": load_ms, "loaded_rss_mb": peak_rss_mb(), "pages": {}, "missing": []}
    for page, runs in calls.items():
        name = page_name(page)
        times, per = [], {}
        for _ in range(repeats):
            for run in distinct_runs(runs):
                total, computed = 0.0, 0
                for call in run:
                    if call["name"] in NOT_INDICATORS:
                        continue
                    fn = INDICATORS.get(call["name"])
                    if fn is None:
                        if call["name"] not in out["missing"]:
                            out["missing"].append(call["name"])
                        continue
                    f = filters_of(call["params"])
                    t = time.perf_counter()
                    fn(frames, f)
                    ms = (time.perf_counter() - t) * 1000
                    per.setdefault(call["name"], []).append(ms)
                    total += ms
                    computed += 1
                if computed:
                    times.append(total)
        out["pages"][name] = {
            "pandas_ms": median(times),
            "pandas_ms_p95": percentile(times, 95),
            "indicators": {k: median(v) for k, v in per.items()},
        }
        if times:
            print(f"    pandas {name}: {median(times):.0f} ms", file=sys.stderr)
    out["peak_rss_mb"] = peak_rss_mb()
    if do_check:
        out["check"] = check(db, frames, calls)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.baseline")
    parser.add_argument("--db", required=True)
    parser.add_argument("--calls", required=True, help="the calls bench.pages recorded (JSON)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--check", action="store_true", help="compare with the named queries")
    parser.add_argument(
        "--memory-limit-gb",
        type=float,
        default=DEFAULT_LIMIT_GB,
        help=f"address-space limit: a baseline that does not fit fails alone (default {DEFAULT_LIMIT_GB:g})",
    )
    args = parser.parse_args(argv)
    if args.memory_limit_gb:
        # On a shared machine a baseline that does not fit must fail by itself (MemoryError), not
        # wake the kernel's OOM killer, which may pick another process.
        limit = int(args.memory_limit_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    with open(args.calls, encoding="utf-8") as fh:
        calls = json.load(fh)
    try:
        result = measure(args.db, calls, args.repeats, args.check)
    except MemoryError:
        result = {"error": f"MemoryError: the frames do not fit in {args.memory_limit_gb:g} GB"}
        result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
