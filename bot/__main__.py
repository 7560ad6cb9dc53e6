"""`python -m bot`: the command line lives in the composition root (`bot.runtime`)."""

from bot.runtime.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
