from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import links
from bot.links import (
    DEFAULT_ALLOWED_POST_DOMAINS,
    MAX_LINK_LENGTH,
    LinkRefusal,
    PostLink,
    find_url,
)

# Every network the rules know; Meta's are allowed only when an organisation configures them.
EVERY_NETWORK = (*DEFAULT_ALLOWED_POST_DOMAINS, "instagram.com", "facebook.com")


def parse_post_link(text: str, allowed_domains: tuple[str, ...] | list[str] = EVERY_NETWORK) -> PostLink | LinkRefusal:
    return links.parse_post_link(text, allowed_domains)


def test_meta_networks_are_out_of_the_default_list_but_configurable() -> None:
    for post in ("https://www.instagram.com/p/C1a-B_2/", "https://www.facebook.com/somepage/posts/pfbid0XyZ"):
        assert links.parse_post_link(post) is LinkRefusal.NOT_ALLOWED
        assert isinstance(links.parse_post_link(post, EVERY_NETWORK), PostLink)

YT = "dQw4w9WgXcQ"
RUTUBE = "c6cc4d620b1d4338901770a44b3e82f4"
LOOKALIKE_VK = "vk.\u0441\u043em"  # Cyrillic "с" and "о" in "com"

# network -> (canonical url, every way a member may send the same post)
SAME_POST: dict[str, tuple[str, list[str]]] = {
    "vk": (
        "https://vk.com/wall-123_456",
        [
            "https://vk.com/wall-123_456",
            "http://VK.COM/wall-123_456/",
            "https://m.vk.com/wall-123_456?utm_source=tg&reply=7",
            "https://www.vk.ru/wall-123_456#comments",
            "https://vkontakte.ru/wall-0123_456",
            "https://vk.com/club123?w=wall-123_456",
            "https://vk.com/feed?w=wall-123_456%2Fall",
            "https://vk.com:443/%77all-123_456",
            "vk.com/wall-123_456",
            "смотрите https://vk.com/wall-123_456 !!!",
        ],
    ),
    "vk photo": (
        "https://vk.com/photo-1_2",
        ["https://vk.com/album-1_0?z=photo-1_2%2Falbum-1_0", "https://m.vk.com/photo-1_2?from=profile"],
    ),
    "vk video": (
        "https://vk.com/video-1_2",
        [
            "https://vkvideo.ru/video-1_2",
            "https://vk.com/video?z=video-1_2%2Fpl_cat_trends",
            "https://vk.com/Video-1_2",
        ],
    ),
    "telegram": (
        "https://t.me/durov/123",
        [
            "https://t.me/durov/123",
            "https://t.me/Durov/123?single",
            "https://t.me/s/durov/123",
            "https://telegram.me/durov/123/",
            "https://www.telegram.dog/durov/0123",
            "t.me/durov/123",
            "«https://t.me/durov/123»",
            "https://t.me/durov/123?embed=1&mode=tme",
        ],
    ),
    "telegram private": ("https://t.me/c/1234567/89", ["https://t.me/c/1234567/89", "t.me/c/1234567/89?single"]),
    "telegram comment": (
        "https://t.me/durov/123?comment=45",
        ["https://t.me/durov/123?comment=45", "https://t.me/s/durov/123?comment=045&single"],
    ),
    "ok": (
        "https://ok.ru/group/5432/topic/987",
        [
            "https://ok.ru/group/5432/topic/987",
            "https://m.ok.ru/group/5432/topic/987?utm_campaign=x",
            "https://www.odnoklassniki.ru/group/5432/topic/987/",
            "https://OK.RU/Group/5432/Topic/987",
        ],
    ),
    "ok status": ("https://ok.ru/profile/11/statuses/22", ["https://ok.ru/profile/11/statuses/22#x"]),
    "ok video": ("https://ok.ru/video/777", ["https://ok.ru/video/777", "https://m.ok.ru/video/777?fromTime=5"]),
    "dzen": (
        "https://dzen.ru/a/ZbXy12-_Ab",
        [
            "https://dzen.ru/a/ZbXy12-_Ab",
            "https://zen.yandex.ru/a/ZbXy12-_Ab?utm_referer=dzen.ru",
            "https://m.dzen.ru/a/ZbXy12-_Ab/?share_to=link&sid=1",
        ],
    ),
    "dzen video": ("https://dzen.ru/video/watch/65f1ab", ["https://dzen.ru/video/watch/65f1ab?rid=1"]),
    "youtube": (
        f"https://youtube.com/watch?v={YT}",
        [
            f"https://www.youtube.com/watch?v={YT}",
            f"https://youtube.com/watch?feature=share&v={YT}&t=42s&list=PL1",
            f"https://m.youtube.com/watch/?v={YT}#t=1",
            f"https://youtu.be/{YT}?si=AbCdEf",
            f"https://www.youtube.com/shorts/{YT}",
            f"https://youtube.com/live/{YT}?feature=share",
            f"https://www.youtube-nocookie.com/embed/{YT}",
            f"youtu.be/{YT}",
        ],
    ),
    "rutube": (
        f"https://rutube.ru/video/{RUTUBE}",
        [
            f"https://rutube.ru/video/{RUTUBE}/",
            f"https://rutube.ru/video/{RUTUBE.upper()}/?r=wd&t=30",
            f"https://rutube.ru/play/embed/{RUTUBE}",
            f"https://m.rutube.ru/video/{RUTUBE}",
        ],
    ),
    "instagram": (
        "https://instagram.com/p/C1a-B_2",
        [
            "https://www.instagram.com/p/C1a-B_2/?igsh=MWQ1ZGUxMzBkMA==",
            "https://instagram.com/reel/C1a-B_2/?igshid=abc&utm_source=ig_web_copy_link",
            "https://www.instagram.com/reels/C1a-B_2",
            "https://instagram.com/tv/C1a-B_2",
            "https://www.instagram.com/some.user/p/C1a-B_2/?img_index=2",
            "https://instagr.am/p/C1a-B_2",
        ],
    ),
    "tiktok": (
        "https://tiktok.com/@some.user/video/7300000000000000000",
        [
            "https://www.tiktok.com/@Some.User/video/7300000000000000000?is_from_webapp=1&sender_device=pc",
            "https://m.tiktok.com/@some.user/video/7300000000000000000/",
        ],
    ),
    "tiktok short": ("https://vm.tiktok.com/ZMabc123", ["https://vm.tiktok.com/ZMabc123/", "vm.tiktok.com/ZMabc123"]),
    "x": (
        "https://x.com/i/status/1234567890",
        [
            "https://x.com/jack/status/1234567890",
            "https://twitter.com/Jack/status/1234567890?s=20&t=abc",
            "https://mobile.twitter.com/jack/status/1234567890/photo/1",
            "https://www.x.com/i/web/status/1234567890",
            "https://x.com/someone_else/statuses/1234567890",
        ],
    ),
    "facebook permalink": (
        "https://facebook.com/permalink.php?id=100&story_fbid=pfbid02Abc",
        [
            "https://www.facebook.com/permalink.php?story_fbid=pfbid02Abc&id=100",
            "https://m.facebook.com/story.php?story_fbid=pfbid02Abc&id=100&mibextid=Nif5oz",
            "https://fb.com/permalink.php?id=100&story_fbid=pfbid02Abc&fbclid=IwAR0",
        ],
    ),
    "facebook post": (
        "https://facebook.com/somepage/posts/pfbid0XyZ",
        [
            "https://www.facebook.com/SomePage/posts/pfbid0XyZ/?ref=share",
            "https://web.facebook.com/somepage/posts/pfbid0XyZ",
        ],
    ),
    "facebook video": (
        "https://facebook.com/watch?v=555",
        ["https://www.facebook.com/watch/?v=555&ref=sharing", "https://m.facebook.com/watch?v=555"],
    ),
    "facebook group": (
        "https://facebook.com/groups/12345/posts/678",
        [
            "https://www.facebook.com/groups/12345/permalink/678/",
            "https://facebook.com/groups/12345/posts/678?comment_id=1",
        ],
    ),
    "max": (
        "https://max.ru/c/-70935843913828/AZ-t-FzlEyg",
        [
            "https://max.ru/c/-70935843913828/AZ-t-FzlEyg",
            "https://www.max.ru/c/-70935843913828/AZ-t-FzlEyg/?utm_source=x",
        ],
    ),
}
NETWORK_OF = {key: key.split()[0] for key in SAME_POST}


