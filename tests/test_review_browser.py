"""The review page in a real browser: headless Chromium driven over the DevTools protocol.

No Selenium or Playwright: Chromium is started with ``--remote-debugging-pipe``, which
makes it read DevTools commands from file descriptor 3 and write replies to 4 as
NUL-terminated JSON. A shell ``exec`` puts the two pipe ends on 3 and 4, so there is no
port, no websocket library and no ``preexec_fn``. Clicks and keys are real input events
(``Input.dispatch*``), so the page's own listeners are what is tested.

Set ``LLMX_WRITE_SCREENSHOT=docs/review.png`` to also write the 1280x800 screenshot the
README shows. The page is built by ``llmx review`` from a rules-backend run over
``evals/docs`` with ``--gold evals/gold``; ``LLMX_REVIEW_RUN=run.jsonl`` reviews that
run instead (a screenshot of an LLM run, say).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from llmx.core.records import Evidence, Measure, Metric, Report

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "evals" / "docs"
GOLD = ROOT / "evals" / "gold"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
)


def find_chromium() -> str | None:
    """The Chromium binary: ``$LLMX_CHROMIUM``, else the first of the usual names on PATH."""
    explicit = os.environ.get("LLMX_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if found := shutil.which(name):
            return found
    return None


CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium binary (apt-get install chromium, or set LLMX_CHROMIUM)"),
    pytest.mark.skipif(sys.platform == "win32", reason="the DevTools pipe needs POSIX file descriptors"),
]


class CDPError(RuntimeError):
    pass


#: Run in the child: put the pipe ends on fds 3 and 4, where Chromium looks, and exec it.
_TRAMPOLINE = (
    "import os, sys; r, w = int(sys.argv[1]), int(sys.argv[2]); "
    "os.dup2(r, 3); os.dup2(w, 4); os.close(r); os.close(w); os.execv(sys.argv[3], sys.argv[3:])"
)


def _high_fd(fd: int) -> int:
    """A copy of ``fd`` numbered 5 or more (the original is closed)."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 5)
    os.close(fd)
    return high


