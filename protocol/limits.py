"""The lengths every side agrees on, spelled once: the configuration, the REST API, its document and the devices.

An office, service, desk-profile or board code is at most `CODE_LENGTH`
characters: the configuration reader refuses a longer one, so a body, a
query or a device message that names a longer one names nothing and is
refused before any lookup. A desk's id is its office's code and its number
("main-7", the number at most three digits), hence `DESK_ID_LENGTH`.
`tests/test_limits_agree.py` checks that every place that bounds a code
uses these numbers.
"""

from __future__ import annotations

from typing import Final

CODE_LENGTH: Final = 40
DESK_NUMBER_DIGITS: Final = 3
DESK_ID_LENGTH: Final = CODE_LENGTH + 1 + DESK_NUMBER_DIGITS
