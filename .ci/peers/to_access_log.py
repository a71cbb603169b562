#!/usr/bin/env python3
"""Convert eventtop JSON-lines events into Apache "combined" access-log lines.

Usage: to_access_log.py IN.jsonl [OUT.log]     (IN may be "-" for stdin;
                                               OUT defaults to stdout)

One log line per event:
  <ip> - - [27/Nov/2026:08:00:00 +0000] "GET <path> HTTP/1.1" 200 <bytes> "<referrer>" "<user agent>"

  ip         derived from user_id: "u<N>" -> 10.<N>>16&255>.<N>>8&255>.<N&255>
             (other ids: a stable CRC32 of the id, in 10.0.0.0/8)
  timestamp  the event's naive ISO-8601 UTC timestamp, fraction dropped
  path       page_view        -> properties.page_url
             search           -> /search?q=<url-encoded query>
             add_to_cart      -> /cart/add?product_id=<id>&quantity=<q>
             remove_from_cart -> /cart/remove?product_id=<id>&quantity=<q>
             purchase         -> /checkout/complete?order_id=<id>&items=<n>
             anything else    -> /<action>
  status     200
  bytes      deterministic pseudo size (1000 + crc32(path) % 50000)
  referrer   properties.referrer, or "-" when missing/null
  user agent one of a few real-world UA strings, chosen by user id
"""
import json
import sys
import zlib
from urllib.parse import quote

MONTHS = ['', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun',
          'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

USER_AGENTS = [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
    'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0',
]


def user_number(uid):
    if isinstance(uid, str) and uid[:1] == 'u' and uid[1:].isdigit():
        return int(uid[1:])
    return zlib.crc32(str(uid).encode('utf-8'))


def clf_time(ts):
    # "2026-11-27T08:00:00[.ffffff]" -> "27/Nov/2026:08:00:00 +0000"
    return '%s/%s/%s:%s +0000' % (ts[8:10], MONTHS[int(ts[5:7])], ts[0:4], ts[11:19])


def q(v):
    return quote(str(v), safe='')


def request_path(action, props):
    if action == 'page_view':
        p = props.get('page_url')
        return p if isinstance(p, str) and p.startswith('/') else '/unknown'
    if action == 'search':
        return '/search?q=' + q(props.get('query', ''))
    if action == 'add_to_cart':
        return '/cart/add?product_id=%s&quantity=%s' % (q(props.get('product_id', '')), q(props.get('quantity', '')))
    if action == 'remove_from_cart':
        return '/cart/remove?product_id=%s&quantity=%s' % (q(props.get('product_id', '')), q(props.get('quantity', '')))
    if action == 'purchase':
        return '/checkout/complete?order_id=%s&items=%s' % (q(props.get('order_id', '')), q(props.get('items', '')))
    return '/' + q(action)


def convert(inp, out):
    n = 0
    write = out.write
    for line in inp:
        if not line.strip():
            continue
        e = json.loads(line)
        props = e.get('properties') or {}
        num = user_number(e.get('user_id'))
        ip = '10.%d.%d.%d' % ((num >> 16) & 255, (num >> 8) & 255, num & 255)
        path = request_path(e.get('action'), props)
        # keep the request line parseable: no spaces or quotes in the path
        path = path.replace(' ', '%20').replace('"', '%22')
        ref = props.get('referrer')
        ref = ref.replace('"', '%22') if isinstance(ref, str) and ref else '-'
        size = 1000 + zlib.crc32(path.encode('utf-8')) % 50000
        ua = USER_AGENTS[num % len(USER_AGENTS)]
        write('%s - - [%s] "GET %s HTTP/1.1" 200 %d "%s" "%s"\n'
              % (ip, clf_time(e['timestamp']), path, size, ref, ua))
        n += 1
    return n


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    inp = sys.stdin.buffer if argv[1] == '-' else open(argv[1], 'rb')
    out = open(argv[2], 'w', encoding='utf-8', buffering=1 << 20) if len(argv) > 2 else sys.stdout
    n = convert(inp, out)
    out.flush()
    print(f"converted {n} events", file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv)
