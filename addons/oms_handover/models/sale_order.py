from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..oms_pipeline import stages as pipeline_stages
from ..oms_pipeline.dates import check_backdating, default_requested_date
from ..oms_pipeline.stages import (
    BOARD_COLUMN_NAMES,
    CUSTOMER_STATUS_NAMES,
    DEFAULT_PIPELINE,
    Pipeline,
    StageSpec,
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_stage_id = fields.Many2one(
        "oms.stage",
        string="Pipeline Stage",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand="_read_group_oms_stage_ids",
    )
    oms_stage_code = fields.Char(related="oms_stage_id.code", string="Stage Code")
    oms_stage_date = fields.Datetime(string="In Stage Since", readonly=True, copy=False)
    # Field groups: Odoo's own invoicing, inventory and manufacturing users read sale orders without
    # being in the pipeline; the pipeline's history is not theirs to read (nor its page to show).
    oms_history_ids = fields.One2many(
        "oms.stage.history",
        "order_id",
        string="Pipeline History",
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )
    oms_handover_state = fields.Selection(
        [("pending", "Pending Handover"), ("done", "Handed Over")],
        string="Handover",
        readonly=True,
        copy=False,
        tracking=True,
    )
    oms_pod_received = fields.Boolean(
        string="Proof of Delivery Received",
        readonly=True,
        copy=False,
        help="Set when every tranche's proof of delivery is in (Dispatch); the board then shows Delivered.",
    )
    oms_board_column = fields.Selection(
        list(BOARD_COLUMN_NAMES.items()),
        string="Board Column",
        compute="_compute_oms_views",
        store=True,
        precompute=True,  # part of the INSERT, not a later UPDATE: creating orders costs no extra query
        index=True,
        group_expand="_read_group_oms_board_column",
    )
    oms_customer_status = fields.Selection(
        list(CUSTOMER_STATUS_NAMES.items()),
        string="Order Status",
        compute="_compute_oms_views",
        store=True,
        precompute=True,
    )
    oms_requested_date = fields.Date(
        string="Requested Date",
        compute="_compute_oms_requested_date",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        help="When the customer asked for the goods; defaults to order date + lead days.",
    )
    oms_agreed_date = fields.Date(
        string="Agreed Delivery Date",
        copy=False,
        tracking=True,
        help="The delivery date agreed with the customer; required before the order leaves Sale Order.",
    )
    oms_cancel_reason_id = fields.Many2one(
        "oms.cancel.reason", string="Cancel Reason", readonly=True, copy=False
    )

    @api.depends(
        "oms_stage_id.board_column",
        "oms_stage_id.customer_status",
        "oms_handover_state",
        "oms_pod_received",
        "state",
    )
    def _compute_oms_views(self):
        for order in self:
            stage = order.oms_stage_id
            if order.state == "cancel" or not (stage or order.oms_handover_state == "pending"):
                order.oms_board_column = order.oms_customer_status = False
                continue
            # The views are the stage's configuration (a consultant sets them on a custom stage).
            arguments = (
                stage.code or None,
                order.oms_pod_received,
                order.oms_handover_state == "pending",
                Pipeline((StageSpec(stage.code, stage.board_column, stage.customer_status),))
                if stage
                else DEFAULT_PIPELINE,
            )
            order.oms_board_column = pipeline_stages.board_column(*arguments)
            order.oms_customer_status = pipeline_stages.customer_status(*arguments)

    @api.depends("date_order", "company_id")
    def _compute_oms_requested_date(self):
        for order in self:
            if order.date_order and not order.oms_requested_date:
                order.oms_requested_date = default_requested_date(
                    fields.Date.to_date(order.date_order), order.company_id.oms_requested_lead_days
                )

    @api.model
    def _read_group_oms_stage_ids(self, stages, domain):
        # The columns of the board: the stages enabled in the pipelines of the companies in view.
        steps = self.env["oms.pipeline.step"].search(
            [("company_id", "in", self.env.companies.ids), ("enabled", "=", True)]
        )
        return (stages | steps.stage_id).sorted(lambda stage: (stage.sequence, stage.id))

    @api.model
    def _read_group_oms_board_column(self, values, domain):
        # Every column always shows, empty or not, so the board keeps its shape.
        return list(BOARD_COLUMN_NAMES)

    @api.constrains("date_order")
    def _check_oms_backdating(self):
        today = fields.Date.context_today(self)
        for order in self.filtered(
            lambda record: (
                record.state in ("draft", "sent")
                and record.date_order
                and record.company_id.oms_backdate_limit_days
            )
        ):
            message = check_backdating(order.date_order, today, order.company_id.oms_backdate_limit_days)
            if message:
                raise ValidationError(self.env._(message.template, **message.params))

    @api.model
    def _oms_protected_fields(self):
        """Fields only the suite's own actions set (stage, credit decision, handover...): each action checks
        the user's role first and then writes through :meth:`_oms_write_protected`. Modules add theirs."""
        return {
            "oms_stage_id",
            "oms_stage_date",
            "oms_handover_state",
            "oms_pod_received",
            "oms_cancel_reason_id",
            "oms_credit_state",
            "oms_credit_exposure",
            "oms_credit_limit",
            "oms_credit_reasons",
            "oms_credit_decided_by_id",
            "oms_credit_decided_on",
            "oms_credit_decision_note",
            "oms_duplicates_acknowledged",
            "oms_duplicates_acknowledged_by_id",
        }

    def _oms_write_protected(self, vals):
        """Write protected fields; callers have checked the rules and the user's role already."""
        return self.sudo().write(vals)

    def write(self, vals):
        # A form, an import or an RPC call may not set these fields, whatever context it sends: only the
        # actions do, through sudo (a client can never obtain a superuser environment).
        protected = self._oms_protected_fields() & set(vals)
        if protected and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s change only through the order's pipeline actions (rules and roles apply).",
                    fields=", ".join(sorted(self._fields[name].string for name in protected)),
                )
            )
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        protected = self._oms_protected_fields()
        if not self.env.su and any(protected & set(vals) for vals in vals_list):
            raise AccessError(self.env._("A new order enters the pipeline when it is confirmed."))
        return super().create(vals_list)
