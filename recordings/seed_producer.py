#!/usr/bin/env python3
"""Writes recordings/seed-producer.jsonl: events in exactly the shape the seed's EventProducer
(section 1 of the architecture document) sends to the `realtime_events` topic.

    event = {'event_id': str(uuid.uuid4()), 'user_id': user_id, 'action': action,
             'properties': properties or {}, 'timestamp': datetime.now().isoformat(),
             'session_id': self.get_session_id(user_id)}
    value_serializer=lambda v: json.dumps(v).encode('utf-8')

So: json.dumps with its default separators (", " and ": "), naive timestamps from
datetime.isoformat(), which drops the fraction when the microseconds are zero, and referrer null
for direct visits. The clock and the randomness are seeded so the file is reproducible:

    python3 recordings/seed_producer.py > recordings/seed-producer.jsonl
"""
import json
import random
import uuid
from datetime import datetime, timedelta

rng = random.Random(20261127)
clock = datetime(2026, 11, 27, 9, 0, 0)
PAGES = ["/", "/pricing", "/products", "/products/shoes", "/products/bags", "/cart", "/checkout",
         "/blog/black-friday-deals", "/about", "/search"]
REFERRERS = [None, None, "https://www.google.com/", "https://t.co/abc", "https://news.ycombinator.com/"]
sessions = {}


def get_session_id(user_id):
    # The seed leaves get_session_id to the application; a session per user per visit here.
    if user_id not in sessions or rng.random() < 0.02:
        sessions[user_id] = "sess-" + uuid.UUID(int=rng.getrandbits(128)).hex[:12]
    return sessions[user_id]


def track_user_action(user_id, action, properties=None):
    event = {
        "event_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "user_id": user_id,
        "action": action,
        "properties": properties or {},
        "timestamp": clock.isoformat(),
        "session_id": get_session_id(user_id),
    }
    print(json.dumps(event))


def track_page_view(user_id, page_url, referrer=None):
    track_user_action(user_id, "page_view", {"page_url": page_url, "referrer": referrer})


for n in range(6000):
    # About ten events a second; now and then exactly on a whole second, as a real clock can be.
    clock += timedelta(microseconds=rng.randint(1, 200_000))
    if rng.random() < 0.05:
        clock = clock.replace(microsecond=0) + timedelta(seconds=1)
    user = f"user-{int(rng.paretovariate(1.2)) % 900}"
    roll = rng.random()
    if roll < 0.8:
        track_page_view(user, rng.choice(PAGES), rng.choice(REFERRERS))
    elif roll < 0.93:
        track_user_action(user, "add_to_cart", {"product_id": f"sku-{rng.randint(1, 80)}", "price": round(rng.uniform(5, 120), 2)})
    elif roll < 0.97:
        track_user_action(user, "search", {"query": rng.choice(["shoes", "winter coat", "gift"])})
    else:
        track_user_action(user, "purchase", {"order_id": f"ord-{n}", "total_amount": round(rng.uniform(15, 400), 2),
                                             "items": rng.randint(1, 4)})
