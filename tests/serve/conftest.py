"""Fixtures for the server's pytest suite: fixture packages exported by
the build (FIXTURES), `inductor serve` started on a free loopback port,
and PyTorch's own loader for reference outputs."""

import os
import re
import shutil
import signal
import subprocess
import time

import pytest

INDUCTOR = os.environ.get("INDUCTOR", "")
FIXTURES = os.environ.get("FIXTURES", "")


def fixture(name):
    path = os.path.join(FIXTURES, name)
    if not os.path.isfile(path):
        pytest.fail(f"fixture {path} missing: run make check")
    return path


class Server:
    """`inductor serve --port 0 ARGS...`, ready when it says so."""

    def __init__(self, args, log_path):
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen([INDUCTOR, "serve", "--port", "0", *args],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 240
        while time.time() < deadline:
            text = open(log_path).read()
            m = re.search(r"ready on http://\S+:(\d+) ", text)
            if m:
                self.port = int(m.group(1))
                self.url = f"127.0.0.1:{self.port}"
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}: {text}")
            time.sleep(0.1)
        self.proc.kill()
        raise RuntimeError("server not ready in 240 s: " + open(log_path).read())

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


@pytest.fixture(scope="session")
def repo(tmp_path_factory):
    """A model repository in both layouts: inductor's NAME.pt2 and
    Triton's NAME/VERSION/model.pt2 with two versions."""
    d = tmp_path_factory.mktemp("repo")
    for name in ("two_input", "kwargs_dict", "serve_dtypes", "token_encoder",
                 "half_io"):
        os.symlink(fixture(name + ".pt2"), d / (name + ".pt2"))
    for version, name in (("1", "deterministic"), ("2", "two_input")):
        (d / "versioned" / version).mkdir(parents=True)
        shutil.copy(fixture(name + ".pt2"), d / "versioned" / version / "model.pt2")
    return d


@pytest.fixture(scope="session")
def server(repo, tmp_path_factory):
    log = tmp_path_factory.mktemp("log") / "serve.log"
    s = Server(["--model-repository", str(repo), "--runners", "2"], str(log))
    yield s
    rc = s.stop()
    assert rc == 0, open(log).read()


@pytest.fixture(scope="session")
def client(server):
    import tritonclient.http as httpclient
    c = httpclient.InferenceServerClient(server.url, concurrency=1)
    yield c
    c.close()


_loaded = {}


def reference(path, args, kwargs=None):
    """Outputs of PyTorch's own loader on the same inputs, flattened."""
    import torch
    if path not in _loaded:
        _loaded[path] = torch._inductor.aoti_load_package(path)
    with torch.no_grad():
        out = _loaded[path](*args, **(kwargs or {}))
    if isinstance(out, dict):
        return out
    return list(out) if isinstance(out, (list, tuple)) else [out]
