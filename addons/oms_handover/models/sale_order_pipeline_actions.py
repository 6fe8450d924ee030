"""What the current user may do with an order now, for the form: the configured pipeline as a status bar
with the allowed next stages clickable, and the move buttons shown only to those who may use them. The
server still refuses any move the engine does not allow; this only spares users a click that would fail.
"""

from odoo import api, fields, models

from ..oms_pipeline.applicability import next_applicable_stage
from ..oms_pipeline.transitions import allowed_targets
from .oms_pipeline_mixin import LazyFacts


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_pipeline_bar = fields.Json(
        string="Pipeline Stages",
        compute="_compute_oms_pipeline_actions",
        help="The company's enabled stages in order: the current one, those passed, and those the current "
        "user may move the order to now.",
    )
    oms_can_move_next = fields.Boolean(compute="_compute_oms_pipeline_actions")
    oms_can_move = fields.Boolean(compute="_compute_oms_pipeline_actions")

    @api.depends("oms_stage_id", "state", "company_id")
    @api.depends_context("uid")
    def _compute_oms_pipeline_actions(self):
        user_keys = self._oms_user_group_keys()
        for order in self:
            config = order._oms_config()
            current = order._oms_current_code() if order.oms_stage_id and order.id else None
            facts = LazyFacts(order)
            targets = allowed_targets(current, config.rules, user_keys, facts, config.pipeline)
            next_code = next_applicable_stage(current, facts, config.pipeline)[0] if current else None
            order.oms_can_move = bool(targets)
            order.oms_can_move_next = next_code in targets
            order.oms_pipeline_bar = order._oms_pipeline_bar(config, current, targets) if current else False

    def _oms_pipeline_bar(self, config, current, targets):
        """[{id, code, name, current, passed, allowed}] of the company's enabled stages, in order."""
        codes = [spec.code for spec in config.pipeline.stages if spec.enabled]
        # sudo: stage names are configuration every reader of the order may see.
        names = {
            stage.code: stage.name
            for stage in self.env["oms.stage"].sudo().browse([config.stage_ids[code] for code in codes])
        }
        position = codes.index(current) if current in codes else -1
        return [
            {
                "id": config.stage_ids[code],
                "code": code,
                "name": names[code],
                "current": code == current,
                "passed": index < position,
                "allowed": code in targets,
            }
            for index, code in enumerate(codes)
        ]
