from odoo import api, fields, models

from ..oms_pipeline.stages import STAGE_CODES


class OmsStage(models.Model):
    """One stage of the order pipeline. The codes are fixed (the engine and the other modules rely on
    them); names, colours, order and owner groups are the manager's to change."""

    _name = "oms.stage"
    _description = "Order Pipeline Stage"
    _order = "sequence, id"

    code = fields.Selection([(code, code) for code in STAGE_CODES], required=True, readonly=True, index=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    fold = fields.Boolean(help="Folded in the detailed board by default.")
    description = fields.Text(translate=True, help="What must be true before an order may leave this stage.")
    group_ids = fields.Many2many(
        "res.groups",
        string="Owner Groups",
        help="Who may move an order into this stage when a rule names no group of its own. "
        "Managers always may.",
    )
    order_count = fields.Integer(compute="_compute_order_count")

    _sql_constraints = [("code_unique", "unique(code)", "Each pipeline stage code exists once.")]

    @api.depends_context("allowed_company_ids")
    def _compute_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("oms_stage_id", "in", self.ids), ("state", "!=", "cancel")], ["oms_stage_id"], ["__count"]
            )
        )
        for stage in self:
            stage.order_count = counts.get(stage, 0)

    def write(self, vals):
        if "group_ids" in vals:
            self.env.registry.clear_cache()  # rules without groups of their own use the stage's (cached)
        return super().write(vals)

    @api.model
    def _by_code(self, code):
        """The stage record of a code (stages are few and global, so a search is cheap)."""
        return self.search([("code", "=", code)], limit=1)
