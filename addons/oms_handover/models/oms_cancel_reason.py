from odoo import fields, models


class OmsCancelReason(models.Model):
    _name = "oms.cancel.reason"
    _description = "Order Cancel Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    note_required = fields.Boolean(help="The person cancelling must explain in a note.")
