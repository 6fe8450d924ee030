"""One GST document, built once from the invoice, feeds the IRN payload and the e-way bill payload: both report
the same parties, HSN, quantities, units, taxable values and taxes."""

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.gst_document import gst_document_of
from ..models.oms_eway_bill_payload import ewb_challan_payload_for, ewb_payload_for
from .common import OmsGstCommon


@tagged("post_install", "-at_install")
class TestGstDocument(OmsGstCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.oms_aato = 60_000_000
        cls.bearing.invoice_policy = "order"
        cls.installation = cls.env["product.product"].create(
            {
                "name": "Installation",
                "type": "service",
                "list_price": 2500.0,
                "l10n_in_hsn_code": "998719",
                "invoice_policy": "order",
                "taxes_id": [Command.set(cls.tax_gst_18.ids)],
            }
        )
        cls.site = cls.env["res.partner"].create(
            {
                "name": "Pune Fabricators - Chakan site",
                "type": "delivery",
                "parent_id": cls.customer_mh.id,
                "street": "Gat 120, Chakan MIDC",
                "city": "Chakan",
                "zip": "410501",
                "state_id": cls.state_mh.id,
                "country_id": cls.country_in.id,
            }
        )

    def posted(self, shipping=None):
        order = self.make_order(self.customer_mh, shipping=shipping, quantity=12)
        order.order_line = [Command.create({"product_id": self.installation.id, "product_uom_qty": 1})]
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.invoice_date = fields.Date.today()
        invoice.action_post()
        picking = order.picking_ids
        picking.write(
            {"oms_transport_mode": "road", "oms_distance_km": 850, "oms_vehicle_number": "KA01AB1234"}
        )
        return order, invoice, picking

    def test_irn_and_eway_bill_report_the_same_goods(self):
        _order, invoice, picking = self.posted()
        irn = invoice._oms_einvoice_payload()
        ewb = ewb_payload_for(picking, invoice)
        goods = [item for item in irn["ItemList"] if item["IsServc"] == "N"]
        self.assertEqual(len(goods), 1)
        self.assertEqual(len(irn["ItemList"]), 2, "the service is on the invoice")
        for irn_item, ewb_item in zip(goods, ewb["itemList"], strict=True):
            self.assertEqual(
                (irn_item["HsnCd"], irn_item["Qty"], irn_item["Unit"], irn_item["AssAmt"], irn_item["GstRt"]),
                (
                    ewb_item["hsnCode"],
                    ewb_item["quantity"],
                    ewb_item["qtyUnit"],
                    ewb_item["taxableAmount"],
                    ewb_item["igstRate"],
                ),
            )
        self.assertEqual(ewb["igstValue"], sum(item["IgstAmt"] for item in goods))
        self.assertEqual(ewb["totInvValue"], irn["ValDtls"]["TotInvVal"])
        self.assertEqual(ewb["totInvValue"], invoice.amount_total)
        self.assertEqual(
            (ewb["fromGstin"], ewb["toGstin"]), (irn["SellerDtls"]["Gstin"], irn["BuyerDtls"]["Gstin"])
        )
        self.assertEqual(
            (ewb["toPincode"], ewb["toStateCode"]), (irn["BuyerDtls"]["Pin"], int(irn["BuyerDtls"]["Pos"]))
        )

    def test_goods_to_another_address_travel_there(self):
        _order, invoice, picking = self.posted(shipping=self.site)
        self.assertEqual(picking.partner_id, self.site)
        ewb = ewb_payload_for(picking, invoice)
        self.assertEqual((ewb["toPlace"], ewb["toPincode"], ewb["transactionType"]), ("Chakan", 410501, 2))
        self.assertEqual(ewb["toTrdName"], self.customer_mh.name)
        irn = invoice._oms_einvoice_payload()
        self.assertEqual(irn["ShipDtls"]["Pin"], 410501)
        self.assertEqual(irn["BuyerDtls"]["Pin"], int(self.customer_mh.zip))
        document = gst_document_of(invoice, ship_to=picking.partner_id)
        self.assertEqual(document.ship_to.location, "Chakan")

    def test_challan_refuses_goods_that_are_not_on_the_invoice(self):
        _order, invoice, picking = self.posted()
        invoice.button_draft()
        invoice.invoice_line_ids.filtered(lambda line: line.product_id == self.bearing).unlink()
        invoice.action_post()
        picking.move_ids.quantity = 5
        with self.assertRaisesRegex(
            UserError, "Ball Bearing 6205 is not on invoice .*: invoice its order line"
        ):
            ewb_challan_payload_for(picking, invoice, "DC/25/0002", fields.Date.today())
