"""Factory Order stage (seed 002): which lines are manufactured, produced quantities from Odoo's own
sale↔manufacturing link, the produced threshold, and cancelled manufacturing orders."""

from odoo import api, fields, models
from odoo.tools import float_compare

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_PRODUCTION


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_mo_cancelled = fields.Boolean(string="Manufacturing Order Cancelled", readonly=True, copy=False)

    @api.model
    def _oms_protected_fields(self):
        return super()._oms_protected_fields() | {"oms_mo_cancelled"}

    def _oms_production_domain(self):
        """The order's manufacturing orders that are not cancelled: the same link as sale_mrp's
        ``mrp_production_ids`` (productions of the order's lines, of its procurement groups, and those
        sharing a group with a production its moves created), as one domain instead of the five reads of
        that computed field, because every stage move of a manufacturer runs this check."""
        return [
            ("state", "!=", "cancel"),
            "|",
            "|",
            ("sale_line_id.order_id", "=", self.id),
            ("procurement_group_id.sale_id", "=", self.id),
            ("procurement_group_id.mrp_production_ids.move_dest_ids.group_id.sale_id", "=", self.id),
        ]

    def _oms_productions(self):
        """The order's manufacturing orders that are not cancelled (see _oms_production_domain)."""
        self.ensure_one()
        if not isinstance(self.id, int):  # an unsaved order (onchange) has no manufacturing orders yet
            return self.env["mrp.production"]
        # The manufacturing link is restricted to manufacturing users; every role must see the facts.
        return self.env["mrp.production"].sudo().search(self._oms_production_domain())

    def _oms_documents_to_review(self):
        # Manufacturing orders of a cancelled order are flagged for production to review, not cancelled.
        return [*super()._oms_documents_to_review(), *self._oms_productions()]

    def _oms_manufactured_lines(self, goods_lines=None):
        """Goods lines whose product has a bill of materials and the Manufacture route, or that already
        have a manufacturing order. ``goods_lines``: the order's goods lines when the caller has them."""
        self.ensure_one()
        lines = self._oms_goods_lines() if goods_lines is None else goods_lines
        return self._oms_manufactured_among(lines, self._oms_goods_facts(lines))

    def _oms_manufactured_among(self, lines, facts):
        """The manufactured lines among ``lines``, given the order's goods facts (see _oms_goods_facts)."""
        if not lines:
            return lines
        # Odoo's _bom_find (which reads every product and template first) runs only when the facts say a
        # bill of materials may apply: most orders (all of a trader's) have none.
        boms = (
            # sudo: bills of materials belong to manufacturing; every role's checks need to know them.
            self.env["mrp.bom"]
            .sudo()
            ._bom_find(lines.product_id.sudo(), company_id=self.company_id.id, bom_type="normal")
            if facts.may_have_bom
            else {}
        )
        # The Manufacture route is read only when some product has a bill of materials.
        route = boms and (
            self.warehouse_id.manufacture_pull_id.route_id
            | self.env.ref("mrp.route_warehouse0_manufacture", raise_if_not_found=False)
        )
        made = facts.productions.product_id
        return lines.filtered(
            lambda line: (
                (
                    boms.get(line.product_id)
                    and (line.product_id.route_ids | line.product_id.categ_id.total_route_ids) & route
                )
                or line.product_id in made
            )
        )

    def _oms_order_facts(self):
        facts = super()._oms_order_facts()
        manufactured = bool(self._oms_manufactured_lines())
        return facts.with_stage("factory_order", manufactured).with_stage("assembly_plan", manufactured)

    def _oms_produced_quantity(self, line):
        productions = self._oms_productions().filtered(
            lambda production: production.sale_line_id == line or production.product_id == line.product_id
        )
        return sum(
            production.product_uom_id._compute_quantity(production.qty_produced, line.product_uom)
            for production in productions
        ), bool(productions)

    def _oms_check_production_complete(self):
        failures = []
        threshold = self.company_id.oms_production_threshold / 100.0
        for line in self._oms_manufactured_lines():
            produced, has_orders = self._oms_produced_quantity(line)
            if not has_orders:
                failures.append(
                    self.env._(
                        "Line %(line)s has no manufacturing order: create it first.", line=line._oms_label()
                    )
                )
            elif (
                float_compare(
                    produced, line.product_uom_qty * threshold, precision_rounding=line.product_uom.rounding
                )
                < 0
            ):
                failures.append(
                    self.env._(
                        "Line %(line)s: %(produced)s of %(ordered)s produced; %(threshold)s%% must be produced "
                        "before leaving Factory Order.",
                        line=line._oms_label(),
                        produced=produced,
                        ordered=line.product_uom_qty,
                        threshold=self.company_id.oms_production_threshold,
                    )
                )
        return failures

    def _oms_flag_cancelled_production(self, productions):
        for order in self:
            order._oms_write_protected({"oms_mo_cancelled": True})
            order._oms_schedule_team_activity(
                GROUP_PRODUCTION,
                self.env._("Manufacturing order cancelled for %(order)s", order=order.name),
                self.env._("Cancelled: %(orders)s.", orders=", ".join(productions.mapped("name"))),
            )

    # Only a dependency more: the board card changes when a manufacturing order is cancelled.
    @api.depends("oms_mo_cancelled")
    def _compute_oms_blocking_reason(self):
        return super()._compute_oms_blocking_reason()

    def _oms_situations(self):
        situations = super()._oms_situations()
        for order in self.filtered("oms_mo_cancelled"):
            situations[order.id].append(
                ("production_complete", GROUP_PRODUCTION, self.env._("Manufacturing order cancelled"))
            )
        return situations
