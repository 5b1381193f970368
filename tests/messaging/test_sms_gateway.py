"""SMS through a real local HTTP gateway: the JSON body, the token, and 2xx sent / 4xx failed / 5xx retry."""

from __future__ import annotations

import pytest

from message_fakes import SmsGateway, free_port
from queue_server.messaging.message import Channel, Outcome, Outgoing
from queue_server.messaging.sms_gateway import BodyTemplate, BodyTemplateError, SmsGatewayConfig, SmsGatewaySender

TEXT = "Альфа: номер П015 скоро викличуть, перед вами 3. Час іти: https://cherga.kr.gov.ua/t/x"


def outgoing(text: str = TEXT) -> Outgoing:
    return Outgoing(key="cherga-message-12", channel=Channel.SMS, address="+380671234567", subject="", text=text, lang="uk")


def sender(url: str, body: str = '{"phone": "{phone}", "text": "{text}"}', **changes: object) -> SmsGatewaySender:
    options: dict[str, object] = {"url": url, "body": BodyTemplate.parse(body), "token": "Bearer s3cret", "timeout_seconds": 5}
    options.update(changes)
    return SmsGatewaySender(SmsGatewayConfig(**options))  # type: ignore[arg-type]


def test_a_2xx_is_sent_with_the_token_and_the_json_body(sms_gateway: SmsGateway) -> None:
    delivery = sender(sms_gateway.url).send(outgoing())
    assert delivery.outcome is Outcome.SENT, delivery.reason
    (request,) = sms_gateway.received
    assert request.path == "/api/sms/send"
    assert request.headers["Authorization"] == "Bearer s3cret"
    assert request.headers["Content-Type"] == "application/json; charset=utf-8"
    assert request.body == {"phone": "+380671234567", "text": TEXT}


def test_a_5xx_is_tried_again_and_a_4xx_fails_for_good(sms_gateway: SmsGateway) -> None:
    sms_gateway.answers = [500, 400, 503, 429, 201]
    outcomes = [sender(sms_gateway.url).send(outgoing()) for _ in range(5)]
    assert [delivery.outcome for delivery in outcomes] == [Outcome.RETRY, Outcome.FAILED, Outcome.RETRY, Outcome.RETRY, Outcome.SENT]
    assert "400" in outcomes[1].reason and "number blocked" in outcomes[1].reason  # the gateway's own words


def test_no_gateway_is_a_retry() -> None:
    delivery = sender(f"http://127.0.0.1:{free_port()}/send").send(outgoing())
    assert delivery.outcome is Outcome.RETRY and "cannot reach the SMS gateway" in delivery.reason


def test_a_gateway_that_does_not_answer_in_time_is_a_retry() -> None:
    import socket

    with socket.socket() as silent:  # accepts the connection, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        delivery = sender(f"http://127.0.0.1:{silent.getsockname()[1]}/send", timeout_seconds=0.3).send(outgoing())
    assert delivery.outcome is Outcome.RETRY


def test_the_values_are_json_escaped_so_no_text_breaks_the_body(sms_gateway: SmsGateway) -> None:
    tricky = 'Офіс "Віза"\\ 1\n{phone} "}, "admin": true, "x": "'
    body = '{"to": ["{phone}"], "message": {"text": "Cherga: {text}", "ref": "{key}"}, "priority": 1}'
    assert sender(sms_gateway.url, body, token=None, token_header="X-Api-Key").send(outgoing(tricky)).outcome is Outcome.SENT
    request = sms_gateway.received[0]
    assert request.body == {"to": ["+380671234567"], "message": {"text": "Cherga: " + tricky, "ref": "cherga-message-12"}, "priority": 1}
    assert "X-Api-Key" not in request.headers and "Authorization" not in request.headers


def test_the_token_goes_in_the_header_the_gateway_names(sms_gateway: SmsGateway) -> None:
    sender(sms_gateway.url, token_header="X-Api-Key", token="k-42").send(outgoing())
    assert sms_gateway.received[0].headers["X-Api-Key"] == "k-42"


@pytest.mark.parametrize("body", ['{"phone": "{phone}", "text": "{text}"', '{"phone": "{phone}"}', '{"text": "{text}", "phone": 380}', '{"{phone}": "{text}"}', "[]"])
def test_a_body_that_is_not_json_or_places_no_phone_or_text_is_refused(body: str) -> None:
    with pytest.raises(BodyTemplateError):
        BodyTemplate.parse(body)


def test_the_log_line_never_shows_the_token() -> None:
    line = sender("https://sms.example.org/send").describe()
    assert "sms.example.org" in line and "s3cret" not in line
    assert "s3cret" not in repr(sender("https://sms.example.org/send").config)
