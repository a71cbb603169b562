#!/usr/bin/env bash
# Peer benchmark runner for eventtop.
#
# Usage: run-peers.sh FILE200K FILE2M
#   FILE200K  JSON-lines file for the (slow) seed RealTimeProcessor
#   FILE2M    JSON-lines file for every other peer
#
# Runs each peer ONCE with a warm page cache, timing it with
# /usr/bin/time -f "%e %M" (plus a nanosecond wall clock around it for the
# seconds column), and prints a Markdown table.
#
# Environment knobs (all optional):
#   SEED_LINES=N   feed the seed processor only the first N lines of FILE200K
#                  (its cost grows with the square of events per user: the
#                  whole 200k file takes tens of minutes; see README.txt)
#   ACCESS_LOG     Apache log derived from FILE2M (default: FILE2M with
#                  .jsonl replaced by .access.log); created, untimed, if
#                  missing or older than FILE2M
#   RESULTS_DIR    where outputs/logs go (default /tmp/peers-results)
#   PY             python with orjson (default .ci/peers/venv/bin/python)
#   SKIP           space-separated peer ids to skip: seed goaccess goaccess-min
#                  jq orjson simdjson cat cat-pipe
set -euo pipefail
export LC_ALL=C

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -ne 2 ]; then
  echo "usage: $0 FILE200K FILE2M" >&2
  exit 2
fi
F200K="$1"
F2M="$2"
for f in "$F200K" "$F2M"; do
  [ -r "$f" ] || { echo "cannot read $f" >&2; exit 2; }
done

PY="${PY:-$HERE/venv/bin/python}"
[ -x "$PY" ] || PY=python3
RESULTS_DIR="${RESULTS_DIR:-/tmp/peers-results}"
ACCESS_LOG="${ACCESS_LOG:-${F2M%.jsonl}.access.log}"
SKIP=" ${SKIP:-} "
SIMD="$HERE/simdjson_aggregates"
GNU_TIME=/usr/bin/time
GOACCESS_JSON=/tmp/goaccess.json
GOACCESS_MIN_JSON=/tmp/goaccess-min.json
# every panel except VISITORS and REQUESTS (panel names from goaccess(1), 1.7)
GOACCESS_IGNORE=(REQUESTS_STATIC NOT_FOUND HOSTS OS BROWSERS VISIT_TIMES VIRTUAL_HOSTS
                 REFERRERS REFERRING_SITES KEYPHRASES STATUS_CODES REMOTE_USER
                 CACHE_STATUS GEO_LOCATION MIME_TYPE TLS_TYPE)
GOACCESS_IGNORE_ARGS=()
for p in "${GOACCESS_IGNORE[@]}"; do GOACCESS_IGNORE_ARGS+=("--ignore-panel=$p"); done
JQ_PROG='reduce (inputs | select(.action=="page_view") | .properties.page_url) as $p ({}; .[$p] += 1) | to_entries | sort_by(-.value) | .[:10]'

# ---- preflight -------------------------------------------------------------
for t in goaccess jq "$GNU_TIME"; do
  command -v "$t" >/dev/null || { echo "missing $t: run $HERE/setup.sh" >&2; exit 1; }
done
"$PY" -c 'import orjson' 2>/dev/null || { echo "$PY lacks orjson: run $HERE/setup.sh" >&2; exit 1; }
if [ ! -x "$SIMD" ] || [ "$HERE/simdjson_aggregates.cpp" -nt "$SIMD" ]; then
  echo "# compiling simdjson_aggregates (untimed)" >&2
  g++ -O3 -march=native -std=c++20 -pthread "$HERE/simdjson_aggregates.cpp" -o "$SIMD" -lsimdjson
fi

