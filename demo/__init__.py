"""Synthetic demo data for the dashboard (never real data).

    from demo import generate
    counts = generate("data", seed=2020, scale=1)

or, from the command line: ``python -m demo --data DIR [--seed 2020] [--scale N]``.
"""
from .generate import build, generate

__all__ = ["build", "generate"]
