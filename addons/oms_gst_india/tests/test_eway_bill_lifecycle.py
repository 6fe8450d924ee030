from datetime import timedelta, timezone

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from simulators.nic_ewb import EwbSimulator  # tests/ is on sys.path (see __init__)
from simulators.nic_irp import IrpSimulator

from ..oms_gst.ewb_rules import validity_until
from .nic_common import OmsNicCommon


class EwbCommon(OmsNicCommon):
    """A delivery to Maharashtra (850 km by road) with its posted invoice, and the EWB simulator."""

    def setUp(self):
        super().setUp()
        self.config = self.connect_simulator(EwbSimulator(timeout_delay=1.0), api="ewb")
        self.dispatcher = self.users["dispatch"]

    def ship(self, order, **values):
        """The planned tranche of ``order``, with its Part-B transport data: its e-way bill comes next."""
        picking = order.picking_ids.filtered(
            lambda record: record._oms_is_planned() and not record.oms_eway_bill_ids
        )
        picking.write(
            dict(
                {"oms_transport_mode": "road", "oms_distance_km": 850, "oms_vehicle_number": "KA01AB1234"},
                **values,
            )
        )
        return picking

    def connect_irp(self):
        """E-invoicing applies, and the connection reaches the loopback IRP too (IRNs, bills by IRN)."""
        self.company.oms_aato = 60_000_000
        self.irp = IrpSimulator(timeout_delay=1.0).start()
        self.addCleanup(self.irp.stop)
        self.config.write(
            {
                "base_url": self.irp.base_url,
                "client_id": self.irp.client_id,
                "client_secret": self.irp.client_secret,
                "username": self.irp.username,
                "password": self.irp.password,
                "public_key_pem": self.irp.public_key_pem,
            }
        )

    def run_jobs(self, model="oms.eway.bill.operation"):
        return super().run_jobs(model)

    def generated_bill(self):
        order, invoice = self.invoiced_order(self.customer_mh)
        invoice.action_post()
        picking = self.ship(order)
        picking.with_user(self.dispatcher).action_oms_generate_ewb()
        self.run_jobs()
        bill = picking.oms_eway_bill_ids
        self.assertEqual(bill.oms_ewb_status, "active", bill.oms_generation_error)
        return bill


