from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import OmsGstCommon


@tagged("post_install", "-at_install")
class TestGstEngine(OmsGstCommon):
    def assertLineTaxes(self, order, taxes):
        self.assertEqual(order.order_line.tax_id, taxes)

    def test_intra_state_cgst_sgst(self):
        order = self.make_order(self.customer_ka)
        self.assertEqual(order.oms_place_of_supply_id, self.state_ka)
        self.assertEqual(order.oms_supply_kind, "intra")
        self.assertLineTaxes(order, self.tax_gst_18)
        self.assertEqual(order.amount_tax, 1800.0)

    def test_inter_state_igst(self):
        order = self.make_order(self.customer_mh)
        self.assertEqual(order.oms_place_of_supply_id, self.state_mh)
        self.assertEqual(order.oms_supply_kind, "inter")
        self.assertLineTaxes(order, self.tax_igst_18)

    def test_sez_without_lut_pays_igst(self):
        order = self.make_order(self.customer_sez)  # same state as the company: still IGST
        self.assertEqual(order.oms_supply_kind, "inter")
        self.assertLineTaxes(order, self.tax_igst_18_sez)
        # l10n_in books the IGST paid on SEZ supplies against a refund claim: the buyer's total excludes it.
        self.assertEqual(order.amount_total, 10000.0)

    def test_sez_under_lut_zero_rated(self):
        self.company.oms_gst_lut = True
        order = self.make_order(self.customer_sez)
        self.assertEqual(order.fiscal_position_id, self.fp_lut)
        self.assertLineTaxes(order, self.tax_igst_18_lut)
        self.assertEqual(order.amount_tax, 0.0)

    def test_export_without_and_with_lut(self):
        order = self.make_order(self.customer_us)
        self.assertEqual(order.oms_place_of_supply_id, self.env.ref("l10n_in.state_in_oc"))
        self.assertLineTaxes(order, self.tax_igst_18_sez)
        self.company.oms_gst_lut = True
        lut_order = self.make_order(self.customer_us)
        self.assertLineTaxes(lut_order, self.tax_igst_18_lut)
        self.assertEqual(lut_order.amount_tax, 0.0)

    def test_unregistered_consumer_by_state(self):
        order = self.make_order(self.consumer_mh)
        self.assertEqual(order.l10n_in_gst_treatment, "consumer")
        self.assertLineTaxes(order, self.tax_igst_18)
        local = self.make_order(self._partner("Asha Rao", self.state_ka, False, "Mysuru", "consumer"))
        self.assertLineTaxes(local, self.tax_gst_18)

    def test_bill_to_ship_to_uses_bill_to_state(self):
        # Billed to Pune, goods shipped to another company's site in Karnataka: place of supply = Maharashtra.
        order = self.make_order(self.customer_mh, shipping=self.customer_ka)
        self.assertEqual(order.oms_place_of_supply_id, self.state_mh)
        self.assertLineTaxes(order, self.tax_igst_18)

    def test_own_delivery_address_in_other_state_uses_ship_to(self):
        site = self.env["res.partner"].create(
            {
                "name": "Pune Fabricators - Hosur Road site",
                "type": "delivery",
                "parent_id": self.customer_mh.id,
                "state_id": self.state_ka.id,
                "country_id": self.country_in.id,
                "city": "Bengaluru",
            }
        )
        order = self.make_order(self.customer_mh, shipping=site)
        self.assertEqual(order.oms_place_of_supply_id, self.state_ka)
        self.assertLineTaxes(order, self.tax_gst_18)

    def test_finance_overrides_place_of_supply_and_taxes_follow(self):
        order = self.make_order(self.customer_ka)
        order.with_user(self.users["finance"]).oms_place_of_supply_id = self.state_mh
        self.assertEqual(order.oms_place_of_supply_id, self.state_mh)
        self.assertLineTaxes(order, self.tax_igst_18)
        self.assertEqual(order.amount_tax, 1800.0)

    def test_sales_cannot_override_place_of_supply(self):
        order = self.make_order(self.customer_ka, user_id=self.users["sales"].id)
        with self.assertRaises(AccessError):
            order.with_user(self.users["sales"]).sudo(False).write(
                {"oms_place_of_supply_id": self.state_mh.id}
            )
        self.assertEqual(order.oms_place_of_supply_id, self.state_ka)
        self.assertLineTaxes(order, self.tax_gst_18)
        # Readonly for sales in the form, editable for Finance.
        with Form(order.with_user(self.users["finance"])) as form:
            form.oms_place_of_supply_id = self.state_mh
        self.assertEqual(order.oms_place_of_supply_id, self.state_mh)

    def test_invoice_carries_place_of_supply(self):
        order = self.make_order(self.customer_ka)
        order.oms_place_of_supply_id = self.state_mh
        order.action_confirm()
        self.plan(order)
        invoice = self.invoice_tranche(order)
        self.assertEqual(invoice.l10n_in_state_id, self.state_mh)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, self.tax_igst_18)
