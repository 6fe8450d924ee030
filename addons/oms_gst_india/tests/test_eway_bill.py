from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import _super_send

from simulators.nic_ewb import EwbSimulator  # tests/ is on sys.path (see __init__)

from .common import OmsGstCommon


@tagged("post_install", "-at_install")
class TestEwayBill(OmsGstCommon):
    @classmethod
    def _request_handler(cls, session, request, /, **kwargs):
        if request.url.startswith("http://127.0.0.1:"):
            return _super_send(session, request, **kwargs)
        return super()._request_handler(session, request, **kwargs)

    def setUp(self):
        super().setUp()
        if "oms_vehicle_number" not in self.env["stock.picking"]._fields:
            self.skipTest("oms_dispatch has no shipment fields yet")
        self.sim = EwbSimulator().start()
        self.addCleanup(self.sim.stop)
        self.env["oms.einvoice.config"].create(
            {
                "company_id": self.company.id,
                "base_url": "http://127.0.0.1:9",
                "gstin": self.sim.gstin,
                "ewb_base_url": self.sim.base_url,
                "ewb_client_id": self.sim.client_id,
                "ewb_client_secret": self.sim.client_secret,
                "ewb_username": self.sim.username,
                "ewb_password": self.sim.password,
                "ewb_public_key_pem": self.sim.public_key_pem,
                "timeout": 2,
            }
        )
        self.order, self.invoice = self.invoiced_order(self.customer_mh)
        self.invoice.action_post()
        self.picking = self.order.picking_ids
        self.picking.write(
            {"oms_transport_mode": "road", "oms_distance_km": 850, "oms_vehicle_number": "KA01AB1234"}
        )

    def run_jobs(self):
        jobs = self.env["oms.eway.bill"].search([("state", "=", "pending")])
        jobs.write({"next_attempt_at": "2000-01-01 00:00:00"})
        self.env.flush_all()
        self.env["oms.eway.bill"]._oms_process_pending(commit=False)

    def test_generated_from_delivery_note(self):
        self.assertTrue(self.order._check_oms_eway_bill_generated())
        self.picking.with_user(self.users["dispatch"]).action_oms_generate_ewb()
        bill = self.picking.oms_eway_bill_ids
        self.assertEqual(len(bill), 1)
        self.run_jobs()
        self.assertEqual(bill.state, "done", bill.last_error)
        self.assertTrue(bill.oms_ewb_no)
        self.assertTrue(bill.oms_ewb_valid_until > bill.oms_ewb_date)
        self.assertEqual(self.sim.generated_count(self.invoice.name), 1)
        self.assertEqual(self.order._check_oms_eway_bill_generated(), [])
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
