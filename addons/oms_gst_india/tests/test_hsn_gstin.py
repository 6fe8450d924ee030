from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import OmsGstCommon


@tagged("post_install", "-at_install")
class TestHsnAndGstin(OmsGstCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.no_hsn = cls.env["product.product"].create(
            {
                "name": "Hose Clamp",
                "type": "consu",
                "list_price": 50.0,
                "taxes_id": [Command.set(cls.tax_gst_18.ids)],
            }
        )

    # ----- HSN -----

    def test_hsn_guard_names_line_and_product(self):
        order = self.make_order(self.customer_ka)
        order.order_line = [Command.create({"product_id": self.no_hsn.id, "product_uom_qty": 2})]
        failures = order._check_oms_order_header_complete()
        self.assertEqual(len(failures), 1)
        self.assertIn("line 2", failures[0])
        self.assertIn("Hose Clamp", failures[0])
        self.no_hsn.l10n_in_hsn_code = "7326"
        self.assertEqual(order._check_oms_order_header_complete(), [])

    def test_hsn_length_follows_company_setting(self):
        self.company.l10n_in_hsn_code_digit = "6"
        self.no_hsn.l10n_in_hsn_code = "7326"
        order = self.make_order(self.customer_ka, product=self.no_hsn)
        failures = order._check_oms_order_header_complete()
        self.assertTrue(failures and "7326" in failures[0] and "6 to 8 digits" in failures[0], failures)

    def test_untaxed_line_needs_no_hsn(self):
        self.no_hsn.taxes_id = False
        order = self.make_order(self.customer_ka, product=self.no_hsn)
        self.assertEqual(order._check_oms_order_header_complete(), [])

    def test_hsn_guard_blocks_leaving_sale_order(self):
        order = self.make_order(self.customer_ka, product=self.no_hsn)
        order.action_confirm()
        self.assertEqual(order.oms_stage_id.code, "sale_order")
        with self.assertRaisesRegex(UserError, "HSN code missing on line 1"):
            order.action_oms_move_next()
        self.assertEqual(order.oms_stage_id.code, "sale_order")

    def test_hsn_required_before_posting(self):
        invoice = self.init_invoice("out_invoice", partner=self.customer_ka, products=self.no_hsn)
        with self.assertRaisesRegex(UserError, "HSN code missing on line 1 \\(Hose Clamp\\)"):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")
        invoice.invoice_line_ids.l10n_in_hsn_code = "7326"
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    # ----- GSTIN -----

    def test_valid_gstins_accepted(self):
        for vat in ("27AAPFU0939F1ZV", "05AAACG2115R1ZN"):
            partner = self.env["res.partner"].create(
                {"name": "Ok", "vat": vat, "country_id": self.country_in.id}
            )
            self.assertEqual(partner.vat, vat)

    def test_bad_check_character_refused_nothing_saved(self):
        count = self.env["res.partner"].search_count([])
        with self.assertRaises(ValidationError) as caught:  # assertRaises rolls back to a savepoint
            self.env["res.partner"].create(
                {"name": "Typo", "vat": "27AAPFU0939F1ZX", "country_id": self.country_in.id}
            )
        self.assertIn("check character", str(caught.exception))
        with self.assertRaises(ValidationError):
            self.customer_mh.write({"vat": "27AAPFU0939F1ZX", "name": "Renamed"})
        self.env.invalidate_all()
        self.assertEqual(self.env["res.partner"].search_count([]), count)
        self.assertRecordValues(
            self.customer_mh, [{"vat": "27AAPFU0939F1ZV", "name": "Pune Fabricators LLP"}]
        )

    def test_company_gstin_checked(self):
        with self.assertRaises(ValidationError):
            self.company.write({"vat": "29AABCU9603R1ZK"})
        self.assertEqual(self.company.vat, "29AABCU9603R1ZJ")

    def test_sandbox_mode_accepts_nic_test_gstin(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create(
                {"name": "NIC Test", "vat": "02AMBPG7773M002", "country_id": self.country_in.id}
            )
        self.company.oms_gstin_sandbox = True
        partner = self.env["res.partner"].create(
            {"name": "NIC Test", "vat": "02AMBPG7773M002", "country_id": self.country_in.id}
        )
        self.assertEqual(partner.vat, "02AMBPG7773M002")

    def test_foreign_partner_not_checked(self):
        partner = self.env["res.partner"].create(
            {"name": "Foreign", "vat": "123456789", "country_id": self.env.ref("base.us").id}
        )
        self.assertTrue(partner)

    def test_transporter_id_check_character(self):
        transporter = self.env["res.partner"].create(
            {"name": "VRL Logistics", "country_id": self.country_in.id}
        )
        if "oms_transporter_gst_id" not in transporter._fields:
            self.skipTest("oms_dispatch has no transporter ID field yet")
        transporter.oms_transporter_gst_id = "05AAACG2115R1ZN"
        with self.assertRaises(ValidationError):
            transporter.oms_transporter_gst_id = "05AAACG2115R1ZM"
        self.env.invalidate_all()
        self.assertEqual(transporter.oms_transporter_gst_id, "05AAACG2115R1ZN")
