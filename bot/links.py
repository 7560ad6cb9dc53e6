# temporary stand-in (the full rule is being written)
DEFAULT_ALLOWED_POST_DOMAINS: tuple[str, ...] = ("vk.com", "t.me", "ok.ru", "dzen.ru")
