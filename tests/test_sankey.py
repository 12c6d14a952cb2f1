"""The referral Sankey's layout: nodes as tall as their trajectories, links as thick as theirs."""

from __future__ import annotations

import polars as pl
import pytest

from present import charts

LINKS = pl.DataFrame(
    {
        "step": [1, 1, 2, 2, 3],
        "source": ["crisisverblijf", "crisishulp_aan_huis", "referred", "referred", "inside_opgroeien"],
        "target": ["referred", "referred", "inside_opgroeien", "outside_opgroeien", "oog"],
        "value": [100, 60, 90, 70, None],  # the last link is hidden ('<10')
    }
)


def test_nodes_stand_in_their_columns_as_tall_as_their_trajectories() -> None:
    """160 trajectories reach 'referred' (100 + 60); every node's height is its trajectories
    times one scale, the columns follow the steps, and the hidden link draws nothing (so its
    destination is not drawn either)."""
    nodes, bands = charts.sankey_layout(
        LINKS, node_names={"referred": "doorverwezen"}, inside={"inside_opgroeien"}
    )
    by_node = {row["node"]: row for row in nodes.iter_rows(named=True)}
    assert set(by_node) == {
        "crisisverblijf",
        "crisishulp_aan_huis",
        "referred",
        "inside_opgroeien",
        "outside_opgroeien",
    }
    assert by_node["referred"]["value"] == 160 and by_node["referred"]["name"] == "doorverwezen"
    heights = {n: r["y2"] - r["y"] for n, r in by_node.items()}
    scale = heights["referred"] / 160
    for node, value in {
        "crisisverblijf": 100,
        "crisishulp_aan_huis": 60,
        "inside_opgroeien": 90,
        "outside_opgroeien": 70,
    }.items():
        assert heights[node] == pytest.approx(value * scale)
    assert [by_node[n]["x"] for n in ("crisisverblijf", "referred", "inside_opgroeien")] == sorted(
        by_node[n]["x"] for n in ("crisisverblijf", "referred", "inside_opgroeien")
    )
    # Inside Opgroeien is drawn blue, outside orange: the legend's two colours.
    assert by_node["inside_opgroeien"]["colour"] == charts.INSIDE_COLOUR
    assert by_node["outside_opgroeien"]["colour"] == charts.OUTSIDE_COLOUR
    # Four links drawn, each a band as thick as its value.
    assert bands["link"].n_unique() == 4
    thick = bands.group_by("link").agg(
        (pl.col("y2") - pl.col("y")).first().alias("t"), pl.col("value").first()
    )
    for t, value in thick.select("t", "value").iter_rows():
        assert t == pytest.approx(value * scale)


def test_the_sankey_is_a_chart_with_dutch_numbers_and_downloads() -> None:
    """The Sankey is a Vega-Lite chart like the others: it exports (PNG/SVG downloads work on it)
    and writes its tooltip numbers with the view's locale (14.190 in Dutch, not 14,190)."""
    big = LINKS.with_columns(pl.col("value") * 100)
    chart = charts.sankey(big, node_names={}, inside={"inside_opgroeien"}, lang="nl")
    spec = chart.to_dict()
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    tooltip = spec["layer"][0]["encoding"]["tooltip"]
    assert {"field": "value", "format": ",d", "title": "Trajecten", "type": "quantitative"} in tooltip
