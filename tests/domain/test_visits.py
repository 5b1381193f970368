"""A visit of several steps: planned from the visitor's choices, served in order, one step at a time."""

from __future__ import annotations

import datetime as dt

import hypothesis.strategies as st
import pytest
from hypothesis import given

from factories import T0, small_network, ticket, visit_network
from queue_server.domain.errors import InvalidRequest, InvalidTransition, NotFound
from queue_server.domain.model import DeskId, DeskProfile, OfficeCode, QueueRules, ServiceCode
from queue_server.domain.policy import choose_next, eligible, is_escalated
from queue_server.domain.tickets import Step, Ticket, TicketStatus, call, finish, mark_no_show, recall, start
from queue_server.domain.views import TicketView
from queue_server.domain.visit_steps import add_step, can_continue_at, end_visit, shown_steps, skip_step
from queue_server.domain.visits import MAX_STEPS, plan_visit

NETWORK = visit_network()
ALPHA = NETWORK.offices[OfficeCode("alpha")]
D1, D2, D3 = DeskId("alpha-1"), DeskId("alpha-2"), DeskId("alpha-3")
MINUTE = dt.timedelta(minutes=1)


def visit(*services: str, **fields: object) -> Ticket:
    steps = tuple(Step(ServiceCode(code)) for code in services)
    return ticket(services[0], steps=steps, **fields)


def statuses(t: Ticket) -> list[str]:
    return [step.status.value for step in shown_steps(t)]


# planning


def test_a_package_expands_to_its_steps_and_numbers_the_visit_as_itself() -> None:
    plan = plan_visit(ALPHA, NETWORK.services, ["package-move"], most_chosen=3)
    assert [step.service for step in plan.steps] == ["residence", "social"]
    assert plan.steps[1].profiles == ("alpha-3",)
    assert plan.package == "package-move" and plan.numbered_by.prefix == "К"


def test_several_services_keep_the_visitors_order_and_the_first_gives_the_letter() -> None:
    plan = plan_visit(ALPHA, NETWORK.services, ["social", "passport"], most_chosen=3)
    assert [step.service for step in plan.steps] == ["social", "passport"]
    assert plan.package is None and plan.numbered_by.code == "social"


@pytest.mark.parametrize(
    ("chosen", "error", "words"),
    [
        ([], InvalidRequest, "at least one"),
        (["passport", "residence", "social", "package-move"], InvalidRequest, "at most 3"),
        (["passport", "passport"], InvalidRequest, "twice: passport"),
        (["package-move", "residence"], InvalidRequest, "twice: residence"),
        (["package-move", "package-move"], InvalidRequest, "one package"),
        (["passport", "nothing"], NotFound, "does not offer"),
    ],
)
def test_a_plan_that_cannot_be_served_is_refused_whole(chosen, error, words) -> None:
    with pytest.raises(error, match=words):
        plan_visit(ALPHA, NETWORK.services, chosen, most_chosen=3)


def test_a_service_of_another_office_is_not_planned() -> None:
    beta = NETWORK.offices[OfficeCode("beta")]
    with pytest.raises(NotFound):
        plan_visit(beta, NETWORK.services, ["passport", "social"], most_chosen=3)


# routing


def test_a_finished_step_sends_the_visit_on_under_the_same_number_and_place() -> None:
    t = visit("passport", "social", "residence")
    t = start(call(t, D1, T0 + MINUTE, by="olena"), D1, T0 + 2 * MINUTE)
    routed = finish(t, D1, T0 + 10 * MINUTE)
    assert routed.status is TicketStatus.WAITING and routed.service == "social" and routed.step == 1
    assert (routed.number, routed.token, routed.issued_at) == (t.number, t.token, t.issued_at)
    assert routed.waiting_since == T0 + 10 * MINUTE and routed.in_progress
    assert statuses(routed) == ["done", "waiting", "waiting"]
    assert routed.steps[0].desk == D1 and routed.steps[0].finished_at == T0 + 10 * MINUTE
    assert routed.called_at is None and routed.started_at is None and routed.finished_at is None


def test_the_same_desk_may_go_on_with_the_next_step_without_a_new_call() -> None:
    t = call(visit("residence", "social"), D3, T0 + MINUTE, by="olena")
    profile = ALPHA.desks[2].profile
    assert can_continue_at(t, profile)
    assert not can_continue_at(t, ALPHA.desks[0].profile)  # desk 1 does not do social
    went_on = finish(t, D3, T0 + 5 * MINUTE, continue_here=True)
    assert went_on.status is TicketStatus.SERVING and went_on.desk == D3 and went_on.step == 1
    assert statuses(went_on) == ["done", "serving"]
    done = finish(went_on, D3, T0 + 9 * MINUTE)
    assert done.status is TicketStatus.DONE and statuses(done) == ["done", "done"]
    assert done.steps[1].started_at == T0 + 5 * MINUTE and done.steps[1].finished_at == T0 + 9 * MINUTE


