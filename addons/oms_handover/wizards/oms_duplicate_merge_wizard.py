from odoo import api, fields, models


class OmsDuplicateMergeWizard(models.TransientModel):
    """Instead of a second order, add this quotation's lines to the customer's earlier order."""

    _name = "oms.duplicate.merge.wizard"
    _description = "Add to Earlier Order"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    warning = fields.Text(related="order_id.oms_duplicate_warning")
    candidate_ids = fields.Many2many("sale.order", compute="_compute_candidate_ids")
    target_id = fields.Many2one(
        "sale.order", string="Earlier Order", required=True, domain="[('id', 'in', candidate_ids)]"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "target_id" in fields_list and values.get("order_id") and not values.get("target_id"):
            order = self.env["sale.order"].browse(values["order_id"])
            values["target_id"] = order.oms_duplicate_order_ids[:1].id
        return values

    @api.depends("order_id")
    def _compute_candidate_ids(self):
        for wizard in self:
            wizard.candidate_ids = wizard.order_id.oms_duplicate_order_ids

    def action_add_to_order(self):
        return self.order_id.action_oms_add_to_order(self.target_id.id)
