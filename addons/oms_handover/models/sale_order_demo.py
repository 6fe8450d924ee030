"""Demo data only: orders taken through the pipeline the way its teams take them.

Each stage's work is done through the suite's own actions and wizards, as the user of the team that owns
the stage (``_oms_demo_stage_work``, which each add-on extends for the stages it owns), then the order is
moved with Next Stage by the owner of the next stage. A move the pipeline refuses raises: a demo order is
made through the real flow, so its documents agree with its stage, or it is not made at all."""

from odoo import api, models
from odoo.exceptions import UserError

from ..oms_pipeline.applicability import next_applicable_stage

# The demo's user of each team (oms_handover's demo data), who does that team's part of the walk.
DEMO_USERS = {
    "sales": "oms_handover.user_oms_sales",
    "procurement": "oms_handover.user_oms_procurement",
    "production": "oms_handover.user_oms_production",
    "finance": "oms_handover.user_oms_finance",
    "dispatch": "oms_handover.user_oms_dispatch",
}
# More steps than any pipeline has stages: a walk that goes round in circles stops with an error.
MAX_STEPS = 40


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _oms_demo_user(self, team):
        """The demo user of ``team`` (a key of DEMO_USERS)."""
        return self.env.ref(DEMO_USERS[team])

    def _oms_demo_as(self, team):
        """This order as the demo user of ``team`` sees it, in its own company."""
        return self.with_user(self._oms_demo_user(team)).with_company(self.company_id)

    def _oms_demo_confirm(self):
        """Confirm the quotations among these orders, as the administrator who loads the demo (while the
        suite installs, Odoo's bridges such as sale_mrp may not be there yet to give Sales its rights on
        what a confirmation touches). Idempotent, as demo data is loaded again on upgrade."""
        quotations = self.filtered(lambda order: order.state in ("draft", "sent"))
        if quotations:
            quotations.with_user(self.env.ref("base.user_admin")).action_confirm()
        return True

    def _oms_demo_walk(self, target):
        """Take each order to the stage ``target`` (a code) as its teams do (see the module docstring). The
        work of ``target`` itself is not done: the order waits there for its team, as a real one would."""
        for order in self:
            for _step in range(MAX_STEPS):
                if order._oms_current_code() == target:
                    break
                if order._oms_current_code() == "customer_feedback":
                    raise UserError(
                        self.env._(
                            "Demo: order %(order)s cannot reach %(stage)s (it does not apply to it).",
                            order=order.name,
                            stage=target,
                        )
                    )
                order._oms_demo_step()
            else:
                raise UserError(
                    self.env._(
                        "Demo: order %(order)s did not reach %(stage)s.", order=order.name, stage=target
                    )
                )
        return True

    def _oms_demo_step(self):
        """One step of the order's way: Sales confirms a quotation; otherwise the work of the order's stage
        is done and the order moves on (unless that work moved it already, as a dispatch does). Returns the
        code of the stage the order is in afterwards."""
        self.ensure_one()
        if self.state in ("draft", "sent"):
            self._oms_demo_as("sales").action_confirm()
            return self._oms_current_code()
        code = self._oms_current_code()
        if code in (None, "customer_feedback"):
            raise UserError(self.env._("Demo: order %(order)s has no further step.", order=self.name))
        self._oms_demo_stage_work(code)
        if self._oms_current_code() == code:
            self._oms_demo_move_next(self._oms_demo_next_code())
        return self._oms_current_code()

    def _oms_demo_stage_work(self, code):
        """The work of stage ``code`` on this order, done by its team through the suite's actions; each
        add-on calls super first, then does the work of the stages it owns (so the work of a stage is
        done in the order of the add-ons' dependencies: Sales' part of Sale Order before a placement)."""
        self.ensure_one()
        if code == "sale_order" and self.oms_duplicate_order_ids and not self.oms_duplicates_acknowledged:
            # The same products and quantities as an earlier order: Sales checks with the customer.
            self._oms_demo_as("sales").action_oms_acknowledge_duplicates()
        if code == "sale_order" and self.oms_credit_state == "hold":
            # Over its credit limit: Finance looks at the customer's record and sanctions the order.
            self.env["oms.credit.decision.wizard"].with_user(self._oms_demo_user("finance")).with_company(
                self.company_id
            ).create(
                {"order_id": self.id, "note": self.env._("Regular customer, paying within terms.")}
            ).action_sanction()

    def _oms_demo_next_code(self):
        """The next stage that applies to the order."""
        next_code, _skipped = next_applicable_stage(
            self._oms_current_code(), self._oms_applicable_facts(), self._oms_config().pipeline
        )
        return next_code

    def _oms_demo_move_next(self, next_code):
        """Move to ``next_code``, the next stage that applies, as a user of the team that owns it (Move
        to…, which is Next Stage with the stage named). Add-ons whose stages are entered by an action of
        their own, such as a dispatch, override this."""
        self.ensure_one()
        stage = self.env["oms.stage"].browse(self._oms_config().stage_ids.get(next_code))
        team = next(
            (team for team in DEMO_USERS if self._oms_demo_user(team).groups_id & stage.group_ids), "sales"
        )
        self._oms_demo_as(team).action_oms_move(next_code)

    def _oms_demo_record_feedback(self, rating, nps, comment=None):
        """The customer's feedback on a delivered order, as Sales records it from the customer's call (once:
        an order has one feedback)."""
        self.ensure_one()
        existing = self.env["oms.customer.feedback"].search([("order_id", "=", self.id)], limit=1)
        return existing or (
            self.env["oms.customer.feedback"]
            .with_user(self._oms_demo_user("sales"))
            .with_company(self.company_id)
            .create({"order_id": self.id, "rating": rating, "nps": nps, "comment": comment})
        )
