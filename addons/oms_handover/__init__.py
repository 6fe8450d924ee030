from . import controllers
from . import models
from . import report
from . import wizards


def post_init_hook(env):
    """Turn the 90-day back-dating limit on for the companies that exist at install (seed 004); a
    company created later starts without it and sets it in the settings."""
    env["res.company"].search([]).write({"oms_backdate_limit_days": 90})