def same_key(network: str, url: str) -> PostLink:
    """A post whose link is its own identity."""
    return PostLink(network, url, url)


def key_of(text: str) -> str:
    outcome = parse_post_link(text)
    assert isinstance(outcome, PostLink), (text, outcome)
    return outcome.key


# network -> groups of links to one post that differ only in parts the network ignores (issue 11,
# hole 4): each group is one post, and no two groups are the same post.
SAME_IDENTITY: dict[str, list[list[str]]] = {
    "vk": [
        ["https://vk.com/wall-1_2", "https://vk.com/club1?z=photo-1_5%2Fwall-1_2",
         "https://vk.com/wall-1_2?z=photo-1_6%2Fwall-1_2", "https://vk.com/public1?w=wall-1_2",
         "https://m.vk.com/photo-1_7?z=photo-1_7%2Fwall-1_2"],
        ["https://vk.com/clip-1_3", "https://vk.com/video-1_3", "https://vkvideo.ru/clip-1_3",
         "https://vk.com/clips?z=clip-1_3"],
        ["https://vk.com/wall-2_2"],                      # the owner counts: post ids are per wall
        ["https://vk.com/photo-1_5", "https://vk.com/album-1_0?z=photo-1_5%2Falbum-1_0"],
    ],
    "telegram": [
        ["https://t.me/vverh_news/77", "https://t.me/vverh_news/5/77", "https://t.me/vverh_news/123/77",
         "https://t.me/s/vverh_news/77", "https://t.me/VVERH_news/1/77?single"],
        ["https://t.me/other_news/77"],                   # another channel's message 77
        ["https://t.me/c/12345/77", "https://t.me/c/12345/9/77"],
        ["https://t.me/vverh_news/77?comment=3", "https://t.me/vverh_news/5/77?comment=3"],
    ],
    "ok": [
        ["https://ok.ru/group/5432/topic/987", "https://ok.ru/vverhgroup/topic/987",
         "https://m.ok.ru/VverhGroup/topic/987?utm_campaign=x", "https://ok.ru/group/77/topic/987"],
        ["https://ok.ru/profile/11/statuses/22", "https://ok.ru/ivan.petrov/statuses/22"],
        ["https://ok.ru/group/5432/topic/988"],
        ["https://ok.ru/video/987"],
    ],
    "dzen": [
        ["https://dzen.ru/media/vverh/kak-pomoch-5f8a1b2c3d4e5f6a7b8c9d0e",
         "https://dzen.ru/media/id/5c1a/kak-pomoch-5f8a1b2c3d4e5f6a7b8c9d0e"],
        ["https://dzen.ru/a/ZbXy12-_Ab"],
    ],
    "youtube": [[f"https://youtu.be/{YT}", f"https://youtube.com/shorts/{YT}", f"https://youtube.com/watch?v={YT}"]],
    "rutube": [
        [f"https://rutube.ru/video/{RUTUBE}", f"https://rutube.ru/shorts/{RUTUBE}",
         f"https://rutube.ru/play/embed/{RUTUBE}", f"https://rutube.ru/video/private/{RUTUBE}/?p=AbC"],
    ],
    "instagram": [["https://instagram.com/p/C1a", "https://instagram.com/someone/reel/C1a"]],
    "tiktok": [
        ["https://www.tiktok.com/@some.user/video/7300000000000000000",
         "https://www.tiktok.com/@renamed_user/video/7300000000000000000",
         "https://www.tiktok.com/@some.user/photo/7300000000000000000"],
        ["https://www.tiktok.com/@some.user/video/7300000000000000001"],
    ],
    "x": [["https://x.com/jack/status/1", "https://twitter.com/renamed/status/1"]],
    "facebook": [
        ["https://www.facebook.com/somepage/posts/pfbid0XyZ", "https://www.facebook.com/otherpage/posts/pfbid0XyZ",
         "https://www.facebook.com/groups/123/posts/pfbid0XyZ",
         "https://www.facebook.com/permalink.php?story_fbid=pfbid0XyZ&id=100"],
        ["https://www.facebook.com/somepage/videos/555", "https://www.facebook.com/watch/?v=555",
         "https://www.facebook.com/otherpage/videos/a-title/555", "https://www.facebook.com/reel/555"],
        ["https://www.facebook.com/photo.php?fbid=555"],
    ],
    "max": [["https://max.ru/c/-709/AZ-t"], ["https://max.ru/c/-710/AZ-t"]],
}


