"""Cash and carry: the orders of a type invoiced on confirmation and paid at the counter (the Metro type).

- Confirming the order makes its documents at once: its goods are reserved and planned as one tranche (the
  whole order), and its tax invoice for exactly those quantities is posted, which queues its IRN where
  e-invoicing applies. Goods not in stock refuse the confirmation: a counter sells what it has.
- An order that waits on an approval (credit, the approval matrix) gets its documents when the approval is
  granted, or by Make Counter Documents.
- The cashier (Finance) takes the payment with Paid at Counter, in the type's counter journal.
- The goods leave through Dispatch Now, like any tranche, with every check (IRN, e-way bill above the
  threshold), and one more: the invoice must be paid. Cash and carry gives no credit.
"""

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.oms_handover.oms_pipeline.roles import GROUP_DISPATCH, GROUP_FINANCE, GROUP_SALES

COUNTER = "counter"
PAID_STATES = ("paid", "in_payment")


class SaleOrder(models.Model):
    _inherit = "sale.order"

    oms_counter_invoice_id = fields.Many2one(
        "account.move",
        string="Counter Invoice",
        readonly=True,
        copy=False,
        help="Cash and carry: the tax invoice made when the order was confirmed, paid at the counter.",
    )
    oms_counter_paid = fields.Boolean(string="Paid at Counter", compute="_compute_oms_counter_paid")

    def _compute_oms_counter_paid(self):
        # sudo: whether the counter was paid is a fact of the order every role sees; the invoice is Finance's.
        for order in self:
            order.oms_counter_paid = order.sudo().oms_counter_invoice_id.payment_state in PAID_STATES

    def _oms_is_counter_sale(self):
        self.ensure_one()
        return self.type_id.oms_invoicing == COUNTER

    def _oms_invoiced_on_confirmation(self):
        """Orders whose documents the confirmation makes: cash and carry, and the consignment orders of a
        consignee's sales report (sale_order_consignment.py)."""
        self.ensure_one()
        return self._oms_is_counter_sale()

    def action_confirm(self):
        result = super().action_confirm()
        for order in self.filtered(
            lambda order: order._oms_invoiced_on_confirmation() and not order.oms_counter_invoice_id
        ):
            if order._oms_awaiting_approval():
                order.message_post(
                    body=self.env._(
                        "The invoice and the delivery of this order are made once the approval is granted."
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            else:
                order._oms_make_counter_documents()
        return result

    def _oms_hold_changed(self, was_held):
        result = super()._oms_hold_changed(was_held)
        if not was_held:
            return result  # the order went on hold: its documents wait for the approval
        for order in self.filtered(
            lambda order: (
                order._oms_invoiced_on_confirmation()
                and order.state == "sale"
                and not order._oms_awaiting_approval()
                and not order.oms_counter_invoice_id
            )
        ):
            try:
                with self.env.cr.savepoint():
                    order._oms_make_counter_documents()
            except UserError as error:
                # The approval stands; the counter is told why its documents are not made yet.
                order.message_post(body=error.args[0], subtype_xmlid="mail.mt_note")
        return result

    def action_oms_counter_documents(self):
        """Make Counter Documents: for a cash-and-carry order whose documents were not made on confirmation
        (it waited on an approval, or its goods came in later)."""
        self.ensure_one()
        if not any(self.env.user.has_group(group) for group in (GROUP_SALES, GROUP_DISPATCH, GROUP_FINANCE)):
            raise AccessError(
                self.env._("Only the counter's staff may make the documents of %(order)s.", order=self.name)
            )
        if not self._oms_invoiced_on_confirmation() or self.state != "sale":
            raise UserError(
                self.env._(
                    "Order %(order)s is not a confirmed order invoiced on confirmation.", order=self.name
                )
            )
        if self.oms_counter_invoice_id:
            raise UserError(self.env._("Order %(order)s has its counter documents already.", order=self.name))
        if self._oms_awaiting_approval():
            raise UserError(self.env._("Order %(order)s waits on an approval.", order=self.name))
        self._oms_make_counter_documents()
        return True

    def _oms_make_counter_documents(self):
        """Reserve, plan the whole order as one tranche and post its tax invoice: a counter sale is
        confirmed, invoiced and handed over in one visit, as its type says. The documents are the system's
        (sudo): the user confirming at the counter is not Dispatch nor Finance, and each document is made by
        the same checked code as theirs (the stock check, the tranche's quantities, the invoice's HSN and
        GST checks)."""
        self.ensure_one()
        order = self.sudo()
        order._oms_open_deliveries().action_assign()
        quantities = {line: line.product_uom_qty - line.qty_delivered for line in order._oms_goods_lines()}
        picking = order._oms_pick_tranche(quantities)
        invoice = order._oms_create_invoice_for(quantities)
        picking.oms_tranche_invoice_id = invoice
        invoice.invoice_date = fields.Date.context_today(order)
        invoice.action_post()
        order.oms_counter_invoice_id = invoice
        order.message_post(body=order._oms_confirmation_documents_note(picking, invoice))

    def _oms_confirmation_documents_note(self, picking, invoice):
        return self.env._(
            "Cash and carry: delivery %(picking)s planned for the whole order and invoice %(invoice)s posted; "
            "the goods leave once it is paid at the counter.",
            picking=picking._get_html_link(),
            invoice=invoice._get_html_link(),
        )

    def action_oms_counter_payment(self):
        """Paid at Counter (the cashier, Finance): register the payment of the counter invoice in full, in the
        type's counter journal (else the company's first cash journal)."""
        self.ensure_one()
        if not self.env.user.has_group(GROUP_FINANCE):
            raise AccessError(
                self.env._("Only Finance (the cashier) may take payment for %(order)s.", order=self.name)
            )
        invoice = self.oms_counter_invoice_id
        if not invoice:
            raise UserError(self.env._("Order %(order)s has no counter invoice yet.", order=self.name))
        if invoice.payment_state in PAID_STATES:
            raise UserError(self.env._("Invoice %(invoice)s is paid already.", invoice=invoice.name))
        journal = self.type_id.with_company(self.company_id).oms_counter_journal_id or self.env[
            "account.journal"
        ].search(
            [*self.env["account.journal"]._check_company_domain(self.company_id), ("type", "=", "cash")],
            limit=1,
        )
        if not journal:
            raise UserError(
                self.env._("Set the counter journal of order type %(type)s first.", type=self.type_id.name)
            )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {"journal_id": journal.id, "payment_date": fields.Date.context_today(self)}
        )._create_payments()
        self.message_post(
            body=self.env._(
                "Paid at the counter: %(amount)s in %(journal)s for invoice %(invoice)s.",
                amount=invoice.currency_id.format(invoice.amount_total),
                journal=journal.name,
                invoice=invoice._get_html_link(),
            )
        )
        return True

    def _oms_tranche_document_failures(self, picking, quantities):
        failures = super()._oms_tranche_document_failures(picking, quantities)
        if self._oms_is_counter_sale() and not self.oms_counter_paid:
            failures.append(
                self.env._(
                    "Order %(order)s is cash and carry: its invoice is paid at the counter before the goods leave.",
                    order=self.name,
                )
            )
        return failures