def test_a_step_naming_profiles_goes_only_to_those_desks() -> None:
    plan = plan_visit(ALPHA, NETWORK.services, ["package-move"], most_chosen=3)
    t = ticket("residence", steps=plan.steps, package=ServiceCode("package-move"))
    routed = finish(call(t, D1, T0), D1, T0 + 5 * MINUTE)
    social_everywhere = DeskProfile("test", {ServiceCode("social"): 1.0})
    assert eligible(social_everywhere, [routed], desk=D2) == []  # serves social, but is not an `alpha-3` desk
    assert eligible(ALPHA.desks[2].profile, [routed], desk=D3) == [routed]
    # a supervisor's change of the day keeps the desk's configured profile for this rule
    assert eligible(social_everywhere, [routed], desk=D3, configured="alpha-3") == [routed]
    assert not can_continue_at(t, social_everywhere)


def test_skipping_a_later_step_keeps_the_visit_where_it_is() -> None:
    t = call(visit("passport", "social", "residence"), D1, T0)
    skipped = skip_step(t, D1, 1, T0 + MINUTE)
    assert statuses(skipped) == ["called", "skipped", "waiting"] and skipped.status is TicketStatus.CALLED
    routed = finish(skipped, D1, T0 + 5 * MINUTE)
    assert routed.service == "residence" and routed.step == 2 and statuses(routed) == ["done", "skipped", "waiting"]


def test_skipping_the_current_step_sends_the_visit_on_or_ends_it() -> None:
    t = call(visit("passport", "social"), D1, T0)
    routed = skip_step(t, D1, 0, T0 + MINUTE)
    assert routed.status is TicketStatus.WAITING and routed.service == "social" and statuses(routed) == ["skipped", "waiting"]
    last = skip_step(call(routed, D3, T0 + 2 * MINUTE), D3, 1, T0 + 3 * MINUTE)
    assert last.status is TicketStatus.DONE and statuses(last) == ["skipped", "skipped"]


def test_a_step_done_or_behind_cannot_be_skipped() -> None:
    routed = finish(call(visit("passport", "social"), D1, T0), D1, T0 + MINUTE)
    at_three = call(routed, D3, T0 + 2 * MINUTE)
    with pytest.raises(InvalidTransition, match="already done"):
        skip_step(at_three, D3, 0, T0 + 3 * MINUTE)
    with pytest.raises(InvalidTransition, match="no step 3"):
        skip_step(at_three, D3, 2, T0 + 3 * MINUTE)


def test_a_step_is_added_last_once_and_within_the_limit() -> None:
    t = call(visit("passport"), D1, T0)
    added = add_step(t, D1, ServiceCode("social"), limit=MAX_STEPS)
    assert [s.service for s in added.steps] == ["passport", "social"] and statuses(added) == ["called", "waiting"]
    with pytest.raises(InvalidTransition, match="already has"):
        add_step(added, D1, ServiceCode("social"), limit=MAX_STEPS)
    with pytest.raises(InvalidTransition, match="the most"):
        add_step(added, D1, ServiceCode("residence"), limit=2)
    assert finish(added, D1, T0 + MINUTE).service == "social"


def test_ending_a_visit_early_skips_what_is_left() -> None:
    t = start(call(visit("passport", "social", "residence"), D1, T0), D1, T0 + MINUTE)
    ended = end_visit(t, D1, T0 + 5 * MINUTE)
    assert ended.status is TicketStatus.DONE and statuses(ended) == ["done", "skipped", "skipped"]


def test_a_no_show_at_a_later_step_ends_the_visit_with_the_done_steps_kept() -> None:
    routed = finish(call(visit("passport", "social"), D1, T0), D1, T0 + MINUTE)
    missed = mark_no_show(call(routed, D3, T0 + 2 * MINUTE), D3, T0 + 4 * MINUTE)
    assert missed.status is TicketStatus.NO_SHOW and statuses(missed) == ["done", "called"]
    recalled_out = recall(call(routed, D3, T0 + 2 * MINUTE), D3, T0 + 3 * MINUTE, limit=0)
    assert recalled_out.status is TicketStatus.NO_SHOW and statuses(recalled_out) == ["done", "called"]


def test_a_step_finished_twice_changes_nothing() -> None:
    done = finish(call(visit("passport"), D1, T0), D1, T0 + MINUTE)
    with pytest.raises(InvalidTransition):
        finish(done, D1, T0 + 2 * MINUTE)
    routed = finish(call(visit("passport", "social"), D1, T0), D1, T0 + MINUTE)
    with pytest.raises(InvalidTransition):
        finish(routed, D1, T0 + 2 * MINUTE)


# the policy


