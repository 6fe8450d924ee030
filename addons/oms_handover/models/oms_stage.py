import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..oms_pipeline.stages import (
    BOARD_COLUMN_NAMES,
    CANCELLED,
    CUSTOMER_STATUS_NAMES,
    DEFAULT_VIEWS,
    STAGE_CODES,
)

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,40}$")


class OmsStage(models.Model):
    """One stage of the order pipeline.

    The twelve built-in stages (``builtin``) are shared by every company: the engine and the add-ons rely
    on their codes, so they cannot be deleted, only disabled per company where the law allows. A company's
    own stages (``company_id`` set) are added by a consultant. Where a stage sits in a company's pipeline,
    whether it is enabled there and who owns it there is that company's ``oms.pipeline.step``.
    """

    _name = "oms.stage"
    _description = "Order Pipeline Stage"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    code = fields.Char(
        required=True,
        index=True,
        tracking=True,
        help="Technical name the engine and the add-ons use; lower case letters, digits and underscores.",
    )
    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=100, help="Default position; each company orders its own pipeline.")
    color = fields.Integer()
    fold = fields.Boolean(help="Folded in the detailed board by default.")
    description = fields.Text(translate=True, help="What must be true before an order may leave this stage.")
    builtin = fields.Boolean(
        string="Built-in", readonly=True, help="One of the twelve stages the add-ons rely on: never deleted."
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="The company whose own stage this is; empty for the built-in stages every company has.",
    )
    group_ids = fields.Many2many(
        "res.groups",
        string="Owner Groups",
        tracking=True,
        help="Who may move an order into this stage when neither the rule nor the company's pipeline names "
        "groups of its own. Managers always may.",
    )
    board_column = fields.Selection(
        list(BOARD_COLUMN_NAMES.items()), required=True, default="dispatched", tracking=True
    )
    customer_status = fields.Selection(
        list(CUSTOMER_STATUS_NAMES.items()), required=True, default="invoiced", tracking=True
    )
    entry_check_ids = fields.Many2many(
        "oms.check",
        "oms_stage_entry_check_rel",
        "stage_id",
        "check_id",
        string="Entry Checks",
        tracking=True,
        help="Checks every move into this stage must pass, whatever the rule.",
    )
    exit_check_ids = fields.Many2many(
        "oms.check",
        "oms_stage_exit_check_rel",
        "stage_id",
        "check_id",
        string="Exit Checks",
        tracking=True,
        help="Checks every move out of this stage must pass, whatever the rule.",
    )
    order_count = fields.Integer(compute="_compute_order_count")

    _sql_constraints = [
        (
            "code_company_unique",
            "unique(code, company_id)",
            "Each pipeline stage code exists once per company.",
        )
    ]

    @api.depends_context("allowed_company_ids")
    def _compute_order_count(self):
        counts = dict(
            self.env["sale.order"]._read_group(
                [("oms_stage_id", "in", self.ids), ("state", "!=", "cancel")], ["oms_stage_id"], ["__count"]
            )
        )
        for stage in self:
            stage.order_count = counts.get(stage, 0)

    @api.constrains("code", "company_id")
    def _check_code(self):
        for stage in self:
            if not CODE_PATTERN.match(stage.code or ""):
                raise ValidationError(
                    self.env._(
                        "The stage code %(code)s must be 2 to 41 lower-case letters, digits or underscores, "
                        "starting with a letter.",
                        code=stage.code,
                    )
                )
            if not stage.builtin and not stage.company_id:
                raise ValidationError(
                    self.env._(
                        "The stage %(stage)s is a stage of your own: it belongs to a company.",
                        stage=stage.name,
                    )
                )
            if stage.code == CANCELLED or (stage.code in STAGE_CODES and not stage.builtin):
                raise ValidationError(
                    self.env._(
                        "The code %(code)s belongs to a built-in stage; choose another.", code=stage.code
                    )
                )
            # A shared (company-less) code must not be taken again by a company, nor the other way round:
            # the engine finds a company's stage by code among the shared ones and its own. sudo: another
            # company's stage clashes too, though this user cannot see it.
            others = self.sudo().search([("id", "!=", stage.id), ("code", "=", stage.code)])
            if any(
                not other.company_id or not stage.company_id or other.company_id == stage.company_id
                for other in others
            ):
                raise ValidationError(
                    self.env._("A pipeline stage with the code %(code)s already exists.", code=stage.code)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("builtin"):
                vals["company_id"] = False  # the built-in stages are every company's
            views = DEFAULT_VIEWS.get(vals.get("code"))
            if views and vals.get("builtin"):
                vals.setdefault("board_column", views[0])
                vals.setdefault("customer_status", views[1])
        stages = super().create(vals_list)
        # A company's own stage joins that company's pipeline, before Customer Feedback.
        self.env["oms.pipeline.step"]._oms_add_custom_stages(stages.filtered("company_id"))
        self.env.registry.clear_cache()
        return stages

    def write(self, vals):
        for stage in self.filtered("builtin"):
            if (
                vals.get("code", stage.code) != stage.code
                or vals.get("company_id")
                or ("builtin" in vals and not vals["builtin"])
            ):
                raise UserError(self.env._("The code and the company of a built-in stage cannot change."))
        result = super().write(vals)
        # The engine caches each company's pipeline (codes, groups, checks); a change here reshapes it.
        self.env.registry.clear_cache()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_builtin_or_used(self):
        if self.filtered("builtin"):
            raise UserError(
                self.env._(
                    "Built-in stages cannot be deleted; disable them in the company's pipeline instead."
                )
            )
        used = self.env["sale.order"].sudo().search_count([("oms_stage_id", "in", self.ids)], limit=1)
        used = used or self.env["oms.stage.history"].sudo().search_count(
            ["|", ("from_stage_id", "in", self.ids), ("to_stage_id", "in", self.ids)], limit=1
        )
        if used:  # sudo: orders of any team count; deleting would rewrite their history
            raise UserError(self.env._("Orders have been in this stage: disable it instead of deleting it."))

    @api.model
    def _by_code(self, code, company=None):
        """The stage of ``code`` for ``company`` (default: the current one): its own, else the shared one.
        Served from the engine's cached pipeline, so it costs no query."""
        company = company or self.env.company
        stage_id = self.env["sale.order"]._oms_pipeline_config(company.id).stage_ids.get(code)
        return self.browse(stage_id)
