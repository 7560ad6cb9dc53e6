"""The composition root: settings, logging, the aiogram wiring, the command line.

Everything here may import the core (`bot`), `handlers`, `scheduler` and `storage`;
nothing in the core imports this package.
"""
