"""Closed Won → pending handover → Sale Order (seed 000 §2.1–2.2, seed 001 steps 2–3, seed 003).

A won opportunity's valid quotation is frozen and handed to operations; operations confirm it (Odoo's
own confirmation, which keeps the quotation's prices), the order enters the pipeline at Sale Order, its
credit is checked and the customer gets an acknowledgement through the mail queue.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..oms_pipeline.roles import (
    GROUP_DISPATCH,
    GROUP_FINANCE,
    GROUP_MANAGER,
    GROUP_PROCUREMENT,
    GROUP_PRODUCTION,
)

OPERATIONS_GROUPS = (
    GROUP_PROCUREMENT,
    GROUP_PRODUCTION,
    GROUP_FINANCE,
    GROUP_DISPATCH,
    GROUP_MANAGER,
)
APPROVER_GROUPS = ("sales_team.group_sale_manager", GROUP_MANAGER)
# What sales may no longer change once a quotation is handed over (lines, prices, customer, terms).
FROZEN_ORDER_FIELDS = {
    "partner_id",
    "partner_invoice_id",
    "partner_shipping_id",
    "pricelist_id",
    "payment_term_id",
    "order_line",
    "validity_date",
    "note",
    "fiscal_position_id",
    "currency_id",
    "oms_special_terms",
}
FROZEN_LINE_FIELDS = {
    "product_id",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "tax_id",
    "name",
    "order_id",
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_special_terms = fields.Boolean(
        string="Special Terms",
        copy=False,
        help="Non-standard terms agreed with the customer: needs approval.",
    )
    oms_needs_approval = fields.Boolean(
        compute="_compute_oms_needs_approval", store=True, precompute=True, string="Needs Approval"
    )
    oms_approved_by_id = fields.Many2one(
        "res.users", string="Approved By", readonly=True, copy=False, groups="base.group_user"
    )
    oms_approved_on = fields.Datetime(string="Approved On", readonly=True, copy=False)
    oms_handover_date = fields.Datetime(string="Handed Over On", readonly=True, copy=False)

    @api.model
    def _oms_protected_fields(self):
        return super()._oms_protected_fields() | {
            "oms_approved_by_id",
            "oms_approved_on",
            "oms_handover_date",
        }

    @api.depends("order_line.discount", "oms_special_terms", "company_id.oms_discount_approval_limit")
    def _compute_oms_needs_approval(self):
        for order in self:
            limit = order.company_id.oms_discount_approval_limit
            order.oms_needs_approval = order.oms_special_terms or any(
                line.discount > limit for line in order.order_line
            )

    def _oms_is_operations(self):
        return any(self.env.user.has_group(group) for group in OPERATIONS_GROUPS)

    # ----- approval -----

    def action_oms_approve(self):
        if not any(self.env.user.has_group(group) for group in APPROVER_GROUPS):
            raise AccessError(self.env._("Only a sales manager may approve a quotation's discount or terms."))
        self._oms_write_protected(
            {"oms_approved_by_id": self.env.uid, "oms_approved_on": fields.Datetime.now()}
        )
        for order in self:
            order.message_post(body=self.env._("Quotation approved by %(user)s.", user=self.env.user.name))
        return True

    # ----- handover -----

    def _oms_handover_refusal(self):
        """Why this quotation cannot be handed over, or an empty string when it can."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        if self.state not in ("draft", "sent"):
            return self.env._("%(order)s is not an open quotation.", order=self.name)
        if self.state != "sent" and not self.signature:
            return self.env._(
                "%(order)s was neither sent to the customer nor signed online.", order=self.name
            )
        if self.validity_date and self.validity_date < today:
            return self.env._("%(order)s expired on %(date)s.", order=self.name, date=self.validity_date)
        if self.oms_needs_approval and not self.oms_approved_by_id:
            return self.env._(
                "%(order)s needs a manager's approval (discount above %(limit)s%% or special terms).",
                order=self.name,
                limit=self.company_id.oms_discount_approval_limit,
            )
        return ""

    def _oms_hand_over(self):
        """Freeze the quotation and put it in the operations board's New Orders column."""
        for order in self:
            order._oms_write_protected(
                {"oms_handover_state": "pending", "oms_handover_date": fields.Datetime.now()}
            )
            self.env["oms.stage.history"].sudo().create(  # audit trail, written by the engine only
                order._oms_history_values(
                    self.env["oms.stage"], None, "handover", self.env._("Closed Won: handed over")
                )
            )
            order.message_post(
                body=self.env._("Deal won: quotation handed over to operations and frozen."),
                subtype_xmlid="mail.mt_note",
            )
            if not order.company_id._oms_notifies("operations_handover"):
                continue
            order._oms_schedule_team_activity(
                GROUP_MANAGER,
                self.env._("New order to process: %(order)s", order=order.name),
                self.env._(
                    "%(customer)s, %(amount)s", customer=order.partner_id.name, amount=order.amount_total
                ),
            )

    # ----- freeze -----

    def _oms_check_not_frozen(self, field_names):
        if self.env.su or self._oms_is_operations():
            return
        frozen = self.filtered(lambda order: order.oms_handover_state == "pending")
        if frozen and field_names:
            raise UserError(
                self.env._(
                    "%(order)s was handed over to operations on %(date)s: its lines, prices, customer and terms "
                    "can no longer be changed by sales. Ask operations.",
                    order=frozen[0].name,
                    date=frozen[0].oms_handover_date,
                )
            )

    def write(self, vals):
        self._oms_check_not_frozen(FROZEN_ORDER_FIELDS & set(vals))
        return super().write(vals)

    # ----- confirmation -----

    def action_confirm(self):
        pending = self.filtered(lambda order: order.oms_handover_state == "pending")
        # Sales may not convert a handed-over quotation: operations do. The customer may, by signing or
        # paying it online: Odoo's portal and payment confirm as superuser (the customer's acceptance is
        # the deal itself), as the freeze lets them write the signature.
        if pending and not (self.env.su or self._oms_is_operations()):
            raise AccessError(
                self.env._("Only operations can convert a handed-over quotation into a sale order.")
            )
        result = super().action_confirm()
        for order in self.filtered(lambda record: record.state == "sale" and not record.oms_stage_id):
            sale_order_stage = self.env["oms.stage"]._by_code("sale_order", order.company_id)
            kind = "handover" if order.oms_handover_state == "pending" else "move"
            if kind == "handover":
                order._oms_write_protected({"oms_handover_state": "done"})
            order._oms_enter_stage(sale_order_stage, note=self.env._("Order confirmed"), kind=kind)
            order._oms_check_credit()
            order._oms_send_acknowledgement()
            # The customer's portal link is made now, in this write: Odoo makes it on first need, and that
            # need is the portal page itself, which would then write where it should only read (a replica
            # serves it) and race the crons updating the order.
            order._portal_ensure_token()
        return result

    def _oms_send_acknowledgement(self):
        template = self.env.ref("oms_handover.mail_template_order_acknowledgement", raise_if_not_found=False)
        if not template:
            return
        for order in self:
            # Confirmed online (signed or paid on the portal), Odoo mails its own order confirmation: the
            # customer gets that one, not a second mail about the same confirmation.
            if self.env.context.get("send_email") and order._get_confirmation_template():
                continue
            order._oms_post_customer_mail(
                template, email_layout_xmlid="mail.mail_notification_layout_with_responsible_signature"
            )


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse(
            {vals.get("order_id") for vals in vals_list if vals.get("order_id")}
        )
        orders._oms_check_not_frozen({"order_line"})
        return super().create(vals_list)

    def write(self, vals):
        self.order_id._oms_check_not_frozen(FROZEN_LINE_FIELDS & set(vals))
        return super().write(vals)

    def unlink(self):
        self.order_id._oms_check_not_frozen({"order_line"})
        return super().unlink()
