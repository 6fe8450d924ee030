"""Vendor placement and the Purchase Order stage (seed 000 §2.3, seed 002 "Purchase Order").

Rule for "a traded line needs purchase" (Purchase Order applies, in OrderFacts.applicable): a storable goods
line whose product can be bought (a Buy route or a vendor price list) and whose quantity still to deliver
is not covered by what is already reserved for it plus the free quantity (on hand, not reserved) of the
order's warehouse, taken in line order; or a line already linked to a purchase line that is not
cancelled, so the stage keeps applying once goods were bought and reserved.
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import float_compare

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_PROCUREMENT


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_po_cancelled = fields.Boolean(
        string="Vendor PO Cancelled",
        readonly=True,
        copy=False,
        help="A purchase order placed for this order was cancelled: place the goods again or review.",
    )
    oms_purchase_update_date = fields.Datetime(
        string="Last Purchase Update",
        readonly=True,
        copy=False,
        help="Last placement, receipt or cancellation of this order's purchases; the reminder counts from it.",
    )
    oms_purchase_reminded_on = fields.Datetime(string="Purchase Reminder Sent On", readonly=True, copy=False)

    @api.model
    def _oms_protected_fields(self):
        return super()._oms_protected_fields() | {
            "oms_po_cancelled",
            "oms_purchase_update_date",
            "oms_purchase_reminded_on",
        }

    # ----- facts and guards -----

    def _oms_order_facts(self):
        facts = super()._oms_order_facts()
        needs_purchase = any(self._oms_purchase_shortages().values()) or bool(
            self.order_line._oms_purchase_lines()
        )
        return facts.with_stage("purchase_order", needs_purchase)

    def _oms_check_order_header_complete(self):
        failures = super()._oms_check_order_header_complete()
        if not self.warehouse_id:
            failures.append(
                self.env._("Set the dispatch warehouse of order %(order)s first.", order=self.name)
            )
        return failures

    def _oms_buyable(self, product):
        buy_routes = self.warehouse_id.buy_pull_id.route_id
        route = self.env.ref("purchase_stock.route_warehouse0_buy", raise_if_not_found=False)
        if route:
            buy_routes |= route
        routes = product.route_ids | product.categ_id.total_route_ids
        return product.purchase_ok and bool(routes & buy_routes or product.seller_ids)

    def _oms_purchase_shortages(self):
        """{sale line: quantity in the product's unit not covered by reservation or free stock}, for the
        storable lines whose product can be bought (see the module docstring)."""
        return {
            line: shortage
            for line, shortage in self._oms_stock_shortages().items()
            if self._oms_buyable(line.product_id)
        }

    def _oms_stock_shortages(self):
        """{sale line: quantity in the product's unit not covered by its reservation or the free stock of
        the order's warehouse}, for the storable lines; free stock is shared out in line order."""
        self.ensure_one()
        lines = self._oms_goods_lines().filtered(lambda line: line.product_id.is_storable)
        if not lines or not self.warehouse_id:
            return {}
        # One read of free quantities for all products, in the order's warehouse only.
        products = lines.product_id.with_context(warehouse_id=self.warehouse_id.id)
        free = {product.id: product.free_qty for product in products}
        shortages = {}
        for line in lines:
            product = line.product_id
            to_deliver = line.product_uom._compute_quantity(
                max(line.product_uom_qty - line.qty_delivered, 0.0), product.uom_id
            )
            reserved = sum(
                move.product_uom._compute_quantity(move.quantity, product.uom_id)
                for move in line.move_ids
                if move.state not in ("done", "cancel") and move.location_dest_id.usage == "customer"
            )
            uncovered = max(to_deliver - reserved, 0.0)
            taken = min(free[product.id], uncovered) if free[product.id] > 0 else 0.0
            free[product.id] -= taken
            shortage = uncovered - taken
            if float_compare(shortage, 0.0, precision_rounding=product.uom_id.rounding) > 0:
                shortages[line] = shortage
        return shortages

    def _oms_check_purchase_receipts_complete(self):
        failures = []
        threshold = self.company_id.oms_receipt_threshold / 100.0
        shortages = self._oms_purchase_shortages()
        for line in self._oms_goods_lines():
            label = line._oms_label()
            if not line._oms_purchase_lines():
                if line in shortages:
                    failures.append(
                        self.env._(
                            "Line %(line)s is not covered by stock and not placed to a vendor: use Place to Vendor.",
                            line=label,
                        )
                    )
                continue
            purchased, received = line.oms_purchased_qty, line.oms_received_qty
            rounding = line.product_uom.rounding
            if float_compare(purchased, 0.0, precision_rounding=rounding) <= 0:
                failures.append(
                    self.env._("Line %(line)s: confirm the request for quotation to the vendor.", line=label)
                )
            elif float_compare(received, purchased * threshold, precision_rounding=rounding) < 0:
                failures.append(
                    self.env._(
                        "Line %(line)s: %(received)s of %(purchased)s received; %(threshold)s%% must be "
                        "received before leaving Purchase Order.",
                        line=label,
                        received=received,
                        purchased=purchased,
                        threshold=self.company_id.oms_receipt_threshold,
                    )
                )
        return failures

    # ----- stage hooks, placement and cancellation -----

    def _oms_after_move(self, previous, stage):
        result = super()._oms_after_move(previous, stage)
        if stage.code == "purchase_order":
            self._oms_touch_purchase()
        return result

    def _oms_touch_purchase(self, cancelled=None):
        values = {"oms_purchase_update_date": fields.Datetime.now()}
        if cancelled is not None:
            values["oms_po_cancelled"] = cancelled
        self._oms_write_protected(values)

    def _oms_flag_cancelled_purchase(self, purchases):
        """A vendor PO of these orders was cancelled. Odoo's sale_purchase already schedules one warning
        activity on the order for the salesperson, naming the cancelled lines; the suite adds what that
        does not say: the badge on the board and the blocking line, and a note to the procurement team,
        who must place the goods again (a note, not a second activity on the same event)."""
        for order in self:
            order._oms_touch_purchase(cancelled=True)
            buyer = order._oms_team_assignee(GROUP_PROCUREMENT)
            order._oms_post_queued(
                body=self.env._(
                    "Vendor PO cancelled: %(purchases)s. Procurement, place the goods again.",
                    purchases=", ".join(purchases.mapped("name")),
                ),
                partner_ids=buyer.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    def _oms_documents_to_review(self):
        # Purchase orders bought for a cancelled order are flagged for review, never cancelled by it: the
        # goods may be resold or the vendor order amended (seed 002). Read as superuser because the person
        # cancelling need not have purchase rights; the review activity goes to the buyer.
        purchases = self.sudo()._get_purchase_orders().filtered(lambda purchase: purchase.state != "cancel")
        return [*super()._oms_documents_to_review(), *purchases]

    def action_oms_view_purchases(self):
        return self.action_view_purchase_orders()

    # ----- reminder -----

    @api.model
    def _cron_oms_purchase_reminders(self):
        """Remind procurement of every order at Purchase Order without an update for the company's delay,
        at most once per delay. One search and one batch of activities per company, whatever the number
        of orders."""
        now = fields.Datetime.now()
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("sale.order")
        for company in self.env["res.company"].search([]):
            stage = self.env["oms.stage"]._by_code("purchase_order", company)
            limit = now - timedelta(days=max(company.oms_vendor_reminder_days, 0))
            orders = self.search(
                [
                    ("company_id", "=", company.id),
                    ("oms_stage_id", "=", stage.id),
                    ("state", "=", "sale"),
                    "|",
                    ("oms_purchase_update_date", "<", limit),
                    "&",
                    ("oms_purchase_update_date", "=", False),
                    ("oms_stage_date", "<", limit),
                    "|",
                    ("oms_purchase_reminded_on", "=", False),
                    ("oms_purchase_reminded_on", "<", limit),
                ]
            )
            if not orders:
                continue
            assignee = company._oms_team_member(GROUP_PROCUREMENT) or self.env.user
            # Quick update: no assignment mail per activity; the reminder shows in the assignee's activities.
            self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": order_id,
                        "activity_type_id": activity_type.id,
                        "user_id": assignee.id,
                        "summary": self.env._("Vendor placement without update"),
                        "note": self.env._(
                            "No purchase update for more than %(days)s days: chase the vendor.",
                            days=company.oms_vendor_reminder_days,
                        ),
                    }
                    for order_id in orders.ids
                ]
            )
            orders._oms_write_protected({"oms_purchase_reminded_on": now})
