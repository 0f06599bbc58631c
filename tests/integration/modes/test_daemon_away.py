"""The Docker daemon going away: warm functions keep answering, a call that
needs a new container gets a clear error, and once the daemon is back the
next call works. The daemon is reached through a Unix-socket relay that the
test can take down, so the real daemon is never disturbed."""
import json
import os
import socket
import tempfile
import threading

import pytest
from botocore.exceptions import ClientError

from conftest import DOCKER_SOCK, make_zip, unique_name
from test_modes import client_for

HANDLER = "def handler(event, context):\n    return {'ok': True}\n"


class Relay:
    """Forwards connections on `path` to the Docker socket while up."""

    def __init__(self):
        self.path = os.path.join(tempfile.mkdtemp(prefix="lx-relay-"), "docker.sock")
        self.server = None

    def up(self):
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen(64)
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def down(self):
        self.server.close()
        os.unlink(self.path)

    def _accept(self, server):
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            upstream.connect(DOCKER_SOCK)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def test_daemon_away_then_back(lambdex_factory):
    relay = Relay()
    relay.up()
    lx = lambdex_factory(env={"LAMBDA_EXECUTOR": "docker-reuse",
                              "DOCKER_HOST": f"unix://{relay.path}"})
    client = client_for(lx)
    warm, cold = unique_name("warm"), unique_name("cold")
    for name in (warm, cold):
        client.create_function(FunctionName=name, Runtime="python3.11", Role="r",
                               Handler="app.handler", Code={"ZipFile": make_zip({"app.py": HANDLER})})
    assert "FunctionError" not in client.invoke(FunctionName=warm, Payload=b"{}")

    relay.down()
    try:
        resp = client.invoke(FunctionName=warm, Payload=b"{}")
        assert json.loads(resp["Payload"].read()) == {"ok": True}, "warm calls need no daemon"
        with pytest.raises(ClientError) as e:
            client.invoke(FunctionName=cold, Payload=b"{}")
        assert e.value.response["Error"]["Code"] == "ServiceException"
        assert "Docker daemon not reachable" in e.value.response["Error"]["Message"]
    finally:
        relay.up()
    resp = client.invoke(FunctionName=cold, Payload=b"{}")
    assert json.loads(resp["Payload"].read()) == {"ok": True}
