from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import OmsGstCommon


@tagged("post_install", "-at_install")
class TestCommercialInvoice(OmsGstCommon):
    def confirmed(self):
        order = self.make_order(self.customer_mh, quantity=4)
        order.action_confirm()
        return order

    def test_generated_from_order_with_lines_and_terms(self):
        order = self.confirmed()
        order.with_user(self.users["finance"]).action_oms_create_commercial_invoice()
        proforma = order.oms_commercial_invoice_ids
        self.assertEqual(len(proforma), 1)
        self.assertEqual(proforma.state, "draft")
        self.assertEqual(proforma.partner_id, self.customer_mh)
        self.assertEqual(proforma.payment_term_id, order.payment_term_id)
        self.assertEqual(proforma.line_ids.quantity, 4)
        self.assertEqual(proforma.line_ids.hsn_code, "84821010")
        self.assertEqual(proforma.line_ids.tax_ids, self.tax_igst_18)
        self.assertEqual(proforma.amount_total, order.amount_total)
        # A second click opens the same document instead of making another.
        order.with_user(self.users["finance"]).action_oms_create_commercial_invoice()
        self.assertEqual(len(order.oms_commercial_invoice_ids), 1)
        self.assertFalse(self.env["account.move"].search([("invoice_origin", "=", order.name)]))

    def test_states_and_roles(self):
        order = self.confirmed()
        with self.assertRaises(AccessError):
            order.with_user(self.users["sales"]).action_oms_create_commercial_invoice()
        order.action_oms_create_commercial_invoice()
        proforma = order.oms_commercial_invoice_ids
        with self.assertRaises(AccessError):
            proforma.with_user(self.users["sales"]).action_issue()
        self.assertEqual(proforma.state, "draft")
        finance = proforma.with_user(self.users["finance"])
        with self.assertRaises(UserError):
            finance.action_mark_paid()
        finance.action_issue()
        self.assertEqual(proforma.state, "issued")
        self.assertTrue(proforma.name.startswith("PI/"))
        finance.action_mark_paid()
        self.assertEqual(proforma.state, "paid")

    def test_guard_tax_invoice_stage_needs_issued_proforma(self):
        order = self.confirmed()
        self.assertTrue(order._oms_check_commercial_invoice_issued())
        order.action_oms_create_commercial_invoice()
        self.assertTrue(order._oms_check_commercial_invoice_issued())  # draft is not enough
        order.oms_commercial_invoice_ids.action_issue()
        self.assertEqual(order._oms_check_commercial_invoice_issued(), [])

    def test_order_cancel_voids_proforma(self):
        order = self.confirmed()
        order.action_oms_create_commercial_invoice()
        order.with_context(disable_cancel_warning=True)._action_cancel()
        self.assertEqual(order.oms_commercial_invoice_ids.state, "cancelled")

    def test_pdf_renders(self):
        order = self.confirmed()
        order.action_oms_create_commercial_invoice()
        proforma = order.oms_commercial_invoice_ids
        proforma.action_issue()
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "oms_gst_india.report_commercial_invoice", proforma.ids
        )
        html = html.decode()
        self.assertIn(proforma.name, html)
        self.assertIn("84821010", html)
        self.assertIn("Not a tax invoice", html)

    def test_tax_invoice_guard_posted_and_delivered_quantities(self):
        order, invoice = self.invoiced_order(self.customer_mh, quantity=10, delivered=6)
        self.assertEqual(invoice.invoice_line_ids.quantity, 6)  # invoicing policy: delivered quantities
        self.assertTrue(order._oms_check_tax_invoice_posted())
        invoice.action_post()
        # Below the e-invoicing turnover: a plain tax invoice, no IRN needed.
        self.assertFalse(invoice.oms_einvoice_state)
        self.assertEqual(order._oms_check_tax_invoice_posted(), [])