@tagged("post_install", "-at_install")
class TestEwayBillLifecycle(EwbCommon):
    def setUp(self):
        super().setUp()
        self.bill = self.generated_bill()
        self.number = int(self.bill.oms_ewb_no)

    def request(self, operation, user=None, **values):
        """Open the operation's wizard as ``user`` (Dispatch) and confirm it with ``values``."""
        bill = self.bill.with_user(user or self.dispatcher)
        action = getattr(
            bill,
            {
                "part_b": "action_oms_update_part_b",
                "transporter": "action_oms_change_transporter",
                "extend": "action_oms_extend",
                "cancel": "action_oms_cancel_ewb",
            }[operation],
        )()
        wizard = Form(
            self.env["oms.ewb.operation.wizard"]
            .with_user(user or self.dispatcher)
            .with_context(**action["context"])
        )
        for name, value in values.items():
            setattr(wizard, name, value)
        return wizard.save().action_confirm()

    def run_operations(self):
        self.run_jobs("oms.eway.bill.operation")

    def messages(self):
        return "\n".join(self.bill.message_ids.mapped("body"))

    def test_validity_computed_locally_matches_nic(self):
        expected = validity_until(self.bill.oms_ewb_date.replace(tzinfo=timezone.utc), 850)
        self.assertEqual(
            self.bill.oms_ewb_valid_until, expected.astimezone(timezone.utc).replace(tzinfo=None)
        )
        self.assertNotIn("differs", self.messages())

    def test_update_part_b(self):
        self.request(
            "part_b", vehicle_number="mh 12 ab 1234", vehicle_reason="1", remark="Breakdown near Hubli"
        )
        operation = self.bill.operation_ids
        self.assertEqual(operation.state, "pending")
        self.assertEqual(
            self.sim.request_count("ewayapi"), 1
        )  # queued, not sent yet (only GENEWAYBILL so far)
        self.run_operations()
        self.assertEqual(operation.state, "done", operation.last_error)
        self.assertEqual(self.bill.oms_vehicle_number, "MH12AB1234")
        vehicles = self.sim.bills[self.number]["vehicles"]
        self.assertEqual((vehicles[-1]["vehicleNo"], vehicles[-1]["reasonCode"]), ("MH12AB1234", "1"))
        self.assertIn("Part-B updated: vehicle MH12AB1234 (Breakdown)", self.messages())

    def test_part_b_bad_input_refused_nothing_written(self):
        for values in (
            {"vehicle_number": "12", "remark": "New truck"},
            {"vehicle_number": "MH12AB1234", "remark": ""},
            {"vehicle_number": "MH12AB1234", "remark": "x" * 51},
        ):
            with self.assertRaises(UserError):
                self.request("part_b", vehicle_reason="3", **values)
        self.assertFalse(self.bill.operation_ids)
        self.assertEqual(self.sim.request_count("ewayapi"), 1)

    def test_change_transporter(self):
        transporter = self.env["res.partner"].create(
            {"name": "Deccan Roadways", "oms_is_transporter": True, "vat": "27AAPFU0939F1ZV"}
        )
        self.request("transporter", transporter_id=transporter)
        self.run_operations()
        self.assertEqual(self.bill.operation_ids.state, "done", self.bill.operation_ids.last_error)
        self.assertEqual(self.sim.bills[self.number]["transporter_id"], "27AAPFU0939F1ZV")
        self.assertEqual(self.bill.oms_transporter_ref, "27AAPFU0939F1ZV")
        self.assertIn("Transporter changed to 27AAPFU0939F1ZV", self.messages())

    def extend_now(self, before_expiry=timedelta(hours=2)):
        self.sim.now = self.bill.oms_ewb_valid_until.replace(tzinfo=timezone.utc) - before_expiry

    def test_extend_only_inside_the_window(self):
        with self.assertRaisesRegex(UserError, "8 hours before to 8 hours after"):
            self.request("extend", remaining_distance_km=300, from_pincode="411001", remark="Road closed")
        self.assertFalse(self.bill.operation_ids)
        self.extend_now()
        before = self.bill.oms_ewb_valid_until
        self.bill.sudo().oms_expiry_alerted = True
        self.request(
            "extend",
            remaining_distance_km=300,
            from_place="Kolhapur",
            from_state_id=self.state_mh,
            from_pincode="416001",
            extension_reason="2",
            remark="Highway blocked",
        )
        self.run_operations()
        self.assertEqual(self.bill.operation_ids.state, "done", self.bill.operation_ids.last_error)
        expected = validity_until(self.sim.now, 300)
        self.assertEqual(
            self.bill.oms_ewb_valid_until, expected.astimezone(timezone.utc).replace(tzinfo=None)
        )
        self.assertGreater(self.bill.oms_ewb_valid_until, before)
        self.assertEqual(self.sim.bills[self.number]["extended_times"], 1)
        self.assertFalse(self.bill.oms_expiry_alerted)  # the new expiry gets its own alert
        self.assertIn("Validity extended", self.messages())
        self.assertIn("Law and order", self.messages())

    def test_extend_bad_input_refused(self):
        self.extend_now()
        for values in (
            {"remaining_distance_km": 0},
            {"remaining_distance_km": 900},
            {"from_pincode": "4110"},
        ):
            with self.assertRaises(UserError):
                self.request(
                    "extend",
                    **dict(
                        {"remaining_distance_km": 300, "from_pincode": "416001", "remark": "Flood"}, **values
                    ),
                )
        self.assertFalse(self.bill.operation_ids)

    def test_extend_timeout_retried_without_extending_twice(self):
        self.extend_now()
        self.request("extend", remaining_distance_km=300, from_pincode="416001", remark="Flood")
        operation = self.bill.operation_ids
        self.sim.fail_next("timeout")  # NIC extends, but the answer comes too late
        self.run_operations()
        self.assertEqual(operation.state, "pending")
        self.assertIn("did not answer", operation.last_error)
        self.assertEqual(self.sim.bills[self.number]["extended_times"], 1)
        self.run_operations()
        self.assertEqual(operation.state, "done", operation.last_error)
        self.assertEqual(self.sim.bills[self.number]["extended_times"], 1)  # adopted, not sent again
        self.assertEqual(
            self.bill.oms_ewb_valid_until,
            self.sim.bills[self.number]["valid_until"].astimezone(timezone.utc).replace(tzinfo=None),
        )

    def test_cancel_with_ewb_reason_codes(self):
        self.request("cancel", cancel_reason="2", remark="Customer cancelled the order")
        self.run_operations()
        self.assertEqual(self.bill.operation_ids.state, "done", self.bill.operation_ids.last_error)
        self.assertEqual(self.bill.oms_ewb_status, "cancelled")
        self.assertEqual(self.sim.bills[self.number]["status"], "CNL")
        self.assertIn("Order cancelled", self.messages())  # EWB code 2 (the IRN's 2 is a data entry mistake)
        with self.assertRaisesRegex(UserError, "no active e-way bill"):
            self.bill.with_user(self.dispatcher).action_oms_cancel_ewb()

    def test_cancel_after_24_hours_refused(self):
        self.sim.now = self.bill.oms_ewb_date.replace(tzinfo=timezone.utc) + timedelta(hours=25)
        with self.assertRaisesRegex(UserError, "more than 24 hours"):
            self.request("cancel", cancel_reason="1", remark="Duplicate")
        self.assertFalse(self.bill.operation_ids)

    def test_5xx_and_malformed_retried_then_sent_once(self):
        self.request("cancel", cancel_reason="3", remark="Wrong quantity")
        operation = self.bill.operation_ids
        for fault in ("http_500", "malformed"):
            self.sim.fail_next(fault)
            self.run_operations()
            self.assertEqual(operation.state, "pending")
            self.assertIn("trying again later", operation.last_error)
        self.run_operations()
        self.assertEqual(operation.state, "done", operation.last_error)
        self.assertEqual(self.bill.oms_ewb_status, "cancelled")

    def test_nic_refusal_in_plain_words(self):
        self.sim.mark_verified(self.number)
        self.request("cancel", cancel_reason="4", remark="Other")
        self.run_operations()
        operation = self.bill.operation_ids
        self.assertEqual(operation.state, "failed")
        self.assertIn("already verified", operation.last_error)
        self.assertEqual(self.bill.oms_ewb_status, "active")
        self.assertIn("already verified", self.messages())

    def test_one_request_at_a_time(self):
        self.request("cancel", cancel_reason="3", remark="Wrong quantity")
        with self.assertRaisesRegex(UserError, "already has a request waiting"):
            self.request("part_b", vehicle_number="MH12AB1234", remark="Breakdown")
        self.assertEqual(len(self.bill.operation_ids), 1)

    def test_other_roles_refused(self):
        for role in ("sales", "finance"):
            with self.assertRaises(AccessError):
                self.bill.with_user(self.users[role]).action_oms_cancel_ewb()
        wizard = self.env["oms.ewb.operation.wizard"].create(
            {"eway_bill_id": self.bill.id, "operation": "cancel", "cancel_reason": "1", "remark": "Duplicate"}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.users["finance"]).action_confirm()
        self.assertFalse(self.bill.operation_ids)

    def test_validity_mismatch_is_logged(self):
        self.assertFalse(self.bill._oms_check_validity(validity_until(self.sim.now, 100)))
        self.assertIn("differs from the one computed here", self.messages())


@tagged("post_install", "-at_install")
class TestEwayBillExpiryAlerts(EwbCommon):
    def test_alert_once_per_bill_not_for_delivered_goods(self):
        bill = self.generated_bill()
        delivered = self.generated_bill()
        later = self.generated_bill()
        now = fields.Datetime.now()
        bill.sudo().oms_ewb_valid_until = now + timedelta(hours=3)
        delivered.sudo().oms_ewb_valid_until = now + timedelta(hours=3)
        delivered.picking_id.oms_pod_date = fields.Date.today()
        later.sudo().oms_ewb_valid_until = now + timedelta(hours=20)
        Bill = self.env["oms.eway.bill"]
        Bill._cron_oms_ewb_expiry_alerts()
        Bill._cron_oms_ewb_expiry_alerts()  # a second run adds nothing
        self.assertEqual(len(bill.activity_ids), 1)
        self.assertEqual(bill.activity_ids.user_id, self.dispatcher)
        self.assertIn(bill.oms_ewb_no, bill.activity_ids.summary)
        self.assertFalse(delivered.activity_ids)
        self.assertFalse(later.activity_ids)
