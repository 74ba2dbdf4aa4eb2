"""Issue 11 item 1 on the case page: each deadline's source is shown in Danish (the staff's
language); the English text stays in docs/rules.md and `--json`."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import OpenCase, sign_in
from tests.web.test_case_page import text_of


def test_the_case_page_gives_each_deadlines_source_in_danish(
    client: TestClient, ole_case: OpenCase
) -> None:
    sign_in(client, ole_case.owner)
    page = text_of(client.get(f"/sager/{ole_case.reference}"))
    table = page[page.index('id="frister"') :]
    table = table[: table.index("</table>")]
    assert (
        "Kilde: BEK 1710/2024 § 4, stk. 1: «senest 2 bankdage efter afsendelsen af brevet» "
        "(kapitel 3: kun når arbejdsgiveren anmoder)"
    ) in table
    assert "Kilde: Folderen: «Medarbejderen får automatisk besked fra Jobcentret»" in table
    for english in ("the leaflet", "only where", "not seen", "the same day"):
        assert english not in table
