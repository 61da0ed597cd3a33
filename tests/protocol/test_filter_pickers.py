"""The visit and gift lists filter by a contact or an engagement of the visitor's offices,
picked by name; another office's record is refused with the words an unknown id gets."""

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

REFUSED = "No {} of your offices has the id {}."


def test_a_member_filters_visits_and_gifts_by_contact_and_engagement(
    login: Any, la_editor: Any, partner: Any, full_visit: Any
) -> None:
    member = login(la_editor)
    envoy, engagement = partner.envoy, full_visit.engagement
    titles = lambda url: [row["title"] for row in member.get(url).json()["results"]]  # noqa: E731
    assert titles(f"/visits/?contact={envoy.pk}&format=json") == ["Quillerton delegation"]
    assert titles(f"/visits/?engagement={engagement.pk}&format=json") == ["Quillerton delegation"]
    gifts = member.get(f"/gifts/?engagement={engagement.pk}&format=json").json()
    assert gifts["count"] == 1
    page = member.get("/visits/").content.decode()
    assert 'data-options-url="/search/options/contact/"' in page


def test_another_office_can_neither_pick_nor_probe_them(
    login: Any, paris_editor: Any, partner: Any, full_visit: Any
) -> None:
    stranger = login(paris_editor)
    envoy, engagement = partner.envoy, full_visit.engagement
    for path, name, noun, pk in [
        ("/api/visits/?contact={}", "contact", "contact", envoy.pk),
        ("/api/visits/?contact={}", "contact", "contact", envoy.pk + 1000),
        ("/api/gifts/?engagement={}", "engagement", "engagement", engagement.pk),
        ("/api/gifts/?engagement={}", "engagement", "engagement", engagement.pk + 1000),
    ]:
        answer = stranger.get(path.format(pk))
        assert answer.status_code == 422, path
        assert answer.json()["errors"][name] == [REFUSED.format(noun, pk)]
        assert envoy.name not in answer.content.decode()