@pytest.mark.parametrize("network", SAME_IDENTITY)
def test_a_post_is_its_network_its_own_id_and_the_owner_only_where_needed(network: str) -> None:
    groups = SAME_IDENTITY[network]
    keys = [{key_of(text) for text in group} for group in groups]
    for group, found in zip(groups, keys, strict=True):
        assert len(found) == 1, (group, found)
    assert len(set().union(*keys)) == len(groups), keys
    for group in groups:
        assert {parse_post_link(text).network for text in group} == {network}  # type: ignore[union-attr]



@pytest.mark.parametrize(
    ("text", "network", "url"),
    [(text, NETWORK_OF[key], url) for key, (url, texts) in SAME_POST.items() for text in texts],
)
def test_every_way_of_writing_one_post_gives_the_same_link(text: str, network: str, url: str) -> None:
    outcome = parse_post_link(text)
    assert isinstance(outcome, PostLink)
    assert (outcome.network, outcome.url) == (network, url)


@pytest.mark.parametrize(
    "text",
    [
        "https://vk.com/",
        "https://vk.com/id1",
        "https://vk.com/club123",
        "https://vk.com/wall-123",
        "https://vk.com/feed",
        "https://vk.com/search?c%5Bq%5D=vverh",
        "https://t.me/durov",
        "https://t.me/s/durov",
        "https://t.me/c/1234567",
        "https://t.me/+AbCdEf123",
        "https://t.me/joinchat/AAAAAE",
        "https://t.me/addstickers/Pack",
        "https://t.me/vverh_bot?start=abc",
        "https://ok.ru/",
        "https://ok.ru/group/5432",
        "https://ok.ru/profile/11",
        "https://dzen.ru/",
        "https://dzen.ru/id/5c1",
        "https://dzen.ru/somechannel",
        "https://zen.yandex.ru/media/somechannel",
        "https://www.youtube.com/",
        "https://www.youtube.com/@channel",
        "https://www.youtube.com/channel/UC123",
        "https://www.youtube.com/playlist?list=PL1",
        "https://www.youtube.com/watch?v=short",
        "https://youtube.com/results?search_query=vverh",
        "https://rutube.ru/channel/123/",
        f"https://rutube.ru/video/private/{RUTUBE}/",
        "https://www.instagram.com/some.user/",
        "https://www.instagram.com/stories/some.user/3000000000/",
        "https://www.instagram.com/explore/tags/vverh/",
        "https://www.tiktok.com/@some.user",
        "https://www.tiktok.com/foryou",
        "https://x.com/jack",
        "https://twitter.com/search?q=vverh",
        "https://x.com/home",
        "https://www.facebook.com/",
        "https://www.facebook.com/somepage",
        "https://www.facebook.com/profile.php?id=100",
        "https://www.facebook.com/groups/12345",
        "https://www.facebook.com/permalink.php?id=100",
        "https://max.ru/",
        "https://max.ru/@someone",
        "https://max.ru/join/AbCdEf",
        "https://max.ru/vverh_bot?start=abc",
    ],
)
def test_profiles_home_pages_and_feeds_are_not_posts(text: str) -> None:
    assert parse_post_link(text) is LinkRefusal.NOT_A_POST


