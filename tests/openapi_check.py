"""Check an answer against the OpenAPI document: its status documented, its media type, its body's schema."""

from __future__ import annotations

from typing import Any

from openapi_schema_validator import OAS30Validator


def resolve(schema: Any, components: dict[str, Any]) -> Any:
    """The schema with every `$ref` replaced by what it names."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            return resolve(components[schema["$ref"].rsplit("/", 1)[-1]], components)
        return {key: resolve(value, components) for key, value in schema.items()}
    if isinstance(schema, list):
        return [resolve(item, components) for item in schema]
    return schema


def check_answer(document: dict[str, Any], method: str, template: str, status: int, content_type: str, body: Any) -> None:
    """Raise AssertionError (or a ValidationError) when the answer is not what the document promises."""
    operation = document["paths"][template][method.lower()]
    documented = operation["responses"].get(str(status))
    assert documented is not None, f"{method} {template}: status {status} is not documented: {str(body)[:300]}"
    if status in (204, 304):  # no body
        return
    media = content_type.split(";")[0].strip()
    assert media in documented["content"], f"{method} {template}: {media} is not documented for {status}"
    if media == "application/json":
        schema = resolve(documented["content"][media]["schema"], document["components"]["schemas"])
        assert schema, f"{method} {template}: {status} has an empty schema"
        OAS30Validator(schema).validate(body)
