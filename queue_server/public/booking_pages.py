"""The visitor's booking pages: `/book` (office → service → day → time → name and phone → the code) and `/a/<token>`.

Ukrainian first, English at `?lang=en`. `/book` is rendered with every
office and the services it takes bookings for, so the first two choices
need no request; `book.js` then asks the API for the days with free times,
the day's times, and books (docs/booking.md). `/a/<token>` is the booking's
own page, rendered whole by the server: the code, its QR code (what the
kiosk's scanner reads), the status in words, cancel and rebook. The QR code
and the `.ics` file are drawn here, so nothing comes from elsewhere.
"""

from __future__ import annotations

import hashlib
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, g, render_template, request, url_for

from ..domain.appointments import AppointmentStatus
from ..domain.errors import NotFound
from ..domain.model import Office, ServiceCode
from ..domain.slots import slot_length
from ..i18n import translate
from ..links import book_url, manage_url
from ..reads import appointments as reads
from ..reads import elsewhere
from ..reads.booking_calendar import bookable_services
from ..views.booking_icalendar import CalendarEntry, booking_calendar
from .assets import ticket_qr_svg

blueprint = Blueprint("booking_pages", __name__, template_folder="templates")


def page_language() -> str:
    return "en" if request.args.get("lang") == "en" else "uk"


def in_language(lang: str) -> dict[str, Any]:
    """The query that keeps a link in `lang`: Ukrainian needs none, it is the default."""
    return {"lang": "en"} if lang == "en" else {}


def switched(lang: str) -> dict[str, Any]:
    """The query of the same page in the other language."""
    return in_language("uk" if lang == "en" else "en")


def chosen() -> dict[str, Any]:
    """The office and service already chosen (`/book?office=…&service=…`), kept by the language link."""
    return {name: request.args[name] for name in ("office", "service") if request.args.get(name)}


def long_date(moment: Any, lang: str) -> str:
    """«середа, 25 листопада 2026» / «Wednesday, 25 November 2026» (book.js words a day the same way)."""
    return translate(
        "booking.date", lang, weekday=translate(f"calendar.weekday.{moment.isoweekday()}", lang), day=moment.day,
        month=translate(f"booking.month.{moment.month}", lang), year=moment.year,
    )


def office_choice(office: Office, lang: str) -> dict[str, Any]:
    ctx = current_app.extensions["cherga"]
    services = bookable_services(ctx, office)
    return {
        "code": office.code,
        "name": office.name.get(lang),
        "address": office.address.get(lang),
        "services": [{"code": service.code, "name": service.name.get(lang)} for service in services],
    }


@blueprint.get("/book/qr.svg")
def book_qr() -> Any:
    """The QR code of the booking page at `?office=…&service=…`: the kiosk shows it when a service cannot be given today."""
    ctx = current_app.extensions["cherga"]
    office = ctx.network.offices.get(request.args.get("office", ""))
    service = request.args.get("service", "")
    if office is None or service not in office.services:
        abort(404)
    url = elsewhere.booking_url(ctx, office, ServiceCode(service), page_language(), book_url())
    if url is None:
        abort(404)
    return Response(ticket_qr_svg(url), mimetype="image/svg+xml")


@blueprint.get("/book")
def book_page() -> Any:
    lang = page_language()
    g.lang = lang
    ctx = current_app.extensions["cherga"]
    offices = [office_choice(office, lang) for office in ctx.network.offices.values()]
    offices = [office for office in offices if office["services"]]
    return render_template(
        "book.html",
        lang=lang,
        offices=offices,
        network_name=ctx.network.name.get(lang),
        chosen_office=request.args.get("office", ""),
        chosen_service=request.args.get("service", ""),
        switch_url=url_for("booking_pages.book_page", **{**switched(lang), **chosen()}),
    )


def _found(token: str) -> reads.Booking | None:
    try:
        return reads.booking(current_app.extensions["cherga"], token)
    except NotFound:
        return None


@blueprint.get("/a/<token>")
def manage_page(token: str) -> Any:
    lang = page_language()
    g.lang = lang
    seen = _found(token)
    if seen is None:
        return render_template("booking_not_found.html"), 404
    ctx = current_app.extensions["cherga"]
    appointment = seen.appointment
    office = ctx.office(appointment.office)
    service = ctx.network.services.get(appointment.service)
    local = appointment.start.astimezone(ZoneInfo(office.timezone))
    return render_template(
        "booking.html",
        lang=lang,
        token=token,
        booking=appointment,
        status=seen.status.value,
        status_text=translate(f"booking.status.{seen.status.value}", lang),
        can_cancel=seen.status is AppointmentStatus.BOOKED and appointment.start > ctx.clock(),
        office_name=office.name.get(lang),
        address=office.address.get(lang),
        service_name=service.name.get(lang) if service is not None else appointment.service,
        day=long_date(local, lang),
        time=local.strftime("%H:%M"),
        network_name=ctx.network.name.get(lang),
        switch_url=url_for("booking_pages.manage_page", **{"token": token, **switched(lang)}),
        rebook_url=url_for("booking_pages.book_page", **{"office": appointment.office, "service": appointment.service, **in_language(lang)}),
        ics_url=url_for("booking_pages.booking_ics", **{"token": token, **in_language(lang)}),
    )


@blueprint.get("/a/<token>/qr.svg")
def booking_qr(token: str) -> Any:
    """The booking's code as a QR code: a kiosk's scanner types it into the check-in screen as a keyboard would."""
    seen = _found(token)
    if seen is None:
        abort(404)
    return Response(ticket_qr_svg(seen.appointment.code), mimetype="image/svg+xml")


@blueprint.get("/a/<token>/booking.ics")
def booking_ics(token: str) -> Any:
    lang = page_language()
    seen = _found(token)
    if seen is None:
        abort(404)
    ctx = current_app.extensions["cherga"]
    appointment = seen.appointment
    office = ctx.office(appointment.office)
    service = ctx.network.services.get(appointment.service)
    service_name = service.name.get(lang) if service is not None else appointment.service
    length = slot_length(service) if service is not None else None
    entry = CalendarEntry(
        uid=hashlib.sha256(appointment.token.encode()).hexdigest()[:32] + "@cherga",
        start=appointment.start,
        end=appointment.start + length if length is not None else appointment.start,
        summary=translate("booking.ics.summary", lang, service=service_name, office=office.name.get(lang)),
        location=f"{office.name.get(lang)}, {office.address.get(lang)}",
        description=translate("booking.ics.description", lang, code=appointment.code, url=manage_url(token)),
        url=manage_url(token),
        stamp=appointment.booked_at,
        cancelled=seen.status is AppointmentStatus.CANCELLED,
    )
    return Response(
        booking_calendar(entry),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="cherga-{appointment.code}.ics"'},
    )
