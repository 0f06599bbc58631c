"""Function errors as AWS reports them: 200 with X-Amz-Function-Error and an
error document in the body, and a sandbox that keeps working afterwards.

AWS: Invoke returns 200 for function errors; FunctionError is "Unhandled" and
the body carries errorType/errorMessage (+ stackTrace in Python, trace in
Node.js). Runtime deaths are Runtime.ExitError ("Runtime exited with error:
exit status N"), timeouts "Task timed out after N.NN seconds", memory-limit
kills Runtime.OutOfMemory ("Runtime exited with error: signal: killed").
"""
import pytest

from fidelity_lib import LANGS, code_for, creator, invoke, main_function, ok, zip_with_modes


@pytest.mark.parametrize("lang", LANGS)
def test_unhandled_exception_is_200_with_error_document(fleet, lang):
    name = main_function(fleet, lang)
    resp, body, _ = invoke(fleet.client, name, {"action": "raise", "x": 42})
    assert resp["StatusCode"] == 200
    assert resp["FunctionError"] == "Unhandled"
    if lang == "python":
        assert body["errorType"] == "ValueError"
        assert body["errorMessage"] == "boom 42"
        assert isinstance(body["stackTrace"], list) and body["stackTrace"]
    elif lang == "node":
        assert body["errorType"] == "TypeError"
        assert body["errorMessage"] == "boom 42"
        assert isinstance(body["trace"], list) and body["trace"][0].startswith("TypeError: boom 42")
    else:
        assert body == {"errorMessage": "boom", "errorType": "CustomError"}
    assert ok(fleet.client, name, {"after": "error"}) == {"after": "error"}


INIT_FAILURES = {
    # (lang, case): (Handler, files, errorType, text in errorMessage)
    ("python", "import"): ("missing.handler", {"app.py": "x = 1\n"},
                           "Runtime.ImportModuleError", "Unable to import module 'missing'"),
    ("python", "handler"): ("app.nothere", {"app.py": "x = 1\n"},
                            "Runtime.HandlerNotFound", "Handler 'nothere' missing on module 'app'"),
    ("python", "syntax"): ("app.handler", {"app.py": "def handler(e, c:\n    return 1\n"},
                           "Runtime.UserCodeSyntaxError", "Syntax error in module 'app'"),
    ("node", "import"): ("missing.handler", {"index.js": "exports.handler = async () => 1;\n"},
                         "Runtime.ImportModuleError", "Cannot find module 'missing'"),
    ("node", "handler"): ("index.nothere", {"index.js": "exports.handler = async () => 1;\n"},
                          "Runtime.HandlerNotFound", "index.nothere is undefined or not exported"),
    ("node", "syntax"): ("index.handler", {"index.js": "exports.handler = async () => {;\n"},
                         "Runtime.UserCodeSyntaxError", "SyntaxError"),
}


@pytest.mark.parametrize("lang,case", list(INIT_FAILURES), ids=[f"{l}-{c}" for l, c in INIT_FAILURES])
def test_init_failure_is_reported_and_repeats_without_hanging(fleet, lang, case):
    handler, files, error_type, text = INIT_FAILURES[(lang, case)]
    name = fleet.function(f"init-{lang}-{case}", creator(
        lang, handler=handler, code=zip_with_modes(files), Timeout=10))
    for attempt in range(2):  # nothing fixed: the second call fails the same way
        resp, body, took = invoke(fleet.client, name, {"attempt": attempt})
        assert resp["StatusCode"] == 200
        assert resp["FunctionError"] == "Unhandled", body
        assert body["errorType"] == error_type, body
        assert text in body["errorMessage"], body
        assert took < 9, f"attempt {attempt} took {took:.1f}s: the init error must not wait for the timeout"


def test_provided_without_bootstrap_fails_at_init(stay_open):
    name = stay_open.function("init-provided-none", creator(
        "provided", handler="function.handler", code=zip_with_modes({"README": "no bootstrap"}),
        Timeout=10))
    for _ in range(2):
        resp, body, took = invoke(stay_open.client, name, {})
        assert resp["StatusCode"] == 200
        assert "FunctionError" in resp, body
        assert took < 9


@pytest.mark.parametrize("lang", LANGS)
def test_runtime_exit_mid_call_is_exit_error_and_next_call_works(fleet, lang):
    name = main_function(fleet, lang)
    ok(fleet.client, name, {"warm": 1})
    resp, body, _ = invoke(fleet.client, name, {"action": "exit"})
    assert resp["StatusCode"] == 200
    assert resp["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.ExitError"
    assert body["errorMessage"].startswith("RequestId: ")
    assert body["errorMessage"].endswith("Error: Runtime exited with error: exit status 3")
    assert ok(fleet.client, name, {"after": "exit"}) == {"after": "exit"}


@pytest.mark.parametrize("lang", LANGS)
def test_timeout_answers_promptly_and_next_call_works(fleet, lang):
    name = fleet.function(f"timeout-{lang}", creator(lang, Timeout=1, MemorySize=256))
    ok(fleet.client, name, {"warm": 1})  # a cold start does not count against Timeout
    resp, body, took = invoke(fleet.client, name, {"action": "sleep", "seconds": 5})
    assert resp["StatusCode"] == 200
    assert resp["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Sandbox.Timedout", body
    assert "Task timed out after 1.00 seconds" in body["errorMessage"]
    assert took < 4, f"the caller waited {took:.1f}s for a 1 s timeout"
    assert ok(fleet.client, name, {"after": "timeout"}) == {"after": "timeout"}


def test_python_unserialisable_result_is_marshal_error(fleet):
    name = main_function(fleet, "python")
    resp, body, _ = invoke(fleet.client, name, {"action": "set"})
    assert resp["StatusCode"] == 200
    assert resp["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.MarshalError"
    assert "Unable to marshal response" in body["errorMessage"]
    assert "set" in body["errorMessage"]


@pytest.mark.parametrize("lang", ["python", "node"])
def test_response_over_6mb_is_response_size_too_large(stay_open, lang):
    name = main_function(stay_open, lang)
    resp, body, _ = invoke(stay_open.client, name, {"action": "big", "n": 7 * 1024 * 1024})
    assert resp["StatusCode"] == 200
    assert "FunctionError" in resp
    assert body["errorType"] == "Function.ResponseSizeTooLarge"
    assert "Response payload size exceeded maximum allowed payload size" in body["errorMessage"]
    assert ok(stay_open.client, name, {"after": "big"}) == {"after": "big"}


@pytest.mark.parametrize("lang", LANGS)
def test_memory_limit_is_out_of_memory_and_next_call_works(stay_open, lang):
    name = stay_open.function(f"oom-{lang}", creator(lang, Timeout=30, MemorySize=128))
    ok(stay_open.client, name, {"warm": 1})
    resp, body, _ = invoke(stay_open.client, name, {"action": "alloc", "mb": 400})
    assert resp["StatusCode"] == 200
    assert "FunctionError" in resp, body
    assert body["errorType"] == "Runtime.OutOfMemory", body
    assert body["errorMessage"].endswith("Error: Runtime exited with error: signal: killed"), body
    assert ok(stay_open.client, name, {"after": "oom"}) == {"after": "oom"}
