/// The text of `eventtop --help`.
public enum Usage {
  public static let version = "eventtop 0.1.0"

  public static let text = """
    eventtop — real-time analytics of web events in your terminal

    Usage:
      eventtop [options]                      live dashboard on the built-in traffic generator
      eventtop replay FILE|- [options]        replay a JSON Lines recording (- is standard input)
      eventtop follow FILE|- [options]        follow a growing file (like tail -F) or a pipe
      eventtop generate [options]             write synthetic traffic as JSON lines
      eventtop bench [options]                measure speed, snapshot cost and memory (see README)

    Window and metrics:
      --window D          sliding window length (default 5m)
      --session-gap D     longest gap inside one session (default 30m)
      --burst N           high-activity alert when a session exceeds N events (default 100)
      --max-skew D        an event further ahead of the stream's time waits for the next to
                          confirm it, else counts as future (default 1m; see README)
      --top N             pages in the top list (default 10)
      --max-line-bytes N  longer lines are skipped as invalid (default 1048576)

    Output (every source):
      --headless          no dashboard: JSON lines on standard output
      --every D           snapshot interval: event time for replay, wall-clock time otherwise (default 10s)
      --duration D        stop after this long
      --format F          json (default) or prometheus (node_exporter textfile format; needs --output)
      --output FILE       write headless output to FILE (Prometheus: replaced atomically)
      --record FILE       also write every valid event read to FILE as JSON lines
      --theme NAME        default, light, solarized, high-contrast, or a path to a .theme file
                          (NO_COLOR in the environment turns colors off)

    Replay and follow:
      --speed S           replay speed against the recording's clock: 0.5, 1, 10, 100, max
                          (default 1; headless: max)
      --loop              replay: start again at the end
      --from-start        follow: read what the file holds first (default: only new lines)

    Generator (live, generate, bench):
      --rate R            events per second (default 50)
      --profile P         steady, diurnal, flash-sale or bot-burst (default steady)
      --users N           size of the user population (default 5000)
      --seed S            random seed (default 1)
      --start TIME        event time of the first event, ISO 8601 (generate; default 2026-11-27T08:00:00Z)
      --events N          number of events (generate: default without end; bench: 2000000)

    Bench:
      --runs N            repeat each timing N times, show best and median (default 3)
      --wide-users N      distinct users and sessions in one window for the memory check (default 2000000)
      --long-events N     compare peak RSS for N/10 and N generated events, 0 to skip (default 10000000)

    Keys: q quit, space pause, +/- speed, w window, t theme, tab focus, arrows scroll, r reset, ? help.
    Durations: 90, 90s, 5m, 1h, 1.5s, 250ms, 2d, 1h30m.
    Exit status: 0 on success, 2 for a usage or input error (one line on standard error says what).
    """
}
