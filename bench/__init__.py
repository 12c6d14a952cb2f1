"""The performance benchmark: every page's server-side run against DuckDB's floor and a pandas baseline.

`python -m bench --scales 1,100,1000 --json PATH` (see `bench/__main__.py` and docs/PERFORMANCE.md).
Each measurement runs in its own process so one does not inflate the other's memory or caches:

* `bench.datafiles`  builds (or reuses) the synthetic data file of each scale under bench/data/;
* `bench.pages`      runs every page in Streamlit's AppTest and records the named queries it runs;
* `bench.floor`      replays exactly those queries on a plain DuckDB cursor (the physical floor);
* `bench.baseline`   the same indicators the way a typical Streamlit app would: pandas on frames
                     loaded into memory once;
* `bench.coldstart`  `streamlit run` as a subprocess, timed from process start to a rendered page;
* `bench.report`     the JSON records, the table and which budgets hold.
"""
