"""Fixtures for integration tests: a real `lambdex serve` against the real
Docker daemon, driven by real clients (boto3 and awscli from Debian).

Every container a test's controller makes carries `lambdex.test=<run id>`;
teardown asserts the controller removed them and force-removes leftovers.
"""
import base64
import http.client
import io
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
import zipfile

import pytest

LAMBDEX_BIN = os.environ.get("LAMBDEX_BIN", "build/bin/lambdex")
DOCKER_SOCK = "/var/run/docker.sock"


class DockerApi:
    """Just enough of the Docker Engine API for assertions and clean-up."""

    class _Conn(http.client.HTTPConnection):
        def connect(self):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.connect(DOCKER_SOCK)

    def request(self, method, path, body=None):
        conn = self._Conn("localhost", timeout=60)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, (json.loads(data) if data and data[:1] in b"[{" else data)

    def containers(self, **labels):
        filters = json.dumps({"label": [f"{k}={v}" for k, v in labels.items()]})
        status, body = self.request("GET", "/containers/json?all=1&filters=" + urllib.parse.quote(filters))
        assert status == 200, body
        return body

    def remove(self, cid):
        self.request("DELETE", f"/containers/{cid}?force=1&v=1")


@pytest.fixture(scope="session")
def docker():
    api = DockerApi()
    try:
        status, _ = api.request("GET", "/_ping")
    except OSError as e:
        pytest.fail(f"no Docker daemon at {DOCKER_SOCK}: {e} (scripts/test.sh starts one)")
    assert status == 200
    return api


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lambdex:
    """A `lambdex serve` process with its own port, data dir and test label."""

    def __init__(self, docker, extra_args=(), env=None, data_dir=None):
        self.docker = docker
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.label = uuid.uuid4().hex[:12]
        # A given data_dir is shared with an earlier controller (restart tests).
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="lambdex-it-")
        self.log_path = os.path.join(self.data_dir, f"serve-{self.label}.log" if data_dir else "serve.log")
        cmd = [LAMBDEX_BIN, "serve", "--port", str(self.port), "--data-dir", self.data_dir,
               "--docker-network", "none", "--label", f"lambdex.test={self.label}", *extra_args]
        proc_env = dict(os.environ)
        proc_env.update(env or {})
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=proc_env)
        self._wait_healthy()

    def _wait_healthy(self):
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"lambdex exited early ({self.proc.returncode}):\n{self.logs()}")
            try:
                with urllib.request.urlopen(self.endpoint + "/health", timeout=1) as r:
                    self.health = json.load(r)
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("lambdex did not become healthy:\n" + self.logs())

    def logs(self):
        with open(self.log_path) as f:
            return f.read()

    def containers(self, **labels):
        return self.docker.containers(**{"lambdex.test": self.label, **labels})

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def cleanup(self):
        for c in self.docker.containers(**{"lambdex.test": self.label}):
            self.docker.remove(c["Id"])


@pytest.fixture
def lambdex_factory(docker):
    started = []

    def make(*extra_args, env=None, data_dir=None):
        lx = Lambdex(docker, extra_args, env, data_dir)
        started.append(lx)
        return lx

    yield make
    for lx in started:
        lx.stop()
        lx.cleanup()


@pytest.fixture
def lambdex(lambdex_factory):
    return lambdex_factory()


def client_for(lx):
    """A boto3 Lambda client for one `lambdex serve` (no retries)."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "lambda", endpoint_url=lx.endpoint, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}, read_timeout=120))


@pytest.fixture
def lambda_client(lambdex):
    return client_for(lambdex)


def make_zip(files):
    """Zip bytes from {path: text}."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def unique_name(prefix="fn"):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"
