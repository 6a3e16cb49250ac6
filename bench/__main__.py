"""python -m bench [--quick] [--engines sqlite,postgres] [--cases 1,2,3,4,5,6,7,8,9]"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from bench.config import ENGINES, FULL, QUICK
from bench.run import run_bench

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small data, short runs (≤ 1 min)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="sqlite,postgres")
    parser.add_argument("--cases", default="1,2,3,4,5,6,7,8,9", help="which cases, e.g. 1,3")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where latest.md/json go")
    args = parser.parse_args()
    engines = [engine.strip() for engine in args.engines.split(",") if engine.strip()]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    cases = {int(case) for case in args.cases.split(",") if case.strip()}
    table = asyncio.run(run_bench(QUICK if args.quick else FULL, engines, cases, args.out))
    print(table)


if __name__ == "__main__":
    main()
