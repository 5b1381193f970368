"""axe-core (from the npm registry, `node_modules/`) run inside a Playwright page.

A checker finds what a machine can see (names, roles, contrast, landmarks);
the pages' tests check by hand what it cannot (what is spoken, where focus
goes, what a seated visitor can reach). Only serious and critical findings
fail: they are the ones that stop a visitor, where a minor one slows them.
"""

from __future__ import annotations

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
