from contextlib import contextmanager

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
        failures = order._oms_check_order_header_complete()
        self.assertEqual(len(failures), 1)
        self.assertIn("line 2", failures[0])
        self.assertIn("Hose Clamp", failures[0])
        self.no_hsn.l10n_in_hsn_code = "7326"
        self.assertEqual(order._oms_check_order_header_complete(), [])

    def test_hsn_length_follows_company_setting(self):
        self.company.l10n_in_hsn_code_digit = "6"
        self.no_hsn.l10n_in_hsn_code = "7326"
        order = self.make_order(self.customer_ka, product=self.no_hsn)
        failures = order._oms_check_order_header_complete()
        self.assertTrue(failures and "7326" in failures[0] and "6 to 8 digits" in failures[0], failures)

    def test_untaxed_line_needs_no_hsn(self):
        self.no_hsn.taxes_id = False
        order = self.make_order(self.customer_ka, product=self.no_hsn)
        self.assertEqual(order._oms_check_order_header_complete(), [])

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

    def test_transporter_id_stored_upper_case(self):
        transporter = self.env["res.partner"].create(
            {
                "name": "VRL Logistics",
                "country_id": self.country_in.id,
                "oms_transporter_gst_id": " 05aaacg2115r1zn ",
            }
        )
        self.assertEqual(transporter.oms_transporter_gst_id, "05AAACG2115R1ZN")


