from odoo import fields, models


class OmsNicLog(models.Model):
    """Requests to NIC and their answers, redacted (no passwords, tokens or session keys)."""

    _name = "oms.nic.log"
    _description = "NIC Request Log"
    _order = "id desc"

    move_id = fields.Many2one("account.move", index=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    operation = fields.Char(required=True, readonly=True)
    request = fields.Text(readonly=True)
    response = fields.Text(readonly=True)
    outcome = fields.Selection(
        [("ok", "Accepted"), ("refused", "Refused"), ("retry", "To Retry")], readonly=True
    )
