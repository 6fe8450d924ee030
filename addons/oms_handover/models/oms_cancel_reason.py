from odoo import fields, models


class OmsCancelReason(models.Model):
    _name = "oms.cancel.reason"
    _description = "Order Cancel Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    note_required = fields.Boolean(help="The person cancelling must explain in a note.")
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: offered to every company; set: only to that company's orders."
    )
