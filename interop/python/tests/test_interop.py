"""What a Python team does with schemas/openapi.json, run in CI.

`datamodel-codegen` (configured in pyproject.toml) writes pydantic v2 models to
generated/ from the contract; nothing generated is committed. These tests:

- parse every valid fixture with those models, and dump it back unchanged
  (unknown properties included);
- refuse every fixture of fixtures/invalid/schema/;
- run a webhook stub built from the contract's `commsNotifications` webhook
  on 127.0.0.1: the documented tone notification is accepted (202), a body
  that breaks the schema is refused (400).

The schemas choose the type of a `resourceData` entity and of a `mediaConfig`
by `@odata.type` (`if`/`then`), which generators do not read; `read` does that
dispatch, on the components the contract names for those types, as a Python
bot would. The repository root is GRAPH_COMMS_ROOT, else two levels up.
"""

from __future__ import annotations

import json
import os
import threading
import typing
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import generated as models
import pytest
from pydantic import BaseModel, ValidationError

ROOT = Path(os.environ.get("GRAPH_COMMS_ROOT", Path(__file__).resolve().parents[3]))
FIXTURES = ROOT / "fixtures"
CONTRACT = json.loads((ROOT / "schemas" / "openapi.json").read_text(encoding="utf-8"))
COMPONENTS: dict[str, dict[str, str]] = CONTRACT["components"]["schemas"]

# The valid fixtures and the components each must parse as.
ACCEPTED = {
    "requests": ["SubscribeToToneRequest"],
    "operations": ["SubscribeToToneOperation", "CommsOperation"],
    "notifications": ["CommsNotifications"],
    "calls": ["Call"],
    "errors": ["ODataError"],
    "action-notifications": ["CommsNotifications"],
    "collect": ["CommsNotifications"],
}
def action_components(directory: str, path: Path) -> list[str]:
    """The components a fixture of an action folder must parse as.

    The contract's `<stem>-<kind>.schema.json` whose stem is the longest prefix
    of the file name (`play-prompt-v1-docs.json` is a PlayPromptRequest,
    `record-v1-docs-200.json` a RecordOperation); the beta `record` action
    takes recordResponse's body. Every typed operation is a commsOperation too.
    """
    kind = "request" if directory == "action-requests" else "operation"
    name = path.name
    if kind == "request" and name.startswith("record-") and not name.startswith("record-response-"):
        name = "record-response-" + name.removeprefix("record-")
    suffix = f"-{kind}.schema.json"
    stems = [s["$ref"].removesuffix(suffix) for s in COMPONENTS.values() if s["$ref"].endswith(suffix)]
    matching = sorted((stem for stem in stems if name.startswith(f"{stem}-")), key=len, reverse=True)
    assert matching, f"{path.name}: no {kind} schema of the contract matches its name"
    component = component_of_stem(f"{matching[0]}-{kind}")
    return [component] if kind == "request" else [component, "CommsOperation"]


BY_ACTION = {"action-requests", "action-operations"}


def component_of_stem(stem: str) -> str:
    """The component whose schema is `<stem>.schema.json`."""
    names = [name for name, s in COMPONENTS.items() if s["$ref"] == f"{stem}.schema.json"]
    assert len(names) == 1, f"no component references {stem}.schema.json"
    return names[0]


def model(component: str) -> type[BaseModel]:
    assert component in COMPONENTS, f"the contract has no component {component}"
    return getattr(models, component)


def _literals(annotation: Any) -> set[str]:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return {str(a) for a in args}
    return set().union(*(_literals(a) for a in args)) if args else set()


def _kind(odata_type: Any) -> str | None:
    """`@odata.type` as the schemas match it: ASCII case-insensitive, `#` optional."""
    return odata_type.lower().removeprefix("#") if isinstance(odata_type, str) else None


# The known @odata.types, from the generated OdataType (the schemas' list).
KNOWN = {_kind(t) for t in _literals(models.OdataType.model_fields["root"].annotation)}
OPERATIONS = {k for k in KNOWN if k and k.endswith("operation")}
ENTITIES: dict[str, str] = {"microsoft.graph.call": "Call", "microsoft.graph.participant": "Participant"}
ENTITIES.update({k: "CommsOperation" for k in OPERATIONS})
MEDIA_CONFIGS = {
    "microsoft.graph.servicehostedmediaconfig": "ServiceHostedMediaConfig",
    "microsoft.graph.apphostedmediaconfig": "AppHostedMediaConfig",
}


def _dispatch(data: Any, table: dict[str, str]) -> None:
    """Parses `data` with the component its `@odata.type` names, if any."""
    if isinstance(data, dict) and (name := table.get(_kind(data.get("@odata.type")) or "")):
        model(name).model_validate(data)
        if name == "Call":
            _dispatch(data.get("mediaConfig"), MEDIA_CONFIGS)


def read(component: str, data: Any) -> BaseModel:
    """Parses `data` as `component`, then each entity chosen by `@odata.type`.

    Raises pydantic's ValidationError where the schema rejects the payload.
    """
    parsed = model(component).model_validate(data)
    if component == "Call":
        _dispatch(data, ENTITIES)
    if component == "CommsNotifications":
        for notification in data.get("value") or []:
            entities = notification.get("resourceData")
            for entity in entities if isinstance(entities, list) else [entities]:
                _dispatch(entity, ENTITIES)
    return parsed


def fixtures(directory: Path) -> list[Path]:
    files = sorted(directory.glob("*.json"))
    assert files, f"no fixtures in {directory}"
    return files


