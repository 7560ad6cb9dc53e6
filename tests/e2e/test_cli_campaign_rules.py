"""`campaign create --owner-must-be-linked`: issue 12's rule switched from the command line too."""

from __future__ import annotations

from tests.e2e.conftest import BotProcess


async def test_a_campaign_whose_verified_posts_must_be_on_linked_profiles(bot_factory) -> None:  # noqa: ANN001
    bot: BotProcess = await bot_factory(start=False, districts=False, campaign=False)
    created = bot.cli(
        "campaign", "create", "--name", "Лето", "--start", "2027-06-01", "--end", "2027-08-31", "--owner-must-be-linked"
    )
    assert created.returncode == 0, created.stderr
    plain = bot.cli("campaign", "create", "--name", "Осень", "--start", "2027-09-01", "--end", "2027-11-30")
    assert plain.returncode == 0, plain.stderr
    listed = bot.cli("campaign", "list").stdout.strip().splitlines()
    assert ["owner_must_be_linked=yes" in line for line in listed] == [True, False]
