"""Every executor mode runs the same scenario through boto3 against the real
Docker daemon, with the differences the modes promise: stay-open and local
initialise once; docker-exec re-runs the runtime per call (same container);
docker uses a fresh container per call and leaves none behind."""
import json
import os
import shutil
import signal
import tempfile
import threading
import time
import uuid

import boto3
import pytest
from botocore.config import Config

from conftest import make_zip, unique_name

MODES = {
    "stay-open": {"LAMBDA_EXECUTOR": "docker-reuse", "LAMBDA_STAY_OPEN_MODE": "1"},
    "docker-exec": {"LAMBDA_EXECUTOR": "docker-reuse", "LAMBDA_STAY_OPEN_MODE": "0"},
    "docker": {"LAMBDA_EXECUTOR": "docker"},
    "local": {"LAMBDA_EXECUTOR": "local"},
}

# INIT_FILE is unique per function, so counts never mix between tests (local
# mode shares the host's /tmp).
HANDLER = '''
import os, socket
with open(os.environ["INIT_FILE"], "a") as f:
    f.write("init\\n")
PID = os.getpid()
VERSION = "{version}"

def handler(event, context):
    with open(os.environ["INIT_FILE"]) as f:
        inits = len(f.read().splitlines())
    return {{"version": VERSION, "inits": inits, "pid": PID, "host": socket.gethostname(),
            "echo": event}}
'''


def client_for(lx):
    return boto3.client(
        "lambda", endpoint_url=lx.endpoint, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(retries={"max_attempts": 1}, read_timeout=120, max_pool_connections=16))


def invoke(client, name, payload=None):
    resp = client.invoke(FunctionName=name, Payload=json.dumps(payload or {}).encode())
    body = json.loads(resp["Payload"].read())
    assert resp["StatusCode"] == 200
    assert "FunctionError" not in resp, body
    return body


def init_file():
    return f"/tmp/lambdex-it-inits-{uuid.uuid4().hex}"


@pytest.mark.parametrize("mode", MODES)
def test_scenario_in_every_mode(lambdex_factory, mode):
    lx = lambdex_factory(env=MODES[mode])
    assert lx.health["executor"].startswith("local" if mode == "local" else "docker")
    assert "LAMBDA_EXECUTOR" in lx.health["executor_reason"], lx.health
    client = client_for(lx)
    name = unique_name(mode.replace("-", ""))
    client.create_function(
        FunctionName=name, Runtime="python3.11", Role="r", Handler="app.handler", Timeout=30,
        Code={"ZipFile": make_zip({"app.py": HANDLER.format(version="v1")})},
        Environment={"Variables": {"INIT_FILE": init_file()}})

    bodies = [invoke(client, name, {"i": i}) for i in range(3)]
    assert [b["echo"] for b in bodies] == [{"i": 0}, {"i": 1}, {"i": 2}]
    assert {b["version"] for b in bodies} == {"v1"}
    inits = [b["inits"] for b in bodies]
    pids = {b["pid"] for b in bodies}
    hosts = {b["host"] for b in bodies}
    if mode in ("stay-open", "local"):
        assert inits == [1, 1, 1] and len(pids) == 1, "warm runtime initialises once"
    elif mode == "docker-exec":
        assert inits == [1, 2, 3], "docker-exec re-runs the runtime in the same container"
        assert len(hosts) == 1
    else:
        assert inits == [1, 1, 1] and len(hosts) == 3, "docker: a fresh container per call"

    if mode == "docker":
        assert lx.containers(**{"lambdex.function": name}) == []
    elif mode != "local":
        assert len(lx.containers(**{"lambdex.function": name})) == 1

    client.update_function_code(
        FunctionName=name, ZipFile=make_zip({"app.py": HANDLER.format(version="v2")}))
    assert invoke(client, name)["version"] == "v2"

    client.delete_function(FunctionName=name)
    assert lx.containers(**{"lambdex.function": name}) == []


@pytest.mark.parametrize("mode", MODES)
def test_hot_reload_edit_is_visible_on_the_next_call(lambdex_factory, mode):
    lx = lambdex_factory(env=MODES[mode])
    client = client_for(lx)
    code_dir = tempfile.mkdtemp(prefix="lambdex-hot-")
    os.chmod(code_dir, 0o755)
    path = os.path.join(code_dir, "app.py")
    with open(path, "w") as f:
        f.write(HANDLER.format(version="before"))
    name = unique_name("hot")
    client.create_function(
        FunctionName=name, Runtime="python3.11", Role="r", Handler="app.handler",
        Code={"S3Bucket": "hot-reload", "S3Key": code_dir},
        Environment={"Variables": {"INIT_FILE": init_file()}})
    assert invoke(client, name)["version"] == "before"
    assert invoke(client, name)["version"] == "before"
    with open(path, "w") as f:
        f.write(HANDLER.format(version="after"))
    assert invoke(client, name)["version"] == "after"
    shutil.rmtree(code_dir, ignore_errors=True)


def test_stay_open_scales_out_under_concurrency(lambdex_factory):
    lx = lambdex_factory(env=MODES["stay-open"])
    client = client_for(lx)
    name = unique_name("scale")
    client.create_function(
        FunctionName=name, Runtime="python3.11", Role="r", Handler="app.handler", Timeout=30,
        Code={"ZipFile": make_zip({"app.py":
            "import time, socket\n"
            "def handler(e, c):\n"
            "    time.sleep(1)\n"
            "    return {'host': socket.gethostname()}\n"})})
    results, errors = [], []

    def call():
        try:
            results.append(invoke(client_for(lx), name))
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(e))

    threads = [threading.Thread(target=call) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    assert errors == []
    assert len(results) == 8
    assert len({r["host"] for r in results}) >= 2, "concurrent calls must not share one runtime"
    assert len(lx.containers(**{"lambdex.function": name})) >= 2


def test_idle_containers_are_reaped_after_keepalive(lambdex_factory):
    lx = lambdex_factory("--keepalive-ms", "1000", env=MODES["stay-open"])
    client = client_for(lx)
    name = unique_name("idle")
    client.create_function(
        FunctionName=name, Runtime="python3.11", Role="r", Handler="app.handler",
        Code={"ZipFile": make_zip({"app.py": HANDLER.format(version="v")})},
        Environment={"Variables": {"INIT_FILE": init_file()}})
    invoke(client, name)
    assert len(lx.containers(**{"lambdex.function": name})) == 1
    deadline = time.time() + 30
    while time.time() < deadline and lx.containers(**{"lambdex.function": name}):
        time.sleep(0.2)
    assert lx.containers(**{"lambdex.function": name}) == []
    assert invoke(client, name)["version"] == "v", "the next call starts a fresh container"


def test_orphans_of_a_killed_controller_are_removed_at_start(lambdex_factory, docker):
    first = lambdex_factory(env=MODES["stay-open"])
    client = client_for(first)
    name = unique_name("orphan")
    client.create_function(
        FunctionName=name, Runtime="python3.11", Role="r", Handler="app.handler",
        Code={"ZipFile": make_zip({"app.py": HANDLER.format(version="v")})},
        Environment={"Variables": {"INIT_FILE": init_file()}})
    invoke(client, name)
    first.proc.send_signal(signal.SIGKILL)
    first.proc.wait()
    assert len(first.containers()) == 1, "a kill -9 leaves the container behind"
    lambdex_factory(env=MODES["stay-open"])
    assert first.containers() == []
