"""Independent reference for the exact bootstrap values in inference.test.ts and distribution.test.ts.

Written from the definitions (mulberry32, resampling with replacement, Hyndman & Fan type 7
quantiles), not translated from src/stats/bootstrap.ts, so that a test asserting these
numbers checks the TypeScript against a second implementation. Standard library only:

    python3 test/stats/bootstrap-reference.py
"""

MASK = 0xFFFFFFFF


def mulberry32(seed):
    state = seed & MASK

    def draw():
        nonlocal state
        state = (state + 0x6D2B79F5) & MASK
        t = state
        t = ((t ^ (t >> 15)) * (t | 1)) & MASK
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & MASK)) & MASK
        return ((t ^ (t >> 14)) & MASK) / 4294967296

    return draw


def quantile(sorted_values, q):
    position = (len(sorted_values) - 1) * q
    lower = int(position)
    upper = lower if position == lower else lower + 1
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * (position - lower)


def median(values):
    return quantile(sorted(values), 0.5)


def resample(values, draw):
    return [values[int(draw() * len(values))] for _ in values]


def central(estimates, confidence):
    tail = (1 - confidence) / 2
    ordered = sorted(estimates)
    return [quantile(ordered, tail), quantile(ordered, 1 - tail)]


def interval(values, resamples, seed, confidence):
    draw = mulberry32(seed)
    return central([median(resample(values, draw)) for _ in range(resamples)], confidence)


def ratio_interval(a, b, resamples, seed, confidence):
    draw = mulberry32(seed)
    estimates = []
    for _ in range(resamples):
        numerator = median(resample(a, draw))  # a first, then b: the same order of draws
        estimates.append(numerator / median(resample(b, draw)))
    return central(estimates, confidence)


DEFAULT = {"resamples": 10_000, "seed": 20261126, "confidence": 0.95}
UNEVEN_A = [2.3, 2.9, 2.5, 3.4, 2.7, 3.1]
UNEVEN_B = [1.0, 1.4, 1.1, 1.25, 0.95]
SPREAD = [1.21, 1.05, 1.33, 0.98, 1.12, 1.27, 1.01, 1.18, 1.4, 1.09]
BASE = [1.0, 1.02, 0.98, 1.01, 0.99]

if __name__ == "__main__":
    draw = mulberry32(1)
    print("mulberry32(1):", [draw() for _ in range(3)])
    for seed in (1, 2):
        for confidence in (0.5, 0.8, 0.95, 0.99):
            print(f"SPREAD, 101 resamples, seed {seed}, {confidence}:", interval(SPREAD, 101, seed, confidence))
    print("8 values, defaults:", interval([10.2, 10.4, 9.9, 10.1, 10.3, 10.0, 10.5, 9.8], **DEFAULT))
    print("6 x BASE / BASE, defaults:", ratio_interval([v * 6 for v in BASE], BASE, **DEFAULT))
    print("BASE / 4 x BASE, defaults:", ratio_interval(BASE, [v * 4 for v in BASE], **DEFAULT))
    print("UNEVEN_A / UNEVEN_B, 1000 resamples, seed 3, 0.9:", ratio_interval(UNEVEN_A, UNEVEN_B, 1000, 3, 0.9))
    print("round medians [3, 3.1, 2.9], 2000 resamples, seed 1:", interval([3, 3.1, 2.9], 2000, 1, 0.95))
