"""The operations board (seed 000 §3): delivery risk, days in stage, blocking reason, and card drags routed
through the pipeline engine, so a drag obeys the same rules, roles and checks as the buttons."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.oms_handover.oms_pipeline.applicability import stage_applies
from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_PROCUREMENT
from odoo.addons.oms_handover.oms_pipeline.stages import board_column

from ..oms_logistics.delivery_risk import AT_RISK, LATE, ON_TIME, delivery_status

DONE_STAGE_CODES = ("customer_feedback",)
# Kanban colour indexes (web's ColorList): 1 red, 3 yellow, 10 green.
RISK_COLORS = {LATE: 1, AT_RISK: 3, ON_TIME: 10}
BOARD_FIELDS = {"oms_stage_id", "oms_board_column"}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Writable for the kanban only: a drag writes the group-by field, and write() below turns that into an
    # engine move. Forms keep both read-only; the base module still refuses any direct write.
    oms_stage_id = fields.Many2one(readonly=False)
    oms_board_column = fields.Selection(readonly=False)

    oms_delivery_risk = fields.Selection(
        [(ON_TIME, "On Time"), (AT_RISK, "At Risk"), (LATE, "Late")],
        string="Delivery Risk",
        compute="_compute_oms_delivery_risk",
        store=True,
        precompute=True,  # in the INSERT, not a later UPDATE: creating orders costs no extra query
        index=True,
        help="Against the agreed date: late once it has passed, at risk when it is near or the planned "
        "dispatch is after it. Recomputed every night, and whenever the order changes.",
    )
    oms_risk_color = fields.Integer(compute="_compute_oms_risk_color")
    oms_days_in_stage = fields.Integer(string="Days in Stage", compute="_compute_oms_days_in_stage")
    oms_blocking_reason = fields.Char(
        string="Blocked By", compute="_compute_oms_blocking_reason", groups="base.group_user"
    )

    # The stage matters to the risk only through "in the pipeline" and "done": _oms_write_protected
    # recomputes it when either changes, so an ordinary move does not recompute (nor read) anything.
    @api.depends(
        "oms_agreed_date",
        "oms_pod_received",
        "oms_expected_dispatch_date",
        "state",
        "company_id.oms_at_risk_days",
    )
    def _compute_oms_delivery_risk(self):
        today = fields.Date.context_today(self)
        for order in self:
            if not order.oms_stage_id or order.state == "cancel":
                order.oms_delivery_risk = False
                continue
            order.oms_delivery_risk = delivery_status(
                order.oms_agreed_date,
                today,
                expected_ready_date=order.oms_expected_dispatch_date,
                at_risk_days=order.company_id.oms_at_risk_days,
                done=order.oms_pod_received or order.oms_stage_id.code in DONE_STAGE_CODES,
            )

    def _oms_risk_stage_state(self):
        """(in the pipeline, done) of the order's stage, from the cached pipeline (no query)."""
        code = self._oms_config().code_by_id.get(self.oms_stage_id.id)
        return (bool(self.oms_stage_id), code in DONE_STAGE_CODES)

    def _oms_write_protected(self, vals):
        if "oms_stage_id" not in vals:
            return super()._oms_write_protected(vals)
        before = {order.id: order._oms_risk_stage_state() for order in self}
        result = super()._oms_write_protected(vals)
        changed = self.filtered(lambda order: before[order.id] != order._oms_risk_stage_state())
        if changed:
            self.env.add_to_compute(self._fields["oms_delivery_risk"], changed)
        return result

    @api.depends("oms_delivery_risk")
    def _compute_oms_risk_color(self):
        for order in self:
            order.oms_risk_color = RISK_COLORS.get(order.oms_delivery_risk, 0)

    @api.depends("oms_stage_date")
    def _compute_oms_days_in_stage(self):
        today = fields.Date.context_today(self)
        for order in self:
            since = order.oms_stage_date and fields.Date.context_today(order, order.oms_stage_date)
            order.oms_days_in_stage = (today - since).days if since else 0

    @api.depends("oms_credit_state", "oms_po_cancelled", "locked")
    def _compute_oms_blocking_reason(self):
        # The card says what the form's line says, from the same answer (situations only: a board of many
        # cards does not run every order's checks).
        situations = self.filtered("id").sudo()._oms_situations()
        for order in self:
            blockers = (
                order._oms_blockers(with_checks=False, situations=situations[order.id]) if order.id else []
            )
            order.oms_blocking_reason = ", ".join(message for _team, message in blockers) or False

    def _oms_situations(self):
        situations = super()._oms_situations()
        for order in self.filtered("oms_po_cancelled"):
            situations[order.id].append(
                ("purchase_receipts_complete", GROUP_PROCUREMENT, self.env._("Vendor PO cancelled"))
            )
        return situations

    @api.model
    def _cron_oms_refresh_delivery_risk(self):
        """Nightly: the risk depends on today's date, which no field dependency sees change."""
        orders = self.search(
            [("oms_stage_id", "!=", False), ("state", "!=", "cancel"), ("oms_pod_received", "=", False)]
        )
        self.env.add_to_compute(self._fields["oms_delivery_risk"], orders)
        orders.flush_recordset(["oms_delivery_risk"])

    # ----- drag and drop on the boards -----

    def write(self, vals):
        moves = BOARD_FIELDS & set(vals)
        # Orders outside the pipeline (quotations, cancelled) have nothing the engine could do: the base
        # module refuses the write with its own message.
        if (
            not moves
            or self.env.su
            or not all(order.oms_stage_id and order.state == "sale" for order in self)
        ):
            return super().write(vals)
        vals = dict(vals)
        stage_id = vals.pop("oms_stage_id", None)
        column = vals.pop("oms_board_column", None)
        result = super().write(vals) if vals else True
        for order in self:
            if stage_id is not None and stage_id != order.oms_stage_id.id:
                stage = self.env["oms.stage"].browse(stage_id).exists()
                if not stage:
                    raise UserError(self.env._("Pick a pipeline stage to move the order to."))
                order.action_oms_move(stage.code)
            elif column is not None and column != order.oms_board_column:
                order._oms_move_to_column(column)
        return result

    def _oms_move_to_column(self, column):
        """Move to the first stage of the board column that applies to the order and that the engine
        allows; when none does, refuse with the engine's reason for the first applicable stage."""
        self.ensure_one()
        if not column:
            raise UserError(self.env._("An order in the pipeline always has a board column."))
        facts = self._oms_applicable_facts()
        current = self.oms_stage_id.code
        pipeline = self._oms_config().pipeline
        candidates = [
            code
            for code in pipeline.codes
            if board_column(code, pipeline=pipeline) == column
            and code != current
            and stage_applies(code, facts, pipeline)
        ]
        if not candidates:
            raise UserError(
                self.env._(
                    "No stage of the column %(column)s applies to order %(order)s.",
                    column=dict(self._fields["oms_board_column"].selection).get(column, column),
                    order=self.name,
                )
            )
        first_error = None
        for code in candidates:
            try:
                with self.env.cr.savepoint():
                    return self.action_oms_move(code)
            except (UserError, AccessError) as error:
                first_error = first_error or error
        raise first_error
