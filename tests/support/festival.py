"""A generated festival for tests, benchmarks and soaks: by default 3 days, 40 rooms,
2,000 sessions and 800 speakers (the scale of a large conference), as schedule.yaml text.
``python benchmarks/festival.py OUT.yaml`` writes one to a file.
"""

from __future__ import annotations

import datetime as dt
import random

WORDS = ("wijk", "werk", "armoede", "wonen", "gezondheid", "data", "stad", "energie",
         "onderwijs", "zorg", "jeugd", "mobiliteit", "cultuur", "sport", "klimaat", "recht")
KINDS = ("talk", "talk", "talk", "workshop", "panel")


def festival(days: int = 3, rooms: int = 40, sessions: int = 2000, speakers: int = 800,
             seed: int = 1, first_day: dt.date = dt.date(2024, 6, 12)) -> str:
    """The YAML text of a festival; the same arguments give the same text."""
    rng = random.Random(seed)
    lines = [
        "event:",
        "  title: Festival van de Stad",
        "  subtitle: Drie dagen, veertig zalen",
        "  venue: Congrescentrum",
        "  timezone: Europe/Amsterdam",
        "speakers:",
    ]
    for number in range(speakers):
        lines += [f"  s{number}:", f"    name: Spreker {number} {rng.choice(WORDS).title()}",
                  f"    role: onderzoeker {rng.choice(WORDS)} en {rng.choice(WORDS)}"]
    lines.append("days:")
    per_day = [sessions // days + (1 if d < sessions % days else 0) for d in range(days)]
    speaker = 0
    for day in range(days):
        lines += [f"  - date: {first_day + dt.timedelta(days=day)}", "    sessions:"]
        per_room = [per_day[day] // rooms + (1 if r < per_day[day] % rooms else 0)
                    for r in range(rooms)]
        for room, count in enumerate(per_room):
            start = 8 * 60
            for slot in range(count):
                length = rng.choice((30, 40, 45, 45))
                end = min(start + length, 24 * 60)
                if end <= start:
                    break
                kind = "break" if slot and slot % 5 == 0 else rng.choice(KINDS)
                title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 9))).title()
                lines += [f"      - time: {start // 60:02d}.{start % 60:02d} - "
                          f"{end // 60:02d}.{end % 60:02d}",
                          f"        title: {title}",
                          f"        kind: {kind}",
                          f"        room: Zaal {room + 1}"]
                if kind != "break":
                    chosen = sorted({(speaker + i) % speakers for i in range(rng.randint(1, 2))})
                    speaker += len(chosen)
                    lines.append(f"        speakers: [{', '.join(f's{s}' for s in chosen)}]")
                start = end + rng.choice((0, 5, 10))
    return "\n".join(lines) + "\n"

