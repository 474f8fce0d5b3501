"""Reference values for test/stats/paired.test.ts and test/stats/median-interval.test.ts.

Run with SciPy 1.17.1 and NumPy 2.4.6 (python3 -m venv /tmp/scipy-venv &&
/tmp/scipy-venv/bin/pip install scipy==1.17.1 && /tmp/scipy-venv/bin/python
test/stats/scipy-reference.py); every number it prints is hard-coded in the tests.
"""
import math

import numpy as np
import scipy
from scipy import stats

print("scipy", scipy.__version__, "numpy", np.__version__)

# Wilcoxon signed-rank, SciPy's defaults (zero_method="wilcox", correction=False, method="auto").
WILCOXON = {
    "exact, all positive, n=6": [0.01, 0.02, 0.03, 0.04, 0.05, 0.06],
    "exact, mixed, n=8": [0.12, -0.05, 0.08, 0.31, -0.02, 0.17, 0.09, 0.04],
    "exact, mostly negative, n=10": [-0.3, -0.11, 0.05, -0.21, -0.08, -0.15, 0.02, -0.26, -0.19, -0.04],
    "exact, n=50": [(-1 if i % 3 == 0 else 1) * (0.01 * i + 0.0001 * i * i) for i in range(1, 51)],
    "ties, n=8 (permutation)": [0.5, 0.5, -0.25, 1.0, 1.0, 2.0, -0.5, 1.5],
    "zeros, n=7 (permutation)": [0.0, 0.5, 1.0, 1.5, -0.25, 2.0, 0.0],
    "zero and one value": [0.0, 0.3],
    "ties, n=20 (approx)": [0.25 * (i % 7 - 2) or 0.125 for i in range(20)],
    "zeros, n=16 (approx)": [0.0, 0.0] + [(-1) ** (i // 3) * (0.1 + 0.013 * i) for i in range(14)],
    "n=51 (approx)": [(-1 if i % 3 == 0 else 1) * (0.01 * i + 0.0001 * i * i) for i in range(1, 52)],
    "n=51 with ties (approx)": [((i * 29) % 103 - 60) / 100 for i in range(1, 52)],
    "n=60 all positive (approx)": [0.001 * i for i in range(1, 61)],
}
for name, x in WILCOXON.items():
    print(f"wilcoxon {name}: {x!r} -> {stats.wilcoxon(x).pvalue!r}")

# t-interval of the mean: stats.t.interval(0.95, n - 1, loc=mean, scale=sem).
T_INTERVAL = {
    "two values": [1.0, 2.0],
    "five values": [0.1, 0.12, 0.09, 0.15, 0.11],
    "eight logs": [math.log(v) for v in [1.08, 1.12, 1.1, 1.09, 1.13, 1.07, 1.11, 1.1]],
}
for name, x in T_INTERVAL.items():
    a = np.array(x)
    print(f"t-interval {name}: {x!r} -> {stats.t.interval(0.95, len(a) - 1, loc=a.mean(), scale=stats.sem(a))!r}")

# A paired ratio: per block log(candidate / baseline), per session the median of its
# blocks, then exp(mean), exp(t-interval) and the signed-rank p of the session values.
PAIRED = [  # (session, candidate_ms, baseline_ms), three blocks per session
    (1, 1.10, 1.00), (1, 1.32, 1.21), (1, 1.05, 0.97),
    (2, 2.31, 2.02), (2, 2.20, 2.05), (2, 2.26, 2.01),
    (3, 0.98, 0.91), (3, 1.02, 0.90), (3, 0.99, 0.93),
    (4, 1.45, 1.31), (4, 1.40, 1.33), (4, 1.47, 1.30),
    (5, 1.16, 1.07), (5, 1.21, 1.06), (5, 1.12, 1.05),
    (6, 1.66, 1.49), (6, 1.70, 1.58), (6, 1.62, 1.50),
]
sessions = sorted({s for s, _, _ in PAIRED})
values = np.array([np.median([math.log(c / b) for s2, c, b in PAIRED if s2 == s]) for s in sessions])
low, high = stats.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=stats.sem(values))
print("paired ratio", math.exp(values.mean()), [math.exp(low), math.exp(high)], stats.wilcoxon(values).pvalue)

# Coverage of [x_(k), x_(n-k+1)] as an interval of the median: 1 - 2 * P(Binomial(n, 1/2) <= k - 1).
# The interval chosen: the largest k whose coverage is at least 0.95 (k = 1 when none is).
for n in [2, 3, 5, 6, 8, 10, 20, 50, 100]:
    coverage = {k: 1 - 2 * stats.binom.cdf(k - 1, n, 0.5) for k in range(1, n // 2 + 1)}
    k = max([k for k, c in coverage.items() if c >= 0.95], default=1)
    print(f"coverage n={n}: k={k} {coverage[k]!r}")
