"""The built site in a real browser: Debian's headless chromium against a local server.

Skips where chromium is not installed (``.ci/run`` installs it with apt-get).
Screenshots of the pages land in the test's temporary folder for a person to see.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from docs_chromium import Chromium, ProtocolError, find_chromium
from docs_sample_site import BuiltSite

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (apt-get install chromium; .ci/run does it)",
)

INJECTION_SEEN = "window.__pwned !== undefined"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_site: BuiltSite) -> Iterator[str]:
    """The site over HTTP on 127.0.0.1 (a free port), as a reader would get it."""
    # A control page that really runs a script: proves the injection check can see one.
    control = built_site.site / "control.html"
    control.write_text("<script>window.__pwned = 3</script>")
    handler = functools.partial(_QuietHandler, directory=str(built_site.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        control.unlink()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    assert CHROMIUM is not None
    chromium = Chromium(CHROMIUM, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield chromium
    finally:
        chromium.close()


def test_label_page_loads_with_its_example_image(
    browser: Chromium, server: str, tmp_path: Path
) -> None:
    browser.goto(server + "taxonomy/street-objects/labels/car/")
    assert browser.evaluate("document.querySelector('article h1').textContent") == "Car"
    widths = browser.wait_for(
        "(() => { const imgs = [...document.querySelectorAll('.ls-frame img')];"
        " return imgs.every(i => i.complete) && imgs.map(i => i.naturalWidth); })()"
    )
    assert widths == [100, 100, 100]
    # The region overlay covers the image it belongs to.
    box = browser.evaluate(
        "(() => { const f = document.querySelector('.ls-frame');"
        " const i = f.querySelector('img').getBoundingClientRect();"
        " const s = f.querySelector('svg').getBoundingClientRect();"
        " return [Math.round(i.width - s.width), Math.round(i.height - s.height)]; })()"
    )
    assert box == [0, 0]
    browser.screenshot(tmp_path / "car.png")


def test_overlay_takes_the_size_of_an_image_the_build_could_not_measure(
    browser: Chromium, server: str
) -> None:
    browser.goto(server + "taxonomy/street-objects/labels/truck/")
    box = browser.wait_for("document.querySelector('.ls-frame svg').getAttribute('viewBox')")
    assert box == "0 0 40 30"


def test_search_finds_a_label_by_its_alias(browser: Chromium, server: str, tmp_path: Path) -> None:
    browser.goto(server)
    # Text typed before the search index has loaded starts no search; on a loaded
    # machine that happened, so type again until results come.
    for attempt in range(3):
        browser.evaluate(
            "const box = document.querySelector('input.md-search__input');"
            "box.value = ''; box.focus();"
        )
        browser.type_text("automobile")
        try:
            results = browser.wait_for(
                "[...document.querySelectorAll('.md-search-result__item > a')].map(a => a.href)",
                timeout=10,
            )
            break
        except ProtocolError:
            if attempt == 2:
                raise
    assert results[0] == server + "taxonomy/street-objects/labels/car/"
    browser.screenshot(tmp_path / "search.png", full_page=False)


@pytest.mark.parametrize(
    "page",
    [
        "taxonomy/street-objects/labels/horn/",
        "taxonomy/street-objects/labels/pedestrian/",
        "taxonomy/street-objects/",
        "taxonomy/street-objects/changelog/",
    ],
)
def test_no_injected_script_runs(browser: Chromium, server: str, page: str) -> None:
    browser.goto(server + page)
    # The payload's <img onerror> would fire once the broken image fails; give it time.
    browser.wait_for("document.readyState === 'complete'")
    browser.evaluate("new Promise(done => setTimeout(done, 500))")
    assert browser.evaluate(INJECTION_SEEN) is False
    text = browser.evaluate("document.querySelector('article').textContent")
    assert "<script>window.__pwned = 1</script>" in text


def test_search_results_do_not_run_injected_markup(browser: Chromium, server: str) -> None:
    browser.goto(server)
    browser.evaluate("document.querySelector('input.md-search__input').focus()")
    browser.type_text("honk")  # the example note that carries the payload
    browser.wait_for("document.querySelectorAll('.md-search-result__item').length > 0")
    browser.evaluate("new Promise(done => setTimeout(done, 500))")
    assert browser.evaluate(INJECTION_SEEN) is False
    shown = browser.evaluate("document.querySelector('.md-search-result').textContent")
    assert "window.__pwned" in shown  # the payload is in the results, as text


def test_the_injection_check_sees_a_real_script(browser: Chromium, server: str) -> None:
    browser.goto(server + "control.html")
    assert browser.evaluate(INJECTION_SEEN) is True
