"""The approval matrix per order type: a rule may cover only some types (a high-value threshold for
Standard orders, another for Staff orders)."""

from odoo import fields, models


class OmsApprovalRule(models.Model):
    _inherit = "oms.approval.rule"

    type_ids = fields.Many2many("sale.order.type", string="Order Types", help="Empty: orders of every type.")

    def _oms_matches(self, order):
        return super()._oms_matches(order) and (not self.type_ids or order.type_id in self.type_ids)
