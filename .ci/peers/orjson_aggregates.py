#!/usr/bin/env python3
"""Peer benchmark: Python + orjson computing three aggregates over JSON lines.

Usage: orjson_aggregates.py FILE.jsonl   ("-" or no argument: stdin)

  * top 10 pages by page_view count (properties.page_url; missing or
    non-string -> "unknown"); ties broken by page name ascending
  * distinct user_id count (string user_ids only)
  * total revenue = sum of properties.amount over purchase events (numbers
    only), summed as IEEE doubles in file order, printed rounded to cents

Reads the file as binary lines and calls orjson.loads on each. Blank lines
are skipped; lines that fail to parse (or are not objects) are counted as
"bad" and skipped. The output format is identical to simdjson_aggregates
so the two can be diffed (the timing line goes to stderr).
"""
import sys
import time

import orjson


def main(argv):
    path = argv[1] if len(argv) > 1 else '-'
    f = sys.stdin.buffer if path == '-' else open(path, 'rb', buffering=1 << 20)
    t0 = time.perf_counter()
    loads = orjson.loads
    pages = {}
    users = set()
    add_user = users.add
    revenue = 0.0
    events = 0
    bad = 0
    for line in f:
        try:
            e = loads(line)
            action = e.get('action')
        except (orjson.JSONDecodeError, AttributeError):
            if line.strip():
                bad += 1
            continue
        events += 1
        u = e.get('user_id')
        if type(u) is str:
            add_user(u)
        if action == 'page_view':
            props = e.get('properties')
            p = props.get('page_url') if type(props) is dict else None
            if type(p) is not str:
                p = 'unknown'
            pages[p] = pages.get(p, 0) + 1
        elif action == 'purchase':
            props = e.get('properties')
            if type(props) is dict:
                a = props.get('amount')
                if type(a) is float or type(a) is int:  # bool is excluded: type(True) is bool
                    revenue += a
    dt = time.perf_counter() - t0
    top = sorted(pages.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    out = [f"events={events} bad={bad}",
           f"distinct_users={len(users)}",
           f"revenue={revenue:.2f}",
           "top_pages:"]
    out += [f"{c} {p}" for p, c in top]
    print("\n".join(out))
    print(f"seconds={dt:.3f} events_per_s={events / dt if dt > 0 else 0:.0f}", file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv)
