"""Addresses that leave the server on paper and screens (the ticket's QR code).

Shared by the API and the pages, which must not import each other.
"""

from __future__ import annotations

from flask import current_app, request, url_for


def status_url(token: str) -> str:
    """The address the ticket's QR code carries: the visitor's phone must reach it.

    Behind a proxy or NAT the server cannot know that address, so
    CHERGA_PUBLIC_URL names it; without it the address of this request serves.
    """
    public = current_app.config["CHERGA_SETTINGS"].public_url
    if public:
        return str(public) + url_for("public.ticket_page", token=token)
    return url_for("public.ticket_page", token=token, _external=True)


MANAGE_PATH = "/a/"  # the booking's manage page


def manage_url(token: str) -> str:
    """The address of a booking's manage page, which the confirmation and the portal link to (CHERGA_PUBLIC_URL as for tickets)."""
    public = current_app.config["CHERGA_SETTINGS"].public_url
    base = str(public) if public else request.host_url.rstrip("/")
    return base + MANAGE_PATH + token


BOOK_PATH = "/book"  # the booking page, which a cancellation message links to


def book_url() -> str:
    """The address of the booking page (CHERGA_PUBLIC_URL as for tickets)."""
    public = current_app.config["CHERGA_SETTINGS"].public_url
    base = str(public) if public else request.host_url.rstrip("/")
    return base + BOOK_PATH
