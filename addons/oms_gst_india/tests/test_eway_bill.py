from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_eway_bill_lifecycle import EwbCommon


@tagged("post_install", "-at_install")
class TestEwayBill(EwbCommon):
    def setUp(self):
        super().setUp()
        # 60 bearings, ₹70,800: above the ₹50,000 threshold, so this consignment needs its bill.
        self.order, self.invoice = self.invoiced_order(self.customer_mh, quantity=60)
        self.invoice.action_post()
        self.picking = self.order.picking_ids
        self.picking.write(
            {"oms_transport_mode": "road", "oms_distance_km": 850, "oms_vehicle_number": "KA01AB1234"}
        )

    def test_generated_from_delivery_note(self):
        self.assertTrue(self.order._oms_check_eway_bill_generated())
        self.picking.with_user(self.users["dispatch"]).action_oms_generate_ewb()
        bill = self.picking.oms_eway_bill_ids
        self.assertEqual(len(bill), 1)
        self.run_jobs()
        self.assertEqual(bill.oms_generation_state, "done", bill.oms_generation_error)
        self.assertTrue(bill.oms_ewb_no)
        self.assertTrue(bill.oms_ewb_valid_until > bill.oms_ewb_date)
        self.assertEqual(self.sim.generated_count(self.invoice.name), 1)
        self.assertEqual(self.order._oms_check_eway_bill_generated(), [])
        with self.assertRaises(UserError):
            self.picking.action_oms_generate_ewb()  # never twice

    def test_missing_vehicle_refused_before_sending(self):
        self.picking.oms_vehicle_number = False
        with self.assertRaises(UserError) as caught:
            self.picking.action_oms_generate_ewb()
        self.assertIn("vehicle number", str(caught.exception))
        self.assertFalse(self.picking.oms_eway_bill_ids)

    def test_sales_cannot_generate(self):
        with self.assertRaises(AccessError):
            self.picking.with_user(self.users["sales"]).action_oms_generate_ewb()