class Browser:
    """Headless Chromium and one page, spoken to over ``--remote-debugging-pipe``."""

    def __init__(self, binary: str, width: int, height: int, timeout: float = 20.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="llmx-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # the child's ends move above 4 so that putting them on 3 and 4 never clobbers one
        to_browser_r, from_browser_w = (_high_fd(to_browser_r), _high_fd(from_browser_w))
        args = [binary, *CHROMIUM_FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self._profile}",
                f"--window-size={width},{height}", "about:blank"]
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _TRAMPOLINE, str(to_browser_r), str(from_browser_w), *args],
            pass_fds=(to_browser_r, from_browser_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next_id = 0
        self._replies: dict[int, dict[str, Any]] = {}
        self._events: list[dict[str, Any]] = []
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        try:
            target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page.enable", "Runtime.enable"):
                self.call(domain)
            self.resize(width, height)
        except BaseException:
            self.close()
            raise

    # -- transport -------------------------------------------------------------------
    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_browser, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                self._inbox.put(None)
                return
            buffer += chunk
            while b"\0" in buffer:
                message, buffer = buffer.split(b"\0", 1)
                self._inbox.put(json.loads(message))

    def _pump(self, deadline: float) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise CDPError("timed out waiting for Chromium")
        try:
            message = self._inbox.get(timeout=remaining)
        except queue.Empty:
            raise CDPError("timed out waiting for Chromium") from None
        if message is None:
            stderr = self.proc.stderr.read().decode(errors="replace")[-2000:] if self.proc.stderr else ""
            raise CDPError(f"Chromium closed the DevTools pipe: {stderr}")
        if "id" in message:
            self._replies[message["id"]] = message
        else:
            self._events.append(message)

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        self._next_id += 1
        number = self._next_id
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while number not in self._replies:
            self._pump(deadline)
        reply = self._replies.pop(number)
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A command to the page's session."""
        return self.send(method, params, self.session)

    def wait_event(self, method: str, timeout: float | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            for index, event in enumerate(self._events):
                if event.get("method") == method:
                    return self._events.pop(index)
            self._pump(deadline)

    def errors(self) -> list[str]:
        """Uncaught page exceptions seen so far."""
        while not self._inbox.empty():
            self._pump(time.monotonic() + 1)
        return [
            json.dumps(e["params"]["exceptionDetails"], ensure_ascii=False)[:500]
            for e in self._events
            if e.get("method") == "Runtime.exceptionThrown"
        ]

    # -- page helpers -----------------------------------------------------------------
    def resize(self, width: int, height: int) -> None:
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def goto(self, url: str) -> None:
        self._events = [e for e in self._events if e.get("method") != "Page.loadEventFired"]
        result = self.call("Page.navigate", {"url": url})
        if "errorText" in result:
            raise CDPError(f"{url}: {result['errorText']}")
        if result.get("loaderId"):  # a same-document (hash) navigation loads nothing
            self.wait_event("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise CDPError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 5.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.js(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"still false after {timeout}s: {expression}")
            time.sleep(0.05)

    def click(self, x: float, y: float) -> None:
        base = {"x": x, "y": y, "button": "left", "clickCount": 1}
        self.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
        self.call("Input.dispatchMouseEvent", {"type": "mousePressed", **base})
        self.call("Input.dispatchMouseEvent", {"type": "mouseReleased", **base})

    def click_selector(self, selector: str) -> None:
        """Scroll an element into view (instantly) and click its centre like a user would."""
        rect = self.js(
            f"(() => {{ const el = document.querySelector({json.dumps(selector)});"
            " if (!el) return null; el.scrollIntoView({block: 'center', behavior: 'instant'});"
            " const r = el.getClientRects()[0];"
            " return {x: r.left + Math.min(r.width, 40) / 2, y: r.top + r.height / 2}; })()"
        )
        assert rect, f"nothing matches {selector}"
        self.click(rect["x"], rect["y"])

    def key(self, key: str) -> None:
        params = {"key": key, "text": key if len(key) == 1 else ""}
        self.call("Input.dispatchKeyEvent", {"type": "keyDown", **params})
        self.call("Input.dispatchKeyEvent", {"type": "keyUp", "key": key})

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                os.write(self._to_browser, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
                self.proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait(timeout=10)
        finally:
            for fd in (self._to_browser, self._from_browser):
                with contextlib.suppress(OSError):
                    os.close(fd)
            if self.proc.stderr:
                self.proc.stderr.close()
            shutil.rmtree(self._profile, ignore_errors=True)


@pytest.fixture
def browser() -> Iterator[Callable[[int, int], Browser]]:
    opened: list[Browser] = []

    def start(width: int = 1280, height: int = 800) -> Browser:
        assert CHROMIUM is not None
        opened.append(Browser(CHROMIUM, width, height))
        return opened[-1]

    yield start
    for b in opened:
        b.close()


def _llmx(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "llmx", *args], capture_output=True, text=True, cwd=ROOT, timeout=240)
    assert done.returncode == 0, f"llmx {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``llmx review`` of a rules run over the five sample documents, with the gold."""
    tmp = tmp_path_factory.mktemp("review")
    run = os.environ.get("LLMX_REVIEW_RUN")
    if run:
        run_path = Path(run).resolve()
    else:
        run_path = tmp / "rules.jsonl"
        _llmx("extract", str(DOCS), "-o", str(run_path), "--backend", "rules", "--no-cache")
    page = tmp / "review.html"
    _llmx("review", str(run_path), "--docs", str(DOCS), "--gold", str(GOLD), "-o", str(page))
    return page


MARK_IN_VIEW = """(() => {
  const card = document.querySelector('.cards-pane > .card.selected');
  if (!card) return false;
  const marks = document.querySelectorAll('mark.hl[data-r~="' + card.dataset.rid + '"]');
  if (!marks.length) return false;
  const m = marks[0].getBoundingClientRect(), p = document.querySelector('.text-pane').getBoundingClientRect();
  const inPane = m.top >= p.top - 1 && m.bottom <= p.bottom + 1;
  const inWindow = m.top >= 0 && m.bottom <= innerHeight;
  const lit = [...marks].every(x => x.classList.contains('active')) && marks[0].classList.contains('flash');
  return inPane && inWindow && lit ? card.dataset.rid : false;
})()"""

FAR_CARD = """(() => {
  const pane = document.querySelector('.text-pane');
  const p = pane.getBoundingClientRect();
  for (const card of document.querySelectorAll('.cards-pane > .card')) {
    const mark = document.querySelector('mark.hl[data-r~="' + card.dataset.rid + '"]');
    if (mark && mark.getBoundingClientRect().top > p.bottom + p.height) return card.dataset.rid;
  }
  return null;
})()"""


def _open_longest_doc(b: Browser) -> str:
    """Click the index row of the document with the most records; returns its doc id."""
    b.click_selector('th button[data-sort="records"]')
    b.click_selector('th button[data-sort="records"]')  # second click: descending
    doc_id = b.js("document.querySelector('#index tbody tr').dataset.doc")
    b.click_selector("#index tbody tr .doc-link")
    b.wait_for("document.querySelector('#doc-view .doctext') !== null")
    return str(doc_id)


def test_card_click_scrolls_to_and_flashes_its_evidence(browser: Callable[..., Browser], sample_page: Path) -> None:
    b = browser(1280, 800)
    b.goto(sample_page.as_uri())
    assert b.js("document.querySelectorAll('#index tbody tr').length") == 5
    doc_id = _open_longest_doc(b)
    assert b.js("location.hash").startswith("#doc=")

    rid = b.js(FAR_CARD)
    assert rid, "no record whose evidence starts more than a screen below the top: pick a longer document"
    b.click_selector(f'.cards-pane > .card[data-rid="{rid}"]')
    assert b.wait_for(MARK_IN_VIEW) == rid
    assert b.js("document.querySelector('.cards-pane > .card.selected').dataset.rid") == rid
    assert f"select={rid}" in b.js("location.hash")

    # the screenshot shows the selected record outlined once the flash has faded
    b.wait_for("!document.querySelector('mark.hl.flash') || "
               "document.querySelector('mark.hl.flash').getAnimations().length === 0", timeout=4)
    shot = sample_page.parent / "review-1280.png"
    b.screenshot(shot)
    assert shot.stat().st_size > 10_000
    if target := os.environ.get("LLMX_WRITE_SCREENSHOT"):
        shutil.copyfile(shot, ROOT / target if not Path(target).is_absolute() else target)

    # clicking a highlight shows its record(s) in a popover
    other = b.js("document.querySelector('mark.hl:not(.active):not(.gold-only)')?.dataset.r")
    assert other, "no highlight of another record"
    b.click_selector(f'mark.hl[data-r="{other}"]')
    b.wait_for("!document.getElementById('pop').hidden")
    pop_rids = b.js("[...document.querySelectorAll('#pop .card')].map(c => c.dataset.rid)")
    assert pop_rids == other.split(" ")
    assert b.js("document.querySelector('.cards-pane > .card.selected').dataset.rid") == other.split(" ")[0]

    # keyboard: Escape closes the popover, j moves to the next record in reading order
    b.key("Escape")
    b.wait_for("document.getElementById('pop').hidden")
    order = b.js("[...document.querySelectorAll('.cards-pane > .card')].map(c => c.dataset.rid)")
    before = b.js("document.querySelector('.cards-pane > .card.selected').dataset.rid")
    b.key("j")
    b.wait_for(f"document.querySelector('.cards-pane > .card.selected').dataset.rid === "
               f"{json.dumps(order[order.index(before) + 1])}")
    assert b.js("document.activeElement.dataset.rid") == order[order.index(before) + 1]
    b.key("n")  # next document
    b.wait_for(f"location.hash.indexOf({json.dumps('doc=' + doc_id)}) < 0")
    assert b.errors() == []


def test_deep_link_and_narrow_window(browser: Callable[..., Browser], sample_page: Path) -> None:
    """At 420 px the page does not scroll sideways, and ``#select=`` does what a card click does."""
    b = browser(420, 800)
    b.goto(sample_page.as_uri())
    assert b.js("document.documentElement.scrollWidth <= innerWidth")
    doc_id, rid = b.js("(() => { const d = JSON.parse(document.getElementById('llmx-data').textContent).docs;"
                       " const doc = d.find(x => Object.values(x.records).filter(r => r.found).length > 8);"
                       " const rids = Object.keys(doc.records)"
                       "   .filter(k => doc.records[k].found && !doc.records[k].missed);"
                       " return [doc.id, rids[rids.length - 1]]; })()")
    b.goto("about:blank")  # so the page below is loaded afresh and reads its hash on load
    b.goto(f"{sample_page.as_uri()}#doc={doc_id}&select={rid}")
    assert b.wait_for(MARK_IN_VIEW) == rid
    assert b.js("document.documentElement.scrollWidth <= innerWidth")
    assert b.js("getComputedStyle(document.querySelector('.panes')).display") == "block"
    b.screenshot(sample_page.parent / "review-420.png")
    assert b.errors() == []


def test_long_document_stays_responsive(browser: Callable[..., Browser], tmp_path: Path) -> None:
    """A 60,000-character document with 1,500 records opens and answers a click quickly."""
    from llmx.review import write_review

    sentence = "该村投入资金{n}万元修建道路{n}公里，惠及{n}户群众。村集体增收{n}万元，"
    text = "".join(sentence.format(n=i) for i in range(1, 2200))
    assert len(text) > 60_000
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "long.txt").write_text(text, encoding="utf-8")
    measures, metrics = [], []
    for i in range(1, 751):
        quote = f"该村投入资金{i}万元修建道路{i}公里"
        start = text.index(quote)
        measures.append(Measure(category="infrastructure", summary=f"修路{i}", investment_yuan=i * 10000,
                                evidence=[Evidence(quote=quote, start=start, end=start + len(quote), match="exact")]))
        quote = f"村集体增收{i}万元"
        start = text.index(quote)
        metrics.append(Metric(name="村集体增收", value=i * 10000, unit="元",
                              evidence=[Evidence(quote=quote, start=start, end=start + len(quote), match="exact")]))
    run = tmp_path / "run.jsonl"
    run.write_text(Report(doc_id="long", measures=measures, metrics=metrics).model_dump_json() + "\n", encoding="utf-8")
    page = tmp_path / "review.html"
    assert write_review(run, docs, page) == 1

    b = browser(1280, 800)
    started = time.monotonic()
    b.goto(page.as_uri() + "#doc=long")
    b.wait_for("document.querySelectorAll('.cards-pane > .card').length === 1500", timeout=10)
    opened = time.monotonic() - started
    started = time.monotonic()
    b.click_selector('.cards-pane > .card[data-rid="metrics-740"]')
    assert b.wait_for(MARK_IN_VIEW) == "metrics-740"
    answered = time.monotonic() - started
    assert opened < 8 and answered < 4, f"opened in {opened:.1f}s, click answered in {answered:.1f}s"
    assert b.errors() == []
