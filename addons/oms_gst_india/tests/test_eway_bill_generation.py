import json
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_eway_bill_lifecycle import EwbCommon


@tagged("post_install", "-at_install")
class TestEwayBillTranches(EwbCommon):
    def test_bill_needs_a_planned_tranche_and_its_invoice(self):
        order = self.make_order(self.customer_mh, quantity=100)
        order.action_confirm()
        open_delivery = order.picking_ids
        with self.assertRaisesRegex(UserError, "Plan the tranche"):
            open_delivery.with_user(self.dispatcher).action_oms_generate_ewb()
        self.plan(order, 40)
        with self.assertRaisesRegex(UserError, "Post the tax invoice"):
            open_delivery.with_user(self.dispatcher).action_oms_generate_ewb()
        self.assertFalse(open_delivery.oms_eway_bill_ids)

    def test_generation_timeout_adopts_the_bill_nic_made(self):
        order, invoice = self.invoiced_order(self.customer_mh)
        invoice.action_post()
        picking = self.ship(order)
        picking.action_oms_generate_ewb()
        self.sim.fail_next("timeout")  # NIC makes the bill; the answer comes too late
        self.run_jobs()
        bill = picking.oms_eway_bill_ids
        self.assertEqual(bill.oms_generation_state, "pending")
        self.run_jobs()  # 604 "already generated": looked up and adopted
        self.assertEqual(bill.oms_generation_state, "done", bill.oms_generation_error)
        self.assertEqual(self.sim.generated_count(invoice.name), 1)
        self.assertEqual(
            int(bill.oms_ewb_no), self.sim.by_document[(self.sim.gstin, "INV", invoice.name.upper())]
        )

    def test_refused_bill_says_why_and_the_consignment_gets_a_new_one(self):
        order, invoice = self.invoiced_order(self.customer_mh, quantity=100)  # above the threshold
        invoice.action_post()
        picking = self.ship(order)
        picking.with_user(self.dispatcher).action_oms_generate_ewb()
        refused = picking.oms_eway_bill_ids
        queued = json.loads(refused.oms_generation_id.params)  # the request as it will be sent
        route = (queued["fromPincode"], queued["toPincode"])
        self.sim.route_distances[route] = 1  # NIC knows the route as 1 km: 850 km is refused (code 221)
        self.run_jobs()
        self.assertEqual((refused.oms_ewb_status, refused.oms_generation_state), ("refused", "failed"))
        self.assertIn("221", refused.oms_generation_error)
        self.assertFalse(picking._oms_active_eway_bill())
        blockers = " ".join(
            message
            for _team, message in order._oms_tranche_blockers(picking, picking._oms_tranche_quantities())
        )
        self.assertIn("NIC refused the last one", blockers)
        self.assertIn("221", blockers)
        logged = self.env["oms.nic.log"].search(
            [("move_id", "=", invoice.id), ("operation", "=", "GENEWAYBILL")]
        )
        self.assertEqual(logged.mapped("outcome"), ["refused"])
        self.assertNotIn(self.sim.password, logged.request or "")

        del self.sim.route_distances[route]  # the distance is right after all (NIC's route table fixed)
        picking.with_user(self.dispatcher).action_oms_generate_ewb()
        self.run_jobs()
        bill = picking._oms_active_eway_bill()
        self.assertEqual(len(picking.oms_eway_bill_ids), 2)
        self.assertEqual(bill.oms_generation_state, "done", bill.oms_generation_error)
        self.assertEqual(self.sim.generated_count(invoice.name), 1)
        self.run_jobs()  # the refused bill's job is not sent again
        self.assertEqual(self.sim.generated_count(invoice.name), 1)

    def test_odoo_own_ewaybill_means_no_second_one(self):
        order, invoice = self.invoiced_order(self.customer_mh)
        invoice.action_post()
        picking = self.ship(order)
        picking_class = type(self.env["stock.picking"])
        odoo_bill = patch.object(picking_class, "_oms_has_odoo_ewaybill", lambda picking, invoice: True)
        with odoo_bill, self.assertRaisesRegex(UserError, "not sent a second time"):
            picking.action_oms_generate_ewb()
        self.assertFalse(picking.oms_eway_bill_ids)
        self.assertFalse(picking._oms_has_odoo_ewaybill(invoice))


