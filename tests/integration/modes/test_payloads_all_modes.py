"""6 MB requests and responses round-trip exactly in every mode: payloads
travel in frames (socket or stdio), never through argv or the environment."""
import json

import pytest

from conftest import make_zip, unique_name
from test_modes import MODES, client_for

ECHO = "def handler(event, context):\n    return event\n"


@pytest.mark.parametrize("mode", MODES)
def test_six_megabytes_each_way(lambdex_factory, mode):
    lx = lambdex_factory(env=MODES[mode])
    client = client_for(lx)
    name = unique_name("big")
    client.create_function(FunctionName=name, Runtime="python3.11", Role="r", Handler="app.handler",
                           Timeout=60, MemorySize=1024,
                           Code={"ZipFile": make_zip({"app.py": ECHO})})
    # Just under 6,291,456 bytes of JSON, with every byte value a JSON string can carry.
    filler = "".join(chr(c) for c in range(32, 127) if chr(c) not in '"\\') * 1000
    event = {"data": (filler * 70)[:6_291_456 - 100], "n": 1}
    payload = json.dumps(event, separators=(",", ":")).encode()
    assert 6_200_000 < len(payload) <= 6_291_456
    resp = client.invoke(FunctionName=name, Payload=payload)
    body = resp["Payload"].read()
    assert "FunctionError" not in resp, body[:300]
    assert json.loads(body) == event
