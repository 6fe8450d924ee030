"""Base error of the logistics core: plain English text that remembers its template and parameters."""


def _(template):
    """Mark a message template for Odoo's translation extraction; returns it unchanged (the Odoo layer
    translates the raised error by this same source string)."""
    return template


class LogisticsError(ValueError):
    """A refused value. ``str(error)`` is the English message; ``template`` and ``params`` let the Odoo
    layer translate it with ``_(error.template) % error.params`` (templates use named placeholders)."""

    def __init__(self, template, **params):
        """Render ``template % params`` and keep both for later translation."""
        super().__init__(template % params)
        self.template = template
        self.params = dict(params)
