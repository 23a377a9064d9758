#!/usr/bin/env python3
"""The desktop window with a big roster open: resident memory, and how long the screens take.

Run by hand (never part of .ci/run), through scripts/bench-desktop.sh, which builds the
release app and a roster. Drives the real window the way the real-window tests do:
Xvfb -> tauri-driver -> WebKitWebDriver -> yorisoi-desktop, over W3C WebDriver (all on
loopback; the app itself makes no connection).

    bench-desktop.py APP ROSTER ACCOUNT        (passphrase in YORISOI_PASSPHRASE)

Prints one line per step ("label<TAB>seconds") and the resident memory of the app's own
process and of the WebKit processes it started, after each screen.
"""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
ENTER = "\ue007"
PATIENCE = 120.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=300) as reply:
            return json.load(reply).get("value")
    except urllib.error.HTTPError as e:
        return {"error": e.read().decode(errors="replace")}


class Session:
    def __init__(self, driver, app):
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {"application": app}}}}
        reply = request("POST", f"{driver}/session", caps)
        if not isinstance(reply, dict) or "sessionId" not in reply:
            raise SystemExit(f"no WebDriver session: {reply}")
        self.base = f"{driver}/session/{reply['sessionId']}"

    def call(self, method, path, body=None):
        return request(method, self.base + path, body)

    def find_all(self, css):
        found = self.call("POST", "/elements", {"using": "css selector", "value": css})
        if not isinstance(found, list):
            return []
        return [e[ELEMENT] for e in found if ELEMENT in e]

    def wait_for(self, css, text=None):
        started = time.monotonic()
        while time.monotonic() - started < PATIENCE:
            for element in self.find_all(css):
                if text is None:
                    return element
                shown = self.call("GET", f"/element/{element}/text")
                if isinstance(shown, str) and text in shown:
                    return element
            time.sleep(0.02)
        raise SystemExit(f"gave up waiting for {css} {text or ''}")

    def type_into(self, css, text):
        self.call("POST", f"/element/{self.wait_for(css)}/value", {"text": text})

    def script(self, source, *args):
        return self.call("POST", "/execute/sync", {"script": source, "args": list(args)})


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def processes():
    """(pid, command name, parent pid) of every process."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        found.append((int(entry), name, ppid))
    return found


def memory(label):
    procs = processes()
    app = [p for p, name, _ in procs if name.startswith("yorisoi-deskto")]
    if not app:
        raise SystemExit("the app is not running")
    children = {app[0]}
    grew = True
    while grew:
        grew = False
        for pid, _, ppid in procs:
            if ppid in children and pid not in children:
                children.add(pid)
                grew = True
    webkit = [p for p, name, _ in procs if name.startswith("WebKit") and p in children]
    own = rss_kib(app[0]) // 1024
    web = sum(rss_kib(p) for p in webkit) // 1024
    print(f"{label}\tapp {own} MB\tWebKit ({len(webkit)} processes) {web} MB", flush=True)


def step(label, action):
    started = time.monotonic()
    action()
    print(f"{label}\t{time.monotonic() - started:.2f} s", flush=True)


def start_driver(env, app):
    """tauri-driver, and a session on it with the app (None when it could not start one)."""
    port, native = free_port(), free_port()
    driver = subprocess.Popen(
        ["tauri-driver", "--port", str(port), "--native-port", str(native)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    started = time.monotonic()
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() - started > 30:
                return driver, None
            time.sleep(0.1)
    try:
        return driver, Session(f"http://127.0.0.1:{port}", app)
    except (OSError, SystemExit, http.client.HTTPException):
        return driver, None


def stop(driver):
    os.killpg(driver.pid, 15)
    driver.wait()


def main():
    app, roster, account = sys.argv[1:4]
    passphrase = os.environ["YORISOI_PASSPHRASE"]
    scratch = tempfile.mkdtemp(prefix="yorisoi-bench-desktop-")
    display = f":{free_port() % 400 + 100}"
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        stderr=subprocess.DEVNULL,
    )
    env = dict(
        os.environ,
        DISPLAY=display,
        YORISOI_DB=roster,
        XDG_DATA_HOME=f"{scratch}/data",
        XDG_CACHE_HOME=f"{scratch}/cache",
        XDG_CONFIG_HOME=f"{scratch}/config",
    )
    env.pop("YORISOI_PASSPHRASE")
    # On two busy cores WebKitWebDriver sometimes fails to start a session (the real-window
    # tests see it too): a fresh driver is tried, three times in all.
    for attempt in range(3):
        driver, s = start_driver(env, app)
        if s is not None:
            break
        stop(driver)
    else:
        raise SystemExit("could not open the app through tauri-driver")
    try:
        s.wait_for("#account")
        memory("locked (the unlock screen)")

        def unlock():
            s.type_into("#account", account)
            s.type_into("#passphrase", passphrase + ENTER)
            s.wait_for("#roster-table tbody tr")

        step("unlock and the first roster page", unlock)
        memory("roster page open")

        count = "return document.getElementById('roster-table').getAttribute('aria-rowcount')"

        def search(text):
            def run():
                before = s.script(count)
                s.script(
                    "const el = document.getElementById('search'); el.value = arguments[0];"
                    "el.dispatchEvent(new Event('input', { bubbles: true }));",
                    text,
                )
                started = time.monotonic()
                while s.script(count) == before or not s.find_all("#roster-table tbody tr"):
                    if time.monotonic() - started > PATIENCE:
                        raise SystemExit(f"no result for {text}")
                    time.sleep(0.01)

            return run

        for query in ["鈴木", "たかはし", "0990-"]:
            step(f"search {query} (typed at once, 150 ms pause, rows shown)", search(query))
        memory("after three searches")
        s.call("DELETE", "")
    finally:
        stop(driver)
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
