"""Possible duplicate orders, and what the salesperson does about them.

The rules live in ``oms_pipeline/duplicates.py``: another open order of the same customer (quotation or
confirmed, not yet fully dispatched) with the same customer PO reference, or with the same products in
similar quantities ordered within the company's window. The order form shows the matches and why; the
order may not leave the Sale Order stage until Sales acknowledges them. While this order is still a
quotation, Sales may instead add its lines to the earlier order (a quotation, or an order still at the
Sale Order stage, so nothing was bought, made or invoiced for it yet) and this quotation is cancelled.
"""

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..oms_pipeline.duplicates import (
    MSG_DUPLICATE_ORDERS,
    MSG_SAME_REFERENCE,
    MSG_SIMILAR_LINES,
    SAME_REFERENCE,
    OrderFacts,
    find_duplicates,
)
from ..oms_pipeline.roles import GROUP_SALES

CLOSED_STAGE_CODES = ("complete_dispatch", "customer_feedback")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_duplicate_order_ids = fields.Many2many(
        "sale.order", compute="_compute_oms_duplicates", string="Possible Duplicates"
    )
    oms_duplicate_warning = fields.Text(compute="_compute_oms_duplicates", string="Duplicate Warning")
    oms_duplicates_acknowledged = fields.Boolean(readonly=True, copy=False)
    oms_duplicates_acknowledged_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    def _oms_duplicate_facts(self):
        return OrderFacts(
            name=self.name,
            po_reference=self.client_order_ref,
            order_date=self.date_order.date() if self.date_order else None,
            lines=tuple(
                (line.product_id.id, line.product_uom_qty)
                for line in self.order_line
                if line.product_id and not line.display_type
            ),
        )

    def _oms_duplicate_matches(self):
        """(matches, the matching orders) among the customer's other open orders in this company."""
        self.ensure_one()
        if not self.partner_id or not self.id:
            return (), self.browse()
        others = self.search(
            [
                ("id", "!=", self.id),
                ("partner_id", "child_of", self.partner_id.commercial_partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("draft", "sent", "sale")),
                # A quotation has no stage yet; a path's negation alone would leave it out.
                "|",
                ("oms_stage_id", "=", False),
                ("oms_stage_id.code", "not in", CLOSED_STAGE_CODES),
            ],
            order="date_order, id",
        )
        company = self.company_id
        matches = find_duplicates(
            self._oms_duplicate_facts(),
            [other._oms_duplicate_facts() for other in others],
            window_days=company.oms_duplicate_window_days,
            tolerance_percent=company.oms_duplicate_tolerance_percent,
        )
        names = {match.name for match in matches}
        return matches, others.filtered(lambda other: other.name in names)

    def _oms_find_duplicate_orders(self):
        return self._oms_duplicate_matches()[1]

    def _oms_duplicate_warning_text(self, matches):
        if not matches:
            return ""
        described = "; ".join(
            self.env._(MSG_SAME_REFERENCE, order=match.name, reference=match.reference)  # pylint: disable=translation-required
            if match.rule == SAME_REFERENCE
            else self.env._(MSG_SIMILAR_LINES, order=match.name)  # pylint: disable=translation-required
            for match in matches
        )
        return self.env._(MSG_DUPLICATE_ORDERS, matches=described)  # pylint: disable=translation-required

    @api.depends(
        "order_line.product_id",
        "order_line.product_uom_qty",
        "partner_id",
        "client_order_ref",
        "date_order",
        "company_id.oms_duplicate_window_days",
        "company_id.oms_duplicate_tolerance_percent",
    )
    def _compute_oms_duplicates(self):
        for order in self:
            matches, orders = order._oms_duplicate_matches()
            order.oms_duplicate_order_ids = orders
            order.oms_duplicate_warning = order._oms_duplicate_warning_text(matches)

    def _oms_check_sales_role(self, action):
        # Part of completing the Sale Order stage, which Sales owns (the manager role includes Sales).
        if not self.env.user.has_group(GROUP_SALES):
            raise AccessError(self.env._("Only Sales may %(action)s.", action=action))

    def action_oms_acknowledge_duplicates(self):
        self._oms_check_sales_role(self.env._("acknowledge possible duplicate orders"))
        for order in self:
            warning = order._oms_duplicate_warning_text(order._oms_duplicate_matches()[0])
            order._oms_write_protected(
                {"oms_duplicates_acknowledged": True, "oms_duplicates_acknowledged_by_id": self.env.uid}
            )
            order.message_post(
                body=self.env._(
                    "Possible duplicates acknowledged by %(user)s: %(warning)s",
                    user=self.env.user.name,
                    warning=warning,
                )
            )
        return True

    # ----- add to the earlier order instead -----

    def _oms_merge_refusal(self, target):
        """Why this quotation's lines cannot go to ``target``, or an empty string when they can."""
        self.ensure_one()
        if self.state not in ("draft", "sent") or self.oms_handover_state == "pending":
            return self.env._(
                "%(order)s is no longer an open quotation: acknowledge the duplicate, or cancel the order with"
                " a reason.",
                order=self.name,
            )
        if target not in self._oms_find_duplicate_orders():
            return self.env._(
                "%(target)s is not a possible duplicate of %(order)s.", target=target.name, order=self.name
            )
        if target.state == "sale" and target.oms_stage_id.code != "sale_order":
            return self.env._(
                "%(target)s is already past the Sale Order stage: goods may be bought, made or invoiced for it."
                " Enter a new order instead.",
                target=target.name,
            )
        if target.oms_handover_state == "pending":
            return self.env._(
                "%(target)s was handed over to operations and is frozen for sales: ask operations.",
                target=target.name,
            )
        if target.currency_id != self.currency_id or target.pricelist_id != self.pricelist_id:
            return self.env._(
                "%(target)s uses another price list: its prices would not be this quotation's.",
                target=target.name,
            )
        return ""

    @api.model
    def _oms_merged_line_values(self, line):
        """A quotation line as a new line of the earlier order, at the quotation's price and taxes."""
        return {
            "product_id": line.product_id.id,
            "name": line.name,
            "product_uom_qty": line.product_uom_qty,
            "product_uom": line.product_uom.id,
            "price_unit": line.price_unit,
            "discount": line.discount,
            "tax_id": [Command.set(line.tax_id.ids)],
        }

    def action_oms_add_to_order(self, target_id):
        """Add this quotation's lines to the earlier order ``target_id`` and cancel this quotation."""
        self.ensure_one()
        self._oms_check_sales_role(self.env._("add a quotation's lines to another order"))
        target = self.browse(target_id).exists()
        refusal = self._oms_merge_refusal(target) if target else self.env._("That order no longer exists.")
        if refusal:
            raise UserError(refusal)
        lines = self.order_line.filtered(lambda line: line.product_id and not line.display_type)
        # sudo: a line added to a confirmed order runs Odoo's procurement (stock rules, bills of materials),
        # which a salesperson may not read; the role and the rules above were checked for this user.
        target.sudo().write(
            {"order_line": [Command.create(self._oms_merged_line_values(line)) for line in lines]}
        )
        self._action_cancel()
        target.message_post(
            body=self.env._(
                "%(count)s line(s) added from %(order)s by %(user)s (a possible duplicate of this order).",
                count=len(lines),
                order=self.name,
                user=self.env.user.name,
            )
        )
        self.message_post(
            body=self.env._(
                "Cancelled by %(user)s: its lines were added to %(target)s instead.",
                user=self.env.user.name,
                target=target.name,
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": target.id,
            "view_mode": "form",
            "target": "current",
        }