@tagged("post_install", "-at_install")
class TestEwayBillThresholds(EwbCommon):
    def required(self, partner, quantity):
        order = self.make_order(partner, quantity=quantity)
        return "eway_bill" in order._oms_order_facts().applicable

    def test_intra_state_threshold_differs_from_default(self):
        # 60 bearings: ₹70,800 with GST.
        self.assertTrue(self.required(self.customer_ka, 60))  # default ₹50,000
        Threshold = self.env["oms.ewb.threshold"]
        Threshold.create({"company_id": self.company.id, "state_id": self.state_ka.id, "threshold": 100_000})
        self.assertFalse(self.required(self.customer_ka, 60))  # Karnataka: ₹1 lakh within the state
        self.assertTrue(self.required(self.customer_mh, 60))  # inter-state keeps the default
        self.assertTrue(self.required(self.customer_ka, 90))  # ₹1,06,200
        Threshold.create({"company_id": self.company.id, "threshold": 80_000})
        self.assertFalse(self.required(self.customer_mh, 60))  # the company's own default

    def test_below_threshold_skips_the_stage(self):
        self.assertFalse(self.required(self.customer_mh, 40))  # ₹47,200


@tagged("post_install", "-at_install")
class TestEwayBillByIrn(EwbCommon):
    def setUp(self):
        super().setUp()
        self.connect_irp()

    def test_invoice_with_irn_gets_its_bill_from_the_irp(self):
        order, invoice = self.invoiced_order(self.customer_mh)
        invoice.action_post()
        picking = self.ship(order)
        with self.assertRaisesRegex(UserError, "no IRN yet"):
            picking.with_user(self.dispatcher).action_oms_generate_ewb()
        self.run_jobs("oms.irn.job")
        self.assertEqual(invoice.oms_einvoice_state, "sent", invoice.oms_einvoice_error)
        picking.with_user(self.dispatcher).action_oms_generate_ewb()
        bill = picking.oms_eway_bill_ids
        self.assertTrue(bill.oms_by_irn)
        self.irp.fail_next("timeout")  # the IRP makes the bill; the answer is lost
        self.run_jobs()
        self.assertEqual(bill.oms_generation_state, "pending")
        self.run_jobs()  # 4002: adopted from the IRN's details
        self.assertEqual(bill.oms_ewb_status, "active", bill.oms_generation_error)
        registered = self.irp.invoices[invoice.oms_irn]["ewb"]
        self.assertEqual(bill.oms_ewb_no, str(registered["number"]))
        self.assertTrue(bill.oms_ewb_valid_until)
        self.assertEqual(self.sim.generated_count(invoice.name), 0)  # not through the EWB API as well

    def test_by_irn_needs_transporter_or_vehicle(self):
        order, invoice = self.invoiced_order(self.customer_mh)
        invoice.action_post()
        self.run_jobs("oms.irn.job")
        picking = self.ship(order, oms_vehicle_number=False, oms_transport_mode=False)
        with self.assertRaisesRegex(UserError, "transporter's GSTIN/TRANSIN"):
            picking.action_oms_generate_ewb()
        self.assertFalse(picking.oms_eway_bill_ids)

    def test_l10n_in_edi_invoice_goes_through_the_ewb_api(self):
        # Odoo's l10n_in_edi registered the invoice: no IRN job of ours, so no generation by our IRN either.
        move_class = type(self.env["account.move"])
        with patch.object(move_class, "_oms_has_l10n_in_edi_document", lambda move: True):
            order, invoice = self.invoiced_order(self.customer_mh)
            invoice.action_post()
            self.assertFalse(invoice.oms_irn_job_ids)
            picking = self.ship(order)
            picking.action_oms_generate_ewb()
        self.assertFalse(picking.oms_eway_bill_ids.oms_by_irn)
        self.run_jobs("oms.irn.job")
        self.assertEqual(self.irp.request_count("invoice"), 0)


@tagged("post_install", "-at_install")
class TestPausedConnection(EwbCommon):
    def test_paused_connection_keeps_jobs_unsent_with_reason(self):
        self.config.write({"sending_paused": True, "paused_reason": "this is the demo connection."})
        self.company.oms_aato = 60_000_000
        _order, invoice = self.invoiced_order(self.customer_mh)
        invoice.action_post()
        self.assertIn("Not sent: this is the demo connection.", invoice.oms_einvoice_error)
        self.run_jobs("oms.irn.job")
        job = invoice.oms_irn_job_ids
        self.assertEqual((job.state, job.attempts, invoice.oms_einvoice_state), ("pending", 0, "to_send"))
        self.assertIn("Not sent", job.last_error)
        self.company.oms_aato = 0
        order, invoice = self.invoiced_order(self.customer_mh)
        invoice.action_post()
        picking = self.ship(order)
        picking.action_oms_generate_ewb()
        self.run_jobs()
        bill = picking.oms_eway_bill_ids
        self.assertEqual(
            (bill.oms_generation_state, bill.oms_generation_id.attempts, bill.oms_ewb_status),
            ("pending", 0, "to_generate"),
        )
        self.assertEqual(self.sim.request_count("ewayapi"), 0)
        self.config.sending_paused = False
        self.run_jobs()
        self.assertEqual(bill.oms_ewb_status, "active", bill.oms_generation_error)