@tagged("post_install", "-at_install")
class TestInputAtEntry(OmsGstCommon):
    """GSTIN, PIN code and HSN are normalised or refused when typed, not only when an invoice is posted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.Template = cls.env["product.template"]
        cls.gb = cls.env.ref("base.uk")
        cls.us = cls.env.ref("base.us")

    @contextmanager
    def _refused(self, pattern):
        # assertRaises (not assertRaisesRegex) rolls back to a savepoint, so that "nothing written" is checked.
        with self.assertRaises(ValidationError) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def _indian(self, **values):
        return self.Partner.create({"name": "Entry Test", "country_id": self.country_in.id, **values})

    # ----- GSTIN -----

    def test_gstin_normalised_on_create_and_write(self):
        table = [
            (" 27aapfu0939f1zv ", "27AAPFU0939F1ZV"),
            ("27aApFu0939F1zV", "27AAPFU0939F1ZV"),
            ("05AAACG2115R1ZN", "05AAACG2115R1ZN"),
            ("27 AAPFU 0939F1ZV", "27AAPFU0939F1ZV"),
        ]
        for typed, stored in table:
            with self.subTest(typed=typed):
                self.assertEqual(self._indian(vat=typed).vat, stored)
                partner = self._indian()
                partner.write({"vat": typed})
                self.assertEqual(partner.vat, stored)

    def test_lower_case_gstin_with_bad_check_character_refused(self):
        with self._refused("check character"):
            self.customer_mh.write({"vat": "27aapfu0939f1zx", "name": "Renamed"})
        self.env.invalidate_all()
        self.assertRecordValues(
            self.customer_mh, [{"vat": "27AAPFU0939F1ZV", "name": "Pune Fabricators LLP"}]
        )

    def test_foreign_vat_not_gstin_shaped_kept_as_typed(self):
        partner = self.Partner.create({"name": "Ohio Tools", "vat": "123456789", "country_id": self.us.id})
        self.assertEqual(partner.vat, "123456789")

    # ----- PIN code -----

    def test_pin_code_good_values_normalised(self):
        table = [
            ("411001", "411001"),
            ("411 001", "411001"),
            (" 560100 ", "560100"),
            ("999999", "999999"),
            ("100000", "100000"),
            ("", False),
            (False, False),
        ]
        for typed, stored in table:
            with self.subTest(typed=typed):
                self.assertEqual(self._indian(zip=typed).zip, stored)
                self.customer_mh.write({"zip": typed})
                self.assertEqual(self.customer_mh.zip, stored)

    def test_pin_code_bad_values_refused_nothing_written(self):
        count = self.Partner.search_count([])
        for value in ("4220", "041100", "4110011", "41100A", "41-1001", "099999", "४११००१"):
            with self.subTest(value=value):
                with self._refused("PIN code .* is not valid"):
                    self._indian(zip=value)
                with self._refused("PIN code"):
                    self.customer_mh.write({"zip": value, "street": "Changed 1"})
                self.env.invalidate_all()
                self.assertRecordValues(
                    self.customer_mh, [{"zip": "411001", "street": "Plot 4, Industrial Area"}]
                )
        self.assertEqual(self.Partner.search_count([]), count)

    def test_pin_code_names_value_and_partner(self):
        with self.assertRaises(ValidationError) as caught:
            self.customer_mh.zip = "4220"
        self.assertIn("4220", str(caught.exception))
        self.assertIn("Pune Fabricators LLP", str(caught.exception))

    def test_pin_code_checked_when_country_becomes_india(self):
        partner = self.Partner.create({"name": "Ohio Tools", "zip": "45660", "country_id": self.us.id})
        with self._refused("PIN code 45660"):
            partner.country_id = self.country_in
        self.env.invalidate_all()
        self.assertEqual(partner.country_id, self.us)
        partner.write({"country_id": self.country_in.id, "zip": "411 045"})
        self.assertEqual(partner.zip, "411045")

    def test_foreign_postal_code_untouched(self):
        london = self.Partner.create({"name": "London Ltd", "zip": "SW1A 1AA", "country_id": self.gb.id})
        self.assertEqual(london.zip, "SW1A 1AA")
        ohio = self.Partner.create({"name": "Ohio Ltd", "zip": "045 660", "country_id": self.us.id})
        self.assertEqual(ohio.zip, "045 660")
        no_country = self.Partner.create({"name": "Somewhere", "zip": "4220"})
        self.assertEqual(no_country.zip, "4220")

    def test_address_without_country_follows_parent(self):
        site = self.Partner.create(
            {"name": "Site Office", "parent_id": self.customer_mh.id, "type": "delivery", "zip": "411 026"}
        )
        self.assertFalse(site.country_id)
        self.assertEqual(site.zip, "411026")
        with self._refused("PIN code 0110 "):
            self.Partner.create(
                {"name": "Bad Site", "parent_id": self.customer_mh.id, "type": "delivery", "zip": "0110"}
            )
        # Its own foreign country wins over the Indian parent's (export delivery address).
        ohio = self.Partner.create(
            {
                "name": "Ohio Site",
                "parent_id": self.customer_mh.id,
                "type": "delivery",
                "country_id": self.us.id,
                "zip": "45660",
            }
        )
        self.assertEqual(ohio.zip, "45660")

    # ----- HSN -----

    def _product(self, **values):
        return self.Template.create({"name": "Entry Bearing", "type": "consu", **values})

    def test_hsn_good_values_normalised(self):
        table = [
            ("8482", "8482"),
            ("848210", "848210"),
            ("84821010", "84821010"),
            ("8482 10", "848210"),
            (" 8482 1010 ", "84821010"),
            ("998732", "998732"),  # a SAC code
            ("", False),
            (False, False),
        ]
        product = self._product()
        for typed, stored in table:
            with self.subTest(typed=typed):
                self.assertEqual(self._product(l10n_in_hsn_code=typed).l10n_in_hsn_code, stored)
                product.write({"l10n_in_hsn_code": typed})
                self.assertEqual(product.l10n_in_hsn_code, stored)

    def test_hsn_bad_values_refused_nothing_written(self):
        product = self._product(l10n_in_hsn_code="84821010")
        count = self.Template.search_count([])
        table = [
            ("12", "has 2 digits"),
            ("848", "has 3 digits"),
            ("84821", "has 5 digits"),
            ("8482101", "has 7 digits"),
            ("848210101", "has 9 digits"),
            ("84A2", "digits only"),
            ("8482.10", "digits only"),
            ("८४८२", "digits only"),  # Devanagari digits: not what the IRP accepts
        ]
        for value, phrase in table:
            with self.subTest(value=value):
                with self._refused(phrase):
                    self._product(l10n_in_hsn_code=value)
                with self.assertRaises(ValidationError) as caught:
                    product.write({"l10n_in_hsn_code": value, "name": "Renamed"})
                self.assertIn(f"HSN/SAC code {value}", str(caught.exception))
                self.assertIn("Renamed", str(caught.exception))  # the product as it would have been
                self.env.invalidate_all()
                self.assertRecordValues(product, [{"l10n_in_hsn_code": "84821010", "name": "Entry Bearing"}])
        self.assertEqual(self.Template.search_count([]), count)

    def test_hsn_refused_through_product_variant(self):
        with self._refused("HSN/SAC code 12 "):
            self.env["product.product"].create({"name": "Variant", "type": "consu", "l10n_in_hsn_code": "12"})
        with self._refused("HSN/SAC code 12 "):
            self.bearing.l10n_in_hsn_code = "12"
        self.bearing.l10n_in_hsn_code = "8482 10"
        self.env.invalidate_all()
        self.assertEqual(self.bearing.l10n_in_hsn_code, "848210")

    def test_hsn_minimum_of_product_company_applies(self):
        self.company.l10n_in_hsn_code_digit = "6"
        owned = self._product(company_id=self.company.id, l10n_in_hsn_code="848210")
        with self._refused("too short.*at least 6 digits"):
            owned.l10n_in_hsn_code = "8482"
        self.env.invalidate_all()
        self.assertEqual(owned.l10n_in_hsn_code, "848210")
        # A product shared between companies: the minimum is checked on the invoice of each company.
        shared = self._product(l10n_in_hsn_code="8482")
        self.assertEqual(shared.l10n_in_hsn_code, "8482")
        with self._refused("too short"):
            shared.company_id = self.company
