from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class OmsPipelineStep(models.Model):
    """A stage as one company uses it: its position in that company's pipeline, whether it is enabled
    there, and who owns it there. The engine follows the steps of the order's company, in sequence order;
    every change re-derives the company's default transition rules and is tracked in the chatter."""

    _name = "oms.pipeline.step"
    _description = "Company Pipeline Stage"
    _inherit = ["mail.thread"]
    _order = "company_id, sequence, id"
    _rec_name = "stage_id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True, default=lambda self: self.env.company
    )
    stage_id = fields.Many2one(
        "oms.stage",
        required=True,
        ondelete="cascade",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    sequence = fields.Integer(default=100, tracking=True)
    enabled = fields.Boolean(
        default=True,
        tracking=True,
        help="Disabled: orders of this company skip the stage, saying so in their history.",
    )
    group_ids = fields.Many2many(
        "res.groups",
        string="Owner Groups",
        tracking=True,
        help="Who may move this company's orders into the stage when the rule names no group; empty: the "
        "stage's owner groups. Managers always may.",
    )
    stage_group_ids = fields.Many2many(related="stage_id.group_ids", string="Stage's Owners")
    code = fields.Char(related="stage_id.code")
    builtin = fields.Boolean(related="stage_id.builtin")
    board_column = fields.Selection(related="stage_id.board_column", readonly=False)
    customer_status = fields.Selection(related="stage_id.customer_status", readonly=False)
    color = fields.Integer(related="stage_id.color")

    _sql_constraints = [
        (
            "company_stage_unique",
            "unique(company_id, stage_id)",
            "A stage appears once in a company's pipeline.",
        )
    ]

    # ----- what the add-ons may forbid (each add-on adds the rules of its own stages) -----

    @api.model
    def _oms_never_disabled(self, company):
        """{stage code: why this company may not disable it}."""
        return {"sale_order": self.env._("orders enter the pipeline at Sale Order")}

    @api.model
    def _oms_order_requirements(self, company):
        """[(earlier code, later code, why)]: positions the law or the add-ons' flows need. Sale Order is
        always first and Customer Feedback always last (see _oms_check_pipeline)."""
        return [
            (
                "partial_dispatch",
                "complete_dispatch",
                self.env._("an order is completely dispatched after its partial dispatches"),
            )
        ]

    # ----- keeping the pipeline whole -----

    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        steps._oms_pipeline_changed()
        return steps

    def write(self, vals):
        if {"board_column", "customer_status"} & set(vals) and self.filtered("builtin"):
            # Those are the shared stage's, every company's: one company's pipeline does not change them.
            raise UserError(
                self.env._(
                    "The board column and customer status of a built-in stage are the same for every company."
                )
            )
        result = super().write(vals)
        # An import rewrites many steps, checking the whole pipeline once at its end.
        if not self.env.context.get("oms_pipeline_deferred_check"):
            self._oms_pipeline_changed()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_builtin(self):
        if self.filtered("builtin"):
            raise ValidationError(
                self.env._("A built-in stage stays in every company's pipeline; disable it instead.")
            )

    def _oms_pipeline_changed(self):
        self.env.registry.clear_cache()  # the engine caches each company's pipeline
        for company in self.company_id:
            self._oms_check_pipeline(company)
            self.env["oms.transition.rule"]._oms_sync_default_rules(company)

    @api.model
    def _oms_check_pipeline(self, company):
        """Refuse a pipeline the add-ons cannot run or the law forbids; the whole change rolls back."""
        steps = self.search([("company_id", "=", company.id)])
        problems = []
        never_disabled = self._oms_never_disabled(company)
        for step in steps.filtered(lambda record: not record.enabled and record.code in never_disabled):
            problems.append(
                self.env._(
                    "%(stage)s cannot be disabled for %(company)s: %(why)s.",
                    stage=step.stage_id.name,
                    company=company.name,
                    why=never_disabled[step.code],
                )
            )
        codes = steps.mapped("code")
        if codes and codes[0] != "sale_order":
            problems.append(self.env._("Sale Order must come first: orders enter the pipeline there."))
        if "customer_feedback" in codes and codes[-1] != "customer_feedback":
            problems.append(self.env._("Customer Feedback must come last: it closes the order."))
        position = {code: index for index, code in enumerate(codes)}
        by_code = {step.code: step for step in steps}
        for earlier, later, why in self._oms_order_requirements(company):
            if earlier in position and later in position and position[earlier] > position[later]:
                problems.append(
                    self.env._(
                        "%(earlier)s must come before %(later)s: %(why)s.",
                        earlier=by_code[earlier].stage_id.name,
                        later=by_code[later].stage_id.name,
                        why=why,
                    )
                )
        if problems:
            raise ValidationError("\n".join(problems))

    @api.model
    def _oms_install_pipeline(self, companies=None):
        """Give each company every shared stage it lacks (at the stage's default position) and its default
        rules; idempotent, so install, upgrade and a new company all call it."""
        companies = companies or self.env["res.company"].search([])
        shared = self.env["oms.stage"].search([("company_id", "=", False)])
        for company in companies:
            present = self.search([("company_id", "=", company.id)]).stage_id
            missing = shared - present
            if missing:
                self.create(
                    [
                        {"company_id": company.id, "stage_id": stage.id, "sequence": stage.sequence}
                        for stage in missing
                    ]
                )
            else:
                self.env["oms.transition.rule"]._oms_sync_default_rules(company)

    @api.model
    def _oms_add_custom_stages(self, stages):
        """A company's new stage joins its pipeline just before Customer Feedback (drag it elsewhere)."""
        for stage in stages:
            steps = self.search([("company_id", "=", stage.company_id.id)])
            feedback = steps.filtered(lambda step: step.code == "customer_feedback")
            sequence = (feedback.sequence - 1) if feedback else (max(steps.mapped("sequence") or [0]) + 1)
            self.create({"company_id": stage.company_id.id, "stage_id": stage.id, "sequence": sequence})

    @api.model
    def _oms_demo_configure_trader(self, company_id, stage_id):
        """Demo data only: what a consultant does for a trader in the Pipeline screen: switch the
        production stages off and drag the company's own stage right after Sale Order."""
        steps = self.search([("company_id", "=", company_id)])
        steps.filtered(
            lambda step: step.code in ("factory_order", "assembly_plan", "finished_products")
        ).write({"enabled": False})
        first = steps.filtered(lambda step: step.code == "sale_order")
        steps.filtered(lambda step: step.stage_id.id == stage_id).sequence = first.sequence + 1
