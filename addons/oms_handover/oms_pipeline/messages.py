"""Translatable messages: plain English text that remembers its template and parameters."""


def _(template):
    """Mark a message template for Odoo's translation extraction (which looks for ``_("...")`` calls in
    every Python file of the add-on). It returns the template unchanged: the Odoo layer translates the
    rendered message later, by this same source string."""
    return template


class Message(str):
    """A rendered English message that also carries its ``template`` and ``params``.

    It behaves as an ordinary ``str`` (compare it, join it, show it), so pure callers need nothing special.
    The Odoo layer can translate it with ``_(message.template) % message.params``; the templates are the
    ``MSG_*`` constants of each module and use only named placeholders so translators may reorder them.
    """

    template: str
    params: dict

    def __new__(cls, template, **params):
        """Render ``template % params`` and keep both for later translation."""
        instance = super().__new__(cls, template % params)
        instance.template = template
        instance.params = dict(params)
        return instance


def format_amount(amount):
    """Format an amount with thousands separators and two decimals (``120000`` -> ``120,000.00``).

    Only for plain-English reasons; the Odoo layer formats currencies its own way.
    """
    return f"{amount:,.2f}"
