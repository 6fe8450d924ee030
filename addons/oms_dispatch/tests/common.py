"""Fixtures of the dispatch tests: the pipeline fixtures plus a warehouse, storable goods, a vendor and a
transporter."""

from odoo import Command

from odoo.addons.oms_handover.tests.common import OmsCommon


class OmsDispatchCommon(OmsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.vendor = cls.env["res.partner"].create({"name": "Test Hose Traders", "is_company": True})
        cls.buy_route = cls.env.ref("purchase_stock.route_warehouse0_buy")
        cls.traded = cls.env["product.product"].create(
            {
                "name": "Test Hydraulic Hose",
                "is_storable": True,
                "list_price": 2400.0,
                "purchase_ok": True,
                "seller_ids": [Command.create({"partner_id": cls.vendor.id, "price": 1800.0})],
            }
        )
        cls.stocked = cls.env["product.product"].create(
            {"name": "Test Stocked Bearing", "is_storable": True, "list_price": 100.0}
        )
        cls.env["stock.quant"]._update_available_quantity(cls.stocked, cls.warehouse.lot_stock_id, 100.0)
        # Goods leave only against posted invoices. These tests dispatch in lots against one invoice of the
        # whole supply (Rule 55(5)); the GST add-on's tests walk the invoice-per-tranche policy.
        cls.company.oms_lot_document_policy = "challan_per_lot"
        cls.transporter = cls.env["res.partner"].create(
            {
                "name": "Test Roadways",
                "is_company": True,
                "oms_is_transporter": True,
                "oms_transporter_gst_id": "29AABCU9603R1ZJ",
            }
        )

    @classmethod
    def plan_values(cls, **overrides):
        values = {
            "oms_transporter_id": cls.transporter.id,
            "oms_vehicle_number": "ka01ab1234",
            "oms_driver_name": "Ravi",
            "oms_driver_phone": "98765 43210",
            "oms_lr_number": "LR-778",
            "oms_expected_dispatch_date": "2030-01-05",
        }
        values.update(overrides)
        return values

    @classmethod
    def invoice_supply(cls, order):
        """Finance's Invoice Whole Supply, posted: the document every later lot's challan refers to."""
        action = order.with_user(cls.users["finance"]).action_oms_invoice_supply()
        invoice = cls.env["account.move"].browse(action["res_id"])
        invoice.with_user(cls.users["finance"]).action_post()
        return invoice

    def as_role(self, records, role):
        return records.with_user(self.users[role])