@pytest.mark.parametrize(
    "text",
    [
        "https://evilvk.com/wall-1_2",
        "https://vk.com.evil.ru/wall-1_2",
        "https://notvk.com/wall-1_2",
        "https://vk.co/wall-1_2",
        "https://foo.vk.com/wall-1_2",
        "https://vk.com@evil.ru/wall-1_2",
        "https://user:pass@vk.com/wall-1_2",
        "https://evil.ru\\@vk.com/wall-1_2",
        "https://vk.com:8080/wall-1_2",
        "https://127.0.0.1/wall-1_2",
        "https://[::1]/wall-1_2",
        "http://2130706433/wall-1_2",
        "https://t.me.evil.ru/durov/1",
        "https://example.org/durov/1",
        f"https://{LOOKALIKE_VK}/wall-1_2",
        f"https://{LOOKALIKE_VK.encode('idna').decode()}/wall-1_2",
        "https://vk..com/wall-1_2",
        "ftp://vk.com/wall-1_2",
        "tg://resolve?domain=durov&post=1",
        "javascript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "https://vk.cc/abc123",
    ],
)
def test_other_hosts_lookalikes_and_tricks_are_not_allowed(text: str) -> None:
    assert parse_post_link(text) is LinkRefusal.NOT_ALLOWED


@pytest.mark.parametrize(
    "text",
    ["", "   ", "привет, я сделал репост!", "vk.com", "my mail is me@vk.com/wall-1_2", "точка.ру без пути", "1.5/2"],
)
def test_text_without_a_link_is_no_url(text: str) -> None:
    assert parse_post_link(text) is LinkRefusal.NO_URL


