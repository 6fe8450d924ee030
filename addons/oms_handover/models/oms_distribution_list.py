"""Distribution lists: the customers a distributor supplies on each run, with their products and quantities.

A run (``oms.distribution.run``) turns a list into one draft order per customer; see
``oms_pipeline/distribution.py`` for what is refused and why.
"""

from odoo import api, fields, models


class OmsDistributionList(models.Model):
    _name = "oms.distribution.list"
    _description = "Distribution List"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    line_ids = fields.One2many("oms.distribution.list.line", "list_id", string="Lines", copy=True)
    customer_count = fields.Integer(compute="_compute_counts", string="Customers")
    run_ids = fields.One2many("oms.distribution.run", "list_id", string="Runs")
    run_count = fields.Integer(compute="_compute_counts")
    note = fields.Html()

    @api.depends("line_ids.partner_id", "run_ids")
    def _compute_counts(self):
        for distribution_list in self:
            distribution_list.customer_count = len(distribution_list.line_ids.partner_id)
            distribution_list.run_count = len(distribution_list.run_ids)

    def action_new_run(self):
        """Open a new run of this list (the user checks the order date, then presses Run)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "oms.distribution.run",
            "view_mode": "form",
            "context": {"default_list_id": self.id},
            "target": "current",
        }

    def action_view_runs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("oms_handover.action_oms_distribution_run")
        action["domain"] = [("list_id", "=", self.id)]
        action["context"] = {"default_list_id": self.id}
        return action


class OmsDistributionListLine(models.Model):
    _name = "oms.distribution.list.line"
    _description = "Distribution List Line"
    _order = "list_id, sequence, id"
    _check_company_auto = True

    list_id = fields.Many2one("oms.distribution.list", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="list_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        check_company=True,
        domain="[('parent_id', '=', False)]",
        index=True,
    )
    product_id = fields.Many2one(
        "product.product", required=True, check_company=True, domain="[('sale_ok', '=', True)]"
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure", required=True)
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "A distribution list's quantity must be above zero."),
    ]
