"""The pages get the protocol's JSON Schema from the server, and it is the one generated from `protocol/`."""

from __future__ import annotations

from protocol.schema import json_schema


def test_the_served_schema_is_the_generated_one(shared_app) -> None:
    answer = shared_app.test_client().get("/protocol/schema.json")
    assert answer.status_code == 200 and answer.mimetype == "application/json"
    assert answer.get_json() == json_schema()
    assert {"PrintJob", "PrintResult", "Subscribe", "EventEnvelope", "AgentHello", "PrinterStatus", "BoardHello"} <= set(answer.get_json()["$defs"])
