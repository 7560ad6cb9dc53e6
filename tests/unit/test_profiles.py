"""Linked profiles as people paste them, reduced to the network's id; a post's owner from its link."""

from __future__ import annotations

import pytest

from bot.profiles import Network, Profile, ProfileProblem, parse_profile, post_owner

VK, OK, TG, DZEN = Network.VK, Network.OK, Network.TELEGRAM, Network.DZEN

PROFILES = [
    # vk: people by number, communities as negative owner ids, screen names lower-cased
    ("https://vk.com/id123", None, Profile(VK, "123")),
    ("vk.com/id0123", None, Profile(VK, "123")),
    ("https://m.vk.com/id123?from=profile", None, Profile(VK, "123")),
    ("https://vk.ru/club456", None, Profile(VK, "-456")),
    ("vk.com/public456", None, Profile(VK, "-456")),
    ("https://www.vk.com/Durov", None, Profile(VK, "durov")),
    ("123", VK, Profile(VK, "123")),
    ("-456", VK, Profile(VK, "-456")),
    ("@Durov", VK, Profile(VK, "durov")),
    ("https://vk.com/wall-1_2", None, ProfileProblem.NOT_A_PROFILE),
    ("https://vk.com/feed", None, ProfileProblem.NOT_A_PROFILE),
    ("https://vk.com/", None, ProfileProblem.NOT_A_PROFILE),
    # ok
    ("https://ok.ru/profile/5712345", None, Profile(OK, "5712345")),
    ("ok.ru/group/555", None, Profile(OK, "group/555")),
    ("https://ok.ru/MyGroup", None, Profile(OK, "mygroup")),
    ("5712345", OK, Profile(OK, "5712345")),
    ("https://ok.ru/profile/5712345/statuses/1", None, ProfileProblem.NOT_A_PROFILE),
    # telegram channels
    ("https://t.me/Vverh_News", None, Profile(TG, "vverh_news")),
    ("t.me/s/vverh_news", None, Profile(TG, "vverh_news")),
    ("https://telegram.me/vverh_news", None, Profile(TG, "vverh_news")),
    ("@vverh_news", TG, Profile(TG, "vverh_news")),
    ("https://t.me/+AbCdEf123", None, ProfileProblem.NOT_A_PROFILE),
    ("https://t.me/joinchat/AbCdEf", None, ProfileProblem.NOT_A_PROFILE),
    ("https://t.me/vverh_news/7", None, ProfileProblem.NOT_A_PROFILE),
    ("@ab", TG, ProfileProblem.NOT_A_PROFILE),
    # dzen
    ("https://dzen.ru/id/5f1a2b3c4d5e6f7a8b9c0d1e", None, Profile(DZEN, "id/5f1a2b3c4d5e6f7a8b9c0d1e")),
    ("https://zen.yandex.ru/Vverh", None, Profile(DZEN, "vverh")),
    ("dzen.ru/a/ZZZ", None, ProfileProblem.NOT_A_PROFILE),
    # anything else
    ("", None, ProfileProblem.EMPTY),
    ("https://evilvk.com/id1", None, ProfileProblem.UNKNOWN_NETWORK),
    ("javascript:alert(1)", VK, ProfileProblem.NOT_A_PROFILE),
    ("https://t.me/vverh_news", VK, ProfileProblem.UNKNOWN_NETWORK),
    ("durov", None, ProfileProblem.UNKNOWN_NETWORK),
]


@pytest.mark.parametrize(("text", "network", "expected"), PROFILES)
def test_a_pasted_profile_becomes_the_networks_id(text: str, network: Network | None, expected: object) -> None:
    assert parse_profile(text, network) == expected


@pytest.mark.parametrize(("profile", "url"), [
    (Profile(VK, "123"), "https://vk.com/id123"),
    (Profile(VK, "-456"), "https://vk.com/club456"),
    (Profile(OK, "5712345"), "https://ok.ru/profile/5712345"),
    (Profile(TG, "vverh_news"), "https://t.me/vverh_news"),
])
def test_a_profile_has_a_link_that_opens_it(profile: Profile, url: str) -> None:
    assert profile.url == url
    assert parse_profile(url) == profile


@pytest.mark.parametrize(("url", "owner"), [
    ("https://vk.com/wall-456_7", Profile(VK, "-456")),
    ("https://vk.com/wall123_7", Profile(VK, "123")),
    ("https://ok.ru/profile/5712345/statuses/1559", Profile(OK, "5712345")),
    ("https://ok.ru/group/555/topic/77", Profile(OK, "group/555")),
    ("https://ok.ru/mygroup/topic/9", Profile(OK, "mygroup")),
    ("https://t.me/vverh_news/7", Profile(TG, "vverh_news")),
    ("https://t.me/vverh_news/2/7", Profile(TG, "vverh_news")),
    ("https://vk.com/video-1_2", None),
    ("https://dzen.ru/a/ZZZ", None),
    ("https://t.me/c/123/4", None),
])
def test_a_post_link_names_its_owner_where_it_carries_one(url: str, owner: Profile | None) -> None:
    assert post_owner(url) == owner