mkdir -p "$RESULTS_DIR"
rm -f "$RESULTS_DIR"/*.out "$RESULTS_DIR"/*.err "$RESULTS_DIR"/*.time "$RESULTS_DIR/records.tsv"
T_START=$(date +%s%N)

if [ ! -s "$ACCESS_LOG" ] || [ "$F2M" -nt "$ACCESS_LOG" ]; then
  echo "# converting $F2M -> $ACCESS_LOG (untimed)" >&2
  "$PY" "$HERE/to_access_log.py" "$F2M" "$ACCESS_LOG"
fi

SEED_INPUT="$F200K"
if [ -n "${SEED_LINES:-}" ]; then
  SEED_INPUT="$RESULTS_DIR/seed-input-${SEED_LINES}.jsonl"
  head -n "$SEED_LINES" "$F200K" > "$SEED_INPUT"
fi

# untimed facts about the inputs
lines_of() { wc -l < "$1" | tr -d ' '; }
bytes_of() { stat -c %s "$1"; }
L2M=$(lines_of "$F2M");          B2M=$(bytes_of "$F2M")
LLOG=$(lines_of "$ACCESS_LOG");  BLOG=$(bytes_of "$ACCESS_LOG")
LSEED=$(lines_of "$SEED_INPUT"); BSEED=$(bytes_of "$SEED_INPUT")

# warm the page cache
echo "# warming page cache" >&2
cat "$F200K" "$F2M" "$ACCESS_LOG" "$SEED_INPUT" > /dev/null

# run_peer ID LABEL COMMAND_TEXT EVENTS BYTES STDOUT_FILE -- ARGV...
run_peer() {
  local id="$1" label="$2" cmdtext="$3" events="$4" bytes="$5" out="$6"
  shift 7
  if [[ "$SKIP" == *" $id "* ]]; then echo "# skipping $id" >&2; return; fi
  echo "# running $id: $cmdtext" >&2
  local tf="$RESULTS_DIR/$id.time" ef="$RESULTS_DIR/$id.err"
  local t0 t1 rc=0
  t0=$(date +%s%N)
  "$GNU_TIME" -f "%e %M" -o "$tf" "$@" > "$out" 2> "$ef" < /dev/null || rc=$?
  t1=$(date +%s%N)
  local e m
  read -r e m < <(tail -n 1 "$tf")
  if [ "$rc" -ne 0 ]; then
    echo "#   FAILED (exit $rc), see $ef" >&2
    label="$label (FAILED rc=$rc)"
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$label" "$cmdtext" "$events" "$bytes" \
    "$(( t1 - t0 ))" "$e" "$m" >> "$RESULTS_DIR/records.tsv"
  echo "#   wall $(awk -v ns=$(( t1 - t0 )) 'BEGIN{printf "%.3f", ns/1e9}') s (time: $e s, $m kB)" >&2
}

run_peer cat "cat baseline" "cat $F2M > /dev/null" "$L2M" "$B2M" /dev/null -- \
  cat "$F2M"
run_peer cat-pipe "cat through a pipe" "cat $F2M | cat > /dev/null" "$L2M" "$B2M" /dev/null -- \
  sh -c 'cat "$1" | cat > /dev/null' sh "$F2M"
run_peer simdjson "C++ simdjson On Demand (iterate_many)" "$SIMD $F2M" "$L2M" "$B2M" "$RESULTS_DIR/simdjson.out" -- \
  "$SIMD" "$F2M"
run_peer orjson "Python + orjson" "$PY $HERE/orjson_aggregates.py $F2M" "$L2M" "$B2M" "$RESULTS_DIR/orjson.out" -- \
  "$PY" "$HERE/orjson_aggregates.py" "$F2M"
run_peer goaccess "goaccess, default panels" "goaccess $ACCESS_LOG --log-format=COMBINED -o $GOACCESS_JSON" \
  "$LLOG" "$BLOG" "$RESULTS_DIR/goaccess.out" -- \
  goaccess "$ACCESS_LOG" --log-format=COMBINED -o "$GOACCESS_JSON"
run_peer goaccess-min "goaccess, visitors+requests only" \
  "goaccess $ACCESS_LOG --log-format=COMBINED --ignore-panel=<16 others> -o $GOACCESS_MIN_JSON" \
  "$LLOG" "$BLOG" "$RESULTS_DIR/goaccess-min.out" -- \
  goaccess "$ACCESS_LOG" --log-format=COMBINED "${GOACCESS_IGNORE_ARGS[@]}" -o "$GOACCESS_MIN_JSON"
run_peer jq "jq top pages" "jq -cn '<top-pages program>' $F2M" "$L2M" "$B2M" "$RESULTS_DIR/jq.out" -- \
  jq -cn "$JQ_PROG" "$F2M"
if [[ "$SKIP" != *" seed "* ]]; then
  # The seed re-parses every stored timestamp of the event's user on every
  # event and never prunes (see seed_processor.py), so its work is
  # sum over users of n(n+1)/2 strptime+mktime calls. Estimate it (untimed).
  SEED_PARSES=$(awk '{ if (match($0, /"user_id":"[^"]*"/)) { u = substr($0, RSTART, RLENGTH); c[u]++; t += c[u] } } END { printf "%.0f", t }' "$SEED_INPUT")
  echo "# note: seed processor input needs $SEED_PARSES timestamp parses (~9 us each here: ~$(( SEED_PARSES * 9 / 1000000 / 60 )) min)" >&2
fi
run_peer seed "seed RealTimeProcessor (Python)" "$PY $HERE/seed_processor.py $SEED_INPUT" "$LSEED" "$BSEED" \
  "$RESULTS_DIR/seed.out" -- \
  "$PY" "$HERE/seed_processor.py" "$SEED_INPUT"

T_END=$(date +%s%N)

# ---- report ----------------------------------------------------------------
{
  echo "| peer | command | events (or lines) | seconds | rate/s | MB/s | peak RSS |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
  awk -F'\t' '
    function commas(n,   s, r) { s = sprintf("%.0f", n); r = "";
      while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
      return s r }
    { secs = $6 / 1e9; rate = (secs > 0) ? $4 / secs : 0; mbs = (secs > 0) ? $5 / 1e6 / secs : 0;
      cmd = $3; gsub(/\|/, "\\|", cmd);
      printf "| %s | `%s` | %s | %.3f | %s | %.1f | %.1f MB |\n", $2, cmd, commas($4), secs, commas(rate), mbs, $8 / 1024 }
  ' "$RESULTS_DIR/records.tsv"
} > "$RESULTS_DIR/table.md"

echo
echo "Peer benchmark — $(date -u '+%Y-%m-%d %H:%M UTC') — $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
cat "$RESULTS_DIR/table.md"
echo
echo "seconds = wall clock (ns timer around /usr/bin/time); /usr/bin/time -f \"%e %M\" raw values:"
awk -F'\t' '{ printf "  %-13s %%e=%ss  %%M=%s kB\n", $1, $7, $8 }' "$RESULTS_DIR/records.tsv"
awk -F'\t' '$1 ~ /^cat/ { secs = $6 / 1e9; printf "  %s: %.2f GB/s\n", $1, $5 / 1e9 / secs }' "$RESULTS_DIR/records.tsv"
echo "MB/s uses the input each peer read: goaccess rows use the derived access log ($BLOG bytes), others the JSON file."
echo

# ---- sanity checks ---------------------------------------------------------
echo "checks:"
if [ -s "$RESULTS_DIR/simdjson.out" ] && [ -s "$RESULTS_DIR/orjson.out" ]; then
  if cmp -s "$RESULTS_DIR/simdjson.out" "$RESULTS_DIR/orjson.out"; then
    echo "  simdjson and orjson aggregates agree: $(grep -E '^(distinct_users|revenue)=' "$RESULTS_DIR/orjson.out" | tr '\n' ' ')"
  else
    echo "  MISMATCH between simdjson and orjson aggregates:"; diff "$RESULTS_DIR/orjson.out" "$RESULTS_DIR/simdjson.out" | sed 's/^/    /'
  fi
fi
for g in "$GOACCESS_JSON:goaccess" "$GOACCESS_MIN_JSON:goaccess-min"; do
  f="${g%%:*}"; id="${g##*:}"
  [[ "$SKIP" == *" $id "* ]] && continue
  [ -s "$f" ] && "$PY" - "$f" "$id" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1])); g = d['general']
print(f"  {sys.argv[2]}: total_requests={g['total_requests']} failed_requests={g['failed_requests']} "
      f"unique_visitors={g['unique_visitors']} panels={[k for k in d if k != 'general']}")
PYEOF
done
[ -s "$RESULTS_DIR/jq.out" ] && echo "  jq top page: $(cut -c1-80 "$RESULTS_DIR/jq.out")"
[ -s "$RESULTS_DIR/seed.out" ] && echo "  seed (first $LSEED lines of $F200K): $(grep -E '^(events|alerts|seconds)=' "$RESULTS_DIR/seed.out" | tr '\n' ' ')"
echo
echo "total runner time: $(awk -v ns=$(( T_END - T_START )) 'BEGIN{printf "%.1f", ns/1e9}') s; outputs in $RESULTS_DIR"
