from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..oms_pipeline.transitions import GUARDS_ON_LEAVING, default_rules


class OmsTransitionRule(models.Model):
    """An allowed move between two stages. Any move without an active rule is refused.

    A rule of a company applies to that company's orders instead of the shared rule (company empty)
    for the same pair of stages, so each company can have its own gates.
    """

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
    guard_names = fields.Char(
        string="Checks",
        help="Comma-separated checks that must pass, e.g. order_header_complete, credit_approved. "
        "Each is a method _check_oms_<name> on the sale order.",
    )
    company_id = fields.Many2one("res.company", help="Empty: applies to every company without its own rule.")
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

    def _guard_list(self):
        self.ensure_one()
        return tuple(name.strip() for name in (self.guard_names or "").split(",") if name.strip())

    @api.constrains("guard_names")
    def _check_guard_names_exist(self):
        orders = self.env["sale.order"]
        for rule in self:
            unknown = [name for name in rule._guard_list() if not hasattr(orders, f"_check_oms_{name}")]
            if unknown:
                raise ValidationError(
                    self.env._(
                        "Unknown check(s) on rule %(rule)s: %(names)s",
                        rule=rule.display_name,
                        names=", ".join(unknown),
                    )
                )

    @api.model
    def _install_default_rules(self):
        """Create the default rules once, each with its own xmlid, so an upgrade neither duplicates them nor
        overwrites a manager's edits (archive a rule to disable it: a deleted one comes back on upgrade)."""
        stages = {stage.code: stage for stage in self.env["oms.stage"].search([])}
        data = self.env["ir.model.data"]
        for rule in default_rules():
            name = f"rule_{rule.from_code}_to_{rule.to_code}"
            if data._xmlid_to_res_id(f"oms_handover.{name}", raise_if_not_found=False):
                continue
            if not self.with_context(active_test=False).search_count(
                [
                    ("from_stage_id", "=", stages[rule.from_code].id),
                    ("to_stage_id", "=", stages[rule.to_code].id),
                    ("company_id", "=", False),
                ]
            ):
                record = self.create(
                    {
                        "from_stage_id": stages[rule.from_code].id,
                        "to_stage_id": stages[rule.to_code].id,
                        "guard_names": ", ".join(GUARDS_ON_LEAVING[rule.from_code]),
                    }
                )
                data._update_xmlids([{"xml_id": f"oms_handover.{name}", "record": record, "noupdate": True}])
