// Peer benchmark: C++ + simdjson On Demand computing three aggregates over a
// JSON-lines event file (same definitions and output format as
// orjson_aggregates.py, so the two outputs can be diffed):
//
//   * top 10 pages by page_view count (properties.page_url; missing or
//     non-string -> "unknown"); ties broken by page name ascending
//   * distinct user_id count (string user_ids only)
//   * total revenue = sum of properties.amount over purchase events (numbers
//     only), summed as doubles in file order, printed rounded to cents
//
// Usage: simdjson_aggregates [--per-line] [--threads] [--batch BYTES] FILE
//   default     whole file loaded into a padded_string, documents iterated
//               with ondemand::parser::iterate_many (single-threaded: the
//               parser's background stage-1 thread is switched off)
//   --threads   let iterate_many use its background stage-1 thread
//   --per-line  split on '\n' and run parser.iterate() on each line instead
//
// Build: g++ -O3 -march=native -std=c++20 -pthread simdjson_aggregates.cpp \
//            -o simdjson_aggregates -lsimdjson
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#define PEER_STR2(x) #x
#define PEER_STR(x) PEER_STR2(x)

using namespace simdjson;

struct SvHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct Aggregates {
  std::unordered_map<std::string, uint64_t, SvHash, std::equal_to<>> pages;
  std::unordered_set<std::string, SvHash, std::equal_to<>> users;
  double revenue = 0.0;
  uint64_t events = 0;
  uint64_t bad = 0;

  void add_user(std::string_view u) {
    if (users.find(u) == users.end()) users.emplace(u);
  }
  void add_page(std::string_view p) {
    auto it = pages.find(p);
    if (it == pages.end()) pages.emplace(std::string(p), 1);
    else ++it->second;
  }
};

// Works for ondemand::document_reference and ondemand::document.
template <typename Doc>
static void process(Doc &doc, Aggregates &agg) {
  ondemand::object obj;
  if (doc.get_object().get(obj)) { ++agg.bad; return; }
  ++agg.events;
  std::string_view user, action;
  // Fields are looked up with operator[] (order-tolerant); in the input they
  // appear as event_id, user_id, action, properties, timestamp[, session_id].
  if (!obj["user_id"].get_string().get(user)) agg.add_user(user);
  if (obj["action"].get_string().get(action)) return;
  if (action == "page_view") {
    std::string_view page;
    ondemand::object props;
    if (obj["properties"].get_object().get(props) || props["page_url"].get_string().get(page)) {
      page = "unknown";
    }
    agg.add_page(page);
  } else if (action == "purchase") {
    ondemand::object props;
    double amount;
    if (!obj["properties"].get_object().get(props) && !props["amount"].get_double().get(amount)) {
      agg.revenue += amount;
    }
  }
}

int main(int argc, char **argv) {
  bool per_line = false, threads = false;
  size_t batch = ondemand::DEFAULT_BATCH_SIZE;
  const char *path = nullptr;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--per-line")) per_line = true;
    else if (!strcmp(argv[i], "--threads")) threads = true;
    else if (!strcmp(argv[i], "--batch") && i + 1 < argc) batch = strtoull(argv[++i], nullptr, 10);
    else path = argv[i];
  }
  if (!path) {
    fprintf(stderr, "usage: %s [--per-line] [--threads] [--batch BYTES] FILE.jsonl\n", argv[0]);
    return 2;
  }
  auto t0 = std::chrono::steady_clock::now();
  padded_string json;
  if (auto err = padded_string::load(path).get(json)) {
    fprintf(stderr, "cannot load %s: %s\n", path, error_message(err));
    return 1;
  }
  Aggregates agg;
  ondemand::parser parser;
#ifdef SIMDJSON_THREADS_ENABLED
  parser.threaded = threads;
#else
  (void)threads;
#endif
  if (!per_line) {
    ondemand::document_stream stream;
    if (auto err = parser.iterate_many(json, batch).get(stream)) {
      fprintf(stderr, "iterate_many: %s\n", error_message(err));
      return 1;
    }
    for (auto it = stream.begin(); it != stream.end(); ++it) {
      ondemand::document_reference doc;
      if (auto err = (*it).get(doc)) {
        // a stage-1 (structural) error ends the stream
        fprintf(stderr, "document error at byte %zu: %s\n", it.current_index(), error_message(err));
        return 1;
      }
      process(doc, agg);
    }
    if (stream.truncated_bytes() != 0) {
      fprintf(stderr, "warning: %zu truncated bytes at end of input\n", stream.truncated_bytes());
    }
  } else {
    const char *p = json.data();
    const char *end = p + json.size();
    while (p < end) {
      const char *nl = static_cast<const char *>(memchr(p, '\n', size_t(end - p)));
      const char *le = nl ? nl : end;
      size_t len = size_t(le - p);
      // skip blank lines
      bool blank = true;
      for (const char *q = p; q < le; q++) {
        if (*q != ' ' && *q != '\t' && *q != '\r') { blank = false; break; }
      }
      if (!blank) {
        // The rest of the padded file (plus SIMDJSON_PADDING) is readable past
        // the line, so the capacity passed covers the required padding.
        ondemand::document doc;
        if (parser.iterate(p, len, size_t(end - p) + SIMDJSON_PADDING).get(doc)) ++agg.bad;
        else process(doc, agg);
      }
      p = le + 1;
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  std::vector<std::pair<std::string_view, uint64_t>> top(agg.pages.begin(), agg.pages.end());
  auto cmp = [](const auto &a, const auto &b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };
  size_t k = std::min<size_t>(10, top.size());
  std::partial_sort(top.begin(), top.begin() + k, top.end(), cmp);
  printf("events=%llu bad=%llu\n", (unsigned long long)agg.events, (unsigned long long)agg.bad);
  printf("distinct_users=%zu\n", agg.users.size());
  printf("revenue=%.2f\n", agg.revenue);
  printf("top_pages:\n");
  for (size_t i = 0; i < k; i++) printf("%llu %.*s\n", (unsigned long long)top[i].second, (int)top[i].first.size(), top[i].first.data());
  fprintf(stderr, "seconds=%.3f events_per_s=%.0f implementation=%s mode=%s\n", secs,
          secs > 0 ? agg.events / secs : 0.0, PEER_STR(SIMDJSON_BUILTIN_IMPLEMENTATION),
          per_line ? "per-line" : (threads ? "iterate_many+thread" : "iterate_many"));
  return 0;
}
