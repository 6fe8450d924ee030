from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

# A check named ``code`` runs the sale.order method ``_oms_check_<code>``, which returns a list of failure
# messages (empty: passed). The prefix differs from Odoo's constraint convention (``_check_*``), so a
# constraint method can never be registered or run as a check.
CHECK_METHOD_PREFIX = "_oms_check_"


class OmsCheck(models.Model):
    """The registry of checks rules and stages may require. Each add-on registers its own checks as data
    (an xml id in its module), so a check exists exactly while the add-on that runs it is installed;
    consultants pick checks from this list, never type them."""

    _name = "oms.check"
    _description = "Order Pipeline Check"
    _order = "sequence, name"

    code = fields.Char(required=True, readonly=True, index=True)
    name = fields.Char(string="Label", required=True, translate=True)
    description = fields.Text(translate=True, help="What must be true for the check to pass.")
    sequence = fields.Integer(default=10)
    stage_ids = fields.Many2many(
        "oms.stage", string="Useful At", help="Stages where this check makes sense (a hint for consultants)."
    )
    leave_stage_ids = fields.Many2many(
        "oms.stage",
        "oms_check_leave_stage_rel",
        "check_id",
        "stage_id",
        string="Required to Leave",
        help='Stages whose default rules require this check to leave them (ARCHITECTURE.md, "may be left '
        "when\"); each company's consultant may remove it from its rules.",
    )
    module = fields.Char(
        string="Add-on", compute="_compute_module", help="The add-on that registers and runs it."
    )

    _sql_constraints = [("code_unique", "unique(code)", "Each check code is registered once.")]

    def _compute_module(self):
        data = self.env["ir.model.data"].sudo()  # xml ids are technical data users may not read
        modules = {
            row.res_id: row.module
            for row in data.search([("model", "=", self._name), ("res_id", "in", self.ids)])
        }
        for check in self:
            check.module = modules.get(check.id, False)

    @api.constrains("code")
    def _check_method_exists(self):
        orders = self.env["sale.order"]
        for check in self:
            if not callable(getattr(orders, CHECK_METHOD_PREFIX + check.code, None)):
                raise ValidationError(
                    self.env._(
                        "The check %(code)s has no method %(method)s on sale orders; the add-on registering "
                        "it must define that method.",
                        code=check.code,
                        method=CHECK_METHOD_PREFIX + check.code,
                    )
                )

    @api.model
    def _oms_link_to_default_rules(self, xmlids):
        """At an add-on's install: its checks join the default rules leaving their stages in every company
        (rules made before the add-on was there). Run once, from noupdate data: a consultant's removal of a
        check from a rule stays removed across upgrades."""
        checks = self.browse([self.env.ref(xmlid).id for xmlid in xmlids])
        rules = (
            self.env["oms.transition.rule"]
            .with_context(active_test=False)
            .search([("is_default", "=", True)])
        )
        for check in checks:
            leaving = rules.filtered(lambda rule, check=check: rule.from_stage_id in check.leave_stage_ids)
            leaving.write({"check_ids": [Command.link(check.id)]})

    @api.model
    def _by_codes(self, codes):
        """The registered checks of ``codes`` (unregistered codes are left out)."""
        return self.search([("code", "in", list(codes))]) if codes else self.browse()
