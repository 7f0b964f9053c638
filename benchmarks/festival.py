"""Write a generated festival (tests/support/festival.py) to a file, for benchmarks and
by hand.

    python benchmarks/festival.py OUT.yaml [--days 3] [--rooms 40] [--sessions 2000]
                                           [--speakers 800] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from support.festival import festival


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--rooms", type=int, default=40)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--speakers", type=int, default=800)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    options.output.write_text(festival(options.days, options.rooms, options.sessions,
                                       options.speakers, options.seed), encoding="utf-8")


if __name__ == "__main__":
    main()