def test_an_absurdly_long_link_is_too_long() -> None:
    link = "https://vk.com/wall-1_2?x=" + "a" * MAX_LINK_LENGTH
    assert parse_post_link(link) is LinkRefusal.TOO_LONG


def test_a_post_beside_other_links_is_found() -> None:
    text = "материал https://vverh.example/material и мой пост https://vk.com/wall-1_2"
    assert parse_post_link(text) == same_key("vk", "https://vk.com/wall-1_2")


def test_a_profile_on_an_allowed_network_is_the_refusal_shown_over_a_foreign_link() -> None:
    assert parse_post_link("https://example.org/a и https://vk.com/id1") is LinkRefusal.NOT_A_POST


def test_a_custom_allowed_list_refuses_networks_not_on_it() -> None:
    assert parse_post_link("https://t.me/durov/123", ["vk.com"]) is LinkRefusal.NOT_ALLOWED
    assert parse_post_link("https://m.vk.com/wall-1_2", ["vk.com"]) == same_key("vk", "https://vk.com/wall-1_2")


def test_an_allowed_list_may_name_a_network_by_an_alias() -> None:
    allowed = ["twitter.com", "WWW.VK.RU", "https://youtu.be/"]
    assert parse_post_link("https://x.com/a/status/1", allowed) == same_key("x", "https://x.com/i/status/1")
    assert parse_post_link("https://vk.com/wall-1_2", allowed) == same_key("vk", "https://vk.com/wall-1_2")
    assert parse_post_link(f"https://youtube.com/watch?v={YT}", allowed) == same_key(
        "youtube", f"https://youtube.com/watch?v={YT}"
    )
    assert parse_post_link("https://t.me/durov/1", allowed) is LinkRefusal.NOT_ALLOWED


def test_a_custom_domain_admits_its_pages_but_not_its_subdomains() -> None:
    allowed = ["example.org"]
    assert parse_post_link("https://www.Example.org/news/1/?utm_source=tg&ysclid=x&id=5#top", allowed) == same_key(
        "example.org", "https://example.org/news/1?id=5"
    )
    assert parse_post_link("https://example.org/", allowed) is LinkRefusal.NOT_A_POST
    assert parse_post_link("https://blog.example.org/news/1", allowed) is LinkRefusal.NOT_ALLOWED
    assert parse_post_link("https://example.org.evil.ru/news/1", allowed) is LinkRefusal.NOT_ALLOWED


def test_a_link_ending_in_punctuation_keeps_it_when_sent_again() -> None:
    first = parse_post_link("https://example.org/page.#top", ["example.org"])
    assert first == same_key("example.org", "https://example.org/page%2E")
    assert parse_post_link(f"вот: {first.url}.", ["example.org"]) == first


def test_an_international_domain_is_one_host_in_punycode_and_unicode() -> None:
    allowed = ["пример.рф"]
    expected = same_key("пример.рф", "https://пример.рф/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/1")
    assert parse_post_link("https://xn--e1afmkfd.xn--p1ai/новости/1", allowed) == expected
    assert parse_post_link("https://ПРИМЕР.РФ/%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8/1/", allowed) == expected


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("смотрите https://vk.com/wall-1_2 !!!", "https://vk.com/wall-1_2"),
        ("пост: https://t.me/durov/1.", "https://t.me/durov/1"),
        ("«https://t.me/durov/1»", "https://t.me/durov/1"),
        ("(https://t.me/durov/1)", "https://t.me/durov/1"),
        ("[пост](https://t.me/durov/1), спасибо", "https://t.me/durov/1"),
        ("https://en.wikipedia.org/wiki/Vverh_(film)", "https://en.wikipedia.org/wiki/Vverh_(film)"),
        ("вот vk.com/wall-1_2?", "vk.com/wall-1_2"),
        ("<https://vk.com/wall-1_2>", "https://vk.com/wall-1_2"),
        ("HTTPS://VK.COM/WALL-1_2...", "HTTPS://VK.COM/WALL-1_2"),
        ("два: https://a.example/1 https://b.example/2", "https://a.example/1"),
        ("без ссылки", None),
        ("vk.com", None),
    ],
)
def test_the_link_is_found_in_free_text(text: str, url: str | None) -> None:
    assert find_url(text) == url


# --- properties ------------------------------------------------------------------------------

