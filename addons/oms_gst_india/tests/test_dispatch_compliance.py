"""No consignment leaves without its own documents, and nothing leaves around the pipeline.

An inter-state order of 100 bearings (₹1,18,000 with IGST) goes through all twelve stages in two lots of
₹59,000 each, above the ₹50,000 e-way bill threshold, only through the suite's actions and wizards, against
the loopback IRP and EWB simulators, under each document policy for goods sent in lots (CGST Rule 55(5)).
"""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.oms_handover.tests.common import send_queued_customer_mails

from .test_eway_bill_lifecycle import EwbCommon


class DispatchComplianceCommon(EwbCommon):
    def setUp(self):
        super().setUp()
        self.connect_irp()  # e-invoicing applies: each invoice gets an IRN first
        self.production = new_test_user(
            self.env,
            login="oms_gst_production",
            groups="base.group_user,oms_handover.group_oms_production",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        self.transporter = self.env["res.partner"].create(
            {
                "name": "Deccan Roadways",
                "is_company": True,
                "oms_is_transporter": True,
                "oms_transporter_gst_id": "29AABCU9603R1ZJ",
            }
        )
        self.order = self.make_order(self.customer_mh, quantity=100)
        self.order.action_confirm()
        self.line = self.order.order_line

    # ----- the suite's actions, as each team uses them -----

    def move_next(self, user):
        self.order.with_user(user).action_oms_move_next()
        return self.order.oms_stage_id.code

    def to_tax_invoice(self):
        """Sale Order → Finished Products → Commercial Invoice (proforma issued) → Tax Invoice."""
        self.assertEqual(self.move_next(self.production), "finished_products")
        self.assertEqual(self.move_next(self.users["finance"]), "invoice")
        finance_order = self.order.with_user(self.users["finance"])
        finance_order.action_oms_create_commercial_invoice()
        self.order.oms_commercial_invoice_ids.with_user(self.users["finance"]).action_issue()
        self.assertEqual(self.move_next(self.users["finance"]), "tax_invoice")

    def plan_shipment(self):
        self.order.with_user(self.users["dispatch"]).write(
            {
                "oms_transporter_id": self.transporter.id,
                "oms_vehicle_number": "KA01AB1234",
                "oms_driver_name": "Ravi",
                "oms_driver_phone": "98765 43210",
                "oms_lr_number": "LR-778",
                "oms_expected_dispatch_date": fields.Date.today(),
            }
        )

    def plan_tranche(self, quantity):
        wizard = Form(
            self.env["oms.dispatch.wizard"]
            .with_user(self.users["dispatch"])
            .with_context(active_id=self.order.id, default_order_id=self.order.id)
        )
        with wizard.line_ids.edit(0) as line:
            line.quantity = quantity
        action = wizard.save().action_plan()
        picking = self.env["stock.picking"].browse(action["res_id"])
        picking.write({"oms_transport_mode": "road", "oms_distance_km": 850})
        return picking

    def post_with_irn(self, invoice):
        invoice.invoice_date = invoice.date
        invoice.with_user(self.users["finance"]).action_post()
        self.run_jobs("oms.irn.job")
        self.assertEqual(invoice.oms_einvoice_state, "sent", invoice.oms_einvoice_error)

    def generate_bill(self, picking):
        picking.with_user(self.users["dispatch"]).action_oms_generate_ewb()
        self.run_jobs()
        bill = picking.oms_eway_bill_ids
        self.assertEqual(bill.oms_ewb_status, "active", bill.oms_generation_error)
        return bill

    def dispatch(self, picking):
        """Dispatch validates the planned delivery; the rest of the order stays in a backorder (Odoo's
        backorder wizard, answered as a user does)."""
        self.assertNotEqual(picking.state, "done")
        action = picking.with_user(self.users["dispatch"]).button_validate()
        if isinstance(action, dict) and action.get("res_model") == "stock.backorder.confirmation":
            wizard = Form(
                self.env[action["res_model"]]
                .with_user(self.users["dispatch"])
                .with_context(**action["context"])
            ).save()
            wizard.process()
        self.assertEqual(picking.state, "done")

    def finish(self):
        self.assertEqual(self.order.oms_stage_id.code, "complete_dispatch")
        self.assertTrue(self.order.locked)
        self.assertEqual(self.move_next(self.users["sales"]), "customer_feedback")
        stages = self.order.oms_history_ids.filtered(lambda row: row.kind in ("move", "skip"))
        self.assertIn("eway_bill", stages.to_stage_id.mapped("code"))


@tagged("post_install", "-at_install")
class TestInvoicePerTranche(DispatchComplianceCommon):
    def test_two_lots_each_with_its_invoice_irn_and_bill_before_it_leaves(self):
        self.to_tax_invoice()
        finance = self.order.with_user(self.users["finance"])
        first = self.plan_tranche(50)
        self.assertEqual(first.oms_tranche_state, "planned")
        self.assertIn("Post the tax invoice", self.order.oms_tranche_status)
        invoice_1 = self.env["account.move"].browse(finance.action_oms_invoice_tranche()["res_id"])
        self.assertEqual(invoice_1.invoice_line_ids.quantity, 50)
        # Invoice Tranche again, before posting: the same draft opens, no second invoice is made.
        self.assertEqual(finance.action_oms_invoice_tranche()["res_id"], invoice_1.id)
        self.assertEqual(len(self.order.invoice_ids), 1)
        self.post_with_irn(invoice_1)
        with self.assertRaisesRegex(UserError, f"is invoiced already \\({invoice_1.name}\\)"):
            finance.action_oms_invoice_tranche()
        self.assertEqual(self.move_next(self.users["dispatch"]), "shipment")
        self.plan_shipment()
        self.assertEqual(self.move_next(self.users["dispatch"]), "eway_bill")
        self.assertEqual(first.oms_tranche_state, "documented")
        with self.assertRaisesRegex(UserError, "Generate the e-way bill of delivery"):
            self.dispatch(first)
        self.assertEqual(self.line.qty_delivered, 0)
        bill_1 = self.generate_bill(first)
        self.assertTrue(bill_1.oms_by_irn)  # the invoice has an IRN: generated from it at the IRP
        self.assertEqual(first.oms_tranche_state, "ready")
        self.dispatch(first)
        self.assertEqual(self.order.oms_stage_id.code, "partial_dispatch")
        self.assertEqual(self.line.qty_delivered, 50)
        # Unlocking the validated delivery and typing a larger quantity would move goods in the quants.
        with self.assertRaisesRegex(UserError, "not edited afterwards"):
            first.move_line_ids.with_user(self.users["dispatch"]).write({"quantity": 80})
        self.assertEqual(self.line.qty_delivered, 50)

        second = self.plan_tranche(50)
        self.assertNotEqual(second, first)
        with self.assertRaisesRegex(UserError, "Post the tax invoice of delivery"):
            self.dispatch(second)  # partial to partial: the later lot is checked too
        invoice_2 = self.env["account.move"].browse(finance.action_oms_invoice_tranche()["res_id"])
        self.post_with_irn(invoice_2)
        with self.assertRaisesRegex(UserError, "Generate the e-way bill"):
            self.dispatch(second)
        bill_2 = self.generate_bill(second)
        self.dispatch(second)
        self.finish()
        self.assertEqual(
            (invoice_1.oms_ewb_number, invoice_2.oms_ewb_number), (bill_1.oms_ewb_no, bill_2.oms_ewb_no)
        )
        self.assertNotEqual(bill_1.oms_ewb_no, bill_2.oms_ewb_no)
        # Each IRN registered once, each bill made once, each before its consignment left.
        self.assertEqual(self.irp.request_count("invoice"), 2)
        for bill in bill_1 | bill_2:
            self.assertLessEqual(bill.oms_ewb_date, bill.picking_id.date_done)
        with self.assertRaisesRegex(UserError, "have left"):
            self.env["oms.eway.bill.operation"]._oms_check_allowed(bill_2, "cancel")
        # The number travels: the printed invoice and the customer's dispatch mail of each tranche.
        for invoice, bill in ((invoice_1, bill_1), (invoice_2, bill_2)):
            html = self.env["ir.actions.report"]._render_qweb_html("account.report_invoice", invoice.ids)[0]
            self.assertIn(bill.oms_ewb_no, html.decode())
            mails = send_queued_customer_mails(self.env).search(
                [("model", "=", "stock.picking"), ("res_id", "=", bill.picking_id.id)]
            )
            self.assertIn(bill.oms_ewb_no, " ".join(mails.mapped("body_html")))

    def test_later_lot_within_the_threshold_leaves_without_a_bill_and_says_why(self):
        self.to_tax_invoice()
        finance = self.order.with_user(self.users["finance"])
        first = self.plan_tranche(70)  # ₹82,600
        self.post_with_irn(self.env["account.move"].browse(finance.action_oms_invoice_tranche()["res_id"]))
        self.move_next(self.users["dispatch"])
        self.plan_shipment()
        self.move_next(self.users["dispatch"])
        self.generate_bill(first)
        self.dispatch(first)
        second = self.plan_tranche(30)  # ₹35,400: no e-way bill needed for this consignment
        self.post_with_irn(self.env["account.move"].browse(finance.action_oms_invoice_tranche()["res_id"]))
        self.assertEqual(second.oms_tranche_state, "ready")
        self.dispatch(second)
        self.assertFalse(second.oms_eway_bill_ids)
        self.assertIn("left without an e-way bill", "\n".join(self.order.message_ids.mapped("body")))
        self.finish()

    def test_invoice_must_match_the_picked_quantities(self):
        self.to_tax_invoice()
        first = self.plan_tranche(40)
        finance = self.order.with_user(self.users["finance"])
        self.post_with_irn(self.env["account.move"].browse(finance.action_oms_invoice_tranche()["res_id"]))
        with self.assertRaisesRegex(UserError, "already invoiced"):
            self.plan_tranche(50)
        first.move_ids.quantity = 50  # picked more by hand in Inventory after invoicing
        with self.assertRaisesRegex(UserError, "cannot leave yet"):
            self.dispatch(first)
        self.assertEqual(self.line.qty_delivered, 0)


@tagged("post_install", "-at_install")
class TestInvoiceOnceChallanPerLot(DispatchComplianceCommon):
    def setUp(self):
        super().setUp()
        self.company.oms_lot_document_policy = "challan_per_lot"

    def test_first_lot_on_the_invoice_later_lot_on_its_challan(self):
        self.to_tax_invoice()
        finance = self.order.with_user(self.users["finance"])
        invoice = self.env["account.move"].browse(finance.action_oms_invoice_supply()["res_id"])
        self.assertEqual(invoice.invoice_line_ids.quantity, 100)
        self.post_with_irn(invoice)
        self.assertEqual(self.move_next(self.users["dispatch"]), "shipment")
        self.plan_shipment()
        self.assertEqual(self.move_next(self.users["dispatch"]), "eway_bill")
        first = self.plan_tranche(50)
        bill_1 = self.generate_bill(first)
        self.assertTrue(bill_1.oms_by_irn)
        self.dispatch(first)
        second = self.plan_tranche(50)
        self.assertTrue(second.oms_challan_number)
        bill_2 = self.generate_bill(second)
        self.assertTrue(bill_2.oms_on_challan)
        payload = bill_2._oms_payload() if hasattr(bill_2, "_oms_payload") else None
        sent = self.sim.by_document.get((self.sim.gstin, "CHL", second.oms_challan_number.upper()))
        self.assertTrue(sent, payload)
        self.assertEqual(int(bill_2.oms_ewb_no), sent)
        self.dispatch(second)
        self.finish()
        self.assertEqual(set(invoice.oms_ewb_number.split(", ")), {bill_1.oms_ewb_no, bill_2.oms_ewb_no})

    def test_never_invoiced_beyond_ordered(self):
        self.to_tax_invoice()
        finance = self.order.with_user(self.users["finance"])
        invoice = self.env["account.move"].browse(finance.action_oms_invoice_supply()["res_id"])
        with self.assertRaisesRegex(UserError, "invoiced in full already"):
            finance.action_oms_invoice_supply()
        with Form(invoice.with_user(self.users["finance"])) as form, form.invoice_line_ids.edit(0) as line:
            line.quantity = 120  # typed over the order's 100
        invoice.invoice_date = invoice.date
        with self.assertRaisesRegex(UserError, "beyond the 100.0 ordered"):
            invoice.with_user(self.users["finance"]).action_post()
        self.assertEqual(invoice.state, "draft")
        # A company that has not turned the gate on keeps Odoo's rule (invoice what was delivered, even
        # beyond the order): goods do not leave against its invoices.
        self.company.oms_dispatch_gate = False
        invoice.with_user(self.users["finance"]).action_post()
        self.assertEqual(invoice.state, "posted")

    def test_no_lot_leaves_before_the_whole_supply_is_invoiced(self):
        self.to_tax_invoice()
        first = self.plan_tranche(40)
        with self.assertRaises(UserError):
            self.dispatch(first)
        self.assertEqual(self.line.qty_delivered, 0)


@tagged("post_install", "-at_install")
class TestNothingLeavesAroundThePipeline(DispatchComplianceCommon):
    """Every other way of validating the delivery is refused with nothing moved."""

    def setUp(self):
        super().setUp()
        self.picking = self.order.picking_ids
        self.picking.move_ids.quantity = 100
        self.storekeeper = new_test_user(
            self.env,
            login="oms_gst_storekeeper",
            groups="base.group_user,stock.group_stock_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )

    def assertNothingLeft(self):
        self.assertEqual(self.picking.state, "assigned")
        self.assertEqual(self.line.qty_delivered, 0)
        self.assertEqual(self.order.oms_stage_id.code, "sale_order")

    def test_inventory_validate_at_sale_order_is_refused_for_dispatch(self):
        with self.assertRaisesRegex(UserError, "cannot leave yet"):
            self.picking.with_user(self.users["dispatch"]).button_validate()
        self.assertNothingLeft()

    def test_storekeeper_without_pipeline_role_is_refused(self):
        with self.assertRaisesRegex(AccessError, "Only Dispatch"):
            self.picking.with_user(self.storekeeper).button_validate()
        self.assertNothingLeft()

    def test_sales_and_finance_are_refused(self):
        for role in ("sales", "finance"):
            with self.assertRaises(AccessError):
                self.picking.with_user(self.users[role]).sudo(False).button_validate()
        self.assertNothingLeft()

    def test_backorder_wizard_is_refused(self):
        self.picking.move_ids.write({"quantity": 4, "picked": True})
        action = self.picking.with_user(self.users["dispatch"]).button_validate()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.users["dispatch"]).with_context(**action["context"])
        ).save()
        with self.assertRaisesRegex(UserError, "cannot leave yet"):
            wizard.process()
        self.assertNothingLeft()

    def test_move_done_directly_is_refused(self):
        self.picking.move_ids.picked = True
        with self.assertRaisesRegex(UserError, "leave only when the delivery is validated"):
            self.picking.move_ids._action_done()
        self.assertNothingLeft()

    def test_over_json_rpc_context_cannot_open_the_gate(self):
        # A caller sets any context it likes over JSON-RPC; the gate reads none.
        forged = {"skip_backorder": True, "oms_dispatch_cleared_picking_ids": self.picking.ids}
        with self.assertRaisesRegex(UserError, "cannot leave yet"):
            self.picking.with_user(self.users["dispatch"]).with_context(**forged).button_validate()
        self.assertNothingLeft()

    def test_receipts_and_orders_outside_the_pipeline_are_untouched(self):
        # A consultant turned the gate off for this company: its orders' goods leave as in plain Odoo.
        self.company.oms_dispatch_gate = False
        other = self.make_order(self.customer_mh, quantity=5)
        other.action_confirm()
        delivery = other.picking_ids
        delivery.move_ids.quantity = 5
        delivery.with_user(self.storekeeper).button_validate()
        self.assertEqual(delivery.state, "done")
        receipt_type = (
            self.env["stock.warehouse"].search([("company_id", "=", self.company.id)], limit=1).in_type_id
        )
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": receipt_type.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": receipt_type.default_location_dest_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "bearings in",
                            "product_id": self.bearing.id,
                            "product_uom_qty": 3,
                            "product_uom": self.bearing.uom_id.id,
                            "location_id": self.env.ref("stock.stock_location_suppliers").id,
                            "location_dest_id": receipt_type.default_location_dest_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        receipt.move_ids.quantity = 3
        receipt.with_user(self.storekeeper).button_validate()
        self.assertEqual(receipt.state, "done")
        self.company.oms_dispatch_gate = True
        with self.assertRaisesRegex(UserError, "cannot leave yet"):
            self.picking.with_user(self.users["dispatch"]).button_validate()
