"""The bundled network with every office open round the clock, without holidays.

A benchmark issues as many tickets as it is told, at whatever hour it runs:
with the offices' real hours it would be refused at night (`office_closed`)
and, by day, once the queue outlasts the day (`not_today`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from queue_server.domain.hours import MIDNIGHT_CLOSE, OpeningHours, Weekday
from queue_server.domain.model import Network
from queue_server.network_config import load_network

ALWAYS = OpeningHours({day: (dt.time(0), MIDNIGHT_CLOSE) for day in Weekday})


def bundled_round_the_clock() -> Network:
    network = load_network()
    offices = {code: dataclasses.replace(office, hours=ALWAYS) for code, office in network.offices.items()}
    return dataclasses.replace(network, offices=offices)