ids = st.integers(min_value=1, max_value=10**12)
tokens = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=24)
usernames = st.from_regex(r"[a-z][a-z0-9_]{3,20}", fullmatch=True)
youtube_ids = st.from_regex(r"[A-Za-z0-9_-]{11}", fullmatch=True)
rutube_ids = st.from_regex(r"[0-9a-f]{32}", fullmatch=True)

post_links = st.one_of(
    st.builds(lambda o, i: f"https://vk.com/wall{o}_{i}", st.integers(-(10**9), 10**9), ids),
    st.builds(lambda o, i: f"https://vk.com/club1?z=photo{o}_{i}%2Fwall{o}_1", st.integers(-(10**9), 10**9), ids),
    st.builds(lambda u, i: f"https://t.me/{u}/{i}", usernames, ids),
    st.builds(lambda c, i: f"https://t.me/c/{c}/{i}", ids, ids),
    st.builds(lambda g, t: f"https://ok.ru/group/{g}/topic/{t}", ids, ids),
    st.builds(lambda t: f"https://dzen.ru/a/{t}", tokens),
    st.builds(lambda v: f"https://youtu.be/{v}", youtube_ids),
    st.builds(lambda v: f"https://youtube.com/shorts/{v}", youtube_ids),
    st.builds(lambda v: f"https://rutube.ru/video/{v}", rutube_ids),
    st.builds(lambda c: f"https://instagram.com/reel/{c}", tokens),
    st.builds(lambda u, i: f"https://tiktok.com/@{u}/video/{i}", usernames, ids),
    st.builds(lambda u, i: f"https://twitter.com/{u}/status/{i}", usernames, ids),
    st.builds(lambda s, i: f"https://facebook.com/story.php?story_fbid={s}&id={i}", tokens, ids),
    st.builds(lambda c, m: f"https://max.ru/c/-{c}/{m}", ids, tokens),
)
tracking = st.lists(
    st.tuples(st.sampled_from(["utm_source", "utm_medium", "fbclid", "gclid", "yclid", "ysclid"]), tokens),
    min_size=1,
    max_size=3,
)
fragments = st.text(alphabet="abcXYZ019-_=/&?", max_size=12)


def canonical(text: str) -> str:
    outcome = parse_post_link(text)
    assert isinstance(outcome, PostLink), (text, outcome)
    return outcome.url


@given(link=post_links)
def test_a_canonical_link_is_its_own_canonical_form(link: str) -> None:
    url = canonical(link)
    assert canonical(url) == url


@given(link=post_links, params=tracking, fragment=fragments, www=st.booleans(), slash=st.booleans(), http=st.booleans())
def test_decorating_a_post_link_never_changes_the_post(
    link: str, params: list[tuple[str, str]], fragment: str, www: bool, slash: bool, http: bool
) -> None:
    parts = urlsplit(canonical(link))
    query = "&".join([parts.query, *(f"{key}={value}" for key, value in params)]).lstrip("&")
    decorated = (
        f"{'http' if http else 'https'}://{'www.' if www else ''}{parts.netloc.upper()}"
        f"{parts.path}{'/' if slash else ''}?{query}#{fragment}"
    )
    assert canonical(decorated) == canonical(link)


@given(link=post_links)
def test_every_generated_post_is_on_a_default_network(link: str) -> None:
    host = urlsplit(canonical(link)).hostname
    assert host is not None
    assert host in EVERY_NETWORK


@given(text=st.text(max_size=300))
def test_any_text_gets_an_answer(text: str) -> None:
    assert isinstance(parse_post_link(text), PostLink | LinkRefusal)


@given(tail=st.text(max_size=100), host=st.sampled_from(["vk.com", "t.me", "youtu.be", "x.com", "max.ru", "ok.ru"]))
def test_any_link_on_a_network_gets_an_answer_and_a_post_is_stable(tail: str, host: str) -> None:
    outcome = parse_post_link(f"https://{host}/{tail}")
    if isinstance(outcome, PostLink):
        assert parse_post_link(outcome.url) == outcome


def test_a_materials_originals_are_found_on_every_known_network() -> None:
    text = "Оригинал: https://www.instagram.com/p/C1a/ и https://t.me/s/vverh_news/15, сайт https://vverh.example/a"
    assert [post.key for post in links.find_posts(text)] == [
        "https://instagram.com/p/C1a", "https://t.me/vverh_news/15",
    ]
    assert [post.key for post in links.find_posts(text, ["vverh.example"])][-1] == "https://vverh.example/a"
