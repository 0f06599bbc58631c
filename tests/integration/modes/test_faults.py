"""Faults end in a clear error and the next call works: a container killed
mid-call, and one killed while idle."""
import json
import threading
import time

import pytest

from conftest import make_zip, unique_name
from test_modes import MODES, client_for

SLOW = '''
import time
def handler(event, context):
    time.sleep(event.get("sleep", 0))
    return {"ok": True}
'''


def kill(docker, cid):
    status, _ = docker.request("POST", f"/containers/{cid}/kill")
    assert status == 204


@pytest.mark.parametrize("mode", ["stay-open", "docker-exec"])
def test_container_killed_mid_call_is_an_error_then_the_next_call_works(lambdex_factory, mode):
    lx = lambdex_factory(env=MODES[mode])
    client = client_for(lx)
    name = unique_name("kill")
    client.create_function(FunctionName=name, Runtime="python3.11", Role="r",
                           Handler="app.handler", Timeout=30,
                           Code={"ZipFile": make_zip({"app.py": SLOW})})
    client.invoke(FunctionName=name, Payload=b"{}")
    [container] = lx.containers(**{"lambdex.function": name})

    killer = threading.Timer(1.0, kill, args=(lx.docker, container["Id"]))
    killer.start()
    started = time.time()
    resp = client.invoke(FunctionName=name, Payload=json.dumps({"sleep": 20}).encode())
    killer.join()
    body = json.loads(resp["Payload"].read())
    assert time.time() - started < 15, "the caller must not wait for the function's timeout"
    assert resp["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.ExitError", body

    resp = client.invoke(FunctionName=name, Payload=b"{}")
    assert "FunctionError" not in resp
    assert json.loads(resp["Payload"].read()) == {"ok": True}


@pytest.mark.parametrize("mode", ["stay-open", "docker-exec"])
def test_container_killed_while_idle_is_replaced_silently(lambdex_factory, mode):
    lx = lambdex_factory(env=MODES[mode])
    client = client_for(lx)
    name = unique_name("idlekill")
    client.create_function(FunctionName=name, Runtime="python3.11", Role="r",
                           Handler="app.handler", Code={"ZipFile": make_zip({"app.py": SLOW})})
    client.invoke(FunctionName=name, Payload=b"{}")
    [container] = lx.containers(**{"lambdex.function": name})
    kill(lx.docker, container["Id"])
    resp = client.invoke(FunctionName=name, Payload=b"{}")
    assert "FunctionError" not in resp, resp["Payload"].read()
    assert json.loads(resp["Payload"].read()) == {"ok": True}
    running = [c for c in lx.containers(**{"lambdex.function": name}) if c["State"] == "running"]
    assert len(running) == 1 and running[0]["Id"] != container["Id"]
