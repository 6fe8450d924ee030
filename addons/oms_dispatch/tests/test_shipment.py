from odoo import Command
from odoo.exceptions import ValidationError

from .common import OmsDispatchCommon

GOOD_VEHICLES = [
    ("ka01ab1234", "KA01AB1234"),
    ("DL 1 AB 123", "DL01AB0123"),
    ("MH-12-A-1234", "MH12A1234"),
    ("22BH1234AA", "22BH1234AA"),
]
BAD_VEHICLES = ["XX12AB1234", "12345", "KA01AB12345678", "TM123"]
GOOD_PHONES = [
    ("98765 43210", "+919876543210"),
    ("+91-98765-43210", "+919876543210"),
    ("09876543210", "+919876543210"),
]
BAD_PHONES = ["12345", "+91 22 2345 6789", "abcdefghij"]


class TestShipmentPlan(OmsDispatchCommon):
    def setUp(self):
        super().setUp()
        self.order = self.confirmed_order(
            order_line=[Command.create({"product_id": self.stocked.id, "product_uom_qty": 10})]
        )
        self.delivery = self.order.picking_ids

    def test_good_vehicle_and_phone_are_normalised_and_copied_to_delivery(self):
        dispatch = self.as_role(self.order, "dispatch")
        for raw, stored in GOOD_VEHICLES:
            with self.subTest(vehicle=raw):
                dispatch.write({"oms_vehicle_number": raw})
                self.assertEqual(self.order.oms_vehicle_number, stored)
                self.assertEqual(self.delivery.oms_vehicle_number, stored)
        for raw, stored in GOOD_PHONES:
            with self.subTest(phone=raw):
                dispatch.write({"oms_driver_phone": raw})
                self.assertEqual(self.order.oms_driver_phone, stored)

    def test_bad_vehicle_and_phone_are_refused_and_nothing_saved(self):
        self.order.write(self.plan_values())
        for raw in BAD_VEHICLES:
            with self.subTest(vehicle=raw), self.assertRaises(ValidationError):
                self.order.write({"oms_vehicle_number": raw, "oms_driver_name": "Someone Else"})
            self.assertEqual(self.order.oms_vehicle_number, "KA01AB1234")
            self.assertEqual(self.order.oms_driver_name, "Ravi")
        for raw in BAD_PHONES:
            with self.subTest(phone=raw), self.assertRaises(ValidationError):
                self.delivery.write({"oms_driver_phone": raw})
            self.assertEqual(self.delivery.oms_driver_phone, "+919876543210")

    def test_transporter_must_be_flagged_and_have_a_valid_id(self):
        plain = self.env["res.partner"].create({"name": "Not A Carrier"})
        with self.assertRaises(ValidationError):
            self.order.write({"oms_transporter_id": plain.id})
        with self.assertRaises(ValidationError):
            self.transporter.write({"oms_transporter_gst_id": "ABC"})
        self.transporter.write({"oms_transporter_gst_id": "88aabct1234a1z5"})
        self.assertEqual(self.transporter.oms_transporter_gst_id, "88AABCT1234A1Z5")

    def test_odc_vehicle_by_road_only(self):
        with self.assertRaises(ValidationError):
            self.order.write({"oms_vehicle_type": "odc", "oms_transport_mode": "rail"})

    def test_shipment_guards(self):
        self.assertTrue(self.order._oms_check_shipment_planned())
        self.assertEqual(self.order._oms_check_delivery_note_exists(), [])
        self.order.write(self.plan_values())
        self.assertEqual(self.order._oms_check_shipment_planned(), [])
        # Rail needs the transport document instead of a vehicle.
        self.order.write({"oms_transport_mode": "rail", "oms_vehicle_number": False, "oms_lr_number": False})
        self.assertIn("LR", " ".join(self.order._oms_check_shipment_planned()))
        services = self.confirmed_order(
            order_line=[
                Command.create(
                    {"product_id": self.env["product.product"].create({"name": "Svc", "type": "service"}).id}
                )
            ]
        )
        self.assertTrue(services._oms_check_delivery_note_exists())
        for field in (
            "oms_transporter_id",
            "oms_vehicle_number",
            "oms_vehicle_type",
            "oms_transport_mode",
            "oms_distance_km",
            "oms_lr_number",
            "oms_lr_date",
            "oms_driver_name",
            "oms_driver_phone",
        ):
            self.assertIn(field, self.env["stock.picking"]._fields)
        self.assertIn("oms_is_transporter", self.env["res.partner"]._fields)
