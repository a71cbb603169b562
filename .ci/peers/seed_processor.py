#!/usr/bin/env python3
"""Peer benchmark: the seed's naive RealTimeProcessor, fed from a JSON-lines file.

Source: /work/shared/seed/000_a1f0f8c612a5b24d.txt, section 1
("Real-time Analytics Pipeline"), class RealTimeProcessor.

Faithful to the seed's per-event logic:
  * update_metrics: active_users set, page_views counter, per-user session list
    append + the "clean up old sessions" list comprehension that re-parses every
    stored timestamp of that user with time.strptime/time.mktime on every event
    (the comparison against `cutoff_time = time.time() - 1800` is kept exactly
    as written, even though it is odd: it keeps every event whose timestamp is
    less than ~57 years old, so the lists are effectively never pruned and the
    per-event cost grows with the user's event count);
  * check_alerts: purchase alert (f-string formatted) and >100-events alert;
  * update_dashboard after EVERY event (len/sum/sort of page_views, top 10).

Changes from the seed (and only these):
  * KafkaConsumer replaced by reading the JSON-lines file (or stdin when the
    argument is "-" or missing): value = json.loads(line.decode('utf-8')),
    key = event['user_id'] -- the same deserialisation the seed configured.
  * send_alert / send_to_dashboard are no-ops that only count calls (the seed
    never defined them).
  * timestamps without a fractional part ("2026-11-27T08:00:00") fall back to
    the '%Y-%m-%dT%H:%M:%S' format instead of raising ValueError.

Prints a small summary (so the work cannot be optimised away) and events/s.
"""
import json
import sys
import time
from collections import defaultdict

_FMT_FRAC = '%Y-%m-%dT%H:%M:%S.%f'
_FMT_NOFRAC = '%Y-%m-%dT%H:%M:%S'


def _strptime(ts):
    # The seed calls time.strptime(ts, '%Y-%m-%dT%H:%M:%S.%f') directly;
    # fall back to the no-fraction format so such events do not crash.
    try:
        return time.strptime(ts, _FMT_FRAC)
    except ValueError:
        return time.strptime(ts, _FMT_NOFRAC)


class _Message:
    __slots__ = ('key', 'value')

    def __init__(self, key, value):
        self.key = key
        self.value = value


class _FileConsumer:
    """Stands in for KafkaConsumer: yields messages with .key and .value."""

    def __init__(self, stream):
        self.stream = stream

    def __iter__(self):
        value_deserializer = lambda x: json.loads(x.decode('utf-8'))
        for raw in self.stream:
            if not raw.strip():
                continue
            event = value_deserializer(raw)
            yield _Message(event['user_id'], event)


class RealTimeProcessor:
    def __init__(self, stream):
        self.consumer = _FileConsumer(stream)

        # In-memory state for real-time aggregations
        self.user_sessions = defaultdict(list)
        self.page_views = defaultdict(int)
        self.active_users = set()

        # benchmark bookkeeping (not part of the seed)
        self.events = 0
        self.alerts = 0
        self.dashboard_updates = 0
        self.last_metrics = None

    def process_events(self):
        for message in self.consumer:
            event = message.value
            user_id = message.key

            # Update real-time metrics
            self.update_metrics(event, user_id)

            # Send alerts for specific conditions
            self.check_alerts(event, user_id)

            # Update dashboard
            self.update_dashboard()

            self.events += 1

    def update_metrics(self, event, user_id):
        # Track active users
        self.active_users.add(user_id)

        # Track page views
        if event['action'] == 'page_view':
            page = event['properties'].get('page_url', 'unknown')
            self.page_views[page] += 1

        # Track user session
        self.user_sessions[user_id].append(event)

        # Clean up old sessions (older than 30 minutes)  [logic kept as written]
        cutoff_time = time.time() - 1800
        self.user_sessions[user_id] = [
            e for e in self.user_sessions[user_id]
            if time.time() - time.mktime(_strptime(e['timestamp'])) < cutoff_time
        ]

    def check_alerts(self, event, user_id):
        # Alert on high-value actions
        if event['action'] == 'purchase':
            self.send_alert(f"Purchase detected for user {user_id}: {event['properties']}")

        # Alert on unusual behavior
        if len(self.user_sessions[user_id]) > 100:
            self.send_alert(f"High activity detected for user {user_id}")

    def update_dashboard(self):
        # Send metrics to dashboard
        metrics = {
            'active_users': len(self.active_users),
            'total_page_views': sum(self.page_views.values()),
            'top_pages': dict(sorted(self.page_views.items(), key=lambda x: x[1], reverse=True)[:10])
        }

        # Send to dashboard topic
        self.send_to_dashboard(metrics)

    # --- sinks: no-ops that only count (the seed leaves them undefined) ---
    def send_alert(self, message):
        self.alerts += 1

    def send_to_dashboard(self, metrics):
        self.dashboard_updates += 1
        self.last_metrics = metrics


def main(argv):
    path = argv[1] if len(argv) > 1 else '-'
    stream = sys.stdin.buffer if path == '-' else open(path, 'rb')
    proc = RealTimeProcessor(stream)
    t0 = time.perf_counter()
    proc.process_events()
    dt = time.perf_counter() - t0
    m = proc.last_metrics or {}
    longest = max((len(v) for v in proc.user_sessions.values()), default=0)
    print(f"events={proc.events}")
    print(f"active_users={m.get('active_users')} total_page_views={m.get('total_page_views')}")
    print(f"alerts={proc.alerts} dashboard_updates={proc.dashboard_updates} "
          f"longest_session_list={longest}")
    print("top_pages=" + json.dumps(m.get('top_pages')))
    print(f"seconds={dt:.3f} events_per_s={proc.events / dt if dt > 0 else 0:.0f}")


if __name__ == '__main__':
    main(sys.argv)
