"""Request bodies, declared once: the parser and the OpenAPI document both read them.

That is how the document keeps matching what the server really accepts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..domain.errors import InvalidRequest

_JSON_TYPES: dict[type, str] = {str: "string", int: "integer", bool: "boolean"}
# "not blank" as Python's str.strip() sees it (the commands strip), spelled the same for any regex
# engine: ECMA's \s differs from Python's (\x1c-\x1f, \x85, \ufeff), so the class is written out.
NOT_BLANK = "[^\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]"


@dataclass(frozen=True)
class Field:
    name: str
    type: type
    required: bool = False
    nullable: bool = False
    max_length: int | None = None
    min_length: int | None = None
    blank: bool = True  # False: a text of spaces alone is refused (by the command), and the schema says so
    minimum: int | None = None
    maximum: int | None = None
    enum: tuple[str, ...] | None = None
    description: str = ""
    # the values come from the network's configuration (e.g. "priorities"): the command checks them,
    # the document lists them (`Body.json_schema(catalogues)`)
    catalogue: str | None = None

    def parse(self, value: Any) -> Any:
        if value is None:
            if self.nullable or not self.required:
                return None
            raise InvalidRequest(f"{self.name} must not be null", field=self.name)
        type_ok = isinstance(value, self.type) and not (self.type is int and isinstance(value, bool))
        if not type_ok:
            raise InvalidRequest(f"{self.name} must be a {_JSON_TYPES[self.type]}", field=self.name)
        if isinstance(value, str):
            if self.max_length is not None and len(value) > self.max_length:
                raise InvalidRequest(
                    f"{self.name} must be at most {self.max_length} characters", field=self.name
                )
            if self.min_length is not None and len(value) < self.min_length:
                raise InvalidRequest(f"{self.name} must be at least {self.min_length} characters", field=self.name)
            if self.enum is not None and value not in self.enum:
                raise InvalidRequest(f"{self.name} must be one of {', '.join(self.enum)}", field=self.name)
        if isinstance(value, int) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                raise InvalidRequest(f"{self.name} must be at least {self.minimum}", field=self.name)
            if self.maximum is not None and value > self.maximum:
                raise InvalidRequest(f"{self.name} must be at most {self.maximum}", field=self.name)
        return value

    def json_schema(self, catalogues: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": _JSON_TYPES[self.type]}
        if self.nullable or not self.required:
            schema["nullable"] = True
        for key, value in (
            ("maxLength", self.max_length),
            ("minLength", self.min_length),
            ("minimum", self.minimum),
            ("maximum", self.maximum),
        ):
            if value is not None:
                schema[key] = value
        if not self.blank:
            schema["pattern"] = NOT_BLANK
        if self.enum is not None:
            schema["enum"] = list(self.enum)
        if self.catalogue is not None and catalogues is not None and self.catalogue in catalogues:
            schema["enum"] = list(catalogues[self.catalogue])
        if "enum" in schema and schema.get("nullable"):
            schema["enum"].append(None)  # OpenAPI 3.0: null must be one of the values too
        if self.description:
            schema["description"] = self.description
        return schema


@dataclass(frozen=True)
class Body:
    """A JSON object body with known fields; unknown fields are refused (typos must not pass)."""

    name: str
    fields: tuple[Field, ...] = field(default_factory=tuple)

    def parse(self, payload: Any) -> dict[str, Any]:
        if payload is None:
            payload = {}
        if not isinstance(payload, dict):
            raise InvalidRequest("the request body must be a JSON object")
        known = {f.name: f for f in self.fields}
        unknown = sorted(set(payload) - set(known))
        if unknown:
            raise InvalidRequest(f"unknown field(s): {', '.join(unknown)}", fields=unknown)
        missing = [f.name for f in self.fields if f.required and f.name not in payload]
        if missing:
            raise InvalidRequest(f"missing field(s): {', '.join(missing)}", fields=missing)
        return {name: spec.parse(payload.get(name)) for name, spec in known.items()}

    def json_schema(self, catalogues: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {f.name: f.json_schema(catalogues) for f in self.fields},
        }
        required = [f.name for f in self.fields if f.required]
        if required:
            schema["required"] = required
        return schema


CODE = 60
MAX_ID = 2**62  # ids are 64-bit in the database; a bigger one names nothing and must not reach SQL
TICKET_REF = Field(
    "ticket", int, minimum=1, maximum=MAX_ID, description="the id of the ticket the console shows; refused if it is no longer at the desk"
)

EMPTY = Body("Empty")
LOGIN = Body(
    "Login",
    (
        Field("username", str, required=True, max_length=60),
        Field("password", str, required=True, max_length=200),
    ),
)
ISSUE_TICKET = Body(
    "IssueTicket",
    (
        Field("service", str, required=True, max_length=CODE, description="a service code of the office"),
        Field("priority", str, nullable=True, max_length=CODE, catalogue="priorities", description="a priority category code (GET /priorities)"),
        Field("lang", str, enum=("uk", "en"), description="the language of the ticket and its page"),
        Field("print", bool, description="a kiosk prints the ticket on its agent's printer (default true for a kiosk)"),
    ),
)
RATING = Body(
    "Rating",
    (
        Field("score", int, required=True, minimum=1, maximum=5),
        Field("comment", str, nullable=True, max_length=1000),
    ),
)
DESK_TICKET = Body("DeskTicket", (TICKET_REF,))
RETURN_TICKET = Body(
    "ReturnTicket", (Field("ticket", int, required=True, minimum=1, maximum=MAX_ID, description="the held ticket's id"),)
)
TRANSFER = Body(
    "Transfer",
    (
        Field("service", str, nullable=True, max_length=CODE, description="send to this service"),
        Field("desk", str, nullable=True, max_length=CODE, description="send to this desk"),
        Field("note", str, nullable=True, max_length=500, description="a note for the next desk"),
        TICKET_REF,
    ),
)


def pause_body(reasons: tuple[str, ...]) -> Body:
    return Body("Pause", (Field("reason", str, required=True, enum=reasons),))
