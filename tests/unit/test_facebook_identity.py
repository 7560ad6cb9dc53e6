"""Facebook's two forms of one post's id (bot/links.py, docs/security.md «Rules closed after stop 17»)."""

from __future__ import annotations

import pytest

from bot import links

ALLOWED = {*links.DEFAULT_ALLOWED_POST_DOMAINS, "facebook.com"}


def key(url: str) -> str:
    found = links.parse_post_link(url, ALLOWED)
    assert isinstance(found, links.PostLink), (url, found)
    return found.key


@pytest.mark.parametrize("url", [
    "https://m.facebook.com/permalink.php?story_fbid=pfbid02xYz7AbCdEf&id=100012345",
    "https://facebook.com/story.php?story_fbid=pfbid02xYz7AbCdEf&id=100012345&utm_source=x",
    "https://fb.com/groups/runners/posts/pfbid02xYz7AbCdEf/",
])
def test_a_pfbid_post_is_one_post_in_every_link_shape(url: str) -> None:
    assert key(url) == key("https://www.facebook.com/anna/posts/pfbid02xYz7AbCdEf")


def test_a_numeric_id_and_a_pfbid_token_stay_two_identities_offline() -> None:
    # The documented limitation: only Facebook can say that these name one post.
    assert key("https://www.facebook.com/anna/posts/1234567890") != key(
        "https://www.facebook.com/anna/posts/pfbid02xYz7AbCdEf"
    )
