"""The web side of Vverh, served by the bot's own process (SPEC §12): the public rating,
the coordinators' dashboard and the rally scanner. Thin adapters over the same core acts
as the Telegram handlers; composed in `web.server`."""
