"""Visitors of a live site: a few pages each second, every answer and its time recorded."""

import json
import statistics
import threading

VISITOR_PATHS = ("/en/", "/en/search/?q=mercury", "/api/search/?q=mercury")
PAUSE = 0.3  # seconds between one visitor's requests: about three pages a second each
REQUEST_TIMEOUT = 30  # a request unanswered this long counts as lost


class Visitors:
    """`with Visitors(site) as visitors: <write into the site>`; then read `visitors.answers`."""

    def __init__(self, site, paths=VISITOR_PATHS, count=2):
        self.site = site
        self.paths = paths
        self.count = count
        self.answers = []
        self.lost = []  # (path, exception): no answer at all
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = []

    def __enter__(self):
        for number in range(self.count):
            thread = threading.Thread(target=self._visit, args=(number,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        for thread in self._threads:
            thread.join(REQUEST_TIMEOUT + 5)

    def _visit(self, number):
        index = number  # visitors start on different pages
        while not self._stop.is_set():
            path = self.paths[index % len(self.paths)]
            index += 1
            try:
                answer = self.site.get(path, timeout=REQUEST_TIMEOUT)
            except OSError as error:  # refused, reset or timed out: the visitor got nothing
                with self._lock:
                    self.lost.append((path, error))
            else:
                with self._lock:
                    self.answers.append(answer)
            self._stop.wait(PAUSE)

    def search_counts(self):
        """The `count` of every JSON search answered: what visitors saw while the site was written."""
        return [json.loads(answer.body)["count"] for answer in self.answers if answer.path.startswith("/api/search/")]

    def report(self, label):
        """Max and 95th percentile of the response times, recorded for the run's summary."""
        seconds = sorted(answer.seconds for answer in self.answers)
        if len(seconds) >= 2:
            p95 = statistics.quantiles(seconds, n=20, method="inclusive")[-1]
        else:
            p95 = seconds[0] if seconds else 0.0
        maximum = seconds[-1] if seconds else 0.0
        self.site.record(
            label,
            f"{len(self.answers)} requests answered, {len(self.lost)} lost, max {maximum:.2f} s, p95 {p95:.2f} s",
        )
        return maximum, p95
