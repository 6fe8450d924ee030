"""A distribution run: the draft orders of a distribution list, made in one go, and what was refused.

The orders are created by one ``sale.order.create`` call as the user who runs it (access rights and record
rules hold), so Odoo fills in each customer's price list, payment terms, fiscal position and salesperson as
it does for an order entered by hand. Should that call fail for a reason the checks did not foresee, each
customer is retried on its own savepoint and the one that fails is refused with Odoo's own words.
"""

import logging

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..oms_pipeline.distribution import ListLine, Party, plan_run

_logger = logging.getLogger(__name__)


class OmsDistributionRun(models.Model):
    _name = "oms.distribution.run"
    _description = "Distribution Run"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default=lambda self: self.env._("New"))
    list_id = fields.Many2one(
        "oms.distribution.list", string="Distribution List", required=True, check_company=True, index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True, readonly=True
    )
    order_date = fields.Datetime(required=True, default=fields.Datetime.now)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")], default="draft", readonly=True, tracking=True
    )
    order_ids = fields.One2many("sale.order", "oms_distribution_run_id", string="Orders", readonly=True)
    result_ids = fields.One2many("oms.distribution.run.result", "run_id", string="Results", readonly=True)
    order_count = fields.Integer(compute="_compute_counts", string="Orders Made")
    refused_count = fields.Integer(compute="_compute_counts", string="Customers Refused")

    @api.depends("result_ids.state")
    def _compute_counts(self):
        for run in self:
            run.order_count = len(run.result_ids.filtered(lambda result: result.state == "made"))
            run.refused_count = len(run.result_ids) - run.order_count

    @api.onchange("list_id")
    def _onchange_list_id(self):
        if self.list_id:
            self.company_id = self.list_id.company_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("list_id") and not vals.get("company_id"):
                vals["company_id"] = self.env["oms.distribution.list"].browse(vals["list_id"]).company_id.id
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("oms.distribution.run") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if self.filtered(lambda run: run.state == "done") and set(vals) & {
            "list_id",
            "order_date",
            "company_id",
        }:
            raise UserError(self.env._("A run that has made its orders cannot change; start a new run."))
        return super().write(vals)

    # ----- the run -----

    def _plan(self):
        lines = self.list_id.line_ids
        customers = {
            partner.id: Party(partner.id, partner.display_name, partner.active, partner.company_id.id or None)
            for partner in lines.partner_id.with_context(active_test=False)
        }
        products = {
            product.id: Party(
                product.id,
                product.display_name,
                product.active and product.product_tmpl_id.active,
                product.company_id.id or None,
                product.sale_ok,
            )
            for product in lines.product_id.with_context(active_test=False)
        }
        list_lines = [ListLine(line.partner_id.id, line.product_id.id, line.quantity) for line in lines]
        return plan_run(list_lines, customers, products, self.company_id.id)

    def _order_values(self, plan):
        return {
            "partner_id": plan.customer_id,
            "company_id": self.company_id.id,
            "date_order": self.order_date,
            "origin": self.name,
            "order_line": [
                Command.create({"product_id": product_id, "product_uom_qty": quantity})
                for product_id, quantity in plan.lines
            ],
        }

    def _create_orders(self, plans):
        """{customer id: order or error text}: one create for all, or one savepoint each when that fails."""
        made = self._create_orders_unlinked(plans)
        orders = self.env["sale.order"].union(
            *(order for order in made.values() if not isinstance(order, str))
        )
        # The link to the run is a protected field: written by the run only (superuser, see _oms_protected_fields).
        orders._oms_write_protected({"oms_distribution_run_id": self.id})
        return made

    def _create_orders_unlinked(self, plans):
        Order = self.env["sale.order"].with_company(self.company_id)
        try:
            with self.env.cr.savepoint():
                orders = Order.create([self._order_values(plan) for plan in plans])
        except (UserError, ValidationError) as error:
            _logger.info(
                "%s: the orders were refused together (%s); made one customer at a time", self.name, error
            )
        else:
            return dict(zip([plan.customer_id for plan in plans], orders, strict=True))
        made = {}
        for plan in plans:
            try:
                with self.env.cr.savepoint():
                    made[plan.customer_id] = Order.create(self._order_values(plan))
            except (UserError, ValidationError) as error:
                made[plan.customer_id] = str(error.args[0] if error.args else error)
        return made

    def action_run(self):
        """Make the draft orders; record per customer the order made or the reasons it was refused."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("%(run)s has already made its orders.", run=self.name))
        if not self.list_id.line_ids:
            raise UserError(self.env._("%(list)s has no lines.", list=self.list_id.name))
        self.env["sale.order"].check_access("create")
        plans = self._plan()
        made = self._create_orders([plan for plan in plans if not plan.refused])
        results = []
        for plan in plans:
            outcome = made.get(plan.customer_id)
            if plan.refused or isinstance(outcome, str):
                reasons = [self._oms_translate(message) for message in plan.refusals] or [outcome]
                results.append(
                    {"partner_id": plan.customer_id, "state": "refused", "reason": "\n".join(reasons)}
                )
            else:
                results.append({"partner_id": plan.customer_id, "state": "made", "order_id": outcome.id})
        self.write({"state": "done", "result_ids": [Command.create(values) for values in results]})
        self.message_post(
            body=self.env._(
                "%(made)s draft order(s) made, %(refused)s customer(s) refused, by %(user)s.",
                made=self.order_count,
                refused=self.refused_count,
                user=self.env.user.name,
            )
        )
        return True

    def _oms_translate(self, message):
        return self.env._(message.template, **message.params)  # pylint: disable=translation-required

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_quotations_with_onboarding")
        action["domain"] = [("oms_distribution_run_id", "=", self.id)]
        action["context"] = {"create": False}
        return action


class OmsDistributionRunResult(models.Model):
    _name = "oms.distribution.run.result"
    _description = "Distribution Run Result"
    _order = "run_id, state desc, id"

    run_id = fields.Many2one("oms.distribution.run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    state = fields.Selection([("made", "Order Made"), ("refused", "Refused")], required=True)
    order_id = fields.Many2one("sale.order")
    amount_total = fields.Monetary(related="order_id.amount_total")
    currency_id = fields.Many2one(related="order_id.currency_id")
    reason = fields.Text()


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_distribution_run_id = fields.Many2one(
        "oms.distribution.run",
        string="Distribution Run",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="sales_team.group_sale_salesman",
    )

    @api.model
    def _oms_protected_fields(self):
        # Set by the run that made the order, never by a form or an RPC call.
        return super()._oms_protected_fields() | {"oms_distribution_run_id"}
