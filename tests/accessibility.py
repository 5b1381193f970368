"""axe-core (from the npm registry, `node_modules/`) run inside a Playwright page.

A checker finds what a machine can see (names, roles, contrast, landmarks);
the pages' tests check by hand what it cannot (what is spoken, where focus
goes, what a seated visitor can reach). Only serious and critical findings
fail: they are the ones that stop a visitor, where a minor one slows them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def axe_findings(page: Any, *, context: str = "document") -> list[dict[str, Any]]:
    """The page's serious and critical findings, each with its rule, impact, how many elements fail and the first few."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluated by the browser's debugging protocol, which the pages' Content-Security-Policy does not
        # govern (an injected <script> would be refused, as it should be)
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    results = page.evaluate(
        """async (context) => {
            const target = context === 'document' ? document : document.querySelector(context);
            const found = await window.axe.run(target, {resultTypes: ['violations']});
            return found.violations.map(v => ({
                rule: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
            }));
        }""",
        context,
    )
    return [finding for finding in results if finding["impact"] in BLOCKING]


def describe(findings: list[dict[str, Any]]) -> str:
    """One line per finding and element, to read in a failed assertion."""
    lines = []
    for finding in findings:
        lines.append(f"{finding['impact']} {finding['rule']}: {finding['count']} element(s)")
        for node in finding["nodes"]:
            lines.append(f"  ({finding['help']}) {node['target']}")
    return "\n".join(lines)


def assert_accessible(page: Any, where: str, *, context: str = "document") -> None:
    findings = axe_findings(page, context=context)
    assert not findings, f"axe-core on {where}:\n{describe(findings)}"


# The keyboard's focus ring, which a checker does not measure (WCAG 2.4.7, 1.4.11)


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two computed colours (`rgb(…)` or `rgba(…)`)."""

    def luminance(colour: str) -> float:
        red, green, blue = (int(part) / 255 for part in re.findall(r"[\d.]+", colour)[:3])
        linear = [part / 12.92 if part <= 0.03928 else ((part + 0.055) / 1.055) ** 2.4 for part in (red, green, blue)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


FOCUS_RING = """() => {
    const focused = document.activeElement;
    const style = getComputedStyle(focused);
    let ground = focused.parentElement;
    while (ground && ['rgba(0, 0, 0, 0)', 'transparent'].includes(getComputedStyle(ground).backgroundColor)) ground = ground.parentElement;
    return {
        id: focused.id || focused.tagName, visible: focused.matches(':focus-visible'),
        outline: style.outlineColor, width: parseFloat(style.outlineWidth), style: style.outlineStyle,
        halo: (style.boxShadow.match(/rgba?\\([^)]*\\)/) || [null])[0],
        ground: ground ? getComputedStyle(ground).backgroundColor : 'rgb(255, 255, 255)',
    };
}"""


def assert_focus_ring_stands_out(page: Any, where: str) -> None:
    """The focused element's ring: drawn, 2 px or more, and at 3:1 or more on the ground around it (its dark ring or its white halo)."""
    ring = page.evaluate(FOCUS_RING)
    assert ring["visible"] and ring["style"] != "none" and ring["width"] >= 2, f"{where}: no keyboard focus ring on {ring}"
    best = max(contrast(ring["outline"], ring["ground"]), contrast(ring["halo"], ring["ground"]) if ring["halo"] else 0)
    assert best >= 3, f"{where}: the focus ring of #{ring['id']} stands at {best:.1f}:1 on {ring['ground']}"
