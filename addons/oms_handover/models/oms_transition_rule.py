from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from ..oms_pipeline.transitions import default_pairs


class OmsTransitionRule(models.Model):
    """An allowed move between two stages of one company's pipeline. Any move without an active rule of
    the order's company is refused; companies never share rules, so each has its own gates."""

    _name = "oms.transition.rule"
    _description = "Order Pipeline Transition Rule"
    _order = "from_sequence, to_sequence, company_id, id"

    from_stage_id = fields.Many2one("oms.stage", required=True, ondelete="cascade", index=True)
    to_stage_id = fields.Many2one("oms.stage", required=True, ondelete="cascade")
    from_sequence = fields.Integer(related="from_stage_id.sequence", store=True, string="From Sequence")
    to_sequence = fields.Integer(related="to_stage_id.sequence", store=True, string="To Sequence")
    group_ids = fields.Many2many(
        "res.groups",
        string="Allowed Groups",
        help="Who may make this move. Empty: the owner groups of the target stage. Managers always may.",
    )
    check_ids = fields.Many2many(
        "oms.check",
        string="Checks",
        help="Checks that must pass for this move, chosen from the registry the add-ons fill.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    is_default = fields.Boolean(
        string="From the Pipeline",
        readonly=True,
        help="Derived from the company's pipeline: created when a stage order needs it, archived when a "
        "reorder makes it a wrong way. Rules a consultant adds are never touched.",
    )
    pipeline_archived = fields.Boolean(readonly=True, help="Archived by a change of the company's pipeline.")
    active = fields.Boolean(default=True)
    note = fields.Char()

    _sql_constraints = [
        (
            "pair_company_unique",
            "unique(from_stage_id, to_stage_id, company_id)",
            "There is already a rule for this move and company; edit it instead.",
        )
    ]

    @api.depends("from_stage_id", "to_stage_id")
    def _compute_display_name(self):
        for rule in self:
            rule.display_name = f"{rule.from_stage_id.name} → {rule.to_stage_id.name}"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # the engine caches the compiled rules per company
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    def _check_codes(self):
        self.ensure_one()
        return tuple(self.check_ids.mapped("code"))

    @api.constrains("from_stage_id", "to_stage_id", "company_id")
    def _check_stages_of_company(self):
        for rule in self:
            for stage in rule.from_stage_id | rule.to_stage_id:
                if stage.company_id and stage.company_id != rule.company_id:
                    raise ValidationError(
                        self.env._(
                            "The stage %(stage)s belongs to %(company)s; a rule of another company cannot "
                            "use it.",
                            stage=stage.name,
                            company=stage.company_id.name,
                        )
                    )

    @api.model
    def _oms_sync_default_rules(self, company):
        """Make the company's rules follow its pipeline: create each default move it lacks (owner group
        of the target, checks of the stage left), archive the default rules a reorder turned into a wrong
        way, and bring back those it made right again. Rules a consultant made are left alone."""
        config = self.env["sale.order"]._oms_pipeline_config(company.id)
        pairs = default_pairs(config.pipeline)
        rules = self.with_context(active_test=False).search([("company_id", "=", company.id)])
        by_pair = {(rule.from_stage_id.code, rule.to_stage_id.code): rule for rule in rules}
        to_create = []
        for from_code, to_code in pairs:
            rule = by_pair.get((from_code, to_code))
            if rule is None:
                checks = self.env["oms.check"].search([("leave_stage_ids", "=", config.stage_ids[from_code])])
                to_create.append(
                    {
                        "company_id": company.id,
                        "from_stage_id": config.stage_ids[from_code],
                        "to_stage_id": config.stage_ids[to_code],
                        "check_ids": [Command.set(checks.ids)],
                        "is_default": True,
                    }
                )
            elif rule.pipeline_archived and not rule.active:
                rule.write({"active": True, "pipeline_archived": False})
        stale = rules.filtered(
            lambda rule: (
                rule.is_default
                and rule.active
                and (rule.from_stage_id.code, rule.to_stage_id.code) not in pairs
            )
        )
        stale.write({"active": False, "pipeline_archived": True})
        if to_create:
            self.create(to_create)