def test_a_visit_sent_on_keeps_the_place_its_issue_gave_it() -> None:
    earlier = visit("passport", "social", issued_at=T0)
    routed = finish(call(earlier, D1, T0 + 30 * MINUTE), D1, T0 + 40 * MINUTE)
    newcomer = ticket("social", issued_at=T0 + 35 * MINUTE)
    rules = QueueRules(escalation_factor=0.0)
    profile = ALPHA.desks[2].profile
    chosen = choose_next(profile, [newcomer, routed], T0 + 41 * MINUTE, desk=D3, services=NETWORK.services, rules=rules)
    assert chosen == routed


def test_the_boost_puts_a_visit_in_progress_ahead_of_earlier_walk_ins() -> None:
    routed = finish(call(visit("passport", "social", issued_at=T0 + 10 * MINUTE), D1, T0 + 20 * MINUTE), D1, T0 + 30 * MINUTE)
    walk_in = ticket("social", issued_at=T0)
    profile = ALPHA.desks[2].profile
    now = T0 + 31 * MINUTE
    plain = QueueRules(escalation_factor=0.0)
    boosted = QueueRules(escalation_factor=0.0, visit_boost=15 * MINUTE)
    assert choose_next(profile, [walk_in, routed], now, desk=D3, services=NETWORK.services, rules=plain) == walk_in
    assert choose_next(profile, [walk_in, routed], now, desk=D3, services=NETWORK.services, rules=boosted) == routed


def test_escalation_counts_the_wait_for_the_step_not_the_visit() -> None:
    routed = finish(call(visit("passport", "social"), D1, T0 + 5 * MINUTE), D1, T0 + 60 * MINUTE)
    rules = QueueRules(escalation_factor=1.0)  # social's target is 20 minutes
    assert not is_escalated(routed, T0 + 70 * MINUTE, NETWORK.services, rules)
    assert is_escalated(routed, T0 + 81 * MINUTE, NETWORK.services, rules)


# properties: any walk through a visit


ACTIONS = st.lists(st.sampled_from(["finish", "go_on", "skip_next", "skip_now", "no_show", "end", "add"]), max_size=12)


def _desk_for(t: Ticket) -> DeskId:
    """A desk of alpha that may do the ticket's current step."""
    return next(d.id for d in ALPHA.desks if d.profile.serves(t.service))


@given(services=st.lists(st.sampled_from(["passport", "residence", "social"]), min_size=1, max_size=3, unique=True), actions=ACTIONS)
def test_any_walk_serves_the_steps_in_order_one_at_a_time(services, actions) -> None:
    t = visit(*services)
    now = T0
    for action in actions:
        if t.is_final:
            break
        now += MINUTE
        desk = _desk_for(t)
        t = call(t, desk, now) if t.status is TicketStatus.WAITING else t
        before = t
        try:
            if action in ("finish", "go_on"):
                here = action == "go_on" and can_continue_at(t, next(d for d in ALPHA.desks if d.id == desk).profile)
                t = finish(t, desk, now, continue_here=here)
            elif action == "skip_next":
                t = skip_step(t, desk, t.step + 1, now)
            elif action == "skip_now":
                t = skip_step(t, desk, t.step, now)
            elif action == "no_show":
                t = mark_no_show(t, desk, now) if t.status is TicketStatus.CALLED else t
            elif action == "end":
                t = end_visit(t, desk, now)
            else:
                t = add_step(t, desk, ServiceCode("passport"), limit=4)
        except InvalidTransition:
            assert t == before  # a refusal changes nothing
        shown = statuses(t)
        assert len(shown) == len(t.steps) >= len(services)
        at_work = [i for i, status in enumerate(shown) if status in ("called", "serving")]
        assert at_work in ([], [t.step])  # never two steps at once, only the current one
        assert all(status in ("done", "skipped") for status in shown[: t.step])  # in order
        if not t.is_final:
            assert all(status in ("waiting", "skipped") for status in shown[t.step + 1 :])
            assert t.service == t.steps[t.step].service
            if t.status is not TicketStatus.WAITING:
                assert next(d for d in ALPHA.desks if d.id == t.desk).profile.serves(t.service)  # never at a desk that cannot do it
        if t.status is TicketStatus.DONE:
            assert all(status in ("done", "skipped") for status in shown)
    view = TicketView.of(t).to_json()
    assert [step["status"] for step in view["steps"]] == statuses(t) and view["step"] == t.step


def test_the_view_of_a_one_step_ticket_is_the_same_stored_or_moved() -> None:
    """A visit of one step is stored as the ticket row alone; rebuilt, it shows what the event showed."""
    moved = finish(call(ticket("passport"), D1, T0), D1, T0 + MINUTE)
    rebuilt = Ticket(**{**moved.__dict__, "steps": ()})
    assert TicketView.of(rebuilt) == TicketView.of(moved)
    assert small_network().services[ServiceCode("passport")].includes == ()
