"""JSON-RPC client of the load test: one HTTP session per simulated user, with latency per action."""

import itertools
import statistics
import threading
import time
from collections import defaultdict

import requests

# Refusals a real user would meet under concurrency and answer by trying again (the engine's row lock).
RETRYABLE_MESSAGES = ("changed meanwhile", "being changed", "try again", "concurrent update")


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message


class Latencies:
    """Thread-safe latency samples per action name, in seconds."""

    def __init__(self):
        self._lock = threading.Lock()
        self.samples = defaultdict(list)
        self.errors = defaultdict(int)

    def add(self, action, seconds):
        with self._lock:
            self.samples[action].append(seconds)

    def error(self, kind):
        with self._lock:
            self.errors[kind] += 1

    def table(self):
        rows = []
        for action, values in sorted(self.samples.items()):
            ordered = sorted(values)
            p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
            rows.append((action, len(values), statistics.median(ordered), p95))
        return rows


class RpcUser:
    """A logged-in user talking JSON-RPC to the server, as the web client does."""

    _ids = itertools.count(1)

    def __init__(self, base_url, database, login, password, latencies):
        self.base_url, self.login, self.latencies = base_url, login, latencies
        self.http = requests.Session()
        self._call("/web/session/authenticate", {"db": database, "login": login, "password": password})

    def _call(self, path, params, timeout=120):
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": next(self._ids)}
        reply = self.http.post(self.base_url + path, json=payload, timeout=timeout)
        reply.raise_for_status()
        body = reply.json()
        if body.get("error"):
            data = body["error"].get("data") or {}
            raise RpcError(data.get("name", "error"), data.get("message") or body["error"].get("message"))
        return body.get("result")

    def get(self, path, action):
        """A page, as the browser asks for it."""
        started = time.perf_counter()
        reply = self.http.get(self.base_url + path, timeout=120)
        reply.raise_for_status()
        self.latencies.add(action, time.perf_counter() - started)
        return reply.text

    def call(self, model, method, args, kwargs=None, action=None, retries=5):
        """``model.method(*args, **kwargs)`` over JSON-RPC, retrying the engine's "changed meanwhile".

        ``read`` is served by the replica when there is one: a record written a moment ago may not be there
        yet, and the user's screen shows it once the replica has caught up, as this call waits to."""
        result = self._call_retrying(model, method, args, kwargs, action, retries)
        if method == "read" and len(result) < len(args[0]):
            for _attempt in range(120):
                self.latencies.error("replica behind: read again")
                time.sleep(0.25)
                result = self._call_retrying(model, method, args, kwargs, action, retries)
                if len(result) == len(args[0]):
                    break
        return result

    def _call_retrying(self, model, method, args, kwargs, action, retries):
        for attempt in range(retries + 1):
            started = time.perf_counter()
            try:
                result = self._call(
                    f"/web/dataset/call_kw/{model}/{method}",
                    {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
                )
            except RpcError as error:
                retryable = any(text in error.message.lower() for text in RETRYABLE_MESSAGES)
                if retryable and attempt < retries:
                    self.latencies.error(f"retried: {action or method}")
                    time.sleep(0.2 * (attempt + 1))
                    continue
                raise
            except requests.RequestException:
                # A worker killed mid-request (fault injection) drops the connection: try again.
                self.latencies.error(f"connection dropped: {action or method}")
                if attempt < retries:
                    time.sleep(0.5)
                    continue
                raise
            self.latencies.add(action or f"{model}.{method}", time.perf_counter() - started)
            return result
        raise AssertionError("unreachable")
