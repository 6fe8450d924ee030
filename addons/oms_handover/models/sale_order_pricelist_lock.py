"""The price list is read-only once the quotation has been sent to the customer.

The customer was quoted prices from one price list; switching it afterwards would change what the
customer agreed to without a trace. Only Finance may still change it, through *Change Price List*, and
must say why: the reason, the old and the new price list are posted on the order's timeline and the line
prices are recomputed from the new list. A draft quotation stays free to edit. Odoo itself refuses a new
price list on a confirmed order and no longer recomputes it from the customer once the quotation has left
draft; this rule closes the sent quotation, in the form and over RPC.
"""

from odoo import models
from odoo.exceptions import AccessError, UserError

from ..oms_pipeline.roles import GROUP_FINANCE


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def write(self, vals):
        # Superuser writes come from trusted server code only (a client can never obtain that
        # environment): Finance's change below, and Odoo's own portal and payment flows.
        if "pricelist_id" in vals and not self.env.su:
            changed = self.filtered(
                lambda order: order.state == "sent" and order.pricelist_id.id != vals["pricelist_id"]
            )
            if changed:
                raise UserError(
                    self.env._(
                        "%(order)s was sent to the customer with the price list %(pricelist)s: it is read-only"
                        " now. Finance may change it with a reason (Change Price List).",
                        order=changed[0].name,
                        pricelist=changed[0].pricelist_id.display_name,
                    )
                )
        return super().write(vals)

    def _oms_change_pricelist(self, pricelist, reason):
        """Finance's change of a sent quotation's price list: checked, recorded and repriced."""
        self.ensure_one()
        if not self.env.user.has_group(GROUP_FINANCE):
            raise AccessError(self.env._("Only Finance may change the price list of a sent quotation."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the price list changes: the reason is kept on the order."))
        if self.state != "sent":
            raise UserError(
                self.env._(
                    "%(order)s is not a sent quotation: its price list cannot change here.", order=self.name
                )
            )
        if pricelist == self.pricelist_id:
            raise UserError(
                self.env._(
                    "%(order)s already uses %(pricelist)s.", order=self.name, pricelist=pricelist.display_name
                )
            )
        old = self.pricelist_id
        # sudo: the lock above refuses every client write; role and reason were checked here.
        self.sudo().write({"pricelist_id": pricelist.id})
        self.sudo()._recompute_prices()
        self.message_post(
            body=self.env._(
                "Price list changed from %(old)s to %(new)s by %(user)s. Reason: %(reason)s",
                old=old.display_name or "-",
                new=pricelist.display_name,
                user=self.env.user.name,
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True
