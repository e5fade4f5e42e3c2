#!/usr/bin/python3
"""Plots question latency against corpus size from a bench/run result.

  bench/plot.py [bench/results/bench-full.json] [docs/perf-latency.png]
"""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "bench", "results", "bench-full.json")
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "docs", "perf-latency.png")
    res = json.load(open(src))
    sizes = res["sizes"]
    systems = [("ask_quifait", "quifait (units + evidence)", "C0", "o-"),
               ("ask_xapian", "bare Xapian (top 10 by unit)", "C1", "s--"),
               ("ask_postgres", "PostgreSQL FTS (ts_rank_cd)", "C3", "^-."),
               ("ask_sqlite", "SQLite FTS5 (bm25)", "C2", "d:")]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.4), sharey=True)
    for ax, pct in zip(axes, ["p50_ms", "p99_ms"]):
        for key, label, color, style in systems:
            xs, ys = [], []
            for size, r in sizes.items():
                if key in r:
                    xs.append(r["index_quifait"]["passages"])
                    ys.append(r[key]["latency"][pct])
            if xs:
                ax.plot(xs, ys, style, color=color, label=label, linewidth=2, markersize=7)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("passages in the index")
        ax.set_title(f"question latency, {pct.split('_')[0]}")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("milliseconds (log scale)")
    axes[1].legend(loc="upper left", fontsize=8)
    fig.suptitle(f"quifait vs baselines, same passages and {res['queries']} queries "
                 f"({res['machine']['cores']} cores, {res['machine']['date']})", fontsize=10)
    fig.tight_layout()
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    fig.savefig(dst, dpi=110)
    print(f"plot: wrote {dst}", file=sys.stderr)


if __name__ == "__main__":
    main()
