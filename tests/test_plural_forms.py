"""Counted phrases agree with their number in Python and in the pages' scripts alike.

The server fills messages with `queue_server.i18n.translate`; the pages fill
the same messages, as `/i18n/<lang>.json` serves them, with `t()` of
`cherga-i18n.js`. Both are run here on 1, 2, 5, 11, 21, 22 and 25 (the JS one
under node, on the catalogue the server really serves), so a count phrase
written without a plural choice, or the two choosers drifting apart, shows.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from queue_server.i18n import LANGUAGES, PLURAL, catalogue, translate

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "queue_server" / "public" / "static" / "cherga-i18n.js"
COUNTS = (1, 2, 5, 11, 21, 22, 25)
NODE = shutil.which("node")

# What the pages run: cherga-i18n.js as a browser loads it, with `fetch` reading the served catalogue.
RUNNER = """
const fs = require("fs");
const [script, served, asked] = process.argv.slice(2);
globalThis.window = globalThis;
globalThis.fetch = async (url) => ({ ok: true, json: async () => JSON.parse(fs.readFileSync(served + "/" + url.split("/").pop(), "utf8")) });
eval(fs.readFileSync(script, "utf8"));
(async () => {
  const answers = [];
  for (const [lang, key, values] of JSON.parse(fs.readFileSync(asked, "utf8"))) {
    await window.ChergaI18n.load(lang);
    answers.push(window.ChergaI18n.t(key, values));
  }
  process.stdout.write(JSON.stringify(answers));
})();
"""

# key, the values besides the count, and the counted phrase expected for each count in COUNTS
EXPECTED = {
    ("kiosk.wait.long", "uk"): ("ahead", {"minutes": 20}, "перед вами {n} {form}", ("особа", "особи", "осіб", "осіб", "особа", "особи", "осіб")),
    ("kiosk.wait.long", "en"): ("ahead", {"minutes": 20}, "{n} {form} ahead", ("person is", "people are", "people are", "people are", "people are", "people are", "people are")),
    ("kiosk.wait.no_desk", "uk"): ("ahead", {}, "Перед вами {n} {form}.", ("особа", "особи", "осіб", "осіб", "особа", "особи", "осіб")),
    ("dashboard.alert.queue", "uk"): ("count", {"service": "Довідка", "target": 15}, "{n} {form} понад", ("чекає", "чекають", "чекають", "чекають", "чекає", "чекають", "чекають")),
    ("dashboard.desks.summary", "uk"): ("open", {"serving": 0, "paused": 0, "closed": 0}, "{form} {n},", ("Працює", "Працюють", "Працюють", "Працюють", "Працює", "Працюють", "Працюють")),
    ("node.dashboard.offline_waiting", "uk"): ("count", {"time": "14:05"}, "· {n} {form}", ("подія чекає", "події чекають", "подій чекають", "подій чекають", "подія чекає", "події чекають", "подій чекають")),
    ("node.dashboard.offline_waiting", "en"): ("count", {"time": "14:05"}, "· {n} {form} waiting", ("event", "events", "events", "events", "events", "events", "events")),
    ("reports.annual.ratings_text", "uk"): ("count", {"average": "4,5", "share": "90 %"}, "{n} {form};", ("відвідувач", "відвідувачі", "відвідувачів", "відвідувачів", "відвідувач", "відвідувачі", "відвідувачів")),
}


def counted_messages() -> list[tuple[str, str]]:
    """Every message with a plural choice, in each language."""
    return [(key, lang) for key, texts in sorted(catalogue().items()) for lang in LANGUAGES if PLURAL.search(texts[lang])]


def values_for(key: str, lang: str, count: int) -> dict[str, object]:
    """A count for each name the message counts with, and a harmless value for every other `{name}`."""
    text = catalogue()[key][lang]
    counted = {match.group(1) for match in PLURAL.finditer(text)}
    names = set(re.findall(r"\{(\w+)\}", PLURAL.sub("", text)))
    return {name: count if name in counted or name in ("count", "ahead", "open", "serving", "ratings") else "x" for name in names | counted}


@pytest.fixture(scope="module")
def js_answers(shared_app, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, int], str]:
    """The pages' answer for every counted message and count, in one node run."""
    if NODE is None:
        pytest.fail("node runs the pages' scripts here (Debian: apt-get install nodejs)")
    folder = tmp_path_factory.mktemp("i18n")
    client = shared_app.test_client()
    for lang in LANGUAGES:
        answer = client.get(f"/i18n/{lang}.json")
        assert answer.status_code == 200
        (folder / f"{lang}.json").write_bytes(answer.data)
    asked = [(key, lang, count) for key, lang in counted_messages() for count in COUNTS]
    (folder / "asked.json").write_text(json.dumps([[lang, key, values_for(key, lang, count)] for key, lang, count in asked]), encoding="utf-8")
    (folder / "runner.js").write_text(RUNNER, encoding="utf-8")
    result = subprocess.run([NODE, str(folder / "runner.js"), str(SCRIPT), str(folder), str(folder / "asked.json")], capture_output=True, text=True, timeout=180)  # one run for every case: a loaded machine once took over a minute
    assert result.returncode == 0, result.stderr
    return dict(zip(asked, json.loads(result.stdout)))


def test_there_are_counted_messages_in_both_languages() -> None:
    found = counted_messages()
    assert {lang for _, lang in found} == set(LANGUAGES)
    assert set(EXPECTED) <= set(found)


@pytest.mark.parametrize(("key", "lang"), sorted(EXPECTED))
def test_python_gives_the_form_of_each_count(key: str, lang: str) -> None:
    name, others, phrase, forms = EXPECTED[(key, lang)]
    for count, form in zip(COUNTS, forms):
        text = translate(key, lang, **{**others, name: count, **({"ratings": str(count)} if key.startswith("reports.annual") else {})})
        assert phrase.format(n=count, form=form) in text, (count, text)


@pytest.mark.parametrize(("key", "lang"), sorted(EXPECTED))
def test_the_pages_give_the_form_of_each_count(js_answers, key: str, lang: str) -> None:
    name, others, phrase, forms = EXPECTED[(key, lang)]
    for count, form in zip(COUNTS, forms):
        text = js_answers[(key, lang, count)]
        assert phrase.format(n=count, form=form) in text, (count, text)


def test_the_pages_and_the_server_agree_on_every_counted_message(js_answers) -> None:
    for (key, lang, count), text in js_answers.items():
        assert text == translate(key, lang, **values_for(key, lang, count)), (key, lang, count)
