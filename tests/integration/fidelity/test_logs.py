"""LogType=Tail: the last 4 KB of the call's log, base64, in LogResult, framed
as AWS frames it:
  START RequestId: <id> Version: $LATEST
  <the function's output>
  END RequestId: <id>
  REPORT RequestId: <id>  Duration: 1.23 ms  Billed Duration: 2 ms  Memory Size: 128 MB
      Max Memory Used: 40 MB  Init Duration: 150.00 ms      (Init Duration: first call only)
"""
import re
import uuid

import pytest

from fidelity_lib import LANGS, creator, invoke, log_result


@pytest.mark.parametrize("lang", LANGS)
def test_tail_contains_the_handlers_output(stay_open, lang):
    name = stay_open.function(f"logs-{lang}", creator(lang, Timeout=30, MemorySize=256))
    tag = uuid.uuid4().hex[:8]
    resp, body, _ = invoke(stay_open.client, name, {"action": "log", "tag": tag}, LogType="Tail")
    assert body == "logged"
    text = log_result(resp)
    expected = "hello-from-handler bootstrap" if lang == "provided" else f"hello-from-handler {tag}"
    assert expected in text, text
    assert len(resp["LogResult"]) <= 4096 * 4 // 3 + 4


REPORT = re.compile(
    r"^REPORT RequestId: (?P<id>\S+)\s+Duration: \d+\.\d{2} ms\s+Billed Duration: \d+ ms\s+"
    r"Memory Size: 256 MB\s+Max Memory Used: \d+ MB(?P<init>\s+Init Duration: \d+\.\d{2} ms)?\s*$",
    re.M)


@pytest.mark.parametrize("lang", ["python", "node"])
def test_tail_is_framed_with_start_end_report(stay_open, lang):
    name = stay_open.function(f"logs-frame-{lang}", creator(lang, Timeout=30, MemorySize=256))
    ids = []
    for call in range(2):
        resp, _, _ = invoke(stay_open.client, name, {"action": "log", "tag": str(call)}, LogType="Tail")
        text = log_result(resp)
        request_id = resp["ResponseMetadata"]["HTTPHeaders"].get("x-amzn-requestid", "")
        start = re.search(r"^START RequestId: (\S+) Version: \$LATEST$", text, re.M)
        assert start, text
        assert re.search(rf"^END RequestId: {re.escape(start.group(1))}$", text, re.M), text
        report = REPORT.search(text)
        assert report and report.group("id") == start.group(1), text
        if request_id:
            assert start.group(1) == request_id
        assert bool(report.group("init")) == (call == 0), "Init Duration on the first call only"
        assert text.index("START") < text.index(f"hello-from-handler {call}") < text.index("END")
        ids.append(start.group(1))
    assert ids[0] != ids[1]
