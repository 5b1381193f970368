"""The simulator's people at work: HTTP calls as kiosks and consoles make them, a Socket.IO listener as a board.

Their actions are played on a timeline (`timeline.py`), so a slow answer for
one desk holds up no other. Each person acts in order: a desk's actions run one at a time
under its lock, each scheduling the next; an office's kiosk draws its next
visitor and the next arrival before it calls the server. So the people's
decisions, drawn from per-office and per-desk random generators seeded by
`seed`, do not depend on how fast the server answers. Simulated
durations are divided by `speed` into real ones: at speed 1 a ten-minute
service takes ten minutes; at speed 60 it takes ten seconds. The server
always runs on the real clock.

A run ends when its bound is reached (simulated minutes or visitors):
kiosks stop issuing, each administrator finishes the visitor at the desk and
closes it, and a break ends at once; what is left plays out within a second
each (no wait is measured after the bound: nobody is called any more). `stop()` (Ctrl-C, the demo's end) ends
it at once and leaves the desks as they are; the night's day close closes them.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import requests
import socketio  # type: ignore[import-untyped]

from . import plan as people
from . import sockets
from .seeding import Credentials
from .tally import Tally
from .timeline import WORKERS, Bounds, Timeline

log = logging.getLogger("cherga.simulate")
API = "/api/v1"
IDLE_POLL = dt.timedelta(seconds=20)  # an idle administrator asks for the next visitor again
RATING_AFTER = (60.0, 600.0)  # seconds after the service that a visitor rates it on their phone


@dataclass
class Waiting:
    """A ticket the simulator issued, not yet called: what the kiosk said, and what the visitor will do."""

    token: str
    issued_at: dt.datetime
    estimate: int | None
    visitor: people.Visitor


@dataclass
class DeskWork:
    desk: str
    office: people.OfficePlan
    token: str
    rng: random.Random
    generation: int = 0  # bumped when the desk's plans change; a stale action does nothing
    open: bool = False
    paused: bool = False
    busy: bool = False  # a visitor is called to the desk or at it
    had_lunch: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # one action of the desk at a time


class Driver:
    def __init__(
        self,
        base_url: str,
        plans: Sequence[people.OfficePlan],
        credentials: Credentials,
        *,
        seed: int,
        speed: float = 1.0,
        bounds: Bounds = Bounds(),
        behaviour: people.Behaviour = people.Behaviour(),
        priorities: Sequence[str] = (),
        report_every: float | None = None,
        say: Callable[[str], None] = print,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.plans = list(plans)
        self.credentials = credentials
        self.seed = seed
        self.speed = speed
        self.bounds = bounds
        self.behaviour = behaviour
        self.priorities = tuple(priorities)
        self.report_every = report_every
        self.say = say
        self.tally = Tally()
        self.waiting: dict[int, Waiting] = {}
        self.timeline = Timeline(speed, on_fault=lambda: self.tally.count("simulator_faults"))
        self._http = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=WORKERS)
        self._http.mount("http://", adapter)
        self._http.mount("https://", adapter)
        self._listener: socketio.Client | None = None
        self._agents: list[socketio.Client] = []
        self._started = time.monotonic()
        self._started_wall = dt.datetime.now(dt.timezone.utc)
        self._desks: list[DeskWork] = []
        self._offices: dict[str, random.Random] = {}
        self._next_report = report_every

    # the clock

    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def simulated_now(self) -> dt.datetime:
        return self._started_wall + dt.timedelta(seconds=self.elapsed() * self.speed)

    def local_hour(self, office: people.OfficePlan) -> int:
        return self.simulated_now().astimezone(ZoneInfo(office.timezone)).hour

    def after(self, delay: dt.timedelta, action: Callable[[], None]) -> None:
        """Run `action` after a simulated `delay`."""
        self.timeline.after(delay, action)

    @property
    def _ending(self) -> bool:
        return self.timeline.ending

    # the run

    def stop(self) -> None:
        self.timeline.stopped.set()

    def report(self) -> str:
        return self.tally.report(elapsed_seconds=self.elapsed(), speed=self.speed, waiting=len(self.waiting))

    def run(self) -> Tally:
        self._started = time.monotonic()
        self._started_wall = dt.datetime.now(dt.timezone.utc)
        self._listen()
        for office in self.plans:
            rng = random.Random(f"{self.seed}:{office.code}")
            self._offices[office.code] = rng
            for moment in people.opening_crowd(rng, office, self.behaviour):
                crowd = people.visitor(rng, office, self.priorities, self.behaviour)
                self.after(moment, functools.partial(self._issue, office, crowd))
            per_hour = people.arrivals_per_hour(office, self.local_hour(office), self.behaviour)
            self.after(people.arrival_gap(rng, per_hour), functools.partial(self._arrive, office))
            for desk in office.desks:
                token = self.credentials.operators.get(desk)
                if token is None:
                    continue
                work = DeskWork(desk, office, token, random.Random(f"{self.seed}:{desk}"))
                self._desks.append(work)
                self._later(work, people.desk_opening(work.rng), self._open)
        try:
            self.timeline.play(between=self._between_actions)
        finally:
            self.timeline.stopped.set()
            for client in [self._listener, *self._agents]:
                if client is not None:
                    client.disconnect()
        return self.tally

    def _between_actions(self) -> None:
        """The bound checked and the progress said, between two actions of the timeline."""
        if not self._ending and self.bounds.reached(self.elapsed() * self.speed / 60, self.tally.issued):
            self._end_day()
        if self._next_report is not None and self.elapsed() >= self._next_report:
            self.say(self.report())
            self._next_report += self.report_every or 0

    def _end_day(self) -> None:
        """The bound is reached: no more tickets; desks close as their visitors leave, a break ends now."""
        self.timeline.wind_down()  # what was planned for later (a visit at a desk, a break, a rating) plays out now
        for work in self._desks:
            self.after(dt.timedelta(0), functools.partial(self._close_if_free, work))

    def _close_if_free(self, work: DeskWork) -> None:
        with work.lock:
            if work.open and not work.busy:
                work.generation += 1  # its idle poll or the end of its break will not come
                self._close(work)

    # Socket.IO: a board's view of every simulated office

    def _listen(self) -> None:
        self._listener = sockets.listener(self.base_url, [office.code for office in self.plans], self.tally, self.say)
        for office in self.plans:
            token = self.credentials.agents.get(office.code)
            agent = sockets.print_agent(self.base_url, office.code, token, self.say) if token is not None else None
            if agent is not None:
                self._agents.append(agent)

    # HTTP: as a kiosk and a console call it

    def _post(self, path: str, token: str | None, body: dict[str, Any] | None = None) -> requests.Response | None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            answer = self._http.post(self.base_url + API + path, json=body or {}, headers=headers, timeout=30)
        except requests.RequestException as error:
            log.warning("simulate: POST %s failed: %s", path, error)
            self.tally.refuse("unreachable")
            return None
        if answer.status_code >= 500:
            self.tally.count("server_errors")
            self.say(f"simulate: POST {path} answered {answer.status_code}: {answer.text[:300]}")
            return None
        return answer

    def _refused(self, answer: requests.Response) -> str:
        """Count a refusal by its error code; returns the code."""
        try:
            code = str(answer.json().get("error", {}).get("code") or answer.status_code)
        except ValueError:
            code = str(answer.status_code)
        self.tally.refuse(code)
        return code

    # visitors

    def _arrive(self, office: people.OfficePlan) -> None:
        """The next visitor of the office's stream: their decisions and the next arrival are drawn before the call."""
        if self._ending:
            return
        rng = self._offices[office.code]
        visitor = people.visitor(rng, office, self.priorities, self.behaviour)
        per_hour = people.arrivals_per_hour(office, self.local_hour(office), self.behaviour)
        self.after(people.arrival_gap(rng, per_hour), functools.partial(self._arrive, office))
        self._issue(office, visitor)

    def _issue(self, office: people.OfficePlan, visitor: people.Visitor) -> None:
        if self._ending:
            return
        body: dict[str, Any] = {"service": visitor.service, "print": False}
        if visitor.priority:
            body["priority"] = visitor.priority
        answer = self._post(f"/offices/{office.code}/tickets", self.credentials.kiosks[office.code], body)
        if answer is None:
            return
        if answer.status_code != 201:
            self._refused(answer)
            return
        ticket = answer.json()
        self.tally.count("issued")
        estimate = ticket.get("estimated_wait_minutes")
        if estimate is None:
            self.tally.count("without_estimate")
        self.waiting[int(ticket["id"])] = Waiting(ticket["token"], _moment(ticket["issued_at"]), estimate, visitor)

    def _rate(self, token: str, score: int) -> None:
        answer = self._post(f"/tickets/{token}/rating", None, {"score": score})
        if answer is not None and answer.status_code == 201:
            self.tally.count("rated")
        elif answer is not None:
            self._refused(answer)

    # administrators

    def _later(self, work: DeskWork, delay: dt.timedelta, step: Callable[[DeskWork], None]) -> None:
        """The desk's next action, unless its plans change before; it runs under the desk's lock."""
        generation = work.generation

        def act() -> None:
            with work.lock:
                if work.generation == generation:
                    step(work)

        self.after(delay, act)

    def _open(self, work: DeskWork) -> None:
        if self._ending:
            return
        answer = self._post(f"/desks/{work.desk}/open", work.token)
        if answer is None:
            return
        if answer.status_code == 409:
            error = answer.json().get("error", {})
            if error.get("code") == "desk_taken":
                self.say(f"simulate: desk {work.desk} is open by {error.get('details', {}).get('operator', 'someone')}; the simulator leaves it")
                return
            self._recover(work)  # left open by an earlier run: finish what is at it
        elif answer.status_code != 200:
            self._refused(answer)
            return
        work.open = True
        self._call(work)

    def _recover(self, work: DeskWork) -> None:
        for action in ("resume", "start", "finish"):
            self._post(f"/desks/{work.desk}/{action}", work.token)

    def _call(self, work: DeskWork) -> None:
        if self._ending:
            self._close(work)
            return
        answer = self._post(f"/desks/{work.desk}/call-next", work.token)
        if answer is None or answer.status_code == 204:
            self._later(work, IDLE_POLL, self._call)
            return
        if answer.status_code != 200:
            if self._refused(answer) == "desk_taken":  # a person took the desk over: it is theirs now
                self.say(f"simulate: desk {work.desk} was taken over; the simulator leaves it")
                work.open = False
                return
            self._later(work, IDLE_POLL, self._call)
            return
        ticket = answer.json()
        self.tally.count("called")
        work.busy = True
        ticket_id = int(ticket["id"])
        waiting = self.waiting.pop(ticket_id, None)
        if waiting is not None and waiting.estimate is not None and ticket.get("called_at"):
            self.tally.waited(waiting.estimate, (_moment(ticket["called_at"]) - waiting.issued_at).total_seconds())
        visitor = waiting.visitor if waiting else None
        if visitor is not None and not visitor.comes_when_called:
            self._later(work, people.no_show_patience(work.rng), lambda work: self._no_show(work, ticket_id))
            return
        walk = visitor.walk if visitor else people.walk_time(work.rng)
        length = visitor.service_time if visitor else people.service_time(work.rng, _typical(work.office, ticket.get("service")))
        rating = (waiting.token, visitor.rating) if waiting and visitor and visitor.rating else None
        self._later(work, walk, lambda work: self._start(work, ticket_id, length, rating))

    def _start(self, work: DeskWork, ticket_id: int, length: dt.timedelta, rating: tuple[str, int] | None) -> None:
        answer = self._post(f"/desks/{work.desk}/start", work.token, {"ticket": ticket_id})
        if answer is None or answer.status_code != 200:
            if answer is not None:
                self._refused(answer)
            self._free(work)
            return
        self._later(work, length, lambda work: self._finish(work, ticket_id, rating))

    def _finish(self, work: DeskWork, ticket_id: int, rating: tuple[str, int] | None) -> None:
        answer = self._post(f"/desks/{work.desk}/finish", work.token, {"ticket": ticket_id})
        if answer is not None and answer.status_code == 200:
            self.tally.count("served")
            if rating is not None:
                token, score = rating
                self.after(dt.timedelta(seconds=work.rng.uniform(*RATING_AFTER)), lambda: self._rate(token, score))
        elif answer is not None:
            self._refused(answer)
        self._free(work)

    def _no_show(self, work: DeskWork, ticket_id: int) -> None:
        answer = self._post(f"/desks/{work.desk}/no-show", work.token, {"ticket": ticket_id})
        if answer is not None and answer.status_code == 200:
            self.tally.count("no_show")
        elif answer is not None:
            self._refused(answer)
        self._free(work)

    def _free(self, work: DeskWork) -> None:
        """The visitor has left the desk: a break now and then, else the next visitor."""
        work.busy = False
        if self._ending:
            self._close(work)
            return
        pause = people.desk_break(work.rng, self.local_hour(work.office), work.had_lunch, self.behaviour)
        if pause is not None:
            answer = self._post(f"/desks/{work.desk}/pause", work.token, {"reason": pause.reason})
            if answer is not None and answer.status_code == 200:
                self.tally.count("breaks")
                work.paused = True
                work.had_lunch = work.had_lunch or pause.reason == "lunch"
                self._later(work, pause.length, self._resume)
                return
        self._later(work, dt.timedelta(seconds=work.rng.uniform(*people.BETWEEN_VISITORS_SECONDS)), self._call)

    def _resume(self, work: DeskWork) -> None:
        self._post(f"/desks/{work.desk}/resume", work.token)
        work.paused = False
        self._call(work)

    def _close(self, work: DeskWork) -> None:
        if work.paused:
            self._post(f"/desks/{work.desk}/resume", work.token)
            work.paused = False
        answer = self._post(f"/desks/{work.desk}/close", work.token)
        if answer is not None and answer.status_code != 200:
            self._refused(answer)
        work.open = False


def _moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _typical(office: people.OfficePlan, service: object) -> dt.timedelta:
    for share in office.services:
        if share.code == service:
            return share.typical
    return dt.timedelta(minutes=10)