VALID = [(path, c) for d, cs in ACCEPTED.items() for path in fixtures(FIXTURES / d) for c in cs] + [
    (path, c) for d in sorted(BY_ACTION) for path in fixtures(FIXTURES / d) for c in action_components(d, path)
]
INVALID = sorted((FIXTURES / "invalid" / "schema").glob("*/*.json"))


def test_every_fixture_directory_is_read() -> None:
    # scenarios/: emulator configuration, checked by the emulator's Rust tests.
    dirs = {p.name for p in FIXTURES.iterdir() if p.is_dir()} - {"invalid", "partial", "scenarios"}
    assert dirs == set(ACCEPTED) | BY_ACTION, "add the new fixture directory to ACCEPTED"
    assert len(VALID) >= 25 + 23 + 2 * 7 and len(INVALID) >= 19


@pytest.mark.parametrize(("path", "component"), VALID, ids=lambda v: getattr(v, "name", v))
def test_valid_fixture_parses_and_dumps_back_unchanged(path: Path, component: str) -> None:
    data = json.loads(path.read_bytes())
    parsed = read(component, data)
    # Unknown properties (and explicit nulls) survive the round trip.
    assert parsed.model_dump(mode="json", by_alias=True, exclude_unset=True) == data


def test_unknown_properties_are_kept_where_they_are() -> None:
    path = FIXTURES / "notifications" / "undeclared-property.json"
    data = json.loads(path.read_bytes())
    batch = read("CommsNotifications", data)
    notification = batch.root.value[0]
    assert notification.model_extra, "the undeclared property is kept as an extra"
    assert batch.model_dump(mode="json", by_alias=True, exclude_unset=True) == data


def test_the_documented_tone_reads_as_typed_models() -> None:
    data = json.loads((FIXTURES / "notifications" / "documented-tone.json").read_bytes())
    batch = read("CommsNotifications", data)
    entity = batch.root.value[0].resourceData.root
    call = models.Call.model_validate(entity)
    assert call.root.toneInfo.sequenceId == 1
    assert call.root.toneInfo.tone.root == "tone1"


def test_the_action_fixtures_read_as_their_typed_models() -> None:
    requests = FIXTURES / "action-requests"
    tones = models.SendDtmfTonesRequest.model_validate(json.loads((requests / "send-dtmf-tones-v1-docs.json").read_bytes()))
    assert [t.root for t in tones.root.tones] == [*(f"tone{d}" for d in "1234567890"), "star", "pound"]
    record = models.RecordResponseRequest.model_validate(json.loads((requests / "record-response-v1-docs.json").read_bytes()))
    # stopTones are DTMF characters, not tone names; playBeep as sent.
    assert [t.root for t in record.root.stopTones] == ["#", "1", "*"]
    assert record.root.playBeep is True
    operations = FIXTURES / "action-operations"
    running = models.RecordOperation.model_validate(json.loads((operations / "record-v1-docs-200.json").read_bytes()))
    assert running.root.status.root == "running"
    assert running.root.recordingLocation is None and running.root.recordingAccessToken is None
    for path in fixtures(operations):
        data = json.loads(path.read_bytes())
        stem = action_components("action-operations", path)[0]
        expected = "#microsoft.graph." + stem[0].lower() + stem[1:]
        assert data["@odata.type"] == expected, path.name


@pytest.mark.parametrize("path", INVALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_invalid_fixture_is_refused(path: Path) -> None:
    component = component_of_stem(path.parent.name)
    with pytest.raises(ValidationError):
        read(component, json.loads(path.read_bytes()))


# ---- The webhook stub: routes and answers from the contract -----------------

WEBHOOK = CONTRACT["webhooks"]["commsNotifications"]["post"]
DOCUMENTED = set(WEBHOOK["responses"])
BODY = WEBHOOK["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
MAX_BODY_BYTES = 1024 * 1024


def answer(headers: Any, body: bytes) -> int:
    """The stub's decision, in the contract's terms."""
    if not (headers.get("Authorization") or "").startswith("Bearer "):
        return 401  # validate it for real (graph-comms-auth does)
    media_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        return 415
    if len(body) > MAX_BODY_BYTES:
        return 413
    try:
        batch = read(BODY, json.loads(body))
    except (ValueError, ValidationError):  # not JSON (JSONDecodeError) or not the schema
        return 400
    return 413 if len(batch.root.value or []) > 100 else 202


class Stub(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (the name http.server calls)
        length = int(self.headers.get("Content-Length") or 0)
        status = 413 if length > MAX_BODY_BYTES else answer(self.headers, self.rfile.read(length))
        assert str(status) in DOCUMENTED, f"the stub answered {status}, not in the contract"
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def stub_url() -> Any:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/calls"
    server.shutdown()
    server.server_close()


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


JSON = {"Content-Type": "application/json; charset=Windows-1252", "Authorization": "Bearer eyJ0eXAiOiJKV1QifQ.e30.c2ln"}
TONE = (FIXTURES / "notifications" / "documented-tone.json").read_bytes()
BREAKING = (FIXTURES / "invalid" / "schema" / "comms-notifications" / "tone-number.json").read_bytes()


@pytest.mark.parametrize(
    ("body", "headers", "expected"),
    [
        (TONE, JSON, 202),
        (BREAKING, JSON, 400),
        (b"{", JSON, 400),
        (TONE, {"Content-Type": "application/json"}, 401),
        (TONE, {**JSON, "Content-Type": "text/plain"}, 415),
    ],
    ids=["documented-tone", "tone-is-a-number", "not-json", "no-token", "text-plain"],
)
def test_webhook_stub(stub_url: str, body: bytes, headers: dict[str, str], expected: int) -> None:
    assert post(stub_url, body, headers) == expected
